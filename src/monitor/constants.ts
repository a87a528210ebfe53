import { AppError } from "../core/errors.js";

/**
 * Control-chart constants for subgroups of n = 2…25.
 *
 * d2 (the expected range of n standard normal values, in standard deviations) is the published
 * three-decimal table (ASTM Manual on Presentation of Data and Control Chart Analysis; Montgomery,
 * Introduction to Statistical Quality Control, Appendix VI), which R's qcc also uses, so limits agree
 * with qcc and with hand calculations from the textbook. d3 (the standard deviation of that range)
 * is the seven-digit table qcc uses; both tables are checked against numerical integration in
 * `constants.test.ts` (d2 within the table's rounding, d3 within 1.5e-5).
 */
const D2_TABLE = [
  1.128, 1.693, 2.059, 2.326, 2.534, 2.704, 2.847, 2.97, 3.078, 3.173, 3.258, 3.336, 3.407, 3.472, 3.532,
  3.588, 3.64, 3.689, 3.735, 3.778, 3.819, 3.858, 3.895, 3.931,
] as const;

const D3_TABLE = [
  0.8525033, 0.8883697, 0.8798108, 0.8640855, 0.8480442, 0.8332108, 0.8198378, 0.8078413, 0.7970584, 0.787323,
  0.7784873, 0.7704257, 0.763033, 0.7562217, 0.7499188, 0.7440627, 0.7386021, 0.7334929, 0.728698, 0.7241851,
  0.7199267, 0.7158987, 0.7120802, 0.7084528,
] as const;

/** Smallest and largest subgroup sizes the range tables cover. */
export const MIN_SUBGROUP_SIZE = 2;
export const MAX_SUBGROUP_SIZE = 25;

export interface ChartConstants {
  /** Subgroup size. */
  n: number;
  /** Expected range of n standard normal values: sigma is estimated as R̄ / d2. */
  d2: number;
  /** Standard deviation of that range: the R chart's limits are R̄ ± 3·d3·sigma. */
  d3: number;
  /** X̄ chart limits are X̄̄ ± A2·R̄, with A2 = 3 / (d2·√n). */
  A2: number;
  /** R chart lower limit factor, D3 = max(0, 1 − 3·d3/d2): LCL = D3·R̄. */
  D3: number;
  /** R chart upper limit factor, D4 = 1 + 3·d3/d2: UCL = D4·R̄. */
  D4: number;
}

/** The constants for subgroups of `n` values (2 to 25). */
export function getChartConstants(n: number): ChartConstants {
  const index = n - MIN_SUBGROUP_SIZE;
  const d2 = D2_TABLE[index];
  const d3 = D3_TABLE[index];
  if (!Number.isInteger(n) || d2 === undefined || d3 === undefined) {
    throw new AppError(
      "INVALID_REQUEST",
      `Subgroups of ${n} values are not covered: range-based charts need subgroups of ${MIN_SUBGROUP_SIZE} to ${MAX_SUBGROUP_SIZE} values; split larger subgroups or chart their averages as individuals`,
      { subgroupSize: n },
    );
  }
  return {
    n,
    d2,
    d3,
    A2: 3 / (d2 * Math.sqrt(n)),
    D3: Math.max(0, 1 - (3 * d3) / d2),
    D4: 1 + (3 * d3) / d2,
  };
}
