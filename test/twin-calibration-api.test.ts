import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoWorkspace } from "../src/demo-workspace/index.js";
import { buildServer } from "../src/server/index.js";
import { Workspace } from "../src/workspace/index.js";

describe("calibrating the demo's twin through the API", () => {
  let workspace: Workspace;
  let app: FastifyInstance;

  beforeAll(async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "opsloop-twin-api-")), "demo");
    await createDemoWorkspace(dir, { seed: 2, scale: 0.1 });
    workspace = await Workspace.open(dir);
    app = await buildServer(workspace, { webDir: "/nonexistent" });
  }, 180_000);

  afterAll(async () => {
    await app.close();
    workspace.close();
  });

  it("builds a model of the order log and measures it against the log", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/logs/order-fulfilment/twin",
      payload: { replications: 2 },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const names = (body.model.activities as { name: string }[]).map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(["Bake", "Quality check", "Pack"]));
    expect(body.yaml).toContain("activities:");
    expect(body.validation.replications).toBe(2);
    for (const value of Object.values(body.validation.distances)) expect(Number.isFinite(value)).toBe(true);
    expect(body.validation.distances.nGramDistance).toBeLessThan(0.5);
  }, 120_000);

  it("refuses an unknown log and a bad request", async () => {
    expect((await app.inject({ method: "POST", url: "/api/logs/nope/twin", payload: {} })).statusCode).toBe(
      404,
    );
    const bad = await app.inject({
      method: "POST",
      url: "/api/logs/order-fulfilment/twin",
      payload: { replications: 500 },
    });
    expect(bad.statusCode).toBe(400);
  });
});
