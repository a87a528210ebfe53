/**
 * Monitoring: Shewhart control charts (XmR, X̄-R, p, np, c, u) with Western Electric and Nelson
 * special-cause rules, phase I / phase II limits and process capability. Pure functions over
 * numbers; centre lines, limits and sigma agree with R's qcc package.
 *
 *   computeControlChart({ kind: "xmr", values, periods, baseline: { from: 0, to: 20 }, rules: "nelson" })
 */
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
