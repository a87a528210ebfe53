import { AppError } from "../core/errors.js";
import { requireDataset } from "../data/index.js";
import { type ColumnInfo, ident, type SqlFragment, sql } from "../store/index.js";
import type { Workspace } from "../workspace/index.js";
import { compileKpiQuery, compileMeasure, requireColumn } from "./compile-kpi.js";
import { compileCondition } from "./expression.js";
import type { Grain, Kpi, Measure, SimpleMeasure } from "./kpi.schema.js";
import { type PeriodSpan, parsePeriod } from "./periods.js";

export interface Driver {
  dimension: string;
  segment: string;
  before: number | null;
  after: number | null;
  /** How much of the KPI's change this segment accounts for, in the KPI's unit. */
  contribution: number;
  /** contribution / total change (1 = all of it; above 1 when others moved the other way). */
  share: number | null;
  /** For ratios and averages: the part due to the segment's weight changing. */
  mix?: number;
  /** For ratios and averages: the part due to the segment's own rate changing. */
  rate?: number;
}

export interface Explanation {
  kpi: string;
  label: string;
  unit: string | null;
  grain: Grain;
  period: PeriodSpan;
  vs: PeriodSpan;
  before: number | null;
  after: number | null;
  change: number | null;
  relativeChange: number | null;
  /** additive: segment changes add up to the total; mix-rate: shift-share of a ratio; segment-change: neither. */
  method: "additive" | "mix-rate" | "segment-change";
  drivers: Driver[];
  sentence: string;
}

/** Numerator and denominator of a measure when it is a ratio of sums (averages included). */
function ratioParts(
  measure: Measure,
): { numerator: SimpleMeasure; denominator: SimpleMeasure; scale: number } | undefined {
  if (measure.kind === "ratio") {
    const additive = (m: SimpleMeasure) => m.kind === "count" || m.kind === "sum";
    return additive(measure.numerator) && additive(measure.denominator)
      ? { numerator: measure.numerator, denominator: measure.denominator, scale: measure.scale }
      : undefined;
  }
  if (measure.kind === "avg" && measure.of) {
    const where = measure.where ? { where: measure.where } : {};
    return {
      numerator: { kind: "sum", of: measure.of, ...where },
      denominator: { kind: "count", of: measure.of, ...where },
      scale: 1,
    };
  }
  return undefined;
}

interface SegmentRow {
  segment: string;
  value: number | null;
  numerator: number;
  denominator: number;
}

function num(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

async function segmentValues(
  workspace: Workspace,
  kpi: Kpi,
  columns: ColumnInfo[],
  span: PeriodSpan,
  dimension: string | undefined,
  grain: Grain,
): Promise<SegmentRow[]> {
  const { timezone, weekStart } = workspace.config.business;
  const parts = ratioParts(kpi.measure);
  if (!parts) {
    const rows = await workspace.store.all(
      compileKpiQuery(kpi, columns, {
        grain,
        timeZone: timezone,
        weekStart,
        from: span.from,
        to: span.to,
        ...(dimension ? { by: dimension } : {}),
      }),
    );
    return rows.map((r) => ({
      segment: dimension ? String(r.segment) : "(all)",
      value: num(r.value),
      numerator: num(r.value) ?? 0,
      denominator: 1,
    }));
  }
  // Ratios: numerator and denominator per segment, for the shift-share decomposition.
  const time = requireColumn(columns, kpi.time, "time column");
  const local =
    time.type === "TIMESTAMP WITH TIME ZONE"
      ? sql`timezone(${timezone}, ${ident(time.name)})`
      : sql`cast(${ident(time.name)} as timestamp)`;
  const conditions: SqlFragment[] = [
    sql`${local} >= cast(${span.from} as timestamp)`,
    sql`${local} < cast(${span.to} as timestamp)`,
  ];
  if (kpi.filter) conditions.push(compileCondition(kpi.filter, columns, "filter").sql);
  const where = conditions.reduce((a, b) => sql`${a} and ${b}`);
  const segment = dimension
    ? sql`coalesce(cast(${ident(requireColumn(columns, dimension, "--by").name)} as varchar), '(none)')`
    : sql`'(all)'`;
  const rows = await workspace.store.all(
    sql`select ${segment} as segment, ${compileMeasure(parts.numerator, columns)} as numerator,
        ${compileMeasure(parts.denominator, columns)} as denominator
        from ${ident("data", kpi.dataset)} where ${where} group by all order by all`,
  );
  return rows.map((r) => {
    const n = num(r.numerator) ?? 0;
    const d = num(r.denominator) ?? 0;
    return {
      segment: String(r.segment),
      numerator: n,
      denominator: d,
      value: d === 0 ? null : (n / d) * parts.scale,
    };
  });
}

function total(rows: SegmentRow[], ratio: { scale: number } | undefined): number | null {
  if (rows.length === 0) return null;
  if (!ratio) return rows[0]?.value ?? null;
  const n = rows.reduce((s, r) => s + r.numerator, 0);
  const d = rows.reduce((s, r) => s + r.denominator, 0);
  return d === 0 ? null : (n / d) * ratio.scale;
}

/** A value in its unit; a change of a percentage is in percentage points. */
function format(value: number, unit: string | null, change = false): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  const text = value.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  if (unit === "%") return change ? `${text} percentage points` : `${text}%`;
  return unit ? `${text} ${unit}` : text;
}

function signed(value: number, unit: string | null): string {
  return `${value > 0 ? "+" : value < 0 ? "−" : ""}${format(Math.abs(value), unit, true)}`;
}

function periodWords(span: PeriodSpan, grain: Grain): string {
  return grain === "day"
    ? span.label
    : grain === "hour"
      ? `hour ${span.label}`
      : `the ${grain} of ${span.label}`;
}

/**
 * Explains a KPI's change from one period (`vs`) to another (`period`) by the segments that drove it.
 * Additive KPIs (count, sum): each segment's own change, which add up to the total. Ratios and
 * averages: a shift-share split of each segment's effect into mix (its weight changed) and rate (its
 * own value changed), with midpoint weights so the parts add up exactly. Other measures: segments are
 * ranked by their own change, which need not add up.
 */
export async function explainKpi(
  workspace: Workspace,
  kpi: Kpi,
  options: { period: string; vs: string; by?: string[]; grain?: Grain },
): Promise<Explanation> {
  await requireDataset(workspace.store, kpi.dataset);
  const columns = await workspace.store.columns("data", kpi.dataset);
  const grain = options.grain ?? kpi.grain;
  const { weekStart } = workspace.config.business;
  const period = parsePeriod(options.period, grain, weekStart);
  const vs = parsePeriod(options.vs, grain, weekStart);
  const dimensions = options.by && options.by.length > 0 ? options.by : kpi.dimensions;
  if (dimensions.length === 0) {
    throw new AppError(
      "USAGE",
      `KPI "${kpi.name}" has no dimensions to explain a change by; pass --by COLUMN (e.g. --by shop).`,
      { field: "by" },
    );
  }
  for (const d of dimensions) requireColumn(columns, d, "--by");
  const parts = ratioParts(kpi.measure);
  const additive = kpi.measure.kind === "count" || kpi.measure.kind === "sum";
  const method: Explanation["method"] = additive ? "additive" : parts ? "mix-rate" : "segment-change";

  const beforeAll = await segmentValues(workspace, kpi, columns, vs, undefined, grain);
  const afterAll = await segmentValues(workspace, kpi, columns, period, undefined, grain);
  const before = additive ? (beforeAll[0]?.value ?? 0) : total(beforeAll, parts);
  const after = additive ? (afterAll[0]?.value ?? 0) : total(afterAll, parts);
  const change = before !== null && after !== null ? after - before : null;

  const drivers: Driver[] = [];
  for (const dimension of dimensions) {
    const b = await segmentValues(workspace, kpi, columns, vs, dimension, grain);
    const a = await segmentValues(workspace, kpi, columns, period, dimension, grain);
    const names = [...new Set([...b.map((r) => r.segment), ...a.map((r) => r.segment)])];
    const find = (rows: SegmentRow[], name: string) => rows.find((r) => r.segment === name);
    const totalBefore = b.reduce((s, r) => s + r.denominator, 0);
    const totalAfter = a.reduce((s, r) => s + r.denominator, 0);
    for (const name of names) {
      const rb = find(b, name);
      const ra = find(a, name);
      if (method === "additive") {
        const vb = rb?.value ?? 0;
        const va = ra?.value ?? 0;
        drivers.push({
          dimension,
          segment: name,
          before: vb,
          after: va,
          contribution: va - vb,
          share: change ? (va - vb) / change : null,
        });
      } else if (method === "mix-rate" && parts) {
        // Weights w = segment denominator / total; rates r = numerator / denominator.
        const wb = totalBefore ? (rb?.denominator ?? 0) / totalBefore : 0;
        const wa = totalAfter ? (ra?.denominator ?? 0) / totalAfter : 0;
        const rBefore = rb?.denominator ? (rb.numerator / rb.denominator) * parts.scale : null;
        const rAfter = ra?.denominator ? (ra.numerator / ra.denominator) * parts.scale : null;
        const rb0 = rBefore ?? rAfter ?? 0;
        const ra0 = rAfter ?? rBefore ?? 0;
        const meanRate = (rb0 + ra0) / 2;
        const overall = ((before ?? 0) + (after ?? 0)) / 2;
        const mix = (wa - wb) * (meanRate - overall);
        const rate = ((wa + wb) / 2) * (ra0 - rb0);
        drivers.push({
          dimension,
          segment: name,
          before: rBefore,
          after: rAfter,
          contribution: mix + rate,
          share: change ? (mix + rate) / change : null,
          mix,
          rate,
        });
      } else {
        const vb = rb?.value ?? null;
        const va = ra?.value ?? null;
        const delta = (va ?? 0) - (vb ?? 0);
        drivers.push({
          dimension,
          segment: name,
          before: vb,
          after: va,
          contribution: delta,
          share: change ? delta / change : null,
        });
      }
    }
  }
  const direction = change === null || change === 0 ? 1 : Math.sign(change);
  drivers.sort(
    (x, y) => y.contribution * direction - x.contribution * direction || x.segment.localeCompare(y.segment),
  );

  const label = kpi.label ?? kpi.name;
  const unit = kpi.unit ?? null;
  let sentence: string;
  if (before === null || after === null || change === null) {
    sentence = `${label} has no value in ${before === null ? periodWords(vs, grain) : periodWords(period, grain)}, so there is no change to explain.`;
  } else if (change === 0) {
    sentence = `${label} did not change from ${periodWords(vs, grain)} to ${periodWords(period, grain)}.`;
  } else {
    const relative =
      before !== 0 ? ` (${change > 0 ? "+" : "−"}${Math.abs((change / before) * 100).toFixed(1)}%)` : "";
    const top = drivers[0];
    const against = drivers.find((d) => d.dimension === top?.dimension && d.contribution * direction < 0);
    const topWords = top
      ? method === "segment-change"
        ? ` The biggest move was ${top.dimension} ${top.segment} (${signed(top.contribution, unit)} within the segment).`
        : ` The largest driver was ${top.dimension} ${top.segment}: ${signed(top.contribution, unit)}, ${Math.round((top.share ?? 0) * 100)}% of the change${method === "mix-rate" && top.mix !== undefined && top.rate !== undefined ? ` (${Math.abs(top.rate) >= Math.abs(top.mix) ? "its own rate moved" : "its share of the volume moved"})` : ""}.`
      : "";
    const againstWords =
      against && method !== "segment-change"
        ? ` ${against.dimension} ${against.segment} moved the other way (${signed(against.contribution, unit)}).`
        : "";
    sentence = `${label} ${change > 0 ? "rose" : "fell"} by ${format(Math.abs(change), unit, true)}${relative}, from ${format(before, unit)} in ${periodWords(vs, grain)} to ${format(after, unit)} in ${periodWords(period, grain)}.${topWords}${againstWords}`;
  }
  return {
    kpi: kpi.name,
    label,
    unit,
    grain,
    period,
    vs,
    before,
    after,
    change,
    relativeChange: change !== null && before ? change / before : null,
    method,
    drivers,
    sentence,
  };
}
