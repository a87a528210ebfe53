export {
  DEMO_DATASETS,
  DEMO_LOGS,
  type DemoDataset,
  type DemoEventLog,
  type DemoManifest,
  type DemoOptions,
  GROUND_TRUTH_FILE,
  generateDemo,
} from "./generate-demo.js";
export type { EffectKind, GroundTruth, GroundTruthEffect, Segment } from "./ground-truth.js";
export { makeCategorical, Random } from "./random.js";
