import { AppError } from "../../core/index.js";
import type { PreparedPanel, UnitValues } from "./prepare.js";
import type { PilotPanel, PilotScale } from "./types.js";

/** The earliest used value at or below 0 (the treated unit first on a tie), or null when all are above 0. */
function firstNonPositive(
  panel: PilotPanel,
  prepared: PreparedPanel,
): { name: string; date: string; value: number } | null {
  const units = [prepared.treated, ...prepared.controls];
  for (const [t, row] of prepared.rows.entries()) {
    for (const unit of units) {
      const value = unit.values[t] as number;
      if (!(value > 0)) return { name: unit.name, date: panel.dates[row] as string, value };
    }
  }
  return null;
}

/**
 * The scale to analyse on: the one asked for, else "log" when every value used is above 0 and "level" otherwise.
 * Asking for "log" with a value at or below 0 is refused, naming the unit and the period.
 */
export function chooseScale(
  panel: PilotPanel,
  prepared: PreparedPanel,
  requested: PilotScale | undefined,
): PilotScale {
  if (requested !== undefined && requested !== "level" && requested !== "log") {
    throw new AppError(
      "USAGE",
      `The scale must be "level" or "log" (got "${String(requested)}"); leave it out to choose from the data.`,
    );
  }
  if (requested === "level") return "level";
  const bad = firstNonPositive(panel, prepared);
  if (bad === null) return "log";
  if (requested === "log") {
    throw new AppError(
      "USAGE",
      `The log scale needs every value above 0, but "${bad.name}" has ${bad.value} on ${bad.date}. Use scale "level" to compare differences in the metric's own unit, or leave the scale out to choose it from the data.`,
    );
  }
  return "level";
}

function logOf(unit: UnitValues): UnitValues {
  return { name: unit.name, values: unit.values.map(Math.log) };
}

/** The panel on the analysis scale: unchanged for "level", natural logarithms for "log". */
export function onScale(prepared: PreparedPanel, scale: PilotScale): PreparedPanel {
  if (scale === "level") return prepared;
  return { ...prepared, treated: logOf(prepared.treated), controls: prepared.controls.map(logOf) };
}

/** A difference of logs as a relative change: e^d − 1. */
export function relativeOfLog(difference: number): number {
  return Math.expm1(difference);
}

/**
 * A difference of logs d = log treated − log counterfactual as an amount at the treated level:
 * treated − counterfactual = treated × (1 − e^−d) = treated × r / (1 + r) for r = e^d − 1. Increasing in d.
 */
export function amountOfLog(difference: number, treated: number): number {
  return -treated * Math.expm1(-difference);
}
