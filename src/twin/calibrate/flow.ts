/**
 * Routing from a discovered process tree: the tree is mapped onto the model's flow (sequence, choice,
 * parallel block, loop), and each choice's branch probabilities and each loop's repeat probability are
 * counted from the log.
 *
 * Counting: an activity is executed as often as it has events. Bottom-up, a sequence or parallel block
 * runs as often as its most frequent child, a choice as often as its branches together, and a loop is
 * entered once in each case that touches it. Top-down from the number of cases, a choice splits its
 * executions over its branches in proportion to their counts (a silent branch takes what the others
 * leave), and a loop whose body runs D times for E entries repeats with probability (D − E) / D.
 */
import type { ProcessTree } from "../../mining/model/types.js";
import type { FlowStep } from "../model/index.js";

export interface FlowCounts {
  /** Events per activity name. */
  events: Map<string, number>;
  /** Cases in which each activity occurs at least once. */
  casesWith: (activities: Set<string>) => number;
  /** Most events of one activity in one case, for each activity name. */
  maxPerCase: Map<string, number>;
  cases: number;
}

function labels(tree: ProcessTree, into = new Set<string>()): Set<string> {
  if (tree.kind === "activity") into.add(tree.label);
  else if (tree.kind !== "tau") for (const c of tree.children) labels(c, into);
  return into;
}

/** How many times a subtree runs, from the activity counts alone (NaN when it cannot be told). */
function executions(tree: ProcessTree, counts: FlowCounts): number {
  switch (tree.kind) {
    case "activity":
      return counts.events.get(tree.label) ?? 0;
    case "tau":
      return Number.NaN;
    case "xor": {
      let sum = 0;
      for (const c of tree.children) sum += executions(c, counts);
      return sum;
    }
    case "loop": {
      const touched = counts.casesWith(labels(tree));
      return touched > 0 ? touched : Number.NaN;
    }
    default: {
      let best = Number.NaN;
      for (const c of tree.children) {
        const n = executions(c, counts);
        if (Number.isFinite(n) && !(n <= best)) best = n;
      }
      return best;
    }
  }
}

/** Probabilities rounded to 4 decimals that add up to exactly 1. */
function probabilities(weights: number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  const raw = total > 0 ? weights.map((w) => w / total) : weights.map(() => 1 / weights.length);
  const out = raw.map((p) => Math.round(p * 1e4) / 1e4);
  let largest = 0;
  for (let i = 1; i < out.length; i++) if ((out[i] as number) > (out[largest] as number)) largest = i;
  const rest = out.reduce((s, p, i) => (i === largest ? s : s + p), 0);
  out[largest] = Math.round((1 - rest) * 1e4) / 1e4;
  return out;
}

function flowOf(tree: ProcessTree, entries: number, counts: FlowCounts): FlowStep[] {
  switch (tree.kind) {
    case "activity":
      return [tree.label];
    case "tau":
      return [];
    case "sequence":
      return tree.children.flatMap((c) => flowOf(c, entries, counts));
    case "parallel":
    case "or": {
      const branches = tree.children.map((c) => flowOf(c, entries, counts));
      return [{ parallel: branches }];
    }
    case "xor": {
      const known = tree.children.map((c) => executions(c, counts));
      const sumKnown = known.reduce((s, n) => (Number.isFinite(n) ? s + n : s), 0);
      const unknown = known.filter((n) => !Number.isFinite(n)).length;
      const share = unknown > 0 ? Math.max(0, entries - sumKnown) / unknown : 0;
      const weights = known.map((n) => (Number.isFinite(n) ? n : share));
      const p = probabilities(weights);
      const total = weights.reduce((s, w) => s + w, 0);
      return [
        {
          choice: tree.children.map((c, i) => ({
            p: p[i] as number,
            flow: flowOf(c, total > 0 ? (entries * (weights[i] as number)) / total : 0, counts),
          })),
        },
      ];
    }
    case "loop": {
      const [body, ...redos] = tree.children as [ProcessTree, ...ProcessTree[]];
      const bodyRuns = executions(body, counts);
      const redoRuns = redos.reduce(
        (s, r) => s + (Number.isFinite(executions(r, counts)) ? executions(r, counts) : 0),
        0,
      );
      const runs = Number.isFinite(bodyRuns) ? bodyRuns : entries + redoRuns;
      const repeats = Math.max(0, runs - entries);
      const p = runs > 0 ? Math.min(0.99, repeats / runs) : 0;
      const redoFlow: FlowStep[] =
        redos.length === 1
          ? flowOf(redos[0] as ProcessTree, repeats, counts)
          : flowOf({ kind: "xor", children: redos }, repeats, counts);
      let most = 1;
      for (const a of labels(tree)) most = Math.max(most, counts.maxPerCase.get(a) ?? 1);
      const bodyFlow = flowOf(body, runs, counts);
      // The model's loop runs its steps with probability p, again with p, …: the tree's body runs once,
      // then (redo, body) repeats.
      return [
        ...bodyFlow,
        {
          loop: [...redoFlow, ...bodyFlow],
          repeatProbability: Math.round(p * 1e4) / 1e4,
          max: Math.max(1, most - 1),
        },
      ];
    }
  }
}

/** The model flow of a process tree, with probabilities counted from the log. */
export function flowFromTree(tree: ProcessTree, counts: FlowCounts): FlowStep[] {
  return flowOf(tree, counts.cases, counts);
}
