/**
 * What every fitted forecasting model offers: its name and parameters, its fit to the history, and
 * its future — point forecasts, the forecast variance where it has a closed form, and simulated
 * paths where it does not.
 */
import type { RandomSource } from "./random.js";

export interface FittedModel {
  /** e.g. "ETS(A,Ad,A)", "seasonal naive", "double-seasonal Holt-Winters". */
  readonly name: string;
  /** Seasonal periods the model uses (empty when it has none). */
  readonly seasonalPeriods: number[];
  /** Smoothing parameters, damping, initial level and trend, innovation variance. */
  readonly parameters: Record<string, number>;
  /** Gaussian log-likelihood at the estimates, null for methods without a likelihood. */
  readonly logLik: number | null;
  /** Corrected Akaike information criterion, null for methods without a likelihood. */
  readonly aicc: number | null;
  /** Estimated parameters and initial states (not counting the innovation variance). */
  readonly parameterCount: number;
  /** One-step-ahead fitted values over the history (NaN where the model makes none). */
  readonly fitted: Float64Array;
  /** Point forecasts for 1..h periods ahead. */
  forecastMean(h: number): number[];
  /**
   * Forecast variances for 1..h periods ahead where the model has an analytical formula (linear
   * models with additive errors); undefined where intervals must be simulated.
   */
  forecastVariance(h: number): number[] | undefined;
  /** Writes one simulated future path of `out.length` values, drawing errors from `random`. */
  simulatePath(random: RandomSource, out: Float64Array): void;
}

/** log(2π), for Gaussian log-likelihoods. */
export const LOG_2PI = Math.log(2 * Math.PI);

/** AICc for a log-likelihood with `k` estimated quantities (σ² included) on `n` observations. */
export function aiccOf(logLik: number, k: number, n: number): number {
  if (n - k - 1 <= 0) return Number.POSITIVE_INFINITY;
  return -2 * logLik + 2 * k + (2 * k * (k + 1)) / (n - k - 1);
}
