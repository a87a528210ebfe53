import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../core/index.js";
import { mdeAt, type PlanInput, planExperiment, powerAt } from "./power.js";

/** Expected values are GrowthBook's, printed to 5 decimals; we hold them to 4. */
function near(actual: number, expected: number): void {
  expect(actual).toBeCloseTo(expected, 4);
}

function usageError(run: () => unknown, field: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe("USAGE");
  expect((caught as AppError).message).toContain(field);
}

describe("GrowthBook's power calculator", () => {
  // Mean metric of GrowthBook's single-metric cases: 400,000 units over 3 arms.
  const timeToCompletion: PlanInput = {
    metric: "mean",
    baseline: 10,
    standardDeviation: Math.sqrt(3909.9997749994377),
    mde: 0.05,
    variants: 3,
  };
  const perArm = 400000 / 3;

  it("power of a mean metric", () => {
    // growthbook packages/shared/test/power.test.ts "calculates power correctly"
    near(powerAt(timeToCompletion, perArm), 0.52144);
  });

  it("two-tailed MDE of a mean metric", () => {
    // growthbook packages/shared/test/power.test.ts "calculates two-tailed mde correctly"
    near(mdeAt({ ...timeToCompletion, power: 0.8 }, perArm), 0.07027);
  });

  it("sequential power of a mean metric", () => {
    // growthbook packages/shared/test/power.test.ts "calculates sequential power correctly"
    near(powerAt({ ...timeToCompletion, sequential: true, sequentialTuning: 5000 }, perArm), 0.20596);
  });

  it("sequential MDE of a mean metric", () => {
    // growthbook packages/shared/test/power.test.ts "calculates sequential mde correctly"
    near(mdeAt({ ...timeToCompletion, sequential: true, sequentialTuning: 5000 }, perArm), 0.12821);
  });

  // Two metrics over 9 weeks of 4,500 units a week split across 3 arms, alpha 0.05, power 0.8.
  const usersPerWeek = 4500;
  const clickThroughRate: PlanInput = { metric: "proportion", baseline: 0.1, mde: 0.05, variants: 3 };
  const revenue: PlanInput = {
    metric: "mean",
    baseline: 0.1,
    standardDeviation: Math.sqrt(0.5),
    mde: 0.3,
    variants: 3,
  };
  /** Week by week, click-through rate then revenue, as GrowthBook lists them. */
  function weekly(figure: (input: PlanInput, perArm: number) => number, sequential: boolean): number[] {
    const out: number[] = [];
    for (let week = 1; week <= 9; week++) {
      for (const metric of [clickThroughRate, revenue])
        out.push(figure({ ...metric, sequential }, (week * usersPerWeek) / 3));
    }
    return out;
  }
  function nearAll(actual: number[], expected: number[]): void {
    expect(actual).toHaveLength(expected.length);
    actual.forEach((value, i) => {
      near(value, expected[i] as number);
    });
  }

  it("power week by week for a proportion and a mean metric, 3 arms", () => {
    // growthbook packages/shared/test/power.test.ts "checks power" (frequentist power)
    nearAll(
      weekly(powerAt, false),
      [
        0.073, 0.17053, 0.0965, 0.29389, 0.1204, 0.41122, 0.14458, 0.51749, 0.16895, 0.61037, 0.19342,
        0.68938, 0.21791, 0.75513, 0.24235, 0.80886, 0.26666, 0.85213,
      ],
    );
  });

  it("MDE week by week for a proportion and a mean metric, 3 arms", () => {
    // growthbook packages/shared/test/power.test.ts "checks power" (frequentist MDE)
    nearAll(
      weekly(mdeAt, false),
      [
        0.36767, 1.26769, 0.24505, 0.71941, 0.19525, 0.54299, 0.16673, 0.4506, 0.14774, 0.39208, 0.13394,
        0.35099, 0.12336, 0.32018, 0.11491, 0.29603, 0.10796, 0.27647,
      ],
    );
  });

  it("sample size: revenue reaches 80% power in week 8, click-through rate not within 9 weeks", () => {
    // growthbook packages/shared/test/power.test.ts "checks power" (sampleSizeAndRuntime [undefined, 8])
    const revenuePlan = planExperiment(revenue);
    expect(Math.ceil(revenuePlan.totalUsers / usersPerWeek)).toBe(8);
    expect(revenuePlan.totalUsers).toBe(revenuePlan.usersPerVariant * 3);
    expect(Math.ceil(planExperiment(clickThroughRate).totalUsers / usersPerWeek)).toBeGreaterThan(9);
  });

  it("sequential power week by week, 3 arms", () => {
    // growthbook packages/shared/test/power.test.ts "checks sequential power" (power)
    nearAll(
      weekly(powerAt, true),
      [
        0.05936, 0.09832, 0.06912, 0.14992, 0.07849, 0.19972, 0.08761, 0.24784, 0.09657, 0.29426, 0.10541,
        0.33888, 0.11415, 0.38165, 0.12282, 0.42249, 0.13142, 0.46136,
      ],
    );
  });

  it("sequential MDE week by week, 3 arms", () => {
    // growthbook packages/shared/test/power.test.ts "checks sequential power" (MDE)
    nearAll(
      weekly(mdeAt, true),
      [
        0.65545, 4.33868, 0.4112, 1.51846, 0.32394, 1.04943, 0.27607, 0.84084, 0.24484, 0.71862, 0.22241,
        0.63663, 0.20532, 0.577, 0.19172, 0.53123, 0.18058, 0.49473,
      ],
    );
  });

  it("sequential sample size: neither metric reaches 80% power within 9 weeks", () => {
    // growthbook packages/shared/test/power.test.ts "checks sequential power" (sampleSizeAndRuntime [undefined, undefined])
    for (const metric of [clickThroughRate, revenue]) {
      const plan = planExperiment({ ...metric, sequential: true });
      expect(Math.ceil(plan.totalUsers / usersPerWeek)).toBeGreaterThan(9);
    }
  });
});

describe("closed forms", () => {
  const z = (alpha: number, power: number) =>
    normalQuantile(1 - alpha / 2, 0, 1) + normalQuantile(power, 0, 1);
  const cases = [
    { baseline: 0.1, mde: 0.05, alpha: 0.05, power: 0.8 },
    { baseline: 0.02, mde: 0.1, alpha: 0.05, power: 0.9 },
    { baseline: 0.5, mde: 0.02, alpha: 0.01, power: 0.8 },
    { baseline: 0.3, mde: 0.25, alpha: 0.1, power: 0.7 },
  ];

  // The method does not use the textbook two-sample z-test variance p1(1 − p1) + p2(1 − p2) over the
  // absolute difference. It takes the control variance p(1 − p) for both arms and the delta-method
  // variance of the relative lift, σ²/(n·p²)·(1 + (1 + lift)²), which for a lift of size lift gives
  //   n = (z_{1−α/2} + z_power)² · p(1 − p) · (1 + (1 + lift)²) / (p · lift)².
  // That formula ignores the far tail of the two-sided test, which adds about 1e−6 of power, so the
  // method's whole-unit answer is the formula's ceiling or, at most, one unit fewer.
  it.each(cases)("two-arm proportion sample size is the delta-method z-test size: %o", (c) => {
    const { baseline: p, mde } = c;
    const closed = (z(c.alpha, c.power) ** 2 * p * (1 - p) * (1 + (1 + mde) ** 2)) / (p * mde) ** 2;
    const plan = planExperiment({ metric: "proportion", ...c });
    expect(plan.usersPerVariant).toBeLessThanOrEqual(Math.ceil(closed));
    expect(plan.usersPerVariant).toBeGreaterThanOrEqual(Math.ceil(closed) - 1);
    expect(plan.totalUsers).toBe(2 * plan.usersPerVariant);
  });

  it.each(cases)("differs from the textbook z-test size only by the variance assumption: %o", (c) => {
    const { baseline: p1, mde } = c;
    const p2 = p1 * (1 + mde);
    const textbook = (z(c.alpha, c.power) ** 2 * (p1 * (1 - p1) + p2 * (1 - p2))) / (p2 - p1) ** 2;
    const varianceRatio = (p1 * (1 - p1) * (1 + (1 + mde) ** 2)) / (p1 * (1 - p1) + p2 * (1 - p2));
    const plan = planExperiment({ metric: "proportion", ...c });
    expect(Math.abs(plan.usersPerVariant - textbook * varianceRatio)).toBeLessThanOrEqual(1);
  });

  it("two-arm mean sample size is the delta-method z-test size", () => {
    const input: PlanInput = { metric: "mean", baseline: 42, standardDeviation: 60, mde: 0.03 };
    const closed = (z(0.05, 0.8) ** 2 * 60 ** 2 * (1 + 1.03 ** 2)) / (42 * 0.03) ** 2;
    const { usersPerVariant } = planExperiment(input);
    expect(usersPerVariant).toBeLessThanOrEqual(Math.ceil(closed));
    expect(usersPerVariant).toBeGreaterThanOrEqual(Math.ceil(closed) - 1);
  });

  it("the number of arms changes the total, not the units each arm needs", () => {
    const two = planExperiment({ metric: "proportion", baseline: 0.1, mde: 0.1 });
    const four = planExperiment({ metric: "proportion", baseline: 0.1, mde: 0.1, variants: 4 });
    expect(four.usersPerVariant).toBe(two.usersPerVariant);
    expect(four.totalUsers).toBe(4 * two.usersPerVariant);
    expect(four.assumptions.join("\n")).toContain("no correction for multiple comparisons");
  });
});

describe("plan", () => {
  const input: PlanInput = {
    metric: "proportion",
    baseline: 0.1,
    mde: 0.1,
    trafficPerDay: 1000,
    users: 5000,
  };

  it("reports the smallest whole sample reaching the power, its duration, curve and assumptions", () => {
    const plan = planExperiment(input);
    expect(Number.isInteger(plan.usersPerVariant)).toBe(true);
    expect(plan.power).toBeGreaterThanOrEqual(0.8);
    expect(powerAt(input, plan.usersPerVariant - 1)).toBeLessThan(0.8);
    expect(plan.days).toBe(Math.ceil(plan.totalUsers / 1000));
    expect(plan.curve).toHaveLength(20);
    expect(plan.curve.at(-1)?.users).toBe(2 * plan.usersPerVariant);
    expect(plan.curve.some((point) => point.users === plan.usersPerVariant)).toBe(true);
    expect(plan.mdeForUsers).toEqual({ users: 5000, mde: mdeAt(input, 5000), power: powerAt(input, 5000) });
    expect(plan.assumptions).toHaveLength(6);
    expect(plan.assumptions[0]).toContain("alpha = 0.05");
    expect(plan.assumptions[1]).toContain("Two-sided");
    expect(plan.assumptions[2]).toContain("p(1 − p)");
  });

  it("has no duration or MDE report without traffic or users", () => {
    const plan = planExperiment({ metric: "proportion", baseline: 0.1, mde: 0.1 });
    expect(plan.days).toBeNull();
    expect(plan.mdeForUsers).toBeNull();
  });

  it("states the sequential widening", () => {
    const plan = planExperiment({ ...input, sequential: true });
    expect(plan.assumptions.join("\n")).toMatch(/Sequential testing \(confidence sequences, tuning 5000\)/);
  });

  it("keeps a short curve for tiny samples free of repeats", () => {
    const plan = planExperiment({ metric: "proportion", baseline: 0.5, mde: 0.9 });
    const users = plan.curve.map((point) => point.users);
    expect(new Set(users).size).toBe(users.length);
    expect(users.every((n) => n >= 1)).toBe(true);
  });
});

describe("properties", () => {
  const proportion = fc.record({
    metric: fc.constant("proportion" as const),
    baseline: fc.double({ min: 0.01, max: 0.6, noNaN: true }),
    mde: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
    power: fc.constantFrom(0.7, 0.8, 0.9),
    alpha: fc.constantFrom(0.01, 0.05, 0.1),
    variants: fc.integer({ min: 2, max: 5 }),
    sequential: fc.boolean(),
  });
  // Coefficients of variation from 0.1 to 50, from steady order values to heavy-tailed revenue.
  const mean = fc
    .record({
      baseline: fc.double({ min: 0.5, max: 500, noNaN: true }),
      variation: fc.double({ min: 0.1, max: 50, noNaN: true }),
      mde: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      power: fc.constantFrom(0.7, 0.8, 0.9),
      alpha: fc.constantFrom(0.01, 0.05, 0.1),
      variants: fc.integer({ min: 2, max: 5 }),
      sequential: fc.boolean(),
    })
    .map(({ variation, ...rest }) => ({
      ...rest,
      metric: "mean" as const,
      standardDeviation: variation * rest.baseline,
    }));
  const anyInput: fc.Arbitrary<PlanInput> = fc.oneof(proportion, mean);
  const users = fc.integer({ min: 10, max: 5_000_000 });

  it("power rises with users", () => {
    fc.assert(
      fc.property(anyInput, users, (input, n) => {
        const fewer = powerAt(input, n);
        const more = powerAt(input, n * 2);
        expect(more).toBeGreaterThanOrEqual(fewer);
        if (fewer < 0.999) expect(more).toBeGreaterThan(fewer);
      }),
    );
  });

  it("MDE falls with users", () => {
    fc.assert(
      fc.property(anyInput, users, (input, n) => {
        let fewer: number;
        try {
          fewer = mdeAt(input, n);
        } catch {
          return; // no MDE at n; covered below
        }
        expect(mdeAt(input, n * 2)).toBeLessThan(fewer);
      }),
    );
  });

  it("power at the MDE is the requested power, plus the far tail the MDE formula leaves out", () => {
    fc.assert(
      fc.property(anyInput, users, (input, n) => {
        let mde: number;
        try {
          mde = mdeAt(input, n);
        } catch {
          return;
        }
        const target = input.power as number;
        const alpha = input.alpha as number;
        const zStar = normalQuantile(1 - alpha / 2, 0, 1);
        const farTail = normalCdf(-2 * zStar + normalQuantile(1 - target, 0, 1), 0, 1);
        const achieved = powerAt({ ...input, mde }, n);
        expect(achieved).toBeCloseTo(target + farTail, 9);
        expect(achieved).toBeCloseTo(target, 2);
      }),
    );
  });

  it("power at the planned sample size reaches the target and one unit fewer does not", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const plan = planExperiment(input);
        expect(plan.power).toBeGreaterThanOrEqual(input.power as number);
        if (plan.usersPerVariant > 1)
          expect(powerAt(input, plan.usersPerVariant - 1)).toBeLessThan(input.power as number);
      }),
    );
  });

  it("sequential testing needs more users than a fixed horizon", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const fixed = planExperiment({ ...input, sequential: false });
        const sequential = planExperiment({ ...input, sequential: true });
        expect(sequential.usersPerVariant).toBeGreaterThanOrEqual(fixed.usersPerVariant);
        // Only a lift so large that one unit per arm is enough leaves the two equal.
        if (fixed.usersPerVariant > 1)
          expect(sequential.usersPerVariant).toBeGreaterThan(fixed.usersPerVariant);
        expect(powerAt({ ...input, sequential: true }, fixed.usersPerVariant)).toBeLessThan(fixed.power);
      }),
    );
  });

  it("every figure is finite", () => {
    fc.assert(
      fc.property(anyInput, fc.option(users, { nil: undefined }), (input, n) => {
        let plan: ReturnType<typeof planExperiment>;
        try {
          plan = planExperiment({ ...input, users: n, trafficPerDay: 777 });
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          return;
        }
        const numbers = [
          plan.usersPerVariant,
          plan.totalUsers,
          plan.days ?? 0,
          plan.power,
          ...(plan.mdeForUsers ? [plan.mdeForUsers.mde, plan.mdeForUsers.power] : []),
          ...plan.curve.flatMap((point) => [point.users, point.power]),
        ];
        expect(numbers.every(Number.isFinite)).toBe(true);
      }),
    );
  });
});

describe("input checks", () => {
  const ok: PlanInput = { metric: "proportion", baseline: 0.1, mde: 0.1 };

  it("names the field and the fix", () => {
    expect(() => planExperiment({ ...ok, baseline: 3 })).toThrow(
      "baseline must be a rate between 0 and 1 for a proportion metric; got 3.",
    );
    usageError(() => planExperiment({ ...ok, metric: "ratio" as "mean" }), "metric");
    usageError(() => planExperiment({ ...ok, baseline: Number.NaN }), "baseline");
    usageError(() => planExperiment({ ...ok, standardDeviation: 1 }), "standardDeviation");
    usageError(
      () => planExperiment({ metric: "mean", baseline: 10, mde: 0.1 }),
      "standardDeviation is required",
    );
    usageError(
      () => planExperiment({ metric: "mean", baseline: 10, standardDeviation: 0, mde: 0.1 }),
      "standardDeviation",
    );
    usageError(
      () => planExperiment({ metric: "mean", baseline: 0, standardDeviation: 1, mde: 0.1 }),
      "baseline",
    );
    usageError(() => planExperiment({ ...ok, mde: 0 }), "mde");
    usageError(() => planExperiment({ ...ok, mde: -0.1 }), "mde");
    usageError(() => planExperiment({ ...ok, baseline: 0.6, mde: 1 }), "treatment rate");
    usageError(() => planExperiment({ ...ok, power: 1 }), "power");
    usageError(() => planExperiment({ ...ok, power: 0.04 }), "power must be above alpha");
    usageError(() => planExperiment({ ...ok, alpha: 0 }), "alpha");
    usageError(() => planExperiment({ ...ok, alpha: 5 }), "alpha");
    usageError(() => planExperiment({ ...ok, variants: 1 }), "variants");
    usageError(() => planExperiment({ ...ok, variants: 2.5 }), "variants");
    usageError(() => planExperiment({ ...ok, trafficPerDay: 0 }), "trafficPerDay");
    usageError(() => planExperiment({ ...ok, sequentialTuning: -1 }), "sequentialTuning");
    usageError(() => planExperiment({ ...ok, users: 0 }), "users");
    usageError(() => powerAt(ok, 0), "usersPerVariant");
    usageError(() => mdeAt(ok, Number.POSITIVE_INFINITY), "usersPerVariant");
  });

  it("says when no lift reaches the power at a size, and from what size one does", () => {
    const noisy: PlanInput = { metric: "mean", baseline: 1, standardDeviation: 20, mde: 0.1 };
    for (const sequential of [false, true]) {
      const input = { ...noisy, sequential };
      let message = "";
      try {
        mdeAt(input, 100);
      } catch (error) {
        message = (error as AppError).message;
      }
      expect(message).toContain("No lift reaches power 0.8 with 100 units per variant");
      const enough = Number(/at least (\d+) units/.exec(message)?.[1]);
      expect(Number.isFinite(mdeAt(input, enough))).toBe(true);
      usageError(() => mdeAt(input, enough - 1), "No lift reaches power");
      usageError(() => planExperiment({ ...input, users: 100 }), "No lift reaches power");
    }
  });

  it("says when the MDE of a proportion would take the rate above 1", () => {
    const input: PlanInput = { metric: "proportion", baseline: 0.4, mde: 0.1 };
    let message = "";
    try {
      mdeAt(input, 20);
    } catch (error) {
      message = (error as AppError).message;
    }
    expect(message).toContain("the lift needed would take the rate above 1");
    const enough = Number(/at least (\d+) units/.exec(message)?.[1]);
    expect(0.4 * (1 + mdeAt(input, enough))).toBeLessThan(1);
    usageError(() => mdeAt(input, enough - 1), "No lift reaches power");
  });

  it("says when the lift is too small to detect at any realistic size", () => {
    usageError(() => planExperiment({ ...ok, mde: 1e-9 }), "cannot be detected");
  });
});
