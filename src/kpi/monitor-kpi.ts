import type { Clock } from "../core/effects.js";
import { type ChartKind, type ChartResult, computeControlChart, type RuleSet } from "../monitor/index.js";
import { sql } from "../store/index.js";
import type { Workspace } from "../workspace/index.js";
import { completePoints, type EvaluateOptions, evaluateKpi, type KpiSeries } from "./evaluate.js";
import type { Kpi } from "./kpi.schema.js";

export interface KpiMonitor {
  kpi: string;
  chart: ChartKind;
  rules: RuleSet;
  center: number;
  ucl: number | number[];
  lcl: number | number[];
  sigma: number;
  points: { period: string; value: number; ucl: number; lcl: number }[];
  signals: { rule: number; index: number; period: string; description: string }[];
  result: ChartResult;
}

export interface Signal {
  kpi: string;
  chart: string;
  rule: number;
  period: string;
  description: string;
  createdAt: string;
}

/**
 * Puts a KPI's series on an individuals (XmR) control chart (the chart for one value per period),
 * finds the points that break the rules, and stores each new signal once as an event.
 */
export async function monitorKpi(
  workspace: Workspace,
  kpi: Kpi,
  options: EvaluateOptions & { chart?: ChartKind; rules?: RuleSet; baselinePeriods?: number },
  clock: Clock,
  /** The KPI's series at its own grain, when the caller has it already. */
  evaluated?: KpiSeries,
): Promise<KpiMonitor> {
  const series = evaluated ?? (await evaluateKpi(workspace, kpi, options));
  const points = completePoints(series.points).filter(
    (p): p is { period: string; value: number } => p.value !== null,
  );
  const chart = options.chart ?? "xmr";
  const rules = options.rules ?? "nelson";
  const result = computeControlChart({
    kind: chart,
    values: points.map((p) => p.value),
    periods: points.map((p) => p.period),
    rules,
    ...(options.baselinePeriods
      ? { baseline: { from: 0, to: Math.min(options.baselinePeriods, points.length) } }
      : {}),
  });
  const limit = (bound: number | number[], i: number) =>
    Array.isArray(bound) ? (bound[i] as number) : bound;
  const signals = result.signals.map((s) => ({
    rule: s.rule,
    index: s.index,
    period: points[s.index]?.period ?? "",
    description: s.description,
  }));
  await storeSignals(workspace, kpi.name, chart, signals, clock);
  return {
    kpi: kpi.name,
    chart,
    rules,
    center: result.center,
    ucl: result.ucl,
    lcl: result.lcl,
    sigma: result.sigma,
    points: points.map((p, i) => ({
      period: p.period,
      value: result.statistics[i] ?? p.value,
      ucl: limit(result.ucl, i),
      lcl: limit(result.lcl, i),
    })),
    signals,
    result,
  };
}

/** Stores signals as events, once each (kpi, chart, rule, period), for automation to act on. */
async function storeSignals(
  workspace: Workspace,
  kpi: string,
  chart: string,
  signals: { rule: number; period: string; description: string }[],
  clock: Clock,
): Promise<void> {
  if (signals.length === 0) return;
  const now = clock.now();
  await workspace.store.transaction(async (tx) => {
    for (const s of signals) {
      await tx.run(
        sql`insert into app.events (kind, source, key, period, payload, created_at)
            values ('signal', ${kpi}, ${`${kpi}|${chart}|${s.rule}|${s.period}`}, ${s.period},
            ${JSON.stringify({ kpi, chart, rule: s.rule, period: s.period, description: s.description })}, ${now})
            on conflict (key) do nothing`,
      );
    }
  });
}

/** Stored signals, newest period first. */
export async function listSignals(workspace: Workspace, kpi?: string): Promise<Signal[]> {
  const rows = await workspace.store.all(
    sql`select payload, created_at from app.events where kind = 'signal' ${kpi ? sql`and source = ${kpi}` : sql``}
        order by period desc, id desc limit 1000`,
  );
  return rows.map((r) => {
    const payload = JSON.parse(String(r.payload)) as Omit<Signal, "createdAt">;
    return { ...payload, createdAt: String(r.created_at) };
  });
}
