/**
 * The working data of the Inductive Miner: a multiset of traces over activity numbers (each distinct
 * trace once, with its count, in the order first seen) and its directly-follows graph.
 */

/** A multiset of traces; `traces[i]` occurs `counts[i]` times. */
export interface SubLog {
  traces: number[][];
  counts: number[];
}

/** A directly-follows graph with frequencies. Edge keys are `from * size + to`. */
export interface Dfg {
  /** Number of activities in the whole log; the base of edge keys. */
  size: number;
  /** Activities that appear in an edge or as a start or end, in name order. */
  vertices: number[];
  edges: Map<number, number>;
  starts: Map<number, number>;
  ends: Map<number, number>;
}

/** What every step of the miner needs to know about the whole log. */
export interface MinerContext {
  names: string[];
  /** Position of each activity when the names are sorted by code point, as PM4Py sorts them. */
  rank: number[];
}

/** A compact text key for a trace: one UTF-16 unit per activity below 65 536 (always so in practice). */
function traceKey(trace: number[]): string {
  if (trace.length <= 4096 && trace.every((a) => a < 0xffff)) return String.fromCharCode(...trace);
  return `\uffff${trace.join(",")}`;
}

/**
 * Collects traces into a SubLog in the order first seen (as a Python `Counter` keeps them, so the order
 * matches PM4Py's at every step); adding a trace seen before adds to its count.
 */
export class SubLogBuilder {
  private readonly index = new Map<string, number>();
  readonly log: SubLog = { traces: [], counts: [] };

  add(trace: number[], count: number): void {
    const key = traceKey(trace);
    const at = this.index.get(key);
    if (at === undefined) {
      this.index.set(key, this.log.traces.length);
      this.log.traces.push(trace);
      this.log.counts.push(count);
    } else this.log.counts[at] = (this.log.counts[at] ?? 0) + count;
  }

  /**
   * Like `add`, but a trace seen before takes the new count instead of adding it, and keeps its place.
   * Only for reproducing PM4Py 2.7 (see `InductiveMinerOptions.pm4pyCounting`).
   */
  assign(trace: number[], count: number): void {
    const key = traceKey(trace);
    const at = this.index.get(key);
    if (at === undefined) this.add(trace, count);
    else this.log.counts[at] = count;
  }
}

export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const p = x[i]?.codePointAt(0) ?? 0;
    const q = y[i]?.codePointAt(0) ?? 0;
    if (p !== q) return p - q;
  }
  return x.length - y.length;
}

export function createContext(names: string[]): MinerContext {
  const order = names.map((_, i) => i).sort((a, b) => compareCodePoints(names[a] ?? "", names[b] ?? ""));
  const rank = new Array<number>(names.length).fill(0);
  order.forEach((activity, position) => {
    rank[activity] = position;
  });
  return { names, rank };
}

function bump(map: Map<number, number>, key: number, count: number): void {
  map.set(key, (map.get(key) ?? 0) + count);
}

/** Activities in name order. */
export function byRank(context: MinerContext, activities: Iterable<number>): number[] {
  return [...activities].sort((a, b) => (context.rank[a] ?? 0) - (context.rank[b] ?? 0));
}

export function verticesOf(
  context: MinerContext,
  edges: Map<number, number>,
  starts: Map<number, number>,
  ends: Map<number, number>,
): number[] {
  const size = context.names.length;
  const seen = new Set<number>();
  for (const key of edges.keys()) {
    seen.add(Math.floor(key / size));
    seen.add(key % size);
  }
  for (const a of starts.keys()) seen.add(a);
  for (const a of ends.keys()) seen.add(a);
  return byRank(context, seen);
}

/**
 * The directly-follows graph of a sub-log, each trace weighted by its count; with `without`, of the
 * sub-log with that activity removed from every trace.
 */
export function discoverDfg(context: MinerContext, log: SubLog, without = -1): Dfg {
  const size = context.names.length;
  // Dense counters for the usual few dozen activities; maps when a log has very many.
  const dense = size <= 256;
  const edgeCounts = dense ? new Float64Array(size * size) : null;
  const edges = new Map<number, number>();
  const starts = new Map<number, number>();
  const ends = new Map<number, number>();
  for (let i = 0; i < log.traces.length; i++) {
    const trace = log.traces[i] ?? [];
    const count = log.counts[i] ?? 0;
    let previous = -1;
    for (const a of trace) {
      if (a === without) continue;
      if (previous < 0) bump(starts, a, count);
      else if (edgeCounts) edgeCounts[previous * size + a] = (edgeCounts[previous * size + a] ?? 0) + count;
      else bump(edges, previous * size + a, count);
      previous = a;
    }
    if (previous >= 0) bump(ends, previous, count);
  }
  if (edgeCounts) {
    edgeCounts.forEach((count, key) => {
      if (count > 0) edges.set(key, count);
    });
  }
  return { size, vertices: verticesOf(context, edges, starts, ends), edges, starts, ends };
}

export function totalCount(log: SubLog): number {
  return log.counts.reduce((sum, count) => sum + count, 0);
}

/** Activities occurring in a sub-log, in name order. */
export function alphabetOf(context: MinerContext, log: SubLog): number[] {
  const seen = new Set<number>();
  for (const trace of log.traces) for (const a of trace) seen.add(a);
  return byRank(context, seen);
}
