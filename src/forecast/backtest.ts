/**
 * Rolling-origin evaluation (Tashman 2000) with an expanding window: at each forecast origin the
 * model is chosen and fitted again on the history up to that origin only, and its forecasts for the
 * next `horizon` periods are compared with what happened; seasonal naive is scored the same way.
 *
 * MASE divides each absolute error by the in-sample mean absolute error of seasonal naive on that
 * origin's training window (Hyndman & Koehler 2006), so below 1 means better than the benchmark's
 * one-season-ahead accuracy in sample; sMAPE is 200·|y − ŷ| / (|y| + |ŷ|) in percent (0 when both
 * are 0). Both are averaged over every origin and step ahead.
 */
import { AppError } from "../core/index.js";
import { prepareSeries, type Series } from "./calendar.js";
import type { BacktestOptions, BacktestResult } from "./forecast.schema.js";
import { checkCommonOptions, checkHorizon } from "./forecast-series.js";
import { SeasonalNaiveModel, seasonalNaiveMae } from "./seasonal-naive.js";
import { benchmarkPeriod, fitForecastModel } from "./select-model.js";

export type { BacktestOptions, BacktestResult };

const DEFAULT_ORIGINS = 28;

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function smapeTerm(actual: number, forecast: number): number {
  const denominator = Math.abs(actual) + Math.abs(forecast);
  return denominator === 0 ? 0 : (200 * Math.abs(actual - forecast)) / denominator;
}

export function backtestSeries(series: Series, options: BacktestOptions): BacktestResult {
  const horizon = checkHorizon(options.horizon);
  const { model, fill } = checkCommonOptions(options);
  const step = options.step ?? 1;
  if (!Number.isInteger(step) || step < 1) {
    throw new AppError("USAGE", `The step between origins must be a whole number >= 1, got ${String(step)}`);
  }
  const prepared = prepareSeries(series, fill);
  const y = prepared.values;
  const n = y.length;
  const period = benchmarkPeriod(prepared.grain, n);
  // The first training window must cover one season plus one period, so that the MASE scale exists.
  const minimumTraining = Math.max(period + 1, 4);
  const possible = Math.floor((n - horizon - minimumTraining) / step) + 1;
  if (possible < 1) {
    throw new AppError(
      "USAGE",
      `A backtest with horizon ${horizon} needs at least ${minimumTraining + horizon} periods; the series has ${n}`,
      { horizon, length: n },
    );
  }
  const origins = options.origins ?? Math.min(DEFAULT_ORIGINS, possible);
  if (!Number.isInteger(origins) || origins < 1 || origins > possible) {
    throw new AppError(
      "USAGE",
      `This series allows 1 to ${possible} origins with horizon ${horizon} and step ${step}; got ${String(origins)}`,
      { origins, possible },
    );
  }
  const now = options.now ?? (() => performance.now());
  const modelsChosen: Record<string, number> = {};
  const scaled = Array.from({ length: horizon }, () => ({ model: 0, benchmark: 0 }));
  let smapeModel = 0;
  let smapeBenchmark = 0;
  let milliseconds = 0;
  let trainingPeriod = period;
  const lastTraining: number[] = [];
  for (let k = 0; k < origins; k++) {
    const length = n - horizon - step * (origins - 1 - k);
    lastTraining.push(length - 1);
    const training = y.slice(0, length);
    const actual = y.slice(length, length + horizon);
    trainingPeriod = benchmarkPeriod(prepared.grain, length);
    const scale = seasonalNaiveMae(training, trainingPeriod);
    const started = now();
    const choice = fitForecastModel(training, prepared.grain, model);
    const forecast = choice.model.forecastMean(horizon);
    milliseconds += now() - started;
    modelsChosen[choice.model.name] = (modelsChosen[choice.model.name] ?? 0) + 1;
    const benchmark = new SeasonalNaiveModel(training, trainingPeriod).forecastMean(horizon);
    for (let i = 0; i < horizon; i++) {
      const a = actual[i] as number;
      const f = forecast[i] as number;
      const b = benchmark[i] as number;
      const cell = scaled[i] as { model: number; benchmark: number };
      cell.model += Math.abs(a - f) / scale;
      cell.benchmark += Math.abs(a - b) / scale;
      smapeModel += smapeTerm(a, f);
      smapeBenchmark += smapeTerm(a, b);
    }
  }
  const cells = origins * horizon;
  const maseByHorizon = scaled.map((c) => finiteOrNull(c.model / origins));
  const seasonalNaiveMaseByHorizon = scaled.map((c) => finiteOrNull(c.benchmark / origins));
  const mase = finiteOrNull(scaled.reduce((sum, c) => sum + c.model, 0) / cells);
  const seasonalNaiveMase = finiteOrNull(scaled.reduce((sum, c) => sum + c.benchmark, 0) / cells);
  return {
    horizon,
    origins,
    step,
    model,
    modelsChosen,
    firstOrigin: prepared.periods[lastTraining[0] as number] as string,
    lastOrigin: prepared.periods[lastTraining[lastTraining.length - 1] as number] as string,
    seasonalPeriod: trainingPeriod,
    mase,
    smape: finiteOrNull(smapeModel / cells),
    seasonalNaiveMase,
    seasonalNaiveSmape: finiteOrNull(smapeBenchmark / cells),
    relativeMase:
      mase !== null && seasonalNaiveMase !== null && seasonalNaiveMase > 0 ? mase / seasonalNaiveMase : null,
    maseByHorizon,
    seasonalNaiveMaseByHorizon,
    seconds: milliseconds / 1000,
  };
}
