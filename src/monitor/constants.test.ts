import { describe, expect, it } from "vitest";
import { AppError } from "../core/errors.js";
import { getChartConstants, MAX_SUBGROUP_SIZE, MIN_SUBGROUP_SIZE } from "./constants.js";
import { computeRangeMoments, normalCdf } from "./range-distribution.js";

/**
 * Factors for constructing variables control charts, n = 2…25, as published to three decimals
 * (Montgomery, Introduction to Statistical Quality Control, Appendix VI / Table A.22; the same
 * values as the ASTM Manual on Presentation of Data and Control Chart Analysis): n, A2, d2, d3, D3, D4.
 */
const PUBLISHED: [number, number, number, number, number, number][] = [
  [2, 1.88, 1.128, 0.853, 0, 3.267],
  [3, 1.023, 1.693, 0.888, 0, 2.574],
  [4, 0.729, 2.059, 0.88, 0, 2.282],
  [5, 0.577, 2.326, 0.864, 0, 2.114],
  [6, 0.483, 2.534, 0.848, 0, 2.004],
  [7, 0.419, 2.704, 0.833, 0.076, 1.924],
  [8, 0.373, 2.847, 0.82, 0.136, 1.864],
  [9, 0.337, 2.97, 0.808, 0.184, 1.816],
  [10, 0.308, 3.078, 0.797, 0.223, 1.777],
  [11, 0.285, 3.173, 0.787, 0.256, 1.744],
  [12, 0.266, 3.258, 0.778, 0.283, 1.717],
  [13, 0.249, 3.336, 0.77, 0.307, 1.693],
  [14, 0.235, 3.407, 0.763, 0.328, 1.672],
  [15, 0.223, 3.472, 0.756, 0.347, 1.653],
  [16, 0.212, 3.532, 0.75, 0.363, 1.637],
  [17, 0.203, 3.588, 0.744, 0.378, 1.622],
  [18, 0.194, 3.64, 0.739, 0.391, 1.608],
  [19, 0.187, 3.689, 0.734, 0.403, 1.597],
  [20, 0.18, 3.735, 0.729, 0.415, 1.585],
  [21, 0.173, 3.778, 0.724, 0.425, 1.575],
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: D3 for n = 22 from the table, not log10(e)
  [22, 0.167, 3.819, 0.72, 0.434, 1.566],
  [23, 0.162, 3.858, 0.716, 0.443, 1.557],
  [24, 0.157, 3.895, 0.712, 0.451, 1.548],
  [25, 0.153, 3.931, 0.708, 0.459, 1.541],
];

describe("control chart constants", () => {
  it.each(PUBLISHED)("agree with the published table for n = %i", (n, A2, d2, d3, D3, D4) => {
    const c = getChartConstants(n);
    expect(c.d2).toBe(d2);
    // The published factors were rounded from unrounded d2 and d3, some twice (d3(19) = 0.73349 is
    // printed as 0.734 via 0.7335), so their last digit may differ by one.
    expect(Math.abs(c.d3 - d3)).toBeLessThanOrEqual(0.0015);
    expect(Math.abs(c.A2 - A2)).toBeLessThanOrEqual(0.0015);
    expect(Math.abs(c.D3 - D3)).toBeLessThanOrEqual(0.0015);
    expect(Math.abs(c.D4 - D4)).toBeLessThanOrEqual(0.0015);
  });

  it("rejects subgroup sizes outside 2 to 25 with a way out", () => {
    for (const n of [1, 26, 2.5]) {
      expect(() => getChartConstants(n)).toThrow(AppError);
    }
    expect(() => getChartConstants(26)).toThrow(/2 to 25 values/);
    expect(MIN_SUBGROUP_SIZE).toBe(2);
    expect(MAX_SUBGROUP_SIZE).toBe(25);
  });
});

describe("the range of normal samples, by numerical integration", () => {
  it("computes the normal distribution function to full precision", () => {
    // Values from Abramowitz & Stegun, table 26.1.
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.841344746068543, 14);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148220435, 14);
    expect(normalCdf(3)).toBeCloseTo(0.9986501019683699, 14);
  });

  it("matches the closed forms for n = 2 and 3", () => {
    // n = 2: R = |X1 − X2| with X1 − X2 ~ N(0, 2), so d2 = 2/√π and d3² = 2 − 4/π.
    const two = computeRangeMoments(2);
    expect(two.mean).toBeCloseTo(2 / Math.sqrt(Math.PI), 9);
    expect(two.sd).toBeCloseTo(Math.sqrt(2 - 4 / Math.PI), 8);
    // n = 3: d2 = 3/√π and E[R²] = 2 + 3√3/π.
    const three = computeRangeMoments(3);
    expect(three.mean).toBeCloseTo(3 / Math.sqrt(Math.PI), 9);
    expect(three.sd).toBeCloseTo(Math.sqrt(2 + (3 * Math.sqrt(3)) / Math.PI - 9 / Math.PI), 8);
  });

  it("rounds to the table's d2 and lies within 1.5e-5 of the table's d3 for every n", () => {
    for (let n = MIN_SUBGROUP_SIZE; n <= MAX_SUBGROUP_SIZE; n++) {
      const exact = computeRangeMoments(n);
      const table = getChartConstants(n);
      expect(Math.abs(exact.mean - table.d2), `d2(${n})`).toBeLessThanOrEqual(0.0005);
      expect(Math.abs(exact.sd - table.d3), `d3(${n})`).toBeLessThanOrEqual(1.5e-5);
    }
  });
});
