import { useMemo, useState } from "react";
import { type BottleneckSegment, getBottlenecks, type MiningFilters } from "../../api";
import { formatSeconds } from "../../components/process/duration";
import { Empty, ErrorNotice, Loading } from "../../components/Status";
import { formatCount } from "../../format";
import { useLoad } from "../../use-load";
import { filtersKey } from "./view-state";

type Order = "total" | "median";

/** Where cases wait: between which steps, before which activity, and on which weekdays and hours. */
export function BottlenecksTab({ log, filters }: { log: string; filters: MiningFilters }) {
  const data = useLoad(() => getBottlenecks(log, filters), [log, filtersKey(filters)]);
  const [order, setOrder] = useState<Order>("total");
  if (data.status === "error")
    return <ErrorNotice error={data.error} what="the bottlenecks" onRetry={data.reload} />;
  const b = data.data;
  if (!b) return <Loading what="the bottlenecks" />;
  if (b.edges.length === 0 && b.activities.length === 0)
    return <Empty title="No cases match these filters" />;
  const key = (x: { totalSeconds: number; medianSeconds: number }) =>
    order === "total" ? x.totalSeconds : x.medianSeconds;
  const edges = [...b.edges].sort((x, y) => key(y) - key(x)).slice(0, 15);
  const activities = [...b.activities].sort((x, y) => key(y.waiting) - key(x.waiting));
  return (
    <div className={data.status === "loading" ? "is-stale-block" : undefined}>
      <p className="explain-sentence bottleneck-sentence" data-testid="bottleneck-sentence">
        {b.sentence}
      </p>
      <div className="controls controls-plain">
        <fieldset className="field">
          <legend>Rank by</legend>
          <div className="segmented" role="radiogroup" aria-label="Rank by">
            {(
              [
                ["total", "Total waiting"],
                ["median", "Median wait"],
              ] as const
            ).map(([value, word]) => (
              <label key={value} className={order === value ? "segment segment-on" : "segment"}>
                <input
                  type="radio"
                  name="bottleneck-order"
                  value={value}
                  checked={order === value}
                  onChange={() => setOrder(value)}
                />
                {word}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <div className="pm-columns">
        <div className="card table-wrap">
          <table className="table table-compact" data-testid="bottleneck-edges">
            <caption className="table-caption">Waiting between two steps</caption>
            <thead>
              <tr>
                <th>From → to</th>
                <th className="num">Times</th>
                <th className="num">Total waiting</th>
                <th className="num">Median</th>
                <th className="num">Mean</th>
              </tr>
            </thead>
            <tbody>
              {edges.map((e) => (
                <tr key={`${e.from}>${e.to}`} data-testid="bottleneck-edge-row">
                  <td>
                    {e.from} <span className="muted">→</span> {e.to}
                  </td>
                  <td className="num">{formatCount(e.count)}</td>
                  <td className="num">{formatSeconds(e.totalSeconds)}</td>
                  <td className="num">{formatSeconds(e.medianSeconds)}</td>
                  <td className="num">{formatSeconds(e.meanSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="card table-wrap">
          <table className="table table-compact" data-testid="bottleneck-activities">
            <caption className="table-caption">Waiting before each activity, and how long it takes</caption>
            <thead>
              <tr>
                <th>Activity</th>
                <th className="num">Times</th>
                <th className="num">Total waiting</th>
                <th className="num">Median wait</th>
                <th className="num">Median work</th>
              </tr>
            </thead>
            <tbody>
              {activities.map((a) => (
                <tr key={a.name} data-testid="bottleneck-activity-row">
                  <td>{a.name}</td>
                  <td className="num">{formatCount(a.count)}</td>
                  <td className="num">{formatSeconds(a.waiting.totalSeconds)}</td>
                  <td className="num">{formatSeconds(a.waiting.medianSeconds)}</td>
                  <td className="num">{a.processing ? formatSeconds(a.processing.medianSeconds) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {b.segments && b.segments.length > 0 && <SegmentHeatmap segments={b.segments} />}
    </div>
  );
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/**
 * A weekday as the server sends it: a name, or a number — ISO (1 = Monday … 7 = Sunday) when the
 * numbers reach 7, otherwise 0 = Sunday … 6 = Saturday.
 */
function weekdayIndex(value: number | string | undefined, iso: boolean): number | null {
  if (value === undefined) return null;
  if (typeof value === "string") {
    const i = WEEKDAYS.findIndex((d) => d.toLowerCase().startsWith(value.toLowerCase().slice(0, 3)));
    return i >= 0 ? i : null;
  }
  if (iso) return value >= 1 && value <= 7 ? value - 1 : null;
  return value >= 0 && value <= 6 ? (value + 6) % 7 : null;
}

/** Median waits before one activity, by weekday and hour, coloured by how far they exceed its usual. */
function SegmentHeatmap({ segments }: { segments: BottleneckSegment[] }) {
  const activities = useMemo(() => {
    const excess = new Map<string, number>();
    for (const s of segments)
      excess.set(s.activity, (excess.get(s.activity) ?? 0) + Math.max(0, s.excessSeconds));
    return [...excess.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  }, [segments]);
  const [chosen, setChosen] = useState<string | null>(null);
  const activity = chosen && activities.includes(chosen) ? chosen : (activities[0] ?? "");
  const iso = segments.some((s) => s.weekday === 7);
  const rows = segments.filter((s) => s.activity === activity);
  const hours = [...new Set(rows.map((s) => s.hour).filter((h): h is number => h !== undefined))].sort(
    (a, b) => a - b,
  );
  const hasDays = rows.some((s) => s.weekday !== undefined);
  const cell = new Map<string, BottleneckSegment>();
  for (const s of rows) cell.set(`${weekdayIndex(s.weekday, iso) ?? "all"}:${s.hour ?? "all"}`, s);
  const max = Math.max(1, ...rows.map((s) => s.medianWaitingSeconds));
  const days = hasDays
    ? WEEKDAYS.map((_, i) => i).filter((i) => rows.some((s) => weekdayIndex(s.weekday, iso) === i))
    : [];
  const top = [...segments].sort((a, b) => b.excessSeconds - a.excessSeconds).slice(0, 8);
  const when = (s: BottleneckSegment) => {
    const i = weekdayIndex(s.weekday, iso);
    const day = i !== null ? WEEKDAYS[i] : null;
    const hour =
      s.hour !== undefined
        ? `${String(s.hour).padStart(2, "0")}:00–${String(s.hour + 1).padStart(2, "0")}:00`
        : null;
    return [day, hour].filter(Boolean).join(", ") || "any time";
  };

  return (
    <section className="section" aria-labelledby="segments-title">
      <div className="section-head">
        <h2 id="segments-title">When cases wait</h2>
        <p className="section-note">
          Median wait before the activity, by weekday and hour of the day. Darker is longer.
        </p>
      </div>
      <div className="card chart-panel">
        <div className="controls controls-plain">
          <div className="field">
            <label htmlFor="segment-activity">Before</label>
            <select id="segment-activity" value={activity} onChange={(e) => setChosen(e.target.value)}>
              {activities.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
        </div>
        {hasDays && hours.length > 0 ? (
          <div className="heatmap-wrap">
            <table className="heatmap" data-testid="bottleneck-heatmap">
              <thead>
                <tr>
                  <th className="hm-col">
                    <span className="visually-hidden">Weekday</span>
                  </th>
                  {hours.map((h) => (
                    <th key={h} scope="col" className="hm-col">
                      {String(h).padStart(2, "0")}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {days.map((d) => (
                  <tr key={d}>
                    <th scope="row" className="hm-row">
                      {WEEKDAYS[d]?.slice(0, 3)}
                    </th>
                    {hours.map((h) => {
                      const s = cell.get(`${d}:${h}`);
                      const t = s ? Math.sqrt(s.medianWaitingSeconds / max) : 0;
                      return (
                        <td
                          key={h}
                          className={s ? "heat" : "heat heat-empty"}
                          style={
                            s
                              ? {
                                  background: `rgba(196, 87, 75, ${(0.08 + t * 0.85).toFixed(2)})`,
                                  color: t > 0.6 ? "#fff" : undefined,
                                }
                              : undefined
                          }
                          title={
                            s
                              ? `${WEEKDAYS[d]} ${String(h).padStart(2, "0")}:00 — median wait ${formatSeconds(s.medianWaitingSeconds)} over ${formatCount(s.count)} times`
                              : "no events"
                          }
                        >
                          {s ? formatSeconds(s.medianWaitingSeconds).replace(" ", "\u00a0") : ""}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <SegmentTable rows={rows} when={when} />
        )}
      </div>
      <div className="card table-wrap section-tight">
        <table className="table table-compact" data-testid="bottleneck-segments">
          <caption className="table-caption">Where the most waiting beyond the usual builds up</caption>
          <thead>
            <tr>
              <th>Before</th>
              <th>When</th>
              <th className="num">Times</th>
              <th className="num">Median wait</th>
              <th className="num">Waiting beyond usual</th>
            </tr>
          </thead>
          <tbody>
            {top.map((s) => (
              <tr key={`${s.activity}:${s.weekday}:${s.hour}`}>
                <td>{s.activity}</td>
                <td>{when(s)}</td>
                <td className="num">{formatCount(s.count)}</td>
                <td className="num">{formatSeconds(s.medianWaitingSeconds)}</td>
                <td className="num">{formatSeconds(s.excessSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SegmentTable({ rows, when }: { rows: BottleneckSegment[]; when: (s: BottleneckSegment) => string }) {
  return (
    <table className="table table-compact">
      <thead>
        <tr>
          <th>When</th>
          <th className="num">Times</th>
          <th className="num">Median wait</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={`${s.weekday}:${s.hour}`}>
            <td>{when(s)}</td>
            <td className="num">{formatCount(s.count)}</td>
            <td className="num">{formatSeconds(s.medianWaitingSeconds)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
