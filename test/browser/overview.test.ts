import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiDataset,
  canRunBrowser,
  count,
  type DemoServer,
  launchBrowser,
  openPage,
  screenshot,
  startDemoServer,
} from "./harness.js";

const SERIES = 'svg path[stroke="#1f6f5c"], svg path[fill="#1f6f5c"]';

interface Workspace {
  business: { name: string };
  counts: { datasets: number; rows: number; logs: number };
  lastImportAt: string | null;
}

interface Log {
  name: string;
  dataset: string;
  events: number;
  cases: number;
  activities: number;
}

describe.skipIf(!canRunBrowser)("Overview and Processes", () => {
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

  it("shows the workspace in numbers and a chart of rows over time for each dataset with dates", async () => {
    const workspace = await server.api<Workspace>("/api/workspace");
    const { datasets } = await server.api<{ datasets: ApiDataset[] }>("/api/datasets");
    const withTimeline: { name: string; grain: string }[] = [];
    for (const d of datasets) {
      const profile = await server.api<{ timeline: { grain: string; points: unknown[] } | null }>(
        `/api/datasets/${d.name}/profile`,
      );
      if (profile.timeline && profile.timeline.points.length > 0) {
        withTimeline.push({ name: d.name, grain: profile.timeline.grain });
      }
    }
    expect(withTimeline.length, "the demo has datasets with a date column").toBeGreaterThan(0);

    const { page, context, errors } = await openPage(browser, `${server.url}/#/`);
    try {
      await expect
        .poll(() => page.getByTestId("card-datasets-value").textContent())
        .toBe(count(workspace.counts.datasets));
      expect(await page.getByTestId("card-rows-value").textContent()).toBe(count(workspace.counts.rows));
      expect(await page.getByTestId("card-logs-value").textContent()).toBe(count(workspace.counts.logs));
      expect(workspace.lastImportAt).not.toBeNull();
      expect(await page.getByTestId("card-last-import-value").textContent()).not.toBe("never");

      await page.getByTestId("timelines").waitFor();
      for (const { name, grain } of withTimeline) {
        const figure = page.getByTestId(`timeline-${name}`);
        await expect.poll(() => figure.isVisible()).toBe(true);
        expect(await figure.textContent()).toContain(`${name} — rows per ${grain}`);
        // The series is drawn in the accent colour: a line's stroke or the bars' fill.
        await figure.locator(SERIES).first().waitFor({ state: "attached" });
      }
      expect(await page.locator('[data-testid^="timeline-"]').count()).toBe(withTimeline.length);

      await page.waitForTimeout(200);
      await screenshot(page, "overview.png");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("lists the event logs with events, cases, activities and a link to their dataset", async () => {
    const { logs } = await server.api<{ logs: Log[] }>("/api/logs");
    expect(logs.length).toBeGreaterThan(0);
    const { page, context, errors } = await openPage(browser, `${server.url}/#/processes`);
    try {
      await page.getByTestId("logs-table").waitFor();
      for (const log of logs) {
        const row = page.getByTestId(`log-row-${log.name}`);
        const text = (await row.textContent()) ?? "";
        expect(text).toContain(count(log.events));
        expect(text).toContain(count(log.cases));
        expect(await row.locator(`a[href="#/data/${log.dataset}"]`).count()).toBe(1);
      }
      const first = logs[0];
      if (first) {
        // The log's name opens its process view; the dataset link opens the dataset.
        await page.getByTestId(`log-row-${first.name}`).locator(`a[href="#/data/${first.dataset}"]`).click();
        await expect.poll(() => new URL(page.url()).hash).toBe(`#/data/${first.dataset}`);
        await page.getByTestId("dataset-title").waitFor();
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
