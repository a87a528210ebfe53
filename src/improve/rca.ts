import { AppError, type Clock } from "../core/index.js";
import type { Workspace } from "../workspace/index.js";
import { type Fishbone, type FiveWhys, fiveWhysSchema } from "./improve.schema.js";
import {
  type AnalysisInput,
  analysisInputSchema,
  type FishboneChanges,
  type FiveWhysChanges,
  fishboneChangesSchema,
  fiveWhysChangesSchema,
  type RcaAction,
  rcaActionSchema,
  type WhyEdit,
  type WhyInput,
  whyEditSchema,
  whyInputSchema,
} from "./rca.schema.js";
import {
  addCause,
  checkCategory,
  createFishbone,
  type FishboneRecord,
  removeCause,
  setFishboneRoot,
  voteCause,
} from "./rca-fishbone.js";
import { checkIndex, checkInput, createRcaRecord, requireInitiative } from "./rca-input.js";
import {
  getRecord,
  type HistoryEntry,
  listRecords,
  type RecordKind,
  recordHistory,
  type StoredRecord,
  updateRecord,
} from "./records.js";

/**
 * Root-cause analyses: 5 Whys chains (each answer may point at its evidence, the last one names the
 * root cause) and fishbone diagrams (rca-fishbone.ts). Either may belong to an initiative.
 */

export type FiveWhysRecord = StoredRecord<FiveWhys>;
export type AnalysisKind = "five-whys" | "fishbone";
export type Analysis =
  | { kind: "five-whys"; record: FiveWhysRecord }
  | { kind: "fishbone"; record: FishboneRecord };

const MAX_WHYS = 10;

/** The kind of a root-cause record from its id: W-1 is a 5 Whys analysis, F-2 a fishbone, P-3 a Pareto. */
export function rcaKindOf(id: string): RecordKind | undefined {
  if (/^W-\d+$/.test(id)) return "five-whys";
  if (/^F-\d+$/.test(id)) return "fishbone";
  if (/^P-\d+$/.test(id)) return "pareto";
  return undefined;
}

function analysisKindOf(id: string): AnalysisKind {
  const kind = rcaKindOf(id);
  if (kind === "five-whys" || kind === "fishbone") return kind;
  throw new AppError(
    "NOT_FOUND",
    `No root-cause analysis ${id}; 5 Whys analyses are numbered W-1, W-2 …, fishbone diagrams F-1, F-2 ….`,
    { id },
  );
}

export async function createFiveWhys(
  workspace: Workspace,
  input: { problem: string; initiative?: string | null | undefined },
  actor: string,
  clock: Clock,
): Promise<FiveWhysRecord> {
  return createRcaRecord(workspace.store, "five-whys", fiveWhysSchema, "5 Whys", input, actor, clock);
}

/** Starts a 5 Whys analysis or a fishbone diagram: `{kind, problem, initiative?}`. */
export async function createAnalysis(
  workspace: Workspace,
  input: AnalysisInput | unknown,
  actor: string,
  clock: Clock,
): Promise<Analysis> {
  const given = checkInput(analysisInputSchema, input, "analysis");
  if (given.kind === "five-whys")
    return { kind: "five-whys", record: await createFiveWhys(workspace, given, actor, clock) };
  return { kind: "fishbone", record: await createFishbone(workspace, given, actor, clock) };
}

export async function getAnalysis(workspace: Workspace, id: string): Promise<Analysis> {
  const kind = analysisKindOf(id);
  if (kind === "five-whys") return { kind, record: await getRecord<FiveWhys>(workspace.store, kind, id) };
  return { kind, record: await getRecord<Fishbone>(workspace.store, kind, id) };
}

export async function analysisHistory(workspace: Workspace, id: string): Promise<HistoryEntry[]> {
  return recordHistory(workspace.store, analysisKindOf(id), id);
}

/**
 * 5 Whys analyses and fishbone diagrams, oldest first (5 Whys first when made at the same moment),
 * optionally of one kind or one initiative.
 */
export async function listAnalyses(
  workspace: Workspace,
  options: { kind?: AnalysisKind; initiative?: string } = {},
): Promise<Analysis[]> {
  const whys = options.kind === "fishbone" ? [] : await listRecords<FiveWhys>(workspace.store, "five-whys");
  const bones = options.kind === "five-whys" ? [] : await listRecords<Fishbone>(workspace.store, "fishbone");
  const all: Analysis[] = [
    ...whys.map((record) => ({ kind: "five-whys" as const, record })),
    ...bones.map((record) => ({ kind: "fishbone" as const, record })),
  ];
  return all
    .filter((a) => options.initiative === undefined || a.record.data.initiative === options.initiative)
    .sort((a, b) => a.record.createdAt.localeCompare(b.record.createdAt));
}

function changeWhys(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  change: (w: FiveWhys) => FiveWhys,
  actor: string,
  clock: Clock,
  action: string,
): Promise<FiveWhysRecord> {
  return updateRecord<FiveWhys>(
    workspace.store,
    "five-whys",
    id,
    expectedVersion,
    (w) => checkInput(fiveWhysSchema, change(w), id),
    actor,
    clock,
    action,
  );
}

/** Adds the next why and its answer, optionally with the evidence behind the answer. */
export async function addWhy(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  input: WhyInput,
  actor: string,
  clock: Clock,
): Promise<FiveWhysRecord> {
  const step = checkInput(whyInputSchema, input, "why");
  return changeWhys(
    workspace,
    id,
    expectedVersion,
    (w) => {
      if (w.whys.length >= MAX_WHYS)
        throw new AppError(
          "USAGE",
          `${id} already asks why ${MAX_WHYS} times; set the root cause, or remove a step first.`,
        );
      return { ...w, whys: [...w.whys, { ...step, evidence: step.evidence ?? null }] };
    },
    actor,
    clock,
    "why added",
  );
}

/** Changes the question, the answer or the evidence of step `index` (from 0). */
export async function editWhy(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  index: number,
  input: WhyEdit,
  actor: string,
  clock: Clock,
): Promise<FiveWhysRecord> {
  const edit = checkInput(whyEditSchema, input, "why");
  return changeWhys(
    workspace,
    id,
    expectedVersion,
    (w) => {
      checkIndex(index, w.whys.length, "step", id);
      const whys = w.whys.map((s, i) =>
        i === index
          ? {
              question: edit.question ?? s.question,
              answer: edit.answer ?? s.answer,
              evidence: edit.evidence === undefined ? s.evidence : edit.evidence,
            }
          : s,
      );
      return { ...w, whys };
    },
    actor,
    clock,
    "why edited",
  );
}

export async function removeWhy(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  index: number,
  actor: string,
  clock: Clock,
): Promise<FiveWhysRecord> {
  return changeWhys(
    workspace,
    id,
    expectedVersion,
    (w) => {
      checkIndex(index, w.whys.length, "step", id);
      return { ...w, whys: w.whys.filter((_s, i) => i !== index) };
    },
    actor,
    clock,
    "why removed",
  );
}

/** Names the root cause the chain arrives at (an empty text clears it). */
export async function setWhysRoot(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  cause: string,
  actor: string,
  clock: Clock,
): Promise<FiveWhysRecord> {
  return changeWhys(
    workspace,
    id,
    expectedVersion,
    (w) => ({ ...w, rootCause: cause.trim() }),
    actor,
    clock,
    "root cause set",
  );
}

/**
 * Replaces fields of an analysis at once (the HTTP API's PATCH): for a 5 Whys analysis the problem,
 * the initiative, the whole chain of whys or the root cause; for a fishbone the problem, the initiative
 * or the root cause's index. A fishbone's causes change one at a time (`applyRcaAction`).
 */
export async function changeAnalysis(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  changes: FiveWhysChanges | FishboneChanges | unknown,
  actor: string,
  clock: Clock,
): Promise<Analysis> {
  const kind = analysisKindOf(id);
  if (kind === "five-whys") {
    const c = checkInput(fiveWhysChangesSchema, changes, `changes to ${id}`);
    await requireInitiative(workspace.store, c.initiative);
    const record = await changeWhys(
      workspace,
      id,
      expectedVersion,
      (w) => ({
        ...w,
        ...(c.problem !== undefined ? { problem: c.problem } : {}),
        ...(c.initiative !== undefined ? { initiative: c.initiative } : {}),
        ...(c.whys !== undefined
          ? { whys: c.whys.map((s) => ({ ...s, evidence: s.evidence ?? null })) }
          : {}),
        ...(c.rootCause !== undefined ? { rootCause: c.rootCause } : {}),
      }),
      actor,
      clock,
      "updated",
    );
    return { kind, record };
  }
  const c = checkInput(fishboneChangesSchema, changes, `changes to ${id}`);
  await requireInitiative(workspace.store, c.initiative);
  const record = await updateRecord<Fishbone>(
    workspace.store,
    "fishbone",
    id,
    expectedVersion,
    (f) => {
      if (c.rootCause !== undefined && c.rootCause !== null)
        checkIndex(c.rootCause, f.causes.length, "cause", id);
      return {
        ...f,
        ...(c.problem !== undefined ? { problem: c.problem } : {}),
        ...(c.initiative !== undefined ? { initiative: c.initiative } : {}),
        ...(c.rootCause !== undefined ? { rootCause: c.rootCause } : {}),
      };
    },
    actor,
    clock,
    "updated",
  );
  return { kind, record };
}

function wrongKind(id: string, kind: AnalysisKind, action: string): AppError {
  const what = kind === "five-whys" ? "a 5 Whys analysis" : "a fishbone diagram";
  return new AppError("USAGE", `${id} is ${what}; "${action}" does not apply to it.`, { action });
}

/** One named change to an analysis (the HTTP API's PATCH with `action`). */
export async function applyRcaAction(
  workspace: Workspace,
  id: string,
  expectedVersion: number,
  input: RcaAction | unknown,
  actor: string,
  clock: Clock,
): Promise<Analysis> {
  const kind = analysisKindOf(id);
  const given = input as { action?: unknown; category?: unknown } | null;
  // A misspelt category gets its did-you-mean and the six to choose from.
  if (given?.action === "add-cause" && typeof given.category === "string") checkCategory(given.category);
  const a = checkInput(rcaActionSchema, input, `change to ${id}`);
  if (kind === "five-whys") {
    const run = (): Promise<FiveWhysRecord> => {
      switch (a.action) {
        case "add-why": {
          const { action: _a, ...step } = a;
          return addWhy(workspace, id, expectedVersion, step, actor, clock);
        }
        case "edit-why": {
          const { action: _a, index, ...edit } = a;
          return editWhy(workspace, id, expectedVersion, index, edit, actor, clock);
        }
        case "remove-why":
          return removeWhy(workspace, id, expectedVersion, a.index, actor, clock);
        case "root":
          if (typeof a.cause === "number")
            throw new AppError("USAGE", `The root cause of ${id} is a text, the answer the whys arrive at.`);
          return setWhysRoot(workspace, id, expectedVersion, a.cause ?? "", actor, clock);
        default:
          throw wrongKind(id, kind, a.action);
      }
    };
    return { kind, record: await run() };
  }
  const run = (): Promise<FishboneRecord> => {
    switch (a.action) {
      case "add-cause": {
        const { action: _a, ...cause } = a;
        return addCause(workspace, id, expectedVersion, cause, actor, clock);
      }
      case "remove-cause":
        return removeCause(workspace, id, expectedVersion, a.index, actor, clock);
      case "vote":
        return voteCause(workspace, id, expectedVersion, a.index, actor, clock, { remove: a.remove });
      case "root":
        if (typeof a.cause === "string")
          throw new AppError(
            "USAGE",
            `The root cause of ${id} is chosen by the index of one of its causes (from 0), or null.`,
          );
        return setFishboneRoot(workspace, id, expectedVersion, a.cause, actor, clock);
      default:
        throw wrongKind(id, kind, a.action);
    }
  };
  return { kind, record: await run() };
}
