export * from "./import/index.js";
export * from "./model/index.js";
export * from "./scenario/index.js";
export {
  compileModel,
  eventLogCsv,
  eventLogXes,
  type KernelHooks,
  type Program,
  type ReplicationResult,
  runReplication,
} from "./sim/index.js";
export * from "./simulate.js";
