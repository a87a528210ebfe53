import { AppError, type Clock, systemClock } from "../core/index.js";
import { requireDataset } from "../data/index.js";
import { compileCondition, localTime, requireColumn } from "../kpi/index.js";
import { type ColumnInfo, ident, type SqlFragment, sql } from "../store/index.js";
import type { Workspace } from "../workspace/index.js";
import {
  type ParetoCategory,
  type ParetoRequest,
  type ParetoResult,
  paretoRequestSchema,
  type SavedPareto,
  savedParetoSchema,
} from "./pareto.schema.js";
import { checkInput } from "./rca-input.js";
import { createRecord, getRecord, listRecords, type StoredRecord } from "./records.js";

/**
 * Pareto analysis: which few categories make up most of the problem. Rows of a dataset are counted
 * (or a weight column summed) per value of a column, largest first, with each category's share and
 * the running (cumulative) share.
 *
 * The vital few: the categories, largest first, up to and including the first one at which the
 * cumulative share reaches 80%. So one category holding 85% is the vital few alone; shares of 50%,
 * 25%, 15% … give the first two (75%, then 90%). Ties in value are ordered by name, so the result does
 * not depend on the order of the rows.
 */

export const VITAL_SHARE = 0.8;
export const VITAL_RULE =
  "The vital few are the categories, largest first, up to and including the first one at which the cumulative share reaches 80%.";

export type SavedParetoRecord = StoredRecord<SavedPareto>;

const NUMERIC =
  /^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|DOUBLE|FLOAT|REAL|DECIMAL)/;
const TIME = /^(DATE|TIMESTAMP)/;

/** A local time bound as `YYYY-MM-DD HH:MM:SS`, refusing dates that do not exist. */
function localBound(text: string, flag: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  const ms = m
    ? Date.UTC(
        Number(m[1]),
        Number(m[2]) - 1,
        Number(m[3]),
        Number(m[4] ?? 0),
        Number(m[5] ?? 0),
        Number(m[6] ?? 0),
      )
    : Number.NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(m[3]) || Number(m[4] ?? 0) > 23) {
    throw new AppError("USAGE", `${flag} "${text}" is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM.`, {
      field: flag,
    });
  }
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

function timeColumn(columns: ColumnInfo[], name: string | undefined): ColumnInfo {
  if (name !== undefined) {
    const column = requireColumn(columns, name, "time");
    if (!TIME.test(column.type))
      throw new AppError(
        "USAGE",
        `The time column "${name}" holds ${column.type} values, not dates or timestamps; choose a date or timestamp column.`,
        { field: "time" },
      );
    return column;
  }
  const first = columns.find((c) => TIME.test(c.type));
  if (!first)
    throw new AppError("USAGE", "from and to need a date or timestamp column, and the dataset has none.", {
      field: "time",
    });
  return first;
}

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function listNames(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * Counts rows (or sums `weight`) per value of `by` in one parameterised query over the dataset, after
 * the `where` condition and the time range. Column names are checked against the dataset and quoted;
 * the condition is compiled from the KPI expression language, with its literals bound as parameters.
 */
export async function pareto(
  workspace: Workspace,
  input: ParetoRequest | unknown,
  clock: Clock = systemClock,
): Promise<ParetoResult> {
  const request = checkInput(paretoRequestSchema, input, "Pareto");
  const store = workspace.store;
  await requireDataset(store, request.dataset);
  const columns = await store.columns("data", request.dataset);
  const by = requireColumn(columns, request.by, "by");
  const weight = request.weight !== undefined ? requireColumn(columns, request.weight, "weight") : undefined;
  if (weight && !NUMERIC.test(weight.type)) {
    throw new AppError(
      "USAGE",
      `The weight column "${weight.name}" holds ${weight.type} values; a Pareto adds up numbers, so choose a numeric column or leave weight out to count rows.`,
      { field: "weight" },
    );
  }
  const conditions: SqlFragment[] = [];
  if (request.where !== undefined) conditions.push(compileCondition(request.where, columns, "where").sql);
  const ranged = request.from !== undefined || request.to !== undefined;
  const time = ranged || request.time !== undefined ? timeColumn(columns, request.time) : undefined;
  if (time && ranged) {
    const local = localTime(time, workspace.config.business.timezone);
    const from = request.from !== undefined ? localBound(request.from, "from") : undefined;
    const to = request.to !== undefined ? localBound(request.to, "to") : undefined;
    if (from !== undefined && to !== undefined && from >= to)
      throw new AppError("USAGE", `from ${request.from} is not before to ${request.to}.`, { field: "from" });
    if (from !== undefined) conditions.push(sql`${local} >= cast(${from} as timestamp)`);
    if (to !== undefined) conditions.push(sql`${local} < cast(${to} as timestamp)`);
  }
  const where = conditions.length ? sql`where ${conditions.reduce((a, b) => sql`${a} and ${b}`)}` : sql``;
  const category = sql`coalesce(cast(${ident(by.name)} as varchar), '(none)')`;
  const value = weight ? sql`coalesce(sum(${ident(weight.name)})::double, 0)` : sql`count(*)::double`;
  const rows = await store.all(
    sql`with c as (
          select ${category} as name, count(*) as n_rows, ${value} as value
          from ${ident("data", request.dataset)} ${where} group by 1),
        r as (select name, n_rows, value, row_number() over (order by value desc, name) as pos from c)
        select pos, name, n_rows, value, 1 as categories from r where pos <= ${request.top}
        union all
        select null, null, sum(n_rows), sum(value), count(*) from r where pos > ${request.top} having count(*) > 0
        order by pos nulls last`,
  );
  const listed = rows.filter((r) => r.pos !== null);
  const rest = rows.find((r) => r.pos === null);
  const total = rows.reduce((sum, r) => sum + Number(r.value), 0);
  const negative = rows.find((r) => Number(r.value) < 0);
  if (negative) {
    throw new AppError(
      "USAGE",
      `The weight column "${weight?.name}" adds up to ${Number(negative.value)} for ${negative.name === null ? "the other categories" : `"${negative.name}"`}; a Pareto needs amounts of 0 or more.`,
      { field: "weight" },
    );
  }
  const share = (v: number) => (total > 0 ? v / total : 0);
  let running = 0;
  let reached = total <= 0;
  const categories: ParetoCategory[] = listed.map((r) => {
    const v = Number(r.value);
    running += v;
    const vital = !reached;
    const cumulative = share(running);
    if (cumulative >= VITAL_SHARE - 1e-12) reached = true;
    return { name: String(r.name), value: v, rows: Number(r.n_rows), share: share(v), cumulative, vital };
  });
  const others = rest
    ? {
        categories: Number(rest.categories),
        value: Number(rest.value),
        rows: Number(rest.n_rows),
        share: share(Number(rest.value)),
      }
    : null;
  const vitalFew = categories.filter((c) => c.vital).map((c) => c.name);
  const rowCount = rows.reduce((sum, r) => sum + Number(r.n_rows), 0);
  const categoryCount = listed.length + (others?.categories ?? 0);
  const label = weight ? `sum of ${weight.name}` : "rows";
  const vitalShare = categories.filter((c) => c.vital).at(-1)?.cumulative ?? 0;
  const summary =
    rowCount === 0
      ? `No rows of ${request.dataset} meet the condition and the time range.`
      : total <= 0
        ? `The ${label} is 0 in every category of ${by.name}.`
        : `${vitalFew.length} of ${categoryCount} values of ${by.name} (${listNames(vitalFew)}) make up ${percent(vitalShare)} of the ${weight ? `${label} (${total.toLocaleString("en")})` : `${total.toLocaleString("en")} rows`} of ${request.dataset}${reached ? "" : `; the 80% mark lies beyond the top ${request.top}, among the others`}.`;
  return {
    request,
    measure: { kind: weight ? "sum" : "count", column: weight?.name ?? null, label },
    time: time?.name ?? null,
    total,
    rows: rowCount,
    categoryCount,
    categories,
    others,
    vitalFew,
    rule: VITAL_RULE,
    summary,
    computedAt: clock.now().toISOString(),
  };
}

/**
 * Runs a Pareto analysis and keeps it as a record (P-1, P-2 …) holding the request and the result as
 * it was, so evidence that points at it shows what was seen then.
 */
export async function savePareto(
  workspace: Workspace,
  input: ParetoRequest | unknown,
  options: { title?: string | undefined },
  actor: string,
  clock: Clock,
): Promise<SavedParetoRecord> {
  const result = await pareto(workspace, input, clock);
  const request = result.request;
  const title =
    options.title?.trim() ||
    `${result.measure.kind === "sum" ? `${result.measure.label} by ${request.by}` : `${request.dataset} by ${request.by}`}${request.where ? ` where ${request.where}` : ""}`.slice(
      0,
      200,
    );
  const data = checkInput(savedParetoSchema, { title, request, result }, "Pareto");
  return createRecord(workspace.store, "pareto", data, actor, clock);
}

export function getPareto(workspace: Workspace, id: string): Promise<SavedParetoRecord> {
  return getRecord<SavedPareto>(workspace.store, "pareto", id);
}

export function listParetos(workspace: Workspace): Promise<SavedParetoRecord[]> {
  return listRecords<SavedPareto>(workspace.store, "pareto");
}
