import { describe, expect, it } from "vitest";
import { computeControlChart } from "./control-chart.js";
import { QCC_REFERENCE } from "./fixtures/qcc-reference.js";

/**
 * Textbook examples worked by hand: Montgomery, Introduction to Statistical Quality Control,
 * chapter 7 (attribute charts), on the data sets qcc ships (orangejuice, circuit, pcmanufact,
 * dyedcloth). Published values carry 2 to 4 decimals, computed from rounded centre lines, so each
 * is compared to its last printed digit.
 */
function data(name: string): { values: number[]; sizes: number[] } {
  const input = QCC_REFERENCE[name]?.input;
  if (!input?.values) throw new Error(`no reference data ${name}`);
  return { values: input.values, sizes: input.sizes ?? [] };
}

const within = (actual: number | number[] | undefined, expected: number, tolerance: number) => {
  expect(typeof actual).toBe("number");
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance);
};

describe("p chart: orange juice cans (Montgomery example 7.1)", () => {
  const juice = data("orangejuiceP");
  const trial = { values: juice.values.slice(0, 30), sizes: juice.sizes.slice(0, 30) };

  it("has p̄ = 0.2313, UCL = 0.4102, LCL = 0.0524 from the 30 trial samples and flags samples 15 and 23", () => {
    const chart = computeControlChart({ kind: "p", ...trial, rules: "western-electric", ruleNumbers: [1] });
    // p̄ = 347 / 1500; limits p̄ ± 3·√(p̄(1 − p̄)/50).
    within(chart.center, 0.2313, 0.00005);
    within(chart.ucl, 0.4102, 0.00005);
    within(chart.lcl, 0.0524, 0.00005);
    expect(chart.signals.map((s) => s.index + 1)).toEqual([15, 23]);
  });

  it("has p̄ = 0.2150, UCL = 0.3893, LCL = 0.0407 once samples 15 and 23 leave the baseline, and then flags sample 21", () => {
    const keep = (_: number, i: number) => i !== 14 && i !== 22;
    const values = trial.values.filter(keep);
    const sizes = trial.sizes.filter(keep);
    const chart = computeControlChart({ kind: "p", values, sizes, ruleNumbers: [1] });
    // p̄ = (347 − 22 − 24) / 1400.
    within(chart.center, 0.215, 0.00005);
    within(chart.ucl, 0.3893, 0.00005);
    within(chart.lcl, 0.0407, 0.00005);
    // Sample 21 (20 of 50 = 0.40) sits at index 19 once sample 15 is gone.
    expect(chart.signals.map((s) => s.index)).toEqual([19]);
  });

  it("has the np chart n·p̄ = 11.57, UCL = 20.51, LCL = 2.62 for the same trial samples", () => {
    const chart = computeControlChart({ kind: "np", ...trial });
    // 50 × 0.2313 ± 3·√(50 × 0.2313 × 0.7687).
    within(chart.center, 11.57, 0.005);
    within(chart.ucl, 20.51, 0.005);
    within(chart.lcl, 2.62, 0.005);
  });
});

describe("c chart: nonconformities in printed circuit boards (Montgomery example 7.3)", () => {
  const boards = data("circuitC").values.slice(0, 26);

  it("has c̄ = 19.85, UCL = 33.22, LCL = 6.48 and flags samples 6 and 20", () => {
    const chart = computeControlChart({ kind: "c", values: boards, ruleNumbers: [1] });
    // c̄ = 516 / 26 ± 3√c̄ (the book rounds c̄ to 19.85 before the limits).
    within(chart.center, 19.85, 0.005);
    within(chart.ucl, 33.22, 0.01);
    within(chart.lcl, 6.48, 0.005);
    expect(chart.sigma).toBeCloseTo(Math.sqrt(516 / 26), 12);
    expect(chart.signals.map((s) => s.index + 1)).toEqual([6, 20]);
  });

  it("has c̄ = 19.67, UCL = 32.97, LCL = 6.36 without samples 6 and 20", () => {
    const revised = boards.filter((_, i) => i !== 5 && i !== 19);
    const chart = computeControlChart({ kind: "c", values: revised });
    within(chart.center, 19.67, 0.005);
    within(chart.ucl, 32.97, 0.005);
    within(chart.lcl, 6.36, 0.005);
  });
});

describe("u chart: nonconformities in personal computers (Montgomery example 7.4)", () => {
  it("has ū = 1.93, UCL = 3.79, LCL = 0.07 for 20 samples of 5 computers", () => {
    const chart = computeControlChart({ kind: "u", ...data("pcmanufactU") });
    // ū = 193 / 100; limits ū ± 3·√(ū/5).
    within(chart.center, 1.93, 0.005);
    within(chart.ucl, 3.79, 0.005);
    within(chart.lcl, 0.07, 0.005);
    expect(chart.signals).toEqual([]);
  });
});

describe("u chart with varying sizes: dyed cloth (Montgomery example 7.5)", () => {
  it("has ū = 1.42 and limits for each roll's size", () => {
    const cloth = data("dyedclothU");
    const chart = computeControlChart({ kind: "u", ...cloth });
    // ū = 153 / 107.5 = 1.4233; for a roll of n units the limits are ū ± 3·√(ū/n):
    // n = 10 → 2.5550 / 0.2915, n = 8 → 2.6886 / 0.1579, n = 13 → 2.4159 / 0.4306,
    // n = 9.5 → 2.5844 / 0.2621, n = 12 → 2.4564 / 0.3901, n = 10.5 → 2.5278 / 0.3187,
    // n = 12.5 → 2.4356 / 0.4110 (the book prints them to two decimals from ū = 1.42).
    within(chart.center, 1.4233, 0.00005);
    const byUnits: Record<number, [number, number]> = {
      10: [2.555, 0.2915],
      8: [2.6886, 0.1579],
      13: [2.4159, 0.4306],
      9.5: [2.5844, 0.2621],
      12: [2.4564, 0.3901],
      10.5: [2.5278, 0.3187],
      12.5: [2.4356, 0.411],
    };
    expect(Array.isArray(chart.ucl)).toBe(true);
    cloth.sizes.forEach((units, i) => {
      const [ucl, lcl] = byUnits[units] ?? [Number.NaN, Number.NaN];
      within((chart.ucl as number[])[i], ucl, 0.00006);
      within((chart.lcl as number[])[i], lcl, 0.00006);
    });
    expect(chart.signals).toEqual([]);
  });
});
