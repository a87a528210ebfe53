import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type SampleSummary, welchTest } from "./index.js";

/** Written by test/fixtures/scipy/welch.py from scipy.stats.ttest_ind(treatment, control, equal_var=False). */
interface WelchFixture {
  scipy: string;
  alpha: number;
  cases: {
    id: number;
    shape: string;
    control: SampleSummary;
    treatment: SampleSummary;
    t: number;
    df: number;
    pValue: number;
    ci: [number, number];
  }[];
}

const fixture = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/scipy/welch.json", import.meta.url), "utf8"),
) as WelchFixture;

/** Agreement to `rel` relative to the larger of |expected| and `scale`. */
function close(actual: number, expected: number, rel: number, scale = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    rel * Math.max(Math.abs(expected), scale),
  );
}

describe("Welch's t test against scipy", () => {
  it("has at least 50 reference data sets", () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(50);
  });

  it.each(fixture.cases.map((c) => [c.id, c.shape, c] as const))("data set %i (%s)", (_id, _shape, c) => {
    const r = welchTest(c.control, c.treatment, fixture.alpha);
    close(r.t, c.t, 1e-10);
    close(r.df, c.df, 1e-10);
    close(r.pValue, c.pValue, 1e-10, 1e-300);
    const width = c.ci[1] - c.ci[0];
    close(r.ci[0], c.ci[0], 1e-10, width);
    close(r.ci[1], c.ci[1], 1e-10, width);
  });

  it("has nothing to test without variance or with one unit", () => {
    const one = { n: 1, mean: 3, variance: 0 };
    const flat = { n: 10, mean: 3, variance: 0 };
    for (const [a, b] of [
      [one, flat],
      [flat, flat],
    ] as const) {
      expect(welchTest(a, b)).toEqual({ t: 0, df: 0, pValue: 1, ci: [0, 0] });
    }
  });
});
