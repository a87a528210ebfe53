import { caseCount, type EventLog, eventCount } from "../log/event-log.js";
import { startEnd } from "./dfg.js";
import { type HistogramBin, histogram, quantileSorted } from "./stats.js";
import { caseDuration, groupVariants } from "./variants.js";

export interface LogSummary {
  log: string;
  events: number;
  cases: number;
  activities: number;
  variants: number;
  from: string | null;
  to: string | null;
  start: Record<string, number>;
  end: Record<string, number>;
  caseDuration: {
    meanSeconds: number;
    medianSeconds: number;
    p90Seconds: number;
    minSeconds: number;
    maxSeconds: number;
  };
  histogram: HistogramBin[];
  hasStartTimes: boolean;
  hasResources: boolean;
  hasRoles: boolean;
  /** Rows of the dataset left out because their case, activity or time was empty. */
  skippedRows: number;
}

/** Throughput time of every case, milliseconds, sorted. */
export function caseDurations(log: EventLog): Float64Array {
  const n = caseCount(log);
  const out = new Float64Array(n);
  for (let c = 0; c < n; c++) out[c] = caseDuration(log, c);
  return out;
}

export function summarize(log: EventLog): LogSummary {
  const n = eventCount(log);
  const durations = caseDurations(log).sort();
  let total = 0;
  for (const d of durations) total += d;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let e = 0; e < n; e++) {
    const t = log.time[e] as number;
    const s = log.start ? (log.start[e] as number) : Number.NaN;
    if (t > last) last = t;
    if (t < first) first = t;
    if (s < first) first = s;
  }
  const seen = new Uint8Array(log.activities.length);
  for (let e = 0; e < n; e++) seen[log.activity[e] as number] = 1;
  const cases = caseCount(log);
  return {
    log: log.name,
    events: n,
    cases,
    activities: seen.reduce((a, b) => a + b, 0),
    variants: groupVariants(log).cases.length,
    from: n ? new Date(first).toISOString() : null,
    to: n ? new Date(last).toISOString() : null,
    ...startEnd(log),
    caseDuration: {
      meanSeconds: cases ? total / cases / 1000 : 0,
      medianSeconds: cases ? quantileSorted(durations, 0.5) / 1000 : 0,
      p90Seconds: cases ? quantileSorted(durations, 0.9) / 1000 : 0,
      minSeconds: cases ? (durations[0] as number) / 1000 : 0,
      maxSeconds: cases ? (durations[cases - 1] as number) / 1000 : 0,
    },
    histogram: histogram(durations).map(({ fromSeconds, toSeconds, count }) => ({
      fromSeconds,
      toSeconds,
      count,
    })),
    hasStartTimes: log.start !== null,
    hasResources: log.resource !== null,
    hasRoles: log.role !== null,
    skippedRows: log.skipped,
  };
}
