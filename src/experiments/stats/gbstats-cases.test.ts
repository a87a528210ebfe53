/**
 * Test cases of GrowthBook's statistics, with their inputs and expected values. Sources, under
 * github.com/growthbook/growthbook: packages/stats/tests/ (gbstats, the Python engine; it rounds its
 * expectations to 5 or 9 decimals) and, for the sample ratio mismatch and the multiple-testing
 * corrections, which GrowthBook computes in TypeScript, packages/back-end/test/stats.test.ts and
 * packages/shared/test/experiments.test.ts. Each number must round to the expected one at the
 * precision it is given with.
 */
import { afterAll, describe, expect, it } from "vitest";
import { prepareArms, regressionRatioStatistic } from "./arms.js";
import {
  type ArmStatistics,
  adjustedConfidenceInterval,
  armMoments,
  type BayesianSettings,
  bayesianTest,
  benjaminiHochberg,
  cupedArmMoments,
  type FrequentistSettings,
  frequentistTest,
  gaussianRisk,
  holmBonferroni,
  sampleRatioMismatch,
} from "./index.js";
import { differenceVariance, effectMoments } from "./moments.js";

let worst = 0;

/** |actual − expected| within half a unit of the last decimal the expected value is given with. */
function near(actual: number, expected: number, decimals = 5): void {
  const deviation = Math.abs(actual - expected);
  worst = Math.max(worst, deviation);
  expect(deviation, `${actual} vs ${expected}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
}

function nearAll(actual: readonly number[], expected: readonly number[], decimals = 5): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    near(a, expected[i] as number, decimals);
  });
}

afterAll(() => {
  // every ported value rounds to the expected one at 5 decimals or finer
  expect(worst).toBeLessThanOrEqual(5e-6);
});

const frequentist: FrequentistSettings = {
  difference: "relative",
  alpha: 0.05,
  sides: "two-sided",
  sequential: false,
  sequentialTuning: 5000,
  cuped: false,
};
const bayesian: BayesianSettings = { difference: "relative", alpha: 0.05, cuped: false };

function mean(n: number, sum: number, sumSquares: number): ArmStatistics {
  return { n, sum, sumSquares };
}
function proportion(n: number, sum: number): ArmStatistics {
  return { n, sum, sumSquares: sum };
}

interface Expected {
  lift: number;
  ci: [number, number];
  se: number;
  pValue: number;
}

function expectFrequentist(r: ReturnType<typeof frequentistTest>, e: Expected, decimals = 5): void {
  expect(r.errorMessage).toBeNull();
  near(r.lift, e.lift, decimals);
  near(r.se, e.se, decimals);
  near(r.pValue, e.pValue, decimals);
  r.ci.forEach((end, i) => {
    const want = e.ci[i] as number;
    if (Number.isFinite(want)) near(end, want, decimals);
    else expect(end).toBe(want);
  });
}

// tests/frequentist/test_tests.py, TestTwoSidedTTest.setUp (and TestOneSided*.setUp with n = 3000)
const A = mean(3407, 1396.87, 52377.9767);
const A3000 = mean(3000, 1396.87, 52377.9767);
const B = mean(3461, 2422.7, 134698.29);

// tests/frequentist/test_tests.py, TestTwoSidedTTest.test_two_sided_ttest_test_runs_ratio_ra
// (and tests/test_gbstats.py RATIO_RA_STATISTICS_DF, whose treatment row differs in the last digits)
const RATIO_RA_CONTROL: ArmStatistics = {
  n: 100,
  sum: 485.112236689623,
  sumSquares: 2715.484666118136,
  denominatorSum: 679.9093275844917,
  denominatorSumSquares: 4939.424001640236,
  productSum: 3602.146836776702,
  preSum: 192.59138069991536,
  preSumSquares: 460.076026390857,
  prePostSumProduct: 1113.6215759318352,
  preDenominatorSum: 290.1398399750233,
  preDenominatorSumSquares: 920.9461385038898,
  preProductSum: 634.239482353647,
  denominatorPrePostSumProduct: 2130.9404074446747,
  numeratorPostDenominatorPreSumProduct: 1559.2878434944676,
  numeratorPreDenominatorPostSumProduct: 1460.3181079276983,
};
const RATIO_RA_TREATMENT: ArmStatistics = {
  n: 100,
  sum: 514.7757826608777,
  sumSquares: 2994.897482705013,
  denominatorSum: 705.4090874383759,
  denominatorSumSquares: 5291.36604146392,
  productSum: 3918.1561431600717,
  preSum: 206.94157227402536,
  preSumSquares: 514.2903702246757,
  prePostSumProduct: 1237.0953021125997,
  preDenominatorSum: 302.54389139107326,
  preDenominatorSumSquares: 994.4506208125663,
  preProductSum: 698.4173425817908,
  denominatorPrePostSumProduct: 2292.081739775257,
  numeratorPostDenominatorPreSumProduct: 1701.0287270040265,
  numeratorPreDenominatorPostSumProduct: 1604.0759503266522,
};

describe("gbstats frequentist two-sided t tests", () => {
  it("relative difference of means", () => {
    // gbstats tests/frequentist/test_tests.py TestTwoSidedTTest.test_two_sided_ttest
    expectFrequentist(frequentistTest("mean", A, B, frequentist), {
      lift: 0.70732,
      ci: [-0.03526, 1.44989],
      se: 0.37879,
      pValue: 0.06191,
    });
  });

  it("absolute difference of means", () => {
    // gbstats tests/frequentist/test_tests.py TestTwoSidedTTest.test_two_sided_ttest_absolute
    expectFrequentist(frequentistTest("mean", A, B, { ...frequentist, difference: "absolute" }), {
      lift: 0.29,
      ci: [0.04538, 0.53462],
      se: 0.12478,
      pValue: 0.02016,
    });
  });

  it("proportions", () => {
    // gbstats tests/frequentist/test_tests.py TestTwoSidedTTest.test_two_sided_ttest_binom
    expectFrequentist(frequentistTest("proportion", proportion(28, 14), proportion(30, 16), frequentist), {
      lift: 0.06667,
      ci: [-0.47767, 0.61101],
      se: 0.2717,
      pValue: 0.80707,
    });
  });

  it("negative variance gives the neutral result with a message", () => {
    // gbstats tests/frequentist/test_tests.py TestTwoSidedTTest.test_two_sided_ttest_missing_variance
    const r = frequentistTest("mean", mean(2, 1396.87, 52377.9767), B, frequentist);
    expect(r).toEqual({ lift: 0, ci: [0, 0], se: 0, pValue: 1, errorMessage: expect.any(String) });
    expect(r.errorMessage).toMatch(/variance/);
  });

  it("CUPED ratio metric", () => {
    // gbstats tests/frequentist/test_tests.py TestTwoSidedTTest.test_two_sided_ttest_test_runs_ratio_ra
    expectFrequentist(
      frequentistTest("ratio", RATIO_RA_CONTROL, RATIO_RA_TREATMENT, { ...frequentist, cuped: true }),
      { lift: -0.0007, ci: [-0.00841, 0.007], se: 0.00391, pValue: 0.85771 },
    );
  });
});

describe("gbstats frequentist one-sided t tests", () => {
  it("treatment greater, relative", () => {
    // gbstats tests/frequentist/test_tests.py TestOneSidedGreaterTTest.test_one_sided_ttest
    expectFrequentist(frequentistTest("mean", A3000, B, { ...frequentist, sides: "greater" }), {
      lift: 0.5033610858562358,
      ci: [-0.045136675850396046, Number.POSITIVE_INFINITY],
      se: 0.3334122146400735,
      pValue: 0.06558262868467746,
    });
  });

  it("treatment greater, absolute", () => {
    // gbstats tests/frequentist/test_tests.py TestOneSidedGreaterTTest.test_one_sided_ttest_absolute
    const s = { ...frequentist, sides: "greater", difference: "absolute" } as const;
    expectFrequentist(frequentistTest("mean", A3000, B, s), {
      lift: 0.23437666666666668,
      ci: [0.020791480063255735, Number.POSITIVE_INFINITY],
      se: 0.12983081254184736,
      pValue: 0.03554272489873023,
    });
  });

  it("treatment lesser, relative", () => {
    // gbstats tests/frequentist/test_tests.py TestOneSidedLesserTTest.test_one_sided_ttest
    expectFrequentist(frequentistTest("mean", A3000, B, { ...frequentist, sides: "less" }), {
      lift: 0.5033610858562358,
      ci: [Number.NEGATIVE_INFINITY, 1.0518588475628676],
      se: 0.3334122146400735,
      pValue: 0.9344173713153225,
    });
  });

  it("treatment lesser, absolute", () => {
    // gbstats tests/frequentist/test_tests.py TestOneSidedLesserTTest.test_one_sided_ttest_absolute
    const s = { ...frequentist, sides: "less", difference: "absolute" } as const;
    expectFrequentist(frequentistTest("mean", A3000, B, s), {
      lift: 0.23437666666666668,
      ci: [Number.NEGATIVE_INFINITY, 0.44796185327007765],
      se: 0.12983081254184736,
      pValue: 0.9644572751012698,
    });
  });
});

describe("gbstats sequential tests", () => {
  const sequential = { ...frequentist, sequential: true };

  it("two-sided, tuning 1000", () => {
    // gbstats tests/frequentist/test_tests.py TestSequentialTTest.test_sequential_test_runs
    expectFrequentist(frequentistTest("mean", A3000, B, { ...sequential, sequentialTuning: 1000 }), {
      lift: 0.50336,
      ci: [-0.55844, 1.56516],
      se: 0.33341,
      pValue: 1,
    });
  });

  it("two-sided, proportions", () => {
    // gbstats tests/frequentist/test_tests.py TestSequentialTTest.test_sequential_test_runs_prop
    const r = frequentistTest("proportion", proportion(3000, 1396), proportion(3461, 2422), sequential);
    expectFrequentist(r, { lift: 0.50386, ci: [0.40098, 0.60675], se: 0.03386, pValue: 0 });
  });

  it("two-sided, CUPED", () => {
    // gbstats tests/frequentist/test_tests.py TestSequentialTTest.test_sequential_test_runs_ra
    const control = { ...A3000, preSum: 16.87, preSumSquares: 527.9767, prePostSumProduct: 1 };
    const treatment = { ...B, preSum: 22.7, preSumSquares: 1348.29, prePostSumProduct: 1 };
    expectFrequentist(frequentistTest("mean", control, treatment, { ...sequential, cuped: true }), {
      lift: 0.50338,
      ci: [-0.50969, 1.51646],
      se: 0.33341,
      pValue: 1,
    });
  });

  it("two-sided, CUPED ratio metric", () => {
    // gbstats tests/frequentist/test_tests.py TestSequentialTTest.test_sequential_test_runs_ratio_ra
    const r = frequentistTest("ratio", RATIO_RA_CONTROL, RATIO_RA_TREATMENT, { ...sequential, cuped: true });
    expectFrequentist(r, { lift: -0.0007, ci: [-0.02063, 0.01923], se: 0.00391, pValue: 1 });
  });

  it("a tuning parameter near the sample size gives the narrowest interval", () => {
    // gbstats tests/frequentist/test_tests.py TestSequentialTTest.test_sequential_test_tuning_as_expected
    const [below, near6461, above] = [10, 6461, 10000].map(
      (sequentialTuning) => frequentistTest("mean", A3000, B, { ...sequential, sequentialTuning }).ci,
    ) as [[number, number], [number, number], [number, number]];
    expect(below[0] < above[0] && below[1] > above[1]).toBe(true);
    expect(below[0] < near6461[0] && below[1] > near6461[1]).toBe(true);
    expect(above[0] < near6461[0] && above[1] > near6461[1]).toBe(true);
  });

  it("one-sided greater, relative", () => {
    // gbstats tests/frequentist/test_tests.py TestSequentialOneSidedGreaterTTest.test_one_sided_ttest
    expectFrequentist(frequentistTest("mean", A3000, B, { ...sequential, sides: "greater" }), {
      lift: 0.5033610858562358,
      ci: [-0.42356454602790883, Number.POSITIVE_INFINITY],
      se: 0.3334122146400735,
      pValue: 0.4999,
    });
  });

  it("one-sided greater, absolute", () => {
    // gbstats tests/frequentist/test_tests.py TestSequentialOneSidedGreaterTTest.test_one_sided_ttest_absolute
    const s = { ...sequential, sides: "greater", difference: "absolute" } as const;
    expectFrequentist(frequentistTest("mean", A3000, B, s), {
      lift: 0.23437666666666668,
      ci: [-0.12656844172804982, Number.POSITIVE_INFINITY],
      se: 0.12983081254184736,
      pValue: 0.46316491943359384,
    });
  });

  it("one-sided lesser, relative", () => {
    // gbstats tests/frequentist/test_tests.py TestSequentialOneSidedLesserTTest.test_one_sided_ttest
    expectFrequentist(frequentistTest("mean", A3000, B, { ...sequential, sides: "less" }), {
      lift: 0.5033610858562358,
      ci: [Number.NEGATIVE_INFINITY, 1.4302867177403806],
      se: 0.3334122146400735,
      pValue: 0.4999,
    });
  });

  it("one-sided lesser, absolute", () => {
    // gbstats tests/frequentist/test_tests.py TestSequentialOneSidedLesserTTest.test_one_sided_ttest_absolute
    const s = { ...sequential, sides: "less", difference: "absolute" } as const;
    expectFrequentist(frequentistTest("mean", A3000, B, s), {
      lift: 0.23437666666666668,
      ci: [Number.NEGATIVE_INFINITY, 0.5953217750613832],
      se: 0.12983081254184736,
      pValue: 0.4999,
    });
  });
});

interface ExpectedBayes {
  lift: number;
  ci: [number, number];
  se: number;
  chanceToWin: number;
  risk: [number, number];
}

function expectBayesian(r: ReturnType<typeof bayesianTest>, e: ExpectedBayes): void {
  expect(r.errorMessage).toBeNull();
  near(r.lift, e.lift);
  nearAll(r.ci, e.ci);
  near(r.se, e.se);
  near(r.chanceToWin, e.chanceToWin);
  nearAll([r.risk.control, r.risk.treatment], e.risk);
}

describe("gbstats Bayesian tests", () => {
  const normA = mean(10, 100, 1002.25);
  const normB = mean(10, 105, 1111.5);

  it("proportions, flat prior", () => {
    // gbstats tests/bayesian/test_tests.py TestBinom.test_bayesian_binomial_ab_test
    expectBayesian(bayesianTest("proportion", proportion(100, 49), proportion(100, 51), bayesian), {
      lift: 0.04082,
      ci: [-0.24779, 0.32943],
      se: 0.14725,
      chanceToWin: 0.60918,
      risk: [0.0814, 0.04058],
    });
  });

  it("no data in either arm: chance to win 0.5, lift 0", () => {
    // gbstats tests/bayesian/test_tests.py TestBinom.test_missing_data
    const p = bayesianTest("proportion", proportion(0, 0), proportion(0, 0), bayesian);
    // gbstats tests/bayesian/test_tests.py TestNorm.test_missing_data
    const m = bayesianTest("mean", mean(0, 0, 0), mean(0, 0, 0), bayesian);
    for (const r of [p, m]) {
      expect(r.chanceToWin).toBe(0.5);
      expect(r.lift).toBe(0);
      expect(r.errorMessage).not.toBeNull();
    }
  });

  it("means, flat prior", () => {
    // gbstats tests/bayesian/test_tests.py TestNorm.test_bayesian_gaussian_ab_test
    expectBayesian(bayesianTest("mean", normA, normB, bayesian), {
      lift: 0.05,
      ci: [-0.02, 0.12],
      se: 0.03572,
      chanceToWin: 0.91923,
      risk: [0.05131, 0.00131],
    });
  });

  it("means, proper prior", () => {
    // gbstats tests/bayesian/test_tests.py TestNorm.test_bayesian_gaussian_ab_test_informative
    const prior = { mean: 0.1, variance: 0.1, proper: true };
    expectBayesian(bayesianTest("mean", normA, normB, { ...bayesian, prior }), {
      lift: 0.05063,
      ci: [-0.01893, 0.12019],
      se: 0.03549,
      chanceToWin: 0.92315,
      risk: [0.05186, 0.00123],
    });
  });

  it("a relative prior rescaled for the absolute difference keeps the chance to win", () => {
    // gbstats tests/bayesian/test_tests.py TestGaussianEffectRelativeAbsolutePriors.test_bayesian_effect_relative_effect
    const prior = { mean: 1, variance: 1, proper: true };
    const c = mean(100, 1000, 200000);
    const t = mean(100, 1100, 200005);
    const abs = bayesianTest("mean", c, t, { ...bayesian, difference: "absolute", prior });
    const rel = bayesianTest("mean", c, t, { ...bayesian, prior });
    expect(Math.abs(abs.chanceToWin - rel.chanceToWin)).toBeLessThan(0.005);
  });

  it("risk far in the tail has its limit and no overflow", () => {
    // gbstats tests/bayesian/test_tests.py TestGetRiskNumericalStability.test_extreme_mu_over_sigma_no_overflow
    expect(gaussianRisk(0.01, 4.5e-9)).toEqual({ control: 0.01, treatment: 0 });
    expect(gaussianRisk(-0.01, 4.5e-9)).toEqual({ control: 0, treatment: 0.01 });
  });

  it("risk in the normal regime", () => {
    // gbstats tests/bayesian/test_tests.py TestGetRiskNumericalStability.test_normal_inputs_bit_exact_regression
    const r = gaussianRisk(0.1, 0.05);
    nearAll([r.control, r.treatment], [0.1004245351308, 0.0004245351308414], 10);
  });
});

describe("gbstats shared models", () => {
  // tests/test_shared_models.py METRIC_1, METRIC_2, METRIC_3
  const m1 = [0.3, 0.5, 0.9, 22];
  const m3 = [2, 1, 5, 3];
  const sum = (xs: number[]) => xs.reduce((t, x) => t + x, 0);
  const sumSq = (xs: number[]) => sum(xs.map((x) => x * x));
  const sumProd = (xs: number[], ys: number[]) => sum(xs.map((x, i) => x * (ys[i] as number)));

  it("sample mean statistic: mean and sample variance", () => {
    // gbstats tests/test_shared_models.py TestSampleMeanStatistic.test_sample_mean_statistic
    const m = armMoments("mean", mean(4, sum(m1), sumSq(m1)));
    near(m.mean, 5.925, 12);
    const sampleVariance = sum(m1.map((x) => (x - 5.925) ** 2)) / 3;
    near(m.variance, sampleVariance, 12);
    // gbstats tests/test_shared_models.py TestSampleMeanStatistic.test_sample_mean_statistic_low_n
    expect(armMoments("mean", mean(1, sum(m1), sumSq(m1))).variance).toBe(0);
  });

  it("proportion statistic: Bernoulli variance", () => {
    // gbstats tests/test_shared_models.py TestProportionStatistic.test_proportion_statistic
    expect(armMoments("proportion", proportion(4, 3))).toEqual({ mean: 0.75, variance: 0.75 * 0.25 });
  });

  it("ratio statistic: zero denominator gives variance 0", () => {
    // gbstats tests/test_shared_models.py TestRatioStatistic.test_ratio_denom_zero
    const arm = { ...mean(4, sum(m1), sumSq(m1)), denominatorSum: 0, denominatorSumSquares: sumSq(m3) };
    expect(armMoments("ratio", { ...arm, productSum: sumProd(m1, m3) }).variance).toBe(0);
  });

  it("ratio statistic: delta-method variance with the sample covariance", () => {
    // gbstats tests/test_shared_models.py TestRatioStatistic.test_ratio_statistic_statistic_covariance
    const arm = {
      ...mean(4, sum(m1), sumSq(m1)),
      denominatorSum: sum(m3),
      denominatorSumSquares: sumSq(m3),
      productSum: sumProd(m1, m3),
    };
    const [mx, my] = [sum(m1) / 4, sum(m3) / 4];
    const cov = sum(m1.map((x, i) => (x - mx) * ((m3[i] as number) - my))) / 3;
    const vx = sum(m1.map((x) => (x - mx) ** 2)) / 3;
    const vy = sum(m3.map((y) => (y - my) ** 2)) / 3;
    const expected = vx / my ** 2 + (vy * mx ** 2) / my ** 4 - (2 * cov * mx) / my ** 3;
    const m = armMoments("ratio", arm);
    near(m.mean, sum(m1) / sum(m3), 12);
    near(m.variance, expected, 12);
  });

  it("theta from both arms, and 0 when the covariate does not vary", () => {
    // gbstats tests/test_shared_models.py TestComputeTheta.test_returns_0_no_variance
    const arm = {
      ...mean(4, sum(m3), sumSq(m3)),
      preSum: sum(m1),
      preSumSquares: sumSq(m1),
      prePostSumProduct: sumProd(m1, m3),
    };
    near(cupedArmMoments("mean", arm, arm).theta, 0.01864);
    const flat = { ...arm, preSum: 0, preSumSquares: 0, prePostSumProduct: 0 };
    expect(cupedArmMoments("mean", flat, flat).theta).toBe(0);
  });

  it("negative variance of the difference is refused", () => {
    // gbstats tests/test_shared_models.py TestEffectMomentsResult.test_negative_variance
    const control = { ...proportion(4, -7), preSum: 0, prePostSumProduct: 0 };
    const treatment = { ...proportion(3, 1), preSum: 1, prePostSumProduct: 1 };
    const arms = prepareArms("proportion", control, treatment, true);
    if (arms.error !== undefined) throw new Error(arms.error);
    near(differenceVariance(arms.a, arms.b, false), -1.1023019547325101, 12);
    const r = frequentistTest("proportion", control, treatment, {
      ...frequentist,
      difference: "absolute",
      cuped: true,
    });
    expect(r.errorMessage).toMatch(/variance/);
    expect(r.pValue).toBe(1);
  });

  it("relative difference keeps the sign of the absolute one with a negative baseline", () => {
    // gbstats tests/test_shared_models.py TestEffectMomentsNegativeBaseline.test_relative_sign_matches_absolute_sign
    const arm = (m: number) => mean(1000, m * 1000, (m * m + 4) * 1000);
    for (const [a, b] of [
      [-10, -5],
      [-10, -15],
      [-2, 3],
      [10, 15],
      [10, 5],
    ] as const) {
      const abs = frequentistTest("mean", arm(a), arm(b), { ...frequentist, difference: "absolute" });
      const rel = frequentistTest("mean", arm(a), arm(b), frequentist);
      expect(abs.errorMessage).toBeNull();
      expect(rel.errorMessage).toBeNull();
      expect(Math.sign(rel.lift)).toBe(Math.sign(abs.lift));
    }
    // gbstats tests/test_shared_models.py TestEffectMomentsNegativeBaseline.test_relative_magnitude_scaled_by_baseline_magnitude
    const r = frequentistTest("mean", arm(-10), arm(-5), frequentist);
    near(r.lift, 0.5, 7);
    expect(r.se).toBeGreaterThan(0);
  });

  it("CUPED ratio with a negative baseline: negating the metric negates the lift, keeps the standard error", () => {
    // gbstats tests/test_shared_models.py TestEffectMomentsCupedRatioNegativeBaseline.test_negating_the_metric_negates_lift_and_keeps_standard_error
    const statistic = (mPost: number[], dPost: number[], mPre: number[], dPre: number[]) => {
      const arm: ArmStatistics = {
        n: mPost.length,
        sum: sum(mPost),
        sumSquares: sumSq(mPost),
        denominatorSum: sum(dPost),
        denominatorSumSquares: sumSq(dPost),
        productSum: sumProd(mPost, dPost),
        preSum: sum(mPre),
        preSumSquares: sumSq(mPre),
        prePostSumProduct: sumProd(mPost, mPre),
        preDenominatorSum: sum(dPre),
        preDenominatorSumSquares: sumSq(dPre),
        preProductSum: sumProd(mPre, dPre),
        denominatorPrePostSumProduct: sumProd(dPost, dPre),
        numeratorPostDenominatorPreSumProduct: sumProd(mPost, dPre),
        numeratorPreDenominatorPostSumProduct: sumProd(mPre, dPost),
      };
      return { ...regressionRatioStatistic(arm), theta: 0.5 };
    };
    const times = (k: number, xs: number[]) => xs.map((x) => k * x);
    const moments = (sign: number, mPostB: number[]) =>
      effectMoments(
        statistic(
          times(sign, [12, 19, 16, 24, 21, 9, 14, 26]),
          [1, 2, 1.5, 2.5, 2, 1, 1.5, 2.5],
          times(sign, [16, 11, 21, 19, 26, 11, 9, 21]),
          [1.5, 1, 2, 2, 2.5, 1, 1, 2],
        ),
        statistic(
          times(sign, mPostB),
          [1.5, 1, 2, 2.5, 1, 2, 2.5, 1.5],
          times(sign, [11, 17, 22, 27, 10, 27, 21, 16]),
          [1, 1.5, 2, 2.5, 1, 2.5, 2, 1.5],
        ),
        true,
      );
    const cases = [
      { mPostB: [17, 12, 23, 28, 12, 22, 29, 16], lift: 0.103928, se: 0.0286196 },
      { mPostB: [14, 9, 17, 23, 9, 18, 22, 13], lift: -0.1372068, se: 0.0223934 },
    ];
    for (const c of cases) {
      const positive = moments(1, c.mPostB);
      const negative = moments(-1, c.mPostB);
      if (positive.error !== undefined || negative.error !== undefined) throw new Error("no moments");
      near(positive.pointEstimate, c.lift, 7);
      near(positive.standardError, c.se, 7);
      near(negative.pointEstimate, -positive.pointEstimate, 7);
      near(negative.standardError, positive.standardError, 7);
    }
  });
});

describe("gbstats relative differences (utils)", () => {
  const arm = (m: number) => mean(1000, m * 1000, (m * m + 4) * 1000);
  const lift = (a: number, b: number, difference: "relative" | "absolute") =>
    frequentistTest("mean", arm(a), arm(b), { ...frequentist, difference }).lift;

  it("absolute is the plain difference", () => {
    // gbstats tests/test_utils.py TestFrequentistDiff.test_absolute_is_plain_difference
    near(lift(-10, -5, "absolute"), 5, 9);
    near(lift(10, 15, "absolute"), 5, 9);
  });

  it("relative with a positive baseline", () => {
    // gbstats tests/test_utils.py TestFrequentistDiff.test_relative_positive_baseline
    near(lift(10, 15, "relative"), 0.5, 7);
    near(lift(10, 5, "relative"), -0.5, 7);
  });

  it("relative with a negative baseline keeps the direction", () => {
    // gbstats tests/test_utils.py TestFrequentistDiff.test_relative_negative_baseline_keeps_direction
    near(lift(-10, -5, "relative"), 0.5, 7);
    near(lift(-10, -15, "relative"), -0.5, 7);
    near(lift(-2, 3, "relative"), 2.5, 7);
  });
});

// tests/test_gbstats.py QUERY_OUTPUT, dimension "one": variation "zero" is control
const COUNT_CONTROL = mean(100, 270, 848.79);
const COUNT_TREATMENT = mean(120, 300, 869);
// tests/test_gbstats.py RATIO_STATISTICS_DF
const RATIO_CONTROL: ArmStatistics = {
  ...mean(100, 270, 848.79),
  denominatorSum: 510,
  denominatorSumSquares: 810,
  productSum: -900,
};
const RATIO_TREATMENT: ArmStatistics = {
  ...mean(120, 300, 869),
  denominatorSum: 500,
  denominatorSumSquares: 800,
  productSum: -905,
};
// tests/test_gbstats.py ONE_USER_DF and ZERO_DENOM_RATIO_STATISTICS_DF
const ONE_USER_CONTROL = mean(3, 20, 443);
const ONE_USER_TREATMENT = mean(1, 1, 1);
const ZERO_DENOM_CONTROL: ArmStatistics = {
  ...RATIO_CONTROL,
  denominatorSum: 0,
  denominatorSumSquares: 0,
  productSum: 0,
};
// tests/test_gbstats.py RA_STATISTICS_DF
const RA_CONTROL: ArmStatistics = {
  ...mean(3001, 300, 600),
  preSum: 210,
  preSumSquares: 415,
  prePostSumProduct: -20,
};
const RA_TREATMENT: ArmStatistics = {
  ...mean(3000, 222, 555),
  preSum: 120,
  preSumSquares: 405,
  prePostSumProduct: -10,
};

describe("gbstats analyses of query rows (test_gbstats.py)", () => {
  it("Bayesian, count metric", () => {
    // gbstats tests/test_gbstats.py TestAnalyzeMetricDfBayesian.test_get_metric_dfs_new
    near(armMoments("mean", COUNT_CONTROL).mean, 2.7, 9);
    near(armMoments("mean", COUNT_TREATMENT).mean, 2.5, 9);
    const r = bayesianTest("mean", COUNT_CONTROL, COUNT_TREATMENT, bayesian);
    near(r.risk.treatment, 0.075691131, 9);
    near(r.lift, -0.074074074, 9);
    near(r.chanceToWin, 0.071834168, 9);
  });

  it("Bayesian, ratio metric", () => {
    // gbstats tests/test_gbstats.py TestAnalyzeMetricDfBayesian.test_get_metric_dfs_bayesian_ratio
    near(armMoments("ratio", RATIO_CONTROL).mean, 0.529411765, 9);
    near(armMoments("ratio", RATIO_TREATMENT).mean, 0.6, 9);
    const r = bayesianTest("ratio", RATIO_CONTROL, RATIO_TREATMENT, bayesian);
    near(r.risk.treatment, 0.050934045, 9);
    near(r.lift, 0.133333333, 9);
    near(r.chanceToWin, 0.694926359, 9);
  });

  it("Bayesian, inverse metric: the chance to win and the risks swap", () => {
    // gbstats tests/test_gbstats.py TestAnalyzeMetricDfBayesian.test_get_metric_dfs_inverse
    const r = bayesianTest("mean", COUNT_CONTROL, COUNT_TREATMENT, bayesian);
    near(r.risk.control, 0.001617057, 9);
    near(1 - r.chanceToWin, 1 - 0.071834168, 9);
  });

  it("Bayesian, one unit in an arm", () => {
    // gbstats tests/test_gbstats.py TestAnalyzeMetricDfBayesian.test_get_metric_dfs_zero_val
    near(armMoments("mean", ONE_USER_CONTROL).mean, 6.666666667, 9);
    expect(armMoments("mean", ONE_USER_TREATMENT).mean).toBe(1);
    const r = bayesianTest("mean", ONE_USER_CONTROL, ONE_USER_TREATMENT, bayesian);
    expect([r.risk.treatment, r.lift, r.chanceToWin]).toEqual([0, 0, 0.5]);
  });

  it("Bayesian, ratio with a zero denominator", () => {
    // gbstats tests/test_gbstats.py TestAnalyzeMetricDfBayesian.test_get_metric_dfs_ratio_zero_denom
    expect(armMoments("ratio", ZERO_DENOM_CONTROL).mean).toBe(0);
    const r = bayesianTest("ratio", ZERO_DENOM_CONTROL, RATIO_TREATMENT, bayesian);
    expect([r.risk.treatment, r.lift, r.chanceToWin]).toEqual([0, 0, 0.5]);
  });

  it("frequentist, count metric", () => {
    // gbstats tests/test_gbstats.py TestAnalyzeMetricDfFrequentist.test_get_metric_dfs_frequentist
    const r = frequentistTest("mean", COUNT_CONTROL, COUNT_TREATMENT, frequentist);
    near(r.lift, -0.074074074, 9);
    near(r.pValue, 0.145219005, 9);
  });

  it("frequentist, ratio metric", () => {
    // gbstats tests/test_gbstats.py TestAnalyzeMetricDfFrequentist.test_get_metric_dfs_frequentist_ratio
    const r = frequentistTest("ratio", RATIO_CONTROL, RATIO_TREATMENT, frequentist);
    near(r.lift, 0.133333333, 9);
    near(r.pValue, 0.610663339, 9);
  });

  it("frequentist, one unit in an arm", () => {
    // gbstats tests/test_gbstats.py TestAnalyzeMetricDfFrequentist.test_get_metric_dfs_zero_val
    const r = frequentistTest("mean", ONE_USER_CONTROL, ONE_USER_TREATMENT, frequentist);
    expect([r.lift, r.pValue]).toEqual([0, 1]);
    expect(r.errorMessage).toMatch(/two units/);
  });

  it("frequentist, ratio with a zero denominator", () => {
    // gbstats tests/test_gbstats.py TestAnalyzeMetricDfFrequentist.test_get_metric_dfs_ratio_zero_denom
    const r = frequentistTest("ratio", ZERO_DENOM_CONTROL, RATIO_TREATMENT, frequentist);
    expect([r.lift, r.pValue]).toEqual([0, 1]);
    expect(r.errorMessage).not.toBeNull();
  });

  it("CUPED, count metric", () => {
    // gbstats tests/test_gbstats.py TestAnalyzeMetricDfRegressionAdjustment.test_analyze_metric_df_ra
    near(armMoments("mean", RA_CONTROL).mean, 0.099966678, 9);
    near(armMoments("mean", RA_TREATMENT).mean, 0.074, 9);
    const r = frequentistTest("mean", RA_CONTROL, RA_TREATMENT, { ...frequentist, cuped: true });
    near(r.lift, -0.281707154, 9);
    near(r.pValue, 0.003732549, 9);
  });

  it("CUPED, binomial metric", () => {
    // gbstats tests/test_gbstats.py TestAnalyzeMetricDfRegressionAdjustment.test_analyze_metric_df_ra_proportion
    const control = { ...RA_CONTROL, sumSquares: 0, preSumSquares: undefined };
    const treatment = { ...RA_TREATMENT, sumSquares: 0, preSumSquares: undefined };
    const r = frequentistTest("proportion", control, treatment, { ...frequentist, cuped: true });
    near(r.lift, -0.31620216, 9);
    near(r.pValue, 0.000000353, 9);
  });

  it("CUPED, ratio metric", () => {
    // gbstats tests/test_gbstats.py TestAnalyzeMetricDfRegressionAdjustment.test_analyze_metric_df_ratio_ra
    const treatment = {
      ...RATIO_RA_TREATMENT,
      numeratorPreDenominatorPostSumProduct: 1604.075950326651,
      preProductSum: 698.4173425817913,
    };
    near(armMoments("ratio", RATIO_RA_CONTROL).mean, 0.713495487, 9);
    near(armMoments("ratio", treatment).mean, 0.729754963, 9);
    const r = frequentistTest("ratio", RATIO_RA_CONTROL, treatment, { ...frequentist, cuped: true });
    near(r.lift, -0.000701483, 9);
    near(r.pValue, 0.857710405, 9);
  });

  it("sequential, tuning 600, and a wider interval with tuning 1", () => {
    // gbstats tests/test_gbstats.py TestAnalyzeMetricDfSequential.test_analyze_metric_df_sequential
    const s = { ...frequentist, sequential: true, sequentialTuning: 600 };
    const r = frequentistTest("mean", COUNT_CONTROL, COUNT_TREATMENT, s);
    near(r.lift, -0.074074074, 9);
    near(r.pValue, 0.892332229, 9);
    near(r.ci[0], -0.233322085, 9);
    const badTuning = frequentistTest("mean", COUNT_CONTROL, COUNT_TREATMENT, { ...s, sequentialTuning: 1 });
    expect(r.ci[0]).toBeGreaterThan(badTuning.ci[0]);
  });

  it("three arms with CUPED: each arm's adjusted standard deviation", () => {
    // gbstats tests/test_gbstats.py TestThreeArmedCuped.test_three_armed_cuped_baseline_stats_hardcoded
    // (with test_three_armed_cuped_baseline_stats_same_as_0_vs_2: the baseline takes θ of 0 vs 2)
    const zero = RA_CONTROL;
    const one = RA_TREATMENT;
    const two: ArmStatistics = {
      ...mean(4000, 450, 900),
      preSum: 300,
      preSumSquares: 600,
      prePostSumProduct: -30,
    };
    const zeroVsOne = cupedArmMoments("mean", zero, one);
    const zeroVsTwo = cupedArmMoments("mean", zero, two);
    near(Math.sqrt(zeroVsTwo.control.variance), 0.434288923, 9);
    near(Math.sqrt(zeroVsOne.treatment.variance), 0.423529598, 9);
    near(Math.sqrt(zeroVsTwo.treatment.variance), 0.458953951, 9);
    // gbstats tests/test_gbstats.py TestThreeArmedCuped.test_three_armed_cuped_baseline_stddev_different_from_no_cuped
    expect(Math.sqrt(armMoments("mean", zero).variance)).not.toBeCloseTo(0.434288923, 9);
  });
});

describe("GrowthBook sample ratio mismatch", () => {
  it("matches checkSrm", () => {
    // GrowthBook packages/back-end/test/stats.test.ts "calculates SRM correctly"
    const cases: [number[], number[], number][] = [
      [[1000, 1200], [0.5, 0.5], 0.000020079],
      [[135, 115], [0.5, 0.5], 0.205903211],
      [[310, 98], [0.75, 0.25], 0.647434186],
      [[1000], [0.5, 0.5], 1],
      [[1000, 900, 800], [1, 0, 0], 1],
      [[1000, 1200, 900], [0.5, 0.5, 0], 0.000020079],
      [[0, 0, 0], [0.34, 0.33, 0.33], 1],
      [[0, 10, 10], [0.34, 0.33, 0.33], 0.005790624],
      [[500, 500, 600], [0.34, 0.33, 0.33], 0.000592638],
      [[500, 500], [0.5, 0.5], 1],
    ];
    for (const [observed, weights, p] of cases) near(sampleRatioMismatch(observed, weights).pValue, p, 9);
    expect(sampleRatioMismatch([1000, 1200, 900], [0.5, 0.5, 0]).df).toBe(1);
    expect(sampleRatioMismatch([500, 500, 600], [0.34, 0.33, 0.33]).df).toBe(2);
  });
});

describe("GrowthBook multiple-testing corrections", () => {
  it("Holm–Bonferroni", () => {
    // GrowthBook packages/shared/test/experiments.test.ts "pvalue correction method" / "does HB procedure correctly"
    nearAll(holmBonferroni([0.01, 0.04, 0.03, 0.005, 0.55, 0.6]), [0.05, 0.12, 0.12, 0.03, 1, 1], 12);
  });

  it("Benjamini–Hochberg", () => {
    // GrowthBook packages/shared/test/experiments.test.ts "pvalue correction method" / "does BH procedure correctly"
    nearAll(
      benjaminiHochberg([0.898, 0.138, 0.007, 0.964, 0.538, 0.006, 0.138]),
      [0.964, 0.2415, 0.0245, 0.964, 0.7532, 0.0245, 0.2415],
      8,
    );
  });

  it("two p-values of one result", () => {
    // GrowthBook packages/shared/test/experiments.test.ts "pvalue correction on results" / "pvals and CIs adjusted in place"
    nearAll(holmBonferroni([0.025, 0.03]), [0.05, 0.05], 12);
    nearAll(benjaminiHochberg([0.025, 0.03]), [0.03, 0.03], 12);
  });

  it("adjusted confidence intervals", () => {
    // GrowthBook packages/shared/test/experiments.test.ts "pvalue correction on results" / "adjusts CIs as we expect"
    const ci95 = adjustedConfidenceInterval(0.049999999, 0.1, 0.05);
    expect(ci95[0]).toBeGreaterThan(0);
    expect(ci95[1]).toBeLessThan(0.2);
    nearAll(ci95, [0, 0.2], 8);
    nearAll(adjustedConfidenceInterval(0.0099999999, 0.1, 0.01), [0, 0.2], 8);
  });
});
