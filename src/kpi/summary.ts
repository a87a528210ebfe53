import type { Clock } from "../core/effects.js";
import type { Workspace } from "../workspace/index.js";
import { completePoints, evaluateKpi } from "./evaluate.js";
import { evaluateGoal, type GoalStatus } from "./goals.js";
import type { Kpi } from "./kpi.schema.js";
import { monitorKpi } from "./monitor-kpi.js";

export interface KpiSummary extends Kpi {
  latest: { period: string; value: number | null } | null;
  previous: { period: string; value: number | null } | null;
  sparkline: { period: string; value: number | null }[];
  goal: GoalStatus | null;
  lastSignal: { chart: string; rule: number; period: string; description: string } | null;
}

const SPARKLINE = 30;

/** One KPI with its latest value, a sparkline, its goal's status and its latest control-chart signal. */
export async function summarizeKpi(workspace: Workspace, kpi: Kpi, clock: Clock): Promise<KpiSummary> {
  const series = await evaluateKpi(workspace, kpi);
  // A week or month the data covers only in part would read as a drop.
  const points = completePoints(series.points);
  const goal = workspace.config.goals.find((g) => g.kpi === kpi.name);
  const monitor =
    points.filter((p) => p.value !== null).length >= 2
      ? await monitorKpi(workspace, kpi, {}, clock, series)
      : null;
  const last = monitor?.signals[monitor.signals.length - 1];
  return {
    ...kpi,
    latest: points[points.length - 1] ?? null,
    previous: points[points.length - 2] ?? null,
    sparkline: points.slice(-SPARKLINE).map((p) => ({ period: p.period, value: p.value })),
    goal: goal ? await evaluateGoal(workspace, goal, clock, { ...series, points }) : null,
    lastSignal:
      last && monitor
        ? { chart: monitor.chart, rule: last.rule, period: last.period, description: last.description }
        : null,
  };
}

/** Every KPI with its latest value, a sparkline, its goal's status and its latest control-chart signal. */
export async function summarizeKpis(workspace: Workspace, clock: Clock): Promise<KpiSummary[]> {
  const out: KpiSummary[] = [];
  for (const kpi of workspace.config.kpis) out.push(await summarizeKpi(workspace, kpi, clock));
  return out;
}
