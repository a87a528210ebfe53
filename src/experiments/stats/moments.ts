/**
 * The estimated difference between two arms and its standard error (gbstats' EffectMoments): the
 * absolute difference of means, or the relative one (b − a)/|a|, whose variance follows by the delta
 * method. The relative difference always divides by the control's unadjusted mean.
 */
import { prepareArms } from "./arms.js";
import { baseMean, baseVariance, varianceOfRatio } from "./base.js";
import { messages } from "./messages.js";
import { type RegressionRatioStatistic, relativeRegressionRatioVariance } from "./regression-ratio.js";
import {
  type RegressionStatistic,
  regressionCovariance,
  type Statistic,
  statisticMean,
  statisticVariance,
  unadjustedMean,
} from "./statistics.js";
import type { ArmStatistics, MetricType } from "./types.js";

export interface Moments {
  pointEstimate: number;
  standardError: number;
}

export type MomentsOutcome = (Moments & { error?: undefined }) | { error: string };

/** Variance of the relative difference when both arms are CUPED-adjusted means. */
function relativeRegressionVariance(a: RegressionStatistic, b: RegressionStatistic): number {
  const baseline = baseMean(a.post);
  const scaleB = b.n * baseline ** 2;
  const scaleA = a.n * baseline ** 2;
  if (scaleA === 0 || scaleB === 0) return 0;
  const { theta } = a;
  const treatment =
    baseVariance(b.post) + theta ** 2 * baseVariance(b.pre) - 2 * theta * regressionCovariance(b);
  const k = -baseMean(b.post);
  const control =
    (baseVariance(a.post) * k ** 2) / baseline ** 2 +
    (2 * theta * regressionCovariance(a) * k) / baseline +
    theta ** 2 * baseVariance(a.pre);
  return treatment / scaleB + control / scaleA;
}

function isRegression(s: Statistic): s is RegressionStatistic {
  return s.kind === "regression";
}

function isRegressionRatio(s: Statistic): s is RegressionRatioStatistic {
  return s.kind === "regressionRatio";
}

/** Variance of the estimated difference. */
export function differenceVariance(a: Statistic, b: Statistic, relative: boolean): number {
  const varA = statisticVariance(a) / a.n;
  const varB = statisticVariance(b) / b.n;
  if (!relative) return varA + varB;
  if (isRegression(a) && isRegression(b)) return relativeRegressionVariance(a, b);
  if (isRegressionRatio(a) && isRegressionRatio(b)) return relativeRegressionRatioVariance(a, b);
  return varianceOfRatio(unadjustedMean(b), varB, unadjustedMean(a), varA, 0);
}

export function pointEstimate(a: Statistic, b: Statistic, relative: boolean): number {
  const difference = statisticMean(b) - statisticMean(a);
  return relative ? difference / Math.abs(unadjustedMean(a)) : difference;
}

/** The difference and its standard error, or why they cannot be estimated. */
export function effectMoments(a: Statistic, b: Statistic, relative: boolean): MomentsOutcome {
  if (a.n < 2 || b.n < 2) return { error: messages.tooFewUnits };
  if (!(statisticVariance(a) > 0 && statisticVariance(b) > 0)) return { error: messages.zeroVariance };
  if (relative && (statisticMean(a) === 0 || unadjustedMean(a) === 0))
    return { error: messages.baselineZero };
  const variance = differenceVariance(a, b, relative);
  if (!(variance > 0)) return { error: messages.zeroVariance };
  return { pointEstimate: pointEstimate(a, b, relative), standardError: Math.sqrt(variance) };
}

export type ArmEffect =
  | { a: Statistic; b: Statistic; moments: Moments; error?: undefined }
  | { error: string };

/** The statistics of both arms (CUPED-adjusted when asked for) and the difference between them. */
export function armEffect(
  type: MetricType,
  control: ArmStatistics,
  treatment: ArmStatistics,
  cuped: boolean,
  relative: boolean,
): ArmEffect {
  const arms = prepareArms(type, control, treatment, cuped);
  if (arms.error !== undefined) return arms;
  const moments = effectMoments(arms.a, arms.b, relative);
  if (moments.error !== undefined) return moments;
  return { a: arms.a, b: arms.b, moments };
}
