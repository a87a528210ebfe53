/**
 * Per-arm statistics built from sums, with their means and variances as gbstats defines them: the
 * Bernoulli variance for proportions, the sample variance for means, the delta method for ratios, and
 * the regression-adjusted (CUPED) mean and variance for a metric with a pre-period covariate.
 */
import { type BaseStatistic, baseMean, baseVariance, sumsCovariance, varianceOfRatio } from "./base.js";
import {
  type RegressionRatioStatistic,
  regressionRatioMean,
  regressionRatioUnadjustedMean,
  regressionRatioVariance,
} from "./regression-ratio.js";

export interface RatioStatistic {
  kind: "ratio";
  n: number;
  numerator: BaseStatistic;
  denominator: BaseStatistic;
  productSum: number;
}

export interface RegressionStatistic {
  kind: "regression";
  n: number;
  post: BaseStatistic;
  pre: BaseStatistic;
  prePostSumProduct: number;
  /** Regression coefficient of the post-period value on the covariate, shared by both arms. */
  theta: number;
}

export type Statistic = BaseStatistic | RatioStatistic | RegressionStatistic | RegressionRatioStatistic;

function ratioVariance(s: RatioStatistic): number {
  const meanD = baseMean(s.denominator);
  if (meanD === 0 || s.n <= 1) return 0;
  return varianceOfRatio(
    baseMean(s.numerator),
    baseVariance(s.numerator),
    meanD,
    baseVariance(s.denominator),
    sumsCovariance(s.n, s.numerator, s.denominator, s.productSum),
  );
}

export function regressionCovariance(s: RegressionStatistic): number {
  return sumsCovariance(s.n, s.post, s.pre, s.prePostSumProduct);
}

function regressionVariance(s: RegressionStatistic): number {
  if (s.n <= 1) return 0;
  const { theta } = s;
  return baseVariance(s.post) + theta * theta * baseVariance(s.pre) - 2 * theta * regressionCovariance(s);
}

/** The statistic's mean; regression-adjusted for CUPED statistics. */
export function statisticMean(s: Statistic): number {
  switch (s.kind) {
    case "proportion":
    case "sampleMean":
      return baseMean(s);
    case "ratio":
      return s.denominator.sum === 0 ? 0 : s.numerator.sum / s.denominator.sum;
    case "regression":
      return baseMean(s.post) - s.theta * baseMean(s.pre);
    case "regressionRatio":
      return regressionRatioMean(s);
  }
}

/** The mean without the regression adjustment: the observed post-period mean. */
export function unadjustedMean(s: Statistic): number {
  switch (s.kind) {
    case "regression":
      return baseMean(s.post);
    case "regressionRatio":
      return regressionRatioUnadjustedMean(s);
    default:
      return statisticMean(s);
  }
}

/** Per-unit variance of the statistic, as gbstats defines it for that kind. */
export function statisticVariance(s: Statistic): number {
  switch (s.kind) {
    case "proportion":
    case "sampleMean":
      return baseVariance(s);
    case "ratio":
      return ratioVariance(s);
    case "regression":
      return regressionVariance(s);
    case "regressionRatio":
      return regressionRatioVariance(s);
  }
}
