export * from "./effects.js";
export * from "./env.js";
export * from "./errors.js";
export * from "./names.js";
export { zoneOffsetMinutes, zoneOffsetReader } from "./time-zone.js";
export * from "./validation.js";
export { parseYaml } from "./yaml.js";
