/**
 * Lays out a directed graph with elkjs (layered algorithm) for drawing as SVG. The layout engine
 * is large, so it is loaded on first use and kept for the page's lifetime.
 */
import type { ELK, ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";

export type Direction = "DOWN" | "RIGHT";

export interface GraphNodeInput {
  id: string;
  width: number;
  height: number;
}

export interface GraphEdgeInput {
  id: string;
  source: string;
  target: string;
  /** Room to keep for the edge's label; no label when left out. */
  label?: { width: number; height: number };
}

export interface Point {
  x: number;
  y: number;
}

export interface LaidOutNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutEdge {
  id: string;
  points: Point[];
  /** The label's box, top-left corner and size. */
  label: { x: number; y: number; width: number; height: number } | null;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: Map<string, LaidOutNode>;
  edges: Map<string, LaidOutEdge>;
}

let engine: Promise<ELK> | null = null;

function loadEngine(): Promise<ELK> {
  engine ??= import("elkjs/lib/elk.bundled.js").then(({ default: ELK }) => new ELK());
  return engine;
}

export async function layoutGraph(
  nodes: GraphNodeInput[],
  edges: GraphEdgeInput[],
  options: { direction: Direction; spacing?: number },
): Promise<GraphLayout> {
  const elk = await loadEngine();
  const spacing = options.spacing ?? 36;
  const graph: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": options.direction,
      "elk.edgeRouting": "POLYLINE",
      "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
      "elk.layered.crossingMinimization.semiInteractive": "false",
      "elk.layered.spacing.nodeNodeBetweenLayers": String(spacing + 14),
      "elk.spacing.nodeNode": String(spacing),
      "elk.spacing.edgeNode": "18",
      "elk.spacing.edgeEdge": "14",
      "elk.spacing.edgeLabel": "4",
      "elk.layered.spacing.edgeNodeBetweenLayers": "18",
      "elk.edgeLabels.inline": "false",
      "elk.padding": "[top=16,left=16,bottom=16,right=16]",
    },
    children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: edges.map(
      (e): ElkExtendedEdge => ({
        id: e.id,
        sources: [e.source],
        targets: [e.target],
        ...(e.label
          ? {
              labels: [
                {
                  id: `${e.id}:label`,
                  text: " ",
                  width: e.label.width,
                  height: e.label.height,
                  layoutOptions: { "elk.edgeLabels.placement": "CENTER" },
                },
              ],
            }
          : {}),
      }),
    ),
  };
  const result = await elk.layout(graph);
  const laidNodes = new Map<string, LaidOutNode>();
  for (const child of result.children ?? []) {
    laidNodes.set(child.id, {
      id: child.id,
      x: child.x ?? 0,
      y: child.y ?? 0,
      width: child.width ?? 0,
      height: child.height ?? 0,
    });
  }
  const laidEdges = new Map<string, LaidOutEdge>();
  for (const edge of result.edges ?? []) {
    const points: Point[] = [];
    for (const section of edge.sections ?? []) {
      if (points.length === 0) points.push(section.startPoint);
      points.push(...(section.bendPoints ?? []), section.endPoint);
    }
    const label = edge.labels?.[0];
    laidEdges.set(edge.id, {
      id: edge.id,
      points,
      label:
        label && label.x !== undefined && label.y !== undefined
          ? { x: label.x, y: label.y, width: label.width ?? 0, height: label.height ?? 0 }
          : null,
    });
  }
  return { width: result.width ?? 0, height: result.height ?? 0, nodes: laidNodes, edges: laidEdges };
}

/**
 * An SVG path through an edge's points with rounded corners: straight runs joined by short
 * quadratic curves, so routed edges read as one smooth line.
 */
export function roundedPath(points: Point[], radius = 14): string {
  const [first, ...rest] = points;
  if (!first) return "";
  let d = `M${first.x.toFixed(1)},${first.y.toFixed(1)}`;
  for (let i = 0; i < rest.length; i++) {
    const corner = rest[i];
    const previous = i === 0 ? first : rest[i - 1];
    const next = rest[i + 1];
    if (!corner || !previous) continue;
    if (!next) {
      d += ` L${corner.x.toFixed(1)},${corner.y.toFixed(1)}`;
      continue;
    }
    const inLength = Math.hypot(corner.x - previous.x, corner.y - previous.y);
    const outLength = Math.hypot(next.x - corner.x, next.y - corner.y);
    const r = Math.min(radius, inLength / 2, outLength / 2);
    if (r < 0.5) {
      d += ` L${corner.x.toFixed(1)},${corner.y.toFixed(1)}`;
      continue;
    }
    const a = {
      x: corner.x - ((corner.x - previous.x) / inLength) * r,
      y: corner.y - ((corner.y - previous.y) / inLength) * r,
    };
    const b = {
      x: corner.x + ((next.x - corner.x) / outLength) * r,
      y: corner.y + ((next.y - corner.y) / outLength) * r,
    };
    d += ` L${a.x.toFixed(1)},${a.y.toFixed(1)} Q${corner.x.toFixed(1)},${corner.y.toFixed(1)} ${b.x.toFixed(1)},${b.y.toFixed(1)}`;
  }
  return d;
}

const measureCanvas = typeof document !== "undefined" ? document.createElement("canvas") : null;

/** The width of a text in pixels at a font size, measured with the page's font when possible. */
export function textWidth(text: string, fontSize: number, weight = 400): number {
  const context = measureCanvas?.getContext("2d");
  if (context) {
    context.font = `${weight} ${fontSize}px -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif`;
    return context.measureText(text).width;
  }
  return text.length * fontSize * 0.58;
}
