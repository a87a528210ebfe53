import { describe, expect, it } from "vitest";
import { type A3Input, renderA3 } from "./a3.js";
import { findChromium, htmlToPdf } from "./a3-pdf.js";
import { initiativeSchema } from "./improve.schema.js";

function input(over: Partial<A3Input> = {}): A3Input {
  const data = initiativeSchema.parse({
    title: "Shorter Saturday oven queue <script>alert(1)</script>",
    problem: "Online orders wait 1.6 h for the oven on Saturday mornings.",
    area: "order fulfilment",
    owner: "Joost",
    kpis: ["late-orders"],
    method: "pdca",
    stage: "check",
    change: "Bake counter bread from 05:00 so the oven is free from 08:00.",
    costs: { oneOff: 200, running: 150 },
    baseline: {
      kpi: "late-orders",
      value: 12,
      from: "2026-01-05",
      to: "2026-02-28",
      unit: "orders",
      capturedAt: "2026-03-01T00:00:00Z",
    },
    result: {
      source: {
        kind: "pre-post",
        kpi: "late-orders",
        before: { from: "2026-01-05", to: "2026-02-28" },
        after: { from: "2026-03-02", to: "2026-04-26" },
      },
      kpi: "late-orders",
      unit: "orders",
      before: 12,
      after: 7,
      change: -5,
      changeCi: [-7, -3],
      relative: -5 / 12,
      relativeCi: [-7 / 12, -3 / 12],
      pValue: 0.001,
      significant: true,
      better: true,
      method: "Welch's t test of the weekly values before and after.",
      checks: ["The control chart shows a sustained shift after the change."],
      summary: "Late orders fell from 12 to 7 a week (95% CI −7 to −3).",
      measuredAt: "2026-04-27T00:00:00Z",
    },
  });
  return {
    business: "Bakkerij Van Dijk",
    currency: "EUR",
    record: {
      kind: "initiative",
      id: "I-7",
      version: 5,
      data,
      createdAt: "2026-03-01T09:00:00.000Z",
      createdBy: "Joost",
      updatedAt: "2026-04-27T09:00:00.000Z",
      updatedBy: "Joost",
    },
    history: [
      {
        kind: "initiative",
        id: "I-7",
        version: 2,
        action: "stage",
        actor: "Joost",
        at: "2026-03-02T09:00:00.000Z",
        changes: [{ field: "stage", before: "plan", after: "do" }],
      },
      {
        kind: "initiative",
        id: "I-7",
        version: 4,
        action: "stage",
        actor: "Joost",
        at: "2026-04-27T09:00:00.000Z",
        changes: [{ field: "stage", before: "do", after: "check" }],
      },
    ],
    kpiSeries: {
      label: "late orders",
      unit: "orders",
      points: ["2026-01-05", "2026-01-12", "2026-01-19", "2026-03-09"].map((label, i) => ({
        label,
        value: 12 - i,
      })),
    },
    roi: { benefit: { value: 3900, ci: [2340, 5460] }, cost: 2000, roi: { value: 0.95, ci: [0.17, 1.73] } },
    paretos: [
      {
        id: "P-1",
        title: "Tickets by category",
        categories: [
          { name: "question", value: 1315, cumulative: 0.41 },
          { name: "late delivery", value: 897, cumulative: 0.69 },
          { name: "quality", value: 479, cumulative: 0.84 },
        ],
        vitalFew: ["question", "late delivery", "quality"],
      },
    ],
    whys: [],
    fishbones: [
      {
        kind: "fishbone",
        id: "F-1",
        version: 1,
        createdAt: "",
        createdBy: "",
        updatedAt: "",
        updatedBy: "",
        data: {
          problem: "Orders wait for the oven",
          initiative: "I-7",
          causes: [
            { category: "machines", text: "One oven per shop", votes: ["a", "b"], evidence: null },
            { category: "methods", text: "Counter bake at 07:00", votes: [], evidence: null },
          ],
          rootCause: 1,
        },
      },
    ],
    printedAt: "2026-05-01T00:00:00Z",
    ...over,
  };
}

describe("the A3 report", () => {
  it("has the eight sections in order, with the record's figures and escaped text", () => {
    const html = renderA3(input());
    const headings = [...html.matchAll(/<h2>(\d) ([^<]+)<\/h2>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(headings).toEqual([
      "1 Background",
      "2 Current condition",
      "3 Goal",
      "4 Root-cause analysis",
      "5 Countermeasures",
      "6 Plan",
      "7 Follow-up",
      "8 Result and learnings",
    ]);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("Late orders fell from 12 to 7");
    expect(html).toContain("ROI</strong> 95% (95% CI 17% to 173%)");
    expect(html).toContain("Chosen root cause:</strong> Counter bake at 07:00");
    expect(html).toContain("The vital few: question, late delivery, quality.");
    // The stage row marks plan and do as done and check as current, with the day each began.
    expect(html).toMatch(/<td class="done">plan<br><small>2026-03-01<\/small>/);
    expect(html).toMatch(/<td class="now">check<br><small>2026-04-27<\/small>/);
    expect(html).toContain("@page { size: A3 landscape");
  });

  it("says what is missing instead of leaving holes", () => {
    const base = input();
    const html = renderA3(
      input({
        record: { ...base.record, data: { ...base.record.data, result: null, baseline: null } },
        roi: null,
        paretos: [],
        fishbones: [],
      }),
    );
    expect(html).toContain("Not measured yet");
    expect(html).toContain("No baseline captured yet.");
    expect(html).toContain("No analysis linked yet.");
  });

  it.runIf(findChromium() !== null)("prints to a PDF with Chromium", async () => {
    const pdf = await htmlToPdf(renderA3(input()));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(5000);
  });
});
