/**
 * A/B-test statistics: frequentist and Bayesian comparisons of two arms from per-arm sums (proportion,
 * mean and ratio metrics, with CUPED and sequential testing), sample ratio mismatch, multiple-testing
 * corrections and Welch's t test. The methods and their edge cases follow GrowthBook's gbstats.
 */
import { armProblem, plainStatistic, prepareArms } from "./arms.js";
import { type Statistic, statisticMean, statisticVariance } from "./statistics.js";
import type { ArmStatistics, MetricType } from "./types.js";

export { bayesianTest, gaussianRisk } from "./bayesian.js";
export {
  adjustedConfidenceInterval,
  benjaminiHochberg,
  holmBonferroni,
  widenConfidenceInterval,
} from "./corrections.js";
export { frequentistTest } from "./frequentist.js";
export { type SampleRatioMismatch, sampleRatioMismatch } from "./srm.js";
export type * from "./types.js";
export { type WelchResult, welchTest } from "./welch.js";

export interface ArmMoments {
  mean: number;
  variance: number;
}

function moments(s: Statistic): ArmMoments {
  return { mean: statisticMean(s), variance: statisticVariance(s) };
}

/**
 * The metric's mean per unit (ratio: Σx/Σy) and its per-unit variance as gbstats defines it for that
 * statistic. Sums that are not usable give mean and variance 0.
 */
export function armMoments(type: MetricType, arm: ArmStatistics): ArmMoments {
  if (armProblem(type, arm, "given") !== null) return { mean: 0, variance: 0 };
  return moments(plainStatistic(type, arm));
}

export interface CupedMoments {
  /** The shared regression coefficient; 0 when the arms are compared without adjustment. */
  theta: number;
  control: ArmMoments;
  treatment: ArmMoments;
  errorMessage: string | null;
}

/**
 * The CUPED-adjusted mean and per-unit variance of each arm, with θ fitted on both arms together, as
 * the tests use them. Without pre-period sums they are the plain moments.
 */
export function cupedArmMoments(
  type: MetricType,
  control: ArmStatistics,
  treatment: ArmStatistics,
): CupedMoments {
  const arms = prepareArms(type, control, treatment, true);
  if (arms.error !== undefined) {
    const zero = { mean: 0, variance: 0 };
    return { theta: 0, control: zero, treatment: zero, errorMessage: arms.error };
  }
  const theta = arms.a.kind === "regression" || arms.a.kind === "regressionRatio" ? arms.a.theta : 0;
  return { theta, control: moments(arms.a), treatment: moments(arms.b), errorMessage: null };
}
