/** Sums of one per-unit value in one arm, and the mean, variance and covariances gbstats derives from them. */

export interface BaseStatistic {
  kind: "proportion" | "sampleMean";
  n: number;
  sum: number;
  /** Σx²; a proportion's values are 0 or 1, so its Σx² is its Σx. */
  sumSquares: number;
}

export function baseStatistic(
  kind: BaseStatistic["kind"],
  n: number,
  sum: number,
  sumSquares: number,
): BaseStatistic {
  return { kind, n, sum, sumSquares: kind === "proportion" ? sum : sumSquares };
}

export function baseMean(s: BaseStatistic): number {
  return s.n === 0 ? 0 : s.sum / s.n;
}

export function baseVariance(s: BaseStatistic): number {
  if (s.kind === "proportion") {
    const p = baseMean(s);
    return p * (1 - p);
  }
  if (s.n <= 1) return 0;
  return (s.sumSquares - (s.sum * s.sum) / s.n) / (s.n - 1);
}

/** Covariance of two per-unit values from their sums; the population form when both are proportions. */
export function sumsCovariance(n: number, a: BaseStatistic, b: BaseStatistic, sumProducts: number): number {
  if (n <= 1) return 0;
  if (a.kind === "proportion" && b.kind === "proportion") return sumProducts / n - (a.sum * b.sum) / (n * n);
  return (sumProducts - (a.sum * b.sum) / n) / (n - 1);
}

/** Variance of M / D by the delta method, given the means, variances and covariance of M and D. */
export function varianceOfRatio(
  meanM: number,
  varM: number,
  meanD: number,
  varD: number,
  covMD: number,
): number {
  if (meanD === 0) return 0;
  return varM / meanD ** 2 + (varD * meanM ** 2) / meanD ** 4 - (2 * covMD * meanM) / meanD ** 3;
}
