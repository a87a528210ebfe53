/**
 * Planning: staff per interval by Erlang C, stock by EOQ and reorder points, perishables and daily
 * production by the newsvendor. Pure formulas, plus readers for the tables they plan from.
 */
export {
  agentsForOccupancy,
  erlangB,
  erlangC,
  type QueueFigures,
  queueFigures,
  requiredAgents,
} from "./erlang.js";
export { economicOrderQuantity, planInventory, reorderPoint } from "./inventory.js";
export { readInventoryFile } from "./inventory-input.js";
export {
  criticalRatio,
  type Demand,
  evaluateQuantity,
  type NewsvendorCosts,
  newsvendorEmpirical,
  newsvendorNormal,
  normalLoss,
  type QuantityOutcome,
  wholeUnits,
} from "./newsvendor.js";
export { planInventoryFor, planProductionFor, planStaffingFor, withSimulation } from "./plan-request.js";
export * from "./planning.schema.js";
export { type ProductionInput, type ProductionMethod, planProduction, weekdayOf } from "./production.js";
export {
  forecastWeekdayDemand,
  readDailySales,
  readSalesFile,
  type SalesColumns,
  type SalesQuery,
} from "./production-input.js";
export { type FieldNames, parseStart, parseWeekday, planStaffing, staffInterval } from "./staffing.js";
export { type ArrivalColumns, forecastArrivals, readArrivalsFile } from "./staffing-input.js";
export { checkStaffingBySimulation, type StaffingSimulationCheck } from "./staffing-simulation.js";
export { checkInput } from "./validate.js";
