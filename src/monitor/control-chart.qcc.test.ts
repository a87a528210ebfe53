import { describe, expect, it } from "vitest";
import type { ChartResult, RuleSet } from "./chart.schema.js";
import { computeControlChart } from "./control-chart.js";
import type { QccCase, QccChart } from "./fixtures/qcc-case.js";
import { QCC_REFERENCE } from "./fixtures/qcc-reference.js";

const TOLERANCE = 1e-6;

function expectClose(actual: number | undefined, expected: number, what: string): void {
  expect(actual, what).toBeDefined();
  expect(
    Math.abs((actual as number) - expected),
    `${what}: ${actual} vs qcc ${expected}`,
  ).toBeLessThanOrEqual(TOLERANCE);
}

function perPoint(value: number | number[], points: number): number[] {
  return Array.isArray(value) ? value : new Array<number>(points).fill(value);
}

function expectSeriesClose(
  actual: number | number[],
  expected: number | number[],
  points: number,
  what: string,
): void {
  const a = perPoint(actual, points);
  const e = perPoint(expected, points);
  expect(a).toHaveLength(points);
  for (const [i, value] of e.entries()) expectClose(a[i], value, `${what}[${i}]`);
}

function flaggedBy(result: ChartResult, rule: number): number[] {
  return result.signals.filter((s) => s.rule === rule).map((s) => s.index);
}

function expectSameChart(result: ChartResult, qcc: QccChart, kind: string): void {
  const points = qcc.statistics.length;
  expectClose(result.center, qcc.center, "center");
  expectSeriesClose(result.lcl, qcc.lcl, points, "lcl");
  expectSeriesClose(result.ucl, qcc.ucl, points, "ucl");
  expectSeriesClose(result.statistics, qcc.statistics, points, "statistics");
  // qcc's std.dev is the plotted point's standard deviation for p and np, and one unit's otherwise;
  // it covers the baseline points only.
  const ours = kind === "p" || kind === "np" ? result.standardError : result.sigma;
  const stdDev = perPoint(qcc.stdDev, Array.isArray(qcc.stdDev) ? qcc.stdDev.length : 1);
  for (const [i, value] of stdDev.entries()) {
    expectClose(perPoint(ours, points)[result.baseline.from + i], value, `sigma[${i}]`);
  }
}

const cases = Object.entries(QCC_REFERENCE) as [string, QccCase][];

/**
 * Where sample sizes vary, qcc judges every point of a "2 of 3" or "4 of 5" window against the zone
 * line of the window's last point; we judge each point against its own. In simulatedU that changes
 * one point: u[35..38] = 5.93, 6.47, 7.39, 8.57 all lie above their own 1-sigma lines (5.77, 6.11,
 * 5.88, 7.02), but qcc compares u[35] and u[36] with point 38's line (7.02, wide because its sample
 * is 0.7 units), so it does not flag point 38.
 */
const DELIBERATE_DIFFERENCES: Record<string, Partial<Record<RuleSet, Record<number, number[]>>>> = {
  simulatedU: { "western-electric": { 3: [38] }, nelson: { 6: [38] } },
};

function expectedHits(
  name: string,
  ruleSet: "western-electric" | "nelson",
  rule: number,
  qcc: QccChart,
): number[] {
  const extra = DELIBERATE_DIFFERENCES[name]?.[ruleSet]?.[rule] ?? [];
  return [...(qcc.rules[ruleSet][String(rule)] ?? []), ...extra].sort((a, b) => a - b);
}

describe.each(cases)("%s matches R qcc", (name, reference) => {
  const { input, qcc } = reference;
  const chart = (rules: RuleSet) => computeControlChart({ ...input, rules });

  it("has qcc's centre line, limits, sigma and plotted points", () => {
    expectSameChart(chart("western-electric"), qcc, input.kind);
  });

  it.each([1, 2, 3, 4])("flags the same points as qcc's Western Electric rule %i", (rule) => {
    expect(flaggedBy(chart("western-electric"), rule)).toEqual(
      expectedHits(name, "western-electric", rule, qcc),
    );
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])("flags the same points as qcc's Nelson rule %i", (rule) => {
    expect(flaggedBy(chart("nelson"), rule)).toEqual(expectedHits(name, "nelson", rule, qcc));
  });

  if (qcc.range) {
    const range = qcc.range;
    it("has qcc's R chart, with the same ranges beyond its limits", () => {
      const secondary = chart("none").secondary;
      expect(secondary?.name).toBe("R");
      expectClose(secondary?.center, range.center, "R center");
      expectClose(secondary?.lcl, perPoint(range.lcl, 1)[0] as number, "R lcl");
      expectClose(secondary?.ucl, perPoint(range.ucl, 1)[0] as number, "R ucl");
      expect(secondary?.statistics).toHaveLength(range.statistics.length);
      for (const [i, r] of range.statistics.entries()) {
        expectClose(secondary?.statistics[i] ?? undefined, r, `R[${i}]`);
      }
      expect(secondary?.signals.map((signal) => signal.index)).toEqual(range.rules["western-electric"]["1"]);
    });
  }

  if (qcc.movingRange) {
    const mr = qcc.movingRange;
    it("has the moving-range chart that follows from qcc's sigma", () => {
      const secondary = chart("none").secondary;
      expect(secondary?.name).toBe("MR");
      expectClose(secondary?.center, mr.center, "MR center");
      expectClose(secondary?.lcl, mr.lcl, "MR lcl");
      expectClose(secondary?.ucl, mr.ucl, "MR ucl");
      expect(secondary?.statistics[0]).toBeNull();
    });
  }

  for (const expected of qcc.capability ?? []) {
    const spec = {
      ...(expected.lsl !== null ? { lsl: expected.lsl } : {}),
      ...(expected.usl !== null ? { usl: expected.usl } : {}),
      ...(expected.lsl !== null && expected.usl !== null ? { target: expected.target } : {}),
    };
    it(`has qcc's process capability for ${JSON.stringify(spec)}`, () => {
      const capability = computeControlChart({ ...input, spec }).capability;
      expect(capability).toBeDefined();
      expectClose(capability?.sigmaWithin, expected.stdDev, "sigma within");
      expectClose(capability?.sigmaOverall, expected.overallStdDev, "sigma overall");
      for (const key of ["cp", "cpl", "cpu", "cpk", "cpm", "pp", "ppl", "ppu", "ppk", "ppm"] as const) {
        const value = expected[key];
        if (value === null) expect(capability?.[key], key).toBeUndefined();
        else expectClose(capability?.[key], value, key);
      }
    });
  }
});
