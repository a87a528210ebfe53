import { useMemo, useState } from "react";
import { type Dfg, getDfg, getEdgeDetail, type MiningFilters } from "../../api";
import { ActivityChips } from "../../components/process/ActivityChips";
import { DurationHistogram } from "../../components/process/DurationHistogram";
import { formatSeconds } from "../../components/process/duration";
import type { Selection } from "../../components/process/GraphSvg";
import { PercentSlider } from "../../components/process/PercentSlider";
import { END, edgeEnds, edgeId, ProcessMap, START } from "../../components/process/ProcessMap";
import { ErrorNotice, Loading } from "../../components/Status";
import { formatCount, formatTimestampText, plural } from "../../format";
import { useLoad } from "../../use-load";
import type { ViewPatch } from "./ProcessView";
import { filtersKey, type ViewState } from "./view-state";

interface Props {
  log: string;
  view: ViewState;
  filters: MiningFilters;
  update: (patch: ViewPatch) => void;
}

export function MapTab({ log, view, filters, update }: Props) {
  const mapFilters = useMemo(
    () => ({
      ...filters,
      activities: view.activities < 100 ? view.activities : undefined,
      paths: view.paths < 100 ? view.paths : undefined,
    }),
    [filters, view.activities, view.paths],
  );
  const key = filtersKey(mapFilters);
  const dfg = useLoad(() => getDfg(log, mapFilters), [log, key]);
  const [selected, setSelected] = useState<Selection>(null);

  // A selection that is no longer on the map (the sliders hid it) closes its panel.
  const shown = useMemo(() => visibleSelection(selected, dfg.data), [selected, dfg.data]);

  return (
    <div className="card chart-panel">
      <div className="controls" data-testid="map-controls">
        <fieldset className="field">
          <legend>Show on paths</legend>
          <div className="segmented" role="radiogroup" aria-label="Show on paths">
            <label className={view.mode === "frequency" ? "segment segment-on" : "segment"}>
              <input
                type="radio"
                name="map-mode"
                value="frequency"
                checked={view.mode === "frequency"}
                onChange={() => update({ mode: "frequency" })}
                data-testid="map-mode-frequency"
              />
              Frequency
            </label>
            <label className={view.mode === "time" ? "segment segment-on" : "segment"}>
              <input
                type="radio"
                name="map-mode"
                value="time"
                checked={view.mode === "time"}
                onChange={() => update({ mode: "time" })}
                data-testid="map-mode-time"
              />
              Waiting time
            </label>
          </div>
        </fieldset>
        <fieldset className="field">
          <legend>Layout</legend>
          <div className="segmented" role="radiogroup" aria-label="Layout">
            <label className={view.direction === "DOWN" ? "segment segment-on" : "segment"}>
              <input
                type="radio"
                name="map-direction"
                value="down"
                checked={view.direction === "DOWN"}
                onChange={() => update({ direction: "DOWN" })}
              />
              Top down
            </label>
            <label className={view.direction === "RIGHT" ? "segment segment-on" : "segment"}>
              <input
                type="radio"
                name="map-direction"
                value="right"
                checked={view.direction === "RIGHT"}
                onChange={() => update({ direction: "RIGHT" })}
              />
              Left to right
            </label>
          </div>
        </fieldset>
        <PercentSlider
          id="map-activities"
          label="Activities"
          value={view.activities}
          onChange={(activities) => update({ activities })}
          testId="map-activities"
          min={5}
        />
        <PercentSlider
          id="map-paths"
          label="Paths"
          value={view.paths}
          onChange={(paths) => update({ paths })}
          testId="map-paths"
        />
        <p className="section-note map-hidden" data-testid="map-hidden">
          {dfg.data && (dfg.data.hidden.activities > 0 || dfg.data.hidden.edges > 0)
            ? `Hidden: ${plural(dfg.data.hidden.activities, "activity", "activities")}, ${plural(dfg.data.hidden.edges, "path")}.`
            : "Every activity and path is shown."}
        </p>
      </div>

      {view.variant && (
        <div className="notice notice-warning map-variant" data-testid="map-variant">
          <div className="notice-body">
            Showing one variant over the map:
            <ActivityChips activities={view.variant} />
          </div>
          <button type="button" className="button button-small" onClick={() => update({ variant: null })}>
            Show all paths
          </button>
        </div>
      )}

      {dfg.status === "error" && (
        <ErrorNotice error={dfg.error} what="the process map" onRetry={dfg.reload} />
      )}
      {!dfg.data && dfg.status === "loading" && <Loading what="the process map" />}
      {dfg.data && dfg.data.activities.length === 0 && (
        <div className="empty" data-testid="empty">
          <div className="empty-title">No cases match these filters</div>
          <div className="empty-body">Widen the time range or remove a filter.</div>
        </div>
      )}
      {dfg.data && dfg.data.activities.length > 0 && (
        <div className={`map-layout${shown ? " map-layout-panel" : ""}`}>
          <div className={dfg.status === "loading" ? "map-canvas is-stale-block" : "map-canvas"}>
            <ProcessMap
              dfg={dfg.data}
              mode={view.mode}
              direction={view.direction}
              selected={shown}
              onSelect={setSelected}
              variant={view.variant}
            />
            <MapLegend mode={view.mode} />
          </div>
          {shown?.kind === "edge" && (
            <EdgePanel log={log} filters={mapFilters} id={shown.id} onClose={() => setSelected(null)} />
          )}
          {shown?.kind === "node" && (
            <NodePanel
              dfg={dfg.data}
              name={shown.id}
              onClose={() => setSelected(null)}
              onSelect={setSelected}
            />
          )}
        </div>
      )}
      {dfg.data && dfg.data.edges.length > 0 && (
        <PathsTable dfg={dfg.data} onSelect={(id) => setSelected({ kind: "edge", id })} />
      )}
    </div>
  );
}

function visibleSelection(selected: Selection, dfg: Dfg | undefined): Selection {
  if (!selected || !dfg) return null;
  if (selected.kind === "node") return dfg.activities.some((a) => a.name === selected.id) ? selected : null;
  const ends = edgeEnds(selected.id);
  if (!ends || ends[0] === START || ends[1] === END) return null;
  return dfg.edges.some((e) => e.from === ends[0] && e.to === ends[1]) ? selected : null;
}

function MapLegend({ mode }: { mode: "frequency" | "time" }) {
  return (
    <p className="chart-notes">
      {mode === "frequency"
        ? "Darker boxes happen more often; wider arrows are taken more often. Numbers are how many times. Click an arrow for its waiting times, a box for its figures."
        : "Arrows show the median wait between two steps: wider and redder is longer. Boxes show the mean time the step takes. Click an arrow for its waiting times."}
    </p>
  );
}

function EdgePanel({
  log,
  filters,
  id,
  onClose,
}: {
  log: string;
  filters: MiningFilters;
  id: string;
  onClose: () => void;
}) {
  const [from, to] = edgeEnds(id) ?? ["", ""];
  const key = filtersKey(filters);
  const detail = useLoad(() => getEdgeDetail(log, from, to, filters), [log, from, to, key]);
  const [all, setAll] = useState(false);
  const d = detail.data;
  const examples = d ? (all ? d.examples : d.examples.slice(0, 8)) : [];
  return (
    <aside className="card map-panel" aria-labelledby="edge-panel-title" data-testid="edge-detail">
      <div className="map-panel-head">
        <h3 id="edge-panel-title">
          {from} <span aria-hidden="true">→</span>
          <span className="visually-hidden"> to </span> {to}
        </h3>
        <button
          type="button"
          className="button button-small button-quiet"
          onClick={onClose}
          aria-label="Close the path's detail"
        >
          ✕
        </button>
      </div>
      {detail.status === "error" && (
        <ErrorNotice error={detail.error} what="this path" onRetry={detail.reload} />
      )}
      {!d && detail.status === "loading" && <Loading what="this path" />}
      {d && (
        <div className={detail.status === "loading" ? "is-stale-block" : undefined}>
          <dl className="facts facts-tight">
            <div>
              <dt>Times taken</dt>
              <dd data-testid="edge-count">{formatCount(d.count)}</dd>
            </div>
            <div>
              <dt>Cases</dt>
              <dd>{formatCount(d.cases)}</dd>
            </div>
            <div>
              <dt>Median wait</dt>
              <dd>{formatSeconds(d.medianSeconds)}</dd>
            </div>
            <div>
              <dt>Mean</dt>
              <dd>{formatSeconds(d.meanSeconds)}</dd>
            </div>
            <div>
              <dt>90% within</dt>
              <dd>{formatSeconds(d.p90Seconds)}</dd>
            </div>
          </dl>
          <h4 className="map-panel-sub">Waiting time</h4>
          {d.histogram.length > 0 ? (
            <DurationHistogram
              bins={d.histogram}
              unit="times"
              label={`How long cases waited between ${from} and ${to}`}
              testId="edge-histogram"
              height={180}
              marks={[
                { name: "median", seconds: d.medianSeconds },
                { name: "p90", seconds: d.p90Seconds },
              ]}
            />
          ) : (
            <p className="muted small">No waits to show.</p>
          )}
          {d.examples.length > 0 && (
            <>
              <h4 className="map-panel-sub">Longest waits</h4>
              <div className="table-wrap">
                <table className="table table-compact" data-testid="edge-examples">
                  <thead>
                    <tr>
                      <th>Case</th>
                      <th>{from} done</th>
                      <th className="num">Waited</th>
                    </tr>
                  </thead>
                  <tbody>
                    {examples.map((e) => (
                      <tr key={`${e.case}:${e.fromTime}`}>
                        <td className="nowrap">{e.case}</td>
                        <td className="nowrap" title={`${to} at ${formatTimestampText(e.toTime)}`}>
                          {formatTimestampText(e.fromTime).slice(0, 16)}
                        </td>
                        <td className="num">{formatSeconds(e.seconds)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {d.examples.length > 8 && (
                <button
                  type="button"
                  className="button button-small button-quiet"
                  onClick={() => setAll(!all)}
                >
                  {all ? "Show fewer" : `Show all ${d.examples.length}`}
                </button>
              )}
            </>
          )}
        </div>
      )}
    </aside>
  );
}

function NodePanel({
  dfg,
  name,
  onClose,
  onSelect,
}: {
  dfg: Dfg;
  name: string;
  onClose: () => void;
  onSelect: (selection: Selection) => void;
}) {
  const activity = dfg.activities.find((a) => a.name === name);
  if (!activity) return null;
  const incoming = dfg.edges.filter((e) => e.to === name).sort((a, b) => b.count - a.count);
  const outgoing = dfg.edges.filter((e) => e.from === name).sort((a, b) => b.count - a.count);
  const starts = dfg.start[name] ?? 0;
  const ends = dfg.end[name] ?? 0;
  const paths = (list: typeof incoming, other: (e: (typeof incoming)[number]) => string, word: string) =>
    list.length > 0 && (
      <>
        <h4 className="map-panel-sub">{word}</h4>
        <ul className="panel-list">
          {list.map((e) => (
            <li key={`${e.from}>${e.to}`}>
              <button
                type="button"
                className="link"
                onClick={() => onSelect({ kind: "edge", id: edgeId(e.from, e.to) })}
              >
                {other(e)}
              </button>
              <span className="muted">
                {formatCount(e.count)} · {formatSeconds(e.medianSeconds)}
              </span>
            </li>
          ))}
        </ul>
      </>
    );
  return (
    <aside className="card map-panel" aria-labelledby="node-panel-title" data-testid="node-detail">
      <div className="map-panel-head">
        <h3 id="node-panel-title">{activity.name}</h3>
        <button
          type="button"
          className="button button-small button-quiet"
          onClick={onClose}
          aria-label="Close the activity's detail"
        >
          ✕
        </button>
      </div>
      <dl className="facts facts-tight">
        <div>
          <dt>Times done</dt>
          <dd data-testid="node-count">{formatCount(activity.count)}</dd>
        </div>
        <div>
          <dt>Cases</dt>
          <dd>{formatCount(activity.cases)}</dd>
        </div>
        <div>
          <dt>Takes on average</dt>
          <dd>
            {activity.meanProcessingSeconds !== null ? formatSeconds(activity.meanProcessingSeconds) : "—"}
          </dd>
        </div>
        {starts > 0 && (
          <div>
            <dt>Cases start here</dt>
            <dd>{formatCount(starts)}</dd>
          </div>
        )}
        {ends > 0 && (
          <div>
            <dt>Cases end here</dt>
            <dd>{formatCount(ends)}</dd>
          </div>
        )}
      </dl>
      {activity.meanProcessingSeconds === null && (
        <p className="muted small">The log has no start times, so how long the step takes is not known.</p>
      )}
      {paths(incoming, (e) => `from ${e.from}`, "Comes after")}
      {paths(outgoing, (e) => `to ${e.to}`, "Goes on to")}
    </aside>
  );
}

/** The map's paths as a table, for exact numbers and for keyboard and screen-reader use. */
function PathsTable({ dfg, onSelect }: { dfg: Dfg; onSelect: (id: string) => void }) {
  const rows = [...dfg.edges].sort((a, b) => b.count - a.count);
  return (
    <details className="numbers">
      <summary>Paths as a table ({formatCount(rows.length)})</summary>
      <div className="table-wrap numbers-wrap">
        <table className="table table-compact" data-testid="paths-table">
          <thead>
            <tr>
              <th>From</th>
              <th>To</th>
              <th className="num">Times</th>
              <th className="num">Median wait</th>
              <th className="num">Mean wait</th>
              <th className="num">90% within</th>
              <th className="num">Total waiting</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={`${e.from}>${e.to}`}>
                <td>
                  <button type="button" className="link" onClick={() => onSelect(edgeId(e.from, e.to))}>
                    {e.from}
                  </button>
                </td>
                <td>{e.to}</td>
                <td className="num">{formatCount(e.count)}</td>
                <td className="num">{formatSeconds(e.medianSeconds)}</td>
                <td className="num">{formatSeconds(e.meanSeconds)}</td>
                <td className="num">{formatSeconds(e.p90Seconds)}</td>
                <td className="num">{formatSeconds(e.totalSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
