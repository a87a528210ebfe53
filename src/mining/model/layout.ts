/**
 * Left-to-right layout of a process diagram with elkjs (layered algorithm, orthogonal edges), for the
 * diagram interchange part of BPMN files.
 */

import elkBundle from "elkjs/lib/elk.bundled.js";
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api.js";

export interface LayoutBox {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
}

export interface Point {
  x: number;
  y: number;
}

export interface DiagramLayout {
  /** Top-left corner and size of each box. */
  boxes: Map<string, { x: number; y: number; width: number; height: number }>;
  /** Waypoints of each edge, from its source to its target. */
  edges: Map<string, Point[]>;
}

const MARGIN = 20;

/** Lays the boxes out in layers from left to right; edges get orthogonal waypoints. */
export async function layoutDiagram(boxes: LayoutBox[], edges: LayoutEdge[]): Promise<DiagramLayout> {
  // The bundle is CommonJS: Node's default import is `module.exports`, which carries the class as `default`.
  const elk = new elkBundle.default();
  const graph: ElkNode = {
    id: "diagram",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.layered.spacing.nodeNodeBetweenLayers": "50",
      "elk.spacing.nodeNode": "30",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.randomSeed": "1",
    },
    children: boxes.map((box) => ({ id: box.id, width: box.width, height: box.height })),
    edges: edges.map(
      (edge): ElkExtendedEdge => ({ id: edge.id, sources: [edge.source], targets: [edge.target] }),
    ),
  };
  const laidOut = await elk.layout(graph);
  const result: DiagramLayout = { boxes: new Map(), edges: new Map() };
  for (const child of laidOut.children ?? [])
    result.boxes.set(child.id, {
      x: round((child.x ?? 0) + MARGIN),
      y: round((child.y ?? 0) + MARGIN),
      width: child.width ?? 0,
      height: child.height ?? 0,
    });
  for (const edge of laidOut.edges ?? []) {
    const points: Point[] = [];
    for (const section of edge.sections ?? []) {
      points.push(section.startPoint, ...(section.bendPoints ?? []), section.endPoint);
    }
    result.edges.set(
      edge.id,
      points.map((point) => ({ x: round(point.x + MARGIN), y: round(point.y + MARGIN) })),
    );
  }
  // Edges elk could not route (none expected) go straight from centre to centre.
  for (const edge of edges) {
    if ((result.edges.get(edge.id) ?? []).length >= 2) continue;
    const from = result.boxes.get(edge.source);
    const to = result.boxes.get(edge.target);
    if (from && to)
      result.edges.set(edge.id, [
        { x: round(from.x + from.width / 2), y: round(from.y + from.height / 2) },
        { x: round(to.x + to.width / 2), y: round(to.y + to.height / 2) },
      ]);
  }
  return result;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
