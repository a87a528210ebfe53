import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../src/ingest/index.js";
import { evaluateKpi } from "../src/kpi/evaluate.js";
import { type Kpi, kpiSchema } from "../src/kpi/kpi.schema.js";
import { KPI_TEMPLATES, kpiFromTemplate } from "../src/kpi/templates.js";
import { raw } from "../src/store/index.js";
import type { Workspace } from "../src/workspace/index.js";
import { tempWorkspace } from "./helpers/workspace.js";

/**
 * KPI values checked against SQL written by hand for DuckDB on the same rows: the compiler's output
 * is compared with an independent formulation of the same question, for every template and for
 * random definitions.
 */

let workspace: Workspace;

function rows(): string {
  // A deterministic little business: 3 shops, 4 categories, 75 days, nulls in amount.
  const lines = [
    "id,sold_at,shop,category,amount,quantity,converted,customer,order_id,start,finish,score,cost,on_hand,promised",
  ];
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let i = 0; i < 3000; i++) {
    const day = Math.floor(random() * 75);
    const minute = Math.floor(random() * 1440);
    const at = new Date(Date.UTC(2025, 2, 1) + day * 86_400_000 + minute * 60_000)
      .toISOString()
      .slice(0, 19)
      .replace("T", " ");
    const finish = new Date(Date.parse(`${at.replace(" ", "T")}Z`) + Math.floor(random() * 300) * 60_000)
      .toISOString()
      .slice(0, 19)
      .replace("T", " ");
    const promised = new Date(Date.parse(`${at.replace(" ", "T")}Z`) + 150 * 60_000)
      .toISOString()
      .slice(0, 19)
      .replace("T", " ");
    const amount = random() < 0.05 ? "" : (random() * 50).toFixed(2);
    lines.push(
      [
        i,
        at,
        `shop-${1 + Math.floor(random() * 3)}`,
        ["bread", "pastry", "coffee", "cake"][Math.floor(random() * 4)],
        amount,
        1 + Math.floor(random() * 5),
        random() < 0.3,
        `c${Math.floor(random() * 400)}`,
        `o${Math.floor(i / 2)}`,
        at,
        finish,
        Math.floor(random() * 11),
        (random() * 20).toFixed(2),
        Math.floor(random() * 10) - 2,
        promised,
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

beforeAll(async () => {
  workspace = await tempWorkspace("opsloop-kpi-");
  const file = join(mkdtempSync(join(tmpdir(), "opsloop-kpi-data-")), "facts.csv");
  writeFileSync(file, rows());
  await importFile(workspace, file, { dataset: "facts" });
});

afterAll(() => workspace.close());

/** Runs hand-written SQL (fixed text written in this test) and returns period → value. */
async function reference(text: string): Promise<Map<string, number | null>> {
  const result = await workspace.store.all(raw(text));
  return new Map(result.map((r) => [String(r.p), r.v === null ? null : Number(r.v)]));
}

async function expectSame(kpi: Kpi, referenceSql: string, zeroFill: boolean, bySql?: string): Promise<void> {
  const series = await evaluateKpi(workspace, kpi, bySql ? { by: "shop" } : {});
  if (bySql) {
    // The split: every segment of every period against the same SQL grouped by shop too.
    const split = await workspace.store.all(raw(bySql));
    for (const row of split) {
      const point = series.points.find((p) => p.period === String(row.p));
      const got = point?.segments?.[String(row.s)];
      if (row.v === null) expect(got ?? null, `${row.p} ${row.s}`).toBe(zeroFill ? 0 : null);
      else expect(got, `${row.p} ${row.s}`).toBeCloseTo(Number(row.v), 8);
    }
  }
  const expected = await reference(referenceSql);
  expect(series.points.length).toBeGreaterThan(0);
  for (const point of series.points) {
    const want = expected.has(point.period) ? (expected.get(point.period) ?? null) : zeroFill ? 0 : null;
    if (want === null) expect(point.value, point.period).toBeNull();
    else expect(point.value, `${kpi.name} ${point.period}`).toBeCloseTo(want, 8);
  }
  // Every period the reference has is in the series.
  for (const period of expected.keys())
    expect(
      series.points.some((p) => p.period === period),
      period,
    ).toBe(true);
}

const period = (grain: string) =>
  grain === "week"
    ? "strftime(date_trunc('week', sold_at), '%Y-%m-%d')"
    : `strftime(date_trunc('${grain}', sold_at), '%Y-%m-%d')`;

describe("KPI values equal hand-written SQL", () => {
  const references: Record<
    string,
    { map: Record<string, string>; sql: (p: string) => string; zero?: boolean }
  > = {
    revenue: {
      map: { amount: "amount" },
      sql: (p) => `select ${p} p, sum(amount) v from data.facts group by 1`,
      zero: true,
    },
    orders: {
      map: { order: "order_id" },
      sql: (p) => `select ${p} p, count(distinct order_id) v from data.facts group by 1`,
      zero: true,
    },
    aov: {
      map: { amount: "amount", order: "order_id" },
      sql: (p) => `select ${p} p, sum(amount) / count(distinct order_id) v from data.facts group by 1`,
    },
    conversion: {
      map: { converted: "converted" },
      sql: (p) =>
        `select ${p} p, 100.0 * avg(case when converted then 1 else 0 end) v from data.facts group by 1`,
    },
    cac: {
      map: { spend: "cost", new_customer: "customer" },
      sql: (p) => `select ${p} p, sum(cost) / count(distinct customer) v from data.facts group by 1`,
    },
    clv: {
      map: { amount: "amount", customer: "customer" },
      sql: (p) =>
        `select ${p} p, 12 * sum(amount) filter (where customer is not null) / count(distinct customer) v from data.facts group by 1`,
    },
    "repeat-rate": {
      map: { customer: "customer", order: "order_id" },
      sql: (p) =>
        `select p, 100.0 * avg(case when n > 1 then 1 else 0 end) v from (select ${p} p, customer, count(distinct order_id) n from data.facts group by 1, 2) group by 1`,
    },
    "gross-margin": {
      map: { amount: "amount", cost: "cost" },
      sql: (p) => `select ${p} p, 100 * sum(amount - cost) / sum(amount) v from data.facts group by 1`,
    },
    "on-time-delivery": {
      map: { delivered: "finish", promised: "promised" },
      sql: (p) =>
        `select ${p} p, 100.0 * count(*) filter (where finish <= promised) / count(finish) v from data.facts group by 1`,
    },
    "cycle-time": {
      map: { start: "start", end: "finish" },
      sql: (p) =>
        `select ${p} p, avg(date_diff('second', start, finish)) / 3600 v from data.facts group by 1`,
    },
    "first-response-time": {
      map: { created: "start", first_response: "finish" },
      sql: (p) => `select ${p} p, avg(date_diff('second', start, finish)) / 60 v from data.facts group by 1`,
    },
    "error-rate": {
      map: { failed: "quantity = 5", unit: "order_id" },
      sql: (p) =>
        `select ${p} p, 100.0 * count(distinct order_id) filter (where quantity = 5) / count(distinct order_id) v from data.facts group by 1`,
    },
    csat: {
      map: { score: "score" },
      sql: (p) =>
        `select ${p} p, 100.0 * count(*) filter (where score >= 4) / count(score) v from data.facts group by 1`,
    },
    nps: {
      map: { score: "score" },
      sql: (p) =>
        `select ${p} p, 100.0 * (count(*) filter (where score >= 9) - count(*) filter (where score <= 6)) / count(score) v from data.facts group by 1`,
    },
    "inventory-turnover": {
      map: { used_cost: "cost", stock_value: "on_hand" },
      sql: (p) => `select ${p} p, sum(cost) / avg(on_hand) v from data.facts group by 1`,
    },
    "stock-out-rate": {
      map: { on_hand: "on_hand" },
      sql: (p) =>
        `select ${p} p, 100.0 * count(*) filter (where on_hand <= 0) / count(on_hand) v from data.facts group by 1`,
    },
  };

  it("covers every template", () => {
    expect(Object.keys(references).sort()).toEqual(KPI_TEMPLATES.map((t) => t.id).sort());
  });

  it.each(Object.entries(references))("template %s", async (template, ref) => {
    for (const grain of ["day", "week", "month"] as const) {
      const kpi = kpiFromTemplate({
        template,
        dataset: "facts",
        time: "sold_at",
        map: ref.map,
        currency: "EUR",
        grain,
      });
      await expectSame(kpi, ref.sql(period(grain)), ref.zero ?? false);
    }
  });

  it("holds for 200 random definitions", async () => {
    // Each piece: the KPI expression and the same thing written directly in SQL.
    const values: [string, string][] = [
      ["amount", "amount"],
      ["quantity", "quantity"],
      ["amount * quantity", "amount * quantity"],
      ["coalesce(amount, 0) - cost", "coalesce(amount, 0) - cost"],
      ["if(shop = 'shop-1', amount, 0)", "case when shop = 'shop-1' then amount else 0 end"],
      ["amount / quantity", "amount / quantity"],
      ["minutes_between(start, finish)", "date_diff('second', start, finish) / 60"],
      ["hour(sold_at)", "hour(sold_at)"],
    ];
    const filters: [string, string][] = [
      ["", "true"],
      ["shop = 'shop-2'", "shop = 'shop-2'"],
      ["category in ('bread', 'cake') and converted", "category in ('bread', 'cake') and converted"],
      ["amount is not null and quantity between 2 and 4", "amount is not null and quantity between 2 and 4"],
      ["weekday(sold_at) >= 6", "isodow(sold_at) >= 6"],
    ];
    const kinds = ["count", "sum", "avg", "min", "max", "count_distinct", "percentile"] as const;
    const aggregate: Record<(typeof kinds)[number], (e: string) => string> = {
      count: (e) => `count(${e})`,
      sum: (e) => `sum(${e})`,
      avg: (e) => `avg(${e})`,
      min: (e) => `min(${e})`,
      max: (e) => `max(${e})`,
      count_distinct: (e) => `count(distinct ${e})`,
      percentile: (e) => `quantile_cont(${e}, 0.75)`,
    };
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...kinds),
        fc.constantFrom(...values),
        fc.constantFrom(...filters),
        fc.constantFrom("day", "week", "month"),
        fc.boolean(),
        fc.constantFrom(...filters),
        fc.boolean(),
        async (kind, [of, ofSql], [filter, filterSql], grain, ratio, [where, whereSql], split) => {
          const simple = {
            kind,
            of,
            ...(kind === "percentile" ? { p: 0.75 } : {}),
            ...(where ? { where } : {}),
          };
          const measure = ratio
            ? { kind: "ratio", numerator: simple, denominator: { kind: "count" }, scale: 100 }
            : simple;
          const kpi = kpiSchema.parse({
            name: "random",
            dataset: "facts",
            time: "sold_at",
            measure,
            grain,
            ...(filter ? { filter } : {}),
          });
          const agg = `${aggregate[kind](`(${ofSql})`)} filter (where ${whereSql})`;
          const value = ratio
            ? `100.0 * (${agg}) / nullif(count(*), 0)`
            : kind === "min" || kind === "max"
              ? `(${agg})::double`
              : agg;
          const p = period(grain);
          // The reference divides with nullif in SQL terms of its own: division by zero gives null.
          const ofSafe = value.replaceAll("amount / quantity", "amount / nullif(quantity, 0)");
          const additive = !ratio && ["count", "sum", "count_distinct"].includes(kind);
          // A sum over no matching rows is 0 for a business, where SQL says null.
          const v = additive ? `coalesce(${ofSafe}, 0)` : ofSafe;
          const from = `from data.facts where sold_at is not null and (${filterSql})`;
          await expectSame(
            kpi,
            `select ${p} p, ${v} v ${from} group by 1`,
            additive,
            split ? `select ${p} p, shop s, ${v} v ${from} group by 1, 2` : undefined,
          );
          checked++;
        },
      ),
      { numRuns: 200, seed: 7 },
    );
    expect(checked).toBe(200);
  });
});
