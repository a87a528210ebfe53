import { AppError, type Clock } from "../core/index.js";
import { findKpi } from "../kpi/index.js";
import type { Workspace } from "../workspace/index.js";
import { type Initiative, type Suggestion, suggestionSchema } from "./improve.schema.js";
import { createInitiative } from "./initiatives.js";
import type { InitiativeInput } from "./initiatives.schema.js";
import { checkInput } from "./rca-input.js";
import {
  createRecord,
  getRecord,
  type HistoryEntry,
  listRecords,
  recordHistory,
  removeRecord,
  type StoredRecord,
  updateRecord,
} from "./records.js";
import {
  type ConversionInput,
  conversionInputSchema,
  type Ice,
  type Rice,
  type ScoreInput,
  type SuggestionInput,
  type SuggestionSort,
  scoreInputSchema,
  suggestionInputSchema,
} from "./suggestions.schema.js";

/**
 * Employee suggestions: anyone suggests, others vote (once each) and comment, a triage scores them by
 * ICE or RICE, and each one is either declined with a reason or converted into an initiative that
 * keeps the link and the credit. Every write names the version it read and who makes it.
 */

export type SuggestionRecord = StoredRecord<Suggestion>;

export interface SuggestionScores {
  votes: number;
  /** impact × confidence × ease, or null before it is scored. */
  ice: number | null;
  /** reach × impact × confidence / effort, or null before it is scored. */
  rice: number | null;
}

export interface RankedSuggestion extends SuggestionRecord {
  /** 1 for the first in the chosen order. */
  rank: number;
  scores: SuggestionScores;
}

/** ICE score: impact × confidence × ease, each 1–10, so 1 to 1,000. */
export function iceScore(ice: Ice): number {
  return ice.impact * ice.confidence * ice.ease;
}

/** RICE score: reach × impact × confidence / effort (people reached per month per person-month of work). */
export function riceScore(rice: Rice): number {
  return (rice.reach * rice.impact * rice.confidence) / rice.effort;
}

export function suggestionScores(suggestion: Suggestion): SuggestionScores {
  return {
    votes: suggestion.votes.length,
    ice: suggestion.ice ? iceScore(suggestion.ice) : null,
    rice: suggestion.rice ? riceScore(suggestion.rice) : null,
  };
}

function isClosed(s: Suggestion): boolean {
  return s.status === "converted" || s.status === "declined";
}

/** Refuses a change to a suggestion that was converted or declined. */
function requireOpen(record: SuggestionRecord, doing: string): void {
  const s = record.data;
  if (!isClosed(s)) return;
  const state = s.status === "converted" ? `was converted into initiative ${s.initiative}` : "was declined";
  throw new AppError("CONFLICT", `Suggestion ${record.id} ${state}; it takes no more ${doing}.`, {
    current: record,
  });
}

/** Stores a new suggestion; the KPI, when given, must be one of the workspace's. */
export async function addSuggestion(
  workspace: Workspace,
  input: SuggestionInput | unknown,
  actor: string,
  clock: Clock,
): Promise<SuggestionRecord> {
  const given = checkInput(suggestionInputSchema, input, "suggestion");
  if (given.kpi) findKpi(workspace, given.kpi);
  const data = suggestionSchema.parse({ ...given, by: given.by ?? actor.trim() });
  return createRecord(workspace.store, "suggestion", data, actor, clock);
}

export async function getSuggestion(workspace: Workspace, id: string): Promise<SuggestionRecord> {
  return getRecord<Suggestion>(workspace.store, "suggestion", id);
}

export async function suggestionHistory(workspace: Workspace, id: string): Promise<HistoryEntry[]> {
  return recordHistory(workspace.store, "suggestion", id);
}

/** Larger first, with unscored ones (null) last. */
function descending(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  return b - a;
}

/**
 * Suggestions in ranked order: by votes (default), ICE or RICE score, highest first and unscored last,
 * or newest first. Ties keep the order they were made in.
 */
export async function listSuggestions(
  workspace: Workspace,
  options: { sort?: SuggestionSort; status?: Suggestion["status"] } = {},
): Promise<RankedSuggestion[]> {
  const sort = options.sort ?? "votes";
  const all = (await listRecords<Suggestion>(workspace.store, "suggestion"))
    .filter((r) => options.status === undefined || r.data.status === options.status)
    .map((r, made) => ({ record: r, made, scores: suggestionScores(r.data) }));
  all.sort((a, b) => {
    const by =
      sort === "newest"
        ? b.made - a.made
        : sort === "votes"
          ? b.scores.votes - a.scores.votes
          : descending(a.scores[sort], b.scores[sort]);
    return by !== 0 ? by : a.made - b.made;
  });
  return all.map((x, i) => ({ ...x.record, rank: i + 1, scores: x.scores }));
}

/** Adds the actor's vote (once per person), or takes it back with `remove`. */
export async function voteSuggestion(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  actor: string,
  clock: Clock,
  options: { remove?: boolean } = {},
): Promise<SuggestionRecord> {
  const voter = actor.trim();
  return updateRecord<Suggestion>(
    workspace.store,
    "suggestion",
    id,
    expectedVersion,
    (s, record) => {
      requireOpen(record, "votes");
      const voted = s.votes.includes(voter);
      if (options.remove) {
        if (!voted)
          throw new AppError("CONFLICT", `${voter} has not voted for ${id}; there is no vote to take back.`, {
            current: record,
          });
        return { ...s, votes: s.votes.filter((v) => v !== voter) };
      }
      if (voted)
        throw new AppError(
          "CONFLICT",
          `${voter} has already voted for ${id}; everyone votes once (take it back with --remove).`,
          { current: record },
        );
      return { ...s, votes: [...s.votes, voter] };
    },
    voter,
    clock,
    options.remove ? "vote taken back" : "voted",
  );
}

export async function commentOnSuggestion(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  text: string,
  actor: string,
  clock: Clock,
): Promise<SuggestionRecord> {
  return updateRecord<Suggestion>(
    workspace.store,
    "suggestion",
    id,
    expectedVersion,
    (s) =>
      suggestionSchema.parse({
        ...s,
        comments: [...s.comments, { by: actor.trim(), at: clock.now().toISOString(), text }],
      }),
    actor,
    clock,
    "commented",
  );
}

/** Sets the ICE and/or RICE score; a new suggestion becomes triaged. */
export async function scoreSuggestion(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  input: ScoreInput | unknown,
  actor: string,
  clock: Clock,
): Promise<SuggestionRecord> {
  const score = checkInput(scoreInputSchema, input, "score");
  return updateRecord<Suggestion>(
    workspace.store,
    "suggestion",
    id,
    expectedVersion,
    (s, record) => {
      requireOpen(record, "scores");
      return {
        ...s,
        ...(score.ice ? { ice: score.ice } : {}),
        ...(score.rice ? { rice: score.rice } : {}),
        status: "triaged",
      };
    },
    actor,
    clock,
    "scored",
  );
}

export async function declineSuggestion(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  reason: string,
  actor: string,
  clock: Clock,
): Promise<SuggestionRecord> {
  const why = reason.trim();
  if (why === "") throw new AppError("USAGE", "Say why the suggestion is declined (--reason TEXT).");
  return updateRecord<Suggestion>(
    workspace.store,
    "suggestion",
    id,
    expectedVersion,
    (s, record) => {
      requireOpen(record, "decisions");
      return suggestionSchema.parse({
        ...s,
        status: "declined",
        declined: { reason: why, by: actor.trim(), at: clock.now().toISOString() },
      });
    },
    actor,
    clock,
    "declined",
  );
}

/**
 * What the initiative a suggestion becomes starts with: its title, description (as the problem), area
 * and KPI, the owner and method chosen at conversion, the link back, the credit and the idea's date.
 */
export function initiativeFromSuggestion(
  record: SuggestionRecord,
  conversion: { owner: string; method: Initiative["method"] },
): InitiativeInput {
  const s = record.data;
  return {
    title: s.title,
    problem: s.description,
    area: s.area,
    kpis: s.kpi ? [s.kpi] : [],
    owner: conversion.owner,
    method: conversion.method,
    suggestion: record.id,
    credit: [s.by],
    ideaAt: record.createdAt,
  };
}

/**
 * Turns a suggestion into an initiative: creates the initiative the way `createInitiative` does
 * (linked to the suggestion, crediting who suggested it) and marks the suggestion converted with the
 * initiative's id. Both happen or
 * neither does: the records are written in two steps, and when the second fails the initiative is
 * removed again before the error is passed on.
 */
export async function convertSuggestion(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  input: ConversionInput | unknown,
  actor: string,
  clock: Clock,
): Promise<{ suggestion: SuggestionRecord; initiative: StoredRecord<Initiative> }> {
  const conversion = checkInput(conversionInputSchema, input, "conversion");
  const store = workspace.store;
  const current = await getSuggestion(workspace, id);
  if (current.version !== expectedVersion) {
    throw new AppError(
      "CONFLICT",
      `suggestion ${id} was changed by ${current.updatedBy} at ${current.updatedAt} (now version ${current.version}, you had ${expectedVersion}); reload it and make your change again.`,
      { current },
    );
  }
  requireOpen(current, "decisions");
  // Created as any initiative is: first stage of its method, start today, the main KPI's baseline.
  const initiative = await createInitiative(workspace, initiativeFromSuggestion(current, conversion), {
    actor,
    clock,
  });
  try {
    const suggestion = await updateRecord<Suggestion>(
      store,
      "suggestion",
      id,
      expectedVersion,
      (s, record) => {
        requireOpen(record, "decisions");
        return { ...s, status: "converted", initiative: initiative.id };
      },
      actor,
      clock,
      "converted",
    );
    return { suggestion, initiative };
  } catch (error) {
    try {
      await removeRecord(store, "initiative", initiative.id, actor, clock);
    } catch (undo) {
      const message = undo instanceof Error ? undo.message : String(undo);
      throw new AppError(
        "STORE_ERROR",
        `Converting ${id} failed, and initiative ${initiative.id} made for it could not be removed (${message}); remove it with its id.`,
        { initiative: initiative.id },
        { cause: error },
      );
    }
    throw error;
  }
}
