import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Effects } from "../../core/index.js";
import {
  addEvidence,
  type ChangeBy,
  closeInitiative,
  closingOutcomeSchema,
  createInitiative,
  describeInitiative,
  evidenceSchema,
  initiativeFilterSchema,
  initiativeHistory,
  initiativeInputSchema,
  initiativePatchSchema,
  initiativeRoi,
  journalQuerySchema,
  listInitiatives,
  moveInitiativeStage,
  readImprovementBoard,
  readImprovementMetrics,
  readJournal,
  recordResult,
  refuseManagedFields,
  removeEvidence,
  reopenInitiative,
  resultSourceSchema,
  stageTargetSchema,
  updateInitiative,
} from "../../improve/index.js";
import type { Workspace } from "../../workspace/index.js";
import { actorOf } from "../actor.js";
import type { Api } from "../api.js";

const idParams = z.object({ id: z.string().regex(/^I-\d+$/, "must be an initiative id such as I-3") });
const version = z
  .number()
  .int()
  .min(1)
  .describe("The version you read; a stale one gets 409 with the current record.");
const boardQuery = initiativeFilterSchema.pick({ owner: true, area: true, kpi: true });

/**
 * Initiatives over HTTP: the same records and rules as `opsloop initiative …`. Every write names the
 * version it was made on (409 with the current record when stale) and its author in X-Actor.
 */
export function registerInitiativeRoutes(api: Api, workspace: Workspace, effects: Effects): void {
  const tags = ["improvement"];
  const by = (request: FastifyRequest): ChangeBy => ({ actor: actorOf(request), clock: effects.clock });

  api.get(
    "/initiatives",
    {
      schema: {
        tags,
        summary: "Initiatives, filtered by owner, area, KPI, stage, outcome or method",
        querystring: initiativeFilterSchema,
      },
    },
    async (request) => ({ initiatives: await listInitiatives(workspace, request.query) }),
  );

  api.post(
    "/initiatives",
    {
      schema: {
        tags,
        summary: "Start an initiative at its method's first stage; the main KPI's baseline is captured",
        body: initiativeInputSchema,
      },
      // Stage, outcome, result and baseline get a message that says how they change instead.
      preValidation: async (request) => refuseManagedFields(request.body, "A new initiative"),
    },
    async (request, reply) => {
      const initiative = await createInitiative(workspace, request.body, by(request));
      return reply.status(201).send({ initiative, roi: initiativeRoi(initiative.data) });
    },
  );

  api.get(
    "/initiatives/:id",
    { schema: { tags, summary: "An initiative with its benefit, ROI and history", params: idParams } },
    async (request) => describeInitiative(workspace, request.params.id),
  );

  api.patch(
    "/initiatives/:id",
    {
      schema: {
        tags,
        summary: "Change fields (not stage, outcome, result or baseline) at the version read",
        params: idParams,
        body: z.object({ version, changes: initiativePatchSchema }).strict(),
      },
      preValidation: async (request) =>
        refuseManagedFields((request.body as { changes?: unknown } | undefined)?.changes, "An update"),
    },
    async (request) => {
      const { version: v, changes } = request.body;
      const initiative = await updateInitiative(workspace, request.params.id, v, changes, by(request));
      return { initiative, roi: initiativeRoi(initiative.data) };
    },
  );

  api.post(
    "/initiatives/:id/stage",
    {
      schema: {
        tags,
        summary: "Move to `next`, `back` or a named stage, one step forward at most",
        params: idParams,
        body: z.object({ version, to: stageTargetSchema }).strict(),
      },
    },
    async (request) => ({
      initiative: await moveInitiativeStage(
        workspace,
        request.params.id,
        request.body.version,
        request.body.to,
        by(request),
      ),
    }),
  );

  api.post(
    "/initiatives/:id/evidence",
    {
      schema: {
        tags,
        summary: "Link evidence",
        params: idParams,
        body: z.object({ version, evidence: evidenceSchema }).strict(),
      },
    },
    async (request, reply) => {
      const initiative = await addEvidence(
        workspace,
        request.params.id,
        request.body.version,
        request.body.evidence,
        by(request),
      );
      return reply.status(201).send({ initiative });
    },
  );

  api.delete(
    "/initiatives/:id/evidence/:index",
    {
      schema: {
        tags,
        summary: "Remove the evidence at an index (from 0)",
        params: idParams.extend({ index: z.coerce.number().int().min(0) }),
        querystring: z.object({ version: z.coerce.number().int().min(1) }).strict(),
      },
    },
    async (request) => ({
      initiative: await removeEvidence(
        workspace,
        request.params.id,
        request.query.version,
        request.params.index,
        by(request),
      ),
    }),
  );

  api.post(
    "/initiatives/:id/result",
    {
      schema: {
        tags,
        summary: "Measure the result from an experiment, a pilot or a KPI before and after (never typed in)",
        params: idParams,
        body: z.object({ version, source: resultSourceSchema }).strict(),
      },
    },
    async (request) => {
      const initiative = await recordResult(
        workspace,
        request.params.id,
        request.body.version,
        request.body.source,
        by(request),
      );
      return { initiative, roi: initiativeRoi(initiative.data) };
    },
  );

  api.post(
    "/initiatives/:id/close",
    {
      schema: {
        tags,
        summary: "Close with an outcome: verified (a significant, better result), not-verified or abandoned",
        params: idParams,
        body: z
          .object({ version, outcome: closingOutcomeSchema, learnings: z.string().max(4000).optional() })
          .strict(),
      },
    },
    async (request) => {
      const { version: v, ...input } = request.body;
      const initiative = await closeInitiative(workspace, request.params.id, v, input, by(request));
      return { initiative, roi: initiativeRoi(initiative.data) };
    },
  );

  api.post(
    "/initiatives/:id/reopen",
    {
      schema: {
        tags,
        summary: "Reopen a closed initiative at the stage it was closed in",
        params: idParams,
        body: z.object({ version }).strict(),
      },
    },
    async (request) => ({
      initiative: await reopenInitiative(workspace, request.params.id, request.body.version, by(request)),
    }),
  );

  api.get(
    "/initiatives/:id/history",
    {
      schema: {
        tags,
        summary: "Every change: version, time, author, fields before and after",
        params: idParams,
      },
    },
    async (request) => ({
      id: request.params.id,
      history: await initiativeHistory(workspace, request.params.id),
    }),
  );

  api.get(
    "/improvements/board",
    {
      schema: {
        tags,
        summary: "Open initiatives by stage of their method, closed ones by outcome",
        querystring: boardQuery,
      },
    },
    async (request) => readImprovementBoard(workspace, request.query),
  );

  api.get(
    "/improvements/metrics",
    {
      schema: {
        tags,
        summary: "Learning rate, share verified, the verified ROI with its interval and counts per stage",
        querystring: boardQuery,
      },
    },
    async (request) => readImprovementMetrics(workspace, request.query),
  );

  api.get(
    "/journal",
    {
      schema: {
        tags,
        summary: "What closed initiatives taught, searchable by words, area, KPI and outcome",
        querystring: journalQuerySchema,
      },
    },
    async (request) => ({ entries: await readJournal(workspace, request.query) }),
  );
}
