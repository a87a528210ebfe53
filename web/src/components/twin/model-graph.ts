/**
 * The route of a twin model as a graph to draw: one box per activity step, arrows between steps with
 * the chance of taking them on choices and loops, round start and end nodes.
 */
import type { TwinActivity, TwinDistribution, TwinFlowStep, TwinModel } from "../../api";

export interface ModelNode {
  id: string;
  kind: "activity" | "start" | "end";
  activity?: string;
  pool?: string;
}

export interface ModelEdge {
  id: string;
  source: string;
  target: string;
  /** A probability, "rework up to 2×" and the like; none on a plain sequence. */
  text?: string;
  /** Runs backwards: a loop back to an earlier step. */
  back?: boolean;
}

export interface ModelGraph {
  nodes: ModelNode[];
  edges: ModelEdge[];
}

/** A way into the next step: the node it comes from and the words on its arrow. */
interface Exit {
  node: string;
  text?: string;
}

function percent(p: number): string {
  const value = p * 100;
  return `${value < 10 ? value.toFixed(1) : value.toFixed(0)}%`;
}

export function modelGraph(model: TwinModel): ModelGraph {
  const activities = new Map<string, TwinActivity>(model.activities.map((a) => [a.name, a]));
  const nodes: ModelNode[] = [{ id: "start", kind: "start" }];
  const edges: ModelEdge[] = [];
  let counter = 0;

  const connect = (from: Exit[], to: string, extra?: string) => {
    for (const exit of from) {
      const text = [exit.text, extra].filter(Boolean).join(" · ") || undefined;
      edges.push({ id: `e${edges.length}`, source: exit.node, target: to, ...(text ? { text } : {}) });
    }
  };

  const activityNode = (name: string): string => {
    const id = `a${counter++}`;
    const pool = activities.get(name)?.resource;
    nodes.push({ id, kind: "activity", activity: name, ...(pool ? { pool } : {}) });
    return id;
  };

  /** Lays out steps after `entries`; returns the exits of the last step. */
  const sequence = (steps: TwinFlowStep[], entries: Exit[]): Exit[] => {
    let exits = entries;
    for (const step of steps) exits = single(step, exits);
    return exits;
  };

  const single = (step: TwinFlowStep, entries: Exit[]): Exit[] => {
    if (typeof step === "string") {
      const id = activityNode(step);
      connect(entries, id);
      return [{ node: id }];
    }
    if ("choice" in step) {
      const exits: Exit[] = [];
      for (const branch of step.choice) {
        const label = `${branch.name ? `${branch.name} ` : ""}${percent(branch.p)}`;
        if (branch.flow.length === 0) {
          exits.push(...entries.map((e) => ({ node: e.node, text: label })));
          continue;
        }
        exits.push(
          ...sequence(
            branch.flow,
            entries.map((e) => ({ ...e, text: [e.text, label].filter(Boolean).join(" · ") })),
          ),
        );
      }
      return exits;
    }
    if ("parallel" in step) {
      const exits: Exit[] = [];
      for (const branch of step.parallel) {
        exits.push(
          ...(branch.length === 0
            ? entries
            : sequence(
                branch,
                entries.map((e) => ({ ...e, text: e.text ?? "in parallel" })),
              )),
        );
      }
      return exits;
    }
    // A loop: taken with its chance, at most `max` times; otherwise the case goes on.
    const chance = percent(step.repeatProbability);
    const times = step.max ?? 10;
    const label = `${step.name ? `${step.name} ` : ""}${chance}${times > 1 ? `, up to ${times}×` : ""}`;
    const skip = entries.map((e) => ({ node: e.node, text: percent(1 - step.repeatProbability) }));
    const last = step.loop.at(-1);
    const only = entries.length === 1 ? entries[0] : undefined;
    const onlyActivity = only ? nodes.find((n) => n.id === only.node)?.activity : undefined;
    if (only && typeof last === "string" && onlyActivity === last && step.loop.length > 1) {
      // Rework: the loop ends with the step it follows (Quality check → Re-bake → Quality check), so
      // its last step is drawn as the same box with an arrow back to it.
      const body = sequence(step.loop.slice(0, -1), [{ node: only.node, text: label }]);
      for (const exit of body) {
        edges.push({
          id: `e${edges.length}`,
          source: exit.node,
          target: only.node,
          back: true,
          ...(exit.text ? { text: exit.text } : {}),
        });
      }
      return [{ node: only.node }];
    }
    const body = sequence(
      step.loop,
      entries.map((e) => ({ node: e.node, text: label })),
    );
    return [...skip, ...body];
  };

  const exits = sequence(model.flow, [{ node: "start" }]);
  nodes.push({ id: "end", kind: "end" });
  connect(exits, "end");
  return { nodes, edges };
}

/** The mean of a distribution, where its parameters give it. */
export function distributionMean(d: TwinDistribution | undefined): number | null {
  if (!d) return 0;
  switch (d.dist) {
    case "fixed":
      return d.value ?? null;
    case "exponential":
    case "normal":
      return d.mean ?? null;
    case "lognormal":
      if (d.mean !== undefined) return d.mean;
      return d.mu !== undefined && d.sigma !== undefined ? Math.exp(d.mu + (d.sigma * d.sigma) / 2) : null;
    case "gamma":
      if (d.mean !== undefined) return d.mean;
      return d.shape !== undefined && d.scale !== undefined ? d.shape * d.scale : null;
    case "uniform":
      return d.min !== undefined && d.max !== undefined ? (d.min + d.max) / 2 : null;
    case "triangular":
      return d.min !== undefined && d.mode !== undefined && d.max !== undefined
        ? (d.min + d.mode + d.max) / 3
        : null;
    case "empirical": {
      const values = d.values ?? [];
      if (values.length === 0) return null;
      const weights = d.weights;
      if (weights && weights.length === values.length) {
        const total = weights.reduce((s, w) => s + w, 0);
        return total > 0 ? values.reduce((s, v, i) => s + v * (weights[i] ?? 0), 0) / total : null;
      }
      return values.reduce((s, v) => s + v, 0) / values.length;
    }
    default:
      return d.mean ?? null;
  }
}

/** The most units a pool has at any time: its fixed capacity plus its largest shift. */
export function peakCapacity(pool: { capacity?: number; shifts?: { capacity: number }[] }): number {
  const shifts = pool.shifts ?? [];
  return (pool.capacity ?? 0) + (shifts.length > 0 ? Math.max(...shifts.map((s) => s.capacity)) : 0);
}

/** A time in the model's unit as words: 7.9 min, 1.2 h. */
export function formatModelTime(value: number | null, unit: TwinModel["timeUnit"]): string {
  if (value === null || !Number.isFinite(value)) return "—";
  const seconds = value * (unit === "second" ? 1 : unit === "hour" ? 3600 : 60);
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? "−" : "";
  const short = (v: number) => (v < 10 ? (Math.round(v * 10) / 10).toString() : Math.round(v).toString());
  if (s < 59.5) return `${sign}${short(s)} s`;
  if (s < 3570) return `${sign}${short(s / 60)} min`;
  if (s < 47.5 * 3600) return `${sign}${short(s / 3600)} h`;
  return `${sign}${short(s / 86_400)} days`;
}
