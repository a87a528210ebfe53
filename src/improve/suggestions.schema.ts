import { z } from "zod";
import { METHODS, suggestionSchema } from "./improve.schema.js";

/** What people send when they suggest, score, decline or convert; shared by the CLI and the HTTP API. */

const shape = suggestionSchema.shape;

export const suggestionInputSchema = z
  .object({
    title: shape.title.describe("The idea in a line."),
    description: shape.description.describe("What to change and why; it becomes the initiative's problem."),
    area: shape.area.describe("Area or process, e.g. `web shop`."),
    kpi: shape.kpi,
    by: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe("Who suggested it; the person making the request when left out."),
  })
  .strict();

export const iceSchema = shape.ice.unwrap().unwrap();
export const riceSchema = shape.rice.unwrap().unwrap();

export const scoreInputSchema = z
  .object({
    ice: iceSchema.optional().describe("Impact, confidence and ease, 1–10 each."),
    rice: riceSchema.optional().describe("Reach, impact, confidence and effort."),
  })
  .strict()
  .refine((s) => s.ice !== undefined || s.rice !== undefined, {
    message: "give an ICE or a RICE score (or both)",
  });

export const conversionInputSchema = z
  .object({
    owner: z.string().trim().min(1).max(100).describe("Who runs the initiative."),
    method: z.enum(METHODS).default("pdca").describe("PDCA (default) or DMAIC."),
  })
  .strict();

export const SUGGESTION_SORTS = ["votes", "ice", "rice", "newest"] as const;
export type SuggestionSort = (typeof SUGGESTION_SORTS)[number];

export type SuggestionInput = z.input<typeof suggestionInputSchema>;
export type Ice = z.infer<typeof iceSchema>;
export type Rice = z.infer<typeof riceSchema>;
export type ScoreInput = z.input<typeof scoreInputSchema>;
export type ConversionInput = z.input<typeof conversionInputSchema>;
