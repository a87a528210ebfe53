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
}

export interface PilotResult {
  /** Periods used before and from the change, after leaving out periods with missing values. */
  periods: { pre: number; post: number };
  differenceInDifferences: {
    /** Per period, in the metric's unit: (treated after − before) − (control after − before), control = mean of controls. */
    effect: number;
    /** effect / |treated level expected without the change| (treated after − effect); 0 when that level is near zero. */
    relative: number;
    ci: [number, number];
    /** ci divided by the same expected level, which is taken as known. */
    relativeCi: [number, number];
    /** Two-sided, against no effect. */
    pValue: number;
    /** One sentence: how the interval was made. */
    method: string;
  };
  syntheticControl: {
    /** Weights of the kept controls: ≥ 0, summing to 1, fitted on the pre-period only. */
    weights: { name: string; weight: number }[];
    preRmspe: number;
    postRmspe: number;
    /** Mean gap treated − synthetic after the change. */
    effect: number;
    /** effect / |mean synthetic after the change|; 0 when that is near zero. */
    relative: number;
    /** Null when the synthetic control does not match the treated unit well enough before the change. */
    ci: [number, number] | null;
    /** Post/pre RMSPE ratio of the treated unit and of each control fitted from the others, largest first. */
    placebos: { name: string; ratio: number }[];
    /** Share of units whose ratio is at least the treated one's; null with fewer than 2 controls. */
    pValue: number | null;
  };
  /** Slope of treated − control over the pre-period, per period; ok when it is not distinguishable from 0. */
  preTrend: { slope: number; ci: [number, number]; pValue: number; ok: boolean };
  /**
   * One row per date of the panel, for a chart: treated, mean of the controls, synthetic control, the gap treated −
   * synthetic, and from the change on a per-period band for that gap (null where missing or when the fit is poor).
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
