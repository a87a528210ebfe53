import { slopeOfSeries, tInference } from "./stats.js";
import type { PilotResult } from "./types.js";

/**
 * Trend of the gap treated − control over the pre-period, per period, with a serial-correlation-robust
 * interval. `ok` when the slope is not distinguishable from zero at the analysis level.
 */
export function preTrend(preGaps: readonly number[], level: number): PilotResult["preTrend"] {
  const slope = slopeOfSeries(preGaps);
  const { ci, pValue } = tInference(slope, level);
  return { slope: slope.estimate, ci, pValue, ok: pValue >= 1 - level };
}
