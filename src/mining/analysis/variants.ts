import { caseCount, type EventLog } from "../log/event-log.js";
import type { TraceLog } from "../model/types.js";

/** The time a case took: from its first start (or first completion) to its last completion, ms. */
export function caseDuration(log: EventLog, c: number): number {
  const from = log.caseOffsets[c] as number;
  const to = (log.caseOffsets[c + 1] as number) - 1;
  let first = log.time[from] as number;
  let last = log.time[to] as number;
  for (let e = from; e <= to; e++) {
    const t = log.time[e] as number;
    if (t > last) last = t;
    const s = log.start ? (log.start[e] as number) : Number.NaN;
    const begin = Number.isNaN(s) ? t : s;
    if (begin < first) first = begin;
  }
  return last - first;
}

/** A string that identifies an activity sequence (two characters per activity past 65,535 activities). */
function sequenceKey(activity: Int32Array, from: number, to: number, wide: boolean): string {
  let key = "";
  const codes: number[] = [];
  for (let e = from; e < to; e++) {
    const a = activity[e] as number;
    if (wide) codes.push(a >>> 16);
    codes.push(a & 0xffff);
    if (codes.length >= 4096) {
      key += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return key + String.fromCharCode(...codes);
}

export interface VariantGroups {
  /** Variant index of each case. */
  variantOf: Int32Array;
  /** A representative case of each variant (its first case). */
  firstCase: number[];
  cases: number[];
}

/** Groups cases by their activity sequence. */
export function groupVariants(log: EventLog): VariantGroups {
  const n = caseCount(log);
  const variantOf = new Int32Array(n);
  const index = new Map<string, number>();
  const firstCase: number[] = [];
  const cases: number[] = [];
  const wide = log.activities.length > 0xffff;
  for (let c = 0; c < n; c++) {
    const from = log.caseOffsets[c] as number;
    const to = log.caseOffsets[c + 1] as number;
    const key = sequenceKey(log.activity, from, to, wide);
    let v = index.get(key);
    if (v === undefined) {
      v = firstCase.length;
      index.set(key, v);
      firstCase.push(c);
      cases.push(0);
    }
    cases[v] = (cases[v] as number) + 1;
    variantOf[c] = v;
  }
  return { variantOf, firstCase, cases };
}

export interface Variant {
  activities: string[];
  cases: number;
  share: number;
  meanSeconds: number;
}

function sequence(log: EventLog, c: number): number[] {
  return Array.from(log.activity.subarray(log.caseOffsets[c] as number, log.caseOffsets[c + 1] as number));
}

/** Variants sorted by cases (ties by their activity sequence), with mean case duration. */
export function listVariants(
  log: EventLog,
  limit = Number.POSITIVE_INFINITY,
): { cases: number; total: number; variants: Variant[] } {
  const groups = groupVariants(log);
  const n = caseCount(log);
  const total = new Float64Array(groups.cases.length);
  for (let c = 0; c < n; c++) {
    const v = groups.variantOf[c] as number;
    total[v] = (total[v] as number) + caseDuration(log, c);
  }
  const names = groups.firstCase.map((c) => sequence(log, c).map((a) => log.activities[a] as string));
  const keys = names.map((list) => list.join("\u0000"));
  const order = [...groups.cases.keys()].sort((x, y) => {
    const d = (groups.cases[y] as number) - (groups.cases[x] as number);
    if (d !== 0) return d;
    const a = keys[x] as string;
    const b = keys[y] as string;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return {
    cases: n,
    total: order.length,
    variants: order.slice(0, limit).map((v) => ({
      activities: names[v] as string[],
      cases: groups.cases[v] as number,
      share: n ? (groups.cases[v] as number) / n : 0,
      meanSeconds: (total[v] as number) / (groups.cases[v] as number) / 1000,
    })),
  };
}

/** The log as a multiset of traces, for discovery and conformance checking. */
export function traceLog(log: EventLog): TraceLog & { variantOf: Int32Array } {
  const groups = groupVariants(log);
  return {
    activities: [...log.activities],
    traces: groups.firstCase.map((c, v) => ({ trace: sequence(log, c), count: groups.cases[v] as number })),
    variantOf: groups.variantOf,
  };
}
