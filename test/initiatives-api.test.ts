/**
 * Initiatives over real HTTP and through the CLI: the cycle from idea to verified result, the stage
 * rules' messages, the X-Actor header, and two people saving the same version at the same moment —
 * exactly one wins, the other gets 409 with the current record, and nothing is lost.
 */
import { CommanderError } from "commander";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProgram } from "../src/cli/program.js";
import { defaultEffects, type Effects, fixedClock, toAppError } from "../src/core/index.js";
import { bakeryWorkspace } from "../src/improve/initiatives.fixture.js";
import { buildServer } from "../src/server/index.js";
import type { Workspace } from "../src/workspace/index.js";

const effects: Effects = { ...defaultEffects, clock: fixedClock("2026-04-27T08:00:00Z") };

let workspace: Workspace;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  workspace = await bakeryWorkspace();
  app = await buildServer(workspace, { webDir: "/nonexistent", effects });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
});

afterAll(async () => {
  await app.close();
  workspace.close();
});

/** A parsed JSON reply, read by the assertions. */
type Json = ReturnType<typeof JSON.parse>;

interface Reply {
  status: number;
  body: Json;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  actor: string | null = "Sanne",
): Promise<Reply> {
  const response = await fetch(`${base}/api${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(actor ? { "x-actor": actor } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

describe("initiatives over HTTP", () => {
  it("runs the cycle from idea to verified result, each change by its author", async () => {
    const missing = await call("POST", "/initiatives", { title: "Early opening" }, null);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/X-Actor header/);

    const created = await call("POST", "/initiatives", {
      title: "Open shop 1 at 7:00",
      kpis: ["revenue"],
      owner: "Sanne",
      area: "shops",
      problem: "Commuters pass before we open",
      start: "2026-03-02",
      costs: { oneOff: 500, running: 300 },
      value: { perUnit: 0.3 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.initiative.id as string;
    expect(created.body.initiative).toMatchObject({
      version: 1,
      createdBy: "Sanne",
      data: { stage: "plan" },
    });
    expect(created.body.initiative.data.baseline).toMatchObject({ kpi: "revenue", periods: 56 });

    const typed = await call("POST", "/initiatives", { title: "x", result: { change: 5 } });
    expect(typed.status).toBe(400);
    expect(typed.body.error.message).toMatch(/a result is never typed in/);

    const evidence = await call(
      "POST",
      `/initiatives/${id}/evidence`,
      { version: 1, evidence: { kind: "pilot", ref: "early-opening" } },
      "Joost",
    );
    expect(evidence.status).toBe(201);

    const jump = await call("POST", `/initiatives/${id}/stage`, { version: 2, to: "check" }, "Joost");
    expect(jump.status).toBe(400);
    expect(jump.body.error).toMatchObject({ code: "USAGE", details: { rule: "one-step-forward" } });
    expect(jump.body.error.message).toMatch(/forward one step at a time/);

    expect((await call("POST", `/initiatives/${id}/stage`, { version: 2, to: "next" }, "Joost")).status).toBe(
      200,
    );
    const early = await call("POST", `/initiatives/${id}/stage`, { version: 3, to: "next" }, "Joost");
    expect(early.body.error.details.rule).toBe("measure-before-check");

    const measured = await call("POST", `/initiatives/${id}/result`, {
      version: 3,
      source: { kind: "pilot", pilot: "early-opening" },
    });
    expect(measured.status, JSON.stringify(measured.body)).toBe(200);
    expect(measured.body.initiative.data.result).toMatchObject({
      significant: true,
      better: true,
      grain: "day",
    });
    expect(measured.body.roi.benefit).toBeGreaterThan(0);
    expect(measured.body.roi.cost).toBe(500 + 300 * 12);

    expect((await call("POST", `/initiatives/${id}/stage`, { version: 4, to: "check" })).status).toBe(200);
    const closed = await call("POST", `/initiatives/${id}/close`, {
      version: 5,
      outcome: "verified",
      learnings: "Commuters buy coffee and a roll.",
    });
    expect(closed.status).toBe(200);
    expect(closed.body.initiative.data).toMatchObject({
      outcome: "verified",
      closedAt: "2026-04-27T08:00:00.000Z",
    });

    const shown = await call("GET", `/initiatives/${id}`);
    expect(shown.body.roi.roi).not.toBeNull();
    expect(shown.body.history.map((h: { action: string; actor: string }) => [h.action, h.actor])).toEqual([
      ["created", "Sanne"],
      ["evidence added", "Joost"],
      ["stage", "Joost"],
      ["result", "Sanne"],
      ["stage", "Sanne"],
      ["closed", "Sanne"],
    ]);
    for (const h of shown.body.history.slice(1)) expect(h.at).toBe("2026-04-27T08:00:00.000Z");

    const removed = await call("DELETE", `/initiatives/${id}/evidence/0?version=6`);
    expect(removed.body.initiative.data.evidence).toEqual([]);

    const journal = await call("GET", "/journal?text=COMMUTERS");
    expect(journal.body.entries.map((e: { id: string }) => e.id)).toEqual([id]);
    const board = await call("GET", "/improvements/board?owner=Sanne");
    expect(board.body.closed[0].initiatives.map((c: { id: string }) => c.id)).toEqual([id]);
    const metrics = await call("GET", "/improvements/metrics");
    expect(metrics.body).toMatchObject({ verifiedShare: 1, verifiedRoi: { initiatives: [id] } });
    expect((await call("GET", `/initiatives/${id}/history`)).body.history).toHaveLength(7);
    expect((await call("GET", "/initiatives?area=shops")).body.initiatives).toHaveLength(1);
  });

  it("lets exactly one of two simultaneous saves of the same version win, and loses nothing", async () => {
    for (let round = 0; round < 5; round++) {
      const created = await call("POST", "/initiatives", { title: `Race ${round}`, owner: "nobody" });
      const id = created.body.initiative.id as string;
      const [a, b] = await Promise.all([
        call("PATCH", `/initiatives/${id}`, { version: 1, changes: { owner: "Ann", goal: "A" } }, "Ann"),
        call("PATCH", `/initiatives/${id}`, { version: 1, changes: { owner: "Bea", area: "B" } }, "Bea"),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const [won, lost] = a.status === 200 ? [a, b] : [b, a];
      const winner = won.body.initiative.data.owner as string;
      expect(lost.body.error.code).toBe("CONFLICT");
      expect(lost.body.error.message).toMatch(new RegExp(`was changed by ${winner}`));
      expect(lost.body.error.details.current).toMatchObject({
        id,
        version: 2,
        updatedBy: winner,
        data: { owner: winner },
      });

      const now = await call("GET", `/initiatives/${id}`);
      expect(now.body.initiative).toMatchObject({ version: 2, data: { owner: winner } });
      expect(now.body.initiative.data.goal).toBe(winner === "Ann" ? "A" : "");
      expect(now.body.initiative.data.area).toBe(winner === "Bea" ? "B" : "");
      const entries = now.body.history.filter((h: { version: number }) => h.version === 2);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actor: winner, action: "updated" });
      expect(entries[0].changes).toContainEqual({ field: "owner", before: "nobody", after: winner });
      expect(now.body.history).toHaveLength(2);
    }
  });

  it("refuses stage and result in a patch, bad bodies and unknown ids", async () => {
    const created = await call("POST", "/initiatives", { title: "Patch" });
    const id = created.body.initiative.id as string;
    const stage = await call("PATCH", `/initiatives/${id}`, { version: 1, changes: { stage: "act" } });
    expect(stage.status).toBe(400);
    expect(stage.body.error.message).toMatch(/the stage moves one step at a time/);
    const bad = await call("PATCH", `/initiatives/${id}`, { changes: { owner: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("INVALID_REQUEST");
    expect((await call("GET", "/initiatives/I-999")).status).toBe(404);
    const close = await call("POST", `/initiatives/${id}/close`, { version: 1, outcome: "abandoned" });
    expect(close.body.error.message).toMatch(/Outcome abandoned needs learnings/);
  });
});

let cliDir: string;

/** Runs `opsloop …` in-process, with the exit codes the CLI gives. */
async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const io = {
    stdout: (t: string) => {
      stdout += t;
    },
    stderr: (t: string) => {
      stdout += t;
    },
    isTTY: false,
    cwd: cliDir,
  };
  const { program } = buildProgram(io);
  program.exitOverride();
  let code = 0;
  try {
    await program.parseAsync(["-w", cliDir, ...args], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) code = 2;
    else {
      const appError = toAppError(error);
      stdout += JSON.stringify({ error: appError.toJSON() });
      code = appError.exitCode;
    }
  }
  return { code, stdout };
}

describe("initiatives through the CLI", () => {
  beforeAll(async () => {
    // A workspace of its own: each CLI run opens it, as a user's would.
    const own = await bakeryWorkspace();
    cliDir = own.dir;
    own.close();
  });

  it("creates, updates at a version, refuses a stale one, measures before and after, and finds it in the journal", async () => {
    const created = await cli([
      "initiative",
      "create",
      "--title",
      "Faster till",
      "--kpi",
      "revenue",
      "--start",
      "2026-03-02",
      "--value-per-unit",
      "0.3",
      "--actor",
      "Mila",
      "--json",
    ]);
    expect(created.code, created.stdout).toBe(0);
    const id = JSON.parse(created.stdout).initiative.id as string;
    const updated = await cli([
      "initiative",
      "update",
      id,
      "--version=1",
      "--one-off-cost",
      "250",
      "--actor",
      "Mila",
      "--json",
    ]);
    expect(updated.code, updated.stdout).toBe(0);
    expect(JSON.parse(updated.stdout).initiative.data).toMatchObject({
      costs: { oneOff: 250, running: 0 },
      value: { perUnit: 0.3 },
    });
    const stale = await cli([
      "initiative",
      "update",
      id,
      "--version=1",
      "--owner",
      "Joost",
      "--actor",
      "Joost",
    ]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/"code":"CONFLICT"/);
    expect((await cli(["initiative", "stage", id, "next", "-v", "2", "--actor", "Mila"])).code).toBe(0);
    const result = await cli([
      "initiative",
      "result",
      id,
      "--version=3",
      "--kpi",
      "revenue",
      "--before",
      "2026-02-02:2026-03-01",
      "--after",
      "2026-03-02:2026-03-29",
      "--actor",
      "Mila",
    ]);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/Revenue per day (rose|fell) from .* after the change/);
    expect(result.stdout).toMatch(/Without a control group/);
    const closed = await cli([
      "initiative",
      "close",
      id,
      "--version=4",
      "--outcome",
      "not-verified",
      "--learnings",
      "The till was not the queue's cause",
      "--actor",
      "Mila",
    ]);
    expect(closed.code, closed.stdout).toBe(0);
    const journal = await cli(["journal", "--text", "queue", "--json"]);
    expect(JSON.parse(journal.stdout).entries.map((e: { id: string }) => e.id)).toEqual([id]);
    const history = await cli(["initiative", "history", id]);
    expect(history.stdout).toMatch(/1\s+\S+\s+Mila\s+created\s+\(new\)/);
    expect(history.stdout).toMatch(/5\s+\S+\s+Mila\s+closed\s+outcome, learnings, closedAt/);
    const shown = await cli(["initiative", "show", id]);
    expect(shown.stdout).toMatch(new RegExp(`^${id}  Faster till  \\(version 5\\)`));
    expect((await cli(["initiative", "metrics"])).stdout).toMatch(/Learning rate:/);
    expect((await cli(["initiative", "board"])).stdout).toMatch(/not-verified \(1\)/);
  });
});
