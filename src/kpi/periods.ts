import { AppError } from "../core/errors.js";
import type { Grain } from "./kpi.schema.js";

/**
 * Period labels: `YYYY-MM-DD` (the first day) for day, week, month and quarter; `YYYY-MM-DDTHH:00`
 * for hours. Times are the business's local wall-clock time.
 */

const DAY_MS = 86_400_000;

function parseLabel(label: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(label);
  if (!m) throw new AppError("USAGE", `"${label}" is not a period; use a date such as 2025-10-20.`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
}

function formatLabel(ms: number, grain: Grain): string {
  const iso = new Date(ms).toISOString();
  return grain === "hour" ? `${iso.slice(0, 13)}:00` : iso.slice(0, 10);
}

/** The label of the period after `label`. */
export function nextPeriod(label: string, grain: Grain): string {
  const ms = parseLabel(label);
  const d = new Date(ms);
  switch (grain) {
    case "hour":
      return formatLabel(ms + 3_600_000, grain);
    case "day":
      return formatLabel(ms + DAY_MS, grain);
    case "week":
      return formatLabel(ms + 7 * DAY_MS, grain);
    case "month":
      return formatLabel(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1), grain);
    case "quarter":
      return formatLabel(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3, 1), grain);
  }
}

/** Every period label from `first` to `last`, both included. */
export function periodRange(first: string, last: string, grain: Grain): string[] {
  const out: string[] = [];
  const end = parseLabel(last);
  let current = first;
  while (parseLabel(current) <= end) {
    out.push(current);
    if (out.length > 1_000_000)
      throw new AppError(
        "USAGE",
        "More than a million periods; choose a coarser --grain or a shorter range.",
      );
    current = nextPeriod(current, grain);
  }
  return out;
}

export interface PeriodSpan {
  /** Label of the period. */
  label: string;
  /** Start, inclusive, as local `YYYY-MM-DD HH:MM:SS`. */
  from: string;
  /** End, exclusive. */
  to: string;
}

function startOfWeek(ms: number, weekStart: "monday" | "sunday" | "saturday"): number {
  const dow = new Date(ms).getUTCDay(); // 0 = Sunday
  const first = weekStart === "monday" ? 1 : weekStart === "sunday" ? 0 : 6;
  return ms - ((dow - first + 7) % 7) * DAY_MS;
}

/**
 * Reads a period the way people write it: `2025-10-20` (the period of that date at the grain),
 * `2025-W43` (ISO week), `2025-10` (month), `2025-Q4` (quarter), `2025-10-20T08` (hour).
 */
export function parsePeriod(
  text: string,
  grain: Grain,
  weekStart: "monday" | "sunday" | "saturday",
): PeriodSpan {
  const value = text.trim();
  let start: number;
  const week = /^(\d{4})-W(\d{2})$/i.exec(value);
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(value);
  const month = /^(\d{4})-(\d{2})$/.exec(value);
  const day = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::00)?)?$/.exec(value);
  if (week) {
    // ISO week: the week with the year's first Thursday is week 1.
    const jan4 = Date.UTC(Number(week[1]), 0, 4);
    const week1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
    start = week1 + (Number(week[2]) - 1) * 7 * DAY_MS;
  } else if (quarter) {
    start = Date.UTC(Number(quarter[1]), (Number(quarter[2]) - 1) * 3, 1);
  } else if (month) {
    start = Date.UTC(Number(month[1]), Number(month[2]) - 1, 1);
  } else if (day) {
    start = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]), Number(day[4] ?? 0));
    const check = new Date(start);
    if (check.getUTCMonth() !== Number(day[2]) - 1 || check.getUTCDate() !== Number(day[3])) {
      throw new AppError("USAGE", `"${text}" is not a real date.`);
    }
  } else {
    throw new AppError("USAGE", `"${text}" is not a period; write 2025-10-20, 2025-W43, 2025-10 or 2025-Q4.`);
  }
  const d = new Date(start);
  let from: number;
  switch (grain) {
    case "hour":
      from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours());
      break;
    case "day":
      from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      break;
    case "week":
      from = startOfWeek(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()), weekStart);
      break;
    case "month":
      from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      break;
    case "quarter":
      from = Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
      break;
  }
  const label = formatLabel(from, grain);
  const to = parseLabel(nextPeriod(label, grain));
  const local = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
  return { label, from: local(from), to: local(to) };
}

/** A date bound given by the user (`2025-01-01` or `2025-01-01T10:00`) as a local timestamp. */
export function parseBound(text: string, name: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m)
    throw new AppError("USAGE", `${name} "${text}" is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM.`);
  const ms = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  if (new Date(ms).getUTCDate() !== Number(m[3]))
    throw new AppError("USAGE", `${name} "${text}" is not a real date.`);
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}
