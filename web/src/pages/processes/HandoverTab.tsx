import { useMemo, useState } from "react";
import { getHandover, type Handover, type HandoverBy, type MiningFilters } from "../../api";
import { type GraphEdge, type GraphNode, GraphSvg, type Selection } from "../../components/process/GraphSvg";
import { PercentSlider } from "../../components/process/PercentSlider";
import { Empty, ErrorNotice, Loading } from "../../components/Status";
import { formatCount } from "../../format";
import { useLoad } from "../../use-load";
import type { ViewPatch } from "./ProcessView";
import { filtersKey } from "./view-state";

/**
 * Who hands work to whom: people (or roles) as boxes, handovers as arrows. People whose absence
 * would split the network, and activities only one person does, are single points of failure.
 */
export function HandoverTab({
  log,
  filters,
  by,
  hasRoles,
  hasResources,
  update,
}: {
  log: string;
  filters: MiningFilters;
  by: HandoverBy;
  hasRoles: boolean;
  hasResources: boolean;
  update: (patch: ViewPatch) => void;
}) {
  const usable =
    (hasResources || hasRoles) && !(by === "role" && !hasRoles) && !(by === "resource" && !hasResources);
  const data = useLoad(
    () => (usable ? getHandover(log, filters, by) : Promise.resolve(null)),
    [log, filtersKey(filters), by, usable],
  );
  const [strongest, setStrongest] = useState(40);
  const [selected, setSelected] = useState<Selection>(null);

  if (!hasResources && !hasRoles) {
    return (
      <Empty title="This log does not say who did the work">
        Map a resource or role column to the log to see the handover of work.
      </Empty>
    );
  }
  const word = by === "role" ? "role" : "person";
  return (
    <div className="card chart-panel">
      <div className="controls">
        <fieldset className="field">
          <legend>Between</legend>
          <div className="segmented" role="radiogroup" aria-label="Handovers between">
            {(
              [
                ["resource", "People", hasResources],
                ["role", "Roles", hasRoles],
              ] as const
            ).map(([value, label, available]) => (
              <label key={value} className={by === value ? "segment segment-on" : "segment"}>
                <input
                  type="radio"
                  name="handover-by"
                  value={value}
                  checked={by === value}
                  disabled={!available}
                  onChange={() => update({ handoverBy: value })}
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        <PercentSlider
          id="handover-strongest"
          label="Handovers shown"
          value={strongest}
          onChange={setStrongest}
          hint="The most frequent first"
          delay={120}
          min={5}
        />
      </div>
      {data.status === "error" && (
        <ErrorNotice error={data.error} what="the handover network" onRetry={data.reload} />
      )}
      {data.data === undefined && data.status === "loading" && <Loading what="the handover network" />}
      {data.data && data.data.nodes.length === 0 && <Empty title="No handovers in these cases" />}
      {data.data && data.data.nodes.length > 0 && (
        <div className={data.status === "loading" ? "is-stale-block" : undefined}>
          <HandoverGraph
            handover={data.data}
            strongest={strongest}
            selected={selected}
            onSelect={setSelected}
          />
          <div className="pm-columns">
            <div className="card table-wrap">
              <table className="table table-compact" data-testid="handover-articulation">
                <caption className="table-caption">
                  {by === "role" ? "Roles" : "People"} the work cannot flow around
                </caption>
                <thead>
                  <tr>
                    <th>{by === "role" ? "Role" : "Person"}</th>
                    <th className="num">Parts the network falls into without them</th>
                  </tr>
                </thead>
                <tbody>
                  {data.data.articulationPoints.length === 0 && (
                    <tr>
                      <td colSpan={2} className="muted">
                        None: work can flow around every {word}.
                      </td>
                    </tr>
                  )}
                  {data.data.articulationPoints.map((a) => (
                    <tr key={a.name}>
                      <td className="text-error">{a.name}</td>
                      <td className="num">{formatCount(a.components)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="card table-wrap">
              <table className="table table-compact" data-testid="handover-single">
                <caption className="table-caption">Activities only one person does</caption>
                <thead>
                  <tr>
                    <th>Activity</th>
                    <th>Person</th>
                    <th className="num">Times</th>
                  </tr>
                </thead>
                <tbody>
                  {data.data.singlePerson.length === 0 && (
                    <tr>
                      <td colSpan={3} className="muted">
                        None: every activity is done by more than one person.
                      </td>
                    </tr>
                  )}
                  {data.data.singlePerson.map((s) => (
                    <tr key={s.activity}>
                      <td>{s.activity}</td>
                      <td className="text-warning">{s.resource}</td>
                      <td className="num">{formatCount(s.events)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

function HandoverGraph({
  handover,
  strongest,
  selected,
  onSelect,
}: {
  handover: Handover;
  strongest: number;
  selected: Selection;
  onSelect: (selection: Selection) => void;
}) {
  const { nodes, edges, hidden, alone } = useMemo(() => {
    const critical = new Set(handover.articulationPoints.map((a) => a.name));
    const sorted = [...handover.edges].filter((e) => e.from !== e.to).sort((a, b) => b.count - a.count);
    const keep = Math.max(1, Math.ceil((sorted.length * strongest) / 100));
    const kept = sorted.slice(0, keep);
    const maxCount = Math.max(1, ...kept.map((e) => e.count));
    const maxEvents = Math.max(1, ...handover.nodes.map((n) => n.events));
    const focus = selected?.kind === "node" ? selected.id : null;
    // People with no handover left on screen are left out, unless the network depends on them.
    const linked = new Set(kept.flatMap((e) => [e.from, e.to]));
    const shown = handover.nodes.filter((n) => linked.has(n.name) || critical.has(n.name));
    const nodes: GraphNode[] = shown.map((n) => {
      const t = Math.sqrt(n.events / maxEvents);
      const isCritical = critical.has(n.name);
      return {
        id: n.name,
        kind: "box",
        title: n.name,
        subtitle: `${formatCount(n.events)} events${isCritical ? " · critical" : ""}`,
        fill: isCritical ? "#fef3f2" : `rgba(31, 111, 92, ${(0.06 + t * 0.25).toFixed(2)})`,
        stroke: isCritical ? "#b42318" : "#b9d6cd",
        textColor: isCritical ? "#b42318" : "#1f2328",
        muted:
          focus !== null &&
          focus !== n.name &&
          !kept.some((e) => (e.from === focus && e.to === n.name) || (e.to === focus && e.from === n.name)),
        label: `${n.name}: ${formatCount(n.events)} events in ${formatCount(n.cases)} cases${isCritical ? "; the network splits without them" : ""}`,
        selectable: true,
        data: { name: n.name, critical: isCritical ? "true" : "false" },
      };
    });
    const edges: GraphEdge[] = kept.map((e) => ({
      id: JSON.stringify([e.from, e.to]),
      source: e.from,
      target: e.to,
      text: formatCount(e.count),
      width: 1 + 5 * Math.sqrt(e.count / maxCount),
      color: "#5f6f78",
      muted: focus !== null && e.from !== focus && e.to !== focus,
      label: `${e.from} hands over to ${e.to} ${formatCount(e.count)} times`,
      data: { from: e.from, to: e.to, count: e.count },
    }));
    return { nodes, edges, hidden: sorted.length - kept.length, alone: handover.nodes.length - shown.length };
  }, [handover, strongest, selected]);
  return (
    <>
      <GraphSvg
        nodes={nodes}
        edges={edges}
        direction="DOWN"
        selected={selected}
        onSelect={onSelect}
        label="Handover of work: who passes cases to whom"
        testId="handover-graph"
        itemTestId="handover"
        maxHeight={720}
        fit
      />
      <p className="chart-notes">
        Wider arrows are more frequent handovers. Red boxes are single points of failure: without them the
        network falls apart. Click a box to bring out its handovers.
        {hidden > 0 ? ` ${formatCount(hidden)} smaller handovers are hidden` : ""}
        {alone > 0
          ? `, and ${formatCount(alone)} people with none of the larger ones.`
          : hidden > 0
            ? "."
            : ""}
      </p>
    </>
  );
}
