import { stringify } from "yaml";
import { z } from "zod";
import { findLogConfig } from "../../mining/index.js";
import { calibrateTwin } from "../../twin/calibrate/index.js";
import { loadTwinLog } from "../../twin/calibrate/source.js";
import { validateTwin } from "../../twin/validate/index.js";
import type { Workspace } from "../../workspace/index.js";
import type { Api } from "../api.js";
import { errorSchema } from "../schemas.js";

const params = z.object({ name: z.string().min(1).max(63) });

const body = z
  .object({
    timeUnit: z.enum(["second", "minute", "hour"]).optional(),
    validate: z.boolean().default(true).describe("Simulate the model and compare it with the log"),
    replications: z.number().int().min(1).max(20).default(3),
    cases: z.number().int().min(1).max(200_000).optional(),
    seed: z.number().int().min(0).default(1),
  })
  .strict();

const distances = z.object({
  cycleTimeEmd: z.number().describe("Cycle-time EMD, hours"),
  absoluteHourEmd: z.number().describe("Absolute-hour event distribution EMD, hours"),
  circadianEmd: z.number().describe("Circadian event distribution EMD, hours"),
  nGramDistance: z.number().describe("3-gram control-flow distance, 0–1"),
});

/** Calibrating a workspace log's digital twin (and checking it against the log) over HTTP. */
export function registerTwinCalibrationRoutes(api: Api, workspace: Workspace): void {
  api.post(
    "/logs/:name/twin",
    {
      schema: {
        tags: ["digital twin"],
        summary: "Build a simulation model from an event log, and validate it by Simod's measures",
        params,
        body,
        response: {
          200: z.object({
            model: z.record(z.string(), z.unknown()),
            yaml: z.string(),
            calibration: z.record(z.string(), z.unknown()),
            validation: z
              .object({
                cases: z.number(),
                replications: z.number(),
                start: z.string(),
                distances,
                perReplication: z.array(
                  distances.extend({ simulatedCases: z.number(), simulatedEvents: z.number() }),
                ),
                seconds: z.number(),
              })
              .nullable(),
          }),
          400: errorSchema,
          404: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      const config = findLogConfig(workspace, request.params.name);
      const log = await loadTwinLog({ workspace, config });
      const { timeUnit, validate, replications, cases, seed } = request.body;
      const calibration = calibrateTwin(log, timeUnit ? { timeUnit } : {});
      const { model, ...rest } = calibration;
      const validation = validate
        ? validateTwin(model, log, { replications, seed, ...(cases ? { cases } : {}) })
        : null;
      return {
        model: model as unknown as Record<string, unknown>,
        yaml: stringify(model, { lineWidth: 0 }),
        calibration: rest as unknown as Record<string, unknown>,
        validation: validation ? { ...validation } : null,
      };
    },
  );
}
