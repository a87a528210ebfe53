import { z } from "zod";
import { datasetNameSchema } from "../core/names.js";

export const GRAINS = ["hour", "day", "week", "month", "quarter"] as const;
export const grainSchema = z.enum(GRAINS).describe("Period the KPI is counted in.");
export type Grain = z.infer<typeof grainSchema>;

const expression = z.string().min(1).max(2000);

export const simpleMeasureSchema = z
  .object({
    kind: z
      .enum(["count", "sum", "avg", "min", "max", "count_distinct", "percentile"])
      .describe("How rows are aggregated."),
    of: expression
      .optional()
      .describe("Expression aggregated, e.g. `amount` or `quantity * unit_price` (not needed for count)."),
    where: expression.optional().describe("Only rows where this holds count, e.g. `converted`."),
    p: z.number().min(0).max(1).optional().describe("For percentile: the fraction, e.g. 0.9."),
  })
  .strict()
  .describe("An aggregate over rows.");

export const measureSchema = z
  .union([
    simpleMeasureSchema,
    z
      .object({
        kind: z.literal("ratio"),
        numerator: simpleMeasureSchema,
        denominator: simpleMeasureSchema,
        scale: z.number().positive().default(1).describe("Multiply the ratio, e.g. 100 for percent."),
      })
      .strict()
      .describe("One aggregate divided by another, e.g. revenue / orders."),
    z
      .object({
        kind: z.literal("repeat_rate"),
        customer: expression.describe("Expression identifying the customer."),
        order: expression.describe("Expression identifying the order."),
        scale: z.number().positive().default(1),
      })
      .strict()
      .describe("Share of the period's customers who ordered more than once in it."),
  ])
  .describe("What the KPI measures.");

export type SimpleMeasure = z.infer<typeof simpleMeasureSchema>;
export type Measure = z.infer<typeof measureSchema>;

export const kpiNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{0,62}$/,
    "must start with a lower-case letter and hold only a-z, 0-9, _ and - (at most 63)",
  )
  .describe("Short name of the KPI, e.g. `revenue`.");

export const kpiSchema = z
  .object({
    name: kpiNameSchema,
    label: z.string().min(1).max(100).optional().describe("Name shown to people, e.g. `Revenue`."),
    description: z.string().max(1000).optional(),
    dataset: datasetNameSchema,
    time: z.string().min(1).describe("Date or time column that places a row in a period."),
    measure: measureSchema,
    filter: expression.optional().describe("Only rows where this holds count, e.g. `channel = 'counter'`."),
    grain: grainSchema.default("day"),
    dimensions: z
      .array(z.string().min(1))
      .default([])
      .describe("Columns to drill down by, e.g. [shop, category]."),
    unit: z.string().max(20).optional().describe("Unit or currency, e.g. EUR, %, minutes, orders."),
    better: z
      .enum(["higher", "lower"])
      .default("higher")
      .describe("Whether a higher or a lower value is better."),
    template: z.string().optional().describe("Library template the KPI was made from."),
  })
  .strict()
  .describe("A KPI: a measure over a dataset's rows, per period.");

export type Kpi = z.infer<typeof kpiSchema>;

export const goalSchema = z
  .object({
    kpi: kpiNameSchema.describe("KPI the goal is for."),
    baseline: z
      .object({
        value: z.number().optional().describe("Value at the start; computed from the period when left out."),
        from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD"),
        to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD"),
      })
      .strict()
      .describe("Where the KPI stood: its average per period between from and to (to exclusive)."),
    target: z.number().describe("Value per period to reach by the deadline."),
    deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD"),
    atRisk: z
      .number()
      .min(0)
      .max(1)
      .default(0.8)
      .describe("At risk when the projection covers at least this share of the way from baseline to target."),
    note: z.string().max(1000).optional(),
  })
  .strict()
  .describe("A SMART goal: baseline, target and deadline for one KPI; the direction comes from the KPI.");

export type Goal = z.infer<typeof goalSchema>;
