import { z } from "zod";
import {
  findLogConfig,
  type MineFilterInput,
  type MineTarget,
  mineBottlenecks,
  mineConformance,
  mineDfg,
  mineDiscover,
  mineEdge,
  mineHandover,
  mineRework,
  mineRootCause,
  mineSummary,
  mineValueStream,
  mineVariants,
  parseDimensions,
  saveValueAdding,
} from "../../mining/index.js";

import { eventLogSchema, type Workspace } from "../../workspace/index.js";
import type { Api } from "../api.js";
import { errorSchema } from "../schemas.js";

const params = z.object({ name: z.string().min(1).max(63) });
const percent = z.coerce.number().min(0).max(100);
const flag = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .optional();

/** Filter parameters every mining route takes in its query. */
const filterQuery = z.object({
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  timeMode: z.enum(["intersecting", "contained", "started", "events"]).optional(),
  where: z
    .union([z.string().max(2000), z.array(z.string().max(2000)).max(20)])
    .optional()
    .describe("column=value, column=v1|v2 or column!=value; repeat for more conditions"),
  variants: percent.optional(),
  activities: percent.optional(),
  paths: percent.optional(),
  minActivityCount: z.coerce.number().int().min(0).optional(),
  minEdgeCount: z.coerce.number().int().min(0).optional(),
  mergeLifecycle: flag,
});

type FilterQuery = z.infer<typeof filterQuery>;

function filtersOf(query: FilterQuery): MineFilterInput {
  const { where, mergeLifecycle, ...rest } = query;
  const out: MineFilterInput = { where: where === undefined ? [] : Array.isArray(where) ? where : [where] };
  for (const [key, value] of Object.entries(rest))
    if (value !== undefined) Object.assign(out, { [key]: value });
  if (mergeLifecycle !== undefined) out.mergeLifecycle = mergeLifecycle;
  return out;
}

const seconds = z.number();
const durations = z.object({ meanSeconds: seconds, medianSeconds: seconds, totalSeconds: seconds });
const counts = z.record(z.string(), z.number());
const bin = z.object({ fromSeconds: seconds, toSeconds: seconds, count: z.number() });

const summarySchema = z.object({
  log: z.string(),
  events: z.number(),
  cases: z.number(),
  activities: z.number(),
  variants: z.number(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  start: counts,
  end: counts,
  caseDuration: z.object({
    meanSeconds: seconds,
    medianSeconds: seconds,
    p90Seconds: seconds,
    minSeconds: seconds,
    maxSeconds: seconds,
  }),
  histogram: z.array(bin),
  hasStartTimes: z.boolean(),
  hasResources: z.boolean(),
  hasRoles: z.boolean(),
  skippedRows: z.number(),
  attributes: z.array(z.string()),
});

const dfgSchema = z.object({
  events: z.number(),
  cases: z.number(),
  activities: z.array(
    z.object({
      name: z.string(),
      count: z.number(),
      cases: z.number(),
      meanProcessingSeconds: seconds.nullable(),
    }),
  ),
  edges: z.array(
    durations.extend({ from: z.string(), to: z.string(), count: z.number(), p90Seconds: seconds }),
  ),
  start: counts,
  end: counts,
  hidden: z.object({ activities: z.number(), edges: z.number() }),
});

const edgeSchema = durations.extend({
  from: z.string(),
  to: z.string(),
  count: z.number(),
  cases: z.number(),
  p90Seconds: seconds,
  histogram: z.array(bin),
  examples: z.array(z.object({ case: z.string(), fromTime: z.string(), toTime: z.string(), seconds })),
});

const variantsSchema = z.object({
  cases: z.number(),
  total: z.number(),
  variants: z.array(
    z.object({ activities: z.array(z.string()), cases: z.number(), share: z.number(), meanSeconds: seconds }),
  ),
});

const bottlenecksSchema = z.object({
  edges: z.array(durations.extend({ from: z.string(), to: z.string(), count: z.number() })),
  activities: z.array(
    z.object({ name: z.string(), count: z.number(), waiting: durations, processing: durations.nullable() }),
  ),
  segments: z
    .array(
      z.object({
        activity: z.string(),
        weekday: z.string().optional(),
        hour: z.number().optional(),
        count: z.number(),
        medianWaitingSeconds: seconds,
        meanWaitingSeconds: seconds,
        excessSeconds: seconds,
        rare: z.boolean(),
      }),
    )
    .nullable(),
  sentence: z.string(),
});

const reworkSchema = z.object({
  cases: z.number(),
  casesWithRework: z.number(),
  activities: z.array(
    z.object({
      name: z.string(),
      cases: z.number(),
      share: z.number(),
      extraOccurrences: z.number(),
      secondsLost: seconds,
    }),
  ),
  loops: z.array(z.object({ from: z.string(), to: z.string(), count: z.number(), cases: z.number() })),
});

const handoverSchema = z.object({
  by: z.enum(["resource", "role"]),
  nodes: z.array(z.object({ name: z.string(), events: z.number(), cases: z.number() })),
  edges: z.array(z.object({ from: z.string(), to: z.string(), count: z.number() })),
  articulationPoints: z.array(z.object({ name: z.string(), components: z.number() })),
  singlePerson: z.array(z.object({ activity: z.string(), resource: z.string(), events: z.number() })),
});

const streamFigures = z.object({
  cases: z.number(),
  leadSeconds: seconds,
  valueAddingSeconds: seconds,
  nonValueAddingSeconds: seconds,
  waitingSeconds: seconds,
  efficiency: z.number(),
});

const valueStreamSchema = z.object({
  valueAdding: z.array(z.string()),
  hasProcessingTimes: z.boolean(),
  overall: streamFigures,
  variants: z.array(streamFigures.extend({ activities: z.array(z.string()) })),
  activities: z.array(z.object({ name: z.string(), valueAdding: z.boolean(), processingSeconds: seconds })),
});

const rootCauseSchema = z.object({
  target: z.object({
    kind: z.enum(["slow", "outcome"]),
    description: z.string(),
    thresholdSeconds: seconds.nullable(),
    cases: z.number(),
    targetCases: z.number(),
    rate: z.number(),
  }),
  factors: z.array(
    z.object({
      attribute: z.string(),
      value: z.string(),
      cases: z.number(),
      targetCases: z.number(),
      rate: z.number(),
      otherRate: z.number(),
      lift: z.number(),
      liftLow: z.number(),
      liftHigh: z.number(),
      difference: z.number(),
      differenceLow: z.number(),
      differenceHigh: z.number(),
      sentence: z.string(),
    }),
  ),
});

const petriNetSchema = z.object({
  name: z.string(),
  places: z.array(z.object({ id: z.string(), name: z.string().optional() })),
  transitions: z.array(z.object({ id: z.string(), label: z.string().nullable() })),
  arcs: z.array(z.object({ source: z.string(), target: z.string(), weight: z.number().optional() })),
  initialMarking: counts,
  finalMarking: counts,
});

const discoverSchema = z.object({
  algorithm: z.enum(["im", "imf"]),
  noise: z.number(),
  pm4pyCounting: z.boolean().describe("Whether concurrency splits counted as PM4Py 2.7 does."),
  tree: z.string().describe("The process tree in PM4Py's notation."),
  petriNet: petriNetSchema,
  pnml: z.string(),
  bpmn: z.string(),
  seconds,
});

const conformanceSchema = z.object({
  fitness: z.number(),
  averageCaseFitness: z.number(),
  fittingCases: z.number(),
  caseCount: z.number(),
  cases: z.array(
    z.object({
      case: z.string(),
      fitness: z.number(),
      missing: z.number(),
      remaining: z.number(),
      consumed: z.number(),
      produced: z.number(),
      unexpected: z.array(z.string()),
      skipped: z.array(z.string()),
    }),
  ),
  deviations: z.array(
    z.object({ activity: z.string(), missing: z.number(), remaining: z.number(), notInModel: z.number() }),
  ),
  model: z.object({ places: z.number(), transitions: z.number(), silent: z.number() }),
});

const failures = { 400: errorSchema, 404: errorSchema, 415: errorSchema, 422: errorSchema };

export function registerMiningRoutes(api: Api, workspace: Workspace): void {
  const target = (name: string): MineTarget => ({ workspace, config: findLogConfig(workspace, name) });
  const tags = ["process mining"];

  api.get(
    "/logs/:name/mine/summary",
    {
      schema: {
        tags,
        summary: "Events, cases, variants, start and end activities and throughput times of a log",
        params,
        querystring: filterQuery,
        response: { 200: summarySchema, ...failures },
      },
    },
    async (request) => mineSummary(target(request.params.name), filtersOf(request.query)),
  );

  api.get(
    "/logs/:name/mine/dfg",
    {
      schema: {
        tags,
        summary: "The process map: directly-follows graph with counts and waiting times",
        params,
        querystring: filterQuery,
        response: { 200: dfgSchema, ...failures },
      },
    },
    async (request) => mineDfg(target(request.params.name), filtersOf(request.query)),
  );

  api.get(
    "/logs/:name/mine/edge",
    {
      schema: {
        tags,
        summary: "One edge of the process map: its waiting-time histogram and longest cases",
        params,
        querystring: filterQuery.extend({
          from: z.string().max(40).optional(),
          edgeFrom: z.string().min(1),
          edgeTo: z.string().min(1),
        }),
        response: { 200: edgeSchema, ...failures },
      },
    },
    async (request) => {
      const { edgeFrom, edgeTo, ...query } = request.query;
      return mineEdge(target(request.params.name), filtersOf(query), edgeFrom, edgeTo);
    },
  );

  api.get(
    "/logs/:name/mine/variants",
    {
      schema: {
        tags,
        summary: "Variants (distinct activity sequences), most frequent first",
        params,
        querystring: filterQuery.extend({ limit: z.coerce.number().int().min(1).max(100_000).default(100) }),
        response: { 200: variantsSchema, ...failures },
      },
    },
    async (request) => {
      const { limit, ...query } = request.query;
      return mineVariants(target(request.params.name), filtersOf(query), limit);
    },
  );

  api.get(
    "/logs/:name/mine/bottlenecks",
    {
      schema: {
        tags,
        summary: "Where cases wait: edges and activities by waiting time, optionally by weekday and hour",
        params,
        querystring: filterQuery.extend({ by: z.string().max(20).optional() }),
        response: { 200: bottlenecksSchema, ...failures },
      },
    },
    async (request) => {
      const { by, ...query } = request.query;
      return mineBottlenecks(target(request.params.name), filtersOf(query), parseDimensions(by));
    },
  );

  api.get(
    "/logs/:name/mine/rework",
    {
      schema: {
        tags,
        summary: "Activities repeated within cases, and the steps back that repeat them",
        params,
        querystring: filterQuery,
        response: { 200: reworkSchema, ...failures },
      },
    },
    async (request) => mineRework(target(request.params.name), filtersOf(request.query)),
  );

  api.get(
    "/logs/:name/mine/handover",
    {
      schema: {
        tags,
        summary: "Handover-of-work network between people or roles, with its weak points",
        params,
        querystring: filterQuery.extend({ by: z.enum(["resource", "role"]).default("resource") }),
        response: { 200: handoverSchema, ...failures },
      },
    },
    async (request) => {
      const { by, ...query } = request.query;
      return mineHandover(target(request.params.name), filtersOf(query), by);
    },
  );

  api.get(
    "/logs/:name/mine/value-stream",
    {
      schema: {
        tags,
        summary: "Value-adding, non-value-adding and waiting time per case and per variant",
        params,
        querystring: filterQuery,
        response: { 200: valueStreamSchema, ...failures },
      },
    },
    async (request) => mineValueStream(target(request.params.name), filtersOf(request.query)),
  );

  api.put(
    "/logs/:name/value-adding",
    {
      schema: {
        tags,
        summary: "Mark which activities of a log add value for the customer",
        params,
        body: z.object({ activities: z.array(z.string().min(1).max(500)).max(10_000) }).strict(),
        response: { 200: z.object({ log: eventLogSchema }), ...failures },
      },
    },
    async (request) => ({ log: saveValueAdding(workspace, request.params.name, request.body.activities) }),
  );

  api.get(
    "/logs/:name/mine/root-cause",
    {
      schema: {
        tags,
        summary: "Case attributes ranked by how strongly they go with slow (or failed) cases",
        params,
        querystring: filterQuery.extend({
          slow: z.string().max(10).optional().describe("percentile, e.g. p80"),
          outcome: z.string().max(2000).optional().describe("column=value marking a failed case"),
        }),
        response: { 200: rootCauseSchema, ...failures },
      },
    },
    async (request) => {
      const { slow, outcome, ...query } = request.query;
      return mineRootCause(target(request.params.name), filtersOf(query), {
        ...(slow ? { slow } : {}),
        ...(outcome ? { outcome } : {}),
      });
    },
  );

  api.get(
    "/logs/:name/mine/discover",
    {
      schema: {
        tags,
        summary: "Discover a process model with the Inductive Miner (IM or IMf)",
        params,
        querystring: filterQuery.extend({
          algorithm: z.enum(["im", "imf"]).default("imf"),
          noise: z.coerce.number().min(0).max(1).default(0.2),
          pm4pyCounting: flag.describe(
            "true to reproduce PM4Py 2.7's counting in concurrency splits, for side-by-side figures",
          ),
        }),
        response: { 200: discoverSchema, ...failures },
      },
    },
    async (request) => {
      const { algorithm, noise, pm4pyCounting, ...query } = request.query;
      return mineDiscover(target(request.params.name), filtersOf(query), {
        algorithm,
        noise,
        pm4pyCounting: pm4pyCounting ?? false,
      });
    },
  );

  api.post(
    "/logs/:name/mine/conformance",
    {
      bodyLimit: 32 << 20,
      schema: {
        tags,
        summary: "Token-based replay fitness of the log on a PNML or BPMN model",
        params,
        querystring: filterQuery.extend({ limit: z.coerce.number().int().min(1).max(100_000).default(200) }),
        body: z
          .object({
            model: z.string().min(1).describe("The PNML or BPMN 2.0 file's text"),
            fileName: z.string().max(200).optional(),
          })
          .strict(),
        response: { 200: conformanceSchema, ...failures },
      },
    },
    async (request) => {
      const { limit, ...query } = request.query;
      return mineConformance(
        target(request.params.name),
        filtersOf(query),
        { text: request.body.model, ...(request.body.fileName ? { fileName: request.body.fileName } : {}) },
        { limit },
      );
    },
  );
}
