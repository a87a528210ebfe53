import { describe, expect, it } from "vitest";
import type { RuleSet } from "./chart.schema.js";
import { detectSignals, RULES } from "./rules.js";

/** A series on a chart with centre 0 and sigma 1, as qcc's rule tests build it. */
function standard(statistics: number[]) {
  return {
    statistics,
    center: statistics.map(() => 0),
    standardError: statistics.map(() => 1),
  };
}

/** 0-based points flagged by one rule. */
function flagged(statistics: number[], ruleSet: RuleSet, rule: number): number[] {
  return detectSignals(standard(statistics), ruleSet, { ruleNumbers: [rule] }).map((s) => s.index);
}

/** 1-based indexes from qcc's tests, as our 0-based ones. */
const zeroBased = (indexes: number[]) => indexes.map((i) => i - 1);

// Cases and expected indexes from qcc's tests/testthat/test-rules.R (qcc 3.0).
describe("Western Electric rules (qcc's test vectors)", () => {
  it("flags points beyond 3 sigma as rule 1", () => {
    expect(flagged([0, 3.2, -3.5, 2.9], "western-electric", 1)).toEqual(zeroBased([2, 3]));
  });

  it("flags 2 of 3 points beyond 2 sigma as rule 2", () => {
    expect(flagged([0, 2.5, 1.0, 2.6, 0], "western-electric", 2)).toEqual(zeroBased([4]));
  });

  it("flags 4 of 5 points beyond 1 sigma as rule 3", () => {
    expect(flagged([0, 1.2, 1.3, 0.2, 1.4, 1.5], "western-electric", 3)).toEqual(zeroBased([6]));
  });

  it("flags 8 points in a row on one side as rule 4", () => {
    expect(flagged([-1, -1, -1, -1, -1, -1, -1, -1, 1], "western-electric", 4)).toEqual(zeroBased([8]));
    expect(flagged([...new Array(8).fill(0.5), -0.5], "western-electric", 4)).toEqual(zeroBased([8]));
  });

  it("reports every rule a point breaks, where qcc's summary keeps only the lowest number", () => {
    const series = [2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 3.2];
    expect(flagged(series, "western-electric", 4)).toEqual(zeroBased([8]));
    expect(flagged(series, "western-electric", 3)).toEqual(zeroBased([5, 6, 7, 8]));
    expect(flagged(series, "western-electric", 2)).toEqual(zeroBased([3, 4, 5, 6, 7, 8]));
    expect(flagged(series, "western-electric", 1)).toEqual(zeroBased([8]));
    const last = detectSignals(standard(series), "western-electric").filter((s) => s.index === 7);
    expect(last.map((s) => s.rule)).toEqual([1, 2, 3, 4]);
  });
});

describe("Nelson rules (qcc's test vectors)", () => {
  it("flags points beyond 3 sigma as rule 1", () => {
    expect(flagged([0, 3.2, -3.4, 3], "nelson", 1)).toEqual(zeroBased([2, 3]));
  });

  it("flags 9 points in a row on one side as rule 2, from the 9th point on", () => {
    const series = [...new Array(10).fill(0.5), -0.5, ...new Array(9).fill(-0.5)];
    expect(flagged(series, "nelson", 2)).toEqual(zeroBased([9, 10, 19, 20]));
  });

  it("flags 6 points steadily rising or falling as rule 3", () => {
    expect(flagged([1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1], "nelson", 3)).toEqual(
      zeroBased([6, 7, 13, 14]),
    );
  });

  it("flags 14 points alternating up and down as rule 4", () => {
    const series = [1, 3, 2, 4, 3, 5, 4, 6, 5, 7, 6, 8, 7, 9, 8];
    expect(flagged(series, "nelson", 4)).toEqual(zeroBased([14, 15]));
  });

  it("flags 2 of 3 points beyond 2 sigma on one side as rule 5", () => {
    expect(flagged([0, 2.3, 0.4, 2.2, -2.4, -0.2, -2.5], "nelson", 5)).toEqual(zeroBased([4, 7]));
  });

  it("flags 4 of 5 points beyond 1 sigma on one side as rule 6", () => {
    const series = [1.2, 1.3, 0.2, 1.4, 1.5, -1.2, -1.3, -0.1, -1.4, -1.5];
    expect(flagged(series, "nelson", 6)).toEqual(zeroBased([5, 10]));
  });

  it("flags 15 points in a row within 1 sigma as rule 7", () => {
    expect(flagged([...new Array(16).fill(0.3), 1.2], "nelson", 7)).toEqual(zeroBased([15, 16]));
  });

  it("flags 8 points in a row beyond 1 sigma on both sides as rule 8, but not on one side only", () => {
    expect(flagged([1.2, -1.3, 1.1, -1.4, 1.5, -1.2, 1.3, -1.1, 0.2], "nelson", 8)).toEqual(zeroBased([8]));
    expect(flagged(new Array(8).fill(1.2), "nelson", 8)).toEqual([]);
  });

  it("reads a rule number within its set: an alternating series is Nelson 4, not Western Electric 4", () => {
    const series = Array.from({ length: 15 }, (_, i) => i % 2);
    expect(flagged(series, "western-electric", 4)).toEqual([]);
    expect(flagged(series, "nelson", 4)).toEqual(zeroBased([14, 15]));
  });
});

describe("rule details", () => {
  it("does not count a point on the centre line as being on either side", () => {
    expect(flagged([...new Array(4).fill(0.5), 0, ...new Array(4).fill(0.5)], "western-electric", 4)).toEqual(
      [],
    );
  });

  it("does not count equal neighbours as a trend or an alternation", () => {
    expect(flagged([1, 2, 3, 3, 4, 5, 6], "nelson", 3)).toEqual([]);
    expect(flagged([1, 3, 2, 4, 3, 5, 4, 4, 5, 3, 6, 2, 7, 1], "nelson", 4)).toEqual([]);
  });

  it("counts a point on the 1-sigma line as within 1 sigma", () => {
    expect(flagged(new Array(15).fill(1), "nelson", 7)).toEqual([14]);
  });

  it("requires the point reported for 2 of 3 to be beyond the zone itself", () => {
    expect(flagged([2.5, 2.5, 0], "western-electric", 2)).toEqual([]);
  });

  it("judges each point against its own zone lines when they vary from point to point", () => {
    // Points 0 and 1 are beyond their own 2-sigma lines (standard errors 1 and 1), not beyond the
    // wider line of point 2 (standard error 2), which is beyond its own.
    const series = { statistics: [2.5, 2.5, 4.5], center: [0, 0, 0], standardError: [1, 1, 2] };
    expect(detectSignals(series, "western-electric", { ruleNumbers: [2] }).map((s) => s.index)).toEqual([2]);
  });

  it("uses clipped control limits for rule 1 when given", () => {
    const series = {
      statistics: [0, 0.1],
      center: [0.05, 0.05],
      standardError: [0.05, 0.05],
      lcl: [0, 0],
      ucl: [0.2, 0.2],
    };
    expect(detectSignals(series, "western-electric", { ruleNumbers: [1] })).toEqual([]);
  });

  it("says which side a point broke on, in plain words, and copies the period", () => {
    const signals = detectSignals(standard([0, 3.5, -3.5]), "nelson", {
      ruleNumbers: [1],
      periods: ["Mon", "Tue", "Wed"],
    });
    expect(signals).toEqual([
      { rule: 1, index: 1, period: "Tue", description: "Point above the upper control limit" },
      { rule: 1, index: 2, period: "Wed", description: "Point below the lower control limit" },
    ]);
    const run = detectSignals(standard(new Array(8).fill(-0.5)), "western-electric", { ruleNumbers: [4] });
    expect(run[0]?.description).toBe("8 points in a row below the centre line");
  });

  it("finds nothing with the rule set none", () => {
    expect(detectSignals(standard([0, 9, -9]), "none")).toEqual([]);
  });

  it("numbers the rule sets as qcc and Minitab do", () => {
    expect(RULES["western-electric"].map((r) => r.pattern)).toEqual([
      "beyond-limits",
      "two-of-three",
      "four-of-five",
      "run-8",
    ]);
    expect(RULES.nelson.map((r) => r.pattern)).toEqual([
      "beyond-limits",
      "run-9",
      "trend",
      "alternating",
      "two-of-three",
      "four-of-five",
      "hugging",
      "mixture",
    ]);
  });
});
