import { z } from "zod";
import { type Initiative, initiativeSchema, OUTCOMES } from "./improve.schema.js";

/**
 * What callers send to create and change an initiative. Stage, outcome, result, baseline and the
 * closing time are never set directly: the stage moves by its rules, the outcome by closing and
 * reopening, the result is measured from data and the baseline captured from the main KPI.
 */

/** Fields the engine keeps, and how each one changes instead. */
export const MANAGED_FIELDS = {
  stage:
    "the stage moves one step at a time with `opsloop initiative stage ID --version N next` (POST /api/initiatives/ID/stage)",
  outcome: "the outcome is set by closing (`opsloop initiative close`) and cleared by reopening",
  result:
    "a result is never typed in: measure it from an experiment, a pilot or the KPI before and after with `opsloop initiative result` (POST /api/initiatives/ID/result)",
  baseline: "the baseline is captured from the main KPI over the 8 weeks before the start",
  closedAt: "the closing time is set when the initiative is closed",
} as const satisfies Partial<Record<keyof Initiative, string>>;

export type ManagedField = keyof typeof MANAGED_FIELDS;

const managed = Object.fromEntries(Object.keys(MANAGED_FIELDS).map((k) => [k, true])) as Record<
  ManagedField,
  true
>;

/** A new initiative: every field but the managed ones; the stage starts at its method's first. */
export const initiativeInputSchema = initiativeSchema
  .omit(managed)
  .describe("A new initiative; it starts at the first stage of its method, with `start` today by default.");
export type InitiativeInput = z.input<typeof initiativeInputSchema>;

type Editable = Omit<Initiative, ManagedField>;
export type InitiativePatch = Partial<Editable>;

/** Any editable field, with no defaults: fields left out stay as they are (top-level fields are replaced whole). */
export const initiativePatchSchema = z
  .object(
    Object.fromEntries(
      Object.entries(initiativeInputSchema.shape).map(([key, schema]) => [
        key,
        (schema instanceof z.ZodDefault ? schema.unwrap() : schema).optional(),
      ]),
    ),
  )
  .strict()
  .describe(
    "Fields to change; a field left out stays as it is, and objects (costs, value) are replaced whole.",
  ) as unknown as z.ZodType<InitiativePatch>;

export const stageTargetSchema = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .describe(
    "`next`, `back`, or a stage of the initiative's method (plan, do, check, act; define … control).",
  );

export const closingOutcomeSchema = z
  .enum(OUTCOMES.filter((o) => o !== "open") as ["verified", "not-verified", "abandoned"])
  .describe("verified: the result shows a real improvement; not-verified: it did not; abandoned: stopped.");
export type ClosingOutcome = z.infer<typeof closingOutcomeSchema>;

export const closeInputSchema = z
  .object({
    outcome: closingOutcomeSchema,
    learnings: z.string().max(4000).optional().describe("What was learned; replaces the current learnings."),
  })
  .strict();
export type CloseInput = z.infer<typeof closeInputSchema>;

export const initiativeFilterSchema = z
  .object({
    owner: z.string().max(100).optional(),
    area: z.string().max(100).optional(),
    kpi: z.string().max(63).optional().describe("Any of the initiative's KPIs."),
    stage: z.string().max(20).optional(),
    outcome: z.enum(OUTCOMES).optional(),
    method: z.enum(["pdca", "dmaic"]).optional(),
  })
  .strict();
export type InitiativeFilter = z.infer<typeof initiativeFilterSchema>;
