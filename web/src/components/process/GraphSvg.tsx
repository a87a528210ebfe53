import { type KeyboardEvent, useEffect, useMemo, useState } from "react";
import {
  type Direction,
  type GraphLayout,
  layoutGraph,
  type Point,
  roundedPath,
  textWidth,
} from "./layout-graph";

export interface GraphNode {
  id: string;
  /** A box with a title and a count, or the round start and end of a process. */
  kind: "box" | "start" | "end";
  title: string;
  subtitle?: string;
  /** Every subtitle the node can show, so the layout keeps room for the widest. */
  subtitles?: string[];
  fill?: string;
  textColor?: string;
  stroke?: string;
  /** Drawn faintly: not part of what is highlighted. */
  muted?: boolean;
  /** What a screen reader says for the node. */
  label: string;
  selectable?: boolean;
  data?: Record<string, string | number>;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  text?: string;
  /** Every text the label can show, so the layout keeps room for the widest and does not move. */
  texts?: string[];
  width: number;
  color: string;
  muted?: boolean;
  /** What a screen reader says for the edge. */
  label: string;
  selectable?: boolean;
  data?: Record<string, string | number>;
}

export type Selection = { kind: "node" | "edge"; id: string } | null;

interface Props {
  nodes: GraphNode[];
  edges: GraphEdge[];
  direction: Direction;
  selected: Selection;
  onSelect: (selection: Selection) => void;
  label: string;
  testId: string;
  /** Prefix of the test ids of nodes and edges: `map` gives `map-node`, `map-edge`. */
  itemTestId: string;
  maxHeight?: number;
  /** Scale the drawing down to the width of its box instead of scrolling. */
  fit?: boolean;
}

const TITLE_SIZE = 13;
const SUBTITLE_SIZE = 12;
const LABEL_SIZE = 11.5;
const BOX_HEIGHT = 46;
const ROUND = 26;

function nodeSize(node: GraphNode): { width: number; height: number } {
  if (node.kind !== "box") return { width: ROUND, height: ROUND };
  const title = textWidth(node.title, TITLE_SIZE, 600);
  const subtitles = node.subtitles ?? (node.subtitle ? [node.subtitle] : []);
  const subtitle = Math.max(0, ...subtitles.map((t) => textWidth(t, SUBTITLE_SIZE)));
  return { width: Math.max(96, Math.ceil(Math.max(title, subtitle)) + 28), height: BOX_HEIGHT };
}

function labelSize(edge: GraphEdge): { width: number; height: number } | undefined {
  const texts = edge.texts ?? (edge.text ? [edge.text] : []);
  if (texts.length === 0) return undefined;
  const widest = Math.max(...texts.map((t) => textWidth(t, LABEL_SIZE, 500)));
  return { width: Math.ceil(widest) + 10, height: 17 };
}

function dataAttributes(data: Record<string, string | number> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, String(v)]));
}

/** The arrowhead at the end of a line and the point where the line should stop short of it. */
function arrowHead(points: Point[], width: number): { polygon: string; shortened: Point[] } | null {
  const end = points.at(-1);
  const before = points.at(-2);
  if (!end || !before) return null;
  const length = Math.hypot(end.x - before.x, end.y - before.y);
  if (length === 0) return null;
  const ux = (end.x - before.x) / length;
  const uy = (end.y - before.y) / length;
  const size = Math.min(7 + width * 1.4, length * 0.8);
  const half = 3.5 + width * 0.9;
  const base = { x: end.x - ux * size, y: end.y - uy * size };
  const left = { x: base.x - uy * half, y: base.y + ux * half };
  const right = { x: base.x + uy * half, y: base.y - ux * half };
  const polygon = [end, left, right].map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
  const stop = { x: end.x - ux * size * 0.8, y: end.y - uy * size * 0.8 };
  return { polygon, shortened: [...points.slice(0, -1), stop] };
}

function onActivate(action: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      action();
    }
  };
}

/**
 * A directed graph laid out by elkjs and drawn as SVG: boxes with a name and a count, edges as
 * routed lines with arrowheads, their width and colour set by the caller, and labels. Nodes and
 * edges can be selected with the mouse or the keyboard.
 */
export function GraphSvg({
  nodes,
  edges,
  direction,
  selected,
  onSelect,
  label,
  testId,
  itemTestId,
  maxHeight,
  fit = false,
}: Props) {
  // The layout depends only on what is drawn and its sizes, never on colours or the texts shown.
  const spec = useMemo(
    () => ({
      nodes: nodes.map((n) => ({ id: n.id, ...nodeSize(n) })),
      edges: edges.map((e) => {
        const room = labelSize(e);
        return { id: e.id, source: e.source, target: e.target, ...(room ? { label: room } : {}) };
      }),
      direction,
    }),
    [nodes, edges, direction],
  );
  const key = JSON.stringify(spec);
  const [layout, setLayout] = useState<{ key: string; graph: GraphLayout } | null>(null);
  const [error, setError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the spec
  useEffect(() => {
    let live = true;
    layoutGraph(spec.nodes, spec.edges, { direction: spec.direction }).then(
      (graph) => {
        if (!live) return;
        setLayout({ key, graph });
        setError(null);
      },
      (reason: unknown) => {
        if (live) setError(reason instanceof Error ? reason.message : String(reason));
      },
    );
    return () => {
      live = false;
    };
  }, [key]);

  if (error) {
    return (
      <div className="notice notice-error" role="alert">
        <div className="notice-title">The graph could not be laid out</div>
        <div className="notice-body">{error}</div>
      </div>
    );
  }
  if (!layout) {
    return (
      <div className="status status-loading" role="status">
        <span className="spinner" aria-hidden="true" />
        Laying out the graph…
      </div>
    );
  }

  const graph = layout.graph;
  const current = layout.key === key;
  const drawnEdges = edges.filter((e) => graph.edges.get(e.id)?.points.length);
  const drawnNodes = nodes.filter((n) => graph.nodes.has(n.id));
  // Selected and highlighted items are drawn last, on top of the others.
  const order = (muted: boolean | undefined, isSelected: boolean) => (isSelected ? 2 : muted ? 0 : 1);
  const sortedEdges = [...drawnEdges].sort(
    (a, b) =>
      order(a.muted, selected?.kind === "edge" && selected.id === a.id) -
      order(b.muted, selected?.kind === "edge" && selected.id === b.id),
  );

  return (
    <div
      className={fit ? "graph-scroll graph-fit" : "graph-scroll"}
      style={maxHeight ? { maxHeight } : undefined}
      data-testid={testId}
      data-state={current ? "ready" : "updating"}
      data-nodes={drawnNodes.length}
      data-edges={drawnEdges.length}
    >
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a <fieldset>; its boxes and arrows form a group */}
      <svg
        className="graph"
        viewBox={`0 0 ${Math.ceil(graph.width)} ${Math.ceil(graph.height)}`}
        width={Math.ceil(graph.width)}
        height={Math.ceil(graph.height)}
        role="group"
        aria-label={label}
      >
        <g className="graph-edges">
          {sortedEdges.map((edge) => {
            const laid = graph.edges.get(edge.id);
            if (!laid) return null;
            const isSelected = selected?.kind === "edge" && selected.id === edge.id;
            const head = arrowHead(laid.points, edge.width);
            const path = roundedPath(head?.shortened ?? laid.points);
            const select = () => onSelect(isSelected ? null : { kind: "edge", id: edge.id });
            const classes = [
              "graph-edge",
              edge.muted ? "graph-muted" : "",
              isSelected ? "graph-selected" : "",
            ]
              .filter(Boolean)
              .join(" ");
            const content = (
              <>
                <path className="graph-edge-hit" d={roundedPath(laid.points)} />
                <path
                  className="graph-edge-line"
                  d={path}
                  stroke={edge.color}
                  strokeWidth={isSelected ? edge.width + 1.5 : edge.width}
                />
                {head && <polygon className="graph-edge-head" points={head.polygon} fill={edge.color} />}
                {edge.text && laid.label && (
                  <g className="graph-edge-label" data-testid={`${itemTestId}-edge-label`}>
                    <rect
                      className="graph-edge-label-box"
                      x={laid.label.x}
                      y={laid.label.y}
                      width={laid.label.width}
                      height={laid.label.height}
                      rx={4}
                    />
                    <text
                      x={laid.label.x + laid.label.width / 2}
                      y={laid.label.y + laid.label.height / 2}
                      dominantBaseline="central"
                      textAnchor="middle"
                    >
                      {edge.text}
                    </text>
                  </g>
                )}
              </>
            );
            if (!edge.selectable) {
              return (
                <g
                  key={edge.id}
                  className={classes}
                  data-testid={`${itemTestId}-edge`}
                  {...dataAttributes(edge.data)}
                >
                  <title>{edge.label}</title>
                  {content}
                </g>
              );
            }
            return (
              // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it takes the role and the keys
              <g
                key={edge.id}
                className={`${classes} graph-selectable`}
                role="button"
                tabIndex={0}
                aria-label={edge.label}
                aria-pressed={isSelected}
                onClick={select}
                onKeyDown={onActivate(select)}
                data-testid={`${itemTestId}-edge`}
                {...dataAttributes(edge.data)}
              >
                <title>{edge.label}</title>
                {content}
              </g>
            );
          })}
        </g>
        <g className="graph-nodes">
          {drawnNodes.map((node) => {
            const laid = graph.nodes.get(node.id);
            if (!laid) return null;
            const isSelected = selected?.kind === "node" && selected.id === node.id;
            const select = () => onSelect(isSelected ? null : { kind: "node", id: node.id });
            const classes = [
              "graph-node",
              `graph-node-${node.kind}`,
              node.muted ? "graph-muted" : "",
              isSelected ? "graph-selected" : "",
            ]
              .filter(Boolean)
              .join(" ");
            const cx = laid.x + laid.width / 2;
            const cy = laid.y + laid.height / 2;
            const shape =
              node.kind === "box" ? (
                <>
                  <rect
                    className="graph-node-shape"
                    x={laid.x}
                    y={laid.y}
                    width={laid.width}
                    height={laid.height}
                    rx={8}
                    fill={node.fill ?? "#fff"}
                    stroke={node.stroke ?? "#c9d0d6"}
                  />
                  <text
                    className="graph-node-title"
                    x={cx}
                    y={node.subtitle ? laid.y + 18 : cy}
                    dominantBaseline="central"
                    textAnchor="middle"
                    fill={node.textColor ?? "#1f2328"}
                  >
                    {node.title}
                  </text>
                  {node.subtitle && (
                    <text
                      className="graph-node-subtitle"
                      x={cx}
                      y={laid.y + 33}
                      dominantBaseline="central"
                      textAnchor="middle"
                      fill={node.textColor ?? "#4b525c"}
                    >
                      {node.subtitle}
                    </text>
                  )}
                </>
              ) : (
                <>
                  <circle cx={cx} cy={cy} r={laid.width / 2} />
                  {node.kind === "end" && <circle className="graph-node-end-inner" cx={cx} cy={cy} r={6} />}
                  {node.kind === "start" && (
                    <polygon points={`${cx - 3.5},${cy - 6} ${cx - 3.5},${cy + 6} ${cx + 6},${cy}`} />
                  )}
                </>
              );
            if (!node.selectable) {
              return (
                <g
                  key={node.id}
                  className={classes}
                  data-testid={`${itemTestId}-node`}
                  {...dataAttributes(node.data)}
                >
                  <title>{node.label}</title>
                  {shape}
                </g>
              );
            }
            return (
              // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it takes the role and the keys
              <g
                key={node.id}
                className={`${classes} graph-selectable`}
                role="button"
                tabIndex={0}
                aria-label={node.label}
                aria-pressed={isSelected}
                onClick={select}
                onKeyDown={onActivate(select)}
                data-testid={`${itemTestId}-node`}
                {...dataAttributes(node.data)}
              >
                <title>{node.label}</title>
                {shape}
              </g>
            );
          })}
        </g>
      </svg>
    </div>
  );
}
