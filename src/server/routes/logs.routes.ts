import { z } from "zod";
import { defineEventLog, listEventLogs } from "../../eventlog/index.js";
import { eventLogSchema, type Workspace } from "../../workspace/index.js";
import type { Api } from "../api.js";
import { errorSchema, eventLogSummarySchema } from "../schemas.js";

export function registerLogRoutes(api: Api, workspace: Workspace): void {
  api.get(
    "/logs",
    {
      schema: {
        summary: "Event logs with their events, cases and activities",
        response: { 200: z.object({ logs: z.array(eventLogSummarySchema) }), 422: errorSchema },
      },
    },
    async () => ({ logs: await listEventLogs(workspace) }),
  );
  api.post(
    "/logs",
    {
      schema: {
        summary: "Define or redefine an event log over a dataset",
        body: eventLogSchema,
        response: { 201: z.object({ log: eventLogSchema }), 404: errorSchema, 422: errorSchema },
      },
    },
    async (request, reply) => {
      const log = await defineEventLog(workspace, request.body);
      return reply.status(201).send({ log });
    },
  );
}
