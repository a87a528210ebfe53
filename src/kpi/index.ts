export { compileKpiQuery, isAdditive, localTime, requireColumn } from "./compile-kpi.js";
export {
  completePoints,
  type EvaluateOptions,
  evaluateKpi,
  findKpi,
  type KpiPoint,
  type KpiSeries,
} from "./evaluate.js";
export { type Driver, type Explanation, explainKpi } from "./explain.js";
export { compileCondition, compileExpression, FUNCTIONS, parseExpression } from "./expression.js";
export { evaluateGoal, GOAL_RULE, type GoalState, type GoalStatus, removeGoal, saveGoal } from "./goals.js";
export {
  type Goal,
  GRAINS,
  type Grain,
  goalSchema,
  type Kpi,
  kpiSchema,
  type Measure,
} from "./kpi.schema.js";
export { checkKpi, removeKpi, saveKpi } from "./kpis.js";
export { type KpiMonitor, listSignals, monitorKpi, type Signal } from "./monitor-kpi.js";
export { parsePeriod, periodRange } from "./periods.js";
export { type KpiSummary, summarizeKpi, summarizeKpis } from "./summary.js";
export {
  findTemplate,
  KPI_TEMPLATES,
  type KpiTemplate,
  kpiFromTemplate,
  type TemplateInput,
} from "./templates.js";
