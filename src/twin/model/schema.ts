/**
 * The twin's model file: arrivals, resource pools with shifts and costs, activities with duration
 * distributions, and the flow of a case through them. YAML or JSON; one zod schema feeds validation,
 * the exported JSON Schema and docs/twin-model.md.
 */
import { z } from "zod";
import { closest } from "../../core/index.js";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export const TIME_UNITS = ["second", "minute", "hour"] as const;

const positive = z.number().positive();
const nonNegative = z.number().min(0);
const truncation = {
  min: z.number().optional().describe("Truncate: no sample is below this value (resampled)."),
  max: z.number().optional().describe("Truncate: no sample is above this value (resampled)."),
};

export const distributionSchema = z
  .discriminatedUnion("dist", [
    z
      .strictObject({
        dist: z.literal("fixed"),
        value: nonNegative.describe("The constant value."),
        ...truncation,
      })
      .describe("Always the same value."),
    z
      .strictObject({
        dist: z.literal("exponential"),
        mean: positive.describe("Mean (1 / rate)."),
        ...truncation,
      })
      .describe("Exponential (memoryless), e.g. Poisson inter-arrival times."),
    z
      .strictObject({
        dist: z.literal("normal"),
        mean: z.number().describe("Mean."),
        sd: nonNegative.describe("Standard deviation."),
        ...truncation,
      })
      .describe("Normal; negative durations count as 0 unless `min` says otherwise."),
    z
      .strictObject({
        dist: z.literal("lognormal"),
        mean: positive.optional().describe("Mean of the value itself (give mean and sd, or mu and sigma)."),
        sd: positive.optional().describe("Standard deviation of the value itself."),
        mu: z.number().optional().describe("Mean of the value's logarithm."),
        sigma: positive.optional().describe("Standard deviation of the value's logarithm."),
        ...truncation,
      })
      .describe("Lognormal: right-skewed, typical of task times."),
    z
      .strictObject({
        dist: z.literal("gamma"),
        shape: positive.optional().describe("Shape k (give shape and scale, or mean and sd)."),
        scale: positive.optional().describe("Scale θ; the mean is k·θ."),
        mean: positive.optional().describe("Mean."),
        sd: positive.optional().describe("Standard deviation."),
        ...truncation,
      })
      .describe("Gamma."),
    z
      .strictObject({
        dist: z.literal("uniform"),
        min: z.number().describe("Lower bound."),
        max: z.number().describe("Upper bound."),
      })
      .describe("Uniform between min and max."),
    z
      .strictObject({
        dist: z.literal("triangular"),
        min: z.number().describe("Lower bound."),
        mode: z.number().describe("Most likely value."),
        max: z.number().describe("Upper bound."),
      })
      .describe("Triangular: a lowest, a most likely and a highest value."),
    z
      .strictObject({
        dist: z.literal("empirical"),
        values: z.array(z.number()).min(1).describe("Observed values, drawn with equal chance or by weight."),
        weights: z.array(nonNegative).optional().describe("Relative weight of each value (same length)."),
        ...truncation,
      })
      .describe("Draws one of the observed values."),
  ])
  .superRefine((d, ctx) => {
    const bad = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (d.dist === "lognormal") {
      const byMoments = d.mean !== undefined || d.sd !== undefined;
      const byLog = d.mu !== undefined || d.sigma !== undefined;
      if (byMoments === byLog || (byMoments && (d.mean === undefined || d.sd === undefined)))
        bad("dist", "lognormal needs either `mean` and `sd`, or `mu` and `sigma`");
      else if (byLog && (d.mu === undefined || d.sigma === undefined))
        bad("dist", "lognormal needs both `mu` and `sigma`");
    }
    if (d.dist === "gamma") {
      const byShape = d.shape !== undefined || d.scale !== undefined;
      const byMoments = d.mean !== undefined || d.sd !== undefined;
      if (byShape === byMoments) bad("dist", "gamma needs either `shape` and `scale`, or `mean` and `sd`");
      else if (byShape && (d.shape === undefined || d.scale === undefined))
        bad("dist", "gamma needs both `shape` and `scale`");
      else if (byMoments && (d.mean === undefined || d.sd === undefined))
        bad("dist", "gamma needs both `mean` and `sd`");
    }
    if (d.dist === "uniform" && !(d.max >= d.min)) bad("max", "must be at least `min`");
    if (d.dist === "triangular" && !(d.min <= d.mode && d.mode <= d.max && d.min < d.max))
      bad("mode", "must lie between `min` and `max` (and min < max)");
    if (d.dist === "empirical" && d.weights) {
      if (d.weights.length !== d.values.length)
        bad("weights", `must have one weight per value (${d.values.length}), not ${d.weights.length}`);
      else if (!d.weights.some((w) => w > 0)) bad("weights", "at least one weight must be above 0");
    }
    if (d.dist !== "uniform" && d.dist !== "triangular" && d.min !== undefined && d.max !== undefined) {
      if (d.max < d.min) bad("max", "must be at least `min`");
    }
  })
  .describe(
    "A probability distribution, in the model's time unit: `{ dist: exponential, mean: 3 }`. " +
      "`min` / `max` truncate it.",
  );

const clock = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/, "must be a time of day HH:MM, e.g. 07:30")
  .describe("Time of day, HH:MM (24:00 is the end of the day).");

const days = z
  .array(z.enum(WEEKDAYS))
  .min(1)
  .describe("Weekdays this applies to: mon, tue, wed, thu, fri, sat, sun.");

const window = {
  days,
  from: clock.describe("Start, HH:MM local time."),
  to: clock.describe("End, HH:MM; earlier than `from` means it runs past midnight."),
};

export const rateWindowSchema = z
  .strictObject({ ...window, perHour: nonNegative.describe("Arrivals per hour in this window.") })
  .describe("An arrival rate for some hours of the week.");

export const shiftSchema = z
  .strictObject({
    ...window,
    capacity: z.number().int().min(0).describe("Units available in this window (added to the pool's base)."),
  })
  .describe("A shift: extra units of the pool during some hours of the week.");

export const arrivalsSchema = z
  .strictObject({
    interarrival: distributionSchema
      .optional()
      .describe(
        "Time between arrivals. With a `calendar`, only its shape counts: gaps are stretched to the calendar's rate.",
      ),
    calendar: z
      .array(rateWindowSchema)
      .optional()
      .describe("Arrival rate by hour of the week; no arrivals outside the windows."),
    replay: z
      .array(z.union([nonNegative, z.string()]))
      .optional()
      .describe("Given arrival times: numbers in the time unit since `start`, or ISO date-times."),
  })
  .describe("How cases arrive: `interarrival`, a rate `calendar`, both, or `replay` of given times.");

export const resourceSchema = z
  .strictObject({
    capacity: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("Units always available (people, machines); 0 if only shifts are given."),
    shifts: z.array(shiftSchema).optional().describe("Extra units by hour of the week."),
    costPerHour: nonNegative.optional().describe("Cost of one unit per hour (wage, machine cost)."),
  })
  .describe("A pool of interchangeable units that activities need one of.");

export const activitySchema = z
  .strictObject({
    name: z.string().min(1).describe("Activity name, as in the event log."),
    resource: z
      .string()
      .optional()
      .describe("Pool that serves it (one unit); none means it only takes time."),
    duration: distributionSchema.optional().describe("Processing time; none means instantaneous."),
    priority: z
      .number()
      .int()
      .optional()
      .describe(
        "Queue priority in its pool: higher goes first; equal priorities are first come, first served.",
      ),
  })
  .describe("An activity: a step of the process that takes time and possibly a resource.");

/** One step of a flow: an activity name, a choice, a parallel split/join or a loop. */
export type FlowStep = string | ChoiceStep | ParallelStep | LoopStep;
export interface ChoiceStep {
  choice: { p: number; name?: string | undefined; flow: FlowStep[] }[];
  name?: string | undefined;
}
export interface ParallelStep {
  parallel: FlowStep[][];
  name?: string | undefined;
}
export interface LoopStep {
  loop: FlowStep[];
  repeatProbability: number;
  max?: number | undefined;
  name?: string | undefined;
}

export const flowStepSchema: z.ZodType<FlowStep> = z.lazy(() =>
  z.union([
    z.string().min(1).describe("An activity name."),
    z
      .strictObject({
        choice: z
          .array(
            z.strictObject({
              p: z.number().min(0).max(1).describe("Probability of this branch."),
              name: z.string().optional().describe("Branch name, for scenarios that change routing."),
              flow: flowSchema.describe("Steps of this branch (may be empty)."),
            }),
          )
          .min(1)
          .describe("Branches; probabilities sum to 1."),
        name: z.string().optional().describe("Name of the decision, for scenarios that change routing."),
      })
      .describe("Exclusive choice: one branch, by probability."),
    z
      .strictObject({
        parallel: z.array(flowSchema).min(2).describe("Branches that run at the same time."),
        name: z.string().optional().describe("Name of the split."),
      })
      .describe("Parallel split and join: the case continues when every branch is done."),
    z
      .strictObject({
        loop: flowSchema.describe("Steps repeated (e.g. rework)."),
        repeatProbability: z.number().min(0).max(1).describe("Chance of running the steps (again)."),
        max: z.number().int().min(0).optional().describe("Most times the steps run; default 10."),
        name: z.string().optional().describe("Name of the loop, for scenarios that change routing."),
      })
      .describe(
        "Rework loop: the steps run with probability `repeatProbability`, then again with the same chance, at most `max` times.",
      ),
  ]),
);

export const flowSchema: z.ZodType<FlowStep[]> = z.lazy(() => z.array(flowStepSchema));

export const runSettingsSchema = z
  .strictObject({
    cases: z.number().int().positive().optional().describe("Cases counted in each replication."),
    warmup: z.number().int().min(0).optional().describe("Cases simulated first and not counted."),
    warmupTime: nonNegative
      .optional()
      .describe("Or: time (in the time unit) simulated first and not counted."),
    horizon: positive.optional().describe("Stop at this time (in the time unit) instead of after `cases`."),
    replications: z.number().int().positive().optional().describe("Independent replications."),
    seed: z.number().int().optional().describe("Seed of the random streams."),
  })
  .describe("Default run settings; command-line options override them.");

export const twinModelSchema = z
  .strictObject({
    name: z.string().min(1).describe("Model name."),
    description: z.string().optional().describe("What the model represents."),
    timeUnit: z.enum(TIME_UNITS).default("minute").describe("Unit of every time and duration in the file."),
    start: z.iso
      .datetime({ local: true, offset: true })
      .optional()
      .describe(
        "Local date-time the simulation starts at, for calendars and the event log; default Monday 2024-01-01 00:00.",
      ),
    timeZone: z.string().optional().describe("IANA time zone of `start` and the calendars; default UTC."),
    arrivals: arrivalsSchema,
    resources: z.record(z.string(), resourceSchema).default({}).describe("Resource pools by name."),
    activities: z.array(activitySchema).min(1).describe("Activities of the process."),
    flow: flowSchema.describe("The route of a case: activity names, choices, parallel blocks and loops."),
    costBasis: z
      .enum(["available", "busy"])
      .default("available")
      .describe("Pools cost per hour they are available (staff on shift) or only while busy."),
    run: runSettingsSchema.optional(),
  })
  .superRefine((model, ctx) =>
    checkReferences(model, (path, message) => ctx.addIssue({ code: "custom", path, message })),
  )
  .describe("A digital-twin model: a process simulated case by case.");

export type Distribution = z.infer<typeof distributionSchema>;
export type RateWindow = z.infer<typeof rateWindowSchema>;
export type Shift = z.infer<typeof shiftSchema>;
export type Arrivals = z.infer<typeof arrivalsSchema>;
export type ResourcePool = z.infer<typeof resourceSchema>;
export type Activity = z.infer<typeof activitySchema>;
export type RunSettings = z.infer<typeof runSettingsSchema>;
export type TwinModel = z.infer<typeof twinModelSchema>;
/** A model as written in a file, before defaults are filled in. */
export type TwinModelInput = z.input<typeof twinModelSchema>;

/** Cross-references: activity and pool names exist, probabilities sum to 1, calendars can run. */
function checkReferences(model: TwinModelRaw, issue: (path: PropertyKey[], message: string) => void): void {
  const a = model.arrivals;
  if (!a.interarrival && !a.calendar && !a.replay)
    issue(["arrivals"], "needs `interarrival`, `calendar` or `replay`");
  if (a.replay && (a.interarrival || a.calendar))
    issue(["arrivals", "replay"], "cannot be combined with `interarrival` or `calendar`");
  if (a.calendar && !a.calendar.some((w) => w.perHour > 0))
    issue(["arrivals", "calendar"], "has no window with `perHour` above 0, so no case would arrive");
  if (a.interarrival && a.interarrival.dist === "fixed" && a.interarrival.value === 0)
    issue(["arrivals", "interarrival", "value"], "must be above 0, or every case arrives at once");
  if (model.timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: model.timeZone });
    } catch {
      issue(["timeZone"], `"${model.timeZone}" is not a known IANA time zone (e.g. Europe/Berlin)`);
    }
  }
  const pools = Object.keys(model.resources);
  for (const [name, pool] of Object.entries(model.resources)) {
    const most = (pool.capacity ?? 0) + Math.max(0, ...(pool.shifts ?? []).map((s) => s.capacity));
    if (most === 0) issue(["resources", name], "has no capacity at any time: give `capacity` or `shifts`");
  }
  const names = new Map<string, number>();
  model.activities.forEach((activity, i) => {
    if (names.has(activity.name))
      issue(
        ["activities", i, "name"],
        `"${activity.name}" is already the name of activities[${names.get(activity.name)}]`,
      );
    names.set(activity.name, i);
    if (activity.resource !== undefined && !pools.includes(activity.resource)) {
      const hint = closest(activity.resource, pools);
      issue(
        ["activities", i, "resource"],
        `"${activity.resource}" is not a pool in \`resources\`${hint ? ` (did you mean "${hint}"?)` : ""}`,
      );
    }
  });
  const known = [...names.keys()];
  const used = new Set<string>();
  const walk = (flow: FlowStep[], path: PropertyKey[]) => {
    flow.forEach((step, i) => {
      const at = [...path, i];
      if (typeof step === "string") {
        used.add(step);
        if (!names.has(step)) {
          const hint = closest(step, known);
          issue(
            at,
            `"${step}" is not an activity in \`activities\`${hint ? ` (did you mean "${hint}"?)` : ""}`,
          );
        }
      } else if ("choice" in step) {
        const sum = step.choice.reduce((s, b) => s + b.p, 0);
        if (Math.abs(sum - 1) > 1e-6)
          issue([...at, "choice"], `branch probabilities add up to ${round(sum)}, not 1`);
        step.choice.forEach((b, j) => {
          walk(b.flow, [...at, "choice", j, "flow"]);
        });
      } else if ("parallel" in step) {
        step.parallel.forEach((b, j) => {
          walk(b, [...at, "parallel", j]);
        });
      } else {
        if (step.loop.length === 0) issue([...at, "loop"], "has no steps");
        walk(step.loop, [...at, "loop"]);
      }
    });
  };
  walk(model.flow, ["flow"]);
  if (model.flow.length === 0) issue(["flow"], "has no steps");
}

type TwinModelRaw = {
  arrivals: Arrivals;
  resources: Record<string, ResourcePool>;
  activities: Activity[];
  flow: FlowStep[];
  timeZone?: string | undefined;
};

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** The JSON Schema of the model file, for editors and docs. */
export function modelJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(twinModelSchema, { io: "input" }) as Record<string, unknown>;
}
