import { describe, expect, it } from "vitest";
import { arrangeBoard, computeImprovementMetrics } from "./board.js";
import { initiativeSchema, type MeasuredResult } from "./improve.schema.js";
import type { InitiativeRecord } from "./initiatives.js";

function result(change: number, changeCi: [number, number]): MeasuredResult {
  return {
    source: { kind: "pilot", pilot: "p" },
    kpi: "revenue",
    unit: "EUR",
    grain: "day",
    before: 100,
    after: 100 + change,
    change,
    changeCi,
    relative: change / 100,
    relativeCi: [changeCi[0] / 100, changeCi[1] / 100],
    pValue: 0.01,
    significant: true,
    better: change > 0,
    method: "m",
    checks: [],
    summary: `changed by ${change}`,
    measuredAt: "2026-04-01T00:00:00.000Z",
  };
}

let seq = 0;
function record(data: Record<string, unknown>, createdAt = "2026-01-01T00:00:00.000Z"): InitiativeRecord {
  seq += 1;
  return {
    kind: "initiative",
    id: `I-${seq}`,
    version: 1,
    data: initiativeSchema.parse({ title: `Initiative ${seq}`, ...data }),
    createdAt,
    createdBy: "Sanne",
    updatedAt: createdAt,
    updatedBy: "Sanne",
  };
}

// Per month a daily change counts 30.4375 times; value 1 EUR per unit over 1 month makes the
// benefit 30.4375 × change, which keeps the figures below easy to follow.
const value = { perUnit: 1 / 30.4375, horizonMonths: 1 };

const records = [
  record({ owner: "Sanne", area: "shops", kpis: ["revenue"] }),
  record({ owner: "Joost", area: "web", kpis: ["conversion"], stage: "do" }),
  record({ owner: "Sanne", method: "dmaic", stage: "measure", kpis: ["revenue"] }),
  // Verified: idea 2026-01-01, closed 2026-01-11 → 10 days; benefit 100 (CI 40 to 130), cost 50.
  record({
    owner: "Sanne",
    area: "shops",
    kpis: ["revenue"],
    stage: "check",
    outcome: "verified",
    ideaAt: "2026-01-01",
    closedAt: "2026-01-11T00:00:00.000Z",
    result: result(100, [40, 130]),
    value,
    costs: { oneOff: 50 },
  }),
  // Verified: created 2026-01-01, closed 2026-01-31 → 30 days; benefit 200 (CI 120 to 300), cost 150.
  record({
    owner: "Joost",
    area: "web",
    kpis: ["conversion"],
    stage: "act",
    outcome: "verified",
    closedAt: "2026-01-31T00:00:00.000Z",
    result: result(200, [120, 300]),
    value,
    costs: { oneOff: 100, running: 50 },
  }),
  // Verified without a value per unit: counted in the learning rate, not in the ROI. 50 days.
  record({
    owner: "Mila",
    stage: "act",
    outcome: "verified",
    ideaAt: "2025-12-12",
    closedAt: "2026-01-31T00:00:00.000Z",
    result: result(10, [5, 15]),
  }),
  record({ owner: "Mila", outcome: "abandoned", learnings: "x", closedAt: "2026-02-01T00:00:00.000Z" }),
];

describe("the improvement board", () => {
  it("puts open initiatives in their method's stage and closed ones under their outcome", () => {
    const board = arrangeBoard(records);
    const ids = (list: { id: string }[]) => list.map((c) => c.id);
    const pdca = board.methods.find((m) => m.method === "pdca");
    const dmaic = board.methods.find((m) => m.method === "dmaic");
    expect(pdca?.columns.map((c) => [c.stage, ids(c.initiatives)])).toEqual([
      ["plan", ["I-1"]],
      ["do", ["I-2"]],
      ["check", []],
      ["act", []],
    ]);
    expect(dmaic?.columns.map((c) => c.stage)).toEqual([
      "define",
      "measure",
      "analyze",
      "improve",
      "control",
    ]);
    expect(ids(dmaic?.columns[1]?.initiatives ?? [])).toEqual(["I-3"]);
    expect(board.closed.map((c) => [c.outcome, ids(c.initiatives)])).toEqual([
      ["verified", ["I-4", "I-5", "I-6"]],
      ["not-verified", []],
      ["abandoned", ["I-7"]],
    ]);
    const card = board.closed[0]?.initiatives[0];
    expect(card).toMatchObject({ kpi: "revenue", result: { summary: "changed by 100" } });
    expect(card?.roi?.benefit).toBeCloseTo(100, 9);
  });

  it("filters by owner, area and KPI", () => {
    const all = (board: ReturnType<typeof arrangeBoard>) => [
      ...board.methods.flatMap((m) => m.columns.flatMap((c) => c.initiatives.map((i) => i.id))),
      ...board.closed.flatMap((c) => c.initiatives.map((i) => i.id)),
    ];
    expect(all(arrangeBoard(records, { owner: "sanne" })).sort()).toEqual(["I-1", "I-3", "I-4"]);
    expect(all(arrangeBoard(records, { area: "web" })).sort()).toEqual(["I-2", "I-5"]);
    expect(all(arrangeBoard(records, { kpi: "revenue", area: "shops" })).sort()).toEqual(["I-1", "I-4"]);
  });
});

describe("the improvement cycle's figures", () => {
  const m = computeImprovementMetrics(records);

  it("measures the learning rate as the median days from idea to verified result", () => {
    // 10, 30 and 50 days → median 30.
    expect(m.learningRate).toEqual({ medianDays: 30, verified: 3 });
  });

  it("gives the verified share of the closed ones and the counts per stage", () => {
    expect(m.verifiedShare).toBeCloseTo(3 / 4, 12);
    expect(m).toMatchObject({ initiatives: 7, open: 3, closed: 4 });
    expect(m.counts).toEqual({
      pdca: { plan: 1, do: 1, check: 0, act: 0 },
      dmaic: { define: 0, measure: 1, analyze: 0, improve: 0, control: 0 },
      closed: { verified: 3, "not-verified": 0, abandoned: 1 },
    });
  });

  it("sums the verified benefit and cost and gives the ROI of the sums, worked by hand", () => {
    // Benefit 100 + 200 = 300; cost 50 + (100 + 50 × 1) = 200; ROI (300 − 200) / 200 = 0.5.
    // Interval: lower half-widths 60 and 80 → √(60² + 80²) = 100; upper 30 and 100 → √(30² + 100²)
    // = 104.403…; benefit 200 to 404.403…; ROI (200 − 200) / 200 = 0 to 204.403… / 200 = 1.022…
    const roi = m.verifiedRoi;
    expect(roi.initiatives).toEqual(["I-4", "I-5"]);
    expect(roi.benefit).toBeCloseTo(300, 9);
    expect(roi.cost).toBeCloseTo(200, 9);
    expect(roi.roi).toBeCloseTo(0.5, 9);
    expect(roi.benefitCi[0]).toBeCloseTo(200, 9);
    expect(roi.benefitCi[1]).toBeCloseTo(300 + Math.sqrt(30 ** 2 + 100 ** 2), 9);
    expect(roi.roiCi?.[0]).toBeCloseTo(0, 9);
    expect(roi.roiCi?.[1]).toBeCloseTo((100 + Math.sqrt(10_900)) / 200, 9);
    expect(roi.notes[0]).toMatch(/^Left out I-6: verified, but without a value per unit/);
  });

  it("has no share and no learning rate before anything is closed", () => {
    const none = computeImprovementMetrics([records[0] as InitiativeRecord]);
    expect(none.verifiedShare).toBeNull();
    expect(none.learningRate.medianDays).toBeNull();
    expect(none.verifiedRoi).toMatchObject({ benefit: 0, cost: 0, roi: null, initiatives: [] });
  });
});
