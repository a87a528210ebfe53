/**
 * Cut detection on a directly-follows graph and splitting of the log by the cut, as in the Inductive
 * Miner (Leemans, "Robust Process Mining with Guarantees", 2017) with PM4Py's choices: the cuts are tried
 * in the order exclusive choice, strict sequence, concurrency, loop; ties in splitting go the same way.
 */
import type { ProcessTreeOperator } from "../model/types.js";
import { type Dfg, type MinerContext, type SubLog, SubLogBuilder } from "./sub-log.js";

/** A cut: the operator and the groups of activities its children are mined from, in child order. */
export interface Cut {
  operator: Exclude<ProcessTreeOperator, "or">;
  groups: number[][];
}

function hasEdge(dfg: Dfg, from: number, to: number): boolean {
  return dfg.edges.has(from * dfg.size + to);
}

function* edgePairs(dfg: Dfg): Generator<[number, number]> {
  for (const key of dfg.edges.keys()) yield [Math.floor(key / dfg.size), key % dfg.size];
}

/**
 * Groups the vertices into the connected components of a relation; components are listed in the
 * order of their first vertex (vertices are in name order), members in name order.
 */
function components(vertices: number[], related: (a: number, b: number) => boolean): number[][] {
  const parent = vertices.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] ?? root;
    let at = i;
    while (parent[at] !== root) {
      const next = parent[at] ?? root;
      parent[at] = root;
      at = next;
    }
    return root;
  };
  for (let i = 0; i < vertices.length; i++) {
    for (let j = i + 1; j < vertices.length; j++) {
      const a = vertices[i] ?? 0;
      const b = vertices[j] ?? 0;
      if (related(a, b)) {
        const x = find(i);
        const y = find(j);
        if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
      }
    }
  }
  const byRoot = new Map<number, number[]>();
  vertices.forEach((vertex, i) => {
    const root = find(i);
    const group = byRoot.get(root);
    if (group) group.push(vertex);
    else byRoot.set(root, [vertex]);
  });
  return [...byRoot.values()];
}

/** Exclusive choice: the connected components of the graph with edges taken as undirected. */
export function findXorCut(dfg: Dfg): Cut | null {
  const groups = components(dfg.vertices, (a, b) => hasEdge(dfg, a, b) || hasEdge(dfg, b, a));
  return groups.length > 1 ? { operator: "xor", groups } : null;
}

/** For each vertex (by position in `dfg.vertices`) whether each other vertex is reachable by one or more edges. */
function reachability(dfg: Dfg): boolean[][] {
  const position = new Map(dfg.vertices.map((v, i) => [v, i]));
  const next: number[][] = dfg.vertices.map(() => []);
  for (const [a, b] of edgePairs(dfg)) {
    const i = position.get(a);
    const j = position.get(b);
    if (i !== undefined && j !== undefined) next[i]?.push(j);
  }
  return dfg.vertices.map((_, start) => {
    const seen = new Array<boolean>(dfg.vertices.length).fill(false);
    const stack = [...(next[start] ?? [])];
    while (stack.length > 0) {
      const i = stack.pop() ?? 0;
      if (seen[i]) continue;
      seen[i] = true;
      for (const j of next[i] ?? []) if (!seen[j]) stack.push(j);
    }
    // A vertex does not count as its own successor, even on a cycle.
    seen[start] = false;
    return seen;
  });
}

/** Sequence: groups of activities that reach each other one way only, ordered by reachability. */
function findPlainSequenceGroups(dfg: Dfg): number[][] | null {
  const n = dfg.vertices.length;
  if (n === 0) return null;
  const position = new Map(dfg.vertices.map((v, i) => [v, i]));
  const reach = reachability(dfg);
  const reaches = (a: number, b: number) => reach[position.get(a) ?? 0]?.[position.get(b) ?? 0] ?? false;
  const groups = components(dfg.vertices, (a, b) => reaches(a, b) === reaches(b, a));
  if (groups.length < 2) return null;
  const successors = reach.map((row) => row.filter(Boolean).length);
  const predecessors = dfg.vertices.map((_, j) => reach.filter((row) => row[j]).length);
  const key = (group: number[]) => {
    const i = position.get(group[0] ?? 0) ?? 0;
    return (predecessors[i] ?? 0) + (n - (successors[i] ?? 0));
  };
  return groups
    .map((group) => ({ group, key: key(group) }))
    .sort((x, y) => x.key - y.key)
    .map((entry) => entry.group);
}

/**
 * Strict sequence (Leemans 2017, p. 233): after the sequence cut, a group that can be skipped absorbs
 * the neighbouring groups that can only be left or entered through it.
 */
export function findSequenceCut(dfg: Dfg): Cut | null {
  const plain = findPlainSequenceGroups(dfg);
  if (!plain) return null;
  const groups = plain.map((group) => new Set(group));
  const groupOf = new Map<number, number>();
  groups.forEach((group, i) => {
    for (const a of group) groupOf.set(a, i);
  });
  const isStart = (a: number) => dfg.starts.has(a);
  const isEnd = (a: number) => dfg.ends.has(a);
  const lowest = groups.map((group) =>
    [...group].some(isStart) ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
  );
  const highest = groups.map((group) =>
    [...group].some(isEnd) ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
  );
  for (const [a, b] of edgePairs(dfg)) {
    const ga = groupOf.get(a) ?? 0;
    const gb = groupOf.get(b) ?? 0;
    lowest[gb] = Math.min(lowest[gb] ?? 0, ga);
    highest[ga] = Math.max(highest[ga] ?? 0, gb);
  }
  const skippable = (p: number): boolean => {
    for (let i = 0; i < p; i++) {
      for (let j = p + 1; j < groups.length; j++) {
        for (const a of groups[i] ?? []) for (const b of groups[j] ?? []) if (hasEdge(dfg, a, b)) return true;
      }
    }
    for (let i = p + 1; i < groups.length; i++) if ([...(groups[i] ?? [])].some(isStart)) return true;
    for (let i = 0; i < p; i++) if ([...(groups[i] ?? [])].some(isEnd)) return true;
    return false;
  };
  for (let p = 0; p < groups.length; p++) {
    if (!skippable(p)) continue;
    const target = groups[p] ?? new Set<number>();
    for (let q = p - 1; q >= 0 && (highest[q] ?? 0) <= p; q--) {
      for (const a of groups[q] ?? []) target.add(a);
      groups[q] = new Set();
    }
    for (let q = p + 1; q < groups.length && (lowest[q] ?? 0) >= p; q++) {
      for (const a of groups[q] ?? []) target.add(a);
      groups[q] = new Set();
    }
  }
  const result = groups.filter((group) => group.size > 0).map((group) => [...group]);
  // A single group would mine the same log again; PM4Py never gets here on a proper sequence cut.
  return result.length > 1 ? { operator: "sequence", groups: result } : null;
}

/**
 * Concurrency: groups of activities that are not all pairwise connected in both directions; groups
 * without a start or without an end activity are merged into a neighbour.
 */
export function findConcurrencyCut(dfg: Dfg): Cut | null {
  if (dfg.vertices.length === 0) return null;
  const groups = components(dfg.vertices, (a, b) => !(hasEdge(dfg, a, b) && hasEdge(dfg, b, a)))
    .map((group, order) => ({ group, order }))
    .sort((x, y) => x.group.length - y.group.length || x.order - y.order)
    .map((entry) => entry.group);
  let i = 0;
  while (i < groups.length && groups.length > 1) {
    const group = groups[i] ?? [];
    if (group.some((a) => dfg.starts.has(a)) && group.some((a) => dfg.ends.has(a))) {
      i++;
      continue;
    }
    groups.splice(i, 1);
    groups[i === 0 ? 0 : i - 1]?.push(...group);
  }
  return groups.length > 1 ? { operator: "parallel", groups } : null;
}

/**
 * Loop: the start and end activities form the body; the other components of the graph without them are
 * redo parts if they leave only to start activities and enter only from end activities, completely.
 */
export function findLoopCut(dfg: Dfg): Cut | null {
  if (dfg.edges.size === 0) return null;
  const isDo = (a: number) => dfg.starts.has(a) || dfg.ends.has(a);
  const rest = dfg.vertices.filter((a) => !isDo(a));
  let redo = components(rest, (a, b) => hasEdge(dfg, a, b) || hasEdge(dfg, b, a));
  const body = new Set(dfg.vertices.filter(isDo));
  const absorb = (test: (group: number[]) => boolean) => {
    redo = redo.filter((group) => {
      if (!test(group)) return true;
      for (const a of group) body.add(a);
      return false;
    });
  };
  const pairs = [...edgePairs(dfg)];
  // Reached directly from a start activity that is not an end activity.
  const fromStart = new Set(pairs.filter(([a]) => dfg.starts.has(a) && !dfg.ends.has(a)).map(([, b]) => b));
  absorb((group) => group.some((b) => fromStart.has(b)));
  // Reaching directly an end activity that is not a start activity.
  const toEnd = new Set(pairs.filter(([, b]) => dfg.ends.has(b) && !dfg.starts.has(b)).map(([a]) => a));
  absorb((group) => group.some((a) => toEnd.has(a)));
  const starts = [...dfg.starts.keys()];
  const ends = [...dfg.ends.keys()];
  absorb((group) =>
    group.some((a) => starts.some((s) => hasEdge(dfg, a, s)) && starts.some((s) => !hasEdge(dfg, a, s))),
  );
  absorb((group) =>
    group.some((a) => ends.some((e) => hasEdge(dfg, e, a)) && ends.some((e) => !hasEdge(dfg, e, a))),
  );
  const groups = [[...body], ...redo];
  return groups.length > 1 && body.size > 0 ? { operator: "loop", groups } : null;
}

/** The cuts in the order the Inductive Miner tries them. */
export function findCut(dfg: Dfg): Cut | null {
  return findXorCut(dfg) ?? findSequenceCut(dfg) ?? findConcurrencyCut(dfg) ?? findLoopCut(dfg);
}

function groupIndex(context: MinerContext, groups: number[][]): Int32Array {
  const index = new Int32Array(context.names.length).fill(-1);
  groups.forEach((group, i) => {
    for (const a of group) index[a] = i;
  });
  return index;
}

/** Each trace goes whole to the group holding most of its events (the last such group on a tie). */
function splitXor(context: MinerContext, log: SubLog, groups: number[][]): SubLog[] {
  const index = groupIndex(context, groups);
  const builders = groups.map(() => new SubLogBuilder());
  log.traces.forEach((trace, t) => {
    const hits = new Array<number>(groups.length).fill(0);
    for (const a of trace) {
      const g = index[a] ?? -1;
      if (g >= 0) hits[g] = (hits[g] ?? 0) + 1;
    }
    let best = groups.length - 1;
    for (let g = groups.length - 1; g >= 0; g--) if ((hits[g] ?? 0) > (hits[best] ?? 0)) best = g;
    builders[best]?.add(
      trace.filter((a) => index[a] === best),
      log.counts[t] ?? 0,
    );
  });
  return builders.map((builder) => builder.log);
}

/**
 * Each trace is cut into one part per group, in order: the part of a group ends where the count of its
 * own events minus the events of later groups is lowest.
 */
function splitSequence(context: MinerContext, log: SubLog, groups: number[][]): SubLog[] {
  const index = groupIndex(context, groups);
  const builders = groups.map(() => new SubLogBuilder());
  log.traces.forEach((trace, t) => {
    let from = 0;
    for (let g = 0; g < groups.length; g++) {
      let cost = 0;
      let least = 0;
      let to = from;
      for (let i = from; i < trace.length; i++) {
        const at = index[trace[i] ?? 0] ?? -1;
        if (at === g) cost--;
        else if (at < 0 || at > g) cost++;
        if (cost < least) {
          least = cost;
          to = i + 1;
        }
      }
      const part: number[] = [];
      for (let i = from; i < to; i++) if (index[trace[i] ?? 0] === g) part.push(trace[i] ?? 0);
      builders[g]?.add(part, log.counts[t] ?? 0);
      from = to;
    }
  });
  return builders.map((builder) => builder.log);
}

/**
 * Each trace is projected on each group; traces with the same projection add their counts, or, with
 * `lastCountWins` (PM4Py 2.7), the projection takes the count of the last trace in log order.
 */
function splitParallel(
  context: MinerContext,
  log: SubLog,
  groups: number[][],
  lastCountWins: boolean,
): SubLog[] {
  const index = groupIndex(context, groups);
  return groups.map((_, g) => {
    const builder = new SubLogBuilder();
    log.traces.forEach((trace, t) => {
      const part = trace.filter((a) => index[a] === g);
      if (lastCountWins) builder.assign(part, log.counts[t] ?? 0);
      else builder.add(part, log.counts[t] ?? 0);
    });
    return builder.log;
  });
}

/**
 * Each trace is cut into body parts and redo parts at the changes between body and redo activities; a
 * redo part goes to the redo group sharing most distinct activities with it (the last such on a tie).
 */
function splitLoop(context: MinerContext, log: SubLog, groups: number[][]): SubLog[] {
  const index = groupIndex(context, groups);
  const builders = groups.map(() => new SubLogBuilder());
  const addRedo = (part: number[], count: number) => {
    const distinct = new Set(part);
    const shared = new Array<number>(groups.length).fill(0);
    for (const a of distinct) {
      const g = index[a] ?? -1;
      if (g > 0) shared[g] = (shared[g] ?? 0) + 1;
    }
    let best = groups.length - 1;
    for (let g = groups.length - 1; g >= 1; g--) if ((shared[g] ?? 0) > (shared[best] ?? 0)) best = g;
    builders[best]?.add(part, count);
  };
  log.traces.forEach((trace, t) => {
    const count = log.counts[t] ?? 0;
    let body: number[] = [];
    let redo: number[] = [];
    for (const a of trace) {
      const g = index[a] ?? -1;
      if (g === 0) {
        body.push(a);
        if (redo.length > 0) {
          addRedo(redo, count);
          redo = [];
        }
      } else if (g > 0) {
        redo.push(a);
        if (body.length > 0) {
          builders[0]?.add(body, count);
          body = [];
        }
      }
    }
    if (redo.length > 0) addRedo(redo, count);
    builders[0]?.add(body, count);
  });
  return builders.map((builder) => builder.log);
}

/**
 * Splits the log by a cut into one sub-log per group. Each sub-log lists its traces in the order they
 * first arise from the log's traces, in log order. `pm4pyCounting`: see `InductiveMinerOptions`.
 */
export function splitLog(context: MinerContext, log: SubLog, cut: Cut, pm4pyCounting = false): SubLog[] {
  switch (cut.operator) {
    case "xor":
      return splitXor(context, log, cut.groups);
    case "sequence":
      return splitSequence(context, log, cut.groups);
    case "parallel":
      return splitParallel(context, log, cut.groups, pm4pyCounting);
    case "loop":
      return splitLoop(context, log, cut.groups);
  }
}
