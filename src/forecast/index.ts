/**
 * Forecasting: seasonal naive, ETS (Hyndman et al. 2008) chosen by AICc, double-seasonal
 * Holt–Winters for hourly series, prediction intervals and rolling-origin backtests. Pure functions
 * over numbers and period labels.
 */
export { type BacktestOptions, type BacktestResult, backtestSeries } from "./backtest.js";
export {
  futurePeriods,
  type GapFill,
  GRAINS,
  type Grain,
  type PreparedSeries,
  prepareSeries,
  type Series,
  seasonalPeriods,
} from "./calendar.js";
export { DshwModel, fitDshw } from "./dshw.js";
export {
  EtsModel,
  type EtsParameters,
  type EtsSpec,
  type EtsState,
  etsName,
  fitEts,
  isAdmissible,
  parseEtsName,
} from "./ets.js";
export {
  backtestOptionsSchema,
  backtestResultSchema,
  candidateSchema,
  forecastOptionsSchema,
  forecastPointSchema,
  forecastResultSchema,
  gapFillSchema,
  grainSchema,
  seriesSchema,
} from "./forecast.schema.js";
export {
  type ForecastOptions,
  type ForecastPoint,
  type ForecastResult,
  forecastSeries,
  MAX_HORIZON,
} from "./forecast-series.js";
export { type IntervalForecast, predictionIntervals } from "./intervals.js";
export type { FittedModel } from "./model.js";
export { createRandom, type RandomSource } from "./random.js";
export { SeasonalNaiveModel } from "./seasonal-naive.js";
export { type Candidate, fitForecastModel, type ModelChoice } from "./select-model.js";
