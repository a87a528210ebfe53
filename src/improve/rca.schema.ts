import { z } from "zod";
import { evidenceSchema, FISHBONE_CATEGORIES, fiveWhysSchema } from "./improve.schema.js";

/**
 * What people send to build a 5 Whys analysis or a fishbone diagram; shared by the CLI and the HTTP
 * API. The records themselves are `fiveWhysSchema` and `fishboneSchema` in improve.schema.ts.
 */

const problem = z.string().trim().min(1).max(1000).describe("The problem, in one or two sentences.");

export const initiativeIdSchema = z
  .string()
  .regex(/^I-[1-9]\d*$/, "must be an initiative id such as I-4")
  .describe("The initiative the analysis belongs to (I-4).");

const step = fiveWhysSchema.shape.whys.unwrap().element;

export const analysisInputSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("five-whys"),
      problem,
      initiative: initiativeIdSchema.nullable().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("fishbone"),
      problem,
      initiative: initiativeIdSchema.nullable().optional(),
    })
    .strict(),
]);

export const whyInputSchema = z
  .object({
    question: step.shape.question.describe("Why …? The first asks why the problem happens."),
    answer: step.shape.answer.describe("Because …"),
    evidence: evidenceSchema.nullable().optional(),
  })
  .strict();

export const whyEditSchema = whyInputSchema.partial();

export const causeInputSchema = z
  .object({
    category: z
      .enum(FISHBONE_CATEGORIES)
      .describe("One of the 6M: people, methods, machines, materials, measurement, environment."),
    text: z.string().trim().min(1).max(500).describe("The possible cause."),
    evidence: evidenceSchema.nullable().optional(),
  })
  .strict();

/** Fields of a 5 Whys analysis that may be replaced at once. */
export const fiveWhysChangesSchema = z
  .object({
    problem: problem.optional(),
    initiative: initiativeIdSchema.nullable().optional(),
    whys: z.array(whyInputSchema).max(10).optional(),
    rootCause: z.string().trim().max(1000).optional(),
  })
  .strict();

/** Fields of a fishbone that may be replaced at once; causes change one by one, so votes stay honest. */
export const fishboneChangesSchema = z
  .object({
    problem: problem.optional(),
    initiative: initiativeIdSchema.nullable().optional(),
    rootCause: z.number().int().min(0).nullable().optional(),
  })
  .strict();

const index = z.number().int().min(0).describe("Position in the list, from 0.");

/** One change to an analysis, named by `action`. */
export const rcaActionSchema = z.discriminatedUnion("action", [
  whyInputSchema.extend({ action: z.literal("add-why") }),
  whyEditSchema.extend({ action: z.literal("edit-why"), index }),
  z.object({ action: z.literal("remove-why"), index }).strict(),
  causeInputSchema.extend({ action: z.literal("add-cause") }),
  z.object({ action: z.literal("remove-cause"), index }).strict(),
  z.object({ action: z.literal("vote"), index, remove: z.boolean().default(false) }).strict(),
  z
    .object({
      action: z.literal("root"),
      cause: z
        .union([z.string().trim().max(1000), index, z.null()])
        .describe("5 Whys: the root cause in words; fishbone: the index of the chosen cause, or null."),
    })
    .strict(),
]);

export type AnalysisInput = z.input<typeof analysisInputSchema>;
export type WhyInput = z.input<typeof whyInputSchema>;
export type WhyEdit = z.input<typeof whyEditSchema>;
export type CauseInput = z.input<typeof causeInputSchema>;
export type FiveWhysChanges = z.input<typeof fiveWhysChangesSchema>;
export type FishboneChanges = z.input<typeof fishboneChangesSchema>;
export type RcaAction = z.output<typeof rcaActionSchema>;
