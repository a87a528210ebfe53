import type { KpiSummary } from "../api";
import { formatKpiChange, formatKpiValue, formatPeriod, formatRelative, isPeriodComplete } from "../format";
import { headline, kpiLabel } from "../kpi-data";
import { kpiHref } from "../router";
import { GoalBadge } from "./GoalBadge";
import { Sparkline } from "./Sparkline";

/** How a change reads for this KPI: better, worse or no change. */
export function changeTone(change: number, better: KpiSummary["better"]): "good" | "bad" | "flat" {
  if (change === 0) return "flat";
  return change > 0 === (better === "higher") ? "good" : "bad";
}

/** "9 points in a row below the centre line — week of 20 Oct 2025". */
export function signalText(
  signal: NonNullable<KpiSummary["lastSignal"]>,
  grain: KpiSummary["grain"],
  lastData: number | null = null,
): string {
  const running = isPeriodComplete(signal.period, grain, lastData) ? "" : ` (still running)`;
  return `${signal.description} — ${formatPeriod(signal.period, grain)}${running}`;
}

/** "+4.2%" for most KPIs; "+0.3 pts" for percentages, where a relative change would confuse. */
export function changeText(change: number, before: number | null, unit: KpiSummary["unit"]): string {
  return before && unit !== "%" ? formatRelative(change / Math.abs(before)) : formatKpiChange(change, unit);
}

/**
 * One KPI at a glance: its latest complete value, the change against the period before, a
 * sparkline, the goal's status and the last unusual point the control chart found. The whole card
 * opens the KPI's page.
 */
export function KpiCard({ kpi, lastData }: { kpi: KpiSummary; lastData: number | null }) {
  const { latest, previous, running } = headline(kpi, lastData);
  const label = kpiLabel(kpi);
  const change = latest?.value != null && previous?.value != null ? latest.value - previous.value : null;
  const tone = change === null ? "flat" : changeTone(change, kpi.better);

  return (
    <article className="card kpi-card" data-testid={`kpi-card-${kpi.name}`}>
      <div className="kpi-card-head">
        <a className="kpi-card-title stretched" href={kpiHref(kpi.name)} data-testid={`kpi-link-${kpi.name}`}>
          {label}
        </a>
        <GoalBadge kpi={kpi.name} goal={kpi.goal} />
      </div>
      <div className="kpi-card-body">
        <div className="kpi-card-figures">
          <div className="kpi-card-value" data-testid={`kpi-value-${kpi.name}`}>
            {latest ? formatKpiValue(latest.value, kpi.unit) : "—"}
          </div>
          <div className="kpi-card-period" data-testid={`kpi-period-${kpi.name}`}>
            {latest ? formatPeriod(latest.period, kpi.grain) : "no data yet"}
          </div>
        </div>
        <Sparkline
          points={kpi.sparkline}
          partialLast={running !== null}
          label={`${label}, last ${kpi.sparkline.length} ${kpi.grain}s`}
        />
      </div>
      <div className={`kpi-change kpi-change-${tone}`} data-testid={`kpi-change-${kpi.name}`}>
        {change === null || !previous ? (
          <span className="muted">no earlier {kpi.grain} to compare</span>
        ) : (
          <>
            <span aria-hidden="true">{change > 0 ? "▲" : change < 0 ? "▼" : "●"}</span>{" "}
            {changeText(change, previous.value, kpi.unit)}
            <span className="kpi-change-vs"> vs the {kpi.grain} before</span>
          </>
        )}
      </div>
      {running && running.value !== null && (
        <div className="kpi-running" data-testid={`kpi-running-${kpi.name}`}>
          {formatPeriod(running.period, kpi.grain)} so far: {formatKpiValue(running.value, kpi.unit)}
        </div>
      )}
      {kpi.lastSignal ? (
        <div className="kpi-signal" data-testid={`kpi-signal-${kpi.name}`}>
          <span className="kpi-signal-mark" aria-hidden="true">
            !
          </span>
          <span>
            <strong>Unusual:</strong> {signalText(kpi.lastSignal, kpi.grain, lastData)}
          </span>
        </div>
      ) : (
        <div className="kpi-signal kpi-signal-none">No unusual points</div>
      )}
    </article>
  );
}
