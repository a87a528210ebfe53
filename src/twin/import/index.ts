export {
  type BpmnFlowOptions,
  type BranchProbabilities,
  bpmnToFlow,
  type LoopSettings,
} from "./bpmn-flow.js";
export {
  type ImportedModel,
  type ImportFiles,
  loadBpmnModel,
  modelFromBpmn,
  modelFromProsimos,
  type ProsimosOptions,
} from "./model-from-bpmn.js";
export {
  type BpmnParams,
  type BpmnParamsInput,
  bpmnActivityParamsSchema,
  bpmnParamsSchema,
} from "./params.schema.js";
export { convertProsimosDistribution, isProsimosParams } from "./prosimos.js";
