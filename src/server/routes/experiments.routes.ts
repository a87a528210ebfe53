import { z } from "zod";
import { AppError, type Effects } from "../../core/index.js";
import {
  type AnalysisSettings,
  analysisSettingsSchema,
  analyzeExperiment,
  analyzeWorkspaceExperiment,
  analyzeWorkspacePilot,
  detectMetricType,
  experimentSchema,
  findExperiment,
  findPilot,
  pilotSchema,
  removeExperiment,
  removePilot,
  saveExperiment,
  savePilot,
  settingsWith,
} from "../../experiments/index.js";
import { planExperiment } from "../../experiments/stats/power.js";
import type { Workspace } from "../../workspace/index.js";
import type { Api } from "../api.js";

const nameParams = z.object({ name: z.string().min(1).max(63) });
const flag = z.enum(["true", "false"]).transform((v) => v === "true");

/** Analysis settings that a query string may override. */
const settingsQuery = z
  .object({
    engine: z.enum(["frequentist", "bayesian"]).optional(),
    difference: z.enum(["relative", "absolute"]).optional(),
    alpha: z.coerce.number().gt(0).lt(0.5).optional(),
    sides: z.enum(["two-sided", "greater", "less"]).optional(),
    sequential: flag.optional(),
    sequentialTuning: z.coerce.number().positive().optional(),
    correction: z.enum(["none", "holm-bonferroni", "benjamini-hochberg"]).optional(),
    cuped: flag.optional(),
    priorMean: z.coerce.number().optional(),
    priorVariance: z.coerce.number().positive().optional(),
  })
  .strict();

function overrides(query: z.infer<typeof settingsQuery>): Partial<AnalysisSettings> {
  const { priorMean, priorVariance, ...rest } = query;
  const defined: Partial<AnalysisSettings> = Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== undefined),
  );
  if (priorMean !== undefined || priorVariance !== undefined) {
    defined.prior = { mean: priorMean ?? 0, variance: priorVariance ?? 0.3 };
  }
  return defined;
}

const armBody = z
  .object({
    variant: z.string().min(1).max(100),
    users: z.number().int().min(0),
    sum: z.number(),
    sumSquares: z.number().min(0),
    weight: z.number().positive().optional(),
    denominatorSum: z.number().optional(),
    denominatorSumSquares: z.number().min(0).optional(),
    productSum: z.number().optional(),
    preSum: z.number().optional(),
    preSumSquares: z.number().min(0).optional(),
    prePostSumProduct: z.number().optional(),
  })
  .strict();

const summaryBody = z
  .object({
    metric: z.string().min(1).max(100).default("metric"),
    type: z.enum(["proportion", "mean", "ratio"]).optional(),
    better: z.enum(["higher", "lower"]).default("higher"),
    arms: z.array(armBody).min(2, "needs the control and at least one variant").max(20),
    settings: analysisSettingsSchema.partial().default({}),
    running: z.boolean().default(false),
  })
  .strict();

const planBody = z
  .object({
    metric: z.enum(["proportion", "mean"]).default("proportion"),
    baseline: z.number(),
    standardDeviation: z.number().positive().optional(),
    mde: z.number(),
    power: z.number().optional(),
    alpha: z.number().optional(),
    variants: z.number().int().min(2).max(20).optional(),
    trafficPerDay: z.number().positive().optional(),
    sequential: z.boolean().optional(),
    sequentialTuning: z.number().positive().optional(),
    users: z.number().int().min(2).optional(),
  })
  .strict();

const pilotBody = pilotSchema;

/** Experiments and pilots over HTTP: the same JSON as `opsloop experiment …` and `opsloop pilot … --json`. */
export function registerExperimentRoutes(api: Api, workspace: Workspace, effects: Effects): void {
  const tags = ["experiments"];

  api.get(
    "/experiments",
    { schema: { tags, summary: "Experiments with their headline result" } },
    async () => ({
      experiments: await Promise.all(
        workspace.config.experiments.map(async (definition) => {
          try {
            const r = await analyzeWorkspaceExperiment(workspace, definition.name, {}, effects.clock);
            const primary = r.comparisons.find((c) => c.role === "primary") ?? r.comparisons[0];
            return {
              definition,
              decision: r.recommendation.decision,
              primary: primary ?? null,
              srmOk: r.srm.ok,
              error: null,
            };
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            return { definition, decision: null, primary: null, srmOk: null, error: message };
          }
        }),
      ),
    }),
  );

  api.post(
    "/experiments",
    {
      schema: { tags, summary: "Add an experiment (409 when the name is taken)", body: experimentSchema },
    },
    async (request, reply) => {
      const experiment = await saveExperiment(workspace, request.body, { replace: false });
      return reply.status(201).send({ experiment });
    },
  );

  api.get(
    "/experiments/:name",
    { schema: { tags, summary: "An experiment's definition", params: nameParams } },
    async (request) => ({ experiment: findExperiment(workspace, request.params.name) }),
  );

  api.put(
    "/experiments/:name",
    {
      schema: {
        tags,
        summary: "Replace an experiment's definition",
        params: nameParams,
        body: experimentSchema,
      },
    },
    async (request) => {
      if (request.body.name !== request.params.name) {
        throw new AppError(
          "USAGE",
          `The body's name "${request.body.name}" differs from the path's "${request.params.name}".`,
        );
      }
      return { experiment: await saveExperiment(workspace, request.body) };
    },
  );

  api.delete(
    "/experiments/:name",
    { schema: { tags, summary: "Remove an experiment", params: nameParams } },
    async (request, reply) => {
      removeExperiment(workspace, request.params.name);
      return reply.status(204).send(null);
    },
  );

  api.get(
    "/experiments/:name/results",
    {
      schema: {
        tags,
        summary:
          "Did it work? Lift, interval, p-value, chance to win, risk, SRM check and the plain-language result",
        params: nameParams,
        querystring: settingsQuery,
      },
    },
    async (request) =>
      analyzeWorkspaceExperiment(workspace, request.params.name, overrides(request.query), effects.clock),
  );

  api.post(
    "/experiments/analyze",
    {
      schema: {
        tags,
        summary: "Analyse summary statistics (units, sum, sum of squares per variant; control first)",
        body: summaryBody,
      },
    },
    async (request) => {
      const b = request.body;
      const arms = b.arms.map(({ variant: _v, weight: _w, users, ...sums }) => ({ n: users, ...sums }));
      return analyzeExperiment({
        experiment: null,
        variants: b.arms.map((a) => ({ name: a.variant, weight: a.weight ?? 1 })),
        units: b.arms.map((a) => a.users),
        metrics: [
          {
            name: b.metric,
            label: b.metric,
            role: "primary",
            type:
              b.type ??
              detectMetricType(
                arms,
                arms.every((a) => a.denominatorSum !== undefined),
              ),
            better: b.better,
            arms,
          },
        ],
        settings: settingsWith(analysisSettingsSchema.parse({}), b.settings),
        running: b.running,
      });
    },
  );

  api.post(
    "/experiments/plan",
    {
      schema: {
        tags,
        summary: "Users and days needed to find an effect; the effect a size can find",
        body: planBody,
      },
    },
    async (request) => planExperiment(request.body),
  );

  api.get("/pilots", { schema: { tags, summary: "Pilots defined in opsloop.yaml" } }, async () => ({
    pilots: workspace.config.pilots,
  }));

  api.get(
    "/pilots/:name",
    { schema: { tags, summary: "A pilot's definition", params: nameParams } },
    async (request) => ({ pilot: findPilot(workspace, request.params.name) }),
  );

  api.put(
    "/pilots/:name",
    { schema: { tags, summary: "Add or replace a pilot", params: nameParams, body: pilotBody } },
    async (request) => {
      if (request.body.name !== request.params.name) {
        throw new AppError(
          "USAGE",
          `The body's name "${request.body.name}" differs from the path's "${request.params.name}".`,
        );
      }
      await analyzeWorkspacePilot(workspace, request.body);
      return { pilot: savePilot(workspace, request.body) };
    },
  );

  api.delete(
    "/pilots/:name",
    { schema: { tags, summary: "Remove a pilot", params: nameParams } },
    async (request, reply) => {
      removePilot(workspace, request.params.name);
      return reply.status(204).send(null);
    },
  );

  api.get(
    "/pilots/:name/results",
    {
      schema: {
        tags,
        summary:
          "Difference in differences, synthetic control with placebo tests, pre-trend check and warnings",
        params: nameParams,
      },
    },
    async (request) => analyzeWorkspacePilot(workspace, request.params.name),
  );

  api.post(
    "/pilots/analyze",
    {
      schema: {
        tags,
        summary: "Analyse a pilot given in full, without saving it",
        body: pilotBody,
      },
    },
    async (request) => analyzeWorkspacePilot(workspace, request.body),
  );
}
