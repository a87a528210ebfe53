/**
 * The parameter file that goes with a BPMN model: what BPMN does not say (arrivals, pools, durations,
 * branch and loop probabilities). YAML or JSON; documented in docs/twin-model.md.
 */
import { z } from "zod";
import {
  activitySchema,
  arrivalsSchema,
  distributionSchema,
  resourceSchema,
  runSettingsSchema,
  TIME_UNITS,
  twinModelSchema,
} from "../model/index.js";

const probability = z.number().min(0).max(1);

export const bpmnActivityParamsSchema = z
  .strictObject({
    resource: activitySchema.shape.resource,
    duration: distributionSchema.optional().describe("Processing time; none means instantaneous."),
    priority: activitySchema.shape.priority,
  })
  .describe("Settings of one task of the BPMN model.");

export const bpmnParamsSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe("Model name; default the BPMN process name or file name."),
    description: z.string().optional().describe("What the model represents."),
    timeUnit: z.enum(TIME_UNITS).default("minute").describe("Unit of every time and duration in the file."),
    start: twinModelSchema.shape.start,
    timeZone: twinModelSchema.shape.timeZone,
    costBasis: z
      .enum(["available", "busy"])
      .optional()
      .describe("Pools cost per hour they are available (default) or only while busy."),
    arrivals: arrivalsSchema,
    resources: z.record(z.string(), resourceSchema).default({}).describe("Resource pools by name."),
    activities: z
      .record(z.string(), bpmnActivityParamsSchema)
      .default({})
      .describe("Per task (by task name or id): pool, duration distribution and priority."),
    probabilities: z
      .record(z.string(), z.record(z.string(), probability))
      .default({})
      .describe(
        "Branch probabilities per exclusive split (by gateway id or name), per outgoing flow (by flow id or target name). Missing flows share what is left equally.",
      ),
    loops: z
      .record(
        z.string(),
        z.union([
          probability,
          z.strictObject({
            repeatProbability: probability.describe("Chance of going round the loop (again)."),
            max: z.number().int().min(0).optional().describe("Most times round; default 10."),
          }),
        ]),
      )
      .default({})
      .describe(
        "Repeat probability per loop (by the id or name of its exclusive split or join); default the split's probability of the flow going back.",
      ),
    run: runSettingsSchema.optional(),
  })
  .describe("Simulation parameters of a BPMN model.");

export type BpmnParams = z.infer<typeof bpmnParamsSchema>;
export type BpmnParamsInput = z.input<typeof bpmnParamsSchema>;
