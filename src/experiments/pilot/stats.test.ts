import { describe, expect, it } from "vitest";
import { normalDraw, seededRandom } from "./random.js";
import { inferSeasonLength } from "./season.js";
import { cosineTerms, differenceOf, longRunVariance, mean, slopeOfSeries, tInference } from "./stats.js";

function ar1(seed: number, phi: number, n: number): number[] {
  const random = seededRandom(seed);
  let value = normalDraw(random) / Math.sqrt(1 - phi * phi);
  return Array.from({ length: n }, () => {
    const current = value;
    value = phi * value + normalDraw(random);
    return current;
  });
}

function averageLongRunVariance(phi: number, n: number, reps: number): number {
  const values = Array.from({ length: reps }, (_, rep) => {
    const series = ar1(rep + 1, phi, n);
    const centre = mean(series);
    return longRunVariance(series.map((value) => value - centre)).value;
  });
  return mean(values);
}

describe("long-run variance", () => {
  it("uses 0.4·n^(2/3) cosine terms, rounded: 6 for 56 periods, 8 for 84, 1 for 2", () => {
    expect(cosineTerms(56)).toBe(6);
    expect(cosineTerms(84)).toBe(8);
    expect(cosineTerms(2)).toBe(1);
  });

  it("is about the variance for white noise and about 1/(1 − φ)² times it for AR(1) with φ = 0.5", () => {
    // Unit innovations: white noise has long-run variance 1, AR(1) with φ = 0.5 has 1 / 0.25 = 4.
    expect(averageLongRunVariance(0, 60, 2000)).toBeGreaterThan(0.9);
    expect(averageLongRunVariance(0, 60, 2000)).toBeLessThan(1.1);
    expect(averageLongRunVariance(0.5, 60, 2000)).toBeGreaterThan(3.6);
    expect(averageLongRunVariance(0.5, 60, 2000)).toBeLessThan(4.4);
  });
});

describe("slope of a series", () => {
  it("is exact, with no uncertainty, on a straight line", () => {
    const slope = slopeOfSeries([3, 5, 7, 9, 11, 13]);
    expect(slope.estimate).toBeCloseTo(2, 12);
    expect(slope.variance).toBeCloseTo(0, 20);
  });
});

describe("t inference", () => {
  it("combines two estimates with Welch–Satterthwaite degrees of freedom", () => {
    const both = differenceOf({ estimate: 5, variance: 1, df: 5 }, { estimate: 2, variance: 1, df: 5 });
    expect(both).toEqual({ estimate: 3, variance: 2, df: 10 });
  });

  it("gives a point and p = 0 or 1 when there is no variance, never NaN", () => {
    expect(tInference({ estimate: 2, variance: 0, df: 3 }, 0.95)).toEqual({ ci: [2, 2], pValue: 0 });
    expect(tInference({ estimate: 0, variance: 0, df: 3 }, 0.95)).toEqual({ ci: [0, 0], pValue: 1 });
  });

  it("matches the t table: estimate 2.228 with standard error 1 and 10 df has p = 0.05", () => {
    const { ci, pValue } = tInference({ estimate: 2.228138852, variance: 1, df: 10 }, 0.95);
    expect(pValue).toBeCloseTo(0.05, 8);
    expect(ci[0]).toBeCloseTo(0, 8);
  });
});

describe("season length from the dates", () => {
  const days = (n: number, step = 1) =>
    Array.from({ length: n }, (_, i) =>
      new Date(Date.UTC(2024, 0, 1) + i * step * 86_400_000).toISOString().slice(0, 10),
    );

  it("is 7 for daily data, 6 when one weekday never occurs, 12 for months, 1 for weeks and free labels", () => {
    expect(inferSeasonLength(days(30))).toBe(7);
    expect(inferSeasonLength(days(30).filter((_, i) => i % 7 !== 0))).toBe(6);
    expect(inferSeasonLength(["2023-01-01", "2023-02-01", "2023-03-01", "2023-04-01"])).toBe(12);
    expect(inferSeasonLength(days(20, 7))).toBe(1);
    expect(inferSeasonLength(["w01", "w02", "w03"])).toBe(1);
  });
});
