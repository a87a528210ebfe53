export * from "./calendar.js";
export { compileModel, type Program } from "./compile.js";
export { eventLogCsv, eventLogXes } from "./event-log.js";
export { EventQueue } from "./event-queue.js";
export {
  type ActivityRecords,
  type KernelHooks,
  type ReplicationOptions,
  type ReplicationResult,
  runReplication,
} from "./kernel.js";
export { RandomStream } from "./random.js";
export { distributionMean, makeSampler, type Sampler, sampleGamma } from "./samplers.js";
export { mean, quantiles, tInterval95 } from "./stats.js";
