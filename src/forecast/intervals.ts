/**
 * 80% and 95% prediction intervals: from the analytical forecast variance where the model has one
 * (mean ± z·√v_h, z the normal quantile), otherwise from simulated future paths (5,000 by default,
 * drawn from a seeded random source), as the 2.5%, 10%, 90% and 97.5% sample quantiles.
 */
import type { FittedModel } from "./model.js";
import { createRandom } from "./random.js";

/** Standard normal quantiles Φ⁻¹(0.9) and Φ⁻¹(0.975). */
export const Z80 = 1.2815515655446004;
export const Z95 = 1.959963984540054;

export interface IntervalForecast {
  mean: number[];
  lo80: number[];
  hi80: number[];
  lo95: number[];
  hi95: number[];
  method: "analytical" | "simulated";
}

/** Sample quantile of sorted values, linear interpolation between order statistics (Hyndman & Fan type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  const fraction = position - below;
  return (sorted[below] as number) + fraction * ((sorted[above] as number) - (sorted[below] as number));
}

export interface IntervalOptions {
  seed?: number;
  /** Simulated paths where intervals are simulated (default 5,000). */
  paths?: number;
}

/**
 * Simulated values kept in memory at once (40 MB): beyond 1,000 periods ahead the number of paths
 * shrinks to fit, down to 500 at the longest horizon accepted.
 */
export const MAX_SIMULATED_VALUES = 5_000_000;

export function predictionIntervals(
  model: FittedModel,
  h: number,
  options: IntervalOptions = {},
): IntervalForecast {
  const mean = model.forecastMean(h);
  const variance = model.forecastVariance(h);
  if (variance) {
    const sd = variance.map((v) => Math.sqrt(Math.max(0, v)));
    return {
      mean,
      lo80: mean.map((m, i) => m - Z80 * (sd[i] as number)),
      hi80: mean.map((m, i) => m + Z80 * (sd[i] as number)),
      lo95: mean.map((m, i) => m - Z95 * (sd[i] as number)),
      hi95: mean.map((m, i) => m + Z95 * (sd[i] as number)),
      method: "analytical",
    };
  }
  const paths = Math.max(1, Math.min(options.paths ?? 5000, Math.floor(MAX_SIMULATED_VALUES / h)));
  const random = createRandom(options.seed ?? 1);
  const byHorizon = Array.from({ length: h }, () => new Float64Array(paths));
  const path = new Float64Array(h);
  for (let k = 0; k < paths; k++) {
    model.simulatePath(random, path);
    for (let i = 0; i < h; i++) (byHorizon[i] as Float64Array)[k] = path[i] as number;
  }
  const out: IntervalForecast = { mean, lo80: [], hi80: [], lo95: [], hi95: [], method: "simulated" };
  for (const draws of byHorizon) {
    draws.sort();
    out.lo95.push(quantileSorted(draws, 0.025));
    out.lo80.push(quantileSorted(draws, 0.1));
    out.hi80.push(quantileSorted(draws, 0.9));
    out.hi95.push(quantileSorted(draws, 0.975));
  }
  return out;
}
