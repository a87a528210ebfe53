import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fnv1a32, logGamma, makeCategorical, Random } from "./random.js";

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

describe("Random", () => {
  it("gives the same sequence for the same seed and labels", () => {
    const a = new Random(42, "sales", 7);
    const b = new Random(42, "sales", 7);
    const xs = Array.from({ length: 100 }, () => a.nextUint32());
    const ys = Array.from({ length: 100 }, () => b.nextUint32());
    expect(xs).toEqual(ys);
  });

  it("gives different sequences for another seed, label or day", () => {
    const first = (r: Random): number[] => Array.from({ length: 8 }, () => r.nextUint32());
    const base = first(new Random(42, "sales", 7));
    expect(first(new Random(43, "sales", 7))).not.toEqual(base);
    expect(first(new Random(42, "tickets", 7))).not.toEqual(base);
    expect(first(new Random(42, "sales", 8))).not.toEqual(base);
    // Seeds beyond 32 bits are not folded onto smaller ones.
    expect(first(new Random(2 ** 32 + 42, "sales", 7))).not.toEqual(base);
  });

  it("draws uniform numbers in [0, 1) with mean 1/2 and variance 1/12", () => {
    const r = new Random(1);
    const { mean, variance } = moments(() => r.next(), 200_000);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
  });

  it("keeps integers inside their range", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1_000_000 }), (seed, n) => {
        const r = new Random(seed);
        for (let i = 0; i < 50; i++) {
          const k = r.int(n);
          if (!(Number.isInteger(k) && k >= 0 && k < n)) return false;
          const j = r.intBetween(-n, n);
          if (!(Number.isInteger(j) && j >= -n && j <= n)) return false;
        }
        return true;
      }),
    );
  });

  it("draws standard normals with mean 0 and variance 1", () => {
    const r = new Random(2);
    const { mean, variance } = moments(() => r.normal(), 200_000);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(variance).toBeCloseTo(1, 1);
  });

  it("draws Poisson counts whose mean and variance equal lambda, small and large", () => {
    for (const lambda of [0.7, 4, 11.5, 12, 35, 480]) {
      const r = new Random(3, lambda);
      const { mean, variance } = moments(() => r.poisson(lambda), 100_000);
      expect(Math.abs(mean - lambda) / lambda).toBeLessThan(0.02);
      expect(Math.abs(variance - lambda) / lambda).toBeLessThan(0.05);
    }
  });

  it("matches Poisson probabilities P(k) = e^-λ λ^k / k! at λ = 20", () => {
    const r = new Random(4);
    const n = 200_000;
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const k = r.poisson(20);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const k of [12, 16, 20, 24, 28]) {
      const p = Math.exp(-20 + k * Math.log(20) - logGamma(k + 1));
      const observed = (counts.get(k) ?? 0) / n;
      expect(Math.abs(observed - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it("draws gamma variates with mean kθ and variance kθ², also for shape below 1", () => {
    for (const [shape, scale] of [
      [0.5, 2],
      [2, 3],
      [9, 0.5],
    ] as const) {
      const r = new Random(5, shape);
      const { mean, variance } = moments(() => r.gamma(shape, scale), 100_000);
      expect(Math.abs(mean - shape * scale) / (shape * scale)).toBeLessThan(0.02);
      expect(Math.abs(variance - shape * scale * scale) / (shape * scale * scale)).toBeLessThan(0.06);
    }
  });

  it("draws lognormals whose median is e^mu", () => {
    const r = new Random(6);
    const xs = Array.from({ length: 50_001 }, () => r.lognormal(1, 0.5)).sort((a, b) => a - b);
    expect(xs[25_000]).toBeCloseTo(Math.E, 1);
  });

  it("picks categories in proportion to their weights and never a zero weight", () => {
    const dist = makeCategorical([1, 0, 3, 6]);
    const r = new Random(7);
    const counts = [0, 0, 0, 0];
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const k = r.categorical(dist);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(counts[1]).toBe(0);
    expect((counts[0] ?? 0) / n).toBeCloseTo(0.1, 2);
    expect((counts[2] ?? 0) / n).toBeCloseTo(0.3, 2);
    expect((counts[3] ?? 0) / n).toBeCloseTo(0.6, 2);
  });

  it("rejects negative or non-finite weights", () => {
    expect(() => makeCategorical([1, -1])).toThrow(RangeError);
    expect(() => makeCategorical([1, Number.NaN])).toThrow(RangeError);
  });

  it("computes log-gamma against factorials and Γ(1/2) = √π", () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(6)).toBeCloseTo(Math.log(120), 10);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 8);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });

  it("hashes strings with FNV-1a 32-bit (published test vectors)", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });
});
