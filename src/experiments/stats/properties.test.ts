import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ArmStatistics,
  type BayesianSettings,
  bayesianTest,
  benjaminiHochberg,
  type FrequentistSettings,
  frequentistTest,
  holmBonferroni,
  type MetricType,
  sampleRatioMismatch,
} from "./index.js";

const fixed: FrequentistSettings = {
  difference: "absolute",
  alpha: 0.05,
  sides: "two-sided",
  sequential: false,
  sequentialTuning: 5000,
  cuped: false,
};
const flat: BayesianSettings = { difference: "relative", alpha: 0.05, cuped: false };

/** Sums of per-unit values drawn from a handful of distinct values, so arms vary. */
function armOf(values: readonly number[], pre?: readonly number[]): ArmStatistics {
  const sum = (xs: readonly number[]) => xs.reduce((t, x) => t + x, 0);
  const arm: ArmStatistics = {
    n: values.length,
    sum: sum(values),
    sumSquares: sum(values.map((x) => x * x)),
  };
  if (!pre) return arm;
  return {
    ...arm,
    preSum: sum(pre),
    preSumSquares: sum(pre.map((z) => z * z)),
    prePostSumProduct: sum(values.map((x, i) => x * (pre[i] ?? 0))),
  };
}

const unitValues = fc.array(fc.integer({ min: -50, max: 200 }), { minLength: 3, maxLength: 60 });
const arm = unitValues.map((v) => armOf(v));
const pValues = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 });

function excludesZero(ci: readonly [number, number]): boolean {
  return ci[0] > 0 || ci[1] < 0;
}

describe("frequentist test properties", () => {
  it("swapping the arms negates the absolute lift and keeps the standard error and p-value", () => {
    fc.assert(
      fc.property(arm, arm, (a, b) => {
        const forward = frequentistTest("mean", a, b, fixed);
        const backward = frequentistTest("mean", b, a, fixed);
        expect(backward.errorMessage).toBe(forward.errorMessage);
        expect(backward.lift).toBeCloseTo(-forward.lift, 9);
        expect(backward.se).toBeCloseTo(forward.se, 9);
        expect(backward.pValue).toBeCloseTo(forward.pValue, 9);
      }),
    );
  });

  it("the interval excludes 0 exactly when p < alpha, at a fixed horizon and sequentially", () => {
    fc.assert(
      fc.property(arm, arm, fc.boolean(), fc.constantFrom(0.01, 0.05, 0.2), (a, b, sequential, alpha) => {
        const r = frequentistTest("mean", a, b, { ...fixed, sequential, alpha, sequentialTuning: 200 });
        fc.pre(r.errorMessage === null && Math.abs(r.pValue - alpha) > 1e-9);
        expect(excludesZero(r.ci)).toBe(r.pValue < alpha);
      }),
    );
  });

  it("a one-sided p-value is half the two-sided one when the lift points its way", () => {
    fc.assert(
      fc.property(arm, arm, (a, b) => {
        const two = frequentistTest("mean", a, b, fixed);
        fc.pre(two.errorMessage === null && two.lift !== 0);
        const one = frequentistTest("mean", a, b, { ...fixed, sides: two.lift > 0 ? "greater" : "less" });
        expect(one.pValue).toBeCloseTo(two.pValue / 2, 12);
      }),
    );
  });

  it("the relative lift is the absolute lift over the control mean", () => {
    fc.assert(
      fc.property(arm, arm, (a, b) => {
        const abs = frequentistTest("mean", a, b, fixed);
        const rel = frequentistTest("mean", a, b, { ...fixed, difference: "relative" });
        fc.pre(rel.errorMessage === null);
        expect(rel.lift).toBeCloseTo(abs.lift / Math.abs(a.sum / a.n), 9);
      }),
    );
  });
});

describe("Bayesian test properties", () => {
  it("chance to win is within [0, 1] and agrees with the credible interval", () => {
    fc.assert(
      fc.property(arm, arm, (a, b) => {
        const r = bayesianTest("mean", a, b, { ...flat, difference: "absolute" });
        expect(r.chanceToWin).toBeGreaterThanOrEqual(0);
        expect(r.chanceToWin).toBeLessThanOrEqual(1);
        fc.pre(r.errorMessage === null && Math.abs(r.chanceToWin - 0.975) > 1e-9);
        fc.pre(Math.abs(r.chanceToWin - 0.025) > 1e-9);
        expect(excludesZero(r.ci)).toBe(r.chanceToWin > 0.975 || r.chanceToWin < 0.025);
        expect(r.risk.control).toBeGreaterThanOrEqual(0);
        expect(r.risk.treatment).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("equal arms have a chance to win of 0.5 and equal risks", () => {
    fc.assert(
      fc.property(arm, fc.constantFrom<MetricType>("mean", "proportion"), (a, type) => {
        const r = bayesianTest(type, a, a, { ...flat, difference: "absolute" });
        expect(r.chanceToWin).toBe(0.5);
        expect(r.risk.control).toBeCloseTo(r.risk.treatment, 15);
      }),
    );
  });
});

describe("multiple-testing correction properties", () => {
  it("Holm is at least the raw p-value, BH at most Holm, both at most 1", () => {
    fc.assert(
      fc.property(pValues, (p) => {
        const holm = holmBonferroni(p);
        const bh = benjaminiHochberg(p);
        p.forEach((raw, i) => {
          expect(holm[i]).toBeGreaterThanOrEqual(raw);
          expect(bh[i]).toBeGreaterThanOrEqual(raw);
          expect(bh[i]).toBeLessThanOrEqual(holm[i] as number);
          expect(holm[i]).toBeLessThanOrEqual(1);
        });
      }),
    );
  });

  it("both keep the order of the raw p-values", () => {
    fc.assert(
      fc.property(pValues, (p) => {
        const order = p.map((_, i) => i).sort((i, j) => (p[i] as number) - (p[j] as number));
        for (const adjusted of [holmBonferroni(p), benjaminiHochberg(p)]) {
          const inOrder = order.slice(1).every((j, k) => {
            const i = order[k] as number;
            const [ai, aj] = [adjusted[i] as number, adjusted[j] as number];
            return p[i] === p[j] ? ai === aj : ai <= aj;
          });
          expect(inOrder).toBe(true);
        }
      }),
    );
  });
});

describe("sample ratio mismatch properties", () => {
  it("counts in proportion to the weights give chi-square 0 and p-value 1", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 6 }), (weights) => {
        const r = sampleRatioMismatch(
          weights.map((w) => w * 100),
          weights,
        );
        expect(r.chiSquare).toBeCloseTo(0, 9);
        expect(r.pValue).toBeCloseTo(1, 9);
        expect(r.df).toBe(weights.length - 1);
      }),
    );
  });
});

describe("no input makes a test throw or return NaN", () => {
  const anyNumber = fc.oneof(fc.double(), fc.integer({ min: -3, max: 5 }));
  const anyArm: fc.Arbitrary<ArmStatistics> = fc.record(
    {
      n: fc.oneof(fc.integer({ min: -1, max: 6 }), fc.double()),
      sum: anyNumber,
      sumSquares: anyNumber,
      denominatorSum: anyNumber,
      denominatorSumSquares: anyNumber,
      productSum: anyNumber,
      preSum: anyNumber,
      preSumSquares: anyNumber,
      prePostSumProduct: anyNumber,
    },
    { requiredKeys: ["n", "sum", "sumSquares"] },
  );
  const type = fc.constantFrom<MetricType>("mean", "proportion", "ratio");
  const frequentistSettings = fc.record({
    difference: fc.constantFrom("relative" as const, "absolute" as const),
    alpha: fc.oneof(fc.constantFrom(0.05, 0.5, 0.9), fc.double()),
    sides: fc.constantFrom("two-sided" as const, "greater" as const, "less" as const),
    sequential: fc.boolean(),
    sequentialTuning: fc.oneof(fc.constant(5000), fc.double()),
    cuped: fc.boolean(),
  });

  function checkNumbers(values: number[], errorMessage: string | null): void {
    for (const v of values) expect(Number.isNaN(v)).toBe(false);
    if (errorMessage !== null) expect(errorMessage.length).toBeGreaterThan(0);
  }

  it("frequentist", () => {
    fc.assert(
      fc.property(type, anyArm, anyArm, frequentistSettings, (t, a, b, s) => {
        const r = frequentistTest(t, a, b, s);
        checkNumbers([r.lift, r.se, r.pValue, ...r.ci], r.errorMessage);
        if (r.errorMessage !== null) expect(r).toMatchObject({ lift: 0, se: 0, pValue: 1, ci: [0, 0] });
      }),
      { numRuns: 500 },
    );
  });

  it("Bayesian", () => {
    const prior = fc.option(fc.record({ mean: anyNumber, variance: anyNumber, proper: fc.boolean() }), {
      nil: undefined,
    });
    fc.assert(
      fc.property(type, anyArm, anyArm, prior, fc.boolean(), (t, a, b, p, cuped) => {
        const r = bayesianTest(t, a, b, { ...flat, prior: p, cuped });
        checkNumbers(
          [r.lift, r.se, r.chanceToWin, r.risk.control, r.risk.treatment, ...r.ci],
          r.errorMessage,
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe("CUPED", () => {
  it("with a covariate that predicts the metric, narrows the interval", () => {
    const pre = (n: number, shift: number) => Array.from({ length: n }, (_, i) => ((i * 37) % 23) + shift);
    const post = (z: number[], lift: number) => z.map((x, i) => 2 * x + ((i * 13) % 7) + lift);
    const za = pre(400, 0);
    const zb = pre(420, 1);
    const control = armOf(post(za, 0), za);
    const treatment = armOf(post(zb, 1), zb);
    const plain = frequentistTest("mean", control, treatment, fixed);
    const cuped = frequentistTest("mean", control, treatment, { ...fixed, cuped: true });
    expect(cuped.errorMessage).toBeNull();
    expect(cuped.se).toBeLessThan(plain.se / 3);
  });

  it("refuses pre-period sums in one arm only", () => {
    const control = armOf([1, 2, 3, 4], [1, 1, 2, 2]);
    const treatment = armOf([2, 3, 4, 5]);
    const r = frequentistTest("mean", control, treatment, { ...fixed, cuped: true });
    expect(r.errorMessage).toMatch(/both arms/);
  });
});
