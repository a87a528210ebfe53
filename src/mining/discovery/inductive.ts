/**
 * The Inductive Miner (IM) and its infrequent variant (IMf), after Leemans, Fahland and van der Aalst,
 * with the same choices as PM4Py so both find the same trees: base cases, then a cut on the
 * directly-follows graph (exclusive choice, strict sequence, concurrency, loop), then fall-throughs.
 * IMf first drops rare empty traces and, when the log has no cut, looks for one on the graph without its
 * infrequent edges before falling through.
 */
import type { ProcessTree, TraceLog } from "../model/types.js";
import { type Cut, findCut, splitLog } from "./cuts.js";
import { fallThrough } from "./fall-throughs.js";
import { activity, operatorNode, simplifyProcessTree, sortProcessTree, tau } from "./process-tree.js";
import {
  createContext,
  type Dfg,
  discoverDfg,
  type MinerContext,
  type SubLog,
  SubLogBuilder,
  totalCount,
  verticesOf,
} from "./sub-log.js";

export interface InductiveMinerOptions {
  /** "im" keeps all behaviour (every trace fits); "imf" filters infrequent behaviour. */
  variant: "im" | "imf";
  /**
   * IMf only: a directly-follows edge is ignored when it occurs at most `noise` times as often as the most
   * frequent edge (or end) leaving its source; empty traces are kept as a skip only if more than
   * `noise` of the traces are empty. Between 0 and 1; 0.2 unless given.
   */
  noise?: number;
  /**
   * Reproduces PM4Py 2.7's counting when a concurrency cut splits the log; false unless given. It exists
   * to reproduce PM4Py 2.7's figures side by side; it is not the Inductive Miner as published.
   *
   * When PM4Py 2.7 (`ConcurrencyCutUVCL.project`) projects the traces of a log on the groups of a
   * concurrency cut, it sets each projected trace's count to the count of the trace it came from instead
   * of adding to it; when several traces project to the same trace, the count of the last of them wins.
   * Every other split, and PM4Py's other steps, add counts, as this miner does by default. Counts change
   * only what IMf decides (its empty-trace and infrequent-edge thresholds), so IM's tree is the same
   * either way.
   *
   * "Last" follows the order of `log.traces`, and of each sub-log derived from it: a sub-log lists its
   * traces in the order they first arise from its parent's traces. To match PM4Py, `log.traces` must be in
   * PM4Py's order: for a data frame (what `pm4py.read_xes` returns) the distinct traces in the order they
   * first occur when the cases are sorted by case id (by code point); `traceLog` in
   * `mining/analysis/variants.ts` lists them so.
   */
  pm4pyCounting?: boolean;
}

interface Miner {
  context: MinerContext;
  variant: "im" | "imf";
  noise: number;
  pm4pyCounting: boolean;
}

function withoutEmptyTraces(log: SubLog): { empty: number; rest: SubLog } {
  const rest: SubLog = { traces: [], counts: [] };
  let empty = 0;
  log.traces.forEach((trace, i) => {
    const count = log.counts[i] ?? 0;
    if (trace.length === 0) empty += count;
    else {
      rest.traces.push(trace);
      rest.counts.push(count);
    }
  });
  return { empty, rest };
}

/** Empty log: tau; one distinct trace of at most one event: that activity (or tau). */
function baseCase(miner: Miner, log: SubLog): ProcessTree | null {
  if (log.traces.length === 0) return tau;
  const only = log.traces[0];
  if (log.traces.length === 1 && only && only.length <= 1) {
    const first = only[0];
    return first === undefined ? tau : activity(miner.context.names[first] ?? "");
  }
  return null;
}

/**
 * The graph without edges that occur at most `noise` times as often as the most frequent edge leaving
 * their source (an end counting as leaving); starts and ends are kept.
 */
function filterInfrequentEdges(miner: Miner, dfg: Dfg): Dfg {
  const strongest = new Map<number, number>();
  for (const [key, count] of dfg.edges) {
    const from = Math.floor(key / dfg.size);
    strongest.set(from, Math.max(strongest.get(from) ?? 0, count, dfg.ends.get(from) ?? 0));
  }
  const edges = new Map<number, number>();
  for (const [key, count] of dfg.edges) {
    if (count > miner.noise * (strongest.get(Math.floor(key / dfg.size)) ?? 0)) edges.set(key, count);
  }
  return {
    size: dfg.size,
    vertices: verticesOf(miner.context, edges, dfg.starts, dfg.ends),
    edges,
    starts: dfg.starts,
    ends: dfg.ends,
  };
}

function mineCut(miner: Miner, log: SubLog, cut: Cut): ProcessTree {
  return operatorNode(
    cut.operator,
    splitLog(miner.context, log, cut, miner.pm4pyCounting).map((sub) => mine(miner, sub)),
  );
}

function mine(miner: Miner, input: SubLog): ProcessTree {
  let log = input;
  const { empty, rest } = withoutEmptyTraces(log);
  if (empty > 0) {
    if (rest.traces.length === 0) return tau;
    if (miner.variant === "im" || empty > miner.noise * (empty + totalCount(rest))) {
      return operatorNode("xor", [tau, mine(miner, rest)]);
    }
    log = rest;
  }
  const leaf = baseCase(miner, log);
  if (leaf) return leaf;
  const dfg = discoverDfg(miner.context, log);
  const cut = findCut(dfg);
  if (cut) return mineCut(miner, log, cut);
  if (miner.variant === "imf") {
    const filtered = findCut(filterInfrequentEdges(miner, dfg));
    if (filtered) return mineCut(miner, log, filtered);
  }
  const fall = fallThrough(miner.context, log);
  return operatorNode(
    fall.operator,
    fall.logs.map((sub) => mine(miner, sub)),
  );
}

/**
 * Discovers a process tree from a log with the Inductive Miner. The result is simplified and its
 * unordered children are ordered as PM4Py orders them, so it prints like PM4Py's tree on the same log.
 */
export function discoverProcessTree(log: TraceLog, options: InductiveMinerOptions): ProcessTree {
  const noise = options.variant === "imf" ? (options.noise ?? 0.2) : 0;
  if (!(noise >= 0 && noise <= 1)) throw new RangeError(`noise must be between 0 and 1, got ${noise}`);
  const miner: Miner = {
    context: createContext(log.activities),
    variant: options.variant,
    noise,
    pm4pyCounting: options.pm4pyCounting ?? false,
  };
  const root = new SubLogBuilder();
  for (const entry of log.traces) {
    for (const a of entry.trace) {
      if (!Number.isInteger(a) || a < 0 || a >= log.activities.length) {
        throw new RangeError(`a trace refers to activity ${a}, but the log names ${log.activities.length}`);
      }
    }
    if (entry.count > 0) root.add(entry.trace, entry.count);
  }
  return sortProcessTree(simplifyProcessTree(mine(miner, root.log)));
}
