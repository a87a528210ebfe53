import { z } from "zod";
import { distributionSchema, rateWindowSchema, WEEKDAYS } from "../model/index.js";

const clock = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, "must be a time of day HH:MM, e.g. 07:30");

export const scenarioChangeSchema = z.union([
  z
    .strictObject({
      capacity: z
        .strictObject({
          pool: z.string().describe("Resource pool to change."),
          add: z.number().int().optional().describe("Units to add (negative removes)."),
          set: z.number().int().min(0).optional().describe("Units to have instead."),
          shift: z
            .strictObject({ days: z.array(z.enum(WEEKDAYS)).min(1), from: clock, to: clock })
            .optional()
            .describe("Only in these hours of the week; otherwise always."),
        })
        .refine((c) => (c.add === undefined) !== (c.set === undefined), "give either `add` or `set`"),
    })
    .describe("More or fewer units in a pool, always or in one shift."),
  z
    .strictObject({
      duration: z
        .strictObject({
          activity: z.string(),
          scale: z
            .number()
            .min(0)
            .optional()
            .describe("Multiply the activity's durations (0.8 = 20% faster)."),
          set: distributionSchema.optional().describe("A new duration distribution."),
        })
        .refine((c) => (c.scale === undefined) !== (c.set === undefined), "give either `scale` or `set`"),
    })
    .describe("Change how long an activity takes."),
  z
    .strictObject({
      automate: z
        .strictObject({
          activity: z.string(),
          remove: z.literal(true).optional().describe("The step takes no time and needs no resource."),
          scale: z.number().min(0).optional().describe("The step still runs, this much as long."),
        })
        .refine(
          (c) => (c.remove === undefined) !== (c.scale === undefined),
          "give either `remove` or `scale`",
        ),
    })
    .describe("Automate an activity: remove it or shorten it."),
  z
    .strictObject({
      routing: z
        .strictObject({
          choice: z.string().optional().describe("Name of a choice in the flow."),
          probabilities: z
            .record(z.string(), z.number().min(0).max(1))
            .optional()
            .describe("New probability per branch name (or branch number from 0)."),
          loop: z.string().optional().describe("Name of a loop in the flow."),
          repeatProbability: z
            .number()
            .min(0)
            .max(1)
            .optional()
            .describe("New chance of (re)running the loop."),
        })
        .refine(
          (r) =>
            (r.choice !== undefined && r.probabilities !== undefined) ||
            (r.loop !== undefined && r.repeatProbability !== undefined),
          "give `choice` with `probabilities`, or `loop` with `repeatProbability`",
        ),
    })
    .describe("Change routing probabilities."),
  z
    .strictObject({
      demand: z.strictObject({ scale: z.number().positive().describe("1.3 = 30% more cases.") }),
    })
    .describe("Scale demand."),
  z
    .strictObject({
      arrivals: z.strictObject({
        calendar: z.array(rateWindowSchema).optional(),
        interarrival: distributionSchema.optional(),
      }),
    })
    .describe("Replace the arrival calendar or inter-arrival distribution."),
]);

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1).describe("Short name, e.g. saturday-baker."),
    description: z
      .string()
      .optional()
      .describe("The change in words, used in the verdict: 'Adding one baker on Saturday 06:00–10:00'."),
    changes: z.array(scenarioChangeSchema).min(1).describe("Changes to the baseline model."),
  })
  .describe("A what-if scenario: changes to the model, compared with the baseline.");

export const scenarioFileSchema = z
  .union([
    z.strictObject({ scenarios: z.array(scenarioSchema).min(1) }),
    z.array(scenarioSchema).min(1),
    scenarioSchema,
  ])
  .describe("One scenario, a list, or `scenarios: [...]`.");

export type ScenarioChange = z.infer<typeof scenarioChangeSchema>;
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioFile = z.infer<typeof scenarioFileSchema>;

export function scenariosOf(file: ScenarioFile): Scenario[] {
  if (Array.isArray(file)) return file;
  if ("scenarios" in file) return file.scenarios;
  return [file];
}
