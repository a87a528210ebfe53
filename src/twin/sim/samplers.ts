import type { Distribution } from "../model/index.js";
import type { RandomStream } from "./random.js";

/** Draws one value from a distribution using a stream. */
export type Sampler = (stream: RandomStream) => number;

/** Standard gamma deviate with shape k and scale 1 (Marsaglia & Tsang 2000; boost for k < 1). */
export function sampleGamma(stream: RandomStream, shape: number): number {
  if (shape < 1) return sampleGamma(stream, shape + 1) * stream.uniform() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = stream.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = stream.uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Parameters (mu, sigma) of the logarithm of a lognormal distribution. */
export function lognormalParameters(d: Extract<Distribution, { dist: "lognormal" }>): {
  mu: number;
  sigma: number;
} {
  if (d.mu !== undefined && d.sigma !== undefined) return { mu: d.mu, sigma: d.sigma };
  const mean = d.mean ?? 1;
  const sd = d.sd ?? 0;
  const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/** Shape and scale of a gamma distribution. */
export function gammaParameters(d: Extract<Distribution, { dist: "gamma" }>): {
  shape: number;
  scale: number;
} {
  if (d.shape !== undefined && d.scale !== undefined) return { shape: d.shape, scale: d.scale };
  const mean = d.mean ?? 1;
  const sd = d.sd ?? 1;
  return { shape: (mean * mean) / (sd * sd), scale: (sd * sd) / mean };
}

/** The mean of a distribution before truncation. */
export function distributionMean(d: Distribution): number {
  switch (d.dist) {
    case "fixed":
      return d.value;
    case "exponential":
    case "normal":
      return d.mean;
    case "lognormal": {
      const { mu, sigma } = lognormalParameters(d);
      return Math.exp(mu + (sigma * sigma) / 2);
    }
    case "gamma": {
      const { shape, scale } = gammaParameters(d);
      return shape * scale;
    }
    case "uniform":
      return (d.min + d.max) / 2;
    case "triangular":
      return (d.min + d.mode + d.max) / 3;
    case "empirical": {
      const w = d.weights ?? d.values.map(() => 1);
      const total = w.reduce((s, x) => s + x, 0);
      return d.values.reduce((s, x, i) => s + x * (w[i] ?? 0), 0) / total;
    }
  }
}

/** Untruncated sampler of a distribution. */
function baseSampler(d: Distribution): Sampler {
  switch (d.dist) {
    case "fixed": {
      const value = d.value;
      return () => value;
    }
    case "exponential": {
      const mean = d.mean;
      return (s) => -mean * Math.log(s.uniform());
    }
    case "normal": {
      const { mean, sd } = d;
      return (s) => mean + sd * s.normal();
    }
    case "lognormal": {
      const { mu, sigma } = lognormalParameters(d);
      return (s) => Math.exp(mu + sigma * s.normal());
    }
    case "gamma": {
      const { shape, scale } = gammaParameters(d);
      return (s) => scale * sampleGamma(s, shape);
    }
    case "uniform": {
      const { min, max } = d;
      return (s) => min + (max - min) * s.uniform();
    }
    case "triangular": {
      const { min, mode, max } = d;
      const cut = (mode - min) / (max - min);
      return (s) => {
        const u = s.uniform();
        return u < cut
          ? min + Math.sqrt(u * (max - min) * (mode - min))
          : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
      };
    }
    case "empirical": {
      const values = Float64Array.from(d.values);
      const weights = d.weights ?? d.values.map(() => 1);
      const cumulative = new Float64Array(values.length);
      let total = 0;
      weights.forEach((w, i) => {
        total += w;
        cumulative[i] = total;
      });
      const last = values.length - 1;
      return (s) => {
        const target = s.uniform() * total;
        let lo = 0;
        let hi = last;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((cumulative[mid] as number) <= target) lo = mid + 1;
          else hi = mid;
        }
        return values[lo] as number;
      };
    }
  }
}

/** Most redraws for a truncated sample before it is clamped to the bounds. */
const MAX_REDRAWS = 100;

/**
 * A sampler for a distribution, truncated to [min, max] by redrawing (clamped after 100 misses),
 * and scaled by `scale`. Durations are never negative (`floorAtZero`).
 */
export function makeSampler(
  d: Distribution,
  options: { scale?: number; floorAtZero?: boolean } = {},
): Sampler {
  const base = baseSampler(d);
  const scale = options.scale ?? 1;
  const truncated =
    d.dist !== "uniform" && d.dist !== "triangular" && (d.min !== undefined || d.max !== undefined);
  const lo = truncated && d.min !== undefined ? d.min : Number.NEGATIVE_INFINITY;
  const hi = truncated && d.max !== undefined ? d.max : Number.POSITIVE_INFINITY;
  const floor = options.floorAtZero ?? false;
  if (!truncated && !floor && scale === 1) return base;
  if (!truncated && scale === 1) return (s) => Math.max(0, base(s));
  if (!truncated) return (s) => Math.max(0, base(s)) * scale;
  return (s) => {
    let x = base(s);
    for (let i = 0; i < MAX_REDRAWS && (x < lo || x > hi); i++) x = base(s);
    x = x < lo ? lo : x > hi ? hi : x;
    return (floor && x < 0 ? 0 : x) * scale;
  };
}
