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

/** The demo's checkout test and its pilot of an earlier opening time. */
const EXPERIMENT = "one-page-checkout";
const PILOT = "early-opening";

/** Polls that wait for the server to analyse the data. */
const SERVER = { timeout: 30_000 };

interface ApiResult {
  comparisons: { metric: string; role: string; variant: string }[];
  srm: { ok: boolean };
}

interface ApiPilotReport {
  series: unknown[];
  pilot: { treated: string; controls: string[]; changeDate: string };
}

describe.skipIf(!canRunBrowser)("Experiments: the demo's A/B test, the plan calculator and the pilot", () => {
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

  it("lists the experiment with its headline result and the pilot, each opening its results", async () => {
    const { page, context, errors } = await openPage(browser, `${server.url}/#/experiments`);
    try {
      expect(await page.getByTestId("nav-experiments").getAttribute("aria-current")).toBe("page");
      const row = page.getByTestId(`experiment-row-${EXPERIMENT}`);
      await row.waitFor(SERVER);
      const text = await row.textContent();
      expect(text).toContain("One-page checkout");
      expect(text).toContain("Finished");
      expect(text).toContain("conversion");
      expect(text).toContain("Split OK");
      // The primary lift and its interval, as the results give them.
      expect(text).toMatch(/[+−]\d+\.\d%/);
      expect(text).toMatch(/[+−]\d+\.\d% to [+−]\d+\.\d%/);

      const pilot = page.getByTestId(`pilot-row-${PILOT}`);
      await pilot.waitFor(SERVER);
      const pilotText = await pilot.textContent();
      expect(pilotText).toContain("Opening at 06:00");
      expect(pilotText).toContain("revenue");
      expect(pilotText).toContain("shop-1");
      expect(pilotText).toContain("shop-2");
      expect(pilotText).toContain("2 Mar 2026");
      await screenshot(page, "experiments-list.png", true);

      await row.getByTestId("open-experiment").click();
      await expect.poll(() => new URL(page.url()).hash).toBe(`#/experiments/${EXPERIMENT}`);
      await page.getByTestId("experiment-summary").waitFor(SERVER);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows the result in words, one interval per comparison, an intact split, and the posterior in the Bayesian view", async () => {
    const api = await server.api<ApiResult>(`/api/experiments/${EXPERIMENT}/results`);
    const metrics = new Set(api.comparisons.map((c) => c.metric));
    expect(api.comparisons.length).toBe(3);

    const { page, context, errors } = await openPage(browser, `${server.url}/#/experiments/${EXPERIMENT}`);
    try {
      const summary = page.getByTestId("experiment-summary");
      await summary.waitFor(SERVER);
      const words = (await summary.textContent()) ?? "";
      expect(words).toContain("Recommendation");
      expect(words).toContain("conversion");
      // The primary metric's paragraph comes first.
      expect(words.indexOf("conversion")).toBeLessThan(words.indexOf("revenue per session"));

      const srm = page.getByTestId("srm-badge");
      expect(await srm.getAttribute("data-ok")).toBe(String(api.srm.ok));
      expect(await srm.textContent()).toMatch(/^Split OK ?p = \d\.\d+$/);

      // One lift chart per metric; together they draw an interval for every comparison.
      const charts = page.getByTestId("lift-chart");
      expect(await charts.count()).toBe(metrics.size);
      const intervals = await charts.evaluateAll((els) =>
        els.reduce((sum, el) => sum + Number(el.getAttribute("data-intervals")), 0),
      );
      expect(intervals).toBe(api.comparisons.length);
      for (const chart of await charts.all()) {
        await expect.poll(() => chart.locator("svg path").count(), SERVER).toBeGreaterThan(3);
      }
      expect(await page.locator('[data-testid="variant-row"]').count()).toBe(2);
      expect(await page.getByTestId("posterior-chart").count()).toBe(0);
      await screenshot(page, "experiment-frequentist.png", true);

      // The Bayesian view: the setting goes into the URL, the results come again, the posterior is drawn.
      // The radio sits inside its label, as in the other segmented controls; people click the label.
      await page.locator("label", { has: page.getByTestId("engine-bayesian") }).click();
      expect(await page.getByTestId("engine-bayesian").isChecked()).toBe(true);
      await expect.poll(() => new URL(page.url()).hash).toBe(`#/experiments/${EXPERIMENT}?engine=bayesian`);
      await expect
        .poll(() => page.getByTestId("experiment-results").getAttribute("data-engine"), SERVER)
        .toBe("bayesian");
      const posterior = page.getByTestId("posterior-chart");
      await posterior.waitFor(SERVER);
      await expect.poll(() => posterior.locator("svg path").count(), SERVER).toBeGreaterThan(2);
      expect(await posterior.getAttribute("data-metric")).toBe("conversion");
      expect(await page.getByTestId("chance-to-win").first().textContent()).toMatch(
        /chance to beat control\d+\.\d%/,
      );
      expect(await summary.textContent()).toMatch(/chance that it beats the control/);

      // Sequential and a correction are kept in the URL too.
      await page.getByTestId("experiment-sequential").check();
      await page.getByTestId("experiment-correction").selectOption("holm-bonferroni");
      await expect
        .poll(() => new URL(page.url()).hash)
        .toBe(`#/experiments/${EXPERIMENT}?engine=bayesian&sequential=true&correction=holm-bonferroni`);
      await expect
        .poll(() => page.getByTestId("experiment-results").getAttribute("aria-busy"), SERVER)
        .toBe("false");
      await screenshot(page, "experiment-bayesian.png", true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("plans a test: fewer users for a larger lift, days once traffic is given, the server's message for a bad input", async () => {
    const { page, context, errors } = await openPage(browser, `${server.url}/#/experiments/plan`);
    try {
      await page.getByTestId("plan-calculator").waitFor();
      const users = page.getByTestId("plan-users");
      await expect.poll(() => users.getAttribute("data-value"), SERVER).toMatch(/^\d+$/);
      const atTenPercent = Number(await users.getAttribute("data-value"));
      expect(await page.getByTestId("plan-days").getAttribute("data-value")).toBe("");

      await page.getByTestId("plan-mde").fill("0.2");
      await expect
        .poll(async () => Number(await users.getAttribute("data-value")), SERVER)
        .toBeLessThan(atTenPercent);
      const atTwentyPercent = Number(await users.getAttribute("data-value"));
      // The sample size scales with 1 / lift², give or take the delta method's (1 + (1 + lift)²).
      expect(atTwentyPercent).toBeGreaterThan(atTenPercent / 5);
      expect(atTwentyPercent).toBeLessThan(atTenPercent / 3);

      await page.getByTestId("plan-traffic").fill("500");
      const days = page.getByTestId("plan-days");
      await expect
        .poll(() => days.getAttribute("data-value"), SERVER)
        .toBe(String(Math.ceil((2 * atTwentyPercent) / 500)));
      expect(await days.textContent()).toBe(String(Math.ceil((2 * atTwentyPercent) / 500)));
      await expect
        .poll(() => page.getByTestId("power-curve").locator("svg path").count(), SERVER)
        .toBeGreaterThan(3);
      expect(new URL(page.url()).hash).toBe("#/experiments/plan?mde=0.2&traffic=500");
      await screenshot(page, "experiment-plan.png", true);

      // A rate above 1 is refused by the server, in its words.
      await page.getByTestId("plan-baseline").fill("1.5");
      const error = page.getByTestId("plan-error");
      await error.waitFor(SERVER);
      expect(await error.textContent()).toMatch(/between 0 and 1/);
      await page.getByTestId("plan-baseline").fill("0.05");
      await expect.poll(() => error.count(), SERVER).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows the pilot's result in words and the treated shop against its synthetic control", async () => {
    const report = await server.api<ApiPilotReport>(`/api/pilots/${PILOT}/results`);
    const { page, context, errors } = await openPage(browser, `${server.url}/#/experiments/pilots/${PILOT}`);
    try {
      const summary = page.getByTestId("pilot-summary");
      await summary.waitFor(SERVER);
      const words = (await summary.textContent()) ?? "";
      expect(words).toContain("Opening at 06:00");
      expect(words).toContain(report.pilot.treated);

      const chart = page.getByTestId("pilot-chart");
      expect(await chart.getAttribute("data-points")).toBe(String(report.series.length));
      expect(await chart.getAttribute("data-change")).toBe(report.pilot.changeDate);
      await expect.poll(() => chart.locator("svg path").count(), SERVER).toBeGreaterThan(3);
      expect(await chart.locator("svg").textContent()).toContain("Change 2 Mar 2026");
      await expect
        .poll(() => page.getByTestId("pilot-effect-chart").locator("svg path").count(), SERVER)
        .toBeGreaterThan(3);

      const estimates = page.getByTestId("pilot-estimates");
      expect(await estimates.locator("tbody tr").count()).toBe(2);
      expect(await estimates.textContent()).toContain("Difference in differences");
      expect(await page.getByTestId("pilot-weights").textContent()).toContain(report.pilot.controls[0]);
      await screenshot(page, "experiment-pilot.png", true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
