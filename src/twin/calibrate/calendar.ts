/**
 * Calendars read from a log: case arrivals per hour of the week (as rates), and the weekdays and hours
 * a group of resources works. Weekdays run Monday = 0 … Sunday = 6; hours are local to the log's zone.
 */
import { type RateWindow, type Shift, WEEKDAYS } from "../model/index.js";
import { localWeekHour } from "../validate/measures.js";

export const HOUR_MS = 3_600_000;

/** A weekly calendar as a set of (weekday, hour) slots: `slots[weekday * 24 + hour]`. */
export type WeekSlots = Uint8Array;

export function slotOf(at: (t: number) => { weekday: number; hour: number }, t: number): number {
  const { weekday, hour } = at(t);
  return weekday * 24 + hour;
}

/** For each of the 168 hours of the week, how many times it occurs from `from` to `to` (whole hours). */
export function slotOccurrences(from: number, to: number, timeZone: string): Float64Array {
  const at = localWeekHour(timeZone);
  const out = new Float64Array(168);
  for (let h = Math.floor(from / HOUR_MS); h <= Math.floor(to / HOUR_MS); h++) {
    const s = slotOf(at, h * HOUR_MS);
    out[s] = (out[s] as number) + 1;
  }
  return out;
}

/**
 * Arrival rate per hour of the week: the case starts in each hour of the week divided by how often that
 * hour occurs between the first and the last start.
 */
export function arrivalRates(caseStarts: Float64Array, timeZone: string): Float64Array {
  const rates = new Float64Array(168);
  if (caseStarts.length === 0) return rates;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const t of caseStarts) {
    first = Math.min(first, t);
    last = Math.max(last, t);
  }
  const at = localWeekHour(timeZone);
  const counts = new Float64Array(168);
  for (const t of caseStarts) {
    const s = slotOf(at, t);
    counts[s] = (counts[s] as number) + 1;
  }
  const occurrences = slotOccurrences(first, last, timeZone);
  for (let s = 0; s < 168; s++) {
    const n = occurrences[s] as number;
    rates[s] = n > 0 ? (counts[s] as number) / n : 0;
  }
  return rates;
}

function clock(hour: number): string {
  return `${String(hour).padStart(2, "0")}:00`;
}

/** Rounds to 4 significant digits, so that equal rates merge into one window. */
function round4(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(4));
}

/** Rate windows for the model file: consecutive hours of a day with the same rate form one window. */
export function rateWindows(rates: Float64Array): RateWindow[] {
  const out: RateWindow[] = [];
  for (let d = 0; d < 7; d++) {
    let h = 0;
    while (h < 24) {
      const r = round4(rates[d * 24 + h] as number);
      let end = h + 1;
      while (end < 24 && round4(rates[d * 24 + end] as number) === r) end++;
      if (r > 0)
        out.push({
          days: [WEEKDAYS[d] as (typeof WEEKDAYS)[number]],
          from: clock(h),
          to: clock(end),
          perHour: r,
        });
      h = end;
    }
  }
  return out;
}

/**
 * Working slots of a group of resources from the instants they start work: a weekday counts when it
 * holds at least `dayShare` (default ¼ of an even share, 1/28) of the starts, an hour of the day when it
 * holds at least `hourShare` (default 1%); the calendar is every counted hour on every counted day.
 */
export function workingSlots(
  starts: readonly number[],
  timeZone: string,
  options: { dayShare?: number; hourShare?: number } = {},
): { slots: WeekSlots; days: number[]; hours: number[] } {
  const at = localWeekHour(timeZone);
  const byDay = new Float64Array(7);
  const byHour = new Float64Array(24);
  for (const t of starts) {
    const { weekday, hour } = at(t);
    byDay[weekday] = (byDay[weekday] as number) + 1;
    byHour[hour] = (byHour[hour] as number) + 1;
  }
  const n = starts.length;
  const days: number[] = [];
  const hours: number[] = [];
  for (let d = 0; d < 7; d++)
    if (n > 0 && (byDay[d] as number) / n >= (options.dayShare ?? 1 / 28)) days.push(d);
  for (let h = 0; h < 24; h++)
    if (n > 0 && (byHour[h] as number) / n >= (options.hourShare ?? 0.01)) hours.push(h);
  const slots = new Uint8Array(168);
  for (const d of days) for (const h of hours) slots[d * 24 + h] = 1;
  return { slots, days, hours };
}

/** True when every hour of the week is a working hour. */
export function alwaysWorking(slots: WeekSlots): boolean {
  return slots.every((s) => s === 1);
}

/**
 * Shifts for the model file from the units available in each hour of the week: on each day, each run of
 * hours with the same number of units is a window; windows with the same hours and units on several days
 * become one shift.
 */
export function shiftsFromCapacity(capacity: ArrayLike<number>): Shift[] {
  const windows = new Map<string, Shift>();
  for (let d = 0; d < 7; d++) {
    let h = 0;
    while (h < 24) {
      const units = capacity[d * 24 + h] as number;
      let end = h + 1;
      while (end < 24 && capacity[d * 24 + end] === units) end++;
      if (units > 0) {
        const key = `${h}-${end}-${units}`;
        const day = WEEKDAYS[d] as (typeof WEEKDAYS)[number];
        const known = windows.get(key);
        if (known) known.days.push(day);
        else windows.set(key, { days: [day], from: clock(h), to: clock(end), capacity: units });
      }
      h = end;
    }
  }
  return [...windows.values()];
}

/**
 * Time in `slots` between two instants (milliseconds): the part of [from, to) that falls in working
 * hours. Intervals longer than eight weeks are counted by whole weeks plus the remainder.
 */
export function workingTime(
  slots: WeekSlots,
  at: (t: number) => { weekday: number; hour: number },
  from: number,
  to: number,
): number {
  if (!(to > from)) return 0;
  let total = 0;
  let t = from;
  while (t < to) {
    const next = Math.min(to, (Math.floor(t / HOUR_MS) + 1) * HOUR_MS);
    if (slots[slotOf(at, t)]) total += next - t;
    t = next;
    if (to - t > 8 * 168 * HOUR_MS) {
      let perWeek = 0;
      for (const s of slots) perWeek += s;
      const weeks = Math.floor((to - t) / (168 * HOUR_MS)) - 1;
      total += weeks * perWeek * HOUR_MS;
      t += weeks * 168 * HOUR_MS;
    }
  }
  return total;
}
