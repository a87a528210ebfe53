import { z } from "zod";
import { AppError, type Effects } from "../../core/index.js";
import { forecastSeries } from "../../forecast/index.js";
import {
  completePoints,
  evaluateKpi,
  explainKpi,
  findKpi,
  GRAINS,
  goalSchema,
  KPI_TEMPLATES,
  kpiFromTemplate,
  kpiSchema,
  listSignals,
  monitorKpi,
  removeGoal,
  removeKpi,
  saveGoal,
  saveKpi,
  summarizeKpi,
  summarizeKpis,
} from "../../kpi/index.js";
import type { Workspace } from "../../workspace/index.js";
import type { Api } from "../api.js";
import { errorSchema } from "../schemas.js";

const nameParams = z.object({ name: z.string().min(1).max(63) });
const kpiParams = z.object({ kpi: z.string().min(1).max(63) });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");
const grain = z.enum(GRAINS);

const seriesQuery = z
  .object({
    from: date.optional(),
    to: date.optional(),
    grain: grain.optional(),
    by: z.string().min(1).max(200).optional(),
    filter: z.string().min(1).max(2000).optional(),
  })
  .strict();

const templateBody = z
  .object({
    template: z.string().min(1),
    dataset: z.string().min(1),
    time: z.string().min(1),
    map: z.record(z.string(), z.string().min(1)),
    name: z.string().min(1).optional(),
    label: z.string().min(1).optional(),
    grain: grain.optional(),
    dimensions: z.array(z.string().min(1)).optional(),
    filter: z.string().min(1).optional(),
  })
  .strict();

const goalBody = goalSchema.omit({ kpi: true });

export function registerKpiRoutes(api: Api, workspace: Workspace, effects: Effects): void {
  const clock = effects.clock;

  api.get(
    "/kpis",
    { schema: { summary: "KPIs with latest value, sparkline, goal status and latest signal" } },
    async () => ({
      kpis: await summarizeKpis(workspace, clock),
    }),
  );

  api.get(
    "/kpi-templates",
    { schema: { summary: "The KPI library: templates and the column roles they need" } },
    async () => ({ templates: KPI_TEMPLATES.map(({ measure: _m, filter: _f, ...t }) => t) }),
  );

  api.post(
    "/kpis",
    {
      schema: {
        summary: "Add or replace a KPI: a full definition, or a template with its roles mapped to columns",
        body: z.union([templateBody, kpiSchema]),
        response: { 201: z.object({ kpi: kpiSchema }), 400: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const definition =
        "template" in body && "map" in body
          ? kpiFromTemplate({
              ...(body as z.infer<typeof templateBody>),
              currency: workspace.config.business.currency,
            })
          : body;
      const kpi = await saveKpi(workspace, definition);
      return reply.status(201).send({ kpi });
    },
  );

  api.get(
    "/kpis/:name",
    {
      schema: {
        summary: "One KPI with latest value, sparkline, goal status and latest signal",
        params: nameParams,
      },
    },
    async (request) => ({
      kpi: await summarizeKpi(workspace, findKpi(workspace, request.params.name), clock),
    }),
  );

  api.delete(
    "/kpis/:name",
    {
      schema: {
        summary: "Remove a KPI and its goal",
        params: nameParams,
        response: { 204: z.null(), 404: errorSchema },
      },
    },
    async (request, reply) => {
      removeKpi(workspace, request.params.name);
      return reply.status(204).send(null);
    },
  );

  api.get(
    "/kpis/:name/series",
    {
      schema: {
        summary: "The KPI per period, optionally split by a dimension",
        params: nameParams,
        querystring: seriesQuery,
      },
    },
    async (request) =>
      evaluateKpi(
        workspace,
        findKpi(workspace, request.params.name),
        request.query as z.infer<typeof seriesQuery>,
      ),
  );

  api.get(
    "/kpis/:name/monitor",
    {
      schema: {
        summary: "Control chart of the KPI with the points that break the rules",
        params: nameParams,
        querystring: seriesQuery.extend({
          chart: z.enum(["xmr", "c"]).default("xmr"),
          rules: z.enum(["nelson", "western-electric", "none"]).default("nelson"),
          baseline: z.coerce.number().int().min(2).optional(),
        }),
      },
    },
    async (request) => {
      const { chart, rules, baseline, ...options } = request.query;
      const result = await monitorKpi(
        workspace,
        findKpi(workspace, request.params.name),
        {
          ...(options as z.infer<typeof seriesQuery>),
          chart,
          rules,
          ...(baseline ? { baselinePeriods: baseline } : {}),
        },
        clock,
      );
      const { result: _raw, ...out } = result;
      return out;
    },
  );

  api.get(
    "/kpis/:name/forecast",
    {
      schema: {
        summary: "Forecast of the KPI with 80% and 95% prediction intervals",
        params: nameParams,
        querystring: z
          .object({ horizon: z.coerce.number().int().min(1).max(1000).default(14), grain: grain.optional() })
          .strict(),
      },
    },
    async (request) => {
      const kpi = findKpi(workspace, request.params.name);
      const series = await evaluateKpi(
        workspace,
        kpi,
        request.query.grain ? { grain: request.query.grain } : {},
      );
      // The forecast starts after the last complete period.
      series.points = completePoints(series.points);
      if (series.points.length < 3)
        throw new AppError("USAGE", `KPI "${kpi.name}" has too few periods to forecast.`);
      const result = forecastSeries(
        {
          periods: series.points.map((p) => p.period),
          values: series.points.map((p) => p.value ?? 0),
          grain: series.grain,
        },
        { horizon: request.query.horizon, seed: 1 },
      );
      return { kpi: kpi.name, model: result.model, points: result.points };
    },
  );

  api.get(
    "/kpis/:name/explain",
    {
      schema: {
        summary: "Which segments drove the KPI's change from one period to another",
        params: nameParams,
        querystring: z
          .object({
            period: z.string().min(4).max(20),
            vs: z.string().min(4).max(20),
            by: z.string().max(500).optional(),
            grain: grain.optional(),
          })
          .strict(),
      },
    },
    async (request) => {
      const { period, vs, by, grain: g } = request.query;
      return explainKpi(workspace, findKpi(workspace, request.params.name), {
        period,
        vs,
        ...(by
          ? {
              by: by
                .split(",")
                .map((d) => d.trim())
                .filter(Boolean),
            }
          : {}),
        ...(g ? { grain: g } : {}),
      });
    },
  );

  api.get("/goals", { schema: { summary: "Goals with their status" } }, async () => {
    const summaries = await summarizeKpis(workspace, clock);
    return { goals: summaries.flatMap((k) => (k.goal ? [k.goal] : [])) };
  });

  api.put(
    "/goals/:kpi",
    { schema: { summary: "Set or replace the goal of a KPI", params: kpiParams, body: goalBody } },
    async (request) => ({
      goal: await saveGoal(workspace, { ...request.body, kpi: request.params.kpi }, clock),
    }),
  );

  api.delete(
    "/goals/:kpi",
    {
      schema: {
        summary: "Remove the goal of a KPI",
        params: kpiParams,
        response: { 204: z.null(), 404: errorSchema },
      },
    },
    async (request, reply) => {
      removeGoal(workspace, request.params.kpi);
      return reply.status(204).send(null);
    },
  );

  api.get(
    "/signals",
    {
      schema: {
        summary: "Control-chart signals stored as events",
        querystring: z.object({ kpi: z.string().max(63).optional() }).strict(),
      },
    },
    async (request) => ({ signals: await listSignals(workspace, request.query.kpi) }),
  );
}
