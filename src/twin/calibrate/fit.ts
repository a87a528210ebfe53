/**
 * Fitting duration distributions to a sample: each candidate family is fitted by maximum likelihood
 * (triangular by moments), and the one closest to the sample in Wasserstein-1 distance wins. The
 * Kolmogorov–Smirnov statistic is reported beside it. When no family comes close, the sample's own
 * quantiles (an empirical distribution) are used instead.
 */
import gammaCdf from "@stdlib/stats-base-dists-gamma-cdf";
import gammaQuantile from "@stdlib/stats-base-dists-gamma-quantile";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

/** A fitted distribution of a non-negative quantity (durations, inter-arrival times). */
export type Distribution =
  | { dist: "fixed"; value: number }
  | { dist: "exponential"; mean: number }
  /** Normal with `mean` and `sd`, truncated at 0 (values below 0 are drawn again). */
  | { dist: "normal"; mean: number; sd: number }
  /** Log-normal: the logarithm is normal with mean `mu` and standard deviation `sigma`. */
  | { dist: "lognormal"; mu: number; sigma: number }
  | { dist: "gamma"; shape: number; scale: number }
  | { dist: "uniform"; min: number; max: number }
  | { dist: "triangular"; min: number; mode: number; max: number }
  /** Values drawn with equal chance: the sample itself, or equally spaced quantiles of a large one. Sorted. */
  | { dist: "empirical"; values: number[] };

export type DistributionName = Distribution["dist"];

export const CANDIDATES: readonly DistributionName[] = [
  "fixed",
  "exponential",
  "normal",
  "lognormal",
  "gamma",
  "uniform",
  "triangular",
];

export interface CandidateFit {
  distribution: Distribution;
  /** Wasserstein-1 distance between the sample and the distribution, in the sample's unit. */
  wasserstein: number;
  /** Kolmogorov–Smirnov statistic: the largest gap between the two distribution functions. */
  ks: number;
}

export interface DistributionFit extends CandidateFit {
  /** Sample size, mean and standard deviation. */
  n: number;
  mean: number;
  sd: number;
  /** Every candidate that could be fitted, best first. */
  candidates: CandidateFit[];
}

export interface FitOptions {
  /** Families to try (default all of `CANDIDATES`). */
  candidates?: readonly DistributionName[];
  /**
   * The best family must come within this share of the sample mean in Wasserstein-1 distance, or the
   * empirical distribution is used (default 0.1).
   */
  maxRelativeWasserstein?: number;
  /** Fewest values for an empirical fallback (default 20); smaller samples keep the best family. */
  minEmpiricalSize?: number;
  /** Most values kept in an empirical distribution (default 1,000; larger samples keep quantiles). */
  empiricalValues?: number;
}

// ---------- special functions ----------

/** Digamma ψ(x) for x > 0: recurrence up to 10, then the asymptotic series. */
export function digamma(x: number): number {
  let r = 0;
  let y = x;
  while (y < 10) {
    r -= 1 / y;
    y += 1;
  }
  const f = 1 / (y * y);
  return r + Math.log(y) - 0.5 / y - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** Trigamma ψ′(x) for x > 0. */
export function trigamma(x: number): number {
  let r = 0;
  let y = x;
  while (y < 10) {
    r += 1 / (y * y);
    y += 1;
  }
  const f = 1 / (y * y);
  return r + 1 / y + f / 2 + (f / y) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f / 30)));
}

// ---------- distribution functions ----------

/** The distribution function F(x). Truncated families are renormalised over [0, ∞). */
export function cdf(d: Distribution, x: number): number {
  if (x < 0) return 0;
  switch (d.dist) {
    case "fixed":
      return x >= d.value ? 1 : 0;
    case "exponential":
      return d.mean > 0 ? 1 - Math.exp(-x / d.mean) : 1;
    case "normal": {
      if (d.sd <= 0) return x >= d.mean ? 1 : 0;
      const below = normalCdf(0, d.mean, d.sd);
      return (normalCdf(x, d.mean, d.sd) - below) / (1 - below);
    }
    case "lognormal":
      return x <= 0 ? 0 : normalCdf(Math.log(x), d.mu, d.sigma);
    case "gamma":
      return gammaCdf(x, d.shape, 1 / d.scale);
    case "uniform":
      return x <= d.min ? 0 : x >= d.max ? 1 : (x - d.min) / (d.max - d.min);
    case "triangular": {
      const { min: a, mode: c, max: b } = d;
      if (x <= a) return 0;
      if (x >= b) return 1;
      if (x <= c) return ((x - a) * (x - a)) / ((b - a) * (c - a));
      return 1 - ((b - x) * (b - x)) / ((b - a) * (b - c));
    }
    case "empirical":
      return countAtMost(d.values, x) / d.values.length;
  }
}

/** The quantile function F⁻¹(u), 0 < u < 1. */
export function quantile(d: Distribution, u: number): number {
  switch (d.dist) {
    case "fixed":
      return d.value;
    case "exponential":
      return -d.mean * Math.log(1 - u);
    case "normal": {
      if (d.sd <= 0) return Math.max(0, d.mean);
      const below = normalCdf(0, d.mean, d.sd);
      return Math.max(0, normalQuantile(below + u * (1 - below), d.mean, d.sd));
    }
    case "lognormal":
      return Math.exp(d.mu + d.sigma * normalQuantile(u, 0, 1));
    case "gamma":
      return gammaQuantile(u, d.shape, 1 / d.scale);
    case "uniform":
      return d.min + u * (d.max - d.min);
    case "triangular": {
      const { min: a, mode: c, max: b } = d;
      const split = b > a ? (c - a) / (b - a) : 0;
      return u < split ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
    }
    case "empirical":
      return d.values[Math.min(d.values.length - 1, Math.floor(u * d.values.length))] as number;
  }
}

/** The mean of a distribution (of the truncated one for the normal). */
export function distributionMean(d: Distribution): number {
  switch (d.dist) {
    case "fixed":
      return d.value;
    case "exponential":
      return d.mean;
    case "normal": {
      if (d.sd <= 0) return Math.max(0, d.mean);
      const alpha = -d.mean / d.sd;
      const phi = Math.exp(-0.5 * alpha * alpha) / Math.sqrt(2 * Math.PI);
      return d.mean + (d.sd * phi) / (1 - normalCdf(alpha, 0, 1));
    }
    case "lognormal":
      return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
    case "gamma":
      return d.shape * d.scale;
    case "uniform":
      return (d.min + d.max) / 2;
    case "triangular":
      return (d.min + d.mode + d.max) / 3;
    case "empirical":
      return d.values.reduce((t, v) => t + v, 0) / d.values.length;
  }
}

// ---------- estimators ----------

function moments(sorted: Float64Array): { mean: number; sd: number } {
  const n = sorted.length;
  let s = 0;
  for (const x of sorted) s += x;
  const mean = s / n;
  let ss = 0;
  for (const x of sorted) ss += (x - mean) * (x - mean);
  return { mean, sd: n > 1 ? Math.sqrt(ss / n) : 0 };
}

/**
 * Gamma by maximum likelihood: the shape solves ln k − ψ(k) = ln(mean) − mean(ln x) (Newton's method
 * from Minka's starting point); the scale is mean / shape. Needs positive values.
 */
export function fitGamma(values: ArrayLike<number>): { shape: number; scale: number } | null {
  let sum = 0;
  let sumLog = 0;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    if (!(x > 0)) return null;
    sum += x;
    sumLog += Math.log(x);
  }
  const mean = sum / n;
  const s = Math.log(mean) - sumLog / n;
  if (!(s > 1e-12)) return null; // all values equal: no gamma
  let k = (3 - s + Math.sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
  for (let i = 0; i < 50; i++) {
    const step = (Math.log(k) - digamma(k) - s) / (1 / k - trigamma(k));
    const next = k - step;
    k = next > 0 ? next : k / 2;
    if (Math.abs(step) < 1e-10 * k) break;
  }
  return { shape: k, scale: mean / k };
}

function fitCandidate(
  name: DistributionName,
  sorted: Float64Array,
  mean: number,
  sd: number,
): Distribution | null {
  const n = sorted.length;
  const min = sorted[0] as number;
  const max = sorted[n - 1] as number;
  switch (name) {
    case "fixed":
      return { dist: "fixed", value: median(sorted) };
    case "exponential":
      // MLE of the mean of an exponential is the sample mean.
      return mean > 0 ? { dist: "exponential", mean } : null;
    case "normal":
      // MLE of the untruncated normal; the truncation at 0 is applied when drawing.
      return sd > 0 ? { dist: "normal", mean, sd } : null;
    case "lognormal": {
      if (!(min > 0)) return null;
      let s = 0;
      for (const x of sorted) s += Math.log(x);
      const mu = s / n;
      let ss = 0;
      for (const x of sorted) ss += (Math.log(x) - mu) ** 2;
      const sigma = Math.sqrt(ss / n);
      return sigma > 0 ? { dist: "lognormal", mu, sigma } : null;
    }
    case "gamma": {
      const g = fitGamma(sorted);
      return g ? { dist: "gamma", ...g } : null;
    }
    case "uniform":
      // MLE: the sample's range.
      return max > min ? { dist: "uniform", min, max } : null;
    case "triangular": {
      // Moments: the range of the sample, and the mode that gives the sample mean.
      if (!(max > min)) return null;
      const mode = Math.min(max, Math.max(min, 3 * mean - min - max));
      return { dist: "triangular", min, mode, max };
    }
    case "empirical":
      return { dist: "empirical", values: empiricalValues(sorted, 1000) };
  }
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  return n % 2
    ? (sorted[(n - 1) / 2] as number)
    : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
}

/** The sorted sample itself when it has at most `k` values, else `k` of its quantiles at (i + ½) / k. */
export function empiricalValues(sorted: Float64Array, k: number): number[] {
  const n = sorted.length;
  if (n <= k) return Array.from(sorted);
  return Array.from(
    { length: k },
    (_, i) => sorted[Math.min(n - 1, Math.floor(((i + 0.5) / k) * n))] as number,
  );
}

/** How many of the sorted values are at most x. */
function countAtMost(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of the sorted values are below x. */
function countBelow(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------- goodness of fit ----------

/**
 * Wasserstein-1 distance ∫|F⁻¹ₙ(u) − F⁻¹(u)| du between a sorted sample and a distribution, by the
 * midpoint rule on a grid of at least 1,000 probabilities (a multiple of the sample size when it is
 * smaller, so each value owns the same number of points).
 */
export function wassersteinToDistribution(sorted: Float64Array, d: Distribution): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const steps = n >= 1000 ? Math.min(n, 20_000) : n * Math.ceil(1000 / n);
  let total = 0;
  for (let j = 0; j < steps; j++) {
    const u = (j + 0.5) / steps;
    const x = sorted[Math.min(n - 1, Math.floor(u * n))] as number;
    total += Math.abs(x - quantile(d, u));
  }
  return total / steps;
}

/** Kolmogorov–Smirnov statistic sup |Fₙ(x) − F(x)| between a sorted sample and a distribution. */
export function ksStatistic(sorted: Float64Array, d: Distribution): number {
  const n = sorted.length;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i] as number;
    // Ties: Fₙ jumps once, to the share at or below x.
    if (i + 1 < n && sorted[i + 1] === x) continue;
    let first = i;
    while (first > 0 && sorted[first - 1] === x) first--;
    const f = cdf(d, x);
    const below =
      d.dist === "fixed"
        ? x > d.value
          ? 1
          : 0
        : d.dist === "empirical"
          ? countBelow(d.values, x) / d.values.length
          : f;
    worst = Math.max(worst, Math.abs((i + 1) / n - f), Math.abs(below - first / n));
  }
  return worst;
}

// ---------- the fit ----------

/** Fits every candidate family to `values` (finite, ≥ 0) and picks the closest in Wasserstein-1 distance. */
export function fitDistribution(values: ArrayLike<number>, options: FitOptions = {}): DistributionFit {
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (Number.isFinite(x) && x >= 0) kept.push(x);
  }
  const sorted = Float64Array.from(kept).sort();
  const n = sorted.length;
  if (n === 0) {
    const distribution: Distribution = { dist: "fixed", value: 0 };
    return { distribution, wasserstein: 0, ks: 0, n, mean: Number.NaN, sd: Number.NaN, candidates: [] };
  }
  const { mean, sd } = moments(sorted);
  const candidates: CandidateFit[] = [];
  for (const name of options.candidates ?? CANDIDATES) {
    const distribution = fitCandidate(name, sorted, mean, sd);
    if (!distribution) continue;
    const wasserstein = wassersteinToDistribution(sorted, distribution);
    if (!Number.isFinite(wasserstein)) continue;
    candidates.push({ distribution, wasserstein, ks: ksStatistic(sorted, distribution) });
  }
  candidates.sort((a, b) => a.wasserstein - b.wasserstein || a.ks - b.ks);
  const best = candidates[0] ?? {
    distribution: { dist: "fixed", value: mean } as Distribution,
    wasserstein: 0,
    ks: 0,
  };
  const limit = (options.maxRelativeWasserstein ?? 0.1) * mean;
  if (best.wasserstein > limit && n >= (options.minEmpiricalSize ?? 20)) {
    const distribution: Distribution = {
      dist: "empirical",
      values: empiricalValues(sorted, options.empiricalValues ?? 1000),
    };
    const empirical: CandidateFit = {
      distribution,
      wasserstein: wassersteinToDistribution(sorted, distribution),
      ks: ksStatistic(sorted, distribution),
    };
    return { ...empirical, n, mean, sd, candidates };
  }
  return { ...best, n, mean, sd, candidates };
}

/** The same distribution with its values multiplied by `factor` (a change of time unit). */
export function scaleDistribution(d: Distribution, factor: number): Distribution {
  switch (d.dist) {
    case "fixed":
      return { dist: "fixed", value: d.value * factor };
    case "exponential":
      return { dist: "exponential", mean: d.mean * factor };
    case "normal":
      return { dist: "normal", mean: d.mean * factor, sd: d.sd * factor };
    case "lognormal":
      return { dist: "lognormal", mu: d.mu + Math.log(factor), sigma: d.sigma };
    case "gamma":
      return { dist: "gamma", shape: d.shape, scale: d.scale * factor };
    case "uniform":
      return { dist: "uniform", min: d.min * factor, max: d.max * factor };
    case "triangular":
      return { dist: "triangular", min: d.min * factor, mode: d.mode * factor, max: d.max * factor };
    case "empirical":
      return { dist: "empirical", values: d.values.map((q) => q * factor) };
  }
}
