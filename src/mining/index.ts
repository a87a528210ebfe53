export { formatDuration } from "./analysis/bottlenecks.js";
export type { EventLog } from "./log/event-log.js";
export * from "./log/filters.js";
export { findLogConfig, loadEventLog } from "./log/load-log.js";
export * from "./mine.js";
export { type FileLogColumns, looksLikeFile, needsStore, openLogFile, openXesInMemory } from "./source.js";
