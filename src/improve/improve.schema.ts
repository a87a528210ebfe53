import { z } from "zod";
import { GRAINS, kpiNameSchema } from "../kpi/kpi.schema.js";

/**
 * The improvement cycle's records: initiatives run through PDCA or DMAIC, suggestions, and the
 * root-cause tools. Shapes shared by the engine, the CLI, the HTTP API and the dashboard.
 */

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");
const text = (max: number) => z.string().trim().min(1).max(max);

export const METHODS = ["pdca", "dmaic"] as const;
export const STAGES = {
  pdca: ["plan", "do", "check", "act"],
  dmaic: ["define", "measure", "analyze", "improve", "control"],
} as const;
/** Stages that judge the change: they need a measured result. */
export const CHECK_STAGES = ["check", "act", "control"] as const;
export const OUTCOMES = ["open", "verified", "not-verified", "abandoned"] as const;

export type Method = (typeof METHODS)[number];
export type Stage = (typeof STAGES)[Method][number];
export type Outcome = (typeof OUTCOMES)[number];

export const evidenceSchema = z
  .object({
    kind: z
      .enum([
        "process-finding",
        "pareto",
        "five-whys",
        "fishbone",
        "control-chart",
        "simulation",
        "experiment",
        "pilot",
        "kpi",
        "note",
      ])
      .describe("What the evidence is."),
    ref: text(300).describe(
      "What it points at: an experiment or pilot name, a record id (P-2, W-1), a log or KPI name, a URL path.",
    ),
    title: text(200).optional(),
    note: z.string().max(2000).optional(),
  })
  .strict()
  .describe("A link to the evidence behind a problem or a change.");

export const costsSchema = z
  .object({
    oneOff: z.number().min(0).default(0).describe("One-off cost, in the business's currency."),
    running: z.number().min(0).default(0).describe("Running cost per month."),
  })
  .strict();

export const valueSchema = z
  .object({
    perUnit: z
      .number()
      .describe(
        "Money a rise of one unit of the KPI is worth, e.g. 1 EUR of revenue = 1, one order = 12.5 EUR margin; negative for a KPI where lower is better (a minute of waiting costs 0.4 EUR = -0.4).",
      ),
    unitsPerMonth: z
      .number()
      .positive()
      .optional()
      .describe(
        "How many units a month the change applies to: for a rate or an experiment's per-user metric, e.g. 30,000 sessions a month; for a KPI per period, left out to count its periods per month (30.4 days, 4.35 weeks).",
      ),
    horizonMonths: z
      .number()
      .positive()
      .max(120)
      .default(12)
      .describe("Months the benefit and running costs are counted over."),
  })
  .strict()
  .describe("What a change in the KPI is worth, for the benefit and the ROI.");

/** How a verified result was measured: always from data, never typed in. */
export const resultSourceSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("experiment"),
      experiment: text(63),
      metric: text(63).optional().describe("Default: the primary metric."),
      variant: text(100).optional().describe("Default: the first variant after the control."),
    })
    .strict(),
  z.object({ kind: z.literal("pilot"), pilot: text(63) }).strict(),
  z
    .object({
      kind: z.literal("pre-post"),
      kpi: kpiNameSchema,
      before: z
        .object({ from: date, to: date })
        .strict()
        .describe("Period before the change (to inclusive)."),
      after: z.object({ from: date, to: date }).strict().describe("Period after the change (to inclusive)."),
    })
    .strict(),
]);

export const measuredResultSchema = z
  .object({
    source: resultSourceSchema,
    kpi: z.string().describe("The KPI or metric measured."),
    unit: z.string().nullable(),
    before: z
      .number()
      .describe("The KPI before (control, counterfactual or the earlier period), per period or unit."),
    after: z.number().describe("The KPI after (variant, treated or the later period)."),
    change: z.number().describe("after − before, in the KPI's unit."),
    grain: z
      .enum(GRAINS)
      .nullable()
      .default(null)
      .describe(
        "Period the before and after figures are per (a KPI's day or week); null when they are per unit, as an experiment's per-user mean.",
      ),
    changeCi: z.tuple([z.number(), z.number()]).describe("95% interval of the change."),
    relative: z.number(),
    relativeCi: z.tuple([z.number(), z.number()]),
    pValue: z.number().nullable(),
    significant: z.boolean(),
    better: z.boolean().describe("The change goes the good way for this KPI."),
    method: z.string().describe("How it was measured, in one sentence."),
    checks: z
      .array(z.string())
      .describe("Checks made and caveats (split, pre-trend, control-chart signals)."),
    summary: z.string(),
    measuredAt: z.string(),
  })
  .strict()
  .describe("A result measured from the workspace's data, with its interval.");

export const initiativeSchema = z
  .object({
    title: text(200),
    problem: z.string().max(4000).default("").describe("Problem statement: what hurts, where, how much."),
    area: z.string().max(100).default("").describe("Area or process, e.g. `web shop`, `order fulfilment`."),
    owner: z.string().max(100).default(""),
    team: z.array(text(100)).default([]),
    kpis: z.array(kpiNameSchema).default([]).describe("KPIs it should move; the first is the main one."),
    goal: z.string().max(1000).default("").describe("Target, e.g. `conversion from 3.0% to 3.5% by June`."),
    baseline: z
      .object({
        kpi: z.string(),
        value: z.number().describe("Average per period over the window."),
        from: date.describe("First day of the window."),
        to: date.describe("Last day of the window (inclusive)."),
        grain: z.enum(GRAINS).optional().describe("Period the KPI is counted in."),
        periods: z.number().int().min(1).optional().describe("Complete periods averaged."),
        unit: z.string().nullable(),
        capturedAt: z.string(),
      })
      .strict()
      .nullable()
      .default(null)
      .describe("The main KPI when the initiative started: its average per period over the weeks before."),
    method: z.enum(METHODS).default("pdca"),
    stage: z
      .string()
      .default("plan")
      .describe("Stage of its method: plan, do, check, act; or define … control."),
    outcome: z.enum(OUTCOMES).default("open"),
    hypothesis: z.string().max(2000).default(""),
    change: z.string().max(4000).default("").describe("The planned change (countermeasure)."),
    costs: costsSchema.default({ oneOff: 0, running: 0 }),
    expectedBenefit: z.string().max(1000).default("").describe("Expected benefit, in words or figures."),
    value: valueSchema.nullable().default(null),
    start: date.nullable().default(null),
    due: date.nullable().default(null),
    evidence: z.array(evidenceSchema).default([]),
    result: measuredResultSchema.nullable().default(null),
    learnings: z.string().max(4000).default(""),
    suggestion: z
      .string()
      .nullable()
      .default(null)
      .describe("The suggestion it came from (S-3), with its credit."),
    credit: z.array(text(100)).default([]).describe("People credited with the idea."),
    closedAt: z.string().nullable().default(null),
    ideaAt: z
      .string()
      .nullable()
      .default(null)
      .describe("When the idea was first raised (the suggestion's date)."),
  })
  .strict();

export type Evidence = z.infer<typeof evidenceSchema>;
export type MeasuredResult = z.infer<typeof measuredResultSchema>;
export type ResultSource = z.infer<typeof resultSourceSchema>;
export type Initiative = z.infer<typeof initiativeSchema>;
export type InitiativeValue = z.infer<typeof valueSchema>;

export const suggestionSchema = z
  .object({
    title: text(200),
    description: z.string().max(4000).default(""),
    area: z.string().max(100).default(""),
    kpi: kpiNameSchema.nullable().default(null).describe("KPI it would move."),
    by: text(100).describe("Who suggested it."),
    votes: z.array(text(100)).default([]).describe("People who voted for it, once each."),
    comments: z.array(z.object({ by: text(100), at: z.string(), text: text(2000) }).strict()).default([]),
    ice: z
      .object({
        impact: z.number().min(1).max(10),
        confidence: z.number().min(1).max(10),
        ease: z.number().min(1).max(10),
      })
      .strict()
      .nullable()
      .default(null)
      .describe("ICE: impact, confidence, ease, 1–10 each; score = their product."),
    rice: z
      .object({
        reach: z.number().min(0),
        impact: z.number().min(0).max(3),
        confidence: z.number().min(0).max(1),
        effort: z.number().positive(),
      })
      .strict()
      .nullable()
      .default(null)
      .describe(
        "RICE: reach per month, impact 0.25–3, confidence 0–1, effort in person-months; score = R·I·C/E.",
      ),
    status: z
      .enum(["new", "triaged", "converted", "declined"])
      .default("new")
      .describe("new, triaged (scored), converted (became an initiative) or declined."),
    initiative: z.string().nullable().default(null).describe("The initiative it became (I-4)."),
    declined: z
      .object({ reason: text(2000), by: text(100), at: z.string() })
      .strict()
      .nullable()
      .default(null)
      .describe("Why it was declined, by whom and when."),
  })
  .strict();

export type Suggestion = z.infer<typeof suggestionSchema>;

export const FISHBONE_CATEGORIES = [
  "people",
  "methods",
  "machines",
  "materials",
  "measurement",
  "environment",
] as const;

export const fiveWhysSchema = z
  .object({
    problem: text(1000),
    initiative: z.string().nullable().default(null),
    whys: z
      .array(
        z
          .object({
            question: text(500),
            answer: text(1000),
            evidence: evidenceSchema.nullable().default(null),
          })
          .strict(),
      )
      .max(10)
      .default([]),
    rootCause: z.string().max(1000).default(""),
  })
  .strict();

export const fishboneSchema = z
  .object({
    problem: text(1000),
    initiative: z.string().nullable().default(null),
    causes: z
      .array(
        z
          .object({
            category: z.enum(FISHBONE_CATEGORIES),
            text: text(500),
            votes: z.array(text(100)).default([]),
            evidence: evidenceSchema.nullable().default(null),
          })
          .strict(),
      )
      .max(200)
      .default([]),
    rootCause: z
      .number()
      .int()
      .min(0)
      .nullable()
      .default(null)
      .describe("Index of the chosen root cause in causes."),
  })
  .strict();

export type FiveWhys = z.infer<typeof fiveWhysSchema>;
export type Fishbone = z.infer<typeof fishboneSchema>;
