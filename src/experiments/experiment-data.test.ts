import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../ingest/index.js";
import { initWorkspace, type Workspace } from "../workspace/index.js";
import { type Experiment, experimentSchema } from "./experiment.schema.js";
import { collectExperimentData } from "./experiment-data.js";

/**
 * The per-variant sums read from a dataset with several rows per unit, against the same sums
 * computed directly in JavaScript from the rows.
 */

interface Event {
  user: string;
  variant: string;
  day: string;
  orders: number;
  revenue: number;
}

let workspace: Workspace;
const dir = mkdtempSync(join(tmpdir(), "opsloop-experiment-data-"));

function csv(events: Event[]): string {
  return `user,variant,day,orders,revenue\n${events.map((e) => `${e.user},${e.variant},${e.day},${e.orders},${e.revenue}`).join("\n")}\n`;
}

async function load(events: Event[], name: string): Promise<void> {
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, csv(events));
  await importFile(workspace, file, { dataset: name, mode: "replace", types: { user: "VARCHAR" } });
}

function experiment(dataset: string, over: Record<string, unknown> = {}): Experiment {
  return experimentSchema.parse({
    name: "test",
    dataset,
    variantColumn: "variant",
    unit: "user",
    time: "day",
    variants: [
      { name: "a", weight: 1 },
      { name: "b", weight: 1 },
    ],
    metrics: [
      { name: "orders", type: "mean", value: "orders" },
      { name: "buyers", type: "proportion", value: "orders > 0" },
      { name: "aov", type: "ratio", numerator: "revenue", denominator: "orders" },
    ],
    ...over,
  });
}

/** Direct computation: sum each unit's rows, drop units under two variants, then sum per variant. */
function expected(events: Event[], listed: string[]) {
  const units = new Map<string, { variants: Set<string>; orders: number; revenue: number }>();
  for (const e of events) {
    const u = units.get(e.user) ?? { variants: new Set<string>(), orders: 0, revenue: 0 };
    u.variants.add(e.variant);
    u.orders += e.orders;
    u.revenue += e.revenue;
    units.set(e.user, u);
  }
  const arms = listed.map(() => ({
    n: 0,
    orders: 0,
    orders2: 0,
    buyers: 0,
    revenue: 0,
    revenue2: 0,
    product: 0,
  }));
  let several = 0;
  const unlisted = new Map<string, number>();
  for (const u of units.values()) {
    if (u.variants.size > 1) {
      several++;
      continue;
    }
    const [variant] = [...u.variants] as [string];
    const i = listed.indexOf(variant);
    if (i < 0) {
      unlisted.set(variant, (unlisted.get(variant) ?? 0) + 1);
      continue;
    }
    const arm = arms[i] as (typeof arms)[number];
    arm.n++;
    arm.orders += u.orders;
    arm.orders2 += u.orders * u.orders;
    // A unit's "orders > 0" is summed over its rows: the count of rows with an order.
    arm.revenue += u.revenue;
    arm.revenue2 += u.revenue * u.revenue;
    arm.product += u.revenue * u.orders;
  }
  for (const e of events) {
    const u = units.get(e.user);
    const i = listed.indexOf(e.variant);
    if (u && u.variants.size === 1 && i >= 0 && e.orders > 0) (arms[i] as (typeof arms)[number]).buyers++;
  }
  return { arms, several, unlisted };
}

beforeAll(async () => {
  workspace = await initWorkspace(dir, {
    business: { name: "Test", currency: "EUR", timezone: "Europe/Amsterdam", weekStart: "monday" },
  });
});
afterAll(() => workspace.close());

describe("collectExperimentData", () => {
  it("sums several rows per unit, leaves out units under two variants, and names unlisted variants", async () => {
    const events: Event[] = [
      { user: "u1", variant: "a", day: "2026-01-01", orders: 1, revenue: 10 },
      { user: "u1", variant: "a", day: "2026-01-02", orders: 2, revenue: 30 },
      { user: "u2", variant: "b", day: "2026-01-01", orders: 0, revenue: 0 },
      { user: "u3", variant: "b", day: "2026-01-03", orders: 3, revenue: 12 },
      { user: "u4", variant: "a", day: "2026-01-01", orders: 1, revenue: 5 },
      { user: "u4", variant: "b", day: "2026-01-02", orders: 1, revenue: 5 },
      { user: "u5", variant: "c", day: "2026-01-02", orders: 1, revenue: 7 },
      { user: "u6", variant: "a", day: "2026-02-01", orders: 9, revenue: 99 },
    ];
    await load(events, "visits");
    const data = await collectExperimentData(
      workspace,
      experiment("visits", { start: "2026-01-01", stop: "2026-01-31" }),
    );
    expect(data.units).toEqual([1, 2]);
    expect(data.multipleVariantUnits).toBe(1);
    expect(data.unknownVariants).toEqual([{ value: "c", units: 1 }]);
    const orders = data.metrics[0]?.arms;
    expect(orders?.[0]).toEqual({ n: 1, sum: 3, sumSquares: 9 });
    expect(orders?.[1]).toEqual({ n: 2, sum: 3, sumSquares: 9 });
    const aov = data.metrics[2]?.arms[0];
    expect(aov).toMatchObject({
      sum: 40,
      sumSquares: 1600,
      denominatorSum: 3,
      denominatorSumSquares: 9,
      productSum: 120,
    });
  });

  it("equals the direct computation on random logs", async () => {
    const event = fc.record({
      user: fc.integer({ min: 1, max: 40 }).map((u) => `u${u}`),
      variant: fc.constantFrom("a", "b", "b", "a", "x"),
      day: fc.constant("2026-03-01"),
      orders: fc.integer({ min: 0, max: 4 }),
      revenue: fc.integer({ min: 0, max: 200 }),
    });
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 120 }), async (events) => {
        const name = `random_${round++}`;
        await load(events, name);
        const want = expected(events, ["a", "b"]);
        const got = await collectExperimentData(workspace, experiment(name)).catch((e: Error) => e);
        if (got instanceof Error) {
          expect(want.arms.every((a) => a.n === 0)).toBe(true);
          return;
        }
        expect(got.units).toEqual(want.arms.map((a) => a.n));
        expect(got.multipleVariantUnits).toBe(want.several);
        expect(new Map(got.unknownVariants.map((u) => [u.value, u.units]))).toEqual(want.unlisted);
        want.arms.forEach((a, i) => {
          expect(got.metrics[0]?.arms[i]).toMatchObject({ n: a.n, sum: a.orders, sumSquares: a.orders2 });
          expect(got.metrics[1]?.arms[i]?.sum).toBe(a.buyers);
          expect(got.metrics[2]?.arms[i]).toMatchObject({
            sum: a.revenue,
            sumSquares: a.revenue2,
            denominatorSum: a.orders,
            productSum: a.product,
          });
        });
      }),
      { numRuns: 25 },
    );
  });
});
