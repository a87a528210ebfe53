import { useMemo, useState } from "react";
import type { TwinModel } from "../../api";
import { type GraphEdge, type GraphNode, GraphSvg, type Selection } from "../process/GraphSvg";
import { distributionMean, formatModelTime, modelGraph } from "./model-graph";

/** Soft fills for pools, in the order the model lists them. */
const POOL_COLOURS = ["#e8f2ef", "#eaf0fa", "#fbf1e4", "#f3ecf8", "#eef5e6", "#fbeaea", "#eef3f4"];
const POOL_STROKES = ["#9cc5b8", "#a9bfe3", "#e4c18f", "#c9b2de", "#b5d19a", "#e2aaaa", "#b3c7cc"];

export function poolColour(model: TwinModel, pool: string | undefined): { fill: string; stroke: string } {
  const names = Object.keys(model.resources ?? {});
  const i = pool === undefined ? -1 : names.indexOf(pool);
  if (i < 0) return { fill: "#ffffff", stroke: "#c9d0d6" };
  return {
    fill: POOL_COLOURS[i % POOL_COLOURS.length] ?? "#ffffff",
    stroke: POOL_STROKES[i % POOL_STROKES.length] ?? "#c9d0d6",
  };
}

/**
 * A twin model's route as a diagram: activities in flow order, coloured by the pool that serves
 * them, with the chances written on choices and loops.
 */
export function TwinDiagram({ model }: { model: TwinModel }) {
  const [selected, setSelected] = useState<Selection>(null);
  const { nodes, edges } = useMemo(() => {
    const graph = modelGraph(model);
    const byName = new Map(model.activities.map((a) => [a.name, a]));
    const nodes: GraphNode[] = graph.nodes.map((n): GraphNode => {
      if (n.kind !== "activity") {
        return {
          id: n.id,
          kind: n.kind,
          title: n.kind === "start" ? "Start" : "End",
          label: n.kind === "start" ? "Cases arrive" : "Cases finish",
          data: { activity: n.kind },
        };
      }
      const activity = byName.get(n.activity ?? "");
      const mean = distributionMean(activity?.duration);
      const time = formatModelTime(mean, model.timeUnit);
      const colour = poolColour(model, n.pool);
      const subtitle = n.pool ? `${n.pool} · ${time}` : time;
      return {
        id: n.id,
        kind: "box",
        title: n.activity ?? "",
        subtitle,
        fill: colour.fill,
        stroke: colour.stroke,
        label: `${n.activity}: ${n.pool ? `done by ${n.pool}` : "no resource"}, ${time} on average`,
        selectable: true,
        data: { activity: n.activity ?? "", pool: n.pool ?? "" },
      };
    });
    const edges: GraphEdge[] = graph.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      ...(e.text ? { text: e.text } : {}),
      width: 1.6,
      color: e.back ? "#c4574b" : "#5f6f78",
      label: e.text ? `${e.back ? "back " : ""}${e.text}` : "next step",
      data: { back: e.back ? "true" : "false" },
    }));
    return { nodes, edges };
  }, [model]);
  return (
    <GraphSvg
      nodes={nodes}
      edges={edges}
      direction="RIGHT"
      selected={selected}
      onSelect={setSelected}
      label={`The route of a case in the ${model.name} twin`}
      testId="twin-diagram"
      itemTestId="twin"
      fit
    />
  );
}
