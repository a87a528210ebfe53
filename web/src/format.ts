/** Formatting of numbers, times and values the way a business owner reads them. */

const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatCompact(n: number): string {
  return Math.abs(n) < 10_000 ? integer.format(n) : compact.format(n);
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? integer.format(n) : decimal.format(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

const dateTime = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** "3 minutes ago", "yesterday", "5 days ago"; falls back to the date after a month. */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "never";
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((now - time) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? "a minute ago" : `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return hours === 1 ? "an hour ago" : `${hours} hours ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return "yesterday";
  if (days < 31) return `${days} days ago`;
  return formatDateTime(iso);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatPercent(fraction: number): string {
  if (fraction === 0) return "0%";
  if (fraction < 0.001) return "<0.1%";
  return `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)}%`;
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC)\b/i;
const TEMPORAL = /^(DATE|TIME|TIMESTAMP|INTERVAL)/i;

export function isNumericType(type: string): boolean {
  return NUMERIC.test(type.trim());
}

export function isTemporalType(type: string): boolean {
  return TEMPORAL.test(type.trim());
}

/** A short plain-words name for a SQL column type. */
export function typeLabel(type: string): string {
  const t = type.trim().toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|U\w*INT)/.test(t)) return "whole number";
  if (/^(FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC)/.test(t)) return "number";
  if (t.startsWith("TIMESTAMP")) return "date & time";
  if (t === "DATE") return "date";
  if (t.startsWith("TIME")) return "time of day";
  if (t === "BOOLEAN") return "yes / no";
  if (t === "VARCHAR" || t === "TEXT" || t.startsWith("VARCHAR")) return "text";
  return t.toLowerCase();
}

/** A cell value as text; numbers grouped, timestamps shortened to what they carry. */
export function formatCell(value: unknown, type: string, timeZone?: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return isNumericType(type) ? formatNumber(value) : String(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") {
    if (isTemporalType(type)) return formatTimestampText(value, timeZone);
    if (isNumericType(type) && /^-?\d+(\.\d+)?$/.test(value)) {
      // Big integers arrive as strings so they keep every digit; group them without rounding.
      const [whole = "", frac] = value.split(".");
      const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
      return frac === undefined ? grouped : `${grouped}.${frac}`;
    }
    return value;
  }
  return JSON.stringify(value);
}

const TIMESTAMP_TEXT =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2})?(\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** "2025-01-06 08:30:00" for an instant, in the given IANA zone. */
function wallClock(date: Date, timeZone: string): string | null {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-CA", {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        hourCycle: "h23",
      });
    } catch {
      return null;
    }
    zoneFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * "2025-01-06T08:30:00.000Z" → "2025-01-06 08:30:00"; dates stay dates. A time with a zone or offset
 * is shown on the business's wall clock when its time zone is given.
 */
export function formatTimestampText(text: string, timeZone?: string): string {
  const match = TIMESTAMP_TEXT.exec(text);
  if (!match) return text;
  const [, date, hm, sec, , zone] = match;
  if (!hm) return date ?? text;
  if (zone && timeZone) {
    const iso = `${date}T${hm}${sec ?? ""}${zone === "Z" ? "Z" : zone.length === 3 ? `${zone}:00` : zone}`;
    const instant = new Date(iso);
    if (!Number.isNaN(instant.getTime())) {
      const local = wallClock(instant, timeZone);
      if (local) return sec ? local : local.slice(0, 16);
    }
  }
  return `${date} ${hm}${sec ?? ""}`;
}

export function shortHash(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 10) : "—";
}

/** A dataset name suggested by a file name: lower snake case, valid as a dataset name. */
export function datasetNameFromFile(fileName: string): string {
  const base = fileName
    .replace(/^.*[\\/]/, "")
    .replace(/(\.(csv|tsv|txt|parquet|json|ndjson|jsonl|xlsx|xls|xes))?(\.gz)?$/i, "");
  const snake = base
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 63)
    .replace(/_+$/, "");
  if (snake === "") return "";
  return /^[0-9]/.test(snake) ? `d_${snake}`.slice(0, 63) : snake;
}

export const DATASET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const grainWords = { day: "day", week: "week", month: "month" } as const;

export function grainWord(grain: keyof typeof grainWords): string {
  return grainWords[grain];
}

// ── KPI values and periods ────────────────────────────────────────────────────

const currencyFormats = new Map<string, Intl.NumberFormat>();

function currencyFormat(code: string, digits: number): Intl.NumberFormat | null {
  const key = `${code}:${digits}`;
  let format = currencyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat("en-GB", {
        style: "currency",
        currency: code,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    } catch {
      return null;
    }
    currencyFormats.set(key, format);
  }
  return format;
}

/** A unit names a currency when it is an ISO 4217 code such as EUR. */
export function isCurrency(unit: string | null | undefined): unit is string {
  return typeof unit === "string" && /^[A-Z]{3}$/.test(unit);
}

/** Decimals a reader needs for a value of this size: 12,345 · 123 · 12.3 · 1.23. */
function digitsFor(value: number): number {
  const size = Math.abs(value);
  if (size >= 100 || Number.isInteger(value)) return 0;
  if (size >= 10) return 1;
  return 2;
}

function fixed(value: number, digits: number): string {
  return new Intl.NumberFormat("en", { minimumFractionDigits: 0, maximumFractionDigits: digits }).format(
    value,
  );
}

/**
 * A KPI value in its unit: €12,345 and €7.42 for currencies, 3.1% for percentages, 95 minutes
 * otherwise; `compact` shortens large numbers (€12.3K) for axes and tight places.
 */
export function formatKpiValue(
  value: number | null | undefined,
  unit: string | null | undefined,
  options: { compact?: boolean } = {},
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const big = Math.abs(value) >= 10_000 && options.compact;
  if (isCurrency(unit)) {
    if (big) {
      const format = currencyFormat(unit, 0);
      const symbol = format?.formatToParts(0).find((p) => p.type === "currency")?.value ?? `${unit} `;
      return `${value < 0 ? "−" : ""}${symbol}${compact.format(Math.abs(value))}`;
    }
    const digits = Math.abs(value) >= 100 ? 0 : 2;
    return currencyFormat(unit, digits)?.format(value) ?? `${fixed(value, digits)} ${unit}`;
  }
  const number = big ? compact.format(value) : fixed(value, digitsFor(value));
  if (!unit) return number;
  if (unit === "%") return `${number}%`;
  return `${number} ${unit}`;
}

/** A change in the KPI's unit with its sign: +€1,234, −0.4 pts, +12 minutes. */
export function formatKpiChange(change: number, unit: string | null | undefined): string {
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  const size = formatKpiValue(Math.abs(change), unit === "%" ? null : unit);
  return `${sign}${size}${unit === "%" ? " pts" : ""}`;
}

/** A relative change with its sign: +4.2%, −12%. */
export function formatRelative(fraction: number): string {
  const percent = fraction * 100;
  const sign = percent > 0 ? "+" : percent < 0 ? "−" : "±";
  const size = Math.abs(percent);
  return `${sign}${size >= 10 ? size.toFixed(0) : size >= 0.1 ? size.toFixed(1) : size.toFixed(2)}%`;
}

export type PeriodGrain = "hour" | "day" | "week" | "month" | "quarter";

/** A period label (its first day) as people say it: 20 Oct 2025, week of 20 Oct 2025, Oct 2025, Q4 2025. */
export function formatPeriod(period: string, grain: PeriodGrain, options: { short?: boolean } = {}): string {
  const [y = "", m = "", d = ""] = period.slice(0, 10).split("-");
  const month = monthNames[Number(m) - 1] ?? m;
  const day = `${Number(d)} ${month}${options.short ? "" : ` ${y}`}`;
  switch (grain) {
    case "hour":
      return `${day} ${period.slice(11, 16)}`;
    case "day":
      return day;
    case "week":
      return options.short ? day : `week of ${day}`;
    case "month":
      return `${month} ${y}`;
    case "quarter":
      return `Q${Math.floor((Number(m) - 1) / 3) + 1} ${y}`;
  }
}

const monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "20 Oct 2025" for a date written YYYY-MM-DD. */
export function formatDate(text: string): string {
  return formatPeriod(text, "day");
}

const HOUR = 3_600_000;
const DAY_MS = 86_400_000;

/** Milliseconds (UTC) of a period label's start. */
export function periodStart(period: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}))?/.exec(period);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0));
}

/** Milliseconds (UTC) where the period after this one starts. */
export function periodEnd(period: string, grain: PeriodGrain): number {
  const start = periodStart(period);
  const date = new Date(start);
  switch (grain) {
    case "hour":
      return start + HOUR;
    case "day":
      return start + DAY_MS;
    case "week":
      return start + 7 * DAY_MS;
    case "month":
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    case "quarter":
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 3, 1);
  }
}

/** YYYY-MM-DD of a UTC millisecond time. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Whether a period is complete: the data reaches its last day (its last hour for hours). A period
 * still running has fewer rows only because it is cut short, so it must not read as a drop.
 */
export function isPeriodComplete(period: string, grain: PeriodGrain, lastData: number | null): boolean {
  if (lastData === null) return true;
  const end = periodEnd(period, grain);
  return grain === "hour" ? lastData >= end - HOUR : lastData >= end - DAY_MS;
}

/** Milliseconds (UTC wall clock) of a time value as the rows API sends it, e.g. `2026-09-30 17:58:28`. */
export function wallClockTime(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(value);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
}
