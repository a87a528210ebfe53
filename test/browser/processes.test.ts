import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  canRunBrowser,
  count,
  type DemoServer,
  launchBrowser,
  openPage,
  screenshot,
  startDemoServer,
} from "./harness.js";

/** The demo's online-order log and the activities its process map must show. */
const LOG = "order-fulfilment";
const ACTIVITIES = [
  "Order received",
  "Payment received",
  "Bake",
  "Quality check",
  "Re-bake",
  "Pack",
  "Ship",
  "Hand over",
];

/** Polls that wait for the server and the layout. */
const SERVER = { timeout: 20_000 };

/** A waiting time as the map writes it: 45 s, 12 min, 3.4 h, 2 days. */
const DURATION = /^\d+(\.\d)? (s|min|h|day|days)$/;

interface ApiDfg {
  activities: { name: string; count: number }[];
  edges: { from: string; to: string; count: number; medianSeconds: number }[];
  start: Record<string, number>;
  end: Record<string, number>;
}

interface ApiEdge {
  from: string;
  to: string;
  count: number;
  cases: number;
  histogram: unknown[];
  examples: unknown[];
}

/** Edges the map draws for a DFG: its paths plus those from the start node and to the end node. */
function drawnEdges(dfg: ApiDfg): number {
  return dfg.edges.length + Object.keys(dfg.start).length + Object.keys(dfg.end).length;
}

async function mapReady(page: Page): Promise<void> {
  const map = page.getByTestId("process-map");
  await map.waitFor({ timeout: SERVER.timeout });
  await expect.poll(() => map.getAttribute("data-state"), SERVER).toBe("ready");
}

async function edgeLabels(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid="map-edge"]:not([data-boundary]) [data-testid="map-edge-label"]')
    .allTextContents();
}

describe.skipIf(!canRunBrowser)("Processes: the mining view of an event log", () => {
  let server: DemoServer;
  let browser: Browser;
  let dfg: ApiDfg;

  beforeAll(async () => {
    server = await startDemoServer({ scale: 0.05 });
    browser = await launchBrowser();
    dfg = await server.api<ApiDfg>(`/api/logs/${LOG}/mine/dfg`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("opens the demo order log from the list and draws its process map with every activity", async () => {
    expect(dfg.activities.map((a) => a.name)).toEqual(expect.arrayContaining(ACTIVITIES));
    const { page, context, errors } = await openPage(browser, `${server.url}/#/processes`);
    try {
      await page.getByTestId(`open-log-${LOG}`).click();
      await expect.poll(() => new URL(page.url()).hash, SERVER).toBe(`#/processes/${LOG}`);
      await mapReady(page);
      const map = page.getByTestId("process-map");

      const nodes = await page
        .locator('[data-testid="map-node"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-activity") ?? ""));
      expect(nodes).toEqual(expect.arrayContaining([...ACTIVITIES, "start", "end"]));
      expect(nodes.length).toBe(dfg.activities.length + 2);
      expect(Number(await map.getAttribute("data-edges"))).toBe(drawnEdges(dfg));
      expect(await page.locator('[data-testid="map-edge"]').count()).toBe(drawnEdges(dfg));

      // Each box shows how often its activity happened, as the API counts it.
      for (const activity of dfg.activities) {
        const node = page.locator(`[data-testid="map-node"][data-activity="${activity.name}"]`);
        expect(await node.textContent()).toContain(count(activity.count));
      }
      // Frequency labels are the counts of the paths.
      const labels = await edgeLabels(page);
      expect(labels.length).toBe(dfg.edges.length);
      expect(labels.every((l) => /^[\d,]+$/.test(l))).toBe(true);
      expect(new Set(labels)).toEqual(new Set(dfg.edges.map((e) => count(e.count))));

      expect(await page.getByTestId("nav-processes").getAttribute("aria-current")).toBe("page");
      await screenshot(page, "processes-map.png");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("switches the labels of the paths from counts to waiting times, and keeps the choice in the URL", async () => {
    const { page, context, errors } = await openPage(browser, `${server.url}/#/processes/${LOG}`);
    try {
      await mapReady(page);
      expect((await edgeLabels(page)).every((l) => /^[\d,]+$/.test(l))).toBe(true);

      await page.locator("label", { hasText: "Waiting time" }).click();
      await expect
        .poll(async () => (await edgeLabels(page)).every((l) => DURATION.test(l)), SERVER)
        .toBe(true);
      expect((await edgeLabels(page)).length).toBe(dfg.edges.length);
      expect(new URL(page.url()).hash).toContain("mode=time");

      // A reload shows the same view.
      await page.reload();
      await mapReady(page);
      expect(await page.getByTestId("map-mode-time").isChecked()).toBe(true);
      await expect
        .poll(async () => (await edgeLabels(page)).every((l) => DURATION.test(l)), SERVER)
        .toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("hides the less frequent paths when the paths slider moves down", async () => {
    // The map keeps the paths that connect every activity, so the level where paths start to
    // disappear depends on the log: take the highest one where the API leaves some out.
    let level = -1;
    let fewer: ApiDfg | null = null;
    for (const candidate of [80, 60, 40, 20, 0]) {
      const answer = await server.api<ApiDfg>(`/api/logs/${LOG}/mine/dfg?paths=${candidate}`);
      if (drawnEdges(answer) < drawnEdges(dfg)) {
        level = candidate;
        fewer = answer;
        break;
      }
    }
    if (!fewer) throw new Error("the API hides no path of the demo log at any level");

    const { page, context, errors } = await openPage(browser, `${server.url}/#/processes/${LOG}`);
    try {
      await mapReady(page);
      const edges = page.locator('[data-testid="map-edge"]');
      expect(await edges.count()).toBe(drawnEdges(dfg));

      const slider = page.getByTestId("map-paths");
      await slider.focus();
      for (let i = 0; i < (100 - level) / 5; i++) await page.keyboard.press("ArrowLeft");
      expect(await slider.inputValue()).toBe(String(level));

      await expect.poll(() => edges.count(), SERVER).toBe(drawnEdges(fewer));
      await mapReady(page);
      expect(new URL(page.url()).hash).toContain(`paths=${level}`);
      expect(await page.getByTestId("map-hidden").textContent()).toMatch(/Hidden: .*path/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("opens a path's detail with its waiting-time histogram and longest waits", async () => {
    const { page, context, errors } = await openPage(browser, `${server.url}/#/processes/${LOG}`);
    try {
      await mapReady(page);
      const busiest = [...dfg.edges].sort((a, b) => b.count - a.count)[0];
      if (!busiest) throw new Error("the demo log has no paths");
      const detail = await server.api<ApiEdge>(
        `/api/logs/${LOG}/mine/edge?edgeFrom=${encodeURIComponent(busiest.from)}&edgeTo=${encodeURIComponent(busiest.to)}`,
      );

      const edge = page.locator(
        `[data-testid="map-edge"][data-from="${busiest.from}"][data-to="${busiest.to}"]`,
      );
      await edge.locator('[data-testid="map-edge-label"]').click();
      const panel = page.getByTestId("edge-detail");
      await panel.waitFor({ timeout: SERVER.timeout });
      expect(await panel.locator("h3").textContent()).toContain(busiest.from);
      expect(await panel.locator("h3").textContent()).toContain(busiest.to);
      await expect.poll(() => page.getByTestId("edge-count").textContent(), SERVER).toBe(count(detail.count));

      const histogram = page.getByTestId("edge-histogram");
      await histogram.locator("svg").first().waitFor({ timeout: SERVER.timeout });
      expect(Number(await histogram.getAttribute("data-bins"))).toBe(detail.histogram.length);
      expect(detail.histogram.length).toBeGreaterThan(0);
      expect(await page.getByTestId("edge-examples").locator("tbody tr").count()).toBe(
        Math.min(8, detail.examples.length),
      );
      expect(await edge.getAttribute("aria-pressed")).toBe("true");

      await screenshot(page, "processes-edge.png");
      // A box shows its activity's figures instead.
      await page.locator('[data-testid="map-node"][data-activity="Bake"]').click();
      await page.getByTestId("node-detail").waitFor({ timeout: SERVER.timeout });
      const bake = dfg.activities.find((a) => a.name === "Bake");
      expect(await page.getByTestId("node-count").textContent()).toBe(count(bake?.count ?? -1));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("lists the variants and the bottlenecks", async () => {
    const variants = await server.api<{ variants: unknown[] }>(`/api/logs/${LOG}/mine/variants?limit=50`);
    const bottlenecks = await server.api<{ edges: unknown[]; sentence: string }>(
      `/api/logs/${LOG}/mine/bottlenecks?by=weekday,hour`,
    );
    const { page, context, errors } = await openPage(browser, `${server.url}/#/processes/${LOG}`);
    try {
      await page.getByTestId("tab-variants").click();
      const rows = page.getByTestId("variant-row");
      await expect.poll(() => rows.count(), SERVER).toBe(variants.variants.length);
      expect(variants.variants.length).toBeGreaterThan(0);
      expect(await rows.first().locator(".step").first().textContent()).toBeTruthy();
      expect(new URL(page.url()).hash).toContain("tab=variants");

      await page.getByTestId("tab-bottlenecks").click();
      await expect
        .poll(() => page.getByTestId("bottleneck-sentence").textContent(), SERVER)
        .toBe(bottlenecks.sentence);
      expect(await page.getByTestId("bottleneck-edge-row").count()).toBe(
        Math.min(15, bottlenecks.edges.length),
      );
      expect(await page.getByTestId("bottleneck-activity-row").count()).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
