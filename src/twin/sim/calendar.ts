import { zoneOffsetMinutes } from "../../core/time-zone.js";
/**
 * Weekly calendars: arrival rates and shift capacities by minute of the week (Monday 00:00 = 0),
 * stored as constant segments. Simulated time runs from the model's `start`; its minute of the week
 * is found once in the model's time zone (clock changes during a run are not applied).
 */
import { WEEKDAYS } from "../model/index.js";

export const MINUTES_PER_WEEK = 7 * 24 * 60;
export const MINUTES_PER_UNIT = { second: 1 / 60, minute: 1, hour: 60 } as const;

export interface Window {
  days: readonly (typeof WEEKDAYS)[number][];
  from: string;
  to: string;
}

function minuteOfDay(clock: string): number {
  const [h, m] = clock.split(":");
  return Number(h) * 60 + Number(m);
}

/** Adds `value` to every minute of the week the window covers (a window past midnight wraps). */
export function addWindow(profile: Float64Array, w: Window, value: number): void {
  const from = minuteOfDay(w.from);
  let to = minuteOfDay(w.to);
  if (to <= from) to += 24 * 60;
  for (const day of w.days) {
    const base = WEEKDAYS.indexOf(day) * 24 * 60;
    for (let m = from; m < to; m++) {
      const i = (base + m) % MINUTES_PER_WEEK;
      profile[i] = (profile[i] as number) + value;
    }
  }
}

/** Sets every minute of the week the window covers to `value`. */
export function setWindow(profile: Float64Array, w: Window, value: number): void {
  const from = minuteOfDay(w.from);
  let to = minuteOfDay(w.to);
  if (to <= from) to += 24 * 60;
  for (const day of w.days) {
    const base = WEEKDAYS.indexOf(day) * 24 * 60;
    for (let m = from; m < to; m++) profile[(base + m) % MINUTES_PER_WEEK] = value;
  }
}

/** A weekly step function as segments: `starts[k]` (minute of week) begins value `values[k]`. */
export interface WeeklySteps {
  starts: Float64Array;
  values: Float64Array;
}

export function toSteps(profile: Float64Array): WeeklySteps {
  const starts: number[] = [];
  const values: number[] = [];
  for (let m = 0; m < MINUTES_PER_WEEK; m++) {
    const v = profile[m] as number;
    if (m === 0 || v !== values[values.length - 1]) {
      starts.push(m);
      values.push(v);
    }
  }
  return { starts: Float64Array.from(starts), values: Float64Array.from(values) };
}

/** Index of the segment containing minute-of-week `m` (0 ≤ m < a week). */
export function segmentAt(steps: WeeklySteps, m: number): number {
  let lo = 0;
  let hi = steps.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((steps.starts[mid] as number) <= m) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** End (minute of week, possibly = a week) of segment k. */
export function segmentEnd(steps: WeeklySteps, k: number): number {
  return k + 1 < steps.starts.length ? (steps.starts[k + 1] as number) : MINUTES_PER_WEEK;
}

/** Offset of a time zone from UTC at an instant, in milliseconds. */
function zoneOffset(ms: number, timeZone: string): number {
  return zoneOffsetMinutes(ms, timeZone) * 60_000;
}

/** The instant (ms since epoch) of an ISO date-time; without an offset it is local to `timeZone`. */
export function toInstant(iso: string, timeZone: string): number {
  if (/(Z|[+-]\d\d:?\d\d)$/i.test(iso)) return Date.parse(iso);
  const naive = Date.parse(`${iso}Z`);
  let ms = naive - zoneOffset(naive, timeZone);
  ms = naive - zoneOffset(ms, timeZone);
  return ms;
}

/** Minute of the week (Monday 00:00 = 0) of an instant in a time zone. */
export function minuteOfWeek(ms: number, timeZone: string): number {
  const local = ms + zoneOffset(ms, timeZone);
  const d = new Date(local);
  const day = (d.getUTCDay() + 6) % 7;
  return day * 1440 + d.getUTCHours() * 60 + d.getUTCMinutes() + d.getUTCSeconds() / 60 + (ms % 1000) / 60000;
}

export const DEFAULT_START = "2024-01-01T00:00:00";
