/**
 * Fall-throughs of the Inductive Miner: what it does with a log that has no cut. Tried in PM4Py's order:
 * an activity once per trace, an activity concurrent to the rest, a strict tau loop, a tau loop, and
 * finally the flower model. (Empty traces are handled before cuts are searched.)
 */
import type { ProcessTreeOperator } from "../model/types.js";
import { findCut } from "./cuts.js";
import { alphabetOf, discoverDfg, type MinerContext, type SubLog, SubLogBuilder } from "./sub-log.js";

/** The operator to put at this node and the sub-logs to mine its children from, in order. */
export interface FallThrough {
  operator: Exclude<ProcessTreeOperator, "or" | "xor" | "sequence">;
  logs: SubLog[];
}

/** Splits off one activity: it runs in parallel with the rest. */
function splitOff(log: SubLog, activity: number): SubLog[] {
  const alone = new SubLogBuilder();
  const others = new SubLogBuilder();
  log.traces.forEach((trace, t) => {
    const count = log.counts[t] ?? 0;
    alone.add(
      trace.filter((a) => a === activity),
      count,
    );
    others.add(
      trace.filter((a) => a !== activity),
      count,
    );
  });
  return [alone.log, others.log];
}

/** The first activity (in name order) that occurs exactly once in every trace. */
function activityOncePerTrace(context: MinerContext, log: SubLog): FallThrough | null {
  let candidates = alphabetOf(context, log);
  for (const trace of log.traces) {
    candidates = candidates.filter((c) => {
      let seen = 0;
      for (const a of trace) if (a === c) seen++;
      return seen === 1;
    });
    if (candidates.length === 0) return null;
  }
  const chosen = candidates[0];
  return chosen === undefined ? null : { operator: "parallel", logs: splitOff(log, chosen) };
}

/** The first activity (in name order) whose removal leaves a log with a cut. */
function activityConcurrent(context: MinerContext, log: SubLog): FallThrough | null {
  for (const candidate of alphabetOf(context, log)) {
    if (findCut(discoverDfg(context, log, candidate))) {
      return { operator: "parallel", logs: splitOff(log, candidate) };
    }
  }
  return null;
}

/** Cuts every trace before the events at which `splitsAt` holds; a loop if any trace was cut. */
function tauLoop(log: SubLog, splitsAt: (trace: number[], i: number) => boolean): FallThrough | null {
  const parts = new SubLogBuilder();
  let cut = false;
  log.traces.forEach((trace, t) => {
    const count = log.counts[t] ?? 0;
    let from = 0;
    for (let i = 1; i < trace.length; i++) {
      if (splitsAt(trace, i)) {
        parts.add(trace.slice(from, i), count);
        from = i;
        cut = true;
      }
    }
    parts.add(trace.slice(from), count);
  });
  return cut ? { operator: "loop", logs: [parts.log, { traces: [], counts: [] }] } : null;
}

function startsAndEnds(log: SubLog): { starts: Set<number>; ends: Set<number> } {
  const starts = new Set<number>();
  const ends = new Set<number>();
  for (const trace of log.traces) {
    const first = trace[0];
    const last = trace[trace.length - 1];
    if (first !== undefined) starts.add(first);
    if (last !== undefined) ends.add(last);
  }
  return { starts, ends };
}

/** Every activity in a loop with nothing to redo: any trace over the activities. */
function flower(context: MinerContext, log: SubLog): FallThrough {
  const body = new SubLogBuilder();
  for (const a of alphabetOf(context, log)) body.add([a], 1);
  return { operator: "loop", logs: [body.log, { traces: [], counts: [] }] };
}

export function fallThrough(context: MinerContext, log: SubLog): FallThrough {
  const { starts, ends } = startsAndEnds(log);
  return (
    activityOncePerTrace(context, log) ??
    activityConcurrent(context, log) ??
    tauLoop(log, (trace, i) => starts.has(trace[i] ?? -1) && ends.has(trace[i - 1] ?? -1)) ??
    tauLoop(log, (trace, i) => starts.has(trace[i] ?? -1)) ??
    flower(context, log)
  );
}
