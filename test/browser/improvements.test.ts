import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  canRunBrowser,
  type DemoServer,
  launchBrowser,
  type OpenPage,
  openPage,
  screenshot,
  startDemoServer,
} from "./harness.js";

/**
 * The improvement cycle in the dashboard, end to end in one demo workspace: a suggestion becomes an
 * initiative, a Pareto of the tickets and a 5 Whys are attached, a fishbone is drawn, the stages refuse
 * Check without a result, the demo's checkout experiment gives the result and its ROI, the initiative
 * closes as verified, and its A3 report carries the root-cause analysis. A change made behind the page's
 * back is refused with the server's conflict message.
 */

/** The demo's checkout test; at this scale its conversion lift is clearly significant (p < 0.001). */
const SCALE = 0.5;
const EXPERIMENT = "one-page-checkout";
const ME = "Sanne";
const IDEA = "One-page checkout for phone customers";

/** Polls that wait for the server to write and measure. */
const SERVER = { timeout: 30_000 };

interface Stored<T> {
  id: string;
  version: number;
  data: T;
}

interface Initiative {
  title: string;
  stage: string;
  outcome: string;
  suggestion: string | null;
  credit: string[];
  evidence: { kind: string; ref: string }[];
  learnings: string;
  result: {
    before: number;
    after: number;
    changeCi: [number, number];
    pValue: number | null;
    significant: boolean;
    better: boolean;
  } | null;
}

interface InitiativeReport {
  initiative: Stored<Initiative>;
  roi: { benefit: number | null; benefitCi: [number, number] | null; cost: number; roi: number | null };
}

interface ParetoResult {
  vitalFew: string[];
  categories: { name: string; value: number }[];
}

async function send<T>(
  server: DemoServer,
  method: string,
  path: string,
  body: unknown,
  actor: string,
): Promise<T> {
  const response = await fetch(server.url + path, {
    method,
    headers: { "content-type": "application/json", accept: "application/json", "x-actor": actor },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

describe.skipIf(!canRunBrowser)("Improvements: from a suggestion to a verified initiative and its A3", () => {
  let server: DemoServer;
  let browser: Browser;
  /** The initiative made from the suggestion, e.g. I-13. */
  let id = "";
  let paretoId = "";
  let whysId = "";

  beforeAll(async () => {
    server = await startDemoServer({ scale: SCALE });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens a page of the dashboard as ME: the name goes in "You are", as a person types it. */
  async function open(path: string): Promise<OpenPage> {
    const opened = await openPage(browser, `${server.url}/${path}`);
    await opened.page.getByTestId("actor-name").fill(ME);
    return opened;
  }

  const report = () => server.api<InitiativeReport>(`/api/initiatives/${id}`);

  async function stageOf(page: Page): Promise<string | null> {
    return page.getByTestId("stage-stepper").getAttribute("data-stage");
  }

  it("turns a submitted suggestion into an initiative that links back to it and credits who suggested it", async () => {
    const { page, context, errors } = await open("#/improvements/suggestions");
    try {
      expect(await page.getByTestId("nav-improvements").getAttribute("aria-current")).toBe("page");
      await page.getByTestId("suggestion-title").fill(IDEA);
      await page
        .getByTestId("suggestion-description")
        .fill("Checkout takes four steps; many customers on phones give up halfway.");
      await page.getByTestId("suggestion-area").fill("web shop");
      await page.getByTestId("suggestion-kpi").selectOption("conversion");
      await page.getByTestId("suggestion-submit").click();

      const item = page.locator('[data-testid^="suggestion-S-"]', { hasText: IDEA });
      await item.waitFor(SERVER);
      const suggestion = (await item.getAttribute("data-testid"))?.replace("suggestion-", "") ?? "";
      expect(suggestion).toMatch(/^S-\d+$/);
      expect(await item.textContent()).toContain(`by ${ME}`);
      await item.getByTestId("open-convert").click();
      await item.getByTestId("convert-owner").fill("Mila");
      await item.getByTestId("convert-submit").click();

      await page.getByTestId("initiative").waitFor(SERVER);
      id = (await page.getByTestId("initiative").getAttribute("data-id")) ?? "";
      expect(id).toMatch(/^I-\d+$/);
      expect(new URL(page.url()).hash).toBe(`#/improvements/${id}`);
      expect(await page.getByTestId("initiative-title").textContent()).toBe(IDEA);
      const link = page.getByTestId("suggestion-link");
      expect(await link.textContent()).toBe(suggestion);
      expect(await page.getByTestId("initiative-suggestion").textContent()).toContain(`idea by ${ME}`);
      expect(await stageOf(page)).toBe("plan");

      const { initiative } = await report();
      expect(initiative.data.suggestion).toBe(suggestion);
      expect(initiative.data.credit).toEqual([ME]);
      await screenshot(page, "improvements-initiative-new.png", true);

      // The link goes back to the suggestion, now marked as the initiative it became.
      await link.click();
      const converted = page.getByTestId(`suggestion-${suggestion}`);
      await converted.waitFor(SERVER);
      expect(await converted.getAttribute("data-status")).toBe("converted");
      expect(await converted.getByTestId("suggestion-initiative").textContent()).toBe(`Became ${id}`);

      // The board shows the new card in the Plan column.
      await page.getByTestId("imp-tab-board").click();
      const card = page.getByTestId("board-column-pdca-plan").getByTestId(`board-card-${id}`);
      await card.waitFor(SERVER);
      expect(await card.textContent()).toContain(IDEA);
      expect(await card.textContent()).toContain("Mila");
      expect(await card.textContent()).toContain("conversion");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("attaches a Pareto of the tickets by category saved from the Pareto editor, and a 5 Whys", async () => {
    expect(id, "the initiative from the first test").not.toBe("");
    const expected = await send<ParetoResult>(
      server,
      "POST",
      "/api/pareto",
      { dataset: "tickets", by: "category" },
      ME,
    );
    expect(expected.vitalFew.length).toBeGreaterThan(0);

    const { page, context, errors } = await open(`#/improvements/${id}`);
    try {
      await page.getByTestId("evidence-section").waitFor(SERVER);
      await page.getByTestId("new-pareto").click();
      await page.getByTestId("pareto-dataset").selectOption("tickets");
      await page.getByTestId("pareto-by").selectOption("category");
      const chart = page.getByTestId("pareto-chart");
      await chart.waitFor(SERVER);
      expect(await chart.getAttribute("data-vital")).toBe(expected.vitalFew.join("|"));
      expect(await chart.getAttribute("data-categories")).toBe(String(expected.categories.length));
      // Bars, the running share and the 80% mark are drawn.
      await chart.locator("svg path").first().waitFor({ state: "attached" });
      expect(await chart.locator("svg text", { hasText: "80%" }).count()).toBeGreaterThan(0);
      const vitalRows = page.locator('[data-testid="pareto-table"] tr[data-vital="true"]');
      expect(await vitalRows.count()).toBe(expected.vitalFew.length);
      await screenshot(page, "improvements-pareto.png", true);

      await page.getByTestId("pareto-title").fill("Support tickets by category");
      await page.getByTestId("pareto-save").click();
      await page.getByTestId("pareto-saved-title").waitFor(SERVER);
      paretoId = new URL(page.url()).hash.match(/pareto\/(P-\d+)/)?.[1] ?? "";
      expect(paretoId).toMatch(/^P-\d+$/);
      expect(await page.getByTestId("attach-target").inputValue()).toBe(id);
      await page.getByTestId("attach-to-initiative").click();
      await page.getByTestId("attach-done").waitFor(SERVER);
      await page.getByTestId("back-to-initiative").click();
      await page.getByTestId(`evidence-${paretoId}`).waitFor(SERVER);
      expect(await page.getByTestId(`evidence-${paretoId}`).textContent()).toContain(
        "Support tickets by category",
      );

      // A 5 Whys made for the initiative becomes its evidence.
      await page.getByTestId("new-five-whys").click();
      expect(await page.getByTestId("analysis-initiative").inputValue()).toBe(id);
      await page.getByTestId("analysis-problem").fill("Customers on phones give up during checkout");
      await page.getByTestId("start-analysis-submit").click();
      await page.getByTestId("five-whys").waitFor(SERVER);
      whysId = new URL(page.url()).hash.match(/root-causes\/(W-\d+)/)?.[1] ?? "";
      expect(whysId).toMatch(/^W-\d+$/);
      for (const [i, answer] of [
        "The checkout has four pages",
        "Each page loads again over a slow mobile connection",
      ].entries()) {
        await page.getByTestId("why-answer").fill(answer);
        await page.getByTestId("add-why").click();
        await page.getByTestId(`why-${i}`).waitFor(SERVER);
      }
      await page.getByTestId("use-last-answer").click();
      await page.getByTestId("set-root-cause").click();
      await expect
        .poll(() => page.getByTestId("root-cause").textContent(), SERVER)
        .toContain("Each page loads again over a slow mobile connection");
      expect(await page.getByTestId("attached-to").textContent()).toContain(id);

      const { initiative } = await report();
      expect(initiative.data.evidence).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: "pareto", ref: paretoId }),
          expect.objectContaining({ kind: "five-whys", ref: whysId }),
        ]),
      );
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("draws a fishbone with the six categories, causes on their bones, a vote and the root cause", async () => {
    const { page, context, errors } = await open(`#/improvements/${id}`);
    try {
      await page.getByTestId("new-fishbone").click();
      await page.getByTestId("analysis-problem").fill("Saturday morning orders leave the oven late");
      await page.getByTestId("start-analysis-submit").click();
      const diagram = page.getByTestId("fishbone-diagram");
      await diagram.waitFor(SERVER);
      const labels = await diagram.locator("text.imp-fb-label").allTextContents();
      for (const category of ["People", "Methods", "Machines", "Materials", "Measurement", "Environment"]) {
        expect(
          labels.some((l) => l.startsWith(category)),
          category,
        ).toBe(true);
      }
      const causes: [string, string][] = [
        ["machines", "One oven for every Saturday order"],
        ["people", "One baker on the early shift"],
        ["methods", "Bread baked in order of arrival"],
      ];
      for (const [n, [category, text]] of causes.entries()) {
        await page.getByTestId("cause-category").selectOption(category);
        await page.getByTestId("cause-text").fill(text);
        await page.getByTestId("add-cause").click();
        await expect.poll(() => diagram.getAttribute("data-causes"), SERVER).toBe(String(n + 1));
      }
      expect(await diagram.locator('[data-category="machines"]').textContent()).toContain(
        "One oven for every",
      );
      await page.getByTestId("fishbone-cause-0").click();
      await page.getByTestId("vote-cause").click();
      await expect.poll(() => page.getByTestId("vote-cause").textContent(), SERVER).toBe("Take back my vote");
      await page.getByTestId("choose-root").click();
      await expect
        .poll(() => page.getByTestId("choose-root").textContent(), SERVER)
        .toBe("Not the root cause");
      await expect
        .poll(() => diagram.locator(".imp-fb-root").textContent(), SERVER)
        .toContain("One oven for every");
      await page.waitForTimeout(200);
      await screenshot(page, "improvements-fishbone.png", true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("refuses to move into Check without a result, with the server's message", async () => {
    const { page, context, errors } = await open(`#/improvements/${id}`);
    try {
      await page.getByTestId("stage-stepper").waitFor(SERVER);
      await page.getByTestId("stage-next").click();
      await expect.poll(() => stageOf(page), SERVER).toBe("do");
      await page.getByTestId("stage-next").click();
      const refused = page.getByTestId("stage-error-message");
      await refused.waitFor(SERVER);
      // The server's own words, as the API gives them for the same move.
      const { initiative } = await report();
      const answer = await fetch(`${server.url}/api/initiatives/${id}/stage`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-actor": ME },
        body: JSON.stringify({ version: initiative.version, to: "next" }),
      });
      expect(answer.status).toBe(400);
      const { error } = (await answer.json()) as { error: { message: string } };
      expect(error.message).toContain("needs a measured result");
      expect(await refused.textContent()).toBe(error.message);
      expect(await stageOf(page)).toBe("do");
      expect(initiative.data.stage).toBe("do");
      await screenshot(page, "improvements-refused.png");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("records the result of the demo experiment and shows the result chart and the ROI", async () => {
    const { page, context, errors } = await open(`#/improvements/${id}`);
    try {
      // What a conversion is worth, and what the change cost, so the result can be valued.
      await page.getByTestId("edit-initiative").click();
      await page.getByTestId("initiative-oneOff").fill("2500");
      await page.getByTestId("initiative-running").fill("40");
      await page.getByTestId("initiative-perUnit").fill("26.5");
      await page.getByTestId("initiative-unitsPerMonth").fill("6000");
      await page.getByTestId("save-initiative").click();
      await page.getByTestId("initiative-editor").waitFor({ state: "detached", ...SERVER });

      await page.locator("label", { has: page.getByTestId("result-kind-experiment") }).click();
      await page.getByTestId("result-experiment").selectOption(EXPERIMENT);
      await page.getByTestId("result-metric").selectOption("conversion");
      await page.getByTestId("record-result").click();
      const chart = page.getByTestId("result-chart");
      await chart.waitFor(SERVER);

      const { initiative, roi } = await report();
      const result = initiative.data.result;
      expect(result).not.toBeNull();
      if (!result) return;
      expect(result.significant && result.better).toBe(true);
      expect(Number(await chart.getAttribute("data-before"))).toBeCloseTo(result.before, 10);
      expect(Number(await chart.getAttribute("data-after"))).toBeCloseTo(result.after, 10);
      expect(Number(await chart.getAttribute("data-low"))).toBeCloseTo(
        result.before + result.changeCi[0],
        10,
      );
      expect(Number(await chart.getAttribute("data-high"))).toBeCloseTo(
        result.before + result.changeCi[1],
        10,
      );
      await chart.locator("svg path").first().waitFor({ state: "attached" });
      expect(await page.getByTestId("result-verdict").textContent()).toBe("Improved");
      expect(await page.getByTestId("result-p").textContent()).toContain("< 0.001");
      expect(await page.getByTestId("result-checks").textContent()).toContain("split");

      expect(roi.benefit).not.toBeNull();
      expect(roi.cost).toBe(2500 + 40 * 12);
      const roiChart = page.getByTestId("roi-chart");
      await roiChart.waitFor(SERVER);
      expect(Number(await roiChart.getAttribute("data-benefit"))).toBeCloseTo(roi.benefit ?? 0, 6);
      expect(await page.getByTestId("roi-cost").textContent()).toBe("€2,980");
      expect(await page.getByTestId("roi-value").textContent()).toMatch(/^\+\d[\d,]*%95% interval/);
      await page.getByTestId("result-section").scrollIntoViewIfNeeded();
      await page.waitForTimeout(200);
      await screenshot(page, "improvements-result.png", true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("moves on to Check and Act, closes as verified, and shows it on the board, in the journal and on the overview", async () => {
    const { page, context, errors } = await open(`#/improvements/${id}`);
    try {
      await page.getByTestId("stage-stepper").waitFor(SERVER);
      await page.getByTestId("stage-next").click();
      await expect.poll(() => stageOf(page), SERVER).toBe("check");
      await page.getByTestId("stage-next").click();
      await expect.poll(() => stageOf(page), SERVER).toBe("act");
      await page.getByTestId("close-initiative").click();
      await page.locator("label", { has: page.getByTestId("close-outcome-verified") }).click();
      await page
        .getByTestId("close-learnings")
        .fill("One page instead of four: customers on phones now finish the checkout.");
      await page.getByTestId("close-submit").click();
      await expect.poll(() => page.getByTestId("initiative-outcome").textContent(), SERVER).toBe("Verified");
      await page.getByTestId("reopen").waitFor();
      const { initiative } = await report();
      expect(initiative.data.outcome).toBe("verified");
      // The history says who changed what: the close, with the outcome before and after.
      const latest = page.getByTestId("history-entry").first();
      await expect.poll(() => latest.textContent(), SERVER).toContain(`${ME} closed it`);
      expect(await latest.textContent()).toMatch(/Outcome\s*open\s*→\s*verified/);

      await page.getByTestId("imp-tab-board").click();
      const card = page.getByTestId("board-column-closed-verified").getByTestId(`board-card-${id}`);
      await card.waitFor(SERVER);
      expect(await card.textContent()).toContain("Improved");
      await screenshot(page, "improvements-board.png", true);

      await page.getByTestId("imp-tab-journal").click();
      await page.getByTestId("journal-text").fill("phones");
      const entry = page.getByTestId(`journal-${id}`);
      await entry.waitFor(SERVER);
      expect(await entry.textContent()).toContain("customers on phones now finish the checkout");

      const metrics = await server.api<{
        verifiedShare: number | null;
        counts: { closed: { verified: number } };
      }>("/api/improvements/metrics");
      expect(metrics.counts.closed.verified).toBeGreaterThan(0);
      await page.getByTestId("nav-overview").click();
      const share = page.getByTestId("card-verified-share-value");
      await expect
        .poll(() => share.textContent(), SERVER)
        .toBe(`${((metrics.verifiedShare ?? 0) * 100).toFixed((metrics.verifiedShare ?? 0) < 0.1 ? 1 : 0)}%`);
      expect(await page.getByTestId("card-improvements-link").getAttribute("href")).toBe("#/improvements");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("opens its A3 report with the eight sections, the root-cause analysis and the Pareto's vital few", async () => {
    const pareto = await server.api<{ pareto: Stored<{ result: ParetoResult }> }>(`/api/pareto/${paretoId}`);
    const { page, context, errors } = await open(`#/improvements/${id}`);
    try {
      const a3 = page.getByTestId("open-a3");
      await a3.waitFor(SERVER);
      expect(await a3.getAttribute("href")).toBe(`/api/initiatives/${id}/a3`);
      expect(await a3.getAttribute("target")).toBe("_blank");
      expect(await page.getByTestId("open-a3-pdf").getAttribute("href")).toBe(
        `/api/initiatives/${id}/a3.pdf`,
      );
      const [tab] = await Promise.all([context.waitForEvent("page"), a3.click()]);
      await tab.waitForLoadState("load");
      const sections = await tab.locator("h2").allTextContents();
      expect(sections).toEqual([
        "1 Background",
        "2 Current condition",
        "3 Goal",
        "4 Root-cause analysis",
        "5 Countermeasures",
        "6 Plan",
        "7 Follow-up",
        "8 Result and learnings",
      ]);
      await screenshot(tab, "improvements-a3.png", true);

      const html = await (await fetch(`${server.url}/api/initiatives/${id}/a3`)).text();
      expect(html).toContain("4 Root-cause analysis");
      expect(html).toContain(paretoId);
      expect(html).toContain(whysId);
      const vitalFew = pareto.pareto.data.result.vitalFew;
      expect(vitalFew.length).toBeGreaterThan(0);
      expect(html).toContain(`The vital few: ${vitalFew.join(", ")}`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows the conflict when the record changed behind the page's back, and reloads the current version", async () => {
    const { page, context, errors } = await open(`#/improvements/${id}`);
    try {
      const learnings = page.getByTestId("learnings-input");
      await learnings.waitFor(SERVER);
      const read = Number(await page.getByTestId("initiative").getAttribute("data-version"));

      // Someone else changes the learnings through the API while the page shows the version it read.
      const { initiative } = await report();
      expect(initiative.version).toBe(read);
      await send(
        server,
        "PATCH",
        `/api/initiatives/${id}`,
        { version: read, changes: { learnings: "Joost: keep the one-page checkout for good." } },
        "Joost",
      );

      await learnings.fill("Sanne: the one-page checkout works on phones.");
      await page.getByTestId("save-learnings").click();
      const conflict = page.getByTestId("learnings-error");
      await conflict.waitFor(SERVER);
      expect(await conflict.getAttribute("data-code")).toBe("CONFLICT");
      const message = (await page.getByTestId("learnings-error-message").textContent()) ?? "";
      expect(message).toContain(`changed by Joost`);
      expect(message).toContain(`you had ${read}`);
      expect(await conflict.textContent()).toContain("Someone else changed this in the meantime");
      await screenshot(page, "improvements-conflict.png");

      // Reloading shows their change; nothing of theirs was overwritten.
      await page.getByTestId("conflict-reload").click();
      await expect
        .poll(() => learnings.inputValue(), SERVER)
        .toBe("Joost: keep the one-page checkout for good.");
      await expect
        .poll(() => page.getByTestId("initiative").getAttribute("data-version"), SERVER)
        .toBe(String(read + 1));
      expect((await report()).initiative.data.learnings).toBe("Joost: keep the one-page checkout for good.");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
