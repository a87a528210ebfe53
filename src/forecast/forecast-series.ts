/**
 * Forecasts of a business series with prediction intervals: the public entry point of the module.
 */
import { AppError } from "../core/index.js";
import { futurePeriods, type GapFill, prepareSeries, type Series } from "./calendar.js";
import {
  type ForecastOptions,
  type ForecastPoint,
  type ForecastResult,
  MAX_HORIZON,
} from "./forecast.schema.js";
import { predictionIntervals } from "./intervals.js";
import { fitForecastModel } from "./select-model.js";

export type { ForecastOptions, ForecastPoint, ForecastResult };

/** Infinite likelihoods (a series fitted exactly) become null, as JSON has no infinity. */
function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

export { MAX_HORIZON };

export function checkHorizon(horizon: unknown): number {
  if (typeof horizon !== "number" || !Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) {
    throw new AppError(
      "USAGE",
      `The horizon must be a whole number of periods from 1 to ${MAX_HORIZON}, got ${String(horizon)}`,
      { horizon },
    );
  }
  return horizon;
}

/** Checks the options shared by forecastSeries and backtestSeries, which may come from JSON. */
export function checkCommonOptions(options: { model?: unknown; fill?: unknown; seed?: unknown }): {
  model: string;
  fill: GapFill;
} {
  const { model = "auto", fill = "error", seed } = options;
  if (typeof model !== "string") {
    throw new AppError(
      "USAGE",
      `The model must be a name such as "auto" or "ETS(A,Ad,A)", got ${String(model)}`,
    );
  }
  if (fill !== "error" && fill !== "zero") {
    throw new AppError(
      "USAGE",
      `fill must be "error" or "zero", got ${JSON.stringify(fill) ?? String(fill)}`,
    );
  }
  if (seed !== undefined && (typeof seed !== "number" || !Number.isFinite(seed))) {
    throw new AppError("USAGE", `The seed must be a finite number, got ${String(seed)}`);
  }
  return { model, fill };
}

/**
 * Fits the model (by default the best by AICc) to the series and forecasts `horizon` periods with
 * 80% and 95% prediction intervals. Same series, options and seed give the same result.
 */
export function forecastSeries(series: Series, options: ForecastOptions): ForecastResult {
  const horizon = checkHorizon(options.horizon);
  const { model: name, fill } = checkCommonOptions(options);
  const paths = options.paths ?? 5000;
  if (!Number.isInteger(paths) || paths < 100) {
    throw new AppError("USAGE", `paths must be a whole number of at least 100, got ${String(paths)}`);
  }
  const prepared = prepareSeries(series, fill);
  const { model, candidates } = fitForecastModel(prepared.values, prepared.grain, name);
  const intervals = predictionIntervals(model, horizon, { seed: options.seed ?? 1, paths });
  const labels = futurePeriods(
    prepared.periods[prepared.periods.length - 1] as string,
    prepared.grain,
    horizon,
  );
  return {
    model: model.name,
    grain: prepared.grain,
    seasonalPeriods: model.seasonalPeriods,
    aicc: finiteOrNull(model.aicc),
    logLik: finiteOrNull(model.logLik),
    parameters: model.parameters,
    intervals: intervals.method,
    points: labels.map((period, i) => ({
      period,
      mean: intervals.mean[i] as number,
      lo80: intervals.lo80[i] as number,
      hi80: intervals.hi80[i] as number,
      lo95: intervals.lo95[i] as number,
      hi95: intervals.hi95[i] as number,
    })),
    fitted: Array.from(model.fitted, (v) => (Number.isNaN(v) ? null : v)),
    filledPeriods: prepared.filledPeriods,
    candidates,
  };
}
