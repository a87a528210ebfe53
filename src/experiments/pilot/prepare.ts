import { AppError } from "../../core/index.js";
import type { PilotPanel, PilotSeries } from "./types.js";

export const MIN_PRE_PERIODS = 4;
export const MIN_POST_PERIODS = 2;
/** A control missing more than this share of its periods is left out when better-covered controls exist. */
const MOSTLY_MISSING = 0.25;

/** A unit's values at the periods the analysis uses: every one present. */
export interface UnitValues {
  name: string;
  values: number[];
}

/** The panel reduced to complete periods: the treated unit and every kept control have a value at each. */
export interface PreparedPanel {
  /** Indices into the panel's dates of the periods used, in order. */
  rows: number[];
  /** How many of `rows` come before the change. */
  pre: number;
  /** Index into the panel's dates of the first period of the change. */
  change: number;
  treated: UnitValues;
  controls: UnitValues[];
  /** Indices into the panel's controls of the controls kept. */
  kept: number[];
  warnings: string[];
}

function usage(message: string): AppError {
  return new AppError("USAGE", message);
}

function checkDates(dates: readonly string[]): void {
  for (let i = 1; i < dates.length; i++) {
    if ((dates[i] as string) <= (dates[i - 1] as string)) {
      throw usage(
        `Dates must be strictly increasing, one per period: "${dates[i]}" (position ${i + 1}) follows "${dates[i - 1]}". Sort the periods by date and merge duplicates.`,
      );
    }
  }
}

function checkSeries(series: PilotSeries, dates: readonly string[]): void {
  if (series.values.length !== dates.length) {
    throw usage(
      `Series "${series.name}" has ${series.values.length} values but there are ${dates.length} dates. Give one value per date, null where it is missing.`,
    );
  }
  const bad = series.values.findIndex((value) => value !== null && !Number.isFinite(value));
  if (bad >= 0) {
    throw usage(
      `Series "${series.name}" has a value that is not a finite number on ${dates[bad]}. Use null for a missing value.`,
    );
  }
  if (series.values.every((value) => value === null)) {
    throw usage(`Series "${series.name}" has no values. Fill in its data or leave it out of the panel.`);
  }
}

/** Index of the change date among the dates: the first period on or after it. */
function changeIndex(panel: PilotPanel): number {
  const { dates, changeDate } = panel;
  const index = dates.findIndex((date) => date >= changeDate);
  if (index <= 0) {
    throw usage(
      `The change date "${changeDate}" is outside the data (${dates[0]} … ${dates[dates.length - 1]}). Pick a change date after the first period and no later than the last.`,
    );
  }
  return index;
}

const periods = (n: number) => `${n} period${n === 1 ? "" : "s"}`;

function checkPeriods(pre: number, post: number, afterDropping: boolean): void {
  const reason = afterDropping ? " once periods with missing values are left out" : "";
  if (pre < MIN_PRE_PERIODS) {
    throw usage(
      `Only ${periods(pre)} before the change${reason}; at least ${MIN_PRE_PERIODS} are needed (two full cycles to be reliable). Add earlier data or move the change date later.`,
    );
  }
  if (post < MIN_POST_PERIODS) {
    throw usage(
      `Only ${periods(post)} from the change on${reason}; at least ${MIN_POST_PERIODS} are needed. Wait for more data after the change or move the change date earlier.`,
    );
  }
}

/** Checks the panel's shape and returns the index of the first changed period. */
export function checkPanel(panel: PilotPanel): number {
  if (panel.controls.length === 0) {
    throw usage("The panel has no controls. Add at least one unit that carried on without the change.");
  }
  if (panel.dates.length === 0) throw usage("The panel has no dates. Give one date per period.");
  checkDates(panel.dates);
  for (const series of [panel.treated, ...panel.controls]) checkSeries(series, panel.dates);
  const change = changeIndex(panel);
  checkPeriods(change, panel.dates.length - change, false);
  return change;
}

function missingShare(series: PilotSeries): number {
  return series.values.filter((value) => value === null).length / series.values.length;
}

/** Indices of the controls to keep: all, unless some are mostly missing while others are not. */
function keptControls(controls: readonly PilotSeries[]): number[] {
  const all = controls.map((_, j) => j);
  const covered = all.filter((j) => missingShare(controls[j] as PilotSeries) <= MOSTLY_MISSING);
  return covered.length > 0 ? covered : all;
}

function droppedControlsWarning(panel: PilotPanel, kept: readonly number[]): string[] {
  const dropped = panel.controls.filter((_, j) => !kept.includes(j)).map((series) => `"${series.name}"`);
  if (dropped.length === 0) return [];
  const [noun, their] = dropped.length === 1 ? ["control", "its"] : ["controls", "their"];
  return [
    `Left out ${noun} ${dropped.join(", ")}: more than ${MOSTLY_MISSING * 100}% of ${their} values are missing, and keeping ${dropped.length === 1 ? "it" : "them"} would have cost many periods.`,
  ];
}

function droppedPeriodsWarning(panel: PilotPanel, missing: readonly number[], used: number): string[] {
  if (missing.length === 0) return [];
  const first = panel.dates[missing[0] as number];
  return [
    `Missing values dropped: ${periods(missing.length)} with a missing value (the first on ${first}) were left out; the estimates use the other ${used}.`,
  ];
}

function valuesAt(series: PilotSeries, rows: readonly number[]): UnitValues {
  return { name: series.name, values: rows.map((row) => series.values[row] as number) };
}

/** Validates the panel and keeps the periods where the treated unit and every kept control have a value. */
export function preparePanel(panel: PilotPanel): PreparedPanel {
  const change = checkPanel(panel);
  const kept = keptControls(panel.controls);
  const units = [panel.treated, ...kept.map((j) => panel.controls[j] as PilotSeries)];
  const complete = (row: number) => units.every((series) => series.values[row] !== null);
  const indices = panel.dates.map((_, row) => row);
  const rows = indices.filter(complete);
  const pre = rows.filter((row) => row < change).length;
  checkPeriods(pre, rows.length - pre, rows.length < indices.length);
  return {
    rows,
    pre,
    change,
    treated: valuesAt(panel.treated, rows),
    controls: kept.map((j) => valuesAt(panel.controls[j] as PilotSeries, rows)),
    kept,
    warnings: [
      ...droppedControlsWarning(panel, kept),
      ...droppedPeriodsWarning(
        panel,
        indices.filter((row) => !complete(row)),
        rows.length,
      ),
    ],
  };
}
