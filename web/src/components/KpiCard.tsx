import type { KpiSummary } from "../api";
import { formatKpiChange, formatKpiValue, formatPeriod, formatRelative } from "../format";
import { kpiHref } from "../router";
import { GoalBadge } from "./GoalBadge";
import { Sparkline } from "./Sparkline";

/** How a change reads for this KPI: better, worse or no change. */
export function changeTone(change: number, better: KpiSummary["better"]): "good" | "bad" | "flat" {
  if (change === 0) return "flat";
  return change > 0 === (better === "higher") ? "good" : "bad";
}

/** "8 points in a row below average — week of 20 Oct 2025". */
export function signalText(
  signal: NonNullable<KpiSummary["lastSignal"]>,
  grain: KpiSummary["grain"],
): string {
  return `${signal.description} — ${formatPeriod(signal.period, grain)}`;
}

/**
 * One KPI at a glance: its latest value, the change against the period before, a sparkline, the
 * goal's status and the last unusual point the control chart found. The whole card opens the KPI.
 */
export function KpiCard({ kpi }: { kpi: KpiSummary }) {
  const { latest, previous } = kpi;
  const change =
    latest?.value !== null &&
    latest?.value !== undefined &&
    previous?.value !== null &&
    previous?.value !== undefined
      ? latest.value - previous.value
      : null;
  const relative = change !== null && previous?.value ? change / Math.abs(previous.value) : null;
  const tone = change === null ? "flat" : changeTone(change, kpi.better);

  return (
    <article className="card kpi-card" data-testid={`kpi-card-${kpi.name}`}>
      <div className="kpi-card-head">
        <a className="kpi-card-title stretched" href={kpiHref(kpi.name)} data-testid={`kpi-link-${kpi.name}`}>
          {kpi.label}
        </a>
        <GoalBadge kpi={kpi.name} goal={kpi.goal} />
      </div>
      <div className="kpi-card-body">
        <div className="kpi-card-figures">
          <div className="kpi-card-value" data-testid={`kpi-value-${kpi.name}`}>
            {latest ? formatKpiValue(latest.value, kpi.unit) : "—"}
          </div>
          <div className="kpi-card-period">
            {latest ? formatPeriod(latest.period, kpi.grain) : "no data yet"}
          </div>
        </div>
        <Sparkline
          points={kpi.sparkline}
          label={`${kpi.label}, last ${kpi.sparkline.length} ${kpi.grain}s`}
        />
      </div>
      <div className={`kpi-change kpi-change-${tone}`} data-testid={`kpi-change-${kpi.name}`}>
        {change === null ? (
          <span className="muted">no earlier {kpi.grain} to compare</span>
        ) : (
          <>
            <span aria-hidden="true">{change > 0 ? "▲" : change < 0 ? "▼" : "●"}</span>{" "}
            {relative !== null && kpi.unit !== "%"
              ? formatRelative(relative)
              : formatKpiChange(change, kpi.unit)}
            <span className="kpi-change-vs"> vs the {kpi.grain} before</span>
          </>
        )}
      </div>
      {kpi.lastSignal ? (
        <div className="kpi-signal" data-testid={`kpi-signal-${kpi.name}`}>
          <span className="kpi-signal-mark" aria-hidden="true">
            !
          </span>
          <span>
            <strong>Unusual:</strong> {signalText(kpi.lastSignal, kpi.grain)}
          </span>
        </div>
      ) : (
        <div className="kpi-signal kpi-signal-none">No unusual points</div>
      )}
    </article>
  );
}
