import { AppError } from "../core/index.js";
import { requireDataset } from "../data/index.js";
import { localTime, requireColumn } from "../kpi/index.js";
import { type ColumnInfo, ident, join, raw, type SqlFragment, sql } from "../store/index.js";
import type { Workspace } from "../workspace/index.js";
import type { Experiment } from "./experiment.schema.js";
import { type ResolvedMetric, resolveMetrics, rowIsUnit } from "./metrics.js";
import type { ArmStatistics } from "./stats/index.js";

/** What the exposure dataset holds for one experiment: units per variant and each metric's sums. */
export interface ExperimentData {
  /** Units per listed variant, in the experiment's order (control first). */
  units: number[];
  /** Variant values in the data that the experiment does not list (units left out). */
  unknownVariants: { value: string; units: number }[];
  /** Units seen under more than one variant (left out). */
  multipleVariantUnits: number;
  metrics: { metric: ResolvedMetric; arms: ArmStatistics[] }[];
}

interface MetricColumns {
  x: string;
  y?: string;
  z?: string;
}

function columnNames(metrics: ResolvedMetric[]): MetricColumns[] {
  return metrics.map((m, i) => ({
    x: `x${i}`,
    ...(m.denominator ? { y: `y${i}` } : {}),
    ...(m.covariate ? { z: `z${i}` } : {}),
  }));
}

/** Per-row values as named columns. */
function valueColumns(metrics: ResolvedMetric[], names: MetricColumns[]): SqlFragment[] {
  const out: SqlFragment[] = [];
  metrics.forEach((m, i) => {
    const n = names[i] as MetricColumns;
    out.push(sql`${m.value} as ${ident(n.x)}`);
    if (m.denominator && n.y) out.push(sql`${m.denominator} as ${ident(n.y)}`);
    if (m.covariate && n.z) out.push(sql`${m.covariate} as ${ident(n.z)}`);
  });
  return out;
}

/** A unit's values: the sums of its rows' values. */
function sums(names: MetricColumns[]): SqlFragment[] {
  return names.flatMap((n) =>
    [n.x, n.y, n.z]
      .filter((c): c is string => c !== undefined)
      .map((c) => sql`sum(${ident(c)}) as ${ident(c)}`),
  );
}

/** Sums, sums of squares and cross products per variant. */
function moments(names: MetricColumns[]): SqlFragment[] {
  const out: SqlFragment[] = [];
  for (const { x, y, z } of names) {
    const [X, Y, Z] = [ident(x), y ? ident(y) : undefined, z ? ident(z) : undefined];
    out.push(sql`sum(${X}) as ${ident(`${x}_s`)}`, sql`sum(${X} * ${X}) as ${ident(`${x}_q`)}`);
    if (Y && y) {
      out.push(sql`sum(${Y}) as ${ident(`${y}_s`)}`, sql`sum(${Y} * ${Y}) as ${ident(`${y}_q`)}`);
      out.push(sql`sum(${X} * ${Y}) as ${ident(`${y}_p`)}`);
    }
    if (Z && z) {
      out.push(sql`sum(${Z}) as ${ident(`${z}_s`)}`, sql`sum(${Z} * ${Z}) as ${ident(`${z}_q`)}`);
      out.push(sql`sum(${X} * ${Z}) as ${ident(`${z}_p`)}`);
    }
  }
  return out;
}

function windowConditions(experiment: Experiment, columns: ColumnInfo[], timeZone: string): SqlFragment[] {
  if (!experiment.time) return [];
  const column = requireColumn(columns, experiment.time, "time");
  const local = localTime(column, timeZone);
  const out: SqlFragment[] = [];
  if (experiment.start) out.push(sql`${local} >= cast(${experiment.start} as timestamp)`);
  if (experiment.stop) out.push(sql`${local} < cast(${experiment.stop} as timestamp) + interval 1 day`);
  return out;
}

function armOf(row: Record<string, unknown>, n: MetricColumns): ArmStatistics {
  const num = (key: string): number => Number(row[key] ?? 0);
  const arm: ArmStatistics = { n: num("n"), sum: num(`${n.x}_s`), sumSquares: num(`${n.x}_q`) };
  if (n.y) {
    arm.denominatorSum = num(`${n.y}_s`);
    arm.denominatorSumSquares = num(`${n.y}_q`);
    arm.productSum = num(`${n.y}_p`);
  }
  if (n.z) {
    arm.preSum = num(`${n.z}_s`);
    arm.preSumSquares = num(`${n.z}_q`);
    arm.prePostSumProduct = num(`${n.z}_p`);
  }
  return arm;
}

/**
 * Reads an experiment's units from its exposure dataset in one aggregate query: for each variant the
 * units and, per metric, the sums a test needs. Rows are grouped per unit first unless each row is one.
 */
export async function collectExperimentData(
  workspace: Workspace,
  experiment: Experiment,
): Promise<ExperimentData> {
  await requireDataset(workspace.store, experiment.dataset);
  const columns = await workspace.store.columns("data", experiment.dataset);
  const variantColumn = ident(requireColumn(columns, experiment.variantColumn, "variantColumn").name);
  const unit = experiment.unit ? ident(requireColumn(columns, experiment.unit, "unit").name) : undefined;
  const metrics = resolveMetrics(workspace, experiment, columns);
  const names = columnNames(metrics);
  const where = join(
    [
      sql`${variantColumn} is not null and cast(${variantColumn} as varchar) <> ''`,
      ...windowConditions(experiment, columns, workspace.config.business.timezone),
    ],
    " and ",
  );
  const table = ident("data", experiment.dataset);
  const perRow = rowIsUnit(workspace, experiment);
  const perRowValues = join(valueColumns(metrics, names));
  const rows = perRow
    ? await workspace.store.all(
        sql`select variant, count(*) as n, ${join(moments(names))}
            from (select cast(${variantColumn} as varchar) as variant, ${perRowValues} from ${table} where ${where})
            group by variant`,
      )
    : await unitRows(workspace, experiment, {
        variantColumn,
        unit: unit ?? raw("null"),
        table,
        where,
        perRowValues,
        names,
      });
  return shapeData(experiment, metrics, names, rows);
}

interface UnitQuery {
  variantColumn: SqlFragment;
  unit: SqlFragment;
  table: SqlFragment;
  where: SqlFragment;
  perRowValues: SqlFragment;
  names: MetricColumns[];
}

const UNLISTED = -1;
const SEVERAL = -2;

/**
 * Rows grouped per unit first. Each row's variant becomes its index in the experiment's list (bound
 * values; -1 when not listed) and units are grouped by a 64-bit hash of their id — several times
 * faster than grouping text; with ten million units the chance that any two share a hash is about 3
 * in a million. A unit seen under several variants gets -2. Unlisted variants are named by a second
 * query, only when there are any.
 */
async function unitRows(
  workspace: Workspace,
  experiment: Experiment,
  q: UnitQuery,
): Promise<Record<string, unknown>[]> {
  const names = experiment.variants.map((v) => v.name);
  const code = sql`case ${join(
    names.map((name, i) => sql`when cast(${q.variantColumn} as varchar) = ${name} then ${i}`),
    " ",
  )} else ${UNLISTED} end`;
  const rows = await workspace.store.all(
    sql`select code, count(*) as n, ${join(moments(q.names))}
        from (select case when min(c) = max(c) then min(c) else ${SEVERAL} end as code, ${join(sums(q.names))}
              from (select ${code} as c, hash(${q.unit}) as u, ${q.perRowValues}
                    from ${q.table} where ${q.where} and ${q.unit} is not null)
              group by u)
        group by code`,
  );
  const out: Record<string, unknown>[] = rows
    .filter((r) => Number(r.code) !== UNLISTED)
    .map((r) => ({ ...r, variant: Number(r.code) === SEVERAL ? null : names[Number(r.code)] }));
  if (rows.some((r) => Number(r.code) === UNLISTED)) {
    // Units seen only under unlisted variants, by variant; those under two unlisted ones count as several.
    const unlisted = await workspace.store.all(
      sql`select case when v = w then v end as variant, count(*) as n from (
            select min(v) as v, max(v) as w from (
              select cast(${q.variantColumn} as varchar) as v, ${code} as c, hash(${q.unit}) as u
              from ${q.table} where ${q.where} and ${q.unit} is not null)
            group by u having max(c) = ${UNLISTED}) group by all`,
    );
    out.push(...unlisted);
  }
  return out;
}

function shapeData(
  experiment: Experiment,
  metrics: ResolvedMetric[],
  names: MetricColumns[],
  rows: Record<string, unknown>[],
): ExperimentData {
  const byVariant = new Map(rows.filter((r) => r.variant !== null).map((r) => [String(r.variant), r]));
  const listed = new Set(experiment.variants.map((v) => v.name));
  const multiple = rows.filter((r) => r.variant === null).reduce((total, r) => total + Number(r.n), 0);
  const empty = { n: 0 };
  const data: ExperimentData = {
    units: experiment.variants.map((v) => Number(byVariant.get(v.name)?.n ?? 0)),
    unknownVariants: [...byVariant.entries()]
      .filter(([value]) => !listed.has(value))
      .map(([value, r]) => ({ value, units: Number(r.n) }))
      .sort((a, b) => b.units - a.units),
    multipleVariantUnits: multiple,
    metrics: metrics.map((metric, i) => ({
      metric,
      arms: experiment.variants.map((v) => armOf(byVariant.get(v.name) ?? empty, names[i] as MetricColumns)),
    })),
  };
  if (data.units.every((n) => n === 0)) {
    throw new AppError(
      "NO_DATA",
      `No units of experiment "${experiment.name}" in ${experiment.dataset}${experiment.start ? ` between ${experiment.start} and ${experiment.stop ?? "now"}` : ""}: no row has ${experiment.variantColumn} = ${experiment.variants.map((v) => `"${v.name}"`).join(" or ")}. Check variantColumn, the variant names and the dates.`,
      { experiment: experiment.name },
    );
  }
  return data;
}
