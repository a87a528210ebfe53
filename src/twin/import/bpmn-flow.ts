/**
 * BPMN control flow → the twin's `flow`: sequences, exclusive split/join → `choice`, parallel
 * split/join → `parallel`, and an exclusive join that an exclusive split later jumps back to → `loop`.
 * Blocks are found by matching every split with the one join its branches close at (single entry,
 * single exit); a model that is not block-structured is refused, naming the gateway where it fails.
 */
import { AppError } from "../../core/index.js";
import type { BpmnModel, BpmnNodeKind } from "../../mining/model/index.js";
import type { FlowStep } from "../model/index.js";

/** Branch probabilities: gateway id or name → outgoing flow id or target name → probability. */
export type BranchProbabilities = Record<string, Record<string, number>>;
/** Loop settings: gateway id or name (of the loop's join or split) → repeat probability. */
export type LoopSettings = Record<string, number | { repeatProbability: number; max?: number | undefined }>;

export interface BpmnFlowOptions {
  probabilities?: BranchProbabilities | undefined;
  loops?: LoopSettings | undefined;
  /** File name for messages. */
  file?: string | undefined;
}

type Kind = BpmnNodeKind;

interface Node {
  id: string;
  kind: Kind;
  name: string;
  /** The BPMN element this node stands for (implicit gateways: the task they sit beside). */
  origin: { id: string; name: string; kind: Kind };
  ins: Edge[];
  outs: Edge[];
}

interface Edge {
  id: string;
  source: Node;
  target: Node;
  /** Closes a cycle (found by depth-first search from the start event). */
  back: boolean;
}

type Stop = "end" | { node: Node; via: Edge };

const RESTRUCTURE =
  "restructure the model so that every split gateway has one join gateway of the same type where all its branches meet (single entry, single exit), and every loop goes back from one exclusive split to one exclusive join";

const isGateway = (kind: Kind): boolean => kind.endsWith("Gateway");

function describeGateway(node: Node): string {
  const o = node.origin;
  const kind =
    o.kind === "exclusiveGateway"
      ? "exclusive gateway"
      : o.kind === "parallelGateway"
        ? "parallel gateway"
        : o.kind === "inclusiveGateway"
          ? "inclusive gateway"
          : `implicit ${node.kind === "parallelGateway" ? "parallel split after" : "exclusive join before"} ${o.kind === "task" ? "task" : o.kind}`;
  return o.name ? `${kind} "${o.name}" (id ${o.id})` : `${kind} ${o.id}`;
}

/**
 * Converts a block-structured BPMN process into the twin's flow. Choice probabilities come from
 * `probabilities` (missing ones share what is left equally); loop repeat probabilities from `loops`,
 * else from the loop split's probability of the flow that goes back.
 */
export function bpmnToFlow(bpmn: BpmnModel, options: BpmnFlowOptions = {}): FlowStep[] {
  return new FlowBuilder(bpmn, options).build();
}

class FlowBuilder {
  private readonly nodes = new Map<string, Node>();
  private readonly file: string;
  private readonly probabilities: BranchProbabilities;
  private readonly loops: LoopSettings;
  private readonly usedKeys = new Set<string>();
  private start!: Node;
  private synthetic = 0;

  constructor(
    private readonly bpmn: BpmnModel,
    options: BpmnFlowOptions,
  ) {
    this.file = options.file ?? "model.bpmn";
    this.probabilities = options.probabilities ?? {};
    this.loops = options.loops ?? {};
  }

  build(): FlowStep[] {
    this.buildGraph();
    this.normalise();
    this.markBackEdges();
    this.separateLoopEntries();
    const first = this.start.outs[0];
    if (!first)
      throw this.fail(
        `the start event ${this.start.id} has no outgoing flow`,
        "connect it to the first step",
      );
    const { steps, stop } = this.walk(first, undefined);
    if (stop !== "end") {
      throw this.fail(
        `${describeGateway(stop.node)} joins flows that no single gateway split, so the model is not block-structured`,
        RESTRUCTURE,
        stop.node,
      );
    }
    this.checkUnusedKeys();
    return steps;
  }

  // ---------------------------------------------------------------- graph

  private fail(message: string, fix: string, node?: Node): AppError {
    const gateway = node ? { id: node.origin.id, name: node.origin.name } : undefined;
    return new AppError("MODEL_INVALID", `${this.file}: ${message}; ${fix}`, {
      file: this.file,
      ...(gateway ? { gateway } : {}),
      problems: [{ file: this.file, message, fix }],
    });
  }

  private addNode(id: string, kind: Kind, name: string, origin: Node["origin"]): Node {
    const node: Node = { id, kind, name, origin, ins: [], outs: [] };
    this.nodes.set(id, node);
    return node;
  }

  private connect(source: Node, target: Node, id?: string): Edge {
    const edge: Edge = { id: id ?? `__flow${++this.synthetic}`, source, target, back: false };
    source.outs.push(edge);
    target.ins.push(edge);
    return edge;
  }

  private buildGraph(): void {
    for (const n of this.bpmn.nodes)
      this.addNode(n.id, n.kind, n.name, { id: n.id, name: n.name, kind: n.kind });
    for (const f of this.bpmn.flows) {
      const source = this.nodes.get(f.source);
      const target = this.nodes.get(f.target);
      if (source && target) this.connect(source, target, f.id);
    }
    const starts = [...this.nodes.values()].filter((n) => n.kind === "startEvent");
    if (starts.length !== 1 || !starts[0])
      throw this.fail(
        `the process has ${starts.length} start events`,
        "keep exactly one start event; the twin starts every case at the same place",
      );
    this.start = starts[0];
  }

  /** Gives tasks and events at most one flow in and out, and gateways one role (split or join). */
  private normalise(): void {
    for (const node of [...this.nodes.values()]) {
      if (isGateway(node.kind)) {
        if (node.ins.length > 1 && node.outs.length > 1) {
          // A mixed gateway: a join followed by a split of the same type.
          const split = this.addNode(`${node.id}__split`, node.kind, node.name, node.origin);
          for (const edge of node.outs) {
            edge.source = split;
            split.outs.push(edge);
          }
          node.outs = [];
          this.connect(node, split);
        }
        continue;
      }
      if (node.outs.length > 1) {
        const split = this.addNode(`${node.id}__split`, "parallelGateway", "", node.origin);
        for (const edge of node.outs) {
          edge.source = split;
          split.outs.push(edge);
        }
        node.outs = [];
        this.connect(node, split);
      }
      if (node.ins.length > 1) {
        const join = this.addNode(`${node.id}__join`, "exclusiveGateway", "", node.origin);
        for (const edge of node.ins) {
          edge.target = join;
          join.ins.push(edge);
        }
        node.ins = [];
        this.connect(join, node);
      }
    }
  }

  private markBackEdges(): void {
    const state = new Map<Node, "open" | "done">();
    const stack: { node: Node; next: number }[] = [{ node: this.start, next: 0 }];
    state.set(this.start, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { node: Node; next: number };
      const edge = top.node.outs[top.next++];
      if (!edge) {
        state.set(top.node, "done");
        stack.pop();
        continue;
      }
      const seen = state.get(edge.target);
      if (seen === "open") edge.back = true;
      else if (seen === undefined) {
        state.set(edge.target, "open");
        stack.push({ node: edge.target, next: 0 });
      }
    }
  }

  /** A loop's join gets exactly one way in from before the loop (others merge first). */
  private separateLoopEntries(): void {
    for (const node of [...this.nodes.values()]) {
      const backs = node.ins.filter((e) => e.back);
      if (backs.length === 0) continue;
      if (node.kind !== "exclusiveGateway")
        throw this.fail(
          `${describeGateway(node)} is where a cycle of the model closes, but loops can only start at an exclusive join`,
          RESTRUCTURE,
          node,
        );
      const forward = node.ins.filter((e) => !e.back);
      if (forward.length > 1) {
        const merge = this.addNode(`${node.id}__entry`, "exclusiveGateway", node.name, node.origin);
        for (const edge of forward) {
          edge.target = merge;
          merge.ins.push(edge);
        }
        node.ins = [...backs];
        this.connect(merge, node);
      }
    }
  }

  // ---------------------------------------------------------------- walking

  /** Follows the flow from `edge` until the process ends or a join (or the loop's split) is reached. */
  private walk(edge: Edge, loopHead: Node | undefined): { steps: FlowStep[]; stop: Stop } {
    const steps: FlowStep[] = [];
    let current: Edge = edge;
    for (let guard = 0; guard <= this.nodes.size * 4 + 10; guard++) {
      const node = current.target;
      if (current.back) return { steps, stop: { node, via: current } };
      if (isGateway(node.kind)) {
        if (node.ins.length > 1) {
          if (node.ins.some((e) => e.back)) {
            const loop = this.parseLoop(node);
            steps.push(...loop.steps);
            current = loop.exit;
            continue;
          }
          return { steps, stop: { node, via: current } };
        }
        if (node.outs.length > 1) {
          if (loopHead && this.isLoopSplit(node, loopHead)) return { steps, stop: { node, via: current } };
          const block = this.parseBlock(node, loopHead);
          steps.push(...block.steps);
          if (block.exit === "end") return { steps, stop: "end" };
          current = block.exit;
          continue;
        }
      } else if (node.kind === "task") {
        steps.push(node.name || node.id);
      }
      const next = node.outs[0];
      if (!next || node.kind === "endEvent") return { steps, stop: "end" };
      current = next;
    }
    throw this.fail("the flow runs in a circle without a gateway", RESTRUCTURE);
  }

  /** A split and its branches up to the join where they all meet. */
  private parseBlock(split: Node, loopHead: Node | undefined): { steps: FlowStep[]; exit: Edge | "end" } {
    if (split.kind === "inclusiveGateway")
      throw this.fail(
        `${describeGateway(split)} is an inclusive (OR) split, which the twin cannot express`,
        "replace it by an exclusive choice between the combinations, or by a parallel split",
        split,
      );
    const branches = split.outs.map((edge) => ({ edge, ...this.walk(edge, loopHead) }));
    const joins = [...new Set(branches.flatMap((b) => (b.stop === "end" ? [] : [b.stop.node])))];
    if (joins.length > 1)
      throw this.fail(
        `the branches of ${describeGateway(split)} close at different gateways (${joins.map(describeGateway).join(", ")}), so the model is not block-structured`,
        RESTRUCTURE,
        split,
      );
    const join = joins[0];
    const open = branches.filter((b) => b.stop !== "end");
    const closed = branches.filter((b) => b.stop === "end");
    if (join) {
      const via = open.map((b) => (b.stop === "end" ? undefined : b.stop.via));
      if (via.some((e) => e?.back) || join.outs.length > 1 || join.ins.length < 2)
        throw this.fail(
          `a branch of ${describeGateway(split)} leaves the block (it reaches ${describeGateway(join)} ${via.some((e) => e?.back) ? "by jumping back" : "without a join"}), so the model is not block-structured`,
          RESTRUCTURE,
          split,
        );
      if (join.ins.length !== open.length)
        throw this.fail(
          `${describeGateway(join)} joins ${join.ins.length} flows, but ${open.length} come from ${describeGateway(split)}, so the model is not block-structured`,
          RESTRUCTURE,
          join,
        );
      if (join.kind !== split.kind)
        throw this.fail(
          `${describeGateway(split)} is closed by ${describeGateway(join)} of another type`,
          "close an exclusive split with an exclusive join and a parallel split with a parallel join",
          split,
        );
    }
    const name = split.origin.name || split.origin.id;
    const p = split.kind === "exclusiveGateway" ? this.branchProbabilities(split) : [];
    const branchName = (edge: Edge) => (edge.target.kind === "task" && edge.target.name) || edge.id;
    const make = (list: typeof branches, probs: number[]): FlowStep =>
      split.kind === "exclusiveGateway"
        ? {
            name,
            choice: list.map((b, i) => ({ name: branchName(b.edge), p: probs[i] ?? 0, flow: b.steps })),
          }
        : { name, parallel: list.map((b) => b.steps) };
    const probOf = (b: (typeof branches)[number]) => p[split.outs.indexOf(b.edge)] ?? 0;
    const afterJoin = join?.outs[0];
    if (closed.length === 0)
      return { steps: [make(branches, branches.map(probOf))], exit: afterJoin ?? "end" };
    if (!join) return { steps: [make(branches, branches.map(probOf))], exit: "end" };
    // Some branches end the process, the others meet at the join and go on: the rest of the process
    // belongs to those branches.
    const rest = afterJoin ? this.walk(afterJoin, loopHead) : { steps: [], stop: "end" as const };
    if (rest.stop !== "end")
      throw this.fail(
        `some branches of ${describeGateway(split)} end the process while the others continue after ${describeGateway(join)} inside an enclosing block, so the model is not block-structured`,
        RESTRUCTURE,
        split,
      );
    const openP = open.reduce((s, b) => s + probOf(b), 0);
    let merged: { steps: FlowStep[]; p: number; name: string };
    if (open.length === 1) {
      const only = open[0] as (typeof branches)[number];
      merged = { steps: [...only.steps, ...rest.steps], p: openP, name: branchName(only.edge) };
    } else {
      const inner =
        split.kind === "exclusiveGateway"
          ? {
              name: `${name} (continuing)`,
              choice: open.map((b) => ({
                name: branchName(b.edge),
                p: openP > 0 ? probOf(b) / openP : 1 / open.length,
                flow: b.steps,
              })),
            }
          : { name: `${name} (continuing)`, parallel: open.map((b) => b.steps) };
      merged = { steps: [inner, ...rest.steps], p: openP, name: `${name} (continuing)` };
    }
    const step: FlowStep =
      split.kind === "exclusiveGateway"
        ? {
            name,
            choice: [
              ...closed.map((b) => ({ name: branchName(b.edge), p: probOf(b), flow: b.steps })),
              { name: merged.name, p: merged.p, flow: merged.steps },
            ],
          }
        : { name, parallel: [...closed.map((b) => b.steps), merged.steps] };
    return { steps: [step], exit: "end" };
  }

  /** The exclusive split that decides whether to go back to `head`: some of its flows return, some leave. */
  private isLoopSplit(node: Node, head: Node): boolean {
    if (node.kind !== "exclusiveGateway") return false;
    const r = node.outs.map((e) => this.returns(e, node, head));
    return r.some(Boolean) && !r.every(Boolean);
  }

  /** Whether `edge` leads back into `head` through one of its back edges without passing `split`. */
  private returns(edge: Edge, split: Node, head: Node): boolean {
    if (edge.back && edge.target === head) return true;
    if (edge.target === head || edge.target === split) return false;
    const seen = new Set<Node>([edge.target]);
    const queue = [edge.target];
    while (queue.length > 0) {
      const node = queue.pop() as Node;
      for (const out of node.outs) {
        if (out.target === head) {
          if (out.back) return true;
          continue;
        }
        if (out.target === split || seen.has(out.target)) continue;
        seen.add(out.target);
        queue.push(out.target);
      }
    }
    return false;
  }

  /** head → body → split → (back: redo → head | exit) becomes body, loop [redo, body]. */
  private parseLoop(head: Node): { steps: FlowStep[]; exit: Edge } {
    const entry = head.outs[0];
    if (!entry) throw this.fail(`${describeGateway(head)} has no outgoing flow`, RESTRUCTURE, head);
    const body = this.walk(entry, head);
    if (body.stop === "end" || body.stop.via.back || body.stop.node.outs.length < 2)
      throw this.fail(
        `${describeGateway(head)} starts a loop, but no single exclusive split after it decides whether to go back`,
        RESTRUCTURE,
        head,
      );
    const split = body.stop.node;
    const back = split.outs.filter((e) => this.returns(e, split, head));
    const exits = split.outs.filter((e) => !back.includes(e));
    const [again] = back;
    const [exit] = exits;
    if (back.length !== 1 || exits.length !== 1 || !again || !exit)
      throw this.fail(
        `${describeGateway(split)} decides a loop with ${back.length} flows back and ${exits.length} flows out; the twin needs one of each`,
        "put an exclusive choice after the loop (or inside its rework part) instead",
        split,
      );
    const redo = this.walk(again, head);
    if (redo.stop === "end" || redo.stop.node !== head)
      throw this.fail(
        `the flow back from ${describeGateway(split)} does not return to ${describeGateway(head)} as one block`,
        RESTRUCTURE,
        split,
      );
    const loopSteps = [...redo.steps, ...repeated(body.steps)];
    if (loopSteps.length === 0)
      throw this.fail(
        `the loop from ${describeGateway(split)} back to ${describeGateway(head)} has no task`,
        RESTRUCTURE,
        split,
      );
    const settings = this.loopSettings(head, split, again);
    const step: FlowStep = {
      name: split.origin.name || head.origin.name || split.origin.id,
      loop: loopSteps,
      repeatProbability: settings.repeatProbability,
      ...(settings.max !== undefined ? { max: settings.max } : {}),
    };
    return { steps: [...body.steps, step], exit };
  }

  // ---------------------------------------------------------------- parameters

  private keysOf(node: Node): string[] {
    return [node.origin.id, node.origin.name].filter((k) => k !== "");
  }

  private branchProbabilities(split: Node): number[] {
    const key = this.keysOf(split).find((k) => this.probabilities[k] !== undefined);
    const n = split.outs.length;
    if (key === undefined) return split.outs.map(() => 1 / n);
    this.usedKeys.add(`p:${key}`);
    const table = this.probabilities[key] ?? {};
    const given = split.outs.map((edge) => {
      const names = [edge.id, edge.target.origin.name, edge.target.origin.id].filter((k) => k !== "");
      const hit = names.find((k) => table[k] !== undefined);
      return hit === undefined ? undefined : { key: hit, p: table[hit] as number };
    });
    const known = new Set(given.flatMap((g) => (g ? [g.key] : [])));
    const unknown = Object.keys(table).filter((k) => !known.has(k));
    if (unknown.length > 0)
      throw this.fail(
        `the probabilities of ${describeGateway(split)} name ${unknown.map((k) => `"${k}"`).join(", ")}, which is not one of its outgoing flows`,
        `use the outgoing flow ids or target names: ${split.outs.map((e) => [e.id, e.target.origin.name].filter(Boolean).join(" / ")).join(", ")}`,
        split,
      );
    const sum = given.reduce((s, g) => s + (g?.p ?? 0), 0);
    const missing = given.filter((g) => g === undefined).length;
    if (missing === 0) {
      if (Math.abs(sum - 1) > 1e-3)
        throw this.fail(
          `the probabilities of ${describeGateway(split)} add up to ${Math.round(sum * 1e6) / 1e6}, not 1`,
          "make them add up to 1",
          split,
        );
      return given.map((g) => (g?.p ?? 0) / sum);
    }
    if (sum > 1 + 1e-9)
      throw this.fail(
        `the probabilities given for ${describeGateway(split)} add up to ${sum}, more than 1`,
        "make them add up to at most 1; the flows not named share what is left",
        split,
      );
    const share = Math.max(0, 1 - sum) / missing;
    return given.map((g) => g?.p ?? share);
  }

  private loopSettings(head: Node, split: Node, again: Edge): { repeatProbability: number; max?: number } {
    const key = [...this.keysOf(split), ...this.keysOf(head)].find((k) => this.loops[k] !== undefined);
    if (key !== undefined) {
      this.usedKeys.add(`l:${key}`);
      const setting = this.loops[key];
      if (typeof setting === "number") return { repeatProbability: setting };
      if (setting)
        return setting.max !== undefined
          ? { ...setting, max: setting.max }
          : { repeatProbability: setting.repeatProbability };
    }
    const p = this.branchProbabilities(split);
    return { repeatProbability: p[split.outs.indexOf(again)] ?? 0.5 };
  }

  private checkUnusedKeys(): void {
    const gateways = [...this.nodes.values()].filter((n) => isGateway(n.origin.kind));
    const names = new Set(gateways.flatMap((n) => this.keysOf(n)));
    const problems: string[] = [];
    for (const key of Object.keys(this.probabilities))
      if (!names.has(key)) problems.push(`probabilities: "${key}"`);
    for (const key of Object.keys(this.loops)) if (!names.has(key)) problems.push(`loops: "${key}"`);
    if (problems.length > 0)
      throw this.fail(
        `${problems.join(", ")} ${problems.length > 1 ? "are not gateways" : "is not a gateway"} of the model`,
        `name gateways by id or name: ${gateways
          .filter((n) => n.outs.length > 1 || n.ins.some((e) => e.back))
          .map((n) => describeGateway(n))
          .join(", ")}`,
      );
  }
}

/** The copy of a loop's body that runs on each repetition: named blocks get their own names. */
function repeated(steps: FlowStep[]): FlowStep[] {
  return steps.map((step): FlowStep => {
    if (typeof step === "string") return step;
    const name = step.name === undefined ? {} : { name: `${step.name} (again)` };
    if ("choice" in step)
      return { ...step, ...name, choice: step.choice.map((b) => ({ ...b, flow: repeated(b.flow) })) };
    if ("parallel" in step) return { ...step, ...name, parallel: step.parallel.map(repeated) };
    return { ...step, ...name, loop: repeated(step.loop) };
  });
}
