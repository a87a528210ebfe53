/**
 * The demo's improvement history against the demo's data and ground truth: every stage is used, the
 * verified initiatives rest on the checkout test and the pilot, the cycle's figures follow from the
 * dates by hand, and the A3 reports carry their analyses.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../src/core/index.js";
import { createDemoWorkspace } from "../src/demo-workspace/index.js";
import {
  buildA3,
  getInitiative,
  listInitiatives,
  listSuggestions,
  readImprovementMetrics,
  STAGES,
} from "../src/improve/index.js";
import { Workspace } from "../src/workspace/index.js";

const dir = join(mkdtempSync(join(tmpdir(), "opsloop-improve-demo-")), "demo");
let workspace: Workspace;
let truth: { id: string; relativeChange: number }[];

beforeAll(async () => {
  await createDemoWorkspace(dir, {
    seed: 1,
    scale: 1,
    only: ["web_sessions", "sales", "tickets", "order_events"],
  });
  workspace = await Workspace.open(dir);
  truth = JSON.parse(readFileSync(join(dir, "data/ground-truth.json"), "utf8")).effects;
});
afterAll(() => workspace?.close());

const injected = (id: string) => truth.find((e) => e.id === id)?.relativeChange as number;

describe("the demo's improvement history", () => {
  it("has a dozen initiatives over every stage of both methods, and each closing outcome", async () => {
    const all = await listInitiatives(workspace);
    expect(all).toHaveLength(12);
    const open = all.filter((r) => r.data.outcome === "open");
    const stages = new Set(open.map((r) => `${r.data.method}:${r.data.stage}`));
    for (const stage of STAGES.dmaic) expect(stages).toContain(`dmaic:${stage}`);
    for (const stage of ["plan", "do", "check"]) expect(stages).toContain(`pdca:${stage}`);
    const outcomes = all.map((r) => r.data.outcome).sort();
    expect(outcomes.filter((o) => o === "verified")).toHaveLength(2);
    expect(outcomes).toContain("not-verified");
    expect(outcomes).toContain("abandoned");
    // Every closed initiative says what was learned.
    for (const r of all.filter((x) => x.data.outcome !== "open"))
      expect(r.data.learnings.length).toBeGreaterThan(40);
  });

  it("verifies the checkout by its A/B test and the early opening by its pilot, covering the injected effects", async () => {
    const all = await listInitiatives(workspace);
    const checkout = all.find(
      (r) => r.data.result?.source.kind === "experiment" && r.data.outcome === "verified",
    );
    const pilot = all.find((r) => r.data.result?.source.kind === "pilot");
    expect(checkout?.data.result?.relativeCi[0]).toBeLessThan(injected("checkout-ab-test"));
    expect(checkout?.data.result?.relativeCi[1]).toBeGreaterThan(injected("checkout-ab-test"));
    expect(pilot?.data.outcome).toBe("verified");
    expect(pilot?.data.result?.relativeCi[0]).toBeLessThan(injected("pilot-early-opening"));
    expect(pilot?.data.result?.relativeCi[1]).toBeGreaterThan(injected("pilot-early-opening"));
    // The basket-size idea rode on the same test; order value did not change (ground truth: 0).
    const basket = all.find((r) => r.data.outcome === "not-verified");
    expect(basket?.data.result?.significant).toBe(false);
    expect(basket?.data.result?.relativeCi[0]).toBeLessThan(0);
    expect(basket?.data.result?.relativeCi[1]).toBeGreaterThan(0);
  });

  it("works out the learning rate and the share verified from the dates", async () => {
    const metrics = await readImprovementMetrics(workspace);
    // Idea → verified: checkout 2026-03-20 10:00 → 2026-06-10 09:00, early opening 2026-01-19 10:00 → 2026-07-06 09:00.
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    const checkout = days("2026-03-20T10:00:00Z", "2026-06-10T09:00:00Z");
    const opening = days("2026-01-19T10:00:00Z", "2026-07-06T09:00:00Z");
    expect(metrics.learningRate.verified).toBe(2);
    expect(metrics.learningRate.medianDays).toBeCloseTo((checkout + opening) / 2, 1);
    // Four closed: two verified, one not verified, one abandoned.
    expect(metrics.verifiedShare).toBe(0.5);
    expect(metrics.verifiedRoi.initiatives).toHaveLength(2);
  });

  it("keeps thirty suggestions, converted ones linked both ways with their credit", async () => {
    const ranked = await listSuggestions(workspace);
    expect(ranked).toHaveLength(30);
    const converted = ranked.filter((s) => s.data.status === "converted");
    expect(converted.length).toBeGreaterThanOrEqual(10);
    for (const s of converted) {
      const initiative = await getInitiative(workspace, s.data.initiative as string);
      expect(initiative.data.suggestion).toBe(s.id);
      expect(initiative.data.credit).toContain(s.data.by);
    }
    expect(ranked.filter((s) => s.data.status === "declined").length).toBe(3);
  });

  it("prints the oven initiative's A3 with its 5 Whys and fishbone, and the support one's Pareto", async () => {
    const all = await listInitiatives(workspace);
    const oven = all.find((r) => r.data.evidence.some((e) => e.kind === "fishbone"));
    const support = all.find((r) => r.data.evidence.some((e) => e.kind === "pareto"));
    const clock = fixedClock("2026-09-30T12:00:00Z");
    const ovenA3 = await buildA3(workspace, oven?.id as string, clock);
    expect(ovenA3).toContain('aria-label="fishbone diagram"');
    expect(ovenA3).toContain("Chosen root cause:</strong> Counter bread baked from 07:00");
    expect(ovenA3).toContain("Why does the counter bake start at 07:00?");
    const supportA3 = await buildA3(workspace, support?.id as string, clock);
    expect(supportA3).toContain("The vital few: question, late delivery, quality.");
  });
});
