import { z } from "zod";
import { AppError, type Effects } from "../../core/index.js";
import {
  addSuggestion,
  analysisHistory,
  analysisInputSchema,
  applyRcaAction,
  changeAnalysis,
  commentOnSuggestion,
  conversionInputSchema,
  convertSuggestion,
  createAnalysis,
  declineSuggestion,
  fishboneLayout,
  getAnalysis,
  getPareto,
  getSuggestion,
  iceSchema,
  listAnalyses,
  listParetos,
  listSuggestions,
  pareto,
  paretoRequestSchema,
  rcaActionSchema,
  riceSchema,
  SUGGESTION_SORTS,
  savePareto,
  scoreSuggestion,
  suggestionHistory,
  suggestionInputSchema,
  suggestionScores,
  voteSuggestion,
} from "../../improve/index.js";
import type { Workspace } from "../../workspace/index.js";
import { actorOf } from "../actor.js";
import type { Api } from "../api.js";

const idParams = z.object({ id: z.string().min(1).max(40) });
const version = z
  .number()
  .int()
  .min(1)
  .describe(
    "The version you read; if the record has changed since, the answer is 409 with the current record.",
  );

const voteBody = z
  .object({ version, remove: z.boolean().default(false).describe("Take the vote back.") })
  .strict();
const commentBody = z.object({ version, text: z.string().trim().min(1).max(2000) }).strict();
const scoreBody = z
  .object({ version, ice: iceSchema.optional(), rice: riceSchema.optional() })
  .strict()
  .describe("An ICE score, a RICE score, or both.");
const declineBody = z.object({ version, reason: z.string().trim().min(1).max(2000) }).strict();
const convertBody = conversionInputSchema.extend({ version });

const ACTIONS = rcaActionSchema.options.map((o) => o.shape.action.value);
const patchBody = z
  .object({
    version,
    changes: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Fields to replace: problem, initiative, rootCause; for 5 Whys also whys (the whole chain)."),
    action: z
      .enum(ACTIONS as [string, ...string[]])
      .optional()
      .describe(
        "One change, with its fields beside it: add-why {question, answer, evidence?}, edit-why {index, …}, remove-why {index}, add-cause {category, text, evidence?}, remove-cause {index}, vote {index, remove?}, root {cause}.",
      ),
  })
  .catchall(z.unknown())
  .refine((b) => (b.changes === undefined) !== (b.action === undefined), {
    message: "give either `changes` or an `action`",
  });

const paretoBody = paretoRequestSchema.extend({
  save: z.boolean().default(false).describe("Keep the result as a Pareto record (needs X-Actor)."),
  title: z.string().trim().min(1).max(200).optional().describe("With save: the record's title."),
});

/** Suggestions, 5 Whys, fishbone diagrams and Pareto analyses: the same JSON as the CLI's `--json`. */
export function registerSuggestionRoutes(api: Api, workspace: Workspace, effects: Effects): void {
  const tags = ["improvement"];
  const clock = () => effects.clock;

  api.get(
    "/suggestions",
    {
      schema: {
        tags,
        summary: "Suggestions ranked by votes, ICE or RICE score (unscored last), or newest first",
        querystring: z
          .object({
            sort: z.enum(SUGGESTION_SORTS).default("votes"),
            status: z.enum(["new", "triaged", "converted", "declined"]).optional(),
          })
          .strict(),
      },
    },
    async (request) => ({
      suggestions: await listSuggestions(workspace, {
        sort: request.query.sort,
        ...(request.query.status ? { status: request.query.status } : {}),
      }),
    }),
  );

  api.post(
    "/suggestions",
    {
      schema: {
        tags,
        summary: "Suggest an improvement (X-Actor: who records it)",
        body: suggestionInputSchema,
      },
    },
    async (request, reply) => {
      const suggestion = await addSuggestion(workspace, request.body, actorOf(request), clock());
      return reply.status(201).send({ suggestion });
    },
  );

  api.get(
    "/suggestions/:id",
    { schema: { tags, summary: "A suggestion with its scores and history", params: idParams } },
    async (request) => {
      const suggestion = await getSuggestion(workspace, request.params.id);
      return {
        suggestion,
        scores: suggestionScores(suggestion.data),
        history: await suggestionHistory(workspace, request.params.id),
      };
    },
  );

  api.post(
    "/suggestions/:id/vote",
    {
      schema: {
        tags,
        summary: "Vote for a suggestion, once per person (X-Actor)",
        params: idParams,
        body: voteBody,
      },
    },
    async (request) => ({
      suggestion: await voteSuggestion(
        workspace,
        request.params.id,
        request.body.version,
        actorOf(request),
        clock(),
        { remove: request.body.remove },
      ),
    }),
  );

  api.post(
    "/suggestions/:id/comment",
    { schema: { tags, summary: "Comment on a suggestion (X-Actor)", params: idParams, body: commentBody } },
    async (request) => ({
      suggestion: await commentOnSuggestion(
        workspace,
        request.params.id,
        request.body.version,
        request.body.text,
        actorOf(request),
        clock(),
      ),
    }),
  );

  api.post(
    "/suggestions/:id/score",
    {
      schema: {
        tags,
        summary: "Triage: score by ICE and/or RICE (X-Actor)",
        params: idParams,
        body: scoreBody,
      },
    },
    async (request) => {
      const { version: expected, ...score } = request.body;
      const suggestion = await scoreSuggestion(
        workspace,
        request.params.id,
        expected,
        score,
        actorOf(request),
        clock(),
      );
      return { suggestion, scores: suggestionScores(suggestion.data) };
    },
  );

  api.post(
    "/suggestions/:id/decline",
    {
      schema: {
        tags,
        summary: "Decline a suggestion with a reason (X-Actor)",
        params: idParams,
        body: declineBody,
      },
    },
    async (request) => ({
      suggestion: await declineSuggestion(
        workspace,
        request.params.id,
        request.body.version,
        request.body.reason,
        actorOf(request),
        clock(),
      ),
    }),
  );

  api.post(
    "/suggestions/:id/convert",
    {
      schema: {
        tags,
        summary:
          "Turn a suggestion into an initiative that links back and credits who suggested it (X-Actor)",
        params: idParams,
        body: convertBody,
      },
    },
    async (request, reply) => {
      const { version: expected, ...conversion } = request.body;
      const converted = await convertSuggestion(
        workspace,
        request.params.id,
        expected,
        conversion,
        actorOf(request),
        clock(),
      );
      return reply.status(201).send(converted);
    },
  );

  api.get(
    "/rca",
    {
      schema: {
        tags,
        summary: "5 Whys analyses and fishbone diagrams, oldest first",
        querystring: z
          .object({
            kind: z.enum(["five-whys", "fishbone"]).optional(),
            initiative: z.string().max(40).optional(),
          })
          .strict(),
      },
    },
    async (request) => ({
      analyses: await listAnalyses(workspace, {
        ...(request.query.kind ? { kind: request.query.kind } : {}),
        ...(request.query.initiative ? { initiative: request.query.initiative } : {}),
      }),
    }),
  );

  api.post(
    "/rca",
    {
      schema: {
        tags,
        summary: "Start a 5 Whys analysis or a fishbone diagram: {kind, problem, initiative?} (X-Actor)",
        body: analysisInputSchema,
      },
    },
    async (request, reply) => {
      const analysis = await createAnalysis(workspace, request.body, actorOf(request), clock());
      return reply.status(201).send(analysis);
    },
  );

  api.get(
    "/rca/:id",
    {
      schema: {
        tags,
        summary: "A 5 Whys analysis (W-n) or a fishbone (F-n) with its history",
        params: idParams,
      },
    },
    async (request) => ({
      ...(await getAnalysis(workspace, request.params.id)),
      history: await analysisHistory(workspace, request.params.id),
    }),
  );

  api.patch(
    "/rca/:id",
    {
      schema: {
        tags,
        summary: "Change an analysis: {version, changes} or {version, action, …} (X-Actor)",
        params: idParams,
        body: patchBody,
      },
    },
    async (request) => {
      const { version: expected, changes, ...action } = request.body;
      const actor = actorOf(request);
      return changes !== undefined
        ? changeAnalysis(workspace, request.params.id, expected, changes, actor, clock())
        : applyRcaAction(workspace, request.params.id, expected, action, actor, clock());
    },
  );

  api.get(
    "/rca/:id/layout",
    {
      schema: {
        tags,
        summary: "A fishbone's diagram as geometry: spine, six category bones and each cause on its bone",
        params: idParams,
      },
    },
    async (request) => {
      const analysis = await getAnalysis(workspace, request.params.id);
      if (analysis.kind !== "fishbone")
        throw new AppError(
          "USAGE",
          `${request.params.id} is a 5 Whys analysis; layouts are drawn for fishbone diagrams (F-n).`,
        );
      return {
        id: analysis.record.id,
        version: analysis.record.version,
        layout: fishboneLayout(analysis.record.data),
      };
    },
  );

  api.post(
    "/pareto",
    {
      schema: {
        tags,
        summary:
          "Pareto: counts or sums per category, largest first, with the vital few; save: true keeps it",
        body: paretoBody,
      },
    },
    async (request, reply) => {
      const { save, title, ...query } = request.body;
      if (!save) {
        if (title !== undefined) throw new AppError("USAGE", "`title` goes with `save: true`.");
        return pareto(workspace, query, effects.clock);
      }
      const saved = await savePareto(workspace, query, { title }, actorOf(request), clock());
      return reply.status(201).send({ pareto: saved });
    },
  );

  api.get("/pareto", { schema: { tags, summary: "Saved Pareto analyses" } }, async () => ({
    paretos: await listParetos(workspace),
  }));

  api.get(
    "/pareto/:id",
    {
      schema: {
        tags,
        summary: "A saved Pareto analysis: the request and the result as it was",
        params: idParams,
      },
    },
    async (request) => ({ pareto: await getPareto(workspace, request.params.id) }),
  );
}
