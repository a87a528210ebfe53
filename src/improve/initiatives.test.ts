import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, type Clock, fixedClock } from "../core/index.js";
import type { Workspace } from "../workspace/index.js";
import { type Initiative, initiativeSchema, type MeasuredResult } from "./improve.schema.js";
import { addDays, bakeryWorkspace, saleDays } from "./initiatives.fixture.js";
import {
  addEvidence,
  type ChangeBy,
  checkClose,
  checkStageMove,
  closeInitiative,
  createInitiative,
  describeInitiative,
  initiativeHistory,
  listInitiatives,
  moveInitiativeStage,
  recordResult,
  removeEvidence,
  reopenInitiative,
  updateInitiative,
} from "./initiatives.js";

let workspace: Workspace;
const at = (iso: string): Clock => fixedClock(iso);
const by = (actor: string, iso = "2026-03-02T09:00:00Z"): ChangeBy => ({ actor, clock: at(iso) });

beforeAll(async () => {
  workspace = await bakeryWorkspace();
});
afterAll(() => workspace.close());

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function totalsPerDay(from: string, to: string): number[] {
  const totals = new Map<string, number>();
  for (const r of saleDays())
    if (r.day >= from && r.day <= to) totals.set(r.day, (totals.get(r.day) ?? 0) + r.amount);
  return [...totals.values()];
}

const PRE_POST = {
  kind: "pre-post",
  kpi: "revenue",
  before: { from: "2026-02-02", to: "2026-03-01" },
  after: { from: "2026-03-02", to: "2026-03-29" },
};

describe("creating an initiative", () => {
  it("starts today at its method's first stage with the baseline of the 8 weeks before", async () => {
    const created = await createInitiative(
      workspace,
      { title: "Open shop 1 at 7:00", kpis: ["revenue"], owner: "Sanne", area: "shops" },
      by("Sanne", "2026-03-02T06:30:00Z"),
    );
    expect(created.id).toMatch(/^I-\d+$/);
    expect(created.data).toMatchObject({ start: "2026-03-02", stage: "plan", outcome: "open", result: null });
    // 2026-01-05 to 2026-03-01: 56 whole days, every shop's sales per day averaged.
    expect(created.data.baseline).toMatchObject({
      kpi: "revenue",
      from: "2026-01-05",
      to: "2026-03-01",
      grain: "day",
      periods: 56,
      unit: "EUR",
      capturedAt: "2026-03-02T06:30:00.000Z",
    });
    expect(created.data.baseline?.value).toBeCloseTo(mean(totalsPerDay("2026-01-05", "2026-03-01")), 6);
  });

  it("widens the baseline to whole weeks for a weekly KPI, and starts DMAIC at define", async () => {
    // Start on Wednesday 2026-03-04: 8 weeks before is Wednesday 2026-01-07, in the week from
    // Monday 2026-01-05; the window ends with the week before the start's, on Sunday 2026-03-01.
    const created = await createInitiative(
      workspace,
      { title: "Weekly", kpis: ["weekly-revenue"], method: "dmaic", start: "2026-03-04" },
      by("Joost"),
    );
    expect(created.data.stage).toBe("define");
    expect(created.data.baseline).toMatchObject({
      from: "2026-01-05",
      to: "2026-03-01",
      grain: "week",
      periods: 8,
    });
    const weeks = Array.from({ length: 8 }, (_, w) =>
      totalsPerDay(addDays("2026-01-05", 7 * w), addDays("2026-01-05", 7 * w + 6)).reduce((a, b) => a + b, 0),
    );
    expect(created.data.baseline?.value).toBeCloseTo(mean(weeks), 6);
  });

  it("has no baseline without data before the start, and refuses unknown KPIs and managed fields", async () => {
    const early = await createInitiative(
      workspace,
      { title: "Too early", kpis: ["revenue"], start: "2025-06-01" },
      by("Mila"),
    );
    expect(early.data.baseline).toBeNull();
    expect(
      (await refusal(createInitiative(workspace, { title: "x", kpis: ["revenu"] }, by("Mila")))).message,
    ).toMatch(/No KPI "revenu"; did you mean "revenue"\?/);
    const typed = await refusal(
      createInitiative(workspace, { title: "x", result: { change: 10 } }, by("Mila")),
    );
    expect(typed.details.rule).toBe("result-from-data");
    expect(typed.message).toMatch(
      /a result is never typed in: measure it from an experiment, a pilot or the KPI/,
    );
    expect((await refusal(createInitiative(workspace, { title: "" }, by("Mila")))).message).toMatch(
      /`title`/,
    );
    expect((await refusal(createInitiative(workspace, { title: "x" }, by(" ")))).message).toMatch(
      /Say who makes the change/,
    );
  });
});

function initiative(over: Record<string, unknown> = {}): Initiative {
  return initiativeSchema.parse({ title: "Rules", ...over });
}

const RESULT: MeasuredResult = {
  source: { kind: "pilot", pilot: "early-opening" },
  kpi: "revenue",
  unit: "EUR",
  grain: "day",
  before: 780,
  after: 850,
  change: 70,
  changeCi: [50, 90],
  relative: 0.09,
  relativeCi: [0.06, 0.12],
  pValue: 0.0001,
  significant: true,
  better: true,
  method: "m",
  checks: [],
  summary: "s",
  measuredAt: "2026-04-01T00:00:00.000Z",
};

describe("stage rules", () => {
  it("moves one step forward and back at any time", () => {
    expect(checkStageMove("I-1", initiative(), "next")).toBe("do");
    expect(checkStageMove("I-1", initiative(), "do")).toBe("do");
    expect(checkStageMove("I-1", initiative({ stage: "act", result: RESULT }), "back")).toBe("check");
    expect(checkStageMove("I-1", initiative({ stage: "act", result: RESULT }), "plan")).toBe("plan");
    expect(checkStageMove("I-1", initiative({ stage: "do", result: RESULT }), "check")).toBe("check");
    expect(checkStageMove("I-1", initiative({ method: "dmaic", stage: "analyze" }), "next")).toBe("improve");
    expect(
      checkStageMove("I-1", initiative({ method: "dmaic", stage: "improve", result: RESULT }), "CONTROL"),
    ).toBe("control");
  });

  it.each([
    [
      {},
      "check",
      "one-step-forward",
      /forward one step at a time: I-1 is at plan, so it can move on to do, not check/,
    ],
    [{ stage: "do" }, "next", "measure-before-check", /Entering check needs a measured result/],
    [
      { method: "dmaic", stage: "improve" },
      "control",
      "measure-before-check",
      /Entering control needs a measured result/,
    ],
    [
      {},
      "measure",
      "stage-of-method",
      /"measure" is not a stage of PDCA; its stages are plan → do → check → act/,
    ],
    [{}, "back", "first-stage", /plan, the first stage/],
    [{ stage: "act", result: RESULT }, "next", "last-stage", /last stage of PDCA; close it with an outcome/],
    [{}, "plan", "same-stage", /already at plan/],
    [
      { stage: "check", result: RESULT, outcome: "verified" },
      "back",
      "closed",
      /I-1 is closed \(verified\), so its stage stays at check; reopen it first/,
    ],
  ])("refuses %o → %s (%s)", (over, to, rule, message) => {
    let error: unknown;
    try {
      checkStageMove("I-1", initiative(over), to);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details.rule).toBe(rule);
    expect((error as AppError).message).toMatch(message);
  });

  it("closes by the rules of each outcome", () => {
    const weak = { ...RESULT, significant: false, pValue: 0.3 };
    const worse = { ...RESULT, better: false, change: -70 };
    const rule = (over: Record<string, unknown>, input: Parameters<typeof checkClose>[2]) =>
      checkClose("I-1", initiative(over), input)?.details.rule ?? null;
    expect(rule({ result: RESULT }, { outcome: "verified" })).toBeNull();
    expect(rule({}, { outcome: "verified" })).toBe("verified-needs-result");
    expect(rule({ result: weak }, { outcome: "verified" })).toBe("verified-needs-significant-better-result");
    expect(checkClose("I-1", initiative({ result: weak }), { outcome: "verified" })?.message).toMatch(
      /not significant \(p = 0\.30\)/,
    );
    expect(rule({ result: worse }, { outcome: "verified" })).toBe("verified-needs-significant-better-result");
    expect(rule({}, { outcome: "not-verified", learnings: "x" })).toBe("not-verified-needs-result");
    expect(rule({ result: weak }, { outcome: "not-verified" })).toBe("not-verified-needs-learnings");
    expect(rule({ result: weak }, { outcome: "not-verified", learnings: "Too little traffic" })).toBeNull();
    expect(rule({ result: weak, learnings: "Kept from before" }, { outcome: "not-verified" })).toBeNull();
    expect(rule({}, { outcome: "abandoned" })).toBe("abandoned-needs-learnings");
    expect(rule({}, { outcome: "abandoned", learnings: "The supplier stopped" })).toBeNull();
    expect(rule({ outcome: "abandoned", learnings: "x" }, { outcome: "abandoned" })).toBe("closed");
  });
});

describe("an initiative through its cycle", () => {
  it("keeps every change in the history with who made it and when, and refuses a stale version", async () => {
    const created = await createInitiative(
      workspace,
      { title: "Early opening", kpis: ["revenue"], problem: "Commuters pass before 8:00" },
      by("Sanne", "2026-02-20T08:00:00Z"),
    );
    const id = created.id;
    let r = await updateInitiative(
      workspace,
      id,
      1,
      { owner: "Joost", costs: { oneOff: 500, running: 300 }, value: { perUnit: 0.3, horizonMonths: 12 } },
      by("Joost", "2026-02-21T10:00:00Z"),
    );
    expect(r.version).toBe(2);
    const stale = await refusal(updateInitiative(workspace, id, 1, { owner: "Mila" }, by("Mila")));
    expect(stale.code).toBe("CONFLICT");
    expect((stale.details.current as { version: number; data: Initiative }).data.owner).toBe("Joost");

    r = await addEvidence(
      workspace,
      id,
      2,
      { kind: "kpi", ref: "revenue", title: "Mornings are quiet" },
      by("Mila", "2026-02-22T10:00:00Z"),
    );
    r = await addEvidence(
      workspace,
      id,
      3,
      { kind: "note", ref: "street count" },
      by("Mila", "2026-02-22T11:00:00Z"),
    );
    r = await removeEvidence(workspace, id, 4, 1, by("Mila", "2026-02-22T12:00:00Z"));
    expect(r.data.evidence).toEqual([{ kind: "kpi", ref: "revenue", title: "Mornings are quiet" }]);
    expect((await refusal(removeEvidence(workspace, id, 5, 3, by("Mila")))).message).toMatch(
      /numbered 0 to 0/,
    );

    r = await moveInitiativeStage(workspace, id, 5, "next", by("Joost", "2026-03-01T09:00:00Z"));
    expect(r.data.stage).toBe("do");
    const blocked = await refusal(moveInitiativeStage(workspace, id, 6, "next", by("Joost")));
    expect(blocked.details.rule).toBe("measure-before-check");
    r = await recordResult(
      workspace,
      id,
      6,
      { kind: "pilot", pilot: "early-opening" },
      by("Sanne", "2026-04-27T08:00:00Z"),
    );
    expect(r.data.result).toMatchObject({
      kpi: "revenue",
      significant: true,
      better: true,
      measuredAt: "2026-04-27T08:00:00.000Z",
    });
    r = await moveInitiativeStage(workspace, id, 7, "check", by("Sanne", "2026-04-27T09:00:00Z"));
    r = await closeInitiative(
      workspace,
      id,
      8,
      { outcome: "verified", learnings: "Commuters buy coffee and a roll; open at 7 everywhere." },
      by("Sanne", "2026-04-28T09:00:00Z"),
    );
    expect(r.data).toMatchObject({ outcome: "verified", closedAt: "2026-04-28T09:00:00.000Z" });
    expect((await refusal(moveInitiativeStage(workspace, id, 9, "act", by("Sanne")))).details.rule).toBe(
      "closed",
    );
    expect((await refusal(recordResult(workspace, id, 9, PRE_POST, by("Sanne")))).details.rule).toBe(
      "closed",
    );
    r = await reopenInitiative(workspace, id, 9, by("Joost", "2026-04-29T09:00:00Z"));
    r = await moveInitiativeStage(workspace, id, 10, "act", by("Joost", "2026-04-29T10:00:00Z"));
    expect(r).toMatchObject({ version: 11, data: { stage: "act", outcome: "open", closedAt: null } });

    const history = await initiativeHistory(workspace, id);
    expect(history.map((h) => [h.version, h.action, h.actor, h.at])).toEqual([
      [1, "created", "Sanne", "2026-02-20T08:00:00.000Z"],
      [2, "updated", "Joost", "2026-02-21T10:00:00.000Z"],
      [3, "evidence added", "Mila", "2026-02-22T10:00:00.000Z"],
      [4, "evidence added", "Mila", "2026-02-22T11:00:00.000Z"],
      [5, "evidence removed", "Mila", "2026-02-22T12:00:00.000Z"],
      [6, "stage", "Joost", "2026-03-01T09:00:00.000Z"],
      [7, "result", "Sanne", "2026-04-27T08:00:00.000Z"],
      [8, "stage", "Sanne", "2026-04-27T09:00:00.000Z"],
      [9, "closed", "Sanne", "2026-04-28T09:00:00.000Z"],
      [10, "reopened", "Joost", "2026-04-29T09:00:00.000Z"],
      [11, "stage", "Joost", "2026-04-29T10:00:00.000Z"],
    ]);
    expect(history[1]?.changes.map((c) => c.field).sort()).toEqual(["costs", "owner", "value"]);
    expect(history[8]?.changes.map((c) => c.field).sort()).toEqual(["closedAt", "learnings", "outcome"]);
    expect(history[5]?.changes).toEqual([{ field: "stage", before: "plan", after: "do" }]);

    const report = await describeInitiative(workspace, id);
    expect(report.history).toHaveLength(11);
    // 0.3 EUR margin per EUR of revenue, per day, 30.4375 days a month, 12 months.
    expect(report.roi.benefit).toBeCloseTo((r.data.result?.change ?? 0) * 0.3 * 30.4375 * 12, 6);
    expect(report.roi.cost).toBe(500 + 300 * 12);
  });

  it("refuses stage, outcome, result and baseline in an update, naming how each one changes", async () => {
    const created = await createInitiative(workspace, { title: "Patch rules" }, by("Eva"));
    for (const [field, text] of [
      ["stage", /the stage moves one step at a time/],
      ["outcome", /the outcome is set by closing/],
      ["result", /a result is never typed in/],
      ["baseline", /the baseline is captured from the main KPI/],
    ] as const) {
      const error = await refusal(updateInitiative(workspace, created.id, 1, { [field]: null }, by("Eva")));
      expect(error.message).toMatch(text);
    }
    expect(
      (await refusal(updateInitiative(workspace, created.id, 1, { colour: "red" }, by("Eva")))).message,
    ).toMatch(/`colour` is not a known setting/);
  });

  it("recaptures the baseline while in the first stage, and changes the method only there", async () => {
    const created = await createInitiative(workspace, { title: "Later KPI", start: "2026-03-02" }, by("Eva"));
    expect(created.data.baseline).toBeNull();
    let r = await updateInitiative(workspace, created.id, 1, { kpis: ["revenue"] }, by("Eva"));
    expect(r.data.baseline).toMatchObject({ kpi: "revenue", periods: 56 });
    r = await updateInitiative(workspace, created.id, 2, { method: "dmaic" }, by("Eva"));
    expect(r.data).toMatchObject({ method: "dmaic", stage: "define" });
    r = await moveInitiativeStage(workspace, created.id, 3, "next", by("Eva"));
    const refused = await refusal(updateInitiative(workspace, created.id, 4, { method: "pdca" }, by("Eva")));
    expect(refused.details.rule).toBe("method-in-first-stage");
    r = await updateInitiative(workspace, created.id, 4, { start: "2026-03-09" }, by("Eva"));
    expect(r.data.baseline?.to).toBe("2026-03-01");
  });

  it("captures the baseline when it first leaves its first stage", async () => {
    // The KPI is named after the first stage, so no baseline yet; leaving plan takes it.
    const created = await createInitiative(
      workspace,
      { title: "Late baseline", start: "2026-03-02" },
      by("Eva"),
    );
    let r = await moveInitiativeStage(workspace, created.id, 1, "next", by("Eva"));
    r = await updateInitiative(workspace, created.id, 2, { kpis: ["revenue"] }, by("Eva"));
    expect(r.data.baseline).toBeNull();
    r = await moveInitiativeStage(workspace, created.id, 3, "back", by("Eva"));
    expect(r.data.baseline).toBeNull();
    r = await moveInitiativeStage(workspace, created.id, 4, "next", by("Eva"));
    expect(r.data.baseline).toMatchObject({ kpi: "revenue", from: "2026-01-05", to: "2026-03-01" });
  });

  it("lists initiatives by owner, area and KPI", async () => {
    const byOwner = await listInitiatives(workspace, { owner: "sanne" });
    expect(byOwner.every((r) => r.data.owner === "Sanne")).toBe(true);
    expect(byOwner.length).toBeGreaterThan(0);
    expect((await listInitiatives(workspace, { kpi: "weekly-revenue" })).map((r) => r.data.title)).toEqual([
      "Weekly",
    ]);
    expect(await listInitiatives(workspace, { area: "nowhere" })).toEqual([]);
  });
});
