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
