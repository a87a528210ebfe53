import type { PreparedPanel } from "./prepare.js";
import { amountOfLog } from "./scale.js";
import { mean } from "./stats.js";
import type { PilotPanel, PilotResult, PilotScale } from "./types.js";

type Row = PilotResult["series"][number];

/** A value on the analysis scale, or null when it is missing or (under log) not above 0. */
function scaled(value: number | null, scale: PilotScale): number | null {
  if (value === null) return null;
  if (scale === "level") return value;
  return value > 0 ? Math.log(value) : null;
}

/** Σ w_j x_j at one date on the analysis scale, or null when a control with weight is missing there. */
function syntheticAt(
  panel: PilotPanel,
  kept: readonly number[],
  weights: readonly number[],
  row: number,
  scale: PilotScale,
): number | null {
  let total = 0;
  for (const [i, j] of kept.entries()) {
    const weight = weights[i] as number;
    if (weight === 0) continue;
    const value = scaled(panel.controls[j]?.values[row] ?? null, scale);
    if (value === null) return null;
    total += weight * value;
  }
  return total;
}

/** The controls' mean at one date on the analysis scale, or null when one is missing. */
function controlAt(
  panel: PilotPanel,
  kept: readonly number[],
  row: number,
  scale: PilotScale,
): number | null {
  const values = kept.map((j) => scaled(panel.controls[j]?.values[row] ?? null, scale));
  return values.some((value) => value === null) ? null : mean(values as number[]);
}

const toLevel = (value: number | null, scale: PilotScale) =>
  value === null || scale === "level" ? value : Math.exp(value);

/** The gap treated − synthetic and its band in the metric's unit; the band is ± `band` around the gap on the analysis scale. */
function gapAt(treated: number | null, synthetic: number | null, band: number | null, scale: PilotScale) {
  const none = { effect: null, effectLow: null, effectHigh: null };
  if (treated === null || synthetic === null) return none;
  if (scale === "level") {
    const effect = treated - synthetic;
    return {
      effect,
      effectLow: band === null ? null : effect - band,
      effectHigh: band === null ? null : effect + band,
    };
  }
  const effect = treated - Math.exp(synthetic);
  const logTreated = scaled(treated, scale);
  if (band === null || logTreated === null) return { effect, effectLow: null, effectHigh: null };
  const gap = logTreated - synthetic;
  return {
    effect,
    effectLow: amountOfLog(gap - band, treated),
    effectHigh: amountOfLog(gap + band, treated),
  };
}

/**
 * One row per date for a chart, in the metric's unit: treated, the controls' mean (geometric under log), the
 * synthetic control (a weighted geometric mean under log), the gap treated − synthetic, and from the change on the
 * gap's band (null where the fit was too poor for one). Under log the band is made on the logs and each end mapped
 * back as the gap is, treated × (1 − e^−(g ∓ band)).
 */
export function chartSeries(
  panel: PilotPanel,
  prepared: PreparedPanel,
  fit: { weights: readonly number[]; band: number | null; scale: PilotScale },
): Row[] {
  const { weights, band, scale } = fit;
  return panel.dates.map((date, row) => {
    const treated = panel.treated.values[row] ?? null;
    const synthetic = syntheticAt(panel, prepared.kept, weights, row, scale);
    const gap = gapAt(treated, synthetic, row >= prepared.change ? band : null, scale);
    return {
      date,
      treated,
      control: toLevel(controlAt(panel, prepared.kept, row, scale), scale),
      synthetic: toLevel(synthetic, scale),
      ...gap,
    };
  });
}
