/**
 * `opsloop simulate` in-process through commander, and POST /api/twin/simulate on a small Fastify
 * app with the zod type provider, as the server builds it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommanderError } from "commander";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProgram } from "../src/cli/program.js";
import { buildSimulateCommand } from "../src/cli/simulate.command.js";
import { toAppError } from "../src/core/index.js";
import type { Api } from "../src/server/api.js";
import { registerTwinRoutes } from "../src/server/routes/twin.routes.js";
import type { Workspace } from "../src/workspace/index.js";

const dir = mkdtempSync(join(tmpdir(), "opsloop-simulate-"));
const COFFEE = `name: coffee-counter
timeUnit: minute
arrivals: { interarrival: { dist: exponential, mean: 0.41667 } }
resources: { baristas: { capacity: 3 } }
activities:
  - { name: serve, resource: baristas, duration: { dist: exponential, mean: 1 } }
flow: [serve]
`;
writeFileSync(join(dir, "coffee.yaml"), COFFEE);
writeFileSync(
  join(dir, "fourth.yaml"),
  `name: fourth-barista
description: A fourth barista
changes:
  - capacity: { pool: baristas, add: 1 }
`,
);
writeFileSync(join(dir, "bad.yaml"), COFFEE.replace("flow: [serve]", "flow: [serv]"));

async function simulate(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const io = {
    stdout: (t: string) => {
      stdout += t;
    },
    stderr: () => {},
    isTTY: false,
    cwd: dir,
  };
  const { program, context } = buildProgram(io);
  if (!program.commands.some((c) => c.name() === "simulate")) buildSimulateCommand(program, context);
  program.exitOverride();
  let code = 0;
  try {
    await program.parseAsync(args, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) code = 2;
    else {
      const appError = toAppError(error);
      stdout += appError.message;
      code = appError.exitCode;
    }
  }
  return { code, stdout };
}

describe("opsloop simulate", () => {
  it("prints the report in the issue's JSON shape, with a scenario compared with the baseline", async () => {
    const out = await simulate([
      "--json",
      "simulate",
      "coffee.yaml",
      "--scenario",
      "fourth.yaml",
      "--cases",
      "5000",
      "--replications",
      "4",
      "--seed",
      "3",
      "--log",
      "sim.csv",
    ]);
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.scenarios.map((s: { name: string }) => s.name)).toEqual(["baseline", "fourth-barista"]);
    const base = report.scenarios[0];
    for (const key of ["cycleTime", "waitingTime", "processingTime"]) {
      expect(Object.keys(base[key]).sort()).toEqual(["ci95", "mean", "p50", "p90"]);
    }
    expect(base.utilization.baristas.mean).toBeGreaterThan(0.7);
    expect(base.activities[0].name).toBe("serve");
    const wait = report.comparisons.find((c: { metric: string }) => c.metric === "waitingTime");
    expect(wait).toMatchObject({ scenario: "fourth-barista", vs: "baseline" });
    expect(wait.ci95[1]).toBeLessThan(0);
    expect(report.scenarios[1].verdict).toMatch(/^A fourth barista cuts the mean wait before serve by/);
    expect(report.eventsSimulated).toBeGreaterThan(0);
    expect(report.eventsPerSecond).toBeGreaterThan(0);
    const csv = readFileSync(join(dir, "sim.csv"), "utf8").split("\n");
    expect(csv[0]).toBe("case_id,activity,resource,start_timestamp,end_timestamp");
    expect(csv[1]).toMatch(/^case-1,serve,baristas,2024-01-01T00:/);
  });

  it("prints a readable report without --json", async () => {
    const out = await simulate(["simulate", "coffee.yaml", "--cases", "2000", "--replications", "2"]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/== baseline/);
    expect(out.stdout).toMatch(/utilisation\s+baristas/);
  });

  it("names the file, line and field of a model mistake and exits 1", async () => {
    const out = await simulate(["simulate", "bad.yaml"]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/bad\.yaml:7:\d+: .*"serv" is not an activity.*did you mean "serve"/);
  });
});

describe("POST /api/twin/simulate", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler((error: FastifyError, _request, reply) => {
      if (hasZodFastifySchemaValidationErrors(error))
        return reply
          .status(400)
          .send({ error: { code: "INVALID_REQUEST", message: error.message, details: {} } });
      const appError = toAppError(error);
      return reply.status(appError.httpStatus).send({ error: appError.toJSON() });
    });
    await app.register(
      async (api) => registerTwinRoutes(api.withTypeProvider<ZodTypeProvider>() as Api, {} as Workspace),
      { prefix: "/api" },
    );
  });
  afterAll(async () => {
    await app?.close();
  });
  const post = (payload: unknown) =>
    app.inject({ method: "POST", url: "/api/twin/simulate", payload: payload as object });

  it("simulates a model given as YAML text with scenarios given as objects", async () => {
    const res = await post({
      model: COFFEE,
      scenarios: [{ name: "fourth", changes: [{ capacity: { pool: "baristas", add: 1 } }] }],
      cases: 3000,
      replications: 3,
      seed: 1,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.scenarios).toHaveLength(2);
    expect(body.comparisons.length).toBeGreaterThan(0);
  });

  it("refuses requests over the limits so one request cannot hang the server", async () => {
    expect((await post({ model: COFFEE, cases: 3_000_000 })).statusCode).toBe(400);
    expect((await post({ model: COFFEE, replications: 101 })).statusCode).toBe(400);
    expect((await post({ model: COFFEE, cases: 2_000_000, replications: 20 })).statusCode).toBe(400);
  });

  it("answers 422 naming the field of a bad model", async () => {
    const res = await post({ model: { name: "x", arrivals: {}, activities: [{ name: "a" }], flow: ["b"] } });
    expect(res.statusCode).toBe(422);
    expect(JSON.stringify(res.json())).toMatch(/arrivals/);
  });
});
