import { describe, expect, it } from "vitest";
import { AppError } from "../core/errors.js";
import { chartResultSchema } from "./chart.schema.js";
import { parseChartInput } from "./check-input.js";
import { computeControlChart } from "./control-chart.js";

function invalid(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("INVALID_REQUEST");
    return error as AppError;
  }
  throw new Error("expected an INVALID_REQUEST error");
}

describe("individuals chart", () => {
  it("puts limits at the mean ± 3 × average moving range / 1.128", () => {
    // Moving ranges 2, 2, 2, 2 → sigma = 2 / 1.128; mean 10.8.
    const chart = computeControlChart({ kind: "xmr", values: [10, 12, 10, 12, 10] });
    expect(chart.center).toBeCloseTo(10.8, 12);
    expect(chart.sigma).toBeCloseTo(2 / 1.128, 12);
    expect(chart.ucl).toBeCloseTo(10.8 + (3 * 2) / 1.128, 12);
    expect(chart.lcl).toBeCloseTo(10.8 - (3 * 2) / 1.128, 12);
    expect(chart.secondary).toMatchObject({ name: "MR", center: 2, lcl: 0, statistics: [null, 2, 2, 2, 2] });
    // D4 = 3.267 for moving ranges of two points.
    expect(chart.secondary?.ucl).toBeCloseTo(2 * 3.267, 2);
  });

  it("uses Western Electric rules by default and names the period of each signal", () => {
    const values = [10, 11, 10, 11, 10, 11, 10, 11, 25];
    const periods = values.map((_, i) => `2024-01-0${i + 1}`);
    const chart = computeControlChart({ kind: "xmr", values, periods, baseline: { from: 0, to: 8 } });
    expect(chart.ruleSet).toBe("western-electric");
    expect(chart.signals).toEqual([
      { rule: 1, index: 8, period: "2024-01-09", description: "Point above the upper control limit" },
    ]);
    expect(chart.secondary?.signals).toEqual([
      { rule: 1, index: 8, period: "2024-01-09", description: "Moving range above the upper control limit" },
    ]);
  });

  it("keeps only the rules asked for", () => {
    // A saw-tooth (sigma = 1/1.128, so every point is within 1 sigma of 0.5) that ends in a jump.
    const values = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 9];
    const all = computeControlChart({ kind: "xmr", values, rules: "nelson", baseline: { from: 0, to: 16 } });
    expect(new Set(all.signals.map((s) => s.rule))).toEqual(new Set([1, 4, 7]));
    const some = computeControlChart({
      kind: "xmr",
      values,
      rules: "nelson",
      ruleNumbers: [1],
      baseline: { from: 0, to: 16 },
    });
    expect(some.signals.map((s) => s.rule)).toEqual([1]);
    expect(computeControlChart({ kind: "xmr", values, rules: "none" }).signals).toEqual([]);
  });
});

describe("phase I and phase II", () => {
  const values = [5, 6, 5, 7, 6, 5, 6, 40, 41, 42];

  it("estimates limits from the baseline only and applies them to later points", () => {
    const chart = computeControlChart({ kind: "xmr", values, baseline: { from: 0, to: 7 } });
    const alone = computeControlChart({ kind: "xmr", values: values.slice(0, 7) });
    expect(chart.center).toBe(alone.center);
    expect(chart.ucl).toBe(alone.ucl);
    expect(chart.lcl).toBe(alone.lcl);
    expect(chart.phase1).toBe(7);
    expect(chart.baseline).toEqual({ from: 0, to: 7 });
    expect(chart.statistics).toEqual(values);
    expect(chart.signals.filter((s) => s.rule === 1).map((s) => s.index)).toEqual([7, 8, 9]);
  });

  it("charts points before a baseline that starts later against the same limits", () => {
    const chart = computeControlChart({
      kind: "xmr",
      values: [30, ...values.slice(0, 7)],
      baseline: { from: 1, to: 8 },
    });
    const alone = computeControlChart({ kind: "xmr", values: values.slice(0, 7) });
    expect(chart.center).toBe(alone.center);
    expect(chart.phase1).toBe(7);
    expect(chart.signals.filter((s) => s.rule === 1).map((s) => s.index)).toEqual([0]);
    // The moving range into the baseline is plotted but not part of the estimate.
    expect(chart.secondary?.center).toBe(alone.secondary?.center);
    expect(chart.secondary?.statistics[1]).toBe(25);
  });

  it("uses each later sample's own size for p chart limits", () => {
    const chart = computeControlChart({
      kind: "p",
      values: [5, 6, 4, 5, 10],
      sizes: [50, 50, 50, 50, 200],
      baseline: { from: 0, to: 4 },
    });
    // p̄ = 20 / 200 from the baseline.
    expect(chart.center).toBeCloseTo(0.1, 12);
    expect(chart.ucl).toEqual([
      ...new Array(4).fill(0.1 + 3 * Math.sqrt(0.09 / 50)),
      0.1 + 3 * Math.sqrt(0.09 / 200),
    ]);
    expect(chart.sigma).toBeCloseTo(0.3, 12);
    expect((chart.standardError as number[])[4]).toBeCloseTo(0.3 / Math.sqrt(200), 12);
  });
});

describe("X̄-R chart", () => {
  it("puts limits at X̄̄ ± A2·R̄ and R̄·D3, R̄·D4", () => {
    const subgroups = [
      [1, 3, 2, 4, 5],
      [2, 2, 3, 4, 4],
      [3, 1, 2, 2, 2],
    ];
    const chart = computeControlChart({ kind: "xbar-r", subgroups });
    // Averages 3, 3, 2; ranges 4, 2, 2 → R̄ = 8/3; A2(5) = 0.577, D4(5) = 2.114.
    expect(chart.statistics).toEqual([3, 3, 2]);
    expect(chart.center).toBeCloseTo(8 / 3, 12);
    expect(chart.ucl as number).toBeCloseTo(8 / 3 + 0.577 * (8 / 3), 2);
    expect(chart.secondary).toMatchObject({ name: "R", center: 8 / 3, lcl: 0, statistics: [4, 2, 2] });
    expect(chart.secondary?.ucl).toBeCloseTo(2.114 * (8 / 3), 2);
    expect(chart.sigma).toBeCloseTo(8 / 3 / 2.326, 12);
    expect(chart.standardError).toBeCloseTo(chart.sigma / Math.sqrt(5), 12);
  });
});

describe("results", () => {
  it("are plain JSON that matches the published result schema", () => {
    const chart = computeControlChart({
      kind: "xmr",
      values: [3, 4, 3, 5, 4, 3, 4, 4],
      spec: { lsl: 0, usl: 8 },
      periods: ["a", "b", "c", "d", "e", "f", "g", "h"],
    });
    const json = JSON.parse(JSON.stringify(chart));
    expect(json).toEqual(chart);
    expect(chartResultSchema.parse(json)).toEqual(chart);
  });

  it("have limits on the centre line, and no capability index, for a series that never varies", () => {
    const chart = computeControlChart({ kind: "xmr", values: [7, 7, 7, 7], spec: { lsl: 5, usl: 9 } });
    expect(chart.sigma).toBe(0);
    expect(chart.ucl).toBe(7);
    expect(chart.signals).toEqual([]);
    expect(chart.capability).toEqual({
      lsl: 5,
      usl: 9,
      target: 7,
      observations: 4,
      sigmaWithin: 0,
      sigmaOverall: 0,
    });
  });
});

describe("bad input", () => {
  it("names the point that is not a number", () => {
    const error = invalid(() => computeControlChart({ kind: "xmr", values: [1, 2, 3, Number.NaN, 5] }));
    expect(error.message).toMatch(/^values\[3\] is NaN: /);
    expect(error.details).toMatchObject({ field: "values[3]", index: 3 });
    expect(
      invalid(() => computeControlChart({ kind: "c", values: [1, Number.POSITIVE_INFINITY] })).message,
    ).toMatch(/values\[1\] is Infinity/);
  });

  it("needs at least 2 points for an XmR chart, and 2 in its baseline", () => {
    expect(invalid(() => computeControlChart({ kind: "xmr", values: [4] })).message).toMatch(
      /at least 2 points, got 1/,
    );
    expect(
      invalid(() => computeControlChart({ kind: "xmr", values: [4, 5, 6], baseline: { from: 1, to: 2 } }))
        .message,
    ).toMatch(/at least 2 baseline points/);
  });

  it("rejects negative, fractional and impossible counts", () => {
    expect(invalid(() => computeControlChart({ kind: "c", values: [3, -1] })).message).toMatch(
      /^values\[1\] is -1: counts cannot be negative/,
    );
    expect(
      invalid(() => computeControlChart({ kind: "p", values: [0.2, 0.3], sizes: [50, 50] })).message,
    ).toMatch(
      /^values\[0\] is 0.2: a p chart needs whole counts \(the number of defective items, not their share\)/,
    );
    const error = invalid(() => computeControlChart({ kind: "p", values: [3, 4, 51], sizes: [50, 50, 50] }));
    expect(error.message).toBe(
      "values[2] is 51 but sizes[2] is 50: the number of defective items cannot exceed the number inspected",
    );
    expect(error.details).toMatchObject({ index: 2 });
  });

  it("checks sample sizes", () => {
    expect(invalid(() => computeControlChart({ kind: "p", values: [1, 2] })).message).toMatch(/needs sizes/);
    expect(invalid(() => computeControlChart({ kind: "u", values: [1, 2], sizes: [1] })).message).toMatch(
      /sizes has 1 entries but values has 2/,
    );
    expect(invalid(() => computeControlChart({ kind: "u", values: [1, 2], sizes: [1, 0] })).message).toMatch(
      /^sizes\[1\] is 0: a sample size must be more than 0/,
    );
    expect(
      invalid(() => computeControlChart({ kind: "np", values: [1, 2], sizes: [50, 60] })).message,
    ).toMatch(/^sizes\[1\] is 60 but sizes\[0\] is 50: an np chart needs samples of one size; use a p chart/);
    expect(invalid(() => computeControlChart({ kind: "c", values: [1, 2], sizes: [5, 6] })).message).toMatch(
      /use a u chart/,
    );
    expect(
      invalid(() => computeControlChart({ kind: "xmr", values: [1, 2], sizes: [5, 6] })).message,
    ).toMatch(/sizes are for p, np, c and u charts/);
  });

  it("names the subgroup of the wrong size", () => {
    const error = invalid(() =>
      computeControlChart({
        kind: "xbar-r",
        subgroups: [
          [1, 2, 3],
          [1, 2, 3],
          [1, 2],
        ],
      }),
    );
    expect(error.message).toBe(
      "subgroups[2] has 2 values but subgroups[0] has 3: an X̄-R chart needs subgroups of one size; drop or complete the subgroup",
    );
    expect(invalid(() => computeControlChart({ kind: "xbar-r", subgroups: [[1], [2]] })).message).toMatch(
      /2 to 25 values/,
    );
    expect(
      invalid(() =>
        computeControlChart({
          kind: "xbar-r",
          subgroups: [
            [1, 2],
            [3, Number.NaN],
          ],
        }),
      ).message,
    ).toMatch(/^subgroups\[1\]\[1\] is NaN/);
    expect(invalid(() => computeControlChart({ kind: "xbar-r", values: [1, 2] })).message).toMatch(
      /needs subgroups/,
    );
  });

  it("rejects a baseline outside the series", () => {
    const values = [1, 2, 3, 4];
    expect(
      invalid(() => computeControlChart({ kind: "xmr", values, baseline: { from: 0, to: 5 } })).message,
    ).toBe(
      "baseline [0, 5) does not fit the 4 points: give 0 <= from < to <= 4 (to is the index after the last baseline point)",
    );
    expect(() => computeControlChart({ kind: "xmr", values, baseline: { from: -1, to: 2 } })).toThrow(
      /does not fit/,
    );
    expect(() => computeControlChart({ kind: "xmr", values, baseline: { from: 2, to: 2 } })).toThrow(
      /does not fit/,
    );
    expect(() => computeControlChart({ kind: "xmr", values, baseline: { from: 0.5, to: 2 } })).toThrow(
      /baseline.from is 0.5/,
    );
  });

  it("checks periods, rules and specification limits", () => {
    const values = [1, 2, 3];
    expect(() => computeControlChart({ kind: "xmr", values, periods: ["a"] })).toThrow(
      /periods has 1 labels but there are 3 points/,
    );
    expect(() => computeControlChart({ kind: "xmr", values, ruleNumbers: [5] })).toThrow(
      /ruleNumbers\[0\] is 5: the western-electric rules are numbered 1 to 4/,
    );
    expect(() => computeControlChart({ kind: "xmr", values, spec: {} })).toThrow(/neither lsl nor usl/);
    expect(() => computeControlChart({ kind: "xmr", values, spec: { lsl: 5, usl: 1 } })).toThrow(
      /must be below/,
    );
    expect(() => computeControlChart({ kind: "xmr", values, spec: { lsl: 0, usl: 4, target: 6 } })).toThrow(
      /outside/,
    );
    expect(() => computeControlChart({ kind: "c", values, spec: { usl: 4 } })).toThrow(
      /xmr and xbar-r charts only/,
    );
  });

  it("parses untrusted requests and names the wrong field", () => {
    expect(parseChartInput({ kind: "u", values: [1], sizes: [2] })).toEqual({
      kind: "u",
      values: [1],
      sizes: [2],
    });
    const error = (() => {
      try {
        parseChartInput({ kind: "xmr", values: [1, "2"], colour: "red" });
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(error?.code).toBe("INVALID_REQUEST");
    expect(error?.message).toMatch(/values\[1\]/);
    expect(error?.message).toMatch(/colour/);
  });
});
