/**
 * Public types of the A/B-test statistics engine. The statistics follow GrowthBook's gbstats: a metric is
 * summarised per arm by sums over its units, and every test works from those sums alone.
 */

export type MetricType = "proportion" | "mean" | "ratio";

/** Sufficient statistics of one arm for one metric, summed over its units. */
export interface ArmStatistics {
  /** Units in the arm. */
  n: number;
  /** Σx (proportion: conversions; ratio: Σ numerator). */
  sum: number;
  /** Σx² (proportion: ignored, the Bernoulli variance p(1 − p) is used). */
  sumSquares: number;
  /** Ratio metrics, per unit numerator x and denominator y: Σy. */
  denominatorSum?: number;
  /** Ratio metrics: Σy². */
  denominatorSumSquares?: number;
  /** Ratio metrics: Σxy. */
  productSum?: number;
  /** CUPED, per unit pre-period covariate z (ratio metrics: the pre-period numerator): Σz. */
  preSum?: number;
  /** CUPED: Σz² (proportion: ignored). */
  preSumSquares?: number;
  /** CUPED: Σxz. */
  prePostSumProduct?: number;
  /** CUPED for ratio metrics, per unit pre-period denominator w: Σw. */
  preDenominatorSum?: number;
  /** CUPED for ratio metrics: Σw². */
  preDenominatorSumSquares?: number;
  /** CUPED for ratio metrics: Σzw, pre-period numerator times pre-period denominator. */
  preProductSum?: number;
  /** CUPED for ratio metrics: Σyw, post-period denominator times pre-period denominator. */
  denominatorPrePostSumProduct?: number;
  /** CUPED for ratio metrics: Σxw, post-period numerator times pre-period denominator. */
  numeratorPostDenominatorPreSumProduct?: number;
  /** CUPED for ratio metrics: Σzy, pre-period numerator times post-period denominator. */
  numeratorPreDenominatorPostSumProduct?: number;
}

export type Difference = "relative" | "absolute";
export type Sides = "two-sided" | "greater" | "less";

export interface FrequentistSettings {
  difference: Difference;
  alpha: number;
  sides: Sides;
  sequential: boolean;
  /** Tuning parameter of the confidence sequences, the sample size they are tightest at (gbstats: 5000). */
  sequentialTuning: number;
  cuped: boolean;
}

export interface FrequentistResult {
  lift: number;
  /** One-sided intervals have an infinite end. */
  ci: [number, number];
  se: number;
  pValue: number;
  errorMessage: string | null;
}

/** A normal prior on the effect, on the relative scale (it is rescaled by the control mean for absolute differences). */
export interface GaussianPrior {
  mean: number;
  variance: number;
  proper: boolean;
}

export interface BayesianSettings {
  difference: Difference;
  alpha: number;
  /** Absent: the improper flat prior. */
  prior?: GaussianPrior;
  cuped: boolean;
}

export interface BayesianResult {
  lift: number;
  ci: [number, number];
  se: number;
  chanceToWin: number;
  /** Expected loss of choosing each arm. */
  risk: { control: number; treatment: number };
  errorMessage: string | null;
}

export interface SampleSummary {
  n: number;
  mean: number;
  variance: number;
}
