import { z } from "zod";
import { AppError } from "../../core/index.js";
import {
  LIMITS,
  parseModel,
  parseScenarios,
  type Scenario,
  simulateModel,
  type TwinModel,
  validateModel,
  validateScenarios,
} from "../../twin/index.js";
import type { Workspace } from "../../workspace/index.js";
import type { Api } from "../api.js";
import { errorSchema } from "../schemas.js";

const simulateBody = z.object({
  model: z
    .union([z.string().max(1_000_000), z.record(z.string(), z.unknown())])
    .describe("The model: an object, or its YAML/JSON text."),
  scenarios: z
    .union([z.string().max(1_000_000), z.array(z.unknown()).max(20)])
    .optional()
    .describe("Scenarios: a list, or a scenario file's YAML/JSON text."),
  cases: z.number().int().min(1).max(LIMITS.cases).optional(),
  warmup: z.number().int().min(0).max(LIMITS.cases).optional(),
  replications: z.number().int().min(1).max(LIMITS.replications).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
});

const stat = z.object({
  mean: z.number(),
  p50: z.number(),
  p90: z.number(),
  ci95: z.tuple([z.number(), z.number()]),
});
const estimate = z.object({ mean: z.number(), ci95: z.tuple([z.number(), z.number()]) });
const reportSchema = z.object({
  model: z.string(),
  timeUnit: z.string(),
  replications: z.number(),
  seed: z.number(),
  cases: z.number().nullable(),
  warmup: z.number(),
  scenarios: z.array(
    z.object({
      name: z.string(),
      description: z.string().optional(),
      verdict: z.string().optional(),
      cases: z.object({ counted: z.number(), completed: z.number(), unfinished: z.number() }),
      cycleTime: stat,
      waitingTime: stat,
      processingTime: stat,
      throughputPerHour: estimate,
      utilization: z.record(z.string(), estimate),
      cost: estimate.extend({ per: z.literal("case"), basis: z.enum(["available", "busy"]) }),
      activities: z.array(
        z.object({ name: z.string(), count: z.number(), waitingTime: stat, processingTime: stat }),
      ),
    }),
  ),
  comparisons: z.array(
    z.object({
      scenario: z.string(),
      vs: z.literal("baseline"),
      metric: z.string(),
      difference: z.number(),
      ci95: z.tuple([z.number(), z.number()]),
    }),
  ),
  eventsSimulated: z.number(),
  eventsPerSecond: z.number(),
});

/** The twin's routes (under /api): POST /api/twin/simulate runs a model and what-if scenarios. */
export function registerTwinRoutes(api: Api, _workspace: Workspace): void {
  api.post(
    "/twin/simulate",
    {
      schema: {
        tags: ["twin"],
        summary: "Simulate a twin model and compare scenarios with the baseline",
        body: simulateBody,
        response: { 200: reportSchema, 400: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const model: TwinModel =
        typeof body.model === "string" ? parseModel(body.model, "model") : validateModel(body.model, "model");
      const scenarios: Scenario[] =
        body.scenarios === undefined
          ? []
          : typeof body.scenarios === "string"
            ? parseScenarios(body.scenarios, "scenarios")
            : validateScenarios(body.scenarios, "scenarios");
      // The model's own run settings obey the same limits as the request's.
      const cases = Math.min(body.cases ?? model.run?.cases ?? 10_000, LIMITS.cases);
      const replications = Math.min(body.replications ?? model.run?.replications ?? 10, LIMITS.replications);
      const warmup = Math.min(body.warmup ?? model.run?.warmup ?? 0, LIMITS.cases);
      // One request simulates at most 20M cases in all (about 10 s), so it cannot hold the server.
      const total = (cases + warmup) * replications * (scenarios.length + 1);
      if (total > 20_000_000)
        throw new AppError(
          "USAGE",
          `This request would simulate ${total.toLocaleString("en")} cases; the server runs at most 20,000,000 per request.`,
          { fix: "lower cases, replications or the number of scenarios, or run `opsloop simulate`" },
        );
      const { report } = simulateModel(model, scenarios, {
        cases,
        warmup,
        replications,
        seed: body.seed,
        horizon: model.run?.horizon,
      });
      return report;
    },
  );
}
