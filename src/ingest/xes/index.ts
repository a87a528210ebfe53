export { openXes, readXes } from "./read-xes.js";
export type {
  ReadXesOptions,
  XesAttribute,
  XesClassifier,
  XesEvent,
  XesExtension,
  XesGlobal,
  XesLog,
  XesLogInfo,
  XesLogSummary,
  XesTrace,
  XesType,
  XesValue,
} from "./xes-types.js";
