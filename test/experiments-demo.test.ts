/**
 * Experiments and pilots end to end on the demo bakery: the CLI, the HTTP API and the engine recover
 * the effects put into the data (ground-truth.json), a broken split is flagged, and bad input is
 * refused with a message that names the problem.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoWorkspace } from "../src/demo-workspace/index.js";
import {
  analyzeWorkspaceExperiment,
  analyzeWorkspacePilot,
  type ExperimentResult,
} from "../src/experiments/index.js";
import { buildServer } from "../src/server/index.js";
import { sql } from "../src/store/index.js";
import { Workspace } from "../src/workspace/index.js";
import { runOpsloop } from "./helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "opsloop-experiments-"));
const demo = join(dir, "demo");
let truth: { id: string; relativeChange: number }[] = [];

async function json(
  args: string[],
): Promise<{ code: number | null; body: Record<string, unknown>; stderr: string }> {
  const run = await runOpsloop([...args, "--json"]);
  return { code: run.code, body: JSON.parse(run.stdout || "{}"), stderr: run.stderr };
}

function effect(id: string): number {
  const found = truth.find((e) => e.id === id);
  if (!found) throw new Error(`no ground-truth effect ${id}`);
  return found.relativeChange;
}

beforeAll(async () => {
  await createDemoWorkspace(demo, { seed: 1, scale: 1, only: ["web_sessions", "sales"] });
  truth = JSON.parse(readFileSync(join(demo, "data/ground-truth.json"), "utf8")).effects;
});

describe("opsloop experiment (CLI)", () => {
  it("recovers the demo checkout test's injected effect, with no sign of a broken split", async () => {
    const { code, body } = await json(["-w", demo, "experiment", "analyze", "one-page-checkout"]);
    expect(code).toBe(0);
    const r = body as unknown as ExperimentResult;
    const conversion = r.comparisons.find((c) => c.metric === "conversion");
    const injected = effect("checkout-ab-test"); // +20% relative
    expect(injected).toBeCloseTo(0.2, 6);
    expect(conversion?.ci95[0]).toBeLessThan(injected);
    expect(conversion?.ci95[1]).toBeGreaterThan(injected);
    expect(conversion?.verdict).toBe("better");
    expect(r.srm.ok).toBe(true);
    // Order value does not change in the ground truth: the guardrail holds.
    expect(r.comparisons.find((c) => c.metric === "order-value")?.verdict).toBe("inconclusive");
    expect(r.recommendation).toMatchObject({ decision: "ship", variant: "one-page-checkout" });
    expect(r.summary).toMatch(/^One-page-checkout raised conversion by \d+\.\d% \(95% CI/);
  });

  it("analyses gbstats' published example from a summary file", async () => {
    const file = join(dir, "summary.csv");
    writeFileSync(
      file,
      "variant,users,sum,sum_squares\nA,3407,1396.87,52377.9767\nB,3461,2422.7,134698.29\n",
    );
    const { code, body } = await json(["experiment", "analyze", "--summary", file]);
    expect(code).toBe(0);
    const c = (body as unknown as ExperimentResult).comparisons[0];
    // gbstats tests/frequentist/test_tests.py TestTwoSidedTTest.test_two_sided_ttest
    expect(c?.lift).toBeCloseTo(0.70732, 4);
    expect(c?.ci95[0]).toBeCloseTo(-0.03526, 4);
    expect(c?.ci95[1]).toBeCloseTo(1.44989, 4);
    expect(c?.pValue).toBeCloseTo(0.06191, 4);
    const human = await runOpsloop(["experiment", "analyze", "--summary", file]);
    expect(human.stdout).toContain("B changed metric by +70.7%");
  });

  it("plans a test: users per variant, days and the effect a size can find", async () => {
    const { code, body } = await json([
      "experiment",
      "plan",
      "--baseline",
      "0.03",
      "--mde",
      "0.1",
      "--traffic-per-day",
      "1000",
      "--users",
      "20000",
    ]);
    expect(code).toBe(0);
    const users = body.usersPerVariant as number;
    // Closed form of the same method: (z_0.975 + z_0.8)² · p(1−p) · (1 + 1.1²) / (p · 0.1)².
    const z = 1.959963984540054 + 0.8416212335729143;
    const closed = (z * z * 0.03 * 0.97 * (1 + 1.1 * 1.1)) / (0.03 * 0.1) ** 2;
    expect(Math.abs(users - closed)).toBeLessThanOrEqual(1);
    expect(body.days).toBe(Math.ceil((2 * users) / 1000));
    expect((body.mdeForUsers as { mde: number }).mde).toBeGreaterThan(0.1);
  });

  it("refuses bad input with a message and a non-zero exit", async () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "variant,users,sum\nA,10,1\nB,10,2\n");
    const missing = await json(["experiment", "analyze", "--summary", bad]);
    expect(missing.code).toBe(1);
    expect(JSON.stringify(missing.body)).toContain("missing column sum_squares");
    const both = await json(["-w", demo, "experiment", "analyze", "one-page-checkout", "--summary", bad]);
    expect(both.code).toBe(2);
    const unknown = await json(["-w", demo, "experiment", "analyze", "one-page-checkot"]);
    expect(unknown.code).toBe(1);
    expect(JSON.stringify(unknown.body)).toContain('did you mean \\"one-page-checkout\\"');
    const plan = await json(["experiment", "plan", "--baseline", "3", "--mde", "0.1"]);
    expect(plan.code).toBe(2);
    expect(JSON.stringify(plan.body)).toContain("baseline");
    const pilot = await json(["-w", demo, "pilot", "analyze", "--metric", "revenue", "--treated", "shop-1"]);
    expect(pilot.code).toBe(2);
    expect(JSON.stringify(pilot.body)).toContain("--controls, --change-date");
  });

  it("judges the early-opening pilot: the interval covers the injected effect", async () => {
    const { code, body } = await json(["-w", demo, "pilot", "analyze", "early-opening"]);
    expect(code).toBe(0);
    const did = body.differenceInDifferences as { relative: number; relativeCi: [number, number] };
    const injected = effect("pilot-early-opening");
    expect(did.relativeCi[0]).toBeLessThan(injected);
    expect(did.relativeCi[1]).toBeGreaterThan(injected);
    expect(did.relative).toBeGreaterThan(0);
    // Four months after the change are enough to tell: the interval excludes 0.
    expect(did.relativeCi[0]).toBeGreaterThan(0);
    expect(String(body.paragraph)).toContain("shop-1");
    // One control only: the synthetic control is that shop, and the report says placebo tests cannot run.
    expect((body.warnings as string[]).join(" ")).toMatch(/placebo/i);
  });
});

describe("experiments over HTTP", () => {
  let workspace: Workspace;
  let app: FastifyInstance;
  beforeAll(async () => {
    workspace = await Workspace.open(demo);
    app = await buildServer(workspace, { webDir: "/nonexistent" });
  });
  afterAll(async () => {
    await app.close();
    workspace.close();
  });

  it("lists experiments with their headline and serves results under other settings", async () => {
    const list = await app.inject("/api/experiments");
    expect(list.statusCode).toBe(200);
    const [first] = list.json().experiments;
    expect(first.definition.name).toBe("one-page-checkout");
    expect(first.decision).toBe("ship");
    const bayes = await app.inject(
      "/api/experiments/one-page-checkout/results?engine=bayesian&sequential=true",
    );
    expect(bayes.statusCode).toBe(200);
    const c = bayes.json().comparisons[0];
    expect(c.chanceToWin).toBeGreaterThan(0.99);
    expect(bayes.json().settings).toMatchObject({ engine: "bayesian", sequential: true });
    const bad = await app.inject("/api/experiments/one-page-checkout/results?engine=magic");
    expect(bad.statusCode).toBe(400);
  });

  it("analyses summary statistics and plans over HTTP, validating the bodies", async () => {
    const summary = await app.inject({
      method: "POST",
      url: "/api/experiments/analyze",
      payload: {
        arms: [
          { variant: "A", users: 3407, sum: 1396.87, sumSquares: 52377.9767 },
          { variant: "B", users: 3461, sum: 2422.7, sumSquares: 134698.29 },
        ],
      },
    });
    expect(summary.statusCode).toBe(200);
    expect(summary.json().comparisons[0].pValue).toBeCloseTo(0.06191, 4);
    const badSummary = await app.inject({
      method: "POST",
      url: "/api/experiments/analyze",
      payload: { arms: [] },
    });
    expect(badSummary.statusCode).toBe(400);
    const plan = await app.inject({
      method: "POST",
      url: "/api/experiments/plan",
      payload: { baseline: 0.03, mde: 0.1 },
    });
    expect(plan.statusCode).toBe(200);
    expect(plan.json().usersPerVariant).toBeGreaterThan(50_000);
    const badPlan = await app.inject({
      method: "POST",
      url: "/api/experiments/plan",
      payload: { baseline: 0.03, mde: -1 },
    });
    expect(badPlan.statusCode).toBe(400);
  });

  it("adds, replaces and removes an experiment; a taken name is a conflict", async () => {
    const definition = (await app.inject("/api/experiments/one-page-checkout")).json().experiment;
    const copy = { ...definition, name: "checkout-copy", title: "Copy" };
    const created = await app.inject({ method: "POST", url: "/api/experiments", payload: copy });
    expect(created.statusCode).toBe(201);
    const again = await app.inject({ method: "POST", url: "/api/experiments", payload: copy });
    expect(again.statusCode).toBe(409);
    const broken = await app.inject({
      method: "PUT",
      url: "/api/experiments/checkout-copy",
      payload: { ...copy, metrics: [{ value: "no_such_column", type: "mean" }] },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.message).toContain('unknown column "no_such_column"');
    expect(workspace.config.experiments.find((e) => e.name === "checkout-copy")?.title).toBe("Copy");
    const removed = await app.inject({ method: "DELETE", url: "/api/experiments/checkout-copy" });
    expect(removed.statusCode).toBe(204);
    expect((await app.inject("/api/experiments/checkout-copy")).statusCode).toBe(404);
  });

  it("serves the pilot's result with the series for its chart", async () => {
    const r = await app.inject("/api/pilots/early-opening/results");
    expect(r.statusCode).toBe(200);
    const body = r.json();
    // 8 weeks before (Monday–Saturday) and 17 weeks after, less the days the shops were closed.
    expect(body.periods.pre).toBe(48);
    expect(body.periods.post).toBeGreaterThan(95);
    expect(body.series).toHaveLength(body.periods.pre + body.periods.post);
    expect(body.syntheticControl.weights).toEqual([{ name: "shop-2", weight: 1 }]);
  });

  it("flags an injected sample-ratio mismatch", async () => {
    // Drop one in twenty of the new checkout's sessions in the test, as a redirect that loses visitors would.
    await workspace.store.transaction((tx) =>
      tx.run(
        sql`delete from data.web_sessions where variant = 'one-page-checkout' and hash(session_id) % 20 = 0`,
      ),
    );
    const r = await analyzeWorkspaceExperiment(workspace, "one-page-checkout");
    expect(r.srm.ok).toBe(false);
    expect(r.srm.pValue).toBeLessThan(0.001);
    expect(r.recommendation.decision).toBe("fix-the-split");
    expect(r.summary).toContain("The split looks broken");
    const pilot = await analyzeWorkspacePilot(workspace, "early-opening");
    expect(pilot.periods.pre).toBe(48);
  });
});
