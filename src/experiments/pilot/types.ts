/** One unit's metric, aligned with the panel's dates; null where the value is missing. */
export interface PilotSeries {
  name: string;
  values: (number | null)[];
}

export interface PilotPanel {
  /** Period labels (YYYY-MM-DD or any sortable label), strictly increasing, one per period. */
  dates: string[];
  /** First period of the change; periods before it are the pre-period. */
  changeDate: string;
  /** The unit that made the change. */
  treated: PilotSeries;
  /** Units that carried on as before; at least one. */
  controls: PilotSeries[];
}

export interface PilotOptions {
  /** Confidence level of the intervals; 0.95 when absent. */
  level?: number;
  /** Accepted for callers that pass one; no step of the analysis resamples, so it does not change the result. */
  seed?: number;
  /** Accepted for callers that pass one; no step of the analysis resamples, so it does not change the result. */
  resamples?: number;
  /**
   * Periods in one cycle (7 for a weekly cycle of daily data, 6 for a shop closed one day a week); read from the
   * dates when absent. Sets the blocks of the synthetic control's cross-validation and the "too few periods" check.
   */
  seasonLength?: number;
  /**
   * Scale the comparison runs on. "log" compares percentage changes (parallel trends in percentages): right when
   * units differ in size and share multiplicative swings, as shops do: when the market falls 9%, a shop twice
   * as big falls twice as many euros. "level" compares differences in the metric's own unit (parallel trends in
   * amounts). Default: "log" when every treated and control value used is above 0, otherwise "level". Asking for
   * "log" with a value at or below 0 is a usage error.
   */
  scale?: PilotScale;
}

/** "level": differences in the metric's own unit; "log": differences of natural logarithms, i.e. percentage changes. */
export type PilotScale = "level" | "log";

export interface PilotResult {
  /**
   * Scale the analysis ran on (see `PilotOptions.scale`). Every effect, interval, series value and RMSPE below is
   * in the metric's own unit per period and every relative figure a share of a level, whichever the scale; only
   * `preTrend` and the placebo ratios are on the analysis scale.
   */
  scale: PilotScale;
  /** Periods used before and from the change, after leaving out periods with missing values. */
  periods: { pre: number; post: number };
  differenceInDifferences: {
    /**
     * Per period, in the metric's unit. Level: (treated after − before) − (control after − before), control = mean
     * of the controls. Log: the relative effect r as an amount, treated mean after the change × r / (1 + r), i.e.
     * treated after minus the treated level expected without the change.
     */
    effect: number;
    /**
     * Level: effect / |treated level expected without the change| (treated after − effect); 0 when that level is
     * near zero. Log: e^d − 1, with d = (log treated after − before) − (log control after − before), control = mean
     * of the controls' logs (their geometric mean).
     */
    relative: number;
    /** Interval of `effect`, in the metric's unit; under log each end mapped from `relativeCi` as `effect` is. */
    ci: [number, number];
    /** Level: ci divided by the same expected level, which is taken as known. Log: e^(end of the log interval) − 1. */
    relativeCi: [number, number];
    /** Two-sided, against no effect, from the test on the analysis scale. */
    pValue: number;
    /** One sentence: what is compared and how the interval was made. */
    method: string;
  };
  syntheticControl: {
    /**
     * Weights of the kept controls: ≥ 0, summing to 1, fitted on the pre-period only. Under log they are fitted on
     * the logs, so the synthetic control is a weighted geometric mean of the controls.
     */
    weights: { name: string; weight: number }[];
    /**
     * Root mean square of treated − synthetic over the pre-period, in the metric's unit under either scale (under
     * log the synthetic control is taken back to levels first).
     */
    preRmspe: number;
    /** The same over the periods from the change on. */
    postRmspe: number;
    /**
     * In the metric's unit per period. Level: mean gap treated − synthetic after the change. Log: treated mean
     * after the change × r / (1 + r), r = `relative`.
     */
    effect: number;
    /**
     * Level: effect / |mean synthetic after the change|; 0 when that is near zero. Log: e^g − 1, g the mean gap
     * log treated − log synthetic after the change.
     */
    relative: number;
    /**
     * Interval of `effect`, in the metric's unit (under log each end mapped as `effect` is). Null when the
     * synthetic control does not match the treated unit well enough before the change.
     */
    ci: [number, number] | null;
    /**
     * Post/pre RMSPE ratio of the treated unit and of each control fitted from the others, largest first. The
     * RMSPEs are taken on the analysis scale (log points under log); a ratio has no unit either way.
     */
    placebos: { name: string; ratio: number }[];
    /** Share of units whose ratio is at least the treated one's; null with fewer than 2 controls. */
    pValue: number | null;
  };
  /**
   * Slope of the pre-period gap treated − control per period; ok when it is not distinguishable from 0. Level: in
   * the metric's unit (control = mean of the controls). Log: in log points of log treated − mean log control, which
   * is about the relative drift per period (0.002 ≈ 0.2% a period).
   */
  preTrend: { slope: number; ci: [number, number]; pValue: number; ok: boolean };
  /**
   * One row per date of the panel, for a chart, all in the metric's unit: treated; the controls' mean (arithmetic
   * under level, geometric under log); the synthetic control (under log the weighted geometric mean of the
   * controls); the gap treated − synthetic; and from the change on a per-period band for that gap (null where
   * missing or when the fit is poor). Under log the band is made on the logs, ±h around g = log treated − log
   * synthetic, and each end mapped as the gap is: treated × (1 − e^−(g ∓ h)).
   */
  series: {
    date: string;
    treated: number | null;
    control: number | null;
    synthetic: number | null;
    effect: number | null;
    effectLow: number | null;
    effectHigh: number | null;
  }[];
  /** Plain words for an owner about what limits the answer. */
  warnings: string[];
}
