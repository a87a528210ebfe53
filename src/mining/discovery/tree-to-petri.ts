/**
 * Process tree → accepting Petri net, built the way PM4Py builds it (its default process-tree
 * conversion) so that replay on the net counts the same silent moves: a silent start and end transition
 * where the tree needs them, a silent split and join around each parallel, loop entry, redo and exit
 * transitions, then the same reduction of silent transitions that only pass a token on.
 */
import type { PetriNet, ProcessTree } from "../model/types.js";

interface NetArc {
  source: NetNode;
  target: NetNode;
}

interface NetNode {
  kind: "place" | "transition";
  /** Silent transitions: what the transition does (tau, skip, tauSplit, tauJoin, init_loop, loop…). */
  role: string;
  label: string | null;
  inArcs: Set<NetArc>;
  outArcs: Set<NetArc>;
}

class NetBuilder {
  readonly places = new Set<NetNode>();
  readonly transitions = new Set<NetNode>();
  readonly arcs = new Set<NetArc>();

  place(role = "place"): NetNode {
    const node: NetNode = { kind: "place", role, label: null, inArcs: new Set(), outArcs: new Set() };
    this.places.add(node);
    return node;
  }

  transition(label: string | null, role: string): NetNode {
    const node: NetNode = { kind: "transition", role, label, inArcs: new Set(), outArcs: new Set() };
    this.transitions.add(node);
    return node;
  }

  arc(source: NetNode, target: NetNode): void {
    const arc = { source, target };
    this.arcs.add(arc);
    source.outArcs.add(arc);
    target.inArcs.add(arc);
  }

  remove(node: NetNode): void {
    for (const arc of node.inArcs) {
      arc.source.outArcs.delete(arc);
      this.arcs.delete(arc);
    }
    for (const arc of node.outArcs) {
      arc.target.inArcs.delete(arc);
      this.arcs.delete(arc);
    }
    node.inArcs.clear();
    node.outArcs.clear();
    if (node.kind === "place") this.places.delete(node);
    else this.transitions.delete(node);
  }
}

function childrenOf(tree: ProcessTree): ProcessTree[] {
  return tree.kind === "activity" || tree.kind === "tau" ? [] : tree.children;
}

function isOperator(tree: ProcessTree | undefined): boolean {
  return tree !== undefined && tree.kind !== "activity" && tree.kind !== "tau";
}

/** Whether the leftmost (or rightmost) path from the root passes a loop, the root included. */
function loopOnEdge(tree: ProcessTree, side: "first" | "last"): boolean {
  if (tree.kind === "loop") return true;
  const children = childrenOf(tree);
  const child = side === "first" ? children[0] : children[children.length - 1];
  return child ? loopOnEdge(child, side) : false;
}

/** Whether a loop ends the tree on the right below the root. */
function terminalLoop(tree: ProcessTree): boolean {
  const children = childrenOf(tree);
  const last = children[children.length - 1];
  if (!last || !isOperator(last)) return false;
  return last.kind === "loop" || terminalLoop(last);
}

/** PM4Py's test for the first child (it goes on to the right end of that child; kept for equal nets). */
function initialLoop(tree: ProcessTree): boolean {
  const first = childrenOf(tree)[0];
  if (!first || !isOperator(first)) return false;
  return first.kind === "loop" || terminalLoop(first);
}

function needsSilentStart(tree: ProcessTree): boolean {
  return initialLoop(tree) || loopOnEdge(tree, "first") || tree.kind === "xor" || tree.kind === "parallel";
}

function needsSilentEnd(tree: ProcessTree): boolean {
  return terminalLoop(tree) || loopOnEdge(tree, "last") || tree.kind === "xor" || tree.kind === "parallel";
}

/**
 * Adds the net of `tree` between `from` (a place, or a transition to connect through a new place) and
 * `to` (a place; a transition to connect from a new place; or null for a new place); returns the end place.
 */
function addTree(net: NetBuilder, tree: ProcessTree, from: NetNode, to: NetNode | null): NetNode {
  let start = from;
  if (from.kind === "transition") {
    start = net.place();
    net.arc(from, start);
  }
  let end: NetNode;
  if (to?.kind === "place") end = to;
  else {
    end = net.place();
    if (to) net.arc(end, to);
  }
  switch (tree.kind) {
    case "activity":
    case "tau": {
      const transition =
        tree.kind === "tau" ? net.transition(null, "skip") : net.transition(tree.label, "activity");
      net.arc(start, transition);
      net.arc(transition, end);
      break;
    }
    case "xor":
      for (const child of tree.children) addTree(net, child, start, end);
      break;
    case "parallel": {
      const split = net.transition(null, "tauSplit");
      net.arc(start, split);
      const join = net.transition(null, "tauJoin");
      net.arc(join, end);
      for (const child of tree.children) addTree(net, child, split, join);
      break;
    }
    case "or": {
      const split = net.transition(null, "tauSplit");
      net.arc(start, split);
      const join = net.transition(null, "tauJoin");
      net.arc(join, end);
      const terminal = net.place();
      net.arc(terminal, join);
      const first = net.place();
      net.arc(split, first);
      for (const child of tree.children) {
        const ready = net.place();
        net.arc(split, ready);
        const childStart = net.place();
        const childEnd = net.place();
        const begin = net.transition(null, "inclusiveStart");
        const later = net.transition(null, "inclusiveLater");
        const skip = net.transition(null, "inclusiveSkip");
        net.arc(first, begin);
        net.arc(ready, begin);
        net.arc(begin, childStart);
        net.arc(begin, terminal);
        net.arc(terminal, later);
        net.arc(ready, later);
        net.arc(later, childStart);
        net.arc(later, terminal);
        net.arc(terminal, skip);
        net.arc(ready, skip);
        net.arc(skip, terminal);
        net.arc(skip, childEnd);
        net.arc(childEnd, join);
        addTree(net, child, childStart, childEnd);
      }
      break;
    }
    case "sequence": {
      let at = start;
      tree.children.forEach((child, i) => {
        at = addTree(net, child, at, i === tree.children.length - 1 ? end : null);
      });
      break;
    }
    case "loop": {
      const entry = net.place();
      const enter = net.transition(null, "init_loop");
      net.arc(start, enter);
      net.arc(enter, entry);
      const redo = net.transition(null, "loop");
      const [body, ...redoParts] = tree.children;
      if (!body) break;
      if (redoParts.length === 0) {
        addTree(net, body, entry, end);
        net.arc(end, redo);
        net.arc(redo, entry);
      } else {
        const afterBody = addTree(net, body, entry, null);
        let afterRedo: NetNode | null = null;
        for (const part of redoParts) afterRedo = addTree(net, part, afterBody, afterRedo);
        addTree(net, { kind: "tau" }, afterBody, end);
        if (afterRedo) net.arc(afterRedo, redo);
        net.arc(redo, entry);
      }
      break;
    }
  }
  return end;
}

function only<T>(items: Set<T>): T | undefined {
  for (const item of items) return item;
  return undefined;
}

/**
 * Removes silent transitions that only pass a token on: one fed by a place that has a single producer
 * and no other consumer (the producer takes over its outputs), then one feeding a place that has a
 * single consumer and no other producer (the consumer takes over its inputs). Repeated until none is left.
 */
function reduceSilentTransitions(net: NetBuilder): void {
  const reduceEntries = (): boolean => {
    for (const t of net.transitions) {
      if (t.label !== null || t.inArcs.size !== 1) continue;
      const place = only(t.inArcs)?.source;
      if (place?.inArcs.size !== 1 || place.outArcs.size !== 1) continue;
      const producer = only(place.inArcs)?.source;
      if (!producer) continue;
      const targets = [...t.outArcs].map((arc) => arc.target);
      net.remove(t);
      net.remove(place);
      for (const target of targets) net.arc(producer, target);
      return true;
    }
    return false;
  };
  const reduceExits = (): boolean => {
    for (const t of net.transitions) {
      if (t.label !== null || t.outArcs.size !== 1) continue;
      const place = only(t.outArcs)?.target;
      if (place?.inArcs.size !== 1 || place.outArcs.size !== 1) continue;
      const consumer = only(place.outArcs)?.target;
      if (!consumer) continue;
      const sources = [...t.inArcs].map((arc) => arc.source);
      net.remove(t);
      net.remove(place);
      for (const source of sources) net.arc(source, consumer);
      return true;
    }
    return false;
  };
  while (reduceEntries());
  while (reduceExits());
}

/**
 * Converts a process tree to an accepting Petri net with one token in `source` at the start and one in
 * `sink` at the end. Places are `source`, `sink`, `p1`, `p2`…; a visible transition is `t_<activity>`
 * (`t_<activity>_2`… if the activity occurs more than once); silent ones are named by their role and a
 * number (`tau_1`, `tauSplit_2`, `skip_3`, `init_loop_4`, `loop_5`…).
 */
export function processTreeToPetriNet(tree: ProcessTree, name = "process tree"): PetriNet {
  const net = new NetBuilder();
  const source = net.place("source");
  const sink = net.place("sink");
  let start = source;
  if (needsSilentStart(tree)) {
    start = net.place();
    const t = net.transition(null, "tau");
    net.arc(source, t);
    net.arc(t, start);
  }
  let end = sink;
  if (needsSilentEnd(tree)) {
    end = net.place();
    const t = net.transition(null, "tau");
    net.arc(end, t);
    net.arc(t, sink);
  }
  addTree(net, tree, start, end);
  reduceSilentTransitions(net);
  for (const place of [...net.places]) {
    if (place.outArcs.size === 0 && place !== sink) net.remove(place);
    else if (place.inArcs.size === 0 && place !== source) net.remove(place);
  }
  return toPetriNet(net, name, source, sink);
}

function toPetriNet(net: NetBuilder, name: string, source: NetNode, sink: NetNode): PetriNet {
  const ids = new Map<NetNode, string>();
  let placeNumber = 0;
  for (const place of net.places) {
    ids.set(place, place === source ? "source" : place === sink ? "sink" : `p${++placeNumber}`);
  }
  const labelUses = new Map<string, number>();
  let silentNumber = 0;
  for (const t of net.transitions) {
    if (t.label === null) ids.set(t, `${t.role}_${++silentNumber}`);
    else {
      const uses = (labelUses.get(t.label) ?? 0) + 1;
      labelUses.set(t.label, uses);
      ids.set(t, uses === 1 ? `t_${t.label}` : `t_${t.label}_${uses}`);
    }
  }
  const id = (node: NetNode) => ids.get(node) ?? "";
  return {
    name,
    places: [...net.places].map((place) => ({ id: id(place), name: id(place) })),
    transitions: [...net.transitions].map((t) => ({ id: id(t), label: t.label })),
    arcs: [...net.arcs].map((arc) => ({ source: id(arc.source), target: id(arc.target) })),
    initialMarking: { source: 1 },
    finalMarking: { sink: 1 },
  };
}
