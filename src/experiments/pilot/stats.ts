import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** Mean of the values; 0 for none, so callers never see NaN. */
export function mean(values: readonly number[]): number {
  return values.length > 0 ? sum(values) / values.length : 0;
}

/** value / |base|, or null when the base is too close to zero against the data's scale for a ratio to mean anything. */
export function relativeTo(value: number, base: number, scale: number): number | null {
  return Math.abs(base) > 1e-9 * scale && Math.abs(base) > 0 ? value / Math.abs(base) : null;
}

/** Root mean square of the values; 0 for none. */
export function rootMeanSquare(values: readonly number[]): number {
  return Math.sqrt(mean(values.map((value) => value * value)));
}

/**
 * Number of cosine terms for the long-run variance of n periods: 0.4·n^(2/3), the rule of Lazarus, Lewis,
 * Stock & Watson (2018), at least 1 and leaving room for the terms skipped before `firstTerm`.
 */
export function cosineTerms(n: number, firstTerm = 1): number {
  return Math.max(1, Math.min(n - firstTerm, Math.round(0.4 * n ** (2 / 3))));
}

/**
 * Long-run variance of a zero-mean series from its type-II cosine projections `firstTerm` … `firstTerm +
 * terms − 1`, equally weighted (Müller 2007). A Student t with `terms` degrees of freedom is its reference.
 */
export function cosineLongRunVariance(centred: readonly number[], terms: number, firstTerm = 1): number {
  const n = centred.length;
  let total = 0;
  for (let j = firstTerm; j < firstTerm + terms; j++) {
    let projection = 0;
    for (let t = 0; t < n; t++)
      projection += (centred[t] as number) * Math.cos((Math.PI * j * (t + 0.5)) / n);
    total += (2 / n) * projection * projection;
  }
  return total / terms;
}

/** Below this length a series is too short to estimate its lag-one correlation for prewhitening. */
const PREWHITEN_FROM = 8;
/** Cap on the prewhitening coefficient (Andrews & Monahan 1992). */
const PREWHITEN_CAP = 0.97;

/** Least-squares AR(1) coefficient of a zero-mean series, capped away from ±1. */
export function lagOneCoefficient(centred: readonly number[]): number {
  let cross = 0;
  let square = 0;
  for (let t = 1; t < centred.length; t++) {
    cross += (centred[t] as number) * (centred[t - 1] as number);
    square += (centred[t - 1] as number) ** 2;
  }
  if (!(square > 0)) return 0;
  return Math.max(-PREWHITEN_CAP, Math.min(PREWHITEN_CAP, cross / square));
}

/** A long-run variance and the degrees of freedom of its t reference. */
export interface LongRunVariance {
  value: number;
  df: number;
}

/**
 * Long-run variance of a zero-mean series allowing for serial correlation: AR(1) prewhitening, the cosine
 * estimator on what is left, then recolouring by 1 / (1 − ρ)². Prewhitening flattens the spectrum near zero,
 * which removes most of the downward bias the cosine estimator has on short, positively correlated series.
 */
export function longRunVariance(centred: readonly number[], firstTerm = 1): LongRunVariance {
  const rho = centred.length >= PREWHITEN_FROM ? lagOneCoefficient(centred) : 0;
  const whitened =
    rho === 0 ? centred : centred.slice(1).map((value, t) => value - rho * (centred[t] as number));
  const df = cosineTerms(whitened.length, firstTerm);
  return { value: cosineLongRunVariance(whitened, df, firstTerm) / (1 - rho) ** 2, df };
}

/** An estimate with its variance and the degrees of freedom of that variance. */
export interface TEstimate {
  estimate: number;
  variance: number;
  df: number;
}

/** The mean of a series, with the variance of that mean allowing for serial correlation. */
export function meanOfSeries(values: readonly number[]): TEstimate {
  const centre = mean(values);
  const longRun = longRunVariance(values.map((value) => value - centre));
  return { estimate: centre, variance: longRun.value / Math.max(1, values.length), df: longRun.df };
}

/**
 * The least-squares slope of a series against its period number, with the variance of that slope allowing for
 * serial correlation. The first cosine is nearly a straight line, which the fitted trend has already taken out
 * of the residuals, so the long-run variance starts from the second.
 */
export function slopeOfSeries(values: readonly number[]): TEstimate {
  const n = values.length;
  const timeCentre = (n - 1) / 2;
  const centre = mean(values);
  let spread = 0;
  let cross = 0;
  values.forEach((value, t) => {
    spread += (t - timeCentre) ** 2;
    cross += (t - timeCentre) * (value - centre);
  });
  const slope = spread > 0 ? cross / spread : 0;
  const residuals = values.map((value, t) => value - centre - slope * (t - timeCentre));
  const longRun = longRunVariance(residuals, 2);
  return { estimate: slope, variance: spread > 0 ? longRun.value / spread : 0, df: longRun.df };
}

/** later − earlier for two independent estimates, degrees of freedom by Welch–Satterthwaite. */
export function differenceOf(later: TEstimate, earlier: TEstimate): TEstimate {
  const variance = later.variance + earlier.variance;
  const denominator = later.variance ** 2 / later.df + earlier.variance ** 2 / earlier.df;
  const df = denominator > 0 ? variance ** 2 / denominator : later.df + earlier.df;
  return { estimate: later.estimate - earlier.estimate, variance, df };
}

/** A later estimate whose uncertainty also carries an earlier one's variance (for a level that was matched). */
export function withUncertaintyOf(later: TEstimate, earlier: TEstimate): TEstimate {
  return { ...differenceOf(later, earlier), estimate: later.estimate };
}

/** Two-sided interval at `level` and p-value against zero, from a Student t reference. */
export function tInference(value: TEstimate, level: number): { ci: [number, number]; pValue: number } {
  const se = Math.sqrt(value.variance);
  if (!(se > 0)) return { ci: [value.estimate, value.estimate], pValue: value.estimate === 0 ? 1 : 0 };
  const half = tQuantile(1 - (1 - level) / 2, value.df) * se;
  const pValue = 2 * (1 - tCdf(Math.abs(value.estimate) / se, value.df));
  return { ci: [value.estimate - half, value.estimate + half], pValue: Math.min(1, Math.max(0, pValue)) };
}
