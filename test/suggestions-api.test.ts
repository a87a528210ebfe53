/**
 * Suggestions, root-cause analyses and Pareto through the HTTP API and the CLI, on the demo bakery's
 * support tickets: the whole life of a suggestion, who may change what, stale versions refused with
 * the current record, and bad input refused with a message that names the problem.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommanderError } from "commander";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { printError } from "../src/cli/output.js";
import { buildProgram } from "../src/cli/program.js";
import { buildSuggestionCommands } from "../src/cli/suggestion.command.js";
import { defaultEffects, type Effects, fixedClock, toAppError } from "../src/core/index.js";
import { createDemoWorkspace } from "../src/demo-workspace/index.js";
import { getRecord, type Initiative, recordHistory } from "../src/improve/index.js";
import type { Api } from "../src/server/api.js";
import { buildServer } from "../src/server/index.js";
import { registerSuggestionRoutes } from "../src/server/routes/suggestions.routes.js";
import { sql } from "../src/store/index.js";
import { Workspace } from "../src/workspace/index.js";

const dir = join(mkdtempSync(join(tmpdir(), "opsloop-suggestions-")), "demo");
const effects: Effects = { ...defaultEffects, clock: fixedClock("2026-05-04T09:00:00Z") };
let workspace: Workspace;
let app: FastifyInstance;

beforeAll(async () => {
  await createDemoWorkspace(dir, { seed: 1, scale: 1, only: ["tickets"] });
  workspace = await Workspace.open(dir);
  app = await buildServer(workspace, { webDir: "/nonexistent", effects });
  // Until the server registers these routes itself.
  if (!app.hasRoute({ method: "GET", url: "/api/suggestions" })) {
    await app.register(
      async (api) =>
        registerSuggestionRoutes(api.withTypeProvider<ZodTypeProvider>() as Api, workspace, effects),
      { prefix: "/api" },
    );
  }
}, 120_000);

afterAll(async () => {
  await app.close();
  workspace.close();
});

// Answers are read loosely here; their shapes are checked by the assertions.
// biome-ignore lint/suspicious/noExplicitAny: JSON from the API, indexed freely in assertions
type Json = Record<string, any>;

async function call(
  method: "GET" | "POST" | "PATCH",
  url: string,
  body?: unknown,
  actor: string | null = "Sanne",
): Promise<{ status: number; json: Json }> {
  const res = await app.inject({
    method,
    url,
    ...(body !== undefined ? { payload: body as Json } : {}),
    headers: actor ? { "x-actor": actor } : {},
  });
  return { status: res.statusCode, json: res.json() as Json };
}

describe("suggestions over HTTP", () => {
  it("needs to know who writes, and checks the KPI", async () => {
    const anonymous = await call("POST", "/api/suggestions", { title: "Oat milk" }, null);
    expect(anonymous.status).toBe(400);
    expect(anonymous.json.error.message).toMatch(/X-Actor header/);
    const wrongKpi = await call("POST", "/api/suggestions", {
      title: "Faster replies",
      kpi: "first-respons-time",
    });
    expect(wrongKpi.status).toBe(404);
    expect(wrongKpi.json.error.message).toMatch(/did you mean "first-response-time"/);
    const extra = await call("POST", "/api/suggestions", { title: "x", votes: ["me"] });
    expect(extra.status).toBe(400);
  });

  it("takes a suggestion through votes, comments, scores and conversion, with history on both records", async () => {
    const added = await call(
      "POST",
      "/api/suggestions",
      {
        title: "Answer e-mail tickets before noon",
        description: "E-mail tickets wait overnight for a first answer.",
        area: "support",
        kpi: "first-response-time",
        by: "Lisa",
      },
      "Sanne",
    );
    expect(added.status).toBe(201);
    const id = added.json.suggestion.id as string;
    expect(added.json.suggestion).toMatchObject({ version: 1, createdBy: "Sanne", data: { by: "Lisa" } });

    expect((await call("POST", `/api/suggestions/${id}/vote`, { version: 1 }, "Mo")).status).toBe(200);
    const twice = await call("POST", `/api/suggestions/${id}/vote`, { version: 2 }, "Mo");
    expect(twice.status).toBe(409);
    expect(twice.json.error.message).toMatch(/already voted/);
    const stale = await call("POST", `/api/suggestions/${id}/vote`, { version: 1 }, "Eva");
    expect(stale.status).toBe(409);
    expect(stale.json.error.details.current).toMatchObject({ id, version: 2, data: { votes: ["Mo"] } });
    await call("POST", `/api/suggestions/${id}/vote`, { version: 2 }, "Eva");
    const comment = await call(
      "POST",
      `/api/suggestions/${id}/comment`,
      { version: 3, text: "Mornings are quiet." },
      "Eva",
    );
    expect(comment.json.suggestion.data.comments).toEqual([
      { by: "Eva", at: "2026-05-04T09:00:00.000Z", text: "Mornings are quiet." },
    ]);
    const scored = await call("POST", `/api/suggestions/${id}/score`, {
      version: 4,
      ice: { impact: 7, confidence: 8, ease: 6 },
      rice: { reach: 300, impact: 1, confidence: 0.5, effort: 0.5 },
    });
    expect(scored.json.scores).toEqual({ votes: 2, ice: 336, rice: 300 });
    const noScore = await call("POST", `/api/suggestions/${id}/score`, { version: 5 });
    expect(noScore.status).toBe(400);

    const other = (await call("POST", "/api/suggestions", { title: "Chatbot for questions" }, "Joost")).json
      .suggestion;
    await call("POST", `/api/suggestions/${other.id}/score`, {
      version: 1,
      ice: { impact: 9, confidence: 3, ease: 2 },
    });
    // The demo may hold suggestions of its own; these two keep their order among them.
    const mine = (list: Json[]) => list.filter((x) => x.id === id || x.id === other.id);
    const byVotes = mine((await call("GET", "/api/suggestions")).json.suggestions);
    expect(byVotes.map((x) => x.id)).toEqual([id, other.id]);
    const byIce = mine((await call("GET", "/api/suggestions?sort=ice")).json.suggestions);
    expect(byIce.map((x) => [x.id, x.scores.ice])).toEqual([
      [id, 336],
      [other.id, 54],
    ]);
    const declined = await call("POST", `/api/suggestions/${other.id}/decline`, {
      version: 2,
      reason: "Questions need a person.",
    });
    expect(declined.json.suggestion.data).toMatchObject({
      status: "declined",
      declined: { reason: "Questions need a person.", by: "Sanne" },
    });

    const converted = await call(
      "POST",
      `/api/suggestions/${id}/convert`,
      { version: 5, owner: "Lisa" },
      "Sanne",
    );
    expect(converted.status).toBe(201);
    const initiativeId = converted.json.initiative.id as string;
    expect(converted.json.suggestion.data).toMatchObject({ status: "converted", initiative: initiativeId });
    const initiative = await getRecord<Initiative>(workspace.store, "initiative", initiativeId);
    expect(initiative.data).toMatchObject({
      title: "Answer e-mail tickets before noon",
      problem: "E-mail tickets wait overnight for a first answer.",
      kpis: ["first-response-time"],
      owner: "Lisa",
      suggestion: id,
      credit: ["Lisa"],
      ideaAt: "2026-05-04T09:00:00.000Z",
      start: "2026-05-04",
      stage: "plan",
    });
    // Created as any initiative is: with the main KPI's baseline over the weeks before the start.
    expect(initiative.data.baseline).toMatchObject({ kpi: "first-response-time" });
    expect(
      (await recordHistory(workspace.store, "initiative", initiativeId)).map((h) => [h.action, h.actor]),
    ).toEqual([["created", "Sanne"]]);
    const shown = await call("GET", `/api/suggestions/${id}`);
    expect(shown.json.history.map((h: Json) => h.action)).toEqual([
      "created",
      "voted",
      "voted",
      "commented",
      "scored",
      "converted",
    ]);
    const late = await call("POST", `/api/suggestions/${id}/vote`, { version: 6 }, "Tom");
    expect(late.status).toBe(409);
    expect((await call("GET", "/api/suggestions/S-9999")).status).toBe(404);
  });
});

describe("root-cause analyses over HTTP", () => {
  it("builds a 5 Whys chain through actions and changes", async () => {
    const created = await call("POST", "/api/rca", {
      kind: "five-whys",
      problem: "Late-delivery tickets peak on Mondays.",
    });
    expect(created.status).toBe(201);
    const id = created.json.record.id as string;
    expect(id).toMatch(/^W-\d+$/);
    const added = await call("PATCH", `/api/rca/${id}`, {
      version: 1,
      action: "add-why",
      question: "Why on Mondays?",
      answer: "Saturday's late orders are answered on Monday.",
      evidence: { kind: "pareto", ref: "P-1" },
    });
    expect(added.status).toBe(200);
    expect(added.json.record.data.whys).toHaveLength(1);
    const changed = await call("PATCH", `/api/rca/${id}`, {
      version: 2,
      changes: { rootCause: "Saturday's oven bottleneck." },
    });
    expect(changed.json.record).toMatchObject({
      version: 3,
      data: { rootCause: "Saturday's oven bottleneck." },
    });
    const both = await call("PATCH", `/api/rca/${id}`, {
      version: 3,
      changes: {},
      action: "remove-why",
      index: 0,
    });
    expect(both.status).toBe(400);
    const wrongKind = await call("PATCH", `/api/rca/${id}`, {
      version: 3,
      action: "add-cause",
      category: "people",
      text: "x",
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.json.error.message).toMatch(/is a 5 Whys analysis/);
    const missingInitiative = await call("PATCH", `/api/rca/${id}`, {
      version: 3,
      changes: { initiative: "I-404" },
    });
    expect(missingInitiative.status).toBe(404);
    expect((await call("GET", `/api/rca/${id}/layout`)).status).toBe(400);
  });

  it("builds a fishbone: causes by category, one vote each, a root cause in range, and its layout", async () => {
    const created = await call("POST", "/api/rca", {
      kind: "fishbone",
      problem: "Wrong items in web orders.",
    });
    const id = created.json.record.id as string;
    const add = (version: number, category: string, text: string) =>
      call("PATCH", `/api/rca/${id}`, { version, action: "add-cause", category, text });
    await add(1, "methods", "No packing checklist");
    await add(2, "people", "Saturday temps");
    const unknown = await add(3, "weather", "Rain");
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(
      /The six are people, methods, machines, materials, measurement, environment/,
    );
    expect(
      (await call("PATCH", `/api/rca/${id}`, { version: 3, action: "vote", index: 0 }, "Mo")).status,
    ).toBe(200);
    const again = await call("PATCH", `/api/rca/${id}`, { version: 4, action: "vote", index: 0 }, "Mo");
    expect(again.status).toBe(409);
    const outOfRange = await call("PATCH", `/api/rca/${id}`, { version: 4, action: "root", cause: 2 });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.json.error.message).toBe(`${id} has no cause 2; its causes are numbered 0 to 1.`);
    const stale = await call("PATCH", `/api/rca/${id}`, { version: 3, action: "root", cause: 0 });
    expect(stale.status).toBe(409);
    expect(stale.json.error.details.current.version).toBe(4);
    const rooted = await call("PATCH", `/api/rca/${id}`, { version: 4, action: "root", cause: 0 });
    expect(rooted.json.record.data.rootCause).toBe(0);
    const { layout } = (await call("GET", `/api/rca/${id}/layout`)).json;
    const methods = layout.bones.find((b: Json) => b.category === "methods");
    expect(methods.causes).toMatchObject([{ index: 0, text: "No packing checklist", votes: 1, root: true }]);
    expect(layout.bones.find((b: Json) => b.category === "people").causes[0].text).toBe("Saturday temps");
    const shown = await call("GET", `/api/rca/${id}`);
    expect(shown.json).toMatchObject({ kind: "fishbone", record: { id, version: 5 } });
    expect(shown.json.history).toHaveLength(5);
    const list = (await call("GET", "/api/rca?kind=fishbone")).json.analyses.map((a: Json) => a.record.id);
    expect(list).toContain(id);
  });
});

describe("Pareto over HTTP", () => {
  it("answers a request, saves one when asked, and refuses text that is not a column or a condition", async () => {
    const result = await call("POST", "/api/pareto", { dataset: "tickets", by: "category" }, null);
    expect(result.status).toBe(200);
    expect(result.json.vitalFew).toEqual(["question", "late delivery", "quality"]);
    const anonymous = await call(
      "POST",
      "/api/pareto",
      { dataset: "tickets", by: "category", save: true },
      null,
    );
    expect(anonymous.status).toBe(400);
    const saved = await call("POST", "/api/pareto", {
      dataset: "tickets",
      by: "category",
      where: "channel = 'email'",
      save: true,
      title: "E-mail tickets by category",
    });
    expect(saved.status).toBe(201);
    const id = saved.json.pareto.id as string;
    const fetched = await call("GET", `/api/pareto/${id}`);
    expect(fetched.json.pareto.data).toMatchObject({
      title: "E-mail tickets by category",
      request: { where: "channel = 'email'" },
      result: { computedAt: "2026-05-04T09:00:00.000Z" },
    });
    expect((await call("GET", "/api/pareto")).json.paretos.map((p: Json) => p.id)).toContain(id);
    const column = await call("POST", "/api/pareto", {
      dataset: "tickets",
      by: 'category"; drop table data.tickets; --',
    });
    expect(column.status).toBe(400);
    const where = await call("POST", "/api/pareto", {
      dataset: "tickets",
      by: "category",
      where: "1 = 1; drop table data.tickets",
    });
    expect(where.status).toBe(400);
    expect(Number(await workspace.store.value(sql`select count(*) from data.tickets`))).toBe(3215);
  });

  it("documents the routes in the OpenAPI description", async () => {
    const res = await app.inject("/api/openapi.json");
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const path of ["/api/suggestions", "/api/suggestions/{id}/convert", "/api/rca/{id}", "/api/pareto"])
      expect(paths).toContain(path);
  });
});

/** Runs the CLI in this process against the demo workspace (the store is shared with the server). */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: (t: string) => {
      stdout += t;
    },
    stderr: (t: string) => {
      stderr += t;
    },
    isTTY: false,
    cwd: dir,
  };
  const { program, context } = buildProgram(io);
  if (!program.commands.some((c) => c.name() === "suggestion")) buildSuggestionCommands(program, context);
  try {
    await program.parseAsync(args, { from: "user" });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { code: 2, stdout, stderr: stderr + error.message };
    const appError = toAppError(error);
    printError(io, appError, args.includes("--json"));
    return { code: appError.exitCode, stdout, stderr };
  }
}

describe("opsloop suggestion, rca and pareto (CLI)", () => {
  let cliDir: string;
  beforeAll(async () => {
    // The CLI opens the workspace itself; the server's store holds the file's lock, so use a copy.
    cliDir = join(mkdtempSync(join(tmpdir(), "opsloop-suggestions-cli-")), "demo");
    await createDemoWorkspace(cliDir, { seed: 1, scale: 0.2, only: ["tickets"] });
  }, 120_000);

  const run = (...args: string[]) => cli(["-w", cliDir, ...args]);

  it("adds, votes and refuses a stale version with exit 1 and the current version", async () => {
    vi.stubEnv("OPSLOOP_ACTOR", "Mila");
    try {
      const added = await run("suggestion", "add", "--title", "Pre-pack Saturday orders", "--json");
      expect(added.code).toBe(0);
      const s = JSON.parse(added.stdout).suggestion;
      expect(s).toMatchObject({ createdBy: "Mila", data: { by: "Mila" } });
      const voted = await run("suggestion", "vote", s.id, "--version=1", "--actor", "Joost");
      expect(voted).toMatchObject({ code: 0, stdout: `${s.id} has 1 vote (now version 2).\n` });
      const stale = await run("suggestion", "vote", s.id, "-v", "1", "--actor", "Eva");
      expect(stale.code).toBe(1);
      expect(stale.stderr).toMatch(/now version 2, you had 1/);
      const staleJson = await run("suggestion", "vote", s.id, "-v", "1", "--json");
      expect(JSON.parse(staleJson.stdout).error).toMatchObject({
        code: "CONFLICT",
        details: { current: { version: 2 } },
      });
      const score = await run("suggestion", "score", s.id, "-v", "2", "--ice", "8,6,5", "--json");
      expect(JSON.parse(score.stdout).scores).toEqual({ votes: 1, ice: 240, rice: null });
      const converted = await run("suggestion", "convert", s.id, "-v", "3", "--owner", "Sanne", "--json");
      expect(JSON.parse(converted.stdout).initiative.data).toMatchObject({
        suggestion: s.id,
        credit: ["Mila"],
      });
      const list = await run("suggestion", "list", "--sort", "ice");
      expect(list.stdout).toMatch(/Pre-pack Saturday orders\s+converted/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("builds a fishbone and names the six categories when one is wrong", async () => {
    const created = JSON.parse(
      (await run("rca", "fishbone", "create", "--problem", "Slow answers", "--actor", "Sanne", "--json"))
        .stdout,
    );
    const id = created.record.id as string;
    const bad = await run(
      "rca",
      "fishbone",
      "add",
      id,
      "-v",
      "1",
      "--category",
      "machine",
      "--cause",
      "x",
      "--actor",
      "Sanne",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /did you mean "machines"\? The six are people, methods, machines, materials, measurement, environment/,
    );
    await run(
      "rca",
      "fishbone",
      "add",
      id,
      "-v",
      "1",
      "--category",
      "people",
      "--cause",
      "One agent on Saturdays",
      "--actor",
      "Sanne",
    );
    const root = await run("rca", "fishbone", "root", id, "-v", "2", "--cause", "3", "--actor", "Sanne");
    expect(root.code).toBe(2);
    expect(root.stderr).toMatch(/has no cause 3; its causes are numbered 0 to 0/);
    const shown = await run("rca", "show", id);
    expect(shown.stdout).toMatch(/People\n\s+0\. One agent on Saturdays/);
  });

  it("prints a Pareto, and names the column meant when one is misspelt", async () => {
    const table = await run("pareto", "tickets", "--by", "category");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^category\s+rows\s+share\s+cumulative\s+vital few/);
    const misspelt = await run("pareto", "tickets", "--by", "categroy");
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toMatch(/did you mean "category"/);
    const saved = await run(
      "pareto",
      "tickets",
      "--by",
      "priority",
      "--save",
      "--title",
      "By priority",
      "--actor",
      "Eva",
      "--json",
    );
    const id = JSON.parse(saved.stdout).pareto.id as string;
    const shown = JSON.parse((await run("rca", "show", id, "--json")).stdout);
    expect(shown.pareto.data.title).toBe("By priority");
  });
});
