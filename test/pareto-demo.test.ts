/**
 * Pareto on the demo bakery's support tickets: the counts match a direct SQL count on the store and
 * the ground truth written while generating, the vital few are the categories that dominate, a
 * weighted Pareto matches a direct SQL sum, and no user text ever runs as SQL.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../src/core/index.js";
import { createDemoWorkspace } from "../src/demo-workspace/index.js";
import { pareto, savePareto } from "../src/improve/index.js";
import { sql } from "../src/store/index.js";
import { Workspace } from "../src/workspace/index.js";

const dir = join(mkdtempSync(join(tmpdir(), "opsloop-pareto-")), "demo");
const clock = fixedClock("2026-10-01T08:00:00Z");
let workspace: Workspace;
let truth: Record<string, number>;

beforeAll(async () => {
  await createDemoWorkspace(dir, { seed: 1, scale: 1, only: ["tickets"] });
  workspace = await Workspace.open(dir);
  const groundTruth = JSON.parse(readFileSync(join(dir, "data/ground-truth.json"), "utf8")) as {
    effects: { id: string; observed?: { byCategory?: Record<string, number> } }[];
  };
  const effect = groundTruth.effects.find((e) => e.id === "late-delivery-tickets");
  truth = effect?.observed?.byCategory ?? {};
}, 120_000);

afterAll(() => workspace.close());

function asMap(rows: { name: string; value: number }[]): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.name, r.value]));
}

async function direct(query: ReturnType<typeof sql>): Promise<Record<string, number>> {
  const rows = await workspace.store.all(query);
  return Object.fromEntries(rows.map((r) => [String(r.category), Number(r.value)]));
}

describe("Pareto of the demo's support tickets", () => {
  it("counts what a direct SQL count and the ground truth count, largest first", async () => {
    const r = await pareto(workspace, { dataset: "tickets", by: "category" }, clock);
    const counted = await direct(sql`select category, count(*) as value from data.tickets group by category`);
    expect(asMap(r.categories)).toEqual(counted);
    expect(asMap(r.categories)).toEqual(truth);
    expect(Object.keys(truth)).toHaveLength(5);
    const total = Object.values(truth).reduce((a, b) => a + b, 0);
    expect(r.total).toBe(total);
    expect(r.others).toBeNull();
    const values = r.categories.map((c) => c.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(r.categories.at(-1)?.cumulative).toBeCloseTo(1, 12);
    for (const c of r.categories) expect(c.share).toBeCloseTo((truth[c.name] ?? 0) / total, 12);
  });

  it("finds the vital few that dominate: questions, late deliveries and quality complaints", async () => {
    const r = await pareto(workspace, { dataset: "tickets", by: "category" }, clock);
    expect(r.vitalFew).toEqual(["question", "late delivery", "quality"]);
    // By hand from the ground truth: the first two fall short of 80%, the third crosses it.
    const sorted = Object.entries(truth).sort((a, b) => b[1] - a[1]);
    const total = sorted.reduce((sum, [, n]) => sum + n, 0);
    const [first, second, third] = sorted.map(([, n]) => n) as [number, number, number];
    expect((first + second) / total).toBeLessThan(0.8);
    expect((first + second + third) / total).toBeGreaterThanOrEqual(0.8);
    expect(r.summary).toMatch(
      /^3 of 5 values of category \(question, late delivery and quality\) make up 83\.\d% of the 3,215 rows of tickets\.$/,
    );
  });

  it("sums a weight column as a direct SQL sum does", async () => {
    const r = await pareto(workspace, { dataset: "tickets", by: "category", weight: "csat" }, clock);
    const summed = await direct(
      sql`select category, coalesce(sum(csat), 0)::double as value from data.tickets group by category`,
    );
    expect(asMap(r.categories)).toEqual(summed);
    expect(r.measure).toEqual({ kind: "sum", column: "csat", label: "sum of csat" });
    const rows = await direct(sql`select category, count(*) as value from data.tickets group by category`);
    expect(Object.fromEntries(r.categories.map((c) => [c.name, c.rows]))).toEqual(rows);
  });

  it("applies a condition and a local date range as the same SQL written by hand does", async () => {
    const r = await pareto(
      workspace,
      {
        dataset: "tickets",
        by: "agent",
        where: "channel = 'email' and priority in ('high', 'urgent')",
        from: "2025-10-01",
        to: "2026-01-01",
      },
      clock,
    );
    expect(r.time).toBe("created_at");
    const byHand = await workspace.store.all(
      sql`select agent as category, count(*) as value from data.tickets
          where channel = 'email' and priority in ('high', 'urgent')
            and timezone('Europe/Amsterdam', created_at) >= timestamp '2025-10-01 00:00:00'
            and timezone('Europe/Amsterdam', created_at) < timestamp '2026-01-01 00:00:00'
          group by all`,
    );
    expect(asMap(r.categories)).toEqual(
      Object.fromEntries(byHand.map((row) => [String(row.category ?? "(none)"), Number(row.value)])),
    );
    expect(r.rows).toBeGreaterThan(0);
  });

  it("lists (none) for tickets without a shop and adds up beyond the top categories in others", async () => {
    const shops = await pareto(workspace, { dataset: "tickets", by: "shop" }, clock);
    const none = Number(
      await workspace.store.value(sql`select count(*) from data.tickets where shop is null`),
    );
    expect(shops.categories.find((c) => c.name === "(none)")?.value).toBe(none);
    const orders = await pareto(workspace, { dataset: "tickets", by: "order_id" }, clock);
    const distinct = Number(
      await workspace.store.value(sql`select count(distinct coalesce(order_id, '(none)')) from data.tickets`),
    );
    expect(orders.categories).toHaveLength(20);
    expect(orders.categoryCount).toBe(distinct);
    expect(orders.others?.categories).toBe(distinct - 20);
    expect(orders.categories.reduce((s, c) => s + c.value, 0) + (orders.others?.value ?? 0)).toBe(3215);
  });

  it("keeps a saved Pareto as it was seen", async () => {
    const saved = await savePareto(workspace, { dataset: "tickets", by: "category" }, {}, "Sanne", clock);
    expect(saved.data.title).toBe("tickets by category");
    expect(saved.data.result.vitalFew).toEqual(["question", "late delivery", "quality"]);
    expect(saved.data.result.computedAt).toBe("2026-10-01T08:00:00.000Z");
  });

  it("never runs a column name or a condition as SQL", async () => {
    const before = Number(await workspace.store.value(sql`select count(*) from data.tickets`));
    await expect(
      pareto(workspace, {
        dataset: "tickets",
        by: 'category" from data.tickets; drop table data.tickets; --',
      }),
    ).rejects.toThrow(/is not a column of the dataset/);
    await expect(
      pareto(workspace, {
        dataset: "tickets",
        by: "category",
        where: "channel = 'web'; drop table data.tickets",
      }),
    ).rejects.toMatchObject({ code: "USAGE" });
    await expect(
      pareto(workspace, { dataset: "tickets", by: "category", weight: "csat); drop table data.tickets; --" }),
    ).rejects.toThrow(/is not a column of the dataset/);
    const asData = await pareto(
      workspace,
      { dataset: "tickets", by: "category", where: "category = 'x''; drop table data.tickets; --'" },
      clock,
    );
    expect(asData.rows).toBe(0);
    expect(Number(await workspace.store.value(sql`select count(*) from data.tickets`))).toBe(before);
  });
});
