import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  canRunBrowser,
  type DemoServer,
  launchBrowser,
  openPage,
  screenshot,
  startDemoServer,
} from "./harness.js";

/** The demo's online-order log, the step that is its bottleneck and the scenario tried on it. */
const LOG = "order-fulfilment";
const SCENARIO = "extra-baker-pool";

/** Polls that wait for the server: building the twin calibrates and simulates it. */
const SERVER = { timeout: 30_000 };

interface ApiTwin {
  model: { activities: { name: string; resource?: string }[]; resources?: Record<string, unknown> };
}

describe.skipIf(!canRunBrowser)("Twin: model, scenarios and staffing on the demo", () => {
  let server: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startDemoServer({ scale: 0.05 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("builds the twin of the order log, adds a unit to the pool that bakes, runs it and shows the comparison", async () => {
    // The pool that does Bake, as the calibration names it.
    const response = await fetch(`${server.url}/api/logs/${LOG}/twin`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({}),
    });
    expect(response.ok).toBe(true);
    const twin = (await response.json()) as ApiTwin;
    const bakers = twin.model.activities.find((a) => a.name === "Bake")?.resource;
    expect(bakers).toBeTruthy();

    const { page, context, errors } = await openPage(browser, `${server.url}/#/twin`);
    try {
      // The nav entry is live and opens the page.
      expect(await page.getByTestId("nav-twin").getAttribute("aria-current")).toBe("page");
      await expect.poll(() => page.getByTestId("twin-log").inputValue(), SERVER).toBe(LOG);
      await page.getByTestId("build-twin").click();
      await page.getByTestId("twin-built").waitFor(SERVER);
      expect(new URL(page.url()).hash).toContain(`log=${LOG}`);

      // The model: every activity of the calibrated model is a box on the diagram, with start and end.
      const diagram = page.getByTestId("twin-diagram");
      await expect.poll(() => diagram.getAttribute("data-state"), SERVER).toBe("ready");
      const boxes = await page
        .locator('[data-testid="twin-node"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-activity") ?? ""));
      expect(new Set(boxes)).toEqual(new Set([...twin.model.activities.map((a) => a.name), "start", "end"]));
      expect(await page.locator('[data-testid="twin-pool"]').count()).toBe(
        Object.keys(twin.model.resources ?? {}).length,
      );
      // Calibration quality: the four validation distances and a fit row per activity.
      expect(await page.locator('[data-testid^="distance-"]').count()).toBe(4);
      expect(await page.locator('[data-testid="fit-row"][data-activity="Bake"]').count()).toBe(1);
      await screenshot(page, "twin-model.png", true);

      // Scenarios: the editor starts with one capacity change; point it at the bakers' pool, one unit more.
      await page.getByTestId("twin-tab-scenarios").click();
      expect(new URL(page.url()).hash).toContain("tab=scenarios");
      await page.getByTestId("scenario-0-name").fill(SCENARIO);
      await page.getByTestId("scenario-0-change-0-pool").selectOption(bakers ?? "");
      await page.getByTestId("scenario-0-change-0-add").fill("1");
      // Keep the run quick.
      await page.getByTestId("run-cases").fill("300");
      await page.getByTestId("run-replications").fill("3");
      await page.getByTestId("run-scenarios").click();

      await page.getByTestId("simulation-result").waitFor(SERVER);
      const chart = page.getByTestId("comparison-chart");
      await chart.waitFor();
      expect(await chart.getAttribute("data-scenarios")).toBe("1");
      // ECharts drew an SVG with the scenario's bar and its interval.
      await expect.poll(() => chart.locator("svg path").count(), SERVER).toBeGreaterThan(3);
      expect(await chart.locator("svg").textContent()).toContain("Cycle time");
      await expect.poll(() => page.getByTestId("means-chart").locator("svg path").count()).toBeGreaterThan(3);

      const verdict = page.locator(`[data-testid="verdict"][data-scenario="${SCENARIO}"]`);
      expect(await verdict.count()).toBe(1);
      expect(await verdict.textContent()).toMatch(new RegExp(`Scenario "${SCENARIO}".*cycle time`));
      const rows = await page
        .locator('[data-testid="scenario-row"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-scenario")));
      expect(rows).toEqual(["baseline", SCENARIO]);
      await screenshot(page, "twin-scenarios.png", true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("plans staff for a weekly table of arrivals and draws the heat map", async () => {
    const { page, context, errors } = await openPage(
      browser,
      `${server.url}/#/twin?tab=staffing&interval=30&handling=3&shrinkage=0.3`,
    );
    try {
      await page.getByTestId("staffing-grid").waitFor(SERVER);
      // Saturday 08:00 gets the reference load: 100 arrivals in 30 minutes, 3 minutes each.
      await page.getByTestId("cell-saturday-08:00").fill("100");
      await page.getByTestId("plan-staffing").click();
      const heatMap = page.getByTestId("staffing-heatmap");
      await heatMap.waitFor(SERVER);
      await expect.poll(() => heatMap.locator("svg path").count(), SERVER).toBeGreaterThan(10);
      expect(Number(await heatMap.getAttribute("data-cells"))).toBeGreaterThan(50);
      // Erlang C with shrinkage 0.3 and max occupancy 0.85: 14 on the floor, 20 scheduled (pyworkforce).
      expect(await heatMap.getAttribute("data-peak")).toBe("20");
      const row = page
        .locator('[data-testid="staffing-row"]', { hasText: "Saturday" })
        .filter({ hasText: "08:00" });
      expect(await row.first().textContent()).toContain("88.8%");
      await screenshot(page, "twin-staffing.png", true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
