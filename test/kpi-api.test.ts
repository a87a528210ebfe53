import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoWorkspace } from "../src/demo-workspace/index.js";
import { buildServer } from "../src/server/index.js";
import { Workspace } from "../src/workspace/index.js";
import { runJson } from "./helpers/cli.js";

describe("KPIs through the API and the CLI on the demo", () => {
  let dir: string;
  let workspace: Workspace;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = join(mkdtempSync(join(tmpdir(), "opsloop-kpi-api-")), "demo");
    await createDemoWorkspace(dir, { seed: 3, scale: 0.2 });
    workspace = await Workspace.open(dir);
    app = await buildServer(workspace, { webDir: "/nonexistent" });
  }, 180_000);

  afterAll(async () => {
    await app.close();
    workspace.close();
  });

  it("ships the demo with its KPIs and goals, each with a status", async () => {
    const { kpis } = (await app.inject("/api/kpis")).json() as {
      kpis: { name: string; latest: unknown; goal: { status: string } | null; sparkline: unknown[] }[];
    };
    expect(kpis.map((k) => k.name)).toEqual([
      "revenue",
      "orders",
      "aov",
      "conversion",
      "first-response-time",
      "resolution-time",
      "rework-rate",
      "csat",
      "stock-out-rate",
    ]);
    for (const k of kpis) {
      expect(k.latest, k.name).not.toBeNull();
      expect(k.sparkline.length, k.name).toBeGreaterThan(3);
    }
    const withGoals = kpis.filter((k) => k.goal);
    expect(withGoals.map((k) => k.name)).toEqual(["revenue", "conversion", "first-response-time"]);
    for (const k of withGoals) expect(["on track", "at risk", "off track"]).toContain(k.goal?.status);
  });

  it("marks the weeks the data covers only in part, and leaves them out of the latest value", async () => {
    // The demo runs from Tuesday 2024-10-01 to Wednesday 2026-09-30.
    const series = (await app.inject("/api/kpis/revenue/series")).json();
    expect(series.points[0]).toMatchObject({ period: "2024-09-30", partial: true });
    expect(series.points.at(-1)).toMatchObject({ period: "2026-09-28", partial: true });
    expect(series.points.filter((p: { partial?: boolean }) => p.partial)).toHaveLength(2);
    const { kpis } = (await app.inject("/api/kpis")).json();
    expect(kpis.find((k: { name: string }) => k.name === "revenue").latest.period).toBe("2026-09-21");
  });

  it("evaluates a series split by a dimension whose segments add up for an additive KPI", async () => {
    const series = (
      await app.inject("/api/kpis/revenue/series?by=shop&from=2025-10-06&to=2025-11-03")
    ).json();
    expect(series.points.map((p: { period: string }) => p.period)).toEqual([
      "2025-10-06",
      "2025-10-13",
      "2025-10-20",
      "2025-10-27",
    ]);
    for (const point of series.points) {
      const sum = Object.values(point.segments as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(point.value, 6);
    }
  });

  it("explains the oven-failure week with shop 2 first", async () => {
    const explanation = (
      await app.inject("/api/kpis/revenue/explain?period=2025-10-20&vs=2025-10-13&by=shop")
    ).json();
    expect(explanation.drivers[0]).toMatchObject({ dimension: "shop", segment: "shop-2" });
    expect(explanation.sentence).toContain("shop shop-2");
  });

  it("draws control limits, stores signals once, and forecasts with nested intervals", async () => {
    const first = (await app.inject("/api/kpis/revenue/monitor?rules=nelson")).json();
    expect(first.ucl).toBeGreaterThan(first.center);
    expect(first.points.length).toBeGreaterThan(50);
    const again = (await app.inject("/api/kpis/revenue/monitor?rules=nelson")).json();
    expect(again.signals).toEqual(first.signals);
    const stored = (await app.inject("/api/signals?kpi=revenue")).json().signals;
    const keys = stored.map(
      (s: { chart: string; rule: number; period: string }) => `${s.chart}|${s.rule}|${s.period}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
    expect(stored.length).toBe(first.signals.length);
    const forecast = (await app.inject("/api/kpis/revenue/forecast?horizon=8")).json();
    expect(forecast.points).toHaveLength(8);
    for (const p of forecast.points) {
      expect(p.lo95).toBeLessThanOrEqual(p.lo80);
      expect(p.lo80).toBeLessThanOrEqual(p.mean);
      expect(p.mean).toBeLessThanOrEqual(p.hi80);
      expect(p.hi80).toBeLessThanOrEqual(p.hi95);
    }
  });

  it("adds a KPI from a template and refuses hostile expressions with the place of the error", async () => {
    const added = await app.inject({
      method: "POST",
      url: "/api/kpis",
      payload: {
        template: "orders",
        name: "web-orders",
        dataset: "sales",
        time: "sold_at",
        map: { order: "receipt_id" },
        filter: "channel = 'web'",
      },
    });
    expect(added.statusCode, added.body).toBe(201);
    const hostile = await app.inject({
      method: "POST",
      url: "/api/kpis",
      payload: {
        name: "evil",
        dataset: "sales",
        time: "sold_at",
        measure: { kind: "sum", of: "amount); drop table data.sales; --" },
      },
    });
    expect(hostile.statusCode).toBe(400);
    expect(hostile.json().error.message).toContain('measure.of at character 8: unexpected character ";"');
    const filter = await app.inject(
      "/api/kpis/revenue/series?filter=" + encodeURIComponent("shop = 'x' or 1=1; --"),
    );
    expect(filter.statusCode).toBe(400);
    expect(filter.json().error.message).toContain('--filter at character 18: unexpected character ";"');
    expect((await app.inject("/api/datasets/sales")).statusCode).toBe(200);
  });

  it("sets a goal and records its status history", async () => {
    const response = await app.inject({
      method: "PUT",
      url: "/api/goals/orders",
      payload: {
        baseline: { from: "2025-10-01", to: "2026-04-01", value: 100 },
        target: 101,
        deadline: "2026-12-31",
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const goal = response.json().goal;
    // Orders run far above 101 a week, so the projection reaches the target.
    expect(goal.status).toBe("on track");
    expect(goal.rule).toContain("On track: the projection reaches the target");
    expect(goal.history).toHaveLength(1);
    const backwards = await app.inject({
      method: "PUT",
      url: "/api/goals/orders",
      payload: { baseline: { from: "2025-10-01", to: "2026-04-01" }, target: 1, deadline: "2026-12-31" },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.message).toMatch(
      /^The target 1 is not above the baseline [\d.]+, and for Orders higher is better/,
    );
    const one = (await app.inject("/api/kpis/orders")).json().kpi;
    expect(one.goal.target).toBe(101);
  });

  it("monitors and forecasts a plain file from the CLI without a workspace", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "opsloop-series-")), "series.csv");
    // qcc's viscosity data (phase I, 15 points) followed by a shift: the shifted points break rule 1.
    const values = [
      34.05, 34.4, 33.59, 35.2, 34.88, 35.12, 34.1, 34.15, 35.2, 34.3, 35.04, 34.5, 34.22, 34.4, 35.0, 39,
      39.5,
    ];
    writeFileSync(file, `y\n${values.join("\n")}\n`);
    const { run, json } = await runJson<{ center: number; signals: { rule: number; index: number }[] }>([
      "monitor",
      "--series",
      file,
      "--value-column",
      "y",
      "--chart",
      "xmr",
      "--rules",
      "nelson",
      "--baseline",
      "15",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(json.center).toBeCloseTo(values.slice(0, 15).reduce((a, b) => a + b, 0) / 15, 10);
    expect(json.signals.filter((s) => s.rule === 1).map((s) => s.index)).toEqual([15, 16]);
  });

  it("draws an X-bar R chart from a file's subgroups", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "opsloop-rings-")), "rings.csv");
    // Three subgroups of five; the grand mean and the mean range are worked by hand.
    const groups = [
      [74.03, 74.002, 74.019, 73.992, 74.008],
      [73.995, 73.992, 74.001, 74.011, 74.004],
      [73.988, 74.024, 74.021, 74.005, 74.002],
    ];
    writeFileSync(
      file,
      `sample,diameter\n${groups.flatMap((g, i) => g.map((v) => `s${i},${v}`)).join("\n")}\n`,
    );
    const { run, json } = await runJson<{ center: number; ucl: number; lcl: number }>([
      "monitor",
      "--series",
      file,
      "--value-column",
      "diameter",
      "--subgroup-column",
      "sample",
      "--chart",
      "xbar-r",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const grand = groups.flat().reduce((a, b) => a + b, 0) / 15;
    const meanRange = groups.map((g) => Math.max(...g) - Math.min(...g)).reduce((a, b) => a + b, 0) / 3;
    // A2 for subgroups of five is 0.577 (Montgomery, Appendix VI).
    expect(json.center).toBeCloseTo(grand, 10);
    expect(json.ucl).toBeCloseTo(grand + 0.577 * meanRange, 4);
    expect(json.lcl).toBeCloseTo(grand - 0.577 * meanRange, 4);
  });
});
