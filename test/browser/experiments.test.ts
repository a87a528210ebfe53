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
  scale: "level" | "log";
  series: unknown[];
  pilot: { treated: string; controls: string[]; changeDate: string };
  preTrend: { slope: number };
  paragraph: string;
}

interface ApiExperiment {
  experiment: {
    name: string;
    dataset: string;
    variantColumn: string;
    unit?: string;
    time?: string;
    variants: { name: string; weight: number }[];
    metrics: Record<string, unknown>[];
  };
}

/** The HTTP status of a GET, for checking that nothing was saved. */
async function status(url: string): Promise<number> {
  return (await fetch(url)).status;
}

/** A POST to the API, as the dashboard sends it. */
async function post<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
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

      // The scale the comparison ran on is named, and the pre-trend slope read on it: under log a drift
      // in percent a day (e^slope − 1), under level an amount in euros.
      const scale = page.getByTestId("pilot-scale");
      expect(await scale.getAttribute("data-scale")).toBe(report.scale);
      expect(await scale.textContent()).toBe(
        report.scale === "log" ? "percentage changes" : "changes in EUR",
      );
      const slope = (await page.getByTestId("pilot-pretrend-slope").textContent()) ?? "";
      if (report.scale === "log") {
        const drift = Math.expm1(report.preTrend.slope) * 100;
        const shown = /by ([−+±])(\d+\.\d+)% a day/.exec(slope);
        expect(shown, slope).not.toBeNull();
        const value = Number(shown?.[2]) * (shown?.[1] === "−" ? -1 : 1);
        expect(Math.abs(value - drift)).toBeLessThan(0.051);
        expect(slope).not.toMatch(/€|EUR/);
      } else {
        expect(slope).toMatch(/€|EUR/);
      }
      await screenshot(page, "experiment-pilot.png", true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("defines an experiment through the form, saves it and opens its result in words", async () => {
    const name = "checkout-by-device";
    const { page, context, errors } = await openPage(browser, `${server.url}/#/experiments`);
    try {
      await page.getByTestId("new-experiment").click();
      await expect.poll(() => new URL(page.url()).hash).toBe("#/experiments/new");
      const form = page.getByTestId("experiment-form");
      await form.waitFor();
      await page.getByTestId("experiment-name").fill(name);
      await page.getByTestId("experiment-title-input").fill("Checkout by device");
      await page.getByTestId("experiment-dataset").selectOption("web_sessions");
      await page.getByTestId("experiment-variant-column").selectOption("variant");
      await page.getByTestId("experiment-unit").selectOption("session_id");
      await page.getByTestId("experiment-time").selectOption("started_at");
      // The control is the first row; the second variant is typed.
      expect(await page.getByTestId("variant-0-name").inputValue()).toBe("control");
      await page.getByTestId("variant-1-name").fill("one-page-checkout");
      await page.getByTestId("metric-0-type").selectOption("proportion");
      await page.getByTestId("metric-0-value").fill("converted");

      // The YAML view shows the same definition, and the form reads it back.
      await page.locator("label", { has: page.getByTestId("edit-yaml") }).click();
      const yaml = await page.getByTestId("definition-yaml").inputValue();
      expect(yaml).toContain(`name: ${name}`);
      expect(yaml).toContain("variantColumn: variant");
      expect(yaml).toMatch(/- name: control\n\s+weight: 0\.5\n\s+- name: one-page-checkout/);
      expect(yaml).toMatch(/type: proportion\n\s+value: converted/);
      await page.locator("label", { has: page.getByTestId("edit-form") }).click();
      expect(await page.getByTestId("metric-0-value").inputValue()).toBe("converted");
      await screenshot(page, "experiment-form.png", true);

      await page.getByTestId("save-experiment").click();
      await expect.poll(() => new URL(page.url()).hash, SERVER).toBe(`#/experiments/${name}`);
      const summary = page.getByTestId("experiment-summary");
      await summary.waitFor(SERVER);
      expect(await page.getByTestId("experiment-title").textContent()).toContain("Checkout by device");
      const paragraph = (await summary.locator("p.exp-paragraph").first().textContent()) ?? "";
      expect(paragraph).toMatch(/One-page-checkout .*by [+−]\d+\.\d+%/);
      expect(paragraph).toMatch(/\(p [=<] [\d.]+\)/);

      // Saved as entered: the server holds the definition the form sent.
      const saved = await server.api<ApiExperiment>(`/api/experiments/${name}`);
      expect(saved.experiment).toMatchObject({
        dataset: "web_sessions",
        variantColumn: "variant",
        unit: "session_id",
        time: "started_at",
        variants: [
          { name: "control", weight: 0.5 },
          { name: "one-page-checkout", weight: 0.5 },
        ],
        metrics: [{ role: "primary", type: "proportion", value: "converted" }],
      });

      // Edit opens the form with the saved values; its name cannot change.
      await page.getByTestId("edit-experiment").click();
      await expect.poll(() => new URL(page.url()).hash).toBe(`#/experiments/${name}/edit`);
      await page.getByTestId("experiment-form").waitFor(SERVER);
      expect(await page.getByTestId("experiment-name").getAttribute("readonly")).not.toBeNull();
      expect(await page.getByTestId("metric-0-value").inputValue()).toBe("converted");
      expect(await page.getByTestId("experiment-unit").inputValue()).toBe("session_id");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows the server's message beside the form for a bad metric or a taken name, and saves nothing", async () => {
    const name = "checkout-typo";
    const { page, context, errors } = await openPage(browser, `${server.url}/#/experiments/new`);
    try {
      await page.getByTestId("experiment-form").waitFor();
      await page.getByTestId("experiment-name").fill(name);
      await page.getByTestId("experiment-dataset").selectOption("web_sessions");
      await page.getByTestId("experiment-variant-column").selectOption("variant");
      await page.getByTestId("experiment-unit").selectOption("session_id");
      await page.getByTestId("variant-1-name").fill("one-page-checkout");
      await page.getByTestId("metric-0-value").fill("convertd");
      await page.getByTestId("save-experiment").click();

      const message = page.getByTestId("save-error-message");
      await message.waitFor(SERVER);
      const text = (await message.textContent()) ?? "";
      // The server's own words: the field, what is wrong and the columns there are.
      expect(text).toContain("metrics[0].value");
      expect(text).toContain('unknown column "convertd"');
      expect(text).toContain("converted");
      expect(await page.getByTestId("metric-0-value").getAttribute("aria-invalid")).toBe("true");
      expect(await page.getByTestId("metric-0").getByTestId("field-error").textContent()).toContain(
        'nknown column "convertd"',
      );
      expect(new URL(page.url()).hash).toBe("#/experiments/new");
      expect(await status(`${server.url}/api/experiments/${name}`)).toBe(404);
      await screenshot(page, "experiment-form-error.png", true);

      // Fixing the field clears its mark; the name of an existing experiment is refused (409).
      await page.getByTestId("metric-0-value").fill("converted");
      expect(await page.getByTestId("save-error").count()).toBe(0);
      await page.getByTestId("experiment-name").fill("checkout-by-device");
      await page.getByTestId("save-experiment").click();
      await message.waitFor(SERVER);
      expect(await message.textContent()).toMatch(/already exists/);
      expect(await page.getByTestId("experiment-name").getAttribute("aria-invalid")).toBe("true");
      expect(new URL(page.url()).hash).toBe("#/experiments/new");
      const kept = await server.api<ApiExperiment>("/api/experiments/checkout-by-device");
      expect(kept.experiment.metrics).toEqual([{ role: "primary", type: "proportion", value: "converted" }]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("previews a pilot from the form with the same result as the API, then saves it", async () => {
    const definition = {
      kpi: "revenue",
      by: "shop",
      treated: "shop-1",
      controls: ["shop-2"],
      changeDate: "2026-03-02",
      grain: "day",
    };
    const expected = await post<ApiPilotReport>(`${server.url}/api/pilots/analyze`, {
      name: "preview",
      ...definition,
    });
    const { page, context, errors } = await openPage(browser, `${server.url}/#/experiments`);
    try {
      await page.getByTestId("new-pilot").click();
      await expect.poll(() => new URL(page.url()).hash).toBe("#/experiments/pilots/new");
      await page.getByTestId("pilot-form").waitFor();
      await page.getByTestId("pilot-kpi").selectOption("revenue");
      expect(await page.getByTestId("pilot-by").inputValue()).toBe("shop");
      // The units are read from the KPI split by shop, to choose from.
      await page
        .locator("select#pilot-treated option[value='shop-1']")
        .waitFor({ state: "attached", ...SERVER });
      await page.getByTestId("pilot-treated").selectOption("shop-1");
      await page.getByTestId("pilot-control-shop-2").check();
      expect(await page.getByTestId("pilot-controls").locator("input").count()).toBe(1);
      await page.getByTestId("pilot-change-date").fill("2026-03-02");
      await page.getByTestId("preview-pilot").click();

      const summary = page.getByTestId("pilot-summary");
      await summary.waitFor(SERVER);
      const words = (await summary.textContent()) ?? "";
      expect(words).toContain("shop-1");
      expect(words).toContain("shop-2");
      expect(words).toBe(expected.paragraph);
      expect(await page.getByTestId("pilot-scale").getAttribute("data-scale")).toBe(expected.scale);
      const chart = page.getByTestId("pilot-chart");
      expect(await chart.getAttribute("data-points")).toBe(String(expected.series.length));
      await expect.poll(() => chart.locator("svg path").count(), SERVER).toBeGreaterThan(3);
      expect(await page.getByTestId("pilot-estimates").locator("tbody tr").count()).toBe(2);
      // A preview saves nothing.
      expect(await status(`${server.url}/api/pilots/preview`)).toBe(404);
      await screenshot(page, "pilot-form-preview.png", true);

      await page.getByTestId("pilot-name").fill("early-opening-all-day");
      await page.getByTestId("save-pilot").click();
      await expect
        .poll(() => new URL(page.url()).hash, SERVER)
        .toBe("#/experiments/pilots/early-opening-all-day");
      await page.getByTestId("pilot-summary").waitFor(SERVER);
      const saved = await server.api<{ pilot: Record<string, unknown> }>("/api/pilots/early-opening-all-day");
      expect(saved.pilot).toMatchObject({ name: "early-opening-all-day", ...definition });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
