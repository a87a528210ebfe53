import { AppError } from "../core/errors.js";
import { closest } from "../core/validation.js";
import { type ColumnInfo, ident, raw, type SqlFragment, sql } from "../store/index.js";
import { compileCondition, compileExpression, typeOfColumn } from "./expression.js";
import type { Grain, Kpi, Measure, SimpleMeasure } from "./kpi.schema.js";

/** Kinds whose value for a period with no rows is 0, and whose segments add up to the total. */
export function isAdditive(measure: Measure): boolean {
  return measure.kind === "count" || measure.kind === "sum";
}

/** Kinds that are 0, not missing, for a period without rows. */
export function zeroWhenEmpty(measure: Measure): boolean {
  return isAdditive(measure) || measure.kind === "count_distinct";
}

function compileSimple(measure: SimpleMeasure, columns: ColumnInfo[], field: string): SqlFragment {
  const where = measure.where ? compileCondition(measure.where, columns, `${field}.where`).sql : undefined;
  const filter = where ? sql` filter (where ${where})` : raw("");
  if (measure.kind === "count" && !measure.of) return sql`count(*)${filter}`;
  if (!measure.of) {
    throw new AppError(
      "USAGE",
      `${field}: a ${measure.kind} needs \`of\`, the expression it aggregates (e.g. of: amount).`,
      { field: `${field}.of` },
    );
  }
  const of = compileExpression(measure.of, columns, `${field}.of`);
  const numeric = of.type === "number" || of.type === "null" || of.type === "any";
  if ((measure.kind === "sum" || measure.kind === "avg" || measure.kind === "percentile") && !numeric) {
    throw new AppError(
      "USAGE",
      `${field}: a ${measure.kind} needs a number, but \`${measure.of}\` is ${of.type === "time" ? "a date or time" : `a ${of.type}`}; use count or count_distinct, or an expression such as if(converted, 1, 0).`,
      { field: `${field}.of` },
    );
  }
  switch (measure.kind) {
    case "count":
      return sql`count(${of.sql})${filter}`;
    case "count_distinct":
      return sql`count(distinct ${of.sql})${filter}`;
    case "sum":
      return sql`sum(${of.sql})${filter}`;
    case "avg":
      return sql`avg(${of.sql})${filter}`;
    case "min":
      return sql`min(${of.sql})${filter}`;
    case "max":
      return sql`max(${of.sql})${filter}`;
    case "percentile": {
      if (measure.p === undefined)
        throw new AppError("USAGE", `${field}: a percentile needs p, e.g. p: 0.9 for the 90th.`, {
          field: `${field}.p`,
        });
      return sql`quantile_cont(${of.sql}, ${measure.p}::double)${filter}`;
    }
  }
}

/** The SQL aggregate of a measure (not for repeat_rate, which needs two levels). */
export function compileMeasure(measure: Measure, columns: ColumnInfo[]): SqlFragment {
  if (measure.kind === "ratio") {
    const numerator = compileSimple(measure.numerator, columns, "measure.numerator");
    const denominator = compileSimple(measure.denominator, columns, "measure.denominator");
    return sql`(${numerator})::double / nullif(${denominator}, 0) * ${measure.scale}`;
  }
  if (measure.kind === "repeat_rate") throw new Error("repeat_rate is compiled by compileKpiQuery");
  const aggregate = compileSimple(measure, columns, "measure");
  return measure.kind === "min" || measure.kind === "max" ? sql`(${aggregate})::double` : aggregate;
}

export interface KpiQueryOptions {
  grain: Grain;
  /** Column to split by; the result has a `segment` per row. */
  by?: string;
  /** With `by`: also the total per period, in rows flagged `total`. */
  withTotal?: boolean;
  /** Extra condition, e.g. shop = 'shop-1'. */
  filter?: string;
  /** Local time bounds: from inclusive, to exclusive (`YYYY-MM-DD HH:MM:SS`). */
  from?: string;
  to?: string;
  timeZone: string;
  weekStart: "monday" | "sunday" | "saturday";
}

/** A column of the KPI's dataset, with a did-you-mean error when it is not there. */
export function requireColumn(columns: ColumnInfo[], name: string, what: string): ColumnInfo {
  const column = columns.find((c) => c.name === name);
  if (column) return column;
  const hint = closest(
    name,
    columns.map((c) => c.name),
  );
  throw new AppError(
    "USAGE",
    `${what} "${name}" is not a column of the dataset${hint ? `; did you mean "${hint}"?` : `; columns are ${columns.map((c) => c.name).join(", ")}.`}`,
    {
      field: what,
    },
  );
}

/** The row's time as local wall-clock TIMESTAMP in the business's zone. */
export function localTime(column: ColumnInfo, timeZone: string): SqlFragment {
  const col = ident(column.name);
  if (column.type === "TIMESTAMP WITH TIME ZONE") return sql`timezone(${timeZone}, ${col})`;
  if (column.type === "DATE") return sql`cast(${col} as timestamp)`;
  return sql`cast(${col} as timestamp)`;
}

const WEEK_SHIFT = { monday: 0, sunday: 1, saturday: 2 } as const;

function periodStart(local: SqlFragment, grain: Grain, weekStart: KpiQueryOptions["weekStart"]): SqlFragment {
  if (grain === "week" && WEEK_SHIFT[weekStart] > 0) {
    const shift = raw(`interval ${WEEK_SHIFT[weekStart]} day`);
    return sql`(date_trunc('week', ${local} + ${shift}) - ${shift})`;
  }
  return sql`date_trunc(${grain}, ${local})`;
}

/**
 * Compiles a KPI into one parameterised SELECT over its dataset returning `period` (label),
 * optionally `segment`, and `value`.
 */
export function compileKpiQuery(kpi: Kpi, columns: ColumnInfo[], options: KpiQueryOptions): SqlFragment {
  const time = requireColumn(columns, kpi.time, "time column");
  if (typeOfColumn(time.type) !== "time" || time.type.startsWith("TIME ") || time.type === "TIME") {
    throw new AppError(
      "USAGE",
      `The time column "${kpi.time}" holds ${time.type} values, not dates or timestamps; choose a date or timestamp column.`,
      { field: "time" },
    );
  }
  const local = localTime(time, options.timeZone);
  const period = periodStart(local, options.grain, options.weekStart);
  const format = options.grain === "hour" ? "%Y-%m-%dT%H:00" : "%Y-%m-%d";
  const conditions: SqlFragment[] = [sql`${ident(kpi.time)} is not null`];
  if (kpi.filter) conditions.push(compileCondition(kpi.filter, columns, "filter").sql);
  if (options.filter) conditions.push(compileCondition(options.filter, columns, "--filter").sql);
  if (options.from) conditions.push(sql`${local} >= cast(${options.from} as timestamp)`);
  if (options.to) conditions.push(sql`${local} < cast(${options.to} as timestamp)`);
  const where = conditions.reduce((a, b) => sql`${a} and ${b}`);
  const segment = options.by ? ident(requireColumn(columns, options.by, "--by").name) : undefined;
  const table = ident("data", kpi.dataset);
  const segmentValue = segment ? sql`, coalesce(cast(${segment} as varchar), '(none)') as segment` : raw("");
  // Periods are grouped as timestamps and turned into labels only after aggregation.
  const label = sql`strftime(p, ${format}) as period`;

  if (kpi.measure.kind === "repeat_rate") {
    const customer = compileExpression(kpi.measure.customer, columns, "measure.customer").sql;
    const order = compileExpression(kpi.measure.order, columns, "measure.order").sql;
    return sql`select ${label} ${segment ? raw(", segment") : raw("")}, value from (
        select p ${segment ? raw(", segment") : raw("")},
          count(*) filter (where orders > 1)::double / nullif(count(*), 0) * ${kpi.measure.scale} as value
        from (select ${period} as p ${segmentValue}, ${customer} as customer, count(distinct ${order}) as orders
              from ${table} where ${where} and ${customer} is not null group by all)
        group by all) order by all`;
  }
  const measure = compileMeasure(kpi.measure, columns);
  if (segment && options.withTotal) {
    // One pass for the total and the split: grouping sets, with a flag for the total rows.
    return sql`select ${label}, segment, value, total from (
        select ${period} as p ${segmentValue}, ${measure} as value, grouping(segment) = 1 as total
        from ${table} where ${where} group by grouping sets ((p), (p, segment)))
      order by p, total desc, segment`;
  }
  return sql`select ${label} ${segment ? raw(", segment") : raw("")}, value from (
      select ${period} as p ${segmentValue}, ${measure} as value from ${table} where ${where} group by all)
    order by all`;
}

/** First and last local time of the KPI's dataset: how much of the first and last periods the data covers. */
export function compileCoverageQuery(kpi: Kpi, columns: ColumnInfo[], timeZone: string): SqlFragment {
  const time = requireColumn(columns, kpi.time, "time column");
  const local = localTime(time, timeZone);
  return sql`select strftime(min(${local}), '%Y-%m-%d %H:%M:%S') as first, strftime(max(${local}), '%Y-%m-%d %H:%M:%S') as last
    from ${ident("data", kpi.dataset)}`;
}
