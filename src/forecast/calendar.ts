/**
 * Period labels of a series: parsing, checking that they form a regular calendar without gaps or
 * duplicates, the seasonal periods each grain implies, and the labels of future periods.
 *
 * Labels name the first moment of their period: `YYYY-MM-DD` for day, week, month and quarter
 * (a month is labelled by its first day, a quarter by the first day of its first month) and
 * `YYYY-MM-DDTHH:00` for hours. Labels are wall-clock labels without a time zone: a series that was
 * bucketed by local hour has a missing hour at the spring daylight-saving change, which is reported
 * as a gap like any other.
 */
import { AppError, type ErrorCode, type Problem } from "../core/index.js";
import { type GapFill, GRAINS, type Grain, type Series } from "./forecast.schema.js";

export type { GapFill, Grain, Series };
export { GRAINS };

export interface PreparedSeries {
  grain: Grain;
  periods: string[];
  values: number[];
  /** Periods that were missing and filled with zero, in order. */
  filledPeriods: string[];
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const LABEL_FORMAT: Record<Grain, string> = {
  hour: "YYYY-MM-DDTHH:00",
  day: "YYYY-MM-DD",
  week: "YYYY-MM-DD (the first day of the week)",
  month: "YYYY-MM-01",
  quarter: "YYYY-MM-01 with MM one of 01, 04, 07, 10",
};
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** At most this many problems are listed in an error's details. */
const MAX_PROBLEMS = 50;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HOUR = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):00(?::00)?$/;

function utcDays(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return ms / DAY_MS;
}

/**
 * The position of a label on its grain's calendar (hours, days, months or quarters since 1970),
 * or null when the label is not a valid label of that grain. Week labels are positioned in days;
 * their seven-day spacing is checked by `prepareSeries`.
 */
export function periodOrdinal(label: string, grain: Grain): number | null {
  if (grain === "hour") {
    const match = HOUR.exec(label);
    if (!match) return null;
    const days = utcDays(Number(match[1]), Number(match[2]), Number(match[3]));
    const hour = Number(match[4]);
    if (days === null || hour > 23) return null;
    return days * 24 + hour;
  }
  const match = DATE.exec(label);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const days = utcDays(year, month, day);
  if (days === null) return null;
  if (grain === "day" || grain === "week") return days;
  if (day !== 1) return null;
  if (grain === "month") return (year - 1970) * 12 + (month - 1);
  if ((month - 1) % 3 !== 0) return null;
  return (year - 1970) * 4 + (month - 1) / 3;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

function formatDate(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The label of an ordinal returned by `periodOrdinal`. */
export function formatPeriod(ordinal: number, grain: Grain): string {
  switch (grain) {
    case "hour": {
      const ms = ordinal * HOUR_MS;
      return `${formatDate(ms)}T${pad(new Date(ms).getUTCHours())}:00`;
    }
    case "day":
    case "week":
      return formatDate(ordinal * DAY_MS);
    case "month":
      return formatDate(
        Date.UTC(1970 + Math.floor(ordinal / 12), ordinal - 12 * Math.floor(ordinal / 12), 1),
      );
    case "quarter":
      return formatDate(
        Date.UTC(1970 + Math.floor(ordinal / 4), 3 * (ordinal - 4 * Math.floor(ordinal / 4)), 1),
      );
  }
}

/** Distance between consecutive periods in ordinal units. */
function stepOf(grain: Grain): number {
  return grain === "week" ? 7 : 1;
}

/** Labels of the `count` periods after `last`. */
export function futurePeriods(last: string, grain: Grain, count: number): string[] {
  const ordinal = periodOrdinal(last, grain);
  if (ordinal === null) {
    throw new AppError("USAGE", `"${last}" is not a ${grain} label (${LABEL_FORMAT[grain]})`, {
      period: last,
    });
  }
  const step = stepOf(grain);
  return Array.from({ length: count }, (_, i) => formatPeriod(ordinal + step * (i + 1), grain));
}

/**
 * The seasonal periods a grain implies: day → 7 (weekday), hour → 24 and 168 (hour of day and hour
 * of week), week → 52 once the series covers two years (104 weeks), month → 12, quarter → 4.
 */
export function seasonalPeriods(grain: Grain, length: number): number[] {
  switch (grain) {
    case "hour":
      return [24, 168];
    case "day":
      return [7];
    case "week":
      return length >= 104 ? [52] : [];
    case "month":
      return [12];
    case "quarter":
      return [4];
  }
}

function isGrain(value: unknown): value is Grain {
  return typeof value === "string" && (GRAINS as readonly string[]).includes(value);
}

interface Found extends Problem {
  code: ErrorCode;
  period?: string;
}

function fail(found: Found[]): never {
  const first = found[0] as Found;
  const more =
    found.length > 1 ? ` (and ${found.length - 1} more problem${found.length > 2 ? "s" : ""})` : "";
  const problems: Problem[] = found.slice(0, MAX_PROBLEMS).map(({ field, message, fix }) => ({
    ...(field === undefined ? {} : { field }),
    message,
    ...(fix === undefined ? {} : { fix }),
  }));
  throw new AppError(first.code, `${first.message}${more}`, {
    ...(first.period === undefined ? {} : { period: first.period }),
    problems,
    problemCount: found.length,
  });
}

/**
 * Checks a series and returns it on a regular calendar. Refuses (with every problem listed and the
 * first one in the message) labels that are not labels of the grain, values that are not finite
 * numbers, duplicated periods, periods out of order, and gaps unless `fill` is `"zero"`, in which
 * case missing periods get the value 0 and are listed in `filledPeriods`.
 */
export function prepareSeries(series: Series, fill: GapFill = "error"): PreparedSeries {
  const { periods, values, grain } = series;
  if (!isGrain(grain)) {
    throw new AppError("USAGE", `Unknown grain "${String(grain)}"; use one of ${GRAINS.join(", ")}`, {
      grain,
    });
  }
  if (!Array.isArray(periods) || !Array.isArray(values)) {
    throw new AppError("USAGE", "A series needs `periods` and `values` arrays");
  }
  if (periods.length !== values.length) {
    throw new AppError(
      "BAD_ROWS",
      `The series has ${periods.length} periods but ${values.length} values; each period needs one value`,
      { periods: periods.length, values: values.length },
    );
  }
  if (periods.length === 0) throw new AppError("FILE_EMPTY", "The series has no values to forecast from");

  const found: Found[] = [];
  const ordinals: (number | null)[] = periods.map((label, i) => {
    const ordinal = typeof label === "string" ? periodOrdinal(label, grain) : null;
    if (ordinal === null) {
      found.push({
        code: "BAD_ROWS",
        field: `periods[${i}]`,
        period: String(label),
        message: `Period "${String(label)}" (periods[${i}]) is not a ${grain} label`,
        fix: `write ${grain} periods as ${LABEL_FORMAT[grain]}`,
      });
    }
    return ordinal;
  });
  values.forEach((value, i) => {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      const label = String(periods[i]);
      found.push({
        code: "BAD_ROWS",
        field: `values[${i}]`,
        period: label,
        message: `The value for ${label} (values[${i}]) is ${typeof value === "number" ? String(value) : `not a number (${JSON.stringify(value) ?? typeof value})`}`,
        fix: "give every period a finite number",
      });
    }
  });

  const step = stepOf(grain);
  const firstOrdinal = ordinals.find((o): o is number => o !== null);
  const filled: { after: number; ordinals: number[] }[] = [];
  let previous: { ordinal: number; index: number } | undefined;
  for (let i = 0; i < ordinals.length; i++) {
    const ordinal = ordinals[i];
    if (ordinal === null || ordinal === undefined) continue;
    const label = periods[i] as string;
    if (grain === "week" && firstOrdinal !== undefined && (ordinal - firstOrdinal) % 7 !== 0) {
      const weekday = WEEKDAYS[(((ordinal + 4) % 7) + 7) % 7];
      const start = WEEKDAYS[(((firstOrdinal + 4) % 7) + 7) % 7];
      found.push({
        code: "BAD_ROWS",
        field: `periods[${i}]`,
        period: label,
        message: `Week ${label} (periods[${i}]) starts on a ${weekday} but the series' weeks start on ${start}s`,
        fix: "label every week by the same weekday",
      });
      continue;
    }
    if (previous !== undefined) {
      const before = periods[previous.index] as string;
      if (ordinal === previous.ordinal) {
        found.push({
          code: "DUPLICATE_KEY",
          field: `periods[${i}]`,
          period: label,
          message: `Period ${label} appears twice (periods[${previous.index}] and periods[${i}])`,
          fix: "sum or remove the duplicate before forecasting",
        });
        continue;
      }
      if (ordinal < previous.ordinal) {
        found.push({
          code: "BAD_ROWS",
          field: `periods[${i}]`,
          period: label,
          message: `Period ${label} (periods[${i}]) comes after ${before}; periods must be in increasing order`,
          fix: "sort the series by period",
        });
        continue;
      }
      const missing = (ordinal - previous.ordinal) / step - 1;
      if (missing > 0) {
        const from = previous.ordinal;
        const gap = Array.from({ length: missing }, (_, k) => from + step * (k + 1));
        if (fill === "zero") {
          filled.push({ after: previous.index, ordinals: gap });
        } else {
          const firstMissing = formatPeriod(gap[0] as number, grain);
          const lastMissing = formatPeriod(gap[gap.length - 1] as number, grain);
          found.push({
            code: "BAD_ROWS",
            field: `periods[${i}]`,
            period: firstMissing,
            message:
              missing === 1
                ? `Period ${firstMissing} is missing (between ${before} and ${label})`
                : `Periods ${firstMissing} to ${lastMissing} are missing (${missing} ${grain}s between ${before} and ${label})`,
            fix: 'add the missing periods, or pass fill: "zero" to count them as zero',
          });
        }
      }
    }
    previous = { ordinal, index: i };
  }
  if (found.length > 0) fail(found);

  if (filled.length === 0) {
    return { grain, periods: [...periods], values: [...values], filledPeriods: [] };
  }
  const outPeriods: string[] = [];
  const outValues: number[] = [];
  const filledPeriods: string[] = [];
  let next = 0;
  for (let i = 0; i < periods.length; i++) {
    outPeriods.push(periods[i] as string);
    outValues.push(values[i] as number);
    const gap = filled[next];
    if (gap !== undefined && gap.after === i) {
      for (const ordinal of gap.ordinals) {
        const label = formatPeriod(ordinal, grain);
        outPeriods.push(label);
        outValues.push(0);
        filledPeriods.push(label);
      }
      next++;
    }
  }
  return { grain, periods: outPeriods, values: outValues, filledPeriods };
}
