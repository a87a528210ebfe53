/**
 * Process models shared by discovery, model files (PNML, BPMN) and conformance checking.
 */

/** A multiset of traces: each distinct activity sequence once, with how many cases follow it. */
export interface TraceLog {
  /** Activity names; traces refer to them by index. */
  activities: string[];
  traces: { trace: number[]; count: number }[];
}

export type ProcessTreeOperator = "sequence" | "xor" | "parallel" | "loop" | "or";

/**
 * A process tree. A loop has a body (first child) and one or more redo parts; the body runs first and
 * last, a redo part runs between two bodies.
 */
export type ProcessTree =
  | { kind: "activity"; label: string }
  | { kind: "tau" }
  | { kind: ProcessTreeOperator; children: ProcessTree[] };

export interface Place {
  id: string;
  name?: string;
}

export interface Transition {
  id: string;
  /** The activity this transition records; null for a silent (invisible) transition. */
  label: string | null;
}

/** An arc from a place to a transition or from a transition to a place. */
export interface Arc {
  source: string;
  target: string;
  weight?: number;
}

/** Tokens per place id. */
export type Marking = Record<string, number>;

/** An accepting Petri net: a net with its initial and final markings. */
export interface PetriNet {
  name: string;
  places: Place[];
  transitions: Transition[];
  arcs: Arc[];
  initialMarking: Marking;
  finalMarking: Marking;
}
