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
  /** Seed of the random generator behind any resampling; 1 when absent. */
  seed?: number;
  /** Number of resamples where resampling is used; 2000 when absent. */
  resamples?: number;
  /** Periods in one cycle of the data (7 for a weekly cycle of daily data); read from the dates when absent. */
  seasonLength?: number;
}

export interface PilotResult {
  periods: { pre: number; post: number };
  differenceInDifferences: {
    effect: number;
    relative: number;
    ci: [number, number];
    relativeCi: [number, number];
    pValue: number;
    method: string;
  };
  syntheticControl: {
    weights: { name: string; weight: number }[];
    preRmspe: number;
    postRmspe: number;
    effect: number;
    relative: number;
    ci: [number, number] | null;
    placebos: { name: string; ratio: number }[];
    pValue: number | null;
  };
  preTrend: { slope: number; ci: [number, number]; pValue: number; ok: boolean };
  series: {
    date: string;
    treated: number | null;
    control: number | null;
    synthetic: number | null;
    effect: number | null;
    effectLow: number | null;
    effectHigh: number | null;
  }[];
  warnings: string[];
}
