import { AppError } from "../../core/errors.js";
import { caseCount, type EventLog } from "../log/event-log.js";

export interface Handover {
  by: "resource" | "role";
  nodes: { name: string; events: number; cases: number }[];
  edges: { from: string; to: string; count: number }[];
  /** People (or roles) whose absence splits the network into `components` separate parts. */
  articulationPoints: { name: string; components: number }[];
  /** Activities that only one person has ever done. */
  singlePerson: { activity: string; resource: string; events: number }[];
}

/**
 * Who hands work to whom: for each pair of directly following events in a case done by different
 * people (or roles), one handover from the first to the second.
 */
export function handoverNetwork(log: EventLog, by: "resource" | "role" = "resource"): Handover {
  const codes = by === "role" ? log.role : log.resource;
  const names = by === "role" ? log.roles : log.resources;
  if (!codes) {
    throw new AppError(
      "USAGE",
      `Event log "${log.name}" has no ${by} column; define one with \`opsloop log define … --${by} COLUMN\`.`,
      { field: by },
    );
  }
  const n = names.length;
  const events = new Float64Array(n);
  const cases = new Float64Array(n);
  const seen = new Int32Array(n).fill(-1);
  const pairs = new Map<number, number>();
  for (let c = 0; c < caseCount(log); c++) {
    const from = log.caseOffsets[c] as number;
    const to = log.caseOffsets[c + 1] as number;
    for (let e = from; e < to; e++) {
      const r = codes[e] as number;
      if (r < 0) continue;
      events[r] = (events[r] as number) + 1;
      if (seen[r] !== c) {
        seen[r] = c;
        cases[r] = (cases[r] as number) + 1;
      }
      if (e > from) {
        const p = codes[e - 1] as number;
        if (p >= 0 && p !== r) pairs.set(p * n + r, (pairs.get(p * n + r) ?? 0) + 1);
      }
    }
  }
  const nodes = names
    .map((name, r) => ({ name, events: events[r] as number, cases: cases[r] as number }))
    .filter((x) => x.events > 0)
    .sort((x, y) => y.events - x.events || (x.name < y.name ? -1 : 1));
  const edges = [...pairs.entries()]
    .map(([key, count]) => ({
      from: names[Math.floor(key / n)] as string,
      to: names[key % n] as string,
      count,
    }))
    .sort((x, y) => y.count - x.count || (x.from < y.from ? -1 : 1));
  const neighbours: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (const key of pairs.keys()) {
    const a = Math.floor(key / n);
    const b = key % n;
    (neighbours[a] as Set<number>).add(b);
    (neighbours[b] as Set<number>).add(a);
  }
  const articulationPoints = articulation(neighbours)
    .map(([r, components]) => ({ name: names[r] as string, components }))
    .sort((x, y) => y.components - x.components || (x.name < y.name ? -1 : 1));

  const doers = new Map<number, Map<number, number>>();
  for (let e = 0; e < log.activity.length; e++) {
    const r = log.resource ? (log.resource[e] as number) : -1;
    if (r < 0) continue;
    const a = log.activity[e] as number;
    let m = doers.get(a);
    if (!m) {
      m = new Map();
      doers.set(a, m);
    }
    m.set(r, (m.get(r) ?? 0) + 1);
  }
  const singlePerson: Handover["singlePerson"] = [];
  for (const [a, m] of doers) {
    if (m.size !== 1) continue;
    const [[r, count]] = [...m.entries()] as [[number, number]];
    singlePerson.push({
      activity: log.activities[a] as string,
      resource: log.resources[r] as string,
      events: count,
    });
  }
  singlePerson.sort((x, y) => y.events - x.events || (x.activity < y.activity ? -1 : 1));
  return { by, nodes, edges, articulationPoints, singlePerson };
}

/**
 * Articulation points of an undirected graph (Hopcroft–Tarjan, iterative), each with the number of
 * connected parts its component falls into without it.
 */
export function articulation(neighbours: readonly Set<number>[]): [number, number][] {
  const n = neighbours.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const parts = new Int32Array(n);
  let counter = 0;
  const adjacency = neighbours.map((s) => [...s]);
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1 || (adjacency[root] as number[]).length === 0) continue;
    const stack: [number, number, number][] = [[root, -1, 0]];
    order[root] = low[root] = counter++;
    let rootChildren = 0;
    while (stack.length) {
      const top = stack[stack.length - 1] as [number, number, number];
      const [v, parent] = top;
      const list = adjacency[v] as number[];
      if (top[2] < list.length) {
        const w = list[top[2]++] as number;
        if (w === parent) continue;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          if (v === root) rootChildren++;
          stack.push([w, v, 0]);
        } else {
          low[v] = Math.min(low[v] as number, order[w] as number);
        }
      } else {
        stack.pop();
        if (parent >= 0) {
          low[parent] = Math.min(low[parent] as number, low[v] as number);
          if (parent !== root && (low[v] as number) >= (order[parent] as number))
            parts[parent] = (parts[parent] as number) + 1;
        }
      }
    }
    if (rootChildren > 1) parts[root] = rootChildren - 1;
  }
  const out: [number, number][] = [];
  for (let v = 0; v < n; v++) if ((parts[v] as number) > 0) out.push([v, (parts[v] as number) + 1]);
  return out;
}
