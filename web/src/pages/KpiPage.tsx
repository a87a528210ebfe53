import { useCallback, useMemo, useState } from "react";
import {
  deleteKpi,
  type GoalStatus,
  getKpiForecast,
  getKpiMonitor,
  getKpiSeries,
  KPI_GRAINS,
  type KpiGrain,
  type KpiSeries,
  type KpiSummary,
  listKpis,
  type MonitorResult,
  type RuleSet,
} from "../api";
import { GoalBadge } from "../components/GoalBadge";
import { GoalEditor } from "../components/GoalEditor";
import { changeTone, signalText } from "../components/KpiCard";
import { KpiChart, segmentNames } from "../components/KpiChart";
import { ErrorNotice, Loading } from "../components/Status";
import { WhatChanged } from "../components/WhatChanged";
import {
  formatKpiChange,
  formatKpiValue,
  formatPeriod,
  formatRelative,
  isoDate,
  isPeriodComplete,
} from "../format";
import { headline, kpiLabel, lastDataTime } from "../kpi-data";
import { datasetHref } from "../router";
import { useLoad } from "../use-load";

const DAY = 86_400_000;

/** Periods ahead to forecast, by grain: four weeks of days, a quarter of weeks… */
const HORIZON: Record<KpiGrain, number> = { hour: 48, day: 28, week: 12, month: 6, quarter: 4 };

const ADDITIVE = new Set(["sum", "count", "count_distinct"]);

/** The KPI's definition in plain words: "sum of amount in sales, per week by sold_at". */
export function describeMeasure(measure: KpiSummary["measure"]): string {
  const simple = (m: Record<string, unknown>): string => {
    const of = typeof m.of === "string" ? m.of : "";
    const where = typeof m.where === "string" ? ` where ${m.where}` : "";
    switch (m.kind) {
      case "count":
        return `number of rows${where}`;
      case "sum":
        return `sum of ${of}${where}`;
      case "avg":
        return `average of ${of}${where}`;
      case "min":
        return `lowest ${of}${where}`;
      case "max":
        return `highest ${of}${where}`;
      case "count_distinct":
        return `number of distinct ${of}${where}`;
      case "percentile":
        return `${Math.round(Number(m.p ?? 0.5) * 100)}th percentile of ${of}${where}`;
      default:
        return String(m.kind);
    }
  };
  if (measure.kind === "ratio") {
    const num = measure.numerator as Record<string, unknown>;
    const den = measure.denominator as Record<string, unknown>;
    const scale = typeof measure.scale === "number" && measure.scale !== 1 ? ` × ${measure.scale}` : "";
    return `${simple(num)} ÷ ${simple(den)}${scale}`;
  }
  if (measure.kind === "repeat_rate") return "share of customers who ordered more than once";
  return simple(measure);
}

/** A load that waits for its inputs: it never settles, and the next change of inputs replaces it. */
function pending<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

async function loadKpi(name: string): Promise<KpiSummary | null> {
  const kpis = await listKpis();
  return kpis.find((k) => k.name === name) ?? null;
}

export function KpiPage({ name }: { name: string }) {
  const summary = useLoad(() => loadKpi(name), [name]);
  const kpi = summary.data ?? null;
  const [goalOverride, setGoalOverride] = useState<GoalStatus | null | undefined>(undefined);
  const goal = goalOverride !== undefined ? goalOverride : (kpi?.goal ?? null);

  const crumbs = (
    <nav className="crumbs" aria-label="Breadcrumb">
      <a href="#/kpis">KPIs</a>
      <span aria-hidden="true">/</span>
      <span aria-current="page">{kpi ? kpiLabel(kpi) : name}</span>
    </nav>
  );

  if (summary.status === "error") {
    return (
      <>
        {crumbs}
        <ErrorNotice error={summary.error} what={`KPI ${name}`} onRetry={summary.reload} />
      </>
    );
  }
  if (summary.data === undefined) {
    return (
      <>
        {crumbs}
        <Loading what={`KPI ${name}`} />
      </>
    );
  }
  if (!kpi) {
    return (
      <>
        {crumbs}
        <div className="empty" data-testid="kpi-missing">
          <div className="empty-title">There is no KPI called “{name}”</div>
          <div className="empty-body">
            See the <a href="#/kpis">list of KPIs</a>.
          </div>
        </div>
      </>
    );
  }
  return (
    <>
      {crumbs}
      <KpiDetail kpi={kpi} goal={goal} onGoalChange={setGoalOverride} />
    </>
  );
}

function KpiDetail({
  kpi,
  goal,
  onGoalChange,
}: {
  kpi: KpiSummary;
  goal: GoalStatus | null;
  onGoalChange: (goal: GoalStatus | null) => void;
}) {
  const [grain, setGrain] = useState<KpiGrain>(kpi.grain);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [chart, setChart] = useState<"xmr" | "none">("xmr");
  const [rules, setRules] = useState<RuleSet>("nelson");
  const [by, setBy] = useState("");

  // The last moment with data: it tells a complete period from one still running.
  const lastRow = useLoad(() => lastDataTime(kpi.dataset, kpi.time), [kpi.dataset, kpi.time]);
  const lastData = lastRow.data ?? null;
  const lastKnown = lastRow.status !== "loading";
  const label = kpiLabel(kpi);

  const isComplete = useCallback(
    (period: string, g: KpiGrain = kpi.grain) => isPeriodComplete(period, g, lastData),
    [lastData, kpi.grain],
  );

  // Hours over years would be tens of thousands of points: without a range, show the last two weeks.
  const effectiveFrom = from || (grain === "hour" && lastData !== null ? isoDate(lastData - 13 * DAY) : "");
  const query = { grain, from: effectiveFrom || undefined, to: to || undefined };

  // For hours the range waits for the last moment with data; other grains load at once.
  const ready = grain !== "hour" || from !== "" || lastKnown;
  const series = useLoad(
    () => (ready ? getKpiSeries(kpi.name, { ...query, by: by || undefined }) : pending<KpiSeries>()),
    [kpi.name, grain, effectiveFrom, to, by, ready],
  );
  const monitor = useLoad(
    () =>
      !ready
        ? pending<MonitorResult | null>()
        : chart === "xmr" && !by
          ? getKpiMonitor(kpi.name, { chart: "xmr", rules, ...query })
          : Promise.resolve(null),
    [kpi.name, grain, effectiveFrom, to, chart, rules, by, ready],
  );
  const showForecast = !by && !to;
  const forecast = useLoad(
    () =>
      showForecast ? getKpiForecast(kpi.name, { grain, horizon: HORIZON[grain] }) : Promise.resolve(null),
    [kpi.name, grain, showForecast],
  );
  // The KPI at its own grain, for the periods "What changed" can compare.
  const periods = useLoad(() => getKpiSeries(kpi.name), [kpi.name]);
  const periodList = useMemo(() => periods.data?.points.map((p) => p.period) ?? [], [periods.data]);
  const completeAtKpiGrain = useCallback((p: string) => isComplete(p, kpi.grain), [isComplete, kpi.grain]);

  const current = series.data;
  // Limits and forecast only once they answer for the chart's current grain and range, never an
  // earlier answer for another grain.
  const shownMonitor = current?.by || monitor.status !== "ok" ? null : monitor.data;
  const last = current?.points.at(-1);
  // The server marks a first or last period the data covers only in part; the last moment with
  // data tells the same for the last period where it does not.
  const partialFirst = Boolean(current?.points[0]?.partial);
  const partialLast = Boolean(
    last && (last.partial || (lastData !== null && !isComplete(last.period, grain))),
  );

  const { latest, previous, running } = headline(kpi, lastData);
  const change = latest?.value != null && previous?.value != null ? latest.value - previous.value : null;

  return (
    <>
      <div className="page-head">
        <h1 data-testid="kpi-title">
          {label}
          <GoalBadge kpi={kpi.name} goal={goal} />
        </h1>
        {kpi.description && <p className="lede">{kpi.description}</p>}
        <p className="lede lede-small" data-testid="kpi-definition">
          The {describeMeasure(kpi.measure)}
          {kpi.filter ? `, counting only rows where ${kpi.filter}` : ""}, per {kpi.grain}, from{" "}
          <a href={datasetHref(kpi.dataset)}>{kpi.dataset}</a> by <code>{kpi.time}</code>.{" "}
          {kpi.better === "higher" ? "Higher" : "Lower"} is better.
        </p>
        <dl className="facts">
          <div>
            <dt>{latest ? formatPeriod(latest.period, kpi.grain) : "Latest"}</dt>
            <dd className="fact-big" data-testid="kpi-latest">
              {formatKpiValue(latest?.value, kpi.unit)}
            </dd>
          </div>
          {change !== null && previous && (
            <div>
              <dt>Against the {kpi.grain} before</dt>
              <dd className={`fact-big kpi-change-${changeTone(change, kpi.better)}`}>
                {formatKpiChange(change, kpi.unit)}
                {previous.value && kpi.unit !== "%" ? (
                  <span className="fact-small"> {formatRelative(change / Math.abs(previous.value))}</span>
                ) : null}
              </dd>
            </div>
          )}
          {running && (
            <div>
              <dt>{formatPeriod(running.period, kpi.grain)}, still running</dt>
              <dd className="fact-big fact-muted">
                {formatKpiValue(running.value, kpi.unit)}
                <span className="fact-small"> so far</span>
              </dd>
            </div>
          )}
          {goal && (
            <div>
              <dt>Goal</dt>
              <dd className="fact-big">
                {formatKpiValue(goal.target, kpi.unit)}
                <span className="fact-small"> by {formatPeriod(goal.deadline, "day")}</span>
              </dd>
            </div>
          )}
          {kpi.lastSignal && (
            <div className="fact-signal">
              <dt>Last unusual point</dt>
              <dd data-testid="kpi-last-signal">{signalText(kpi.lastSignal, kpi.grain, lastData)}</dd>
            </div>
          )}
        </dl>
      </div>

      <section className="section" aria-labelledby="chart-title">
        <div className="section-head">
          <h2 id="chart-title">Over time</h2>
          <p className="section-note">
            {by
              ? `One line per ${by}. Control limits and the forecast are for the total, so they are hidden while the chart is split.`
              : "Points outside the control limits, or in unusual runs, are marked; hover a point for the rule it broke."}
          </p>
        </div>
        <div className="card chart-panel">
          <div className="controls" data-testid="kpi-controls">
            <div className="field">
              <label htmlFor="kpi-grain-select">Per</label>
              <select
                id="kpi-grain-select"
                value={grain}
                onChange={(e) => setGrain(e.target.value as KpiGrain)}
                data-testid="kpi-grain-select"
              >
                {KPI_GRAINS.map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="kpi-from">From</label>
              <input
                id="kpi-from"
                type="date"
                value={from}
                max={to || undefined}
                onChange={(e) => setFrom(e.target.value)}
                data-testid="kpi-from"
              />
            </div>
            <div className="field">
              <label htmlFor="kpi-to">Until</label>
              <input
                id="kpi-to"
                type="date"
                value={to}
                min={from || undefined}
                onChange={(e) => setTo(e.target.value)}
                data-testid="kpi-to"
              />
            </div>
            <div className="field">
              <label htmlFor="kpi-chart-type">Control chart</label>
              <select
                id="kpi-chart-type"
                value={chart}
                onChange={(e) => setChart(e.target.value as "xmr" | "none")}
                disabled={Boolean(by)}
                data-testid="kpi-chart-type"
              >
                <option value="xmr">XmR (individual values)</option>
                <option value="none">none</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="kpi-rules">Rules</label>
              <select
                id="kpi-rules"
                value={rules}
                onChange={(e) => setRules(e.target.value as RuleSet)}
                disabled={Boolean(by) || chart === "none"}
                data-testid="kpi-rules"
              >
                <option value="nelson">Nelson</option>
                <option value="western-electric">Western Electric</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="kpi-split">Split by</label>
              <select
                id="kpi-split"
                value={by}
                onChange={(e) => setBy(e.target.value)}
                disabled={kpi.dimensions.length === 0}
                data-testid="kpi-split"
              >
                <option value="">{kpi.dimensions.length === 0 ? "no dimensions" : "nothing (total)"}</option>
                {kpi.dimensions.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </div>
            {(from || to) && (
              <button
                type="button"
                className="button button-small controls-reset"
                onClick={() => {
                  setFrom("");
                  setTo("");
                }}
              >
                All dates
              </button>
            )}
          </div>

          {series.status === "error" && (
            <ErrorNotice error={series.error} what={`${label} over time`} onRetry={series.reload} />
          )}
          {!current && series.status === "loading" && <Loading what={`${label} over time`} />}
          {current && current.points.length === 0 && (
            <div className="empty" data-testid="kpi-chart-empty">
              <div className="empty-title">No data in this range</div>
              <div className="empty-body">Choose other dates, or all dates.</div>
            </div>
          )}
          {current && current.points.length > 0 && (
            <div className={series.status === "loading" ? "is-stale-block" : undefined}>
              <KpiChart
                series={current}
                monitor={shownMonitor}
                forecast={current.by || forecast.status !== "ok" ? null : forecast.data}
                goal={current.by || to || grain !== kpi.grain ? null : goal}
                total={ADDITIVE.has(kpi.measure.kind) ? "hidden" : "dimmed"}
                partialFirst={partialFirst}
                partialLast={partialLast}
                height={360}
              />
              <ChartNotes
                monitorError={
                  !by && chart === "xmr" && monitor.status === "error" ? monitor.error.message : null
                }
                forecastError={showForecast && forecast.status === "error" ? forecast.error.message : null}
              />
              <NumbersTable
                series={current}
                monitor={shownMonitor}
                partialFirst={partialFirst}
                partialLast={partialLast}
              />
            </div>
          )}
        </div>
      </section>

      <section className="section" aria-labelledby="explain-title">
        <div className="section-head">
          <h2 id="explain-title">What changed</h2>
          <p className="section-note">
            Compare two {kpi.grain}s and see which segments moved {label}.
          </p>
        </div>
        {periods.status === "error" && (
          <ErrorNotice
            error={periods.error}
            what={`the ${kpi.grain}s of ${label}`}
            onRetry={periods.reload}
          />
        )}
        {(!periods.data || !lastKnown) && periods.status === "loading" && <Loading what="the periods" />}
        {periods.data && lastKnown && (
          <WhatChanged kpi={kpi} periods={periodList} isComplete={completeAtKpiGrain} />
        )}
      </section>

      <section className="section" aria-labelledby="goal-title">
        <div className="section-head">
          <h2 id="goal-title">Goal</h2>
          <p className="section-note">A SMART goal: a baseline, a target per {kpi.grain} and a deadline.</p>
        </div>
        {lastKnown ? (
          <GoalEditor kpi={kpi} goal={goal} lastData={lastData} onChange={onGoalChange} />
        ) : (
          <Loading what="the goal" />
        )}
      </section>

      <RemoveKpi kpi={kpi} />
    </>
  );
}

function ChartNotes({
  monitorError,
  forecastError,
}: {
  monitorError: string | null;
  forecastError: string | null;
}) {
  if (!monitorError && !forecastError) return null;
  return (
    <ul className="chart-notes" data-testid="kpi-chart-notes">
      {monitorError && <li>No control limits: {monitorError}</li>}
      {forecastError && <li>No forecast: {forecastError}</li>}
    </ul>
  );
}

/** The chart's values as a table, for reading exact numbers and for screen readers. */
function NumbersTable({
  series,
  monitor,
  partialFirst,
  partialLast,
}: {
  series: KpiSeries;
  monitor: MonitorResult | null;
  partialFirst: boolean;
  partialLast: boolean;
}) {
  const firstPeriod = series.points[0]?.period;
  const lastPeriod = series.points.at(-1)?.period;
  const segments = series.by ? segmentNames(series) : [];
  const signals = new Map<string, string[]>();
  for (const s of monitor?.signals ?? [])
    signals.set(s.period, [...(signals.get(s.period) ?? []), s.description]);
  const limits = new Map(monitor?.points.map((p) => [p.period, p]) ?? []);
  const fmt = (v: number | null | undefined) => formatKpiValue(v, series.unit);
  const rows = [...series.points].reverse();
  return (
    <details className="numbers">
      <summary>See the numbers</summary>
      <div className="table-wrap numbers-wrap">
        <table className="table table-compact" data-testid="kpi-numbers" data-by={series.by ?? ""}>
          <thead>
            <tr>
              <th>{series.grain[0]?.toUpperCase() + series.grain.slice(1)}</th>
              {segments.map((s) => (
                <th key={s} className="num">
                  {s}
                </th>
              ))}
              <th className="num">{series.by ? "Total" : series.label}</th>
              {monitor && <th className="num">Expected range</th>}
              {monitor && <th>Unusual</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => {
              const limit = limits.get(p.period);
              return (
                <tr key={p.period} data-period={p.period}>
                  <td className="nowrap">
                    {formatPeriod(p.period, series.grain)}
                    {((partialLast && p.period === lastPeriod) ||
                      (partialFirst && p.period === firstPeriod)) && (
                      <span className="muted"> (partly covered)</span>
                    )}
                  </td>
                  {segments.map((s) => (
                    <td key={s} className="num" data-segment={s} data-value={p.segments?.[s] ?? ""}>
                      {fmt(p.segments?.[s])}
                    </td>
                  ))}
                  <td className="num" data-segment="total" data-value={p.value ?? ""}>
                    {fmt(p.value)}
                  </td>
                  {monitor && (
                    <td className="num muted">
                      {limit && limit.lcl !== null && limit.ucl !== null
                        ? `${fmt(limit.lcl)} – ${fmt(limit.ucl)}`
                        : "—"}
                    </td>
                  )}
                  {monitor && <td className="small">{signals.get(p.period)?.join("; ") ?? ""}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function RemoveKpi({ kpi }: { kpi: KpiSummary }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await deleteKpi(kpi.name);
      window.location.hash = "#/kpis";
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
    }
  };
  return (
    <section className="section danger-zone" aria-label="Remove the KPI">
      {confirming ? (
        <div className="danger-confirm">
          <span>
            Remove <strong>{kpiLabel(kpi)}</strong> and its goal from opsloop.yaml? The data stays.
          </span>
          <button
            type="button"
            className="button button-danger"
            onClick={remove}
            disabled={busy}
            data-testid="kpi-remove-confirm"
          >
            Remove
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)} disabled={busy}>
            Keep it
          </button>
          {error && <span className="text-error">{error}</span>}
        </div>
      ) : (
        <button
          type="button"
          className="button button-quiet"
          onClick={() => setConfirming(true)}
          data-testid="kpi-remove"
        >
          Remove this KPI…
        </button>
      )}
    </section>
  );
}
