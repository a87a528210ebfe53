import type { Grain } from "../kpi/index.js";
import type { Initiative } from "./improve.schema.js";

/**
 * Benefit and return on investment of a measured change:
 *
 *   benefit = change × value per unit × units per month × months
 *   cost    = one-off cost + running cost per month × months
 *   ROI     = (benefit − cost) / cost
 *
 * Units per month are the initiative's `value.unitsPerMonth` when given (sessions, orders), else the
 * number of periods a month at the result's grain (a change per day counts 30.4 times a month).
 * Benefit is linear in the change and ROI increasing in the benefit, so the 95% interval of the
 * change maps end to end onto both.
 */

/** Average periods in a month (365.25 / 12 days). */
export const PERIODS_PER_MONTH: Record<Grain, number> = {
  hour: (365.25 / 12) * 24,
  day: 365.25 / 12,
  week: 365.25 / 12 / 7,
  month: 1,
  quarter: 1 / 3,
};

export interface RoiFigures {
  change: number;
  changeCi: [number, number];
  perUnit: number;
  unitsPerMonth: number;
  horizonMonths: number;
  oneOff: number;
  running: number;
}

export interface Roi {
  /** Money the change brings over the horizon; null when it cannot be worked out (see notes). */
  benefit: number | null;
  benefitCi: [number, number] | null;
  /** One-off cost plus running costs over the horizon. */
  cost: number;
  /** (benefit − cost) / cost; null without a benefit or when nothing was spent. */
  roi: number | null;
  roiCi: [number, number] | null;
  horizonMonths: number;
  /** Units a month the change per unit is counted for, and where that number came from. */
  unitsPerMonth: number | null;
  unitsFrom: "value" | "grain" | null;
  notes: string[];
}

function ordered(a: number, b: number): [number, number] {
  return a <= b ? [a, b] : [b, a];
}

/** ROI of a benefit (with its interval) against a cost; null with a note when the cost is 0. */
export function returnOnCost(
  benefit: number,
  benefitCi: [number, number],
  cost: number,
): { roi: number | null; roiCi: [number, number] | null; note: string | null } {
  if (!(cost > 0)) {
    return {
      roi: null,
      roiCi: null,
      note: "No costs are recorded, so the ROI (benefit − cost) / cost is not defined; the benefit stands on its own.",
    };
  }
  const roi = (b: number) => (b - cost) / cost;
  return { roi: roi(benefit), roiCi: [roi(benefitCi[0]), roi(benefitCi[1])], note: null };
}

/** Benefit, cost and ROI from the figures, each with the interval mapped from the change's. */
export function computeRoi(f: RoiFigures): Pick<Roi, "benefit" | "benefitCi" | "cost" | "roi" | "roiCi"> & {
  note: string | null;
} {
  const perChange = f.perUnit * f.unitsPerMonth * f.horizonMonths;
  const benefit = f.change * perChange;
  const benefitCi = ordered(f.changeCi[0] * perChange, f.changeCi[1] * perChange);
  const cost = f.oneOff + f.running * f.horizonMonths;
  const { roi, roiCi, note } = returnOnCost(benefit, benefitCi, cost);
  return { benefit, benefitCi, cost, roi, roiCi, note };
}

/** The benefit and ROI of an initiative's measured result, or the reasons they cannot be given yet. */
export function initiativeRoi(initiative: Pick<Initiative, "result" | "value" | "costs">): Roi {
  const { result, value, costs } = initiative;
  const horizonMonths = value?.horizonMonths ?? 12;
  const cost = costs.oneOff + costs.running * horizonMonths;
  const empty: Roi = {
    benefit: null,
    benefitCi: null,
    cost,
    roi: null,
    roiCi: null,
    horizonMonths,
    unitsPerMonth: null,
    unitsFrom: null,
    notes: [],
  };
  if (!result) {
    return { ...empty, notes: ["No measured result yet: the benefit is counted once a result is recorded."] };
  }
  if (!value) {
    return {
      ...empty,
      notes: [
        `Say what one unit of ${result.kpi} is worth (value.perUnit) to turn the measured change into money.`,
      ],
    };
  }
  const unitsFrom = value.unitsPerMonth !== undefined ? "value" : result.grain ? "grain" : null;
  const unitsPerMonth =
    value.unitsPerMonth ?? (result.grain ? (PERIODS_PER_MONTH[result.grain] as number) : null);
  if (unitsPerMonth === null) {
    return {
      ...empty,
      notes: [
        `The result is a change per unit (per user or session); give value.unitsPerMonth, the units a month the change applies to, to count the benefit.`,
      ],
    };
  }
  const figures = computeRoi({
    change: result.change,
    changeCi: result.changeCi,
    perUnit: value.perUnit,
    unitsPerMonth,
    horizonMonths,
    oneOff: costs.oneOff,
    running: costs.running,
  });
  const notes: string[] = [];
  if (figures.note) notes.push(figures.note);
  if (figures.benefit !== null && result.change !== 0 && result.better !== figures.benefit > 0) {
    notes.push(
      "The benefit's sign disagrees with whether the change is better: value.perUnit is the money a rise of one unit is worth, so it is negative for a KPI where lower is better.",
    );
  }
  if (figures.benefitCi && figures.benefitCi[0] < 0 && figures.benefitCi[1] > 0) {
    notes.push("The interval of the benefit includes 0: the change may be worth nothing.");
  }
  return {
    benefit: figures.benefit,
    benefitCi: figures.benefitCi,
    cost: figures.cost,
    roi: figures.roi,
    roiCi: figures.roiCi,
    horizonMonths,
    unitsPerMonth,
    unitsFrom,
    notes,
  };
}
