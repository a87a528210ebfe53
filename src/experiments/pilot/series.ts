import type { PreparedPanel } from "./prepare.js";
import { mean } from "./stats.js";
import type { PilotPanel, PilotResult } from "./types.js";

type Row = PilotResult["series"][number];

/** Σ w_j x_j at one date, or null when a control with weight is missing there. */
function syntheticAt(panel: PilotPanel, kept: readonly number[], weights: readonly number[], row: number) {
  let total = 0;
  for (const [i, j] of kept.entries()) {
    const weight = weights[i] as number;
    const value = panel.controls[j]?.values[row] ?? null;
    if (weight === 0) continue;
    if (value === null) return null;
    total += weight * value;
  }
  return total;
}

function controlAt(panel: PilotPanel, kept: readonly number[], row: number): number | null {
  const values = kept.map((j) => panel.controls[j]?.values[row] ?? null);
  return values.some((value) => value === null) ? null : mean(values as number[]);
}

/**
 * One row per date for a chart: treated, mean of the controls, synthetic control, the gap treated − synthetic,
 * and from the change on the gap's band (null where the fit was too poor for one).
 */
export function chartSeries(
  panel: PilotPanel,
  prepared: PreparedPanel,
  weights: readonly number[],
  band: number | null,
): Row[] {
  return panel.dates.map((date, row) => {
    const treated = panel.treated.values[row] ?? null;
    const synthetic = syntheticAt(panel, prepared.kept, weights, row);
    const effect = treated !== null && synthetic !== null ? treated - synthetic : null;
    const banded = effect !== null && band !== null && row >= prepared.change;
    return {
      date,
      treated,
      control: controlAt(panel, prepared.kept, row),
      synthetic,
      effect,
      effectLow: banded ? effect - band : null,
      effectHigh: banded ? effect + band : null,
    };
  });
}
