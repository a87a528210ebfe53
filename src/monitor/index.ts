export { computeCapability } from "./capability.js";
export {
  type Baseline,
  type Capability,
  CHART_KINDS,
  type ChartInput,
  type ChartKind,
  type ChartResult,
  capabilitySchema,
  chartInputSchema,
  chartKindSchema,
  chartResultSchema,
  RULE_SETS,
  type RuleSet,
  ruleSetSchema,
  type SecondaryChart,
  type Signal,
  type Spec,
  secondaryChartSchema,
  signalSchema,
  specSchema,
} from "./chart.schema.js";
export { parseChartInput } from "./check-input.js";
export { type ChartConstants, getChartConstants, MAX_SUBGROUP_SIZE, MIN_SUBGROUP_SIZE } from "./constants.js";
export { computeControlChart } from "./control-chart.js";
export { detectSignals, RULES, type RuleDefinition, type RulePattern, type RuleSeries } from "./rules.js";
