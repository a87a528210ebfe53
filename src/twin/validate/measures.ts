/**
 * Distances between two event logs, as defined by Simod's log-distance-measures package
 * (AutomatedProcessImprovement/log-distance-measures, default settings):
 *
 * - cycle-time EMD: each case's duration (last end − first start), binned by `binHours` from the
 *   shortest duration in either log, then the 1-D Wasserstein distance between the two samples of bins;
 * - absolute-hour event distribution EMD: every start and end instant, binned by whole hours since the
 *   hour in which the earliest start of either log falls; Wasserstein distance between the samples;
 * - circadian event distribution EMD: instants grouped by weekday, each described by its hour of day
 *   (0–23); Wasserstein distance per weekday, 23 when only one log has instants on that weekday, 0 when
 *   neither has; the mean over the seven weekdays;
 * - n-gram distribution distance (n = 3): each case padded with n − 1 empty symbols at both ends, its
 *   n-grams counted; the sum of absolute differences of the counts over the sum of all counts (0 = same
 *   frequencies, 1 = no n-gram in common).
 *
 * The Wasserstein distance is scipy's `wasserstein_distance` of the two samples (each normalised to
 * one): ∫|U(x) − V(x)| dx between their empirical distribution functions.
 */
import { zoneOffsetReader } from "../../core/time-zone.js";
import type { EventLog } from "../../mining/index.js";

const HOUR = 3_600_000;

export interface LogDistances {
  /** Cycle-time EMD, in bins (hours by default). */
  cycleTimeEmd: number;
  /** Absolute-hour event distribution EMD, in hours. */
  absoluteHourEmd: number;
  /** Circadian event distribution EMD, in hours (0–23). */
  circadianEmd: number;
  /** n-gram distribution distance, 0–1. */
  nGramDistance: number;
}

export interface LogDistanceOptions {
  /** Bin width of cycle times in hours (default 1). */
  binHours?: number;
  /** n of the n-grams (default 3). */
  n?: number;
}

/**
 * Wasserstein-1 distance between two samples of whole numbers (each sample weighted to one):
 * Σₖ |U(k) − V(k)| over the unit steps between the smallest and largest value.
 */
export function wassersteinIntegers(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) return Number.NaN;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of [a, b]) {
    for (let i = 0; i < s.length; i++) {
      const x = s[i] as number;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  const width = hi - lo + 1;
  const ha = new Float64Array(width);
  const hb = new Float64Array(width);
  for (let i = 0; i < a.length; i++) ha[(a[i] as number) - lo] = (ha[(a[i] as number) - lo] as number) + 1;
  for (let i = 0; i < b.length; i++) hb[(b[i] as number) - lo] = (hb[(b[i] as number) - lo] as number) + 1;
  let ca = 0;
  let cb = 0;
  let total = 0;
  for (let k = 0; k < width - 1; k++) {
    ca += ha[k] as number;
    cb += hb[k] as number;
    total += Math.abs(ca / a.length - cb / b.length);
  }
  return total;
}

/** Wasserstein-1 distance between two samples of real numbers (each weighted to one). */
export function wassersteinSamples(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) return Number.NaN;
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let total = 0;
  let last = Math.min(x[0] as number, y[0] as number);
  while (i < x.length || j < y.length) {
    const next = j >= y.length || (i < x.length && (x[i] as number) <= (y[j] as number)) ? x[i] : y[j];
    const at = next as number;
    total += Math.abs(i / x.length - j / y.length) * (at - last);
    last = at;
    while (i < x.length && x[i] === at) i++;
    while (j < y.length && y[j] === at) j++;
  }
  return total;
}

function startOf(log: EventLog, e: number): number {
  const s = log.start ? (log.start[e] as number) : Number.NaN;
  return Number.isNaN(s) ? (log.time[e] as number) : s;
}

/** Duration of each case in milliseconds: its last end minus its first start. */
export function caseDurations(log: EventLog): Float64Array {
  const cases = log.caseOffsets.length - 1;
  const out = new Float64Array(cases);
  for (let c = 0; c < cases; c++) {
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (let e = log.caseOffsets[c] as number; e < (log.caseOffsets[c + 1] as number); e++) {
      first = Math.min(first, startOf(log, e));
      last = Math.max(last, log.time[e] as number);
    }
    out[c] = last - first;
  }
  return out;
}

export function cycleTimeEmd(a: EventLog, b: EventLog, binHours = 1): number {
  const da = caseDurations(a);
  const db = caseDurations(b);
  let min = Number.POSITIVE_INFINITY;
  for (const d of da) min = Math.min(min, d);
  for (const d of db) min = Math.min(min, d);
  const bin = binHours * HOUR;
  return wassersteinIntegers(
    da.map((d) => Math.floor((d - min) / bin)),
    db.map((d) => Math.floor((d - min) / bin)),
  );
}

/** Every start and end instant of a log (events without a start give their end once). */
function instants(log: EventLog): Float64Array {
  const n = log.time.length;
  const out: number[] = [];
  for (let e = 0; e < n; e++) {
    out.push(startOf(log, e));
    out.push(log.time[e] as number);
  }
  return Float64Array.from(out);
}

export function absoluteHourEmd(a: EventLog, b: EventLog): number {
  const ia = instants(a);
  const ib = instants(b);
  let first = Number.POSITIVE_INFINITY;
  for (const s of [a, b]) for (let e = 0; e < s.time.length; e++) first = Math.min(first, startOf(s, e));
  const origin = Math.floor(first / HOUR) * HOUR;
  return wassersteinIntegers(
    ia.map((t) => Math.floor((t - origin) / HOUR)),
    ib.map((t) => Math.floor((t - origin) / HOUR)),
  );
}

/** Weekday (Monday = 0) and hour of day of an instant in a time zone. */
export function localWeekHour(timeZone: string): (t: number) => { weekday: number; hour: number } {
  const offset = zoneOffsetReader(timeZone);
  return (t) => {
    const d = new Date(t + offset(t) * 60_000);
    return { weekday: (d.getUTCDay() + 6) % 7, hour: d.getUTCHours() };
  };
}

function hoursByWeekday(log: EventLog): number[][] {
  const at = localWeekHour(log.timeZone);
  const out: number[][] = [[], [], [], [], [], [], []];
  for (const t of instants(log)) {
    const { weekday, hour } = at(t);
    out[weekday]?.push(hour);
  }
  return out;
}

export function circadianEmd(a: EventLog, b: EventLog): number {
  const ha = hoursByWeekday(a);
  const hb = hoursByWeekday(b);
  let total = 0;
  for (let d = 0; d < 7; d++) {
    const x = ha[d] as number[];
    const y = hb[d] as number[];
    if (x.length > 0 && y.length > 0) total += wassersteinIntegers(x, y);
    else if (x.length > 0 || y.length > 0) total += 23;
  }
  return total / 7;
}

/** Counts of the n-grams of a log's cases, keyed by activity names joined with a separator. */
export function nGramCounts(log: EventLog, n = 3): Map<string, number> {
  const counts = new Map<string, number>();
  const cases = log.caseOffsets.length - 1;
  const SEP = "\u0000";
  for (let c = 0; c < cases; c++) {
    const from = log.caseOffsets[c] as number;
    const to = log.caseOffsets[c + 1] as number;
    const events: number[] = [];
    for (let e = from; e < to; e++) events.push(e);
    // Ordered by start, then end (the log itself is ordered by end).
    events.sort(
      (x, y) => startOf(log, x) - startOf(log, y) || (log.time[x] as number) - (log.time[y] as number),
    );
    const symbols: string[] = [];
    for (let i = 0; i < n - 1; i++) symbols.push("");
    for (const e of events) symbols.push(`#${log.activities[log.activity[e] as number]}`);
    for (let i = 0; i < n - 1; i++) symbols.push("");
    for (let i = 0; i + n <= symbols.length; i++) {
      const key = symbols.slice(i, i + n).join(SEP);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

export function nGramDistance(a: EventLog, b: EventLog, n = 3): number {
  const ca = nGramCounts(a, n);
  const cb = nGramCounts(b, n);
  let diff = 0;
  let total = 0;
  for (const [key, x] of ca) {
    const y = cb.get(key) ?? 0;
    diff += Math.abs(x - y);
    total += x;
  }
  for (const [key, y] of cb) {
    if (!ca.has(key)) diff += y;
    total += y;
  }
  return total > 0 ? diff / total : 0;
}

/** The four measures between two logs (the first is the reference, e.g. the real log). */
export function measureLogDistances(
  a: EventLog,
  b: EventLog,
  options: LogDistanceOptions = {},
): LogDistances {
  return {
    cycleTimeEmd: cycleTimeEmd(a, b, options.binHours ?? 1),
    absoluteHourEmd: absoluteHourEmd(a, b),
    circadianEmd: circadianEmd(a, b),
    nGramDistance: nGramDistance(a, b, options.n ?? 3),
  };
}
