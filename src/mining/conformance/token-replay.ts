/**
 * Token-based replay of an event log on an accepting Petri net, as PM4Py defines it (Berti and van der
 * Aalst, "Reviving Token-based Replay", 2019), so the figures match PM4Py's `fitness_token_based_replay`.
 *
 * Each trace is replayed from the initial marking. Before a visible transition that is not enabled,
 * silent transitions on the shortest silent paths from marked places to its empty input places are
 * fired; if it is still not enabled, the missing tokens are added. After the last event, silent paths
 * towards the final marking are fired. Then
 *
 *   trace fitness = ½ (1 − missing / consumed) + ½ (1 − remaining / produced)
 *
 * where the initial marking counts as produced and the final marking as consumed. Log fitness uses the
 * sums over all cases. Events whose activity has no transition in the model are skipped, as PM4Py does.
 * Each distinct trace (variant) is replayed once and weighted by its number of cases.
 */
import { AppError } from "../../core/index.js";
import type { PetriNet, TraceLog } from "../model/types.js";

/** How many times PM4Py's replay tries to reach the final marking through silent transitions. */
const FINAL_MARKING_ATTEMPTS = 5;
/** How deep the search for silent transitions that enable another silent transition goes. */
const SILENT_ENABLING_DEPTH = 2;

export interface TraceReplay {
  /** Index of the trace (variant) in `log.traces`. */
  index: number;
  /** Number of cases that follow this trace. */
  count: number;
  /** Between 0 and 1; 1 when the trace replays without missing or remaining tokens. */
  fitness: number;
  /** The trace replays from the initial to the final marking without adding or leaving tokens. */
  fits: boolean;
  missing: number;
  remaining: number;
  consumed: number;
  produced: number;
  /** Activities that happened although the model did not allow them at that point. */
  missingActivities: string[];
  /** Activities the model expected but the trace skipped: tokens were left waiting before them. */
  skippedActivities: string[];
  /** Activities of the trace that the model does not know; they are left out of the replay. */
  unknownActivities: string[];
}

export interface ActivityDeviation {
  activity: string;
  /** Cases in which the activity happened without being enabled (added, or out of order). */
  unexpectedCases: number;
  /** Cases that left tokens waiting before the activity: the step was skipped. */
  skippedCases: number;
  /** Cases in which the activity occurs although the model has no such activity. */
  notInModelCases: number;
}

export interface TokenReplayResult {
  /** Log fitness from the token sums over all cases. */
  fitness: number;
  /** Mean of the trace fitness over all cases. */
  averageTraceFitness: number;
  /** Cases that replay without missing or remaining tokens. */
  fittingTraces: number;
  /** `fittingTraces` as a percentage (0–100) of all cases. */
  percentageFittingTraces: number;
  cases: number;
  traces: TraceReplay[];
  /** Deviations per activity, most frequent first. */
  deviations: ActivityDeviation[];
}

interface CompiledNet {
  placeCount: number;
  /** Rank of each place when sorted by id, the order PM4Py visits places in. */
  placeRank: Int32Array;
  /** Places in id order. */
  placesByRank: number[];
  inPlaces: number[][];
  inWeights: number[][];
  outPlaces: number[][];
  outWeights: number[][];
  inputSum: number[];
  outputSum: number[];
  /** Transitions per activity label. */
  byLabel: Map<string, number[]>;
  /** Shortest sequences of silent transitions from a place to another place (sparse rows). */
  silentPaths: Map<number, number[]>[];
  initial: [number, number][];
  final: [number, number][];
  /** Final places in id order. */
  finalByRank: number[];
  /** Visible activities that a token in each place waits for (directly or through silent steps). */
  waitingFor: string[][];
}

function compile(net: PetriNet): CompiledNet {
  const placeIndex = new Map<string, number>();
  for (const [i, place] of net.places.entries()) placeIndex.set(place.id, i);
  const transitionIndex = new Map<string, number>();
  for (const [i, transition] of net.transitions.entries()) transitionIndex.set(transition.id, i);
  const placeCount = net.places.length;
  const transitionCount = net.transitions.length;
  const inPlaces: number[][] = Array.from({ length: transitionCount }, () => []);
  const inWeights: number[][] = Array.from({ length: transitionCount }, () => []);
  const outPlaces: number[][] = Array.from({ length: transitionCount }, () => []);
  const outWeights: number[][] = Array.from({ length: transitionCount }, () => []);
  const placeOutputs: number[][] = Array.from({ length: placeCount }, () => []);
  for (const arc of net.arcs) {
    const weight = arc.weight ?? 1;
    const fromPlace = placeIndex.get(arc.source);
    const toTransition = transitionIndex.get(arc.target);
    if (fromPlace !== undefined && toTransition !== undefined) {
      inPlaces[toTransition]?.push(fromPlace);
      inWeights[toTransition]?.push(weight);
      placeOutputs[fromPlace]?.push(toTransition);
      continue;
    }
    const fromTransition = transitionIndex.get(arc.source);
    const toPlace = placeIndex.get(arc.target);
    if (fromTransition !== undefined && toPlace !== undefined) {
      outPlaces[fromTransition]?.push(toPlace);
      outWeights[fromTransition]?.push(weight);
      continue;
    }
    throw new AppError(
      "MODEL_INVALID",
      `Petri net "${net.name}": the arc ${arc.source} → ${arc.target} does not join a place and a transition`,
      { source: arc.source, target: arc.target },
    );
  }
  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
  const placesByRank = net.places
    .map((place, i) => ({ id: place.id, i }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((entry) => entry.i);
  const placeRank = new Int32Array(placeCount);
  placesByRank.forEach((place, rank) => {
    placeRank[place] = rank;
  });
  const byLabel = new Map<string, number[]>();
  net.transitions.forEach((transition, i) => {
    if (transition.label === null) return;
    const list = byLabel.get(transition.label);
    if (list) list.push(i);
    else byLabel.set(transition.label, [i]);
  });
  const silent = net.transitions.map((transition) => transition.label === null);

  // Breadth-first search through silent transitions: a silent transition leads from any one of its
  // input places to each of its output places.
  const silentPaths: Map<number, number[]>[] = [];
  for (let start = 0; start < placeCount; start++) {
    const paths = new Map<number, number[]>();
    const queue: { place: number; path: number[] }[] = [{ place: start, path: [] }];
    for (let head = 0; head < queue.length; head++) {
      const { place, path } = queue[head] as { place: number; path: number[] };
      for (const transition of placeOutputs[place] ?? []) {
        if (!silent[transition]) continue;
        for (const next of outPlaces[transition] ?? []) {
          if (paths.has(next)) continue;
          const nextPath = [...path, transition];
          paths.set(next, nextPath);
          if (next !== start) queue.push({ place: next, path: nextPath });
        }
      }
    }
    silentPaths.push(paths);
  }

  const waitingFor: string[][] = [];
  for (let place = 0; place < placeCount; place++) {
    const activities = new Set<string>();
    for (const reached of [place, ...(silentPaths[place]?.keys() ?? [])])
      for (const transition of placeOutputs[reached] ?? []) {
        const label = net.transitions[transition]?.label;
        if (label !== null && label !== undefined) activities.add(label);
      }
    waitingFor.push([...activities]);
  }

  const markingEntries = (marking: Record<string, number>): [number, number][] =>
    net.places
      .map((place, i): [number, number] => [i, marking[place.id] ?? 0])
      .filter(([, tokens]) => tokens > 0);
  const final = markingEntries(net.finalMarking);
  return {
    placeCount,
    placeRank,
    placesByRank,
    inPlaces,
    inWeights,
    outPlaces,
    outWeights,
    inputSum: inWeights.map(sum),
    outputSum: outWeights.map(sum),
    byLabel,
    silentPaths,
    initial: markingEntries(net.initialMarking),
    final,
    finalByRank: final.map(([place]) => place).sort((a, b) => (placeRank[a] ?? 0) - (placeRank[b] ?? 0)),
    waitingFor,
  };
}

interface VariantOutcome {
  fits: boolean;
  fitness: number;
  missing: number;
  remaining: number;
  consumed: number;
  produced: number;
  unexpected: number[];
  skipped: string[];
  unknown: string[];
}

/** Replays traces on one compiled net; the marking is kept in arrays reused between traces. */
class Replayer {
  private readonly tokens: Int32Array;
  /** When each marked place got its first token, to visit places in PM4Py's insertion order. */
  private readonly since: Float64Array;
  private clock = 0;
  private consumed = 0;
  private produced = 0;

  constructor(private readonly net: CompiledNet) {
    this.tokens = new Int32Array(net.placeCount);
    this.since = new Float64Array(net.placeCount);
  }

  private isEnabled(transition: number): boolean {
    const places = this.net.inPlaces[transition] ?? [];
    const weights = this.net.inWeights[transition] ?? [];
    for (let i = 0; i < places.length; i++)
      if ((this.tokens[places[i] as number] ?? 0) < (weights[i] ?? 1)) return false;
    return true;
  }

  private addTokens(place: number, count: number): void {
    if (this.tokens[place] === 0) this.since[place] = ++this.clock;
    this.tokens[place] = (this.tokens[place] ?? 0) + count;
  }

  /** Fires an enabled transition, counting the tokens it consumes and produces. */
  private fire(transition: number): void {
    const net = this.net;
    const inPlaces = net.inPlaces[transition] ?? [];
    const inWeights = net.inWeights[transition] ?? [];
    for (let i = 0; i < inPlaces.length; i++) {
      const place = inPlaces[i] as number;
      this.tokens[place] = (this.tokens[place] ?? 0) - (inWeights[i] ?? 1);
    }
    const outPlaces = net.outPlaces[transition] ?? [];
    const outWeights = net.outWeights[transition] ?? [];
    for (let i = 0; i < outPlaces.length; i++) this.addTokens(outPlaces[i] as number, outWeights[i] ?? 1);
    this.consumed += net.inputSum[transition] ?? 0;
    this.produced += net.outputSum[transition] ?? 0;
  }

  /** Marked places in id order. */
  private markedByRank(): number[] {
    return this.net.placesByRank.filter((place) => (this.tokens[place] ?? 0) > 0);
  }

  /** Silent paths from every marked place to every target place, shortest first (stable). */
  private silentPathsTo(targets: number[]): number[][] {
    const paths: number[][] = [];
    for (const from of this.markedByRank()) {
      const row = this.net.silentPaths[from];
      if (!row) continue;
      for (const to of targets) {
        const path = row.get(to);
        if (path) paths.push(path);
      }
    }
    return paths.sort((a, b) => a.length - b.length);
  }

  private starvedInputs(transition: number): number[] {
    const places = this.net.inPlaces[transition] ?? [];
    const weights = this.net.inWeights[transition] ?? [];
    const starved = new Set<number>();
    for (let i = 0; i < places.length; i++) {
      const place = places[i] as number;
      if ((this.tokens[place] ?? 0) < (weights[i] ?? 1)) starved.add(place);
    }
    return [...starved].sort((a, b) => (this.net.placeRank[a] ?? 0) - (this.net.placeRank[b] ?? 0));
  }

  /** Fires silent transitions along the paths, one path after the other, until `target` is enabled. */
  private walkPaths(paths: number[][], target: number, visited: Set<number>): void {
    for (const path of paths) {
      let fired = false;
      for (const transition of path) {
        if (transition !== target && !visited.has(transition) && this.isEnabled(transition)) {
          this.fire(transition);
          visited.add(transition);
          fired = true;
        }
        if (this.isEnabled(target)) return;
      }
      // PM4Py stops at the first path along which nothing could fire.
      if (!fired) return;
    }
  }

  /** Tries to enable `target` by firing silent transitions, as PM4Py's replay does. */
  private enableThroughSilent(target: number, depth: number, visited: Set<number>): void {
    if (depth >= SILENT_ENABLING_DEPTH || visited.has(target)) return;
    visited.add(target);
    const starved = this.starvedInputs(target);
    const paths = this.silentPathsTo(starved);
    if (paths.length === 0) return;
    this.walkPaths(paths, target, visited);
    if (this.isEnabled(target)) return;
    for (const path of this.silentPathsTo(starved))
      for (const transition of path) {
        if (transition === target || visited.has(transition)) continue;
        if (!this.isEnabled(transition)) this.enableThroughSilent(transition, depth + 1, visited);
        if (this.isEnabled(transition)) {
          this.fire(transition);
          visited.add(transition);
        }
      }
  }

  private reachedFinalPlaces(): boolean {
    for (const [place] of this.net.final) if ((this.tokens[place] ?? 0) <= 0) return false;
    return true;
  }

  private moveToFinalMarking(): void {
    const net = this.net;
    for (let attempt = 0; attempt < FINAL_MARKING_ATTEMPTS; attempt++) {
      if (this.reachedFinalPlaces()) return;
      for (const path of this.silentPathsTo(net.finalByRank)) {
        for (const transition of path) if (this.isEnabled(transition)) this.fire(transition);
        if (this.reachedFinalPlaces()) break;
      }
    }
    if (this.reachedFinalPlaces() || net.final.length !== 1) return;
    const sink = (net.final[0] as [number, number])[0];
    const marked: number[] = [];
    for (let place = 0; place < net.placeCount; place++)
      if ((this.tokens[place] ?? 0) > 0) marked.push(place);
    marked.sort((a, b) => (this.since[a] ?? 0) - (this.since[b] ?? 0));
    const paths: number[][] = [];
    for (const place of marked) {
      const path = net.silentPaths[place]?.get(sink);
      if (path) paths.push(path);
    }
    paths.sort((a, b) => a.length - b.length);
    for (let attempt = 0; attempt < FINAL_MARKING_ATTEMPTS; attempt++)
      for (const path of paths)
        for (const transition of path) {
          if (!this.isEnabled(transition)) break;
          this.fire(transition);
        }
  }

  replay(trace: number[], activities: string[]): VariantOutcome {
    const net = this.net;
    this.tokens.fill(0);
    this.clock = 0;
    this.consumed = 0;
    this.produced = 0;
    for (const [place, count] of net.initial) {
      this.addTokens(place, count);
      this.produced += count;
    }
    let missing = 0;
    const unexpected: number[] = [];
    const unknown: string[] = [];
    for (const activity of trace) {
      const label = activities[activity] ?? "";
      const candidates = net.byLabel.get(label);
      if (!candidates) {
        unknown.push(label);
        continue;
      }
      let transition = candidates.find((candidate) => this.isEnabled(candidate));
      if (transition === undefined) {
        transition = candidates[candidates.length - 1] as number;
        this.enableThroughSilent(transition, 0, new Set());
      }
      if (!this.isEnabled(transition)) {
        unexpected.push(transition);
        const places = net.inPlaces[transition] ?? [];
        const weights = net.inWeights[transition] ?? [];
        for (let i = 0; i < places.length; i++) {
          const place = places[i] as number;
          const weight = weights[i] ?? 1;
          const have = this.tokens[place] ?? 0;
          if (have < weight) {
            missing += weight - have;
            // PM4Py adds the arc weight (not only the shortfall) to the place.
            this.addTokens(place, weight);
          }
        }
      }
      this.fire(transition);
    }
    this.moveToFinalMarking();

    let finalShortfall = 0;
    let finalTokens = 0;
    const finalOf = new Map<number, number>(net.final);
    for (const [place, count] of net.final) {
      finalShortfall += Math.max(0, count - (this.tokens[place] ?? 0));
      finalTokens += count;
    }
    let remaining = 0;
    const skipped = new Set<string>();
    for (let place = 0; place < net.placeCount; place++) {
      const have = this.tokens[place] ?? 0;
      if (have <= 0) continue;
      const left = Math.max(0, have - (finalOf.get(place) ?? 0));
      if (left === 0) continue;
      remaining += left;
      for (const activity of net.waitingFor[place] ?? []) skipped.add(activity);
    }
    const fits = missing === 0 && remaining === 0;
    const consumed = this.consumed + finalTokens;
    missing += finalShortfall;
    const produced = this.produced;
    const fitness =
      consumed > 0 && produced > 0 ? 0.5 * (1 - missing / consumed) + 0.5 * (1 - remaining / produced) : 1;
    return {
      fits,
      fitness,
      missing,
      remaining,
      consumed,
      produced,
      unexpected,
      skipped: [...skipped],
      unknown,
    };
  }
}

/**
 * Replays every trace of the log on the net with PM4Py's token-based replay and returns the fitness of
 * the log and of each trace, and which activities deviate from the model.
 */
export function tokenReplay(net: PetriNet, log: TraceLog): TokenReplayResult {
  const compiled = compile(net);
  const replayer = new Replayer(compiled);
  const labels = net.transitions.map((transition) => transition.label ?? "");
  const deviations = new Map<string, ActivityDeviation>();
  const deviation = (activity: string): ActivityDeviation => {
    let found = deviations.get(activity);
    if (!found) {
      found = { activity, unexpectedCases: 0, skippedCases: 0, notInModelCases: 0 };
      deviations.set(activity, found);
    }
    return found;
  };

  let cases = 0;
  let fittingTraces = 0;
  let fitnessSum = 0;
  let missing = 0;
  let consumed = 0;
  let remaining = 0;
  let produced = 0;
  const traces: TraceReplay[] = log.traces.map(({ trace, count }, index) => {
    const outcome = replayer.replay(trace, log.activities);
    cases += count;
    if (outcome.fits) fittingTraces += count;
    fitnessSum += outcome.fitness * count;
    missing += outcome.missing * count;
    consumed += outcome.consumed * count;
    remaining += outcome.remaining * count;
    produced += outcome.produced * count;
    const missingActivities = [...new Set(outcome.unexpected.map((transition) => labels[transition] ?? ""))];
    const unknownActivities = [...new Set(outcome.unknown)];
    for (const activity of missingActivities) deviation(activity).unexpectedCases += count;
    for (const activity of outcome.skipped) deviation(activity).skippedCases += count;
    for (const activity of unknownActivities) deviation(activity).notInModelCases += count;
    return {
      index,
      count,
      fitness: outcome.fitness,
      fits: outcome.fits,
      missing: outcome.missing,
      remaining: outcome.remaining,
      consumed: outcome.consumed,
      produced: outcome.produced,
      missingActivities,
      skippedActivities: outcome.skipped,
      unknownActivities,
    };
  });

  const measured = cases > 0 && consumed > 0 && produced > 0;
  const total = (d: ActivityDeviation): number => d.unexpectedCases + d.skippedCases + d.notInModelCases;
  return {
    fitness: measured ? 0.5 * (1 - missing / consumed) + 0.5 * (1 - remaining / produced) : 0,
    averageTraceFitness: measured ? fitnessSum / cases : 0,
    fittingTraces: measured ? fittingTraces : 0,
    percentageFittingTraces: measured ? (100 * fittingTraces) / cases : 0,
    cases,
    traces,
    deviations: [...deviations.values()].sort(
      (a, b) => total(b) - total(a) || (a.activity < b.activity ? -1 : a.activity > b.activity ? 1 : 0),
    ),
  };
}
