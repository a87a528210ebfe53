import { caseCount, type EventLog, eventCount } from "../log/event-log.js";
import { type DurationStats, durationStats, type HistogramBin, histogram } from "./stats.js";

/**
 * The time between two directly following events: from the completion of the first to the start
 * of the second when starts are known, else to its completion. Overlapping steps wait 0.
 */
export function waitBetween(log: EventLog, e: number): number {
  const s = log.start ? (log.start[e + 1] as number) : Number.NaN;
  const next = Number.isNaN(s) ? (log.time[e + 1] as number) : s;
  return Math.max(0, next - (log.time[e] as number));
}

/** Directly-follows pairs of a log: which edge each pair is, and its wait. */
export interface Transitions {
  /** Edges as [from, to] activity index pairs. */
  edges: [number, number][];
  /** For each event that has a successor in its case: its edge index; −1 for a case's last event. */
  edgeOf: Int32Array;
  /** Wait after each event until its successor, milliseconds (NaN for a case's last event). */
  wait: Float64Array;
  count: Float64Array;
}

export function transitions(log: EventLog): Transitions {
  const n = eventCount(log);
  const edgeOf = new Int32Array(n).fill(-1);
  const wait = new Float64Array(n).fill(Number.NaN);
  const index = new Map<number, number>();
  const edges: [number, number][] = [];
  const counts: number[] = [];
  const width = log.activities.length;
  const cases = caseCount(log);
  for (let c = 0; c < cases; c++) {
    const last = (log.caseOffsets[c + 1] as number) - 1;
    for (let e = log.caseOffsets[c] as number; e < last; e++) {
      const a = log.activity[e] as number;
      const b = log.activity[e + 1] as number;
      const key = a * width + b;
      let k = index.get(key);
      if (k === undefined) {
        k = edges.length;
        index.set(key, k);
        edges.push([a, b]);
        counts.push(0);
      }
      counts[k] = (counts[k] as number) + 1;
      edgeOf[e] = k;
      wait[e] = waitBetween(log, e);
    }
  }
  return { edges, edgeOf, wait, count: Float64Array.from(counts) };
}

/** Groups per-event values by edge: the values of edge k are `values[offsets[k]…offsets[k+1])`. */
export function valuesByEdge(t: Transitions): { offsets: Int32Array; values: Float64Array } {
  const k = t.edges.length;
  const offsets = new Int32Array(k + 1);
  for (let i = 0; i < k; i++) offsets[i + 1] = (offsets[i] as number) + (t.count[i] as number);
  const fill = offsets.slice(0, k);
  const values = new Float64Array(offsets[k] as number);
  for (let e = 0; e < t.edgeOf.length; e++) {
    const edge = t.edgeOf[e] as number;
    if (edge < 0) continue;
    const at = fill[edge] as number;
    values[at] = t.wait[e] as number;
    fill[edge] = at + 1;
  }
  return { offsets, values };
}

export interface DfgActivity {
  name: string;
  count: number;
  cases: number;
  meanProcessingSeconds: number | null;
}

export interface DfgEdge extends DurationStats {
  from: string;
  to: string;
  count: number;
}

export interface Dfg {
  events: number;
  cases: number;
  activities: DfgActivity[];
  edges: DfgEdge[];
  start: Record<string, number>;
  end: Record<string, number>;
  hidden: { activities: number; edges: number };
}

/** Events, distinct cases and mean processing time of each activity. */
export function activityCounts(log: EventLog): DfgActivity[] {
  const k = log.activities.length;
  const count = new Float64Array(k);
  const cases = new Float64Array(k);
  const seen = new Int32Array(k).fill(-1);
  const processing = new Float64Array(k);
  const timed = new Float64Array(k);
  for (let c = 0; c < caseCount(log); c++) {
    for (let e = log.caseOffsets[c] as number; e < (log.caseOffsets[c + 1] as number); e++) {
      const a = log.activity[e] as number;
      count[a] = (count[a] as number) + 1;
      if (seen[a] !== c) {
        seen[a] = c;
        cases[a] = (cases[a] as number) + 1;
      }
      const s = log.start ? (log.start[e] as number) : Number.NaN;
      if (!Number.isNaN(s)) {
        processing[a] = (processing[a] as number) + Math.max(0, (log.time[e] as number) - s);
        timed[a] = (timed[a] as number) + 1;
      }
    }
  }
  const out: DfgActivity[] = [];
  for (let a = 0; a < k; a++) {
    if (count[a] === 0) continue;
    out.push({
      name: log.activities[a] as string,
      count: count[a] as number,
      cases: cases[a] as number,
      meanProcessingSeconds:
        (timed[a] as number) > 0 ? (processing[a] as number) / (timed[a] as number) / 1000 : null,
    });
  }
  return out.sort((x, y) => y.count - x.count || (x.name < y.name ? -1 : 1));
}

/** Start and end activities with their case counts. */
export function startEnd(log: EventLog): { start: Record<string, number>; end: Record<string, number> } {
  const start: Record<string, number> = {};
  const end: Record<string, number> = {};
  for (let c = 0; c < caseCount(log); c++) {
    const from = log.caseOffsets[c] as number;
    const to = (log.caseOffsets[c + 1] as number) - 1;
    if (to < from) continue;
    const first = log.activities[log.activity[from] as number] as string;
    const last = log.activities[log.activity[to] as number] as string;
    start[first] = (start[first] ?? 0) + 1;
    end[last] = (end[last] ?? 0) + 1;
  }
  return { start, end };
}

/**
 * Which edges a simplified map shows: the most frequent `paths` % (and at least `minCount`), plus
 * each shown activity's strongest incoming and outgoing edge so no activity floats unconnected.
 */
export function keptEdges(
  counts: ArrayLike<number>,
  edges: [number, number][],
  paths = 100,
  minCount = 0,
): boolean[] {
  const keep = new Array<boolean>(edges.length).fill(false);
  if (paths >= 100 && minCount <= 0) return keep.fill(true);
  const order = [...edges.keys()].sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b);
  const n = Math.ceil((edges.length * paths) / 100);
  order.forEach((k, i) => {
    if (i < n && (counts[k] as number) >= minCount) keep[k] = true;
  });
  const bestIn = new Map<number, number>();
  const bestOut = new Map<number, number>();
  for (const k of order) {
    const [a, b] = edges[k] as [number, number];
    if (a === b) continue;
    if (!bestOut.has(a)) bestOut.set(a, k);
    if (!bestIn.has(b)) bestIn.set(b, k);
  }
  for (const k of [...bestIn.values(), ...bestOut.values()]) {
    if ((counts[k] as number) >= minCount && paths > 0) keep[k] = true;
  }
  return keep;
}

export function discoverDfg(log: EventLog, options: { paths?: number; minEdgeCount?: number } = {}): Dfg {
  const t = transitions(log);
  const { offsets, values } = valuesByEdge(t);
  const keep = keptEdges(t.count, t.edges, options.paths ?? 100, options.minEdgeCount ?? 0);
  const edges: DfgEdge[] = [];
  t.edges.forEach(([a, b], k) => {
    if (!keep[k]) return;
    const stats = durationStats(values.subarray(offsets[k] as number, offsets[k + 1] as number));
    edges.push({
      from: log.activities[a] as string,
      to: log.activities[b] as string,
      count: t.count[k] as number,
      ...stats,
    });
  });
  edges.sort(
    (x, y) => y.count - x.count || (x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : 1),
  );
  return {
    events: eventCount(log),
    cases: caseCount(log),
    activities: activityCounts(log),
    edges,
    ...startEnd(log),
    hidden: { activities: 0, edges: t.edges.length - edges.length },
  };
}

export interface EdgeDetail extends DurationStats {
  from: string;
  to: string;
  count: number;
  cases: number;
  histogram: HistogramBin[];
  examples: { case: string; fromTime: string; toTime: string; seconds: number }[];
}

/** One edge of the map: its waits as a histogram and its longest examples. */
export function edgeDetail(log: EventLog, from: string, to: string, examples = 50): EdgeDetail | null {
  const a = log.activities.indexOf(from);
  const b = log.activities.indexOf(to);
  if (a < 0 || b < 0) return null;
  const found: { c: number; e: number; wait: number }[] = [];
  const caseSet = new Set<number>();
  for (let c = 0; c < caseCount(log); c++) {
    const last = (log.caseOffsets[c + 1] as number) - 1;
    for (let e = log.caseOffsets[c] as number; e < last; e++) {
      if (log.activity[e] === a && log.activity[e + 1] === b) {
        found.push({ c, e, wait: waitBetween(log, e) });
        caseSet.add(c);
      }
    }
  }
  if (found.length === 0) return null;
  const waits = Float64Array.from(found, (f) => f.wait);
  const stats = durationStats(waits);
  found.sort((x, y) => y.wait - x.wait || x.c - y.c);
  return {
    from,
    to,
    count: found.length,
    cases: caseSet.size,
    ...stats,
    histogram: histogram(waits).map((bin) => ({ ...bin })),
    examples: found.slice(0, examples).map((f) => {
      const s = log.start ? (log.start[f.e + 1] as number) : Number.NaN;
      return {
        case: log.caseIds[f.c] as string,
        fromTime: new Date(log.time[f.e] as number).toISOString(),
        toTime: new Date(Number.isNaN(s) ? (log.time[f.e + 1] as number) : s).toISOString(),
        seconds: f.wait / 1000,
      };
    }),
  };
}
