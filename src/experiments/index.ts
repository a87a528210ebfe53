export {
  type AnalysisInput,
  analyzeExperiment,
  type Comparison,
  type Decision,
  type ExperimentResult,
  type MetricInput,
  SRM_THRESHOLD,
  type VariantSummary,
} from "./analyze.js";
export {
  type AnalysisSettings,
  analysisSettingsSchema,
  type Experiment,
  type ExperimentMetric,
  experimentSchema,
  type Pilot,
  pilotSchema,
} from "./experiment.schema.js";
export { collectExperimentData, type ExperimentData } from "./experiment-data.js";
export {
  analyzeWorkspaceExperiment,
  checkExperiment,
  findExperiment,
  findPilot,
  localToday,
  readDefinitionFile,
  removeExperiment,
  removePilot,
  saveExperiment,
  savePilot,
  settingsWith,
  type WorkspaceExperimentResult,
} from "./experiments.js";
export { analyzeWorkspacePilot, describePilot, type PilotReport } from "./pilots.js";
export { detectMetricType, readSummaryFile, type SummaryFile } from "./summary-file.js";
