/**
 * Where the demand of a production plan comes from: daily sales per item in a dataset of the
 * workspace or in a file, or the daily forecast of a KPI.
 */
import { AppError, closest } from "../core/index.js";
import { requireDataset } from "../data/index.js";
import { forecastSeries } from "../forecast/index.js";
import { completePoints, evaluateKpi, findKpi } from "../kpi/index.js";
import { type ColumnInfo, ident, join, type SqlFragment, sql } from "../store/index.js";
import type { Workspace } from "../workspace/index.js";
import type { DailyDemand, WeekdayDemand } from "./planning.schema.js";
import { weekdayOf } from "./production.js";
import { failOnProblems, numberCell, readTableFile } from "./table-file.js";

export interface SalesColumns {
  /** Column naming the item (product). */
  item: string;
  /** Column with the units sold on the row. */
  quantity: string;
  /** Date or time of the sale. */
  time: string;
  /** Optional column with the unit price; its mean per item becomes the item's price. */
  price?: string;
}

export interface SalesQuery extends SalesColumns {
  dataset: string;
  /** column=value conditions, all of which must hold. */
  where?: Record<string, string>;
  /** First day (YYYY-MM-DD) and the day after the last. */
  from?: string;
  to?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function column(columns: ColumnInfo[], name: string, flag: string): ColumnInfo {
  const found = columns.find((c) => c.name === name);
  if (found) return found;
  const names = columns.map((c) => c.name);
  const hint = closest(name, names);
  throw new AppError(
    "USAGE",
    `The dataset has no column "${name}" (${flag})${hint ? `; did you mean "${hint}"?` : `; its columns are ${names.join(", ")}`}.`,
    { field: flag },
  );
}

/** Units sold per item and day, with 0 for an item on a day the business sold other things. */
function fillDays(totals: { item: string; date: string; quantity: number }[]): DailyDemand[] {
  const days = [...new Set(totals.map((t) => t.date))].sort();
  const items = [...new Set(totals.map((t) => t.item))].sort();
  const sold = new Map(totals.map((t) => [`${t.item}\u0000${t.date}`, t.quantity]));
  return items.flatMap((item) =>
    days.map((date) => ({ item, date, quantity: sold.get(`${item}\u0000${date}`) ?? 0 })),
  );
}

/**
 * Daily sales per item from a dataset of sales lines (e.g. the demo's `sales`: product, quantity,
 * sold_at), one query with bound values. Days are local days in the business's time zone.
 */
export async function readDailySales(
  workspace: Workspace,
  query: SalesQuery,
): Promise<{ history: DailyDemand[]; prices: Record<string, number> }> {
  await requireDataset(workspace.store, query.dataset);
  const columns = await workspace.store.columns("data", query.dataset);
  const item = column(columns, query.item, "--item-column");
  const quantity = column(columns, query.quantity, "--quantity-column");
  const time = column(columns, query.time, "--time-column");
  if (!/^(DATE|TIMESTAMP)/.test(time.type))
    throw new AppError(
      "USAGE",
      `Column "${time.name}" (--time-column) holds ${time.type} values, not dates or times.`,
    );
  const price = query.price ? column(columns, query.price, "--price-column") : undefined;
  const day: SqlFragment =
    time.type === "TIMESTAMP WITH TIME ZONE"
      ? sql`cast(timezone(${workspace.config.business.timezone}, ${ident(time.name)}) as date)`
      : sql`cast(${ident(time.name)} as date)`;
  const conditions: SqlFragment[] = [sql`${ident(item.name)} is not null`];
  for (const [name, value] of Object.entries(query.where ?? {})) {
    const c = column(columns, name, "--where");
    conditions.push(sql`cast(${ident(c.name)} as varchar) = ${value}`);
  }
  for (const [bound, flag] of [
    [query.from, "--from"],
    [query.to, "--to"],
  ] as const) {
    if (bound !== undefined && !DATE.test(bound))
      throw new AppError("USAGE", `${flag} must be a date YYYY-MM-DD; got "${bound}".`);
  }
  if (query.from) conditions.push(sql`${day} >= cast(${query.from} as date)`);
  if (query.to) conditions.push(sql`${day} < cast(${query.to} as date)`);
  const priceSelect = price ? sql`, avg(cast(${ident(price.name)} as double)) as price` : sql``;
  const rows = await workspace.store.all(
    sql`select cast(${ident(item.name)} as varchar) as item, strftime(${day}, '%Y-%m-%d') as date,
               sum(cast(${ident(quantity.name)} as double)) as quantity ${priceSelect}
        from ${ident("data", query.dataset)}
        where ${join(conditions, " and ")}
        group by all order by 1, 2`,
  );
  if (rows.length === 0)
    throw new AppError("USAGE", `No sales in "${query.dataset}" match the conditions and dates given.`);
  const totals = rows.map((r) => ({
    item: String(r.item),
    date: String(r.date),
    quantity: Number(r.quantity ?? 0),
  }));
  const prices: Record<string, { total: number; n: number }> = {};
  if (price)
    for (const r of rows) {
      if (r.price === null || r.price === undefined) continue;
      const entry = prices[String(r.item)] ?? { total: 0, n: 0 };
      entry.total += Number(r.price);
      entry.n += 1;
      prices[String(r.item)] = entry;
    }
  return {
    history: fillDays(totals),
    prices: Object.fromEntries(Object.entries(prices).map(([k, v]) => [k, v.total / v.n])),
  };
}

/** Daily sales per item from a file with item, date and quantity columns (several rows a day add up). */
export async function readSalesFile(
  path: string,
  columns: { item?: string; quantity?: string; time?: string } = {},
): Promise<DailyDemand[]> {
  const item = columns.item ?? "item";
  const quantity = columns.quantity ?? "quantity";
  const time = columns.time ?? "date";
  const table = await readTableFile(path, [
    { name: item, flag: "--item-column" },
    { name: time, flag: "--time-column" },
    { name: quantity, flag: "--quantity-column" },
  ]);
  const problems: string[] = [];
  const totals = new Map<string, { item: string; date: string; quantity: number }>();
  table.rows.forEach((row, i) => {
    const line = i + 2;
    const name = row[item];
    if (name === null || name === undefined) problems.push(`${path}:${line}: "${item}" is empty`);
    const date = (row[time] ?? "").slice(0, 10);
    if (!DATE.test(date))
      problems.push(`${path}:${line}: "${time}" must be a date YYYY-MM-DD; got "${row[time] ?? ""}"`);
    const n = numberCell(row[quantity] ?? null, { file: path, line, column: quantity }, { min: 0 });
    if (typeof n === "string") problems.push(n);
    if (name && DATE.test(date) && typeof n === "number") {
      const key = `${name}\u0000${date}`;
      const entry = totals.get(key) ?? { item: name, date, quantity: 0 };
      entry.quantity += n;
      totals.set(key, entry);
    }
  });
  failOnProblems(path, problems);
  return fillDays([...totals.values()]);
}

/**
 * Demand per weekday for the coming week from the daily forecast of a KPI (e.g. loaves sold per day):
 * the mean and a standard deviation read off the 80% prediction interval, σ = (hi80 − lo80) / 2.563.
 */
export async function forecastWeekdayDemand(
  workspace: Workspace,
  kpiName: string,
): Promise<{ weekdays: WeekdayDemand[]; model: string }> {
  const kpi = findKpi(workspace, kpiName);
  const evaluated = await evaluateKpi(workspace, kpi, { grain: "day" });
  const complete = completePoints(evaluated.points).slice(-7 * 52);
  if (complete.length < 14)
    throw new AppError(
      "USAGE",
      `KPI "${kpiName}" has ${complete.length} days of data; a forecast needs two weeks.`,
    );
  const result = forecastSeries(
    { periods: complete.map((p) => p.period), values: complete.map((p) => p.value ?? 0), grain: "day" },
    { horizon: 7, seed: 1, fill: "zero" },
  );
  const z80 = 1.2815515655446004;
  return {
    model: result.model,
    weekdays: result.points.map((p) => ({
      item: kpiName,
      weekday: weekdayOf(p.period.slice(0, 10)),
      mean: Math.max(0, p.mean),
      sd: Math.max(0, (p.hi80 - p.lo80) / (2 * z80)),
    })),
  };
}
