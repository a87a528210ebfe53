import { useMemo } from "react";
import type { Dfg } from "../../api";
import { formatCount } from "../../format";
import { formatSeconds } from "./duration";
import { type GraphEdge, type GraphNode, GraphSvg, type Selection } from "./GraphSvg";
import type { Direction } from "./layout-graph";

export const START = "\u0001start";
export const END = "\u0001end";

/** The id of the edge from one activity to the next on the map. */
export function edgeId(from: string, to: string): string {
  return JSON.stringify([from, to]);
}

/** The two ends of an edge id. */
export function edgeEnds(id: string): [string, string] | null {
  try {
    const parsed: unknown = JSON.parse(id);
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((p) => typeof p === "string")) {
      return [parsed[0] as string, parsed[1] as string];
    }
  } catch {
    // not an edge id
  }
  return null;
}

/** A colour between two hex colours, `t` from 0 to 1. */
function mix(a: string, b: string, t: number): string {
  const pa = [1, 3, 5].map((i) => Number.parseInt(a.slice(i, i + 2), 16));
  const pb = [1, 3, 5].map((i) => Number.parseInt(b.slice(i, i + 2), 16));
  const c = pa.map((v, i) => Math.round(v + ((pb[i] ?? v) - v) * Math.max(0, Math.min(1, t))));
  return `#${c.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

interface Props {
  dfg: Dfg;
  mode: "frequency" | "time";
  direction: Direction;
  selected: Selection;
  onSelect: (selection: Selection) => void;
  /** A variant to draw over the map: its steps and the paths between them stand out. */
  variant: string[] | null;
}

/**
 * The directly-follows process map: one box per activity, coloured by how often it happens; one
 * arrow per path, as wide as it is frequent (or as long as its median wait in time mode), with
 * the count or the wait written on it; round start and end nodes.
 */
export function ProcessMap({ dfg, mode, direction, selected, onSelect, variant }: Props) {
  const { nodes, edges } = useMemo(() => {
    const inVariant = variant ? new Set(variant) : null;
    const variantEdges = new Set<string>();
    if (variant && variant.length > 0) {
      variantEdges.add(edgeId(START, variant[0] ?? ""));
      variantEdges.add(edgeId(variant.at(-1) ?? "", END));
      for (let i = 1; i < variant.length; i++)
        variantEdges.add(edgeId(variant[i - 1] ?? "", variant[i] ?? ""));
    }
    const maxCount = Math.max(1, ...dfg.activities.map((a) => a.count));
    const nodes: GraphNode[] = [
      {
        id: START,
        kind: "start",
        title: "Start",
        label: "Start of the process",
        data: { activity: "start" },
      },
      ...dfg.activities.map((a): GraphNode => {
        const t = Math.sqrt(a.count / maxCount);
        const processing =
          a.meanProcessingSeconds !== null
            ? `, taking ${formatSeconds(a.meanProcessingSeconds)} on average`
            : "";
        return {
          id: a.name,
          kind: "box",
          title: a.name,
          subtitle:
            mode === "time" && a.meanProcessingSeconds !== null
              ? formatSeconds(a.meanProcessingSeconds)
              : formatCount(a.count),
          subtitles: [formatCount(a.count), formatSeconds(a.meanProcessingSeconds)],
          fill: mix("#f3f8f6", "#1f6f5c", t * 0.95),
          textColor: t > 0.62 ? "#ffffff" : "#1f2328",
          stroke: mix("#c9d9d3", "#175646", t),
          muted: inVariant ? !inVariant.has(a.name) : false,
          label: `${a.name}: ${formatCount(a.count)} times in ${formatCount(a.cases)} cases${processing}`,
          selectable: true,
          data: { activity: a.name, count: a.count },
        };
      }),
      { id: END, kind: "end", title: "End", label: "End of the process", data: { activity: "end" } },
    ];

    const maxEdgeCount = Math.max(
      1,
      ...dfg.edges.map((e) => e.count),
      ...Object.values(dfg.start),
      ...Object.values(dfg.end),
    );
    const maxWait = Math.max(1, ...dfg.edges.map((e) => e.medianSeconds));
    const width = (t: number) => 1.2 + 6 * Math.sqrt(Math.max(0, t));
    const edges: GraphEdge[] = dfg.edges.map((e) => {
      const id = edgeId(e.from, e.to);
      const count = formatCount(e.count);
      const wait = formatSeconds(e.medianSeconds);
      const waitShare = e.medianSeconds / maxWait;
      return {
        id,
        source: e.from,
        target: e.to,
        text: mode === "time" ? wait : count,
        texts: [count, wait],
        width: mode === "time" ? width(waitShare) : width(e.count / maxEdgeCount),
        color: mode === "time" ? mix("#9aa3ab", "#c4574b", Math.sqrt(waitShare)) : "#5f6f78",
        muted: variant ? !variantEdges.has(id) : false,
        label: `${e.from} to ${e.to}: ${count} times, median wait ${wait}`,
        selectable: true,
        data: { from: e.from, to: e.to, count: e.count, "median-seconds": e.medianSeconds },
      };
    });
    const boundary = (from: string, to: string, n: number, starts: boolean): GraphEdge => {
      const id = edgeId(from, to);
      const count = formatCount(n);
      return {
        id,
        source: from,
        target: to,
        ...(mode === "frequency" ? { text: count } : {}),
        texts: [count],
        width: mode === "time" ? 1.2 : width(n / maxEdgeCount),
        color: "#a7adb5",
        muted: variant ? !variantEdges.has(id) : false,
        label: starts ? `${count} cases start with ${to}` : `${count} cases end with ${from}`,
        data: { from: starts ? "start" : from, to: starts ? to : "end", count: n, boundary: "true" },
      };
    };
    const known = new Set(dfg.activities.map((a) => a.name));
    for (const [activity, n] of Object.entries(dfg.start)) {
      if (known.has(activity)) edges.push(boundary(START, activity, n, true));
    }
    for (const [activity, n] of Object.entries(dfg.end)) {
      if (known.has(activity)) edges.push(boundary(activity, END, n, false));
    }
    return { nodes, edges };
  }, [dfg, mode, variant]);

  return (
    <GraphSvg
      nodes={nodes}
      edges={edges}
      direction={direction}
      selected={selected}
      onSelect={onSelect}
      label="Process map: activities and the paths between them"
      testId="process-map"
      itemTestId="map"
    />
  );
}
