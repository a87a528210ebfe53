import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  canRunBrowser,
  type DemoServer,
  launchBrowser,
  openPage,
  screenshot,
  startDemoServer,
} from "./harness.js";

/** The KPIs the demo workspace ships with. */
const DEMO_KPIS = [
  "revenue",
  "orders",
  "aov",
  "conversion",
  "first-response-time",
  "resolution-time",
  "rework-rate",
  "csat",
  "stock-out-rate",
];

/** Polls that wait for the server: its KPI answers take a few seconds on a busy machine. */
const SERVER = { timeout: 20_000 };

interface ApiGoal {
  kpi: string;
  status: "on track" | "at risk" | "off track";
  target: number;
  baseline: { value: number; from: string; to: string };
  rule: string;
  explanation: string;
  history: { status: string }[];
}

interface ApiKpi {
  name: string;
  label?: string;
  grain: string;
  dataset: string;
  time: string;
  dimensions: string[];
  latest: { period: string; value: number | null } | null;
  goal: ApiGoal | null;
}

interface ApiSeries {
  grain: string;
  points: {
    period: string;
    value: number | null;
    segments?: Record<string, number | null>;
    partial?: boolean;
  }[];
}

interface ApiMonitor {
  center: number;
  ucl: number;
  lcl: number;
  signals: { period: string; description: string }[];
}

interface ApiExplanation {
  sentence: string;
  drivers: unknown[];
}

/** The cells of the chart's table of numbers: period, segment ("total" for the total) and value. */
async function numbers(page: Page): Promise<{ period: string; segment: string; value: string }[]> {
  interface Cell {
    getAttribute(name: string): string | null;
    closest(selector: string): { getAttribute(name: string): string | null } | null;
  }
  return page.locator('[data-testid="kpi-numbers"] td[data-segment]').evaluateAll((cells: unknown[]) =>
    (cells as Cell[]).map((cell) => ({
      period: cell.closest("tr")?.getAttribute("data-period") ?? "",
      segment: cell.getAttribute("data-segment") ?? "",
      value: cell.getAttribute("data-value") ?? "",
    })),
  );
}

async function attribute(locator: Locator, name: string): Promise<string> {
  return (await locator.getAttribute(name)) ?? "";
}

/** Whether a week (its Monday) is fully covered by data that ends at `last` ("2026-09-30 17:58:28"). */
function weekComplete(monday: string, last: string): boolean {
  const lastDay = Date.parse(`${last.slice(0, 10)}T00:00:00Z`);
  return lastDay >= Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000;
}

describe.skipIf(!canRunBrowser)("KPIs and goals", () => {
  let server: DemoServer;
  let browser: Browser;
  let kpis: ApiKpi[];

  beforeAll(async () => {
    server = await startDemoServer({ scale: 0.05 });
    browser = await launchBrowser();
    kpis = (await server.api<{ kpis: ApiKpi[] }>("/api/kpis")).kpis;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  function kpi(name: string): ApiKpi {
    const found = kpis.find((k) => k.name === name);
    if (!found) throw new Error(`the demo has no KPI ${name}`);
    return found;
  }

  it("shows every demo KPI on the Overview with its goal status, explained on focus", async () => {
    expect(kpis.map((k) => k.name)).toEqual(expect.arrayContaining(DEMO_KPIS));
    const withGoal = kpis.filter((k) => k.goal);
    expect(withGoal.length, "the demo sets goals on some KPIs").toBeGreaterThan(0);
    expect(withGoal.length, "and leaves others without").toBeLessThan(kpis.length);

    const { page, context, errors } = await openPage(browser, `${server.url}/#/`);
    try {
      await page.getByTestId("kpi-cards").waitFor();
      for (const k of kpis) {
        const card = page.getByTestId(`kpi-card-${k.name}`);
        await expect.poll(() => card.isVisible(), { ...SERVER, message: k.name }).toBe(true);
        expect(await card.textContent()).toContain(k.label ?? k.name);
        const status = page.getByTestId(`goal-status-${k.name}`);
        expect(await status.getAttribute("data-status"), k.name).toBe(k.goal?.status ?? "no goal");
        expect(await status.textContent()).toMatch(new RegExp(`^${k.goal?.status ?? "no goal"}`));
        expect(await card.locator(`a[href="#/kpis/${k.name}"]`).count()).toBe(1);
      }
      expect(await page.locator('[data-testid^="kpi-card-"]').count()).toBe(kpis.length);

      await page.mouse.move(700, 880);
      await screenshot(page, "kpis-overview.png");

      // The status says why on keyboard focus, in the server's words.
      const goal = withGoal[0]?.goal;
      if (!goal) throw new Error("no goal");
      const explanation = page.getByTestId(`goal-status-${goal.kpi}-explanation`);
      expect(await explanation.isVisible()).toBe(false);
      await page.getByTestId(`goal-status-${goal.kpi}`).focus();
      await expect.poll(() => explanation.isVisible(), SERVER).toBe(true);
      expect(await explanation.textContent()).toBe(goal.explanation);

      // A card opens its KPI's page.
      await page.getByTestId("kpi-link-revenue").click();
      await expect.poll(() => new URL(page.url()).hash, SERVER).toBe("#/kpis/revenue");
      expect(await page.getByTestId("kpi-title").textContent()).toContain(kpi("revenue").label ?? "revenue");
      expect(await page.getByTestId("nav-kpis").getAttribute("aria-current")).toBe("page");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("charts revenue with its control limits, unusual points, forecast band and target", async () => {
    const revenue = kpi("revenue");
    const grain = revenue.grain;
    const monitor = await server.api<ApiMonitor>(
      `/api/kpis/revenue/monitor?chart=xmr&rules=nelson&grain=${grain}`,
    );
    const forecast = await server.api<{ points: unknown[] }>(
      `/api/kpis/revenue/forecast?grain=${grain}&horizon=12`,
    );
    const series = await server.api<ApiSeries>(`/api/kpis/revenue/series?grain=${grain}`);
    expect(revenue.goal, "the demo sets a goal on revenue").not.toBeNull();
    expect(monitor.signals.length, "the demo's revenue has unusual points").toBeGreaterThan(0);

    const { page, context, errors } = await openPage(browser, `${server.url}/#/kpis/revenue`);
    try {
      const chart = page.getByTestId("kpi-chart");
      // Limits, signals, forecast and target arrive in separate calls; wait for all of them.
      await expect
        .poll(async () => (await attribute(chart, "data-series")).split(","), SERVER)
        .toEqual(
          expect.arrayContaining([
            "value",
            "center",
            "ucl",
            "lcl",
            "signals",
            "forecast-95",
            "forecast-80",
            "forecast-mean",
            "target",
          ]),
        );
      expect(await attribute(chart, "data-mode")).toBe("total");
      expect(Number(await attribute(chart, "data-center"))).toBeCloseTo(monitor.center, 6);
      expect(Number(await attribute(chart, "data-ucl"))).toBeCloseTo(monitor.ucl, 6);
      expect(Number(await attribute(chart, "data-lcl"))).toBeCloseTo(monitor.lcl, 6);
      expect(Number(await attribute(chart, "data-signals"))).toBe(
        new Set(monitor.signals.map((s) => s.period)).size,
      );
      expect(Number(await attribute(chart, "data-forecast"))).toBe(forecast.points.length);
      expect(Number(await attribute(chart, "data-target"))).toBe(revenue.goal?.target);

      // The legend says what each mark is, in words.
      for (const id of ["value", "center", "limits", "signals", "forecast", "target"]) {
        await expect
          .poll(() => page.getByTestId(`legend-${id}`).isVisible(), { ...SERVER, message: id })
          .toBe(true);
      }
      expect(await page.getByTestId("legend-forecast").textContent()).toMatch(/80% and 95%/);
      // A week the data covers only in part is drawn dashed and said so, not read as a drop.
      expect(Number(await attribute(chart, "data-points"))).toBe(series.points.length);
      const partial = series.points[0]?.partial || series.points.at(-1)?.partial;
      expect(await page.getByTestId("legend-partial").count()).toBe(partial ? 1 : 0);

      // The marks are drawn: dashed limits and unusual points in red, the forecast band in the accent.
      expect(await chart.locator('svg path[stroke="#c4574b"]').count()).toBeGreaterThanOrEqual(2);
      expect(await chart.locator('svg path[fill="#c4574b"]').count()).toBeGreaterThan(0);
      expect(await chart.locator('svg path[fill="#1f6f5c"]').count()).toBeGreaterThanOrEqual(2);

      // Hovering an unusual point names the rule it broke.
      await chart.locator('svg path[fill="#c4574b"]').last().hover({ force: true });
      const tooltip = page.locator(".tt-signal").first();
      await expect.poll(() => tooltip.isVisible(), SERVER).toBe(true);
      const described = ((await tooltip.textContent()) ?? "").replace(/^Unusual: /, "");
      expect(monitor.signals.map((s) => s.description)).toContain(described);

      // The table of numbers carries the same: each unusual period with its rule.
      const first = monitor.signals[0];
      if (!first) throw new Error("no signal");
      const row = page.locator(`[data-testid="kpi-numbers"] tr[data-period="${first.period}"]`);
      expect(await row.textContent()).toContain(first.description);

      await page.mouse.move(10, 10);
      await expect.poll(() => tooltip.isVisible(), SERVER).toBe(false);
      await screenshot(page, "kpi-revenue.png");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("splits revenue by shop into one line per shop with the values the API gives", async () => {
    const revenue = kpi("revenue");
    expect(revenue.dimensions).toContain("shop");
    const split = await server.api<ApiSeries>(`/api/kpis/revenue/series?grain=${revenue.grain}&by=shop`);
    const shops = [...new Set(split.points.flatMap((p) => Object.keys(p.segments ?? {})))].sort();
    expect(shops.length).toBeGreaterThanOrEqual(2);

    const { page, context, errors } = await openPage(browser, `${server.url}/#/kpis/revenue`);
    try {
      const chart = page.getByTestId("kpi-chart");
      await expect.poll(() => attribute(chart, "data-series"), SERVER).toContain("ucl");
      await page.getByTestId("kpi-split").selectOption("shop");

      await expect.poll(() => attribute(chart, "data-mode"), SERVER).toBe("split");
      expect((await attribute(chart, "data-segments")).split(",").sort()).toEqual(shops);
      const drawn = (await attribute(chart, "data-series")).split(",");
      expect(drawn).toEqual(expect.arrayContaining(shops.map((s) => `segment:${s}`)));
      // Limits and forecast belong to the total; the split chart leaves them out.
      for (const id of ["ucl", "lcl", "center", "signals", "forecast-80", "target"])
        expect(drawn).not.toContain(id);
      for (const shop of shops) {
        await expect
          .poll(() => page.getByTestId(`legend-segment-${shop}`).isVisible(), { ...SERVER, message: shop })
          .toBe(true);
      }
      expect(await page.getByTestId("kpi-chart-type").isDisabled()).toBe(true);

      // Every period's value per shop, as the API gives it.
      await expect.poll(() => attribute(page.getByTestId("kpi-numbers"), "data-by"), SERVER).toBe("shop");
      const cells = await numbers(page);
      const shown = new Map(cells.map((c) => [`${c.period}|${c.segment}`, c.value]));
      expect(new Set(cells.map((c) => c.period)).size).toBe(split.points.length);
      for (const point of split.points) {
        for (const shop of shops) {
          const expected = point.segments?.[shop] ?? null;
          const value = shown.get(`${point.period}|${shop}`);
          expect(value, `${point.period} ${shop}`).toBeDefined();
          if (expected === null) expect(value).toBe("");
          else expect(Number(value)).toBeCloseTo(expected, 6);
        }
      }

      await page.mouse.move(10, 10);
      await screenshot(page, "kpi-revenue-by-shop.png");

      // Back to the total: the limits return.
      await page.getByTestId("kpi-split").selectOption("");
      await expect.poll(() => attribute(chart, "data-mode"), SERVER).toBe("total");
      await expect.poll(() => attribute(chart, "data-series"), SERVER).toContain("ucl");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("explains what changed between the latest complete period and the one before, or any chosen pair", async () => {
    const revenue = kpi("revenue");
    const series = await server.api<ApiSeries>("/api/kpis/revenue/series");
    const periods = series.points.map((p) => p.period);
    expect(periods.length).toBeGreaterThan(12);
    const lastRow = await server.api<{ rows: Record<string, string>[] }>(
      `/api/datasets/${revenue.dataset}/rows?offset=0&limit=1&sort=${revenue.time}&order=desc`,
    );
    const lastData = lastRow.rows[0]?.[revenue.time] ?? "";
    expect(revenue.grain).toBe("week");
    const complete = periods.filter((p) => weekComplete(p, lastData));
    const latest = complete.at(-1) ?? "";
    const before = periods[periods.indexOf(latest) - 1] ?? "";
    const by = revenue.dimensions.join(",");

    const { page, context, errors } = await openPage(browser, `${server.url}/#/kpis/revenue`);
    try {
      const sentence = page.getByTestId("explain-sentence");
      await sentence.waitFor(SERVER);
      expect(await page.getByTestId("explain-period").inputValue()).toBe(latest);
      expect(await page.getByTestId("explain-vs").inputValue()).toBe(before);
      const byDefault = await server.api<ApiExplanation>(
        `/api/kpis/revenue/explain?period=${latest}&vs=${before}&by=${by}`,
      );
      await expect.poll(() => sentence.textContent(), SERVER).toBe(byDefault.sentence);

      // Another pair: ten weeks back against the week before that.
      const period = periods[periods.length - 10] ?? "";
      const vs = periods[periods.length - 11] ?? "";
      const expected = await server.api<ApiExplanation>(
        `/api/kpis/revenue/explain?period=${period}&vs=${vs}&by=${by}`,
      );
      expect(expected.sentence).not.toBe(byDefault.sentence);
      await page.getByTestId("explain-period").selectOption(period);
      await page.getByTestId("explain-vs").selectOption(vs);
      await expect.poll(() => sentence.textContent(), SERVER).toBe(expected.sentence);
      await expect
        .poll(() => attribute(page.getByTestId("explain-drivers-chart"), "data-drivers"), SERVER)
        .toBe(String(Math.min(8, expected.drivers.length)));

      // Looking by shop only asks the server for shops only.
      for (const dimension of revenue.dimensions.filter((d) => d !== "shop")) {
        await page.getByTestId(`explain-by-${dimension}`).uncheck();
      }
      const byShop = await server.api<ApiExplanation>(
        `/api/kpis/revenue/explain?period=${period}&vs=${vs}&by=shop`,
      );
      await expect.poll(() => sentence.textContent(), SERVER).toBe(byShop.sentence);
      await expect
        .poll(() => attribute(page.getByTestId("explain-drivers-chart"), "data-drivers"), SERVER)
        .toBe(String(Math.min(8, byShop.drivers.length)));

      await page.getByTestId("explain").scrollIntoViewIfNeeded();
      await screenshot(page, "kpi-what-changed.png");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("saves a goal and shows its status, its rule and its history; a bad target is shown in place", async () => {
    const orders = kpi("orders");
    expect(orders.goal, "orders has no goal in the demo").toBeNull();
    const latest = orders.latest?.value ?? 0;
    expect(latest).toBeGreaterThan(0);

    const { page, context, errors } = await openPage(browser, `${server.url}/#/kpis/orders`);
    try {
      const status = page.getByTestId("goal-status-orders");
      await expect.poll(() => status.getAttribute("data-status"), SERVER).toBe("no goal");
      const form = page.getByTestId("goal-form");
      await form.waitFor();

      // Something that is not a number is caught before anything is sent.
      await page.getByTestId("goal-target").fill("lots");
      await page.getByTestId("goal-save").click();
      expect(await form.getByTestId("field-error").textContent()).toMatch(/value to reach/);
      expect(
        (await server.api<{ goals: ApiGoal[] }>("/api/goals")).goals.some((g) => g.kpi === "orders"),
      ).toBe(false);

      // Ten times the latest value: far out of reach.
      await page.getByTestId("goal-target").fill(String(Math.round(latest * 10)));
      await page.getByTestId("goal-save").click();
      await expect.poll(() => status.getAttribute("data-status"), SERVER).toBe("off track");
      const saved = (await server.api<{ goals: ApiGoal[] }>("/api/goals")).goals.find(
        (g) => g.kpi === "orders",
      );
      expect(saved?.status).toBe("off track");
      expect(saved?.target).toBe(Math.round(latest * 10));
      expect(await page.getByTestId("goal-panel-status").getAttribute("data-status")).toBe("off track");
      expect(await page.getByTestId("goal-rule").textContent()).toContain(saved?.rule ?? "?");
      expect(await page.getByTestId("goal-explanation").textContent()).toBe(saved?.explanation);
      expect(await page.locator('[data-testid="goal-history"] tbody tr').count()).toBe(saved?.history.length);

      // Below the baseline, for a KPI where higher is better: refused, and said next to the target.
      const baseline = saved?.baseline.value ?? latest;
      await page.getByTestId("goal-target").fill(String(Math.floor(baseline / 2)));
      await page.getByTestId("goal-save").click();
      await expect
        .poll(async () => (await form.getByTestId("field-error").allTextContents()).join(" "), SERVER)
        .toMatch(/not above the baseline/);

      // Just above the baseline: the trend reaches it.
      const half = Math.ceil(baseline * 1.01);
      await page.getByTestId("goal-target").fill(String(half));
      await page.getByTestId("goal-save").click();
      await expect.poll(() => status.getAttribute("data-status"), SERVER).not.toBe("off track");
      const resaved = (await server.api<{ goals: ApiGoal[] }>("/api/goals")).goals.find(
        (g) => g.kpi === "orders",
      );
      expect(resaved?.target).toBe(half);
      expect(await status.getAttribute("data-status")).toBe(resaved?.status);
      expect(resaved?.status).toBe("on track");
      await expect
        .poll(() => page.locator('[data-testid="goal-history"] tbody tr').count(), SERVER)
        .toBe(resaved?.history.length);
      expect(resaved?.history.length).toBeGreaterThanOrEqual(2);

      await page.getByTestId("goal-form").scrollIntoViewIfNeeded();
      await screenshot(page, "kpi-goal.png");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("adds a KPI from a template, showing what is wrong next to the column that caused it", async () => {
    const { page, context, errors } = await openPage(browser, `${server.url}/#/kpis`);
    try {
      await page.getByTestId("kpi-list").waitFor();
      await page.getByTestId("add-kpi").click();
      await page.getByTestId("kpi-template").selectOption("revenue");
      await page.getByTestId("kpi-dataset").selectOption("sales");
      // The roles are filled from the dataset's columns; a text column cannot be summed.
      await page.getByTestId("kpi-role-amount").selectOption("shop");
      await page.getByTestId("kpi-name").fill("web-revenue");
      await page.getByTestId("add-kpi-submit").click();

      await page.getByTestId("add-kpi-error").waitFor();
      const role = page.getByTestId("kpi-roles");
      expect(await page.getByTestId("kpi-role-amount").getAttribute("aria-invalid")).toBe("true");
      expect(await role.getByTestId("field-error").textContent()).toMatch(/shop/);
      await screenshot(page, "kpi-add-error.png");
      expect((await server.api<{ kpis: ApiKpi[] }>("/api/kpis")).kpis.map((k) => k.name)).not.toContain(
        "web-revenue",
      );

      await page.getByTestId("kpi-role-amount").selectOption("amount");
      await page.getByTestId("kpi-label").fill("Web revenue");
      await page.getByTestId("add-kpi-submit").click();
      await page.getByTestId("add-kpi-success").waitFor();
      await page.getByTestId("kpi-card-web-revenue").waitFor();
      expect(await page.getByTestId("kpi-card-web-revenue").textContent()).toContain("Web revenue");
      const added = (await server.api<{ kpis: (ApiKpi & { template?: string })[] }>("/api/kpis")).kpis.find(
        (k) => k.name === "web-revenue",
      );
      expect(added?.template).toBe("revenue");
      expect(added?.dataset).toBe("sales");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
