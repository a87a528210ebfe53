/**
 * Process mining through the CLI (on files and workspace logs) and the HTTP API, with the bad
 * inputs a user can give.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoWorkspace } from "../src/demo-workspace/index.js";
import { buildServer } from "../src/server/index.js";
import { Workspace } from "../src/workspace/index.js";
import { runOpsloop } from "./helpers/cli.js";
import { sharedData } from "./helpers/shared-data.js";

const RUNNING = sharedData("eventlogs/running-example.xes");

async function json(
  args: string[],
): Promise<{ code: number | null; body: Record<string, unknown>; stderr: string }> {
  const run = await runOpsloop([...args, "--json"]);
  return { code: run.code, body: JSON.parse(run.stdout || "{}"), stderr: run.stderr };
}

describe("opsloop mine on a file", () => {
  const dir = mkdtempSync(join(tmpdir(), "opsloop-mine-cli-"));

  it("maps the running example: 16 edges, 36 in all, 6 variants", async () => {
    const dfg = await json(["mine", "dfg", RUNNING]);
    expect(dfg.code).toBe(0);
    const edges = dfg.body.edges as { from: string; to: string; count: number; medianSeconds: number }[];
    expect(edges).toHaveLength(16);
    expect(edges.reduce((s, e) => s + e.count, 0)).toBe(36);
    expect(dfg.body.start).toEqual({ "register request": 6 });
    const variants = await json(["mine", "variants", RUNNING]);
    expect((variants.body.variants as unknown[]).length).toBe(6);
  });

  it("discovers a model, writes PNML and BPMN, and replays the log on each with fitness 1", async () => {
    const pnml = join(dir, "model.pnml");
    const bpmn = join(dir, "model.bpmn");
    const found = await json([
      "mine",
      "discover",
      RUNNING,
      "--algorithm",
      "im",
      "--pnml",
      pnml,
      "--bpmn",
      bpmn,
    ]);
    expect(found.code).toBe(0);
    expect(found.body.tree).toContain("register request");
    expect(existsSync(pnml) && existsSync(bpmn)).toBe(true);
    expect(readFileSync(bpmn, "utf8")).toContain("bpmndi:BPMNShape");
    for (const model of [pnml, bpmn]) {
      const fit = await json(["mine", "conformance", RUNNING, "--model", model]);
      expect(fit.code).toBe(0);
      expect(fit.body.fitness).toBe(1);
      expect((fit.body.cases as unknown[]).length).toBe(6);
    }
  });

  it("filters: a time window and an attribute condition only take away", async () => {
    const all = await json(["mine", "summary", RUNNING]);
    const some = await json([
      "mine",
      "summary",
      RUNNING,
      "--where",
      "concept:name=reject request",
      "--to",
      "2011-01-05",
    ]);
    expect(some.code).toBe(0);
    expect(some.body.cases as number).toBeLessThan(all.body.cases as number);
  });

  it.each([
    [["mine", "dfg", "/no/such/log.xes"], 1, "FILE_NOT_FOUND", "does not exist"],
    [["mine", "dfg", RUNNING, "--where", "colour=red"], 2, "USAGE", "not a column"],
    [["mine", "dfg", RUNNING, "--where", "nonsense"], 2, "USAGE", "column=value"],
    [["mine", "dfg", RUNNING, "--from", "yesterday"], 2, "USAGE", "not a date"],
    [["mine", "dfg", RUNNING, "--paths", "150"], 2, "USAGE", "0 to 100"],
    [["mine", "discover", RUNNING, "--noise", "2"], 2, "USAGE", "--noise"],
    [["mine", "root-cause", RUNNING, "--slow", "p200"], 2, "USAGE", "percentile"],
    [["mine", "bottlenecks", RUNNING, "--by", "month"], 2, "USAGE", "weekday"],
    [["mine", "handover", RUNNING, "--by", "role"], 2, "USAGE", "no role column"],
  ])("%j fails with exit %i and %s", async (args, exit, code, words) => {
    const run = await json(args as string[]);
    expect(run.code).toBe(exit);
    const error = run.body.error as { code: string; message: string };
    expect(error.code).toBe(code);
    expect(error.message).toContain(words);
  });

  it("refuses a model that is neither PNML nor BPMN, naming the file", async () => {
    const bad = join(dir, "notes.txt");
    writeFileSync(bad, "just some notes\n");
    const run = await json(["mine", "conformance", RUNNING, "--model", bad]);
    expect(run.code).toBe(1);
    expect((run.body.error as { message: string }).message).toContain("notes.txt");
  });

  it("asks which columns make the log when a CSV has no mapping", async () => {
    const csv = join(dir, "events.csv");
    writeFileSync(csv, "order,step,at\n1,a,2025-01-01T10:00:00Z\n1,b,2025-01-01T11:00:00Z\n");
    const run = await json(["mine", "dfg", csv]);
    expect(run.code).toBe(2);
    expect((run.body.error as { message: string }).message).toContain("--case COLUMN");
    const ok = await json(["mine", "dfg", csv, "--case", "order", "--activity", "step", "--timestamp", "at"]);
    expect(ok.code).toBe(0);
    expect(ok.body.edges).toEqual([
      expect.objectContaining({ from: "a", to: "b", count: 1, medianSeconds: 3600 }),
    ]);
  });
});

describe("mining through the HTTP API on the demo", () => {
  let workspace: Workspace;
  let app: FastifyInstance;
  const base = "/api/logs/order-fulfilment";

  beforeAll(async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "opsloop-mine-api-")), "demo");
    await createDemoWorkspace(dir, { seed: 3, scale: 0.2 });
    workspace = await Workspace.open(dir);
    app = await buildServer(workspace, { webDir: "/nonexistent" });
  }, 180_000);

  afterAll(async () => {
    await app.close();
    workspace.close();
  });

  it("serves every view of the order log", async () => {
    for (const path of [
      "summary",
      "dfg?paths=50",
      "variants?limit=5",
      "bottlenecks?by=weekday,hour",
      "rework",
      "handover?by=role",
      "value-stream",
      "root-cause?slow=p80",
      "discover?algorithm=imf&noise=0.2",
    ]) {
      const response = await app.inject(`${base}/mine/${path}`);
      expect(response.statusCode, path).toBe(200);
    }
    const edge = await app.inject(`${base}/mine/edge?edgeFrom=Payment%20received&edgeTo=Bake`);
    expect(edge.statusCode).toBe(200);
    expect(edge.json().histogram.length).toBeGreaterThan(0);
  });

  it("filters by query: a channel and a time window shrink the log", async () => {
    const all = (await app.inject(`${base}/mine/summary`)).json();
    const web = (
      await app.inject(`${base}/mine/summary?where=channel%3Dweb&from=2025-01-01&to=2025-06-30`)
    ).json();
    expect(web.cases).toBeGreaterThan(0);
    expect(web.cases).toBeLessThan(all.cases);
  });

  it("replays the log on a posted model, and rejects bad requests with the field named", async () => {
    const model = (await app.inject(`${base}/mine/discover?algorithm=imf`)).json();
    const fit = await app.inject({
      method: "POST",
      url: `${base}/mine/conformance`,
      payload: { model: model.bpmn },
    });
    expect(fit.statusCode).toBe(200);
    expect(fit.json().fitness).toBeGreaterThan(0.9);
    const garbage = await app.inject({
      method: "POST",
      url: `${base}/mine/conformance`,
      payload: { model: "<x/>" },
    });
    expect(garbage.statusCode).toBe(415);
    const wrongBody = await app.inject({
      method: "POST",
      url: `${base}/mine/conformance`,
      payload: { modle: "x" },
    });
    expect(wrongBody.statusCode).toBe(400);
    const badQuery = await app.inject(`${base}/mine/dfg?paths=abc`);
    expect(badQuery.statusCode).toBe(400);
    const unknown = await app.inject("/api/logs/nope/mine/dfg");
    expect(unknown.statusCode).toBe(404);
  });

  it("saves value-adding activities to opsloop.yaml", async () => {
    const put = await app.inject({
      method: "PUT",
      url: `${base}/value-adding`,
      payload: { activities: ["Bake", "Pack"] },
    });
    expect(put.statusCode).toBe(200);
    const stream = (await app.inject(`${base}/mine/value-stream`)).json();
    expect(stream.valueAdding.sort()).toEqual(["Bake", "Pack"]);
  });
});
