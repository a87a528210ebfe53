import { z } from "zod";

/** A Pareto analysis: the request, its result, and the saved record that keeps both. */

const name = z.string().min(1).max(200);
const bound = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?$/,
    "must be a date YYYY-MM-DD or a local time YYYY-MM-DDTHH:MM",
  );

export const paretoRequestSchema = z
  .object({
    dataset: name.describe("The dataset, e.g. `tickets`."),
    by: name.describe(
      "Column whose values are the categories, e.g. `category`; empty values count as (none).",
    ),
    weight: name
      .optional()
      .describe("Numeric column summed per category (e.g. `refund`); without it, rows are counted."),
    where: z
      .string()
      .min(1)
      .max(2000)
      .optional()
      .describe("Condition on the rows, in the KPI expression language, e.g. `channel = 'web'`."),
    time: name
      .optional()
      .describe("Date or time column that `from` and `to` apply to; default the dataset's first one."),
    from: bound.optional().describe("First local day (or time) counted, inclusive."),
    to: bound.optional().describe("Local day (or time) where counting stops, exclusive, as in KPI ranges."),
    top: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .describe("Categories listed one by one; the rest are added up in `others`."),
  })
  .strict();

export const paretoCategorySchema = z
  .object({
    name: z.string().describe("The category; rows with no value are `(none)`."),
    value: z.number().describe("Rows counted, or the sum of the weight column."),
    rows: z.number().int().describe("Rows in the category."),
    share: z.number().describe("value / total, 0–1."),
    cumulative: z.number().describe("Share of this category and every larger one, 0–1."),
    vital: z.boolean().describe("One of the vital few."),
  })
  .strict();

export const paretoResultSchema = z
  .object({
    request: paretoRequestSchema,
    measure: z
      .object({ kind: z.enum(["count", "sum"]), column: z.string().nullable(), label: z.string() })
      .strict()
      .describe("What was added up: rows, or the sum of a weight column."),
    time: z.string().nullable().describe("The time column `from` and `to` were applied to."),
    total: z.number().describe("The value over every category, including `others`."),
    rows: z.number().int().describe("Rows that met the condition and the time range."),
    categoryCount: z.number().int().describe("Distinct categories, including those in `others`."),
    categories: z.array(paretoCategorySchema).describe("The largest categories, largest first."),
    others: z
      .object({
        categories: z.number().int(),
        value: z.number(),
        rows: z.number().int(),
        share: z.number(),
      })
      .strict()
      .nullable()
      .describe("The categories beyond `top`, added up; null when there are none."),
    vitalFew: z.array(z.string()).describe("Names of the vital few, largest first."),
    rule: z.string().describe("How the vital few are chosen."),
    summary: z.string().describe("The result in one sentence."),
    computedAt: z.string(),
  })
  .strict();

export const savedParetoSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    request: paretoRequestSchema,
    result: paretoResultSchema,
  })
  .strict()
  .describe("A Pareto analysis as it was when saved, so evidence keeps what was seen.");

export type ParetoRequest = z.input<typeof paretoRequestSchema>;
export type ParetoCategory = z.infer<typeof paretoCategorySchema>;
export type ParetoResult = z.infer<typeof paretoResultSchema>;
export type SavedPareto = z.infer<typeof savedParetoSchema>;
