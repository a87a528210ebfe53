import { AppError } from "../core/errors.js";
import { closest } from "../core/validation.js";
import { requireDataset } from "../data/index.js";
import type { Workspace } from "../workspace/index.js";
import { compileCoverageQuery, compileKpiQuery, isAdditive, zeroWhenEmpty } from "./compile-kpi.js";
import type { Grain, Kpi } from "./kpi.schema.js";
import { nextPeriod, parseBound, periodRange } from "./periods.js";

export interface KpiPoint {
  period: string;
  value: number | null;
  segments?: Record<string, number | null>;
  /** The data covers only part of this week, month or quarter (the first or the last). */
  partial?: true;
}

export interface KpiSeries {
  kpi: string;
  label: string;
  unit: string | null;
  better: "higher" | "lower";
  grain: Grain;
  by?: string;
  points: KpiPoint[];
}

export interface EvaluateOptions {
  from?: string;
  to?: string;
  grain?: Grain;
  by?: string;
  filter?: string;
}

/** Finds a KPI of the workspace by name, with a did-you-mean error. */
export function findKpi(workspace: Workspace, name: string): Kpi {
  const kpi = workspace.config.kpis.find((k) => k.name === name);
  if (kpi) return kpi;
  const names = workspace.config.kpis.map((k) => k.name);
  const hint = closest(name, names);
  throw new AppError(
    "NOT_FOUND",
    `No KPI "${name}"${hint ? `; did you mean "${hint}"?` : names.length ? `; KPIs are ${names.join(", ")}.` : "; add one with `opsloop kpi add`."}`,
    { kpi: name, kpis: names },
  );
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * Evaluates a KPI per period: one compiled, parameterised query over its dataset (two with --by: the
 * total and the split), with every period between the first and the last present — additive KPIs
 * are 0 in a period without rows, others have no value (null).
 */
export async function evaluateKpi(
  workspace: Workspace,
  kpi: Kpi,
  options: EvaluateOptions = {},
): Promise<KpiSeries> {
  await requireDataset(workspace.store, kpi.dataset);
  const columns = await workspace.store.columns("data", kpi.dataset);
  const grain = options.grain ?? kpi.grain;
  const { timezone, weekStart } = workspace.config.business;
  const base = {
    grain,
    timeZone: timezone,
    weekStart,
    ...(options.filter ? { filter: options.filter } : {}),
    ...(options.from ? { from: parseBound(options.from, "--from") } : {}),
    ...(options.to ? { to: parseBound(options.to, "--to") } : {}),
  };
  if (base.from && base.to && base.from >= base.to)
    throw new AppError("USAGE", `--from ${options.from} is not before --to ${options.to}.`);
  const totals = await workspace.store.all(compileKpiQuery(kpi, columns, base));
  const split = options.by
    ? await workspace.store.all(compileKpiQuery(kpi, columns, { ...base, by: options.by }))
    : [];
  const empty = zeroWhenEmpty(kpi.measure) ? 0 : null;
  const byPeriod = new Map(totals.map((row) => [String(row.period), toNumber(row.value)]));
  const segments = new Map<string, Record<string, number | null>>();
  const segmentNames = new Set<string>();
  for (const row of split) {
    const period = String(row.period);
    const record = segments.get(period) ?? {};
    record[String(row.segment)] = toNumber(row.value);
    segmentNames.add(String(row.segment));
    segments.set(period, record);
  }
  const labels = totals.map((row) => String(row.period));
  const points: KpiPoint[] = [];
  if (labels.length > 0) {
    const first = labels[0] as string;
    const last = labels[labels.length - 1] as string;
    for (const period of periodRange(first, last, grain)) {
      const point: KpiPoint = {
        period,
        value: byPeriod.has(period) ? (byPeriod.get(period) ?? empty) : empty,
      };
      if (options.by) {
        const record = segments.get(period) ?? {};
        const filled: Record<string, number | null> = {};
        for (const name of [...segmentNames].sort())
          filled[name] = name in record ? (record[name] ?? null) : empty;
        point.segments = filled;
      }
      points.push(point);
    }
  }
  await markPartialPeriods(workspace, kpi, columns, points, grain, base.from, base.to);
  return {
    kpi: kpi.name,
    label: kpi.label ?? kpi.name,
    unit: kpi.unit ?? null,
    better: kpi.better,
    grain,
    ...(options.by ? { by: options.by } : {}),
    points,
  };
}

const DAY_MS = 86_400_000;
const asMs = (local: string) => Date.parse(`${local.replace(" ", "T")}Z`);

/**
 * Marks the first and last week, month or quarter as partial when the data (or the requested range)
 * starts more than a day into it or ends more than a day before its end, so that a half week is not
 * read as a drop.
 */
async function markPartialPeriods(
  workspace: Workspace,
  kpi: Kpi,
  columns: Awaited<ReturnType<Workspace["store"]["columns"]>>,
  points: KpiPoint[],
  grain: Grain,
  from: string | undefined,
  to: string | undefined,
): Promise<void> {
  if (points.length === 0 || grain === "day" || grain === "hour") return;
  const coverage = await workspace.store.first(
    compileCoverageQuery(kpi, columns, workspace.config.business.timezone),
  );
  if (!coverage?.first || !coverage.last) return;
  const start = Math.max(asMs(String(coverage.first)), from ? asMs(from) : Number.NEGATIVE_INFINITY);
  const end = Math.min(asMs(String(coverage.last)), to ? asMs(to) - 1 : Number.POSITIVE_INFINITY);
  const first = points[0] as KpiPoint;
  const last = points[points.length - 1] as KpiPoint;
  if (start >= asMs(first.period) + DAY_MS) first.partial = true;
  if (end < asMs(nextPeriod(last.period, grain)) - DAY_MS) last.partial = true;
}

/** The points whose periods the data covers completely. */
export function completePoints(points: KpiPoint[]): KpiPoint[] {
  return points.filter((p) => !p.partial);
}

export { isAdditive };
