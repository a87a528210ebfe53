import { describe, expect, it } from "vitest";
import {
  cdf,
  type Distribution,
  digamma,
  distributionMean,
  fitDistribution,
  fitGamma,
  ksStatistic,
  quantile,
  scaleDistribution,
  trigamma,
  wassersteinToDistribution,
} from "./fit.js";

/** Mulberry32: a small seeded generator for test samples. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Marsaglia–Tsang gamma variates (shape ≥ 1). */
function gammaSample(u: () => number, shape: number, scale: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal(u);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    if (Math.log(1 - u()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}

const sorted = (xs: number[]) => Float64Array.from(xs).sort();

describe("special functions", () => {
  it("digamma and trigamma match their closed values", () => {
    const euler = 0.5772156649015329;
    expect(digamma(1)).toBeCloseTo(-euler, 12);
    expect(digamma(0.5)).toBeCloseTo(-euler - 2 * Math.log(2), 12);
    expect(digamma(10)).toBeCloseTo(2.251752589066721, 12);
    expect(trigamma(1)).toBeCloseTo((Math.PI * Math.PI) / 6, 11);
    expect(trigamma(0.5)).toBeCloseTo((Math.PI * Math.PI) / 2, 11);
  });
});

describe("distribution functions", () => {
  const families: Distribution[] = [
    { dist: "exponential", mean: 3 },
    { dist: "normal", mean: 2, sd: 1.5 },
    { dist: "lognormal", mu: 0.5, sigma: 0.7 },
    { dist: "gamma", shape: 2.5, scale: 1.2 },
    { dist: "uniform", min: 1, max: 4 },
    { dist: "triangular", min: 1, mode: 2, max: 5 },
  ];
  it("the empirical distribution draws its values with equal chance", () => {
    const d: Distribution = { dist: "empirical", values: [1, 3, 3, 7] };
    expect(cdf(d, 3)).toBe(0.75);
    expect(cdf(d, 2.9)).toBe(0.25);
    expect([0.1, 0.3, 0.6, 0.9].map((u) => quantile(d, u))).toEqual([1, 3, 3, 7]);
    expect(distributionMean(d)).toBe(3.5);
    expect(ksStatistic(sorted([1, 3, 3, 7]), d)).toBe(0);
    expect(wassersteinToDistribution(sorted([1, 3, 3, 7]), d)).toBe(0);
  });

  it("quantile inverts the distribution function", () => {
    for (const d of families) {
      for (const u of [0.05, 0.3, 0.5, 0.77, 0.95]) expect(cdf(d, quantile(d, u))).toBeCloseTo(u, 8);
    }
  });

  it("truncates the normal at 0", () => {
    const d: Distribution = { dist: "normal", mean: 0, sd: 1 };
    expect(cdf(d, 0)).toBe(0);
    // Half-normal: median σ·Φ⁻¹(0.75), mean σ·√(2/π).
    expect(quantile(d, 0.5)).toBeCloseTo(0.6744897501960817, 9);
    expect(distributionMean(d)).toBeCloseTo(Math.sqrt(2 / Math.PI), 12);
  });

  it("scales with a change of unit", () => {
    for (const d of [...families, { dist: "empirical", values: [1, 2, 5] } as Distribution]) {
      const s = scaleDistribution(d, 60);
      expect(quantile(s, 0.42)).toBeCloseTo(60 * quantile(d, 0.42), 7);
      expect(distributionMean(s)).toBeCloseTo(60 * distributionMean(d), 7);
    }
  });
});

describe("goodness of fit", () => {
  it("Wasserstein-1 to a fixed value is the mean absolute deviation from it", () => {
    expect(wassersteinToDistribution(sorted([1, 2, 3]), { dist: "fixed", value: 2 })).toBeCloseTo(2 / 3, 3);
  });

  it("Wasserstein-1 between a sample and a uniform matches the integral by hand", () => {
    // Sample {0, 1} against U(0, 1): ∫₀^½ u du + ∫_½^1 (1 − u) du = ¼.
    expect(wassersteinToDistribution(sorted([0, 1]), { dist: "uniform", min: 0, max: 1 })).toBeCloseTo(
      0.25,
      4,
    );
  });

  it("KS statistic against U(0, 4) for {1, 2, 3} is ¼", () => {
    expect(ksStatistic(sorted([1, 2, 3]), { dist: "uniform", min: 0, max: 4 })).toBeCloseTo(0.25, 12);
  });

  it("KS statistic of a sample against its own fixed value is 0", () => {
    expect(ksStatistic(sorted([5, 5, 5]), { dist: "fixed", value: 5 })).toBe(0);
  });
});

describe("fitting", () => {
  it("the exponential's maximum-likelihood mean is the sample mean", () => {
    const xs = [0.5, 1.5, 2, 4, 7];
    const fit = fitDistribution(xs, { candidates: ["exponential"] });
    expect(fit.distribution).toEqual({ dist: "exponential", mean: 3 });
  });

  it("the normal's maximum-likelihood parameters are the mean and the population standard deviation", () => {
    const fit = fitDistribution([2, 4, 4, 4, 5, 5, 7, 9], { candidates: ["normal"] });
    expect(fit.distribution).toEqual({ dist: "normal", mean: 5, sd: 2 });
  });

  it("the log-normal's parameters are the mean and standard deviation of the logarithms", () => {
    const fit = fitDistribution([1, Math.E, Math.E ** 2], { candidates: ["lognormal"] });
    if (fit.distribution.dist !== "lognormal") throw new Error("expected a log-normal");
    expect(fit.distribution.mu).toBeCloseTo(1, 12);
    expect(fit.distribution.sigma).toBeCloseTo(Math.sqrt(2 / 3), 12);
  });

  it("the uniform's maximum-likelihood bounds are the sample's range", () => {
    const fit = fitDistribution([3, 1, 2, 6], { candidates: ["uniform"] });
    expect(fit.distribution).toEqual({ dist: "uniform", min: 1, max: 6 });
  });

  it("the gamma fitted to a large seeded gamma sample recovers its shape within 5%", () => {
    const u = rng(7);
    for (const [shape, scale] of [
      [2, 3],
      [5, 0.4],
      [1.3, 10],
    ] as const) {
      const xs = Array.from({ length: 20_000 }, () => gammaSample(u, shape, scale));
      const g = fitGamma(xs);
      expect(g).not.toBeNull();
      expect(Math.abs((g?.shape ?? 0) / shape - 1)).toBeLessThan(0.05);
      expect(Math.abs(((g?.shape ?? 0) * (g?.scale ?? 0)) / (shape * scale) - 1)).toBeLessThan(0.02);
    }
  });

  it("the gamma's shape satisfies its likelihood equation ln k − ψ(k) = ln x̄ − mean ln x", () => {
    const xs = [0.3, 1.1, 2.5, 0.7, 4.2, 1.9];
    const g = fitGamma(xs);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const meanLog = xs.reduce((s, x) => s + Math.log(x), 0) / xs.length;
    expect(Math.log(g?.shape ?? 0) - digamma(g?.shape ?? 0)).toBeCloseTo(Math.log(mean) - meanLog, 10);
  });

  it("picks the fixed value for a constant sample", () => {
    const fit = fitDistribution([5, 5, 5, 5, 5]);
    expect(fit.distribution).toEqual({ dist: "fixed", value: 5 });
    expect(fit.wasserstein).toBe(0);
  });

  it("picks the uniform for a large uniform sample and a gamma-like family for a gamma sample", () => {
    const u = rng(11);
    const uniform = fitDistribution(Array.from({ length: 5000 }, () => 10 + 20 * u()));
    expect(uniform.distribution.dist).toBe("uniform");
    const gamma = fitDistribution(Array.from({ length: 5000 }, () => gammaSample(u, 3, 2)));
    expect(gamma.distribution.dist).toBe("gamma");
    expect(gamma.ks).toBeLessThan(1.36 / Math.sqrt(5000));
  });

  it("falls back to the empirical distribution when no family comes close (two far-apart modes)", () => {
    const u = rng(3);
    const xs = Array.from({ length: 2000 }, (_, i) => (i % 2 ? 100 : 10) + u());
    const fit = fitDistribution(xs);
    expect(fit.distribution.dist).toBe("empirical");
    expect(fit.wasserstein).toBeLessThan(1);
    expect(fit.candidates.length).toBeGreaterThan(4);
  });
});
