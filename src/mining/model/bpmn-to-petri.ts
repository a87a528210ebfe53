/**
 * A BPMN process as an accepting Petri net, built the way PM4Py converts BPMN so that replay figures
 * agree with PM4Py's on the same file:
 *
 * - a place per sequence flow, plus `source` (one token at the start) and `sink` (the final marking);
 * - every node gets an entry place `ent_<id>`, an exit place `exi_<id>` and a transition between them,
 *   labelled with the task's name (silent for events and gateways);
 * - a parallel or inclusive gateway with several outgoing flows puts a token on each through one silent
 *   transition, and with several incoming flows waits for all of them; an exclusive gateway moves a
 *   token from or to one flow through one silent transition per flow;
 * - an inclusive split may skip each of its branches: a silent transition moves the branch's token to the
 *   nearest incoming flow of an inclusive join;
 * - finally, silent transitions that only pass a token along a place with one way in and one way out
 *   are merged into their neighbour, and places left without arcs are removed.
 */
import type { BpmnModel, BpmnNode } from "./bpmn.js";
import type { Arc, PetriNet, Place, Transition } from "./types.js";

export function bpmnToPetriNet(model: BpmnModel): PetriNet {
  const places: Place[] = [{ id: "source" }, { id: "sink" }];
  const transitions: Transition[] = [];
  const arcs: Arc[] = [];
  const arc = (source: string, target: string): void => {
    arcs.push({ source, target });
  };
  const silent = (id: string): string => {
    transitions.push({ id, label: null });
    return id;
  };

  const outCount = new Map<string, number>();
  const inCount = new Map<string, number>();
  for (const flow of model.flows) {
    places.push({ id: flow.id });
    outCount.set(flow.source, (outCount.get(flow.source) ?? 0) + 1);
    inCount.set(flow.target, (inCount.get(flow.target) ?? 0) + 1);
  }
  const nodeById = new Map(model.nodes.map((node) => [node.id, node]));
  const isInclusive = (id: string): boolean => nodeById.get(id)?.kind === "inclusiveGateway";
  const inclusiveExits = new Set<string>();
  const inclusiveEntries = new Set<string>();
  for (const flow of model.flows) {
    const exit = isInclusive(flow.source) && (outCount.get(flow.source) ?? 0) > 1;
    const entry = isInclusive(flow.target) && (inCount.get(flow.target) ?? 0) > 1;
    if (exit && !entry) inclusiveExits.add(flow.id);
    else if (entry && !exit) inclusiveEntries.add(flow.id);
  }

  /** What a flow into or out of a node connects to: a place (an arc needs a silent step) or a transition. */
  type End = { kind: "place" | "transition"; id: string };
  const entering = new Map<string, End>();
  const exiting = new Map<string, End>();
  const isJoinOrSplit = (node: BpmnNode): boolean =>
    node.kind === "parallelGateway" || node.kind === "inclusiveGateway";
  for (const node of model.nodes) {
    const entry = `ent_${node.id}`;
    const exit = `exi_${node.id}`;
    places.push({ id: entry }, { id: exit });
    transitions.push({ id: node.id, label: node.kind === "task" && node.name !== "" ? node.name : null });
    arc(entry, node.id);
    arc(node.id, exit);
    let enterAt: End = { kind: "place", id: entry };
    let exitAt: End = { kind: "place", id: exit };
    if (isJoinOrSplit(node)) {
      if ((outCount.get(node.id) ?? 0) > 1) {
        const split = silent(`${node.id}_split`);
        arc(exit, split);
        exitAt = { kind: "transition", id: split };
      }
      if ((inCount.get(node.id) ?? 0) > 1) {
        const join = silent(`${node.id}_join`);
        arc(join, entry);
        enterAt = { kind: "transition", id: join };
      }
    }
    if (node.kind === "startEvent") {
      const begin = silent(`${node.id}_begin`);
      arc("source", begin);
      arc(begin, entry);
    } else if (node.kind === "endEvent") {
      const finish = silent(`${node.id}_finish`);
      arc(exit, finish);
      arc(finish, "sink");
    }
    entering.set(node.id, enterAt);
    exiting.set(node.id, exitAt);
  }

  for (const flow of model.flows) {
    const from = exiting.get(flow.source);
    const to = entering.get(flow.target);
    if (!from || !to) continue;
    let source = from.id;
    if (from.kind === "place") {
      source = silent(`sfl_${flow.id}`);
      arc(from.id, source);
    }
    let target = to.id;
    if (to.kind === "place") {
      target = silent(`tfl_${flow.id}`);
      arc(target, to.id);
    }
    arc(source, flow.id);
    arc(flow.id, target);
  }

  if (inclusiveExits.size > 0 && inclusiveEntries.size > 0)
    addInclusiveSkips(arcs, transitions, inclusiveExits, inclusiveEntries);

  const net: PetriNet = {
    name: model.name || model.id,
    places,
    transitions,
    arcs,
    initialMarking: { source: 1 },
    finalMarking: { sink: 1 },
  };
  return removeUnusedPlaces(mergeSilentSteps(net));
}

/** From each inclusive-split branch, a silent transition to the nearest inclusive-join entry. */
function addInclusiveSkips(
  arcs: Arc[],
  transitions: Transition[],
  exits: Set<string>,
  entries: Set<string>,
): void {
  // Place-to-place steps through any transition.
  const inputsOf = new Map<string, string[]>();
  const outputsOf = new Map<string, string[]>();
  for (const { source, target } of arcs) {
    if (!inputsOf.has(target)) inputsOf.set(target, []);
    inputsOf.get(target)?.push(source);
    if (!outputsOf.has(source)) outputsOf.set(source, []);
    outputsOf.get(source)?.push(target);
  }
  const transitionIds = new Set(transitions.map((t) => t.id));
  const skips: Arc[] = [];
  for (const start of exits) {
    const seen = new Set([start]);
    let frontier = [start];
    let found: string | undefined;
    while (frontier.length > 0 && found === undefined) {
      const next: string[] = [];
      for (const place of frontier)
        for (const transition of outputsOf.get(place) ?? []) {
          if (!transitionIds.has(transition)) continue;
          for (const reached of outputsOf.get(transition) ?? []) {
            if (seen.has(reached)) continue;
            seen.add(reached);
            if (found === undefined && entries.has(reached)) found = reached;
            next.push(reached);
          }
        }
      frontier = next;
    }
    if (found === undefined) continue;
    const skip = `skip_${start}`;
    transitions.push({ id: skip, label: null });
    skips.push({ source: start, target: skip }, { source: skip, target: found });
  }
  arcs.push(...skips);
}

/**
 * Merges silent transitions that only pass a token on: a silent transition whose one input place has
 * one producer and no other consumer is folded into that producer, and a silent transition whose one
 * output place has one consumer and no other producer is folded into that consumer.
 */
function mergeSilentSteps(net: PetriNet): PetriNet {
  const placeIds = new Set(net.places.map((place) => place.id));
  const alive = new Set(net.transitions.map((t) => t.id));
  const isSilent = new Map(net.transitions.map((t) => [t.id, t.label === null]));
  const removedPlaces = new Set<string>();
  let arcs = net.arcs.map((a) => ({ ...a }));
  const index = (): { ins: Map<string, Arc[]>; outs: Map<string, Arc[]> } => {
    const ins = new Map<string, Arc[]>();
    const outs = new Map<string, Arc[]>();
    for (const a of arcs) {
      if (!outs.has(a.source)) outs.set(a.source, []);
      outs.get(a.source)?.push(a);
      if (!ins.has(a.target)) ins.set(a.target, []);
      ins.get(a.target)?.push(a);
    }
    return { ins, outs };
  };
  for (const entrySide of [true, false]) {
    let changed = true;
    while (changed) {
      changed = false;
      const { ins, outs } = index();
      for (const transition of net.transitions) {
        const id = transition.id;
        if (!alive.has(id) || !isSilent.get(id)) continue;
        const own = (entrySide ? ins.get(id) : outs.get(id)) ?? [];
        if (own.length !== 1) continue;
        const place = entrySide ? (own[0] as Arc).source : (own[0] as Arc).target;
        if (!placeIds.has(place)) continue;
        const placeIns = ins.get(place) ?? [];
        const placeOuts = outs.get(place) ?? [];
        if (placeIns.length !== 1 || placeOuts.length !== 1) continue;
        const neighbour = entrySide ? (placeIns[0] as Arc).source : (placeOuts[0] as Arc).target;
        if (neighbour === id) continue;
        const moved = entrySide
          ? (outs.get(id) ?? []).map((a): Arc => ({ source: neighbour, target: a.target }))
          : (ins.get(id) ?? []).map((a): Arc => ({ source: a.source, target: neighbour }));
        arcs = arcs.filter(
          (a) => a.source !== id && a.target !== id && a.source !== place && a.target !== place,
        );
        arcs.push(...moved);
        alive.delete(id);
        removedPlaces.add(place);
        changed = true;
        break;
      }
    }
  }
  return {
    ...net,
    places: net.places.filter((place) => !removedPlaces.has(place.id)),
    transitions: net.transitions.filter((t) => alive.has(t.id)),
    arcs,
  };
}

function removeUnusedPlaces(net: PetriNet): PetriNet {
  const used = new Set<string>();
  for (const a of net.arcs) {
    used.add(a.source);
    used.add(a.target);
  }
  const keep = (id: string): boolean =>
    used.has(id) || (net.initialMarking[id] ?? 0) > 0 || (net.finalMarking[id] ?? 0) > 0;
  return { ...net, places: net.places.filter((place) => keep(place.id)) };
}
