import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoWorkspace } from "../src/demo-workspace/index.js";
import { explainKpi } from "../src/kpi/explain.js";
import { type Grain, kpiSchema } from "../src/kpi/kpi.schema.js";
import { Workspace } from "../src/workspace/index.js";

interface Effect {
  id: string;
  kind: string;
  metric: string;
  segment: Record<string, string | string[]>;
  from?: string;
  to?: string;
}

/** How each kind of recorded change is measured: the KPI, and which segment caused it. */
const MEASURES: Record<string, { dataset: string; time: string; measure: unknown }> = {
  revenue: { dataset: "sales", time: "sold_at", measure: { kind: "sum", of: "amount" } },
  "revenue per day": { dataset: "sales", time: "sold_at", measure: { kind: "sum", of: "amount" } },
  "line items": { dataset: "sales", time: "sold_at", measure: { kind: "count" } },
  unit_price: { dataset: "sales", time: "sold_at", measure: { kind: "avg", of: "unit_price" } },
  conversion: {
    dataset: "web_sessions",
    time: "started_at",
    measure: {
      kind: "ratio",
      numerator: { kind: "count", where: "converted" },
      denominator: { kind: "count" },
      scale: 100,
    },
  },
};

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe("kpi explain on the demo's ground truth", () => {
  let workspace: Workspace;
  let effects: Effect[];

  beforeAll(async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "opsloop-explain-")), "demo");
    await createDemoWorkspace(dir, { seed: 1, scale: 1 });
    workspace = await Workspace.open(dir);
    effects = (JSON.parse(readFileSync(join(dir, "data/ground-truth.json"), "utf8")) as { effects: Effect[] })
      .effects;
  }, 180_000);

  afterAll(() => workspace.close());

  it("ranks shop 2 first for the week its oven broke, through the demo's revenue KPI", async () => {
    const revenue = workspace.config.kpis.find((k) => k.name === "revenue");
    expect(revenue).toBeDefined();
    const explanation = await explainKpi(workspace, revenue as never, {
      period: "2025-10-20",
      vs: "2025-10-13",
    });
    expect(explanation.drivers[0]).toMatchObject({ dimension: "shop", segment: "shop-2" });
    expect(explanation.change).toBeLessThan(0);
    expect(explanation.sentence).toMatch(/^Revenue fell by .* The largest driver was shop shop-2/);
  });

  it("ranks the injected cause first for every recorded change with a segment and a start", async () => {
    const checked: string[] = [];
    for (const effect of effects) {
      const measure =
        MEASURES[effect.metric] ?? (effect.metric.startsWith("revenue") ? MEASURES.revenue : undefined);
      const entries = Object.entries(effect.segment ?? {});
      if (!measure || !effect.from || entries.length === 0) continue;
      // The segment that caused it: the single value of the effect's first segment key (for an
      // experiment, the treatment: the second variant).
      const [dimension, value] = entries[0] as [string, string | string[]];
      const cause = Array.isArray(value) ? value[value.length - 1] : value;
      const from = Date.parse(effect.from);
      let grain: Grain;
      let period: string;
      let vs: string;
      if (effect.kind === "pilot" || effect.kind === "experiment") {
        // Month-long comparisons: the first full month of the change against the month before it.
        grain = "month";
        const start = new Date(from + 27 * DAY);
        period = iso(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1));
        vs = iso(Date.UTC(new Date(from).getUTCFullYear(), new Date(from).getUTCMonth() - 1, 1));
      } else {
        // Weekly: the first full week of the change against the week before it began.
        grain = "week";
        period = iso(from + 6 * DAY);
        vs = iso(from - 7 * DAY);
      }
      const kpi = kpiSchema.parse({ name: "k", grain, dimensions: [dimension], ...measure });
      const explanation = await explainKpi(workspace, kpi, { period, vs });
      expect(explanation.drivers[0]?.segment, `${effect.id}: ${explanation.sentence}`).toBe(cause);
      checked.push(effect.id);
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        "oven-failure",
        "price-change-bread",
        "promotion-2-for-1-croissant-2024-11-11",
        "promotion-christmas-cakes-2024",
        "pilot-early-opening",
        "checkout-ab-test",
      ]),
    );
    expect(checked).toContain("price-change-coffee");
    expect(checked.length).toBeGreaterThanOrEqual(10);
  }, 120_000);
});
