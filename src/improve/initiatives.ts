import type { z } from "zod";
import { AppError, type Clock, describeIssues } from "../core/index.js";
import { localToday } from "../experiments/index.js";
import { completePoints, evaluateKpi, findKpi, parsePeriod } from "../kpi/index.js";
import type { Workspace } from "../workspace/index.js";
import {
  CHECK_STAGES,
  type Evidence,
  evidenceSchema,
  type Initiative,
  initiativeSchema,
  type Method,
  STAGES,
  type Stage,
} from "./improve.schema.js";
import {
  type CloseInput,
  closeInputSchema,
  type InitiativeFilter,
  type InitiativePatch,
  initiativeInputSchema,
  initiativePatchSchema,
  MANAGED_FIELDS,
  type ManagedField,
} from "./initiatives.schema.js";
import {
  createRecord,
  getRecord,
  type HistoryEntry,
  listRecords,
  recordHistory,
  type StoredRecord,
  updateRecord,
} from "./records.js";
import { measureResult } from "./results.js";
import { initiativeRoi, type Roi } from "./roi.js";

/**
 * Initiatives: every improvement the business tries, as one record that carries the problem, the
 * evidence, the change, the measured result and what it was worth. Every change names the version
 * it was made on and who made it; a stale version is refused with the current record (CONFLICT), and
 * every change lands in the record's history with its author and time.
 *
 * Stage rules:
 * - stages follow the method's order (PDCA plan → do → check → act; DMAIC define → measure → analyze
 *   → improve → control), one step forward at a time, back at any time;
 * - entering check, act or control needs a measured result;
 * - a closed initiative keeps its stage until it is reopened;
 * - outcome verified needs a result that is significant and better; not-verified needs a result and
 *   learnings; abandoned needs learnings;
 * - a result is only ever measured from data, never typed in.
 */

export type InitiativeRecord = StoredRecord<Initiative>;

/** Who makes a change, and the clock that dates it. */
export interface ChangeBy {
  actor: string;
  clock: Clock;
}

const KIND = "initiative";
const BASELINE_WEEKS = 8;
const DAY_MS = 86_400_000;

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function invalid(what: string, error: z.ZodError): AppError {
  const problems = describeIssues(error.issues);
  return new AppError("USAGE", `${what}: ${problems.map((p) => p.message).join("; ")}`, { problems });
}

/** A refused change: the message names the rule and says how to go on. */
function ruleError(rule: string, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError("USAGE", message, { rule, ...details });
}

function requireActor(actor: string): void {
  const name = actor.trim();
  if (name === "" || name.length > 100) {
    throw new AppError(
      "USAGE",
      "Say who makes the change: a name of 1 to 100 characters (--actor NAME, or the X-Actor header).",
    );
  }
}

/**
 * Refuses input that sets a field the engine keeps (stage, outcome, result, baseline, closing time),
 * saying how each one changes instead.
 */
export function refuseManagedFields(input: unknown, what: string): void {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return;
  const found = Object.keys(input).filter((k): k is ManagedField => k in MANAGED_FIELDS);
  if (found.length > 0) {
    throw ruleError(
      found.includes("result") ? "result-from-data" : "managed-field",
      `${what} cannot set ${found.join(", ")}: ${found.map((f) => MANAGED_FIELDS[f]).join("; ")}.`,
      { fields: found },
    );
  }
}

export function stagesOf(method: Method): readonly Stage[] {
  return STAGES[method];
}

function isCheckStage(stage: string): boolean {
  return (CHECK_STAGES as readonly string[]).includes(stage);
}

// ── baseline ────────────────────────────────────────────────────────────────────────────────────

/**
 * The main KPI before the start: its average per complete period over the 8 weeks before `start`,
 * widened to whole periods of the KPI's grain (two whole months for a monthly KPI). Null when the
 * data has no complete period there.
 */
export async function captureBaseline(
  workspace: Workspace,
  kpiName: string,
  start: string,
  clock: Clock,
): Promise<Initiative["baseline"]> {
  const kpi = findKpi(workspace, kpiName);
  const { weekStart } = workspace.config.business;
  const first = parsePeriod(addDays(start, -7 * BASELINE_WEEKS), kpi.grain, weekStart);
  const end = parsePeriod(start, kpi.grain, weekStart);
  if (first.from >= end.from) return null;
  let points: { period: string; value: number | null }[];
  try {
    const series = await evaluateKpi(workspace, kpi, { from: first.from, to: end.from });
    points = completePoints(series.points);
  } catch (error) {
    // An initiative may be planned before its KPI's data arrives.
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "NO_DATA")) return null;
    throw error;
  }
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (values.length === 0) return null;
  return {
    kpi: kpi.name,
    value: values.reduce((a, b) => a + b, 0) / values.length,
    from: first.from.slice(0, 10),
    to: addDays(end.from.slice(0, 10), -1),
    grain: kpi.grain,
    periods: values.length,
    unit: kpi.unit ?? null,
    capturedAt: clock.now().toISOString(),
  };
}

function requireKpis(workspace: Workspace, kpis: readonly string[]): void {
  for (const name of kpis) findKpi(workspace, name);
}

// ── reading ─────────────────────────────────────────────────────────────────────────────────────

export async function getInitiative(workspace: Workspace, id: string): Promise<InitiativeRecord> {
  return getRecord<Initiative>(workspace.store, KIND, id);
}

function matches(text: string | undefined, wanted: string | undefined): boolean {
  return wanted === undefined || (text ?? "").trim().toLowerCase() === wanted.trim().toLowerCase();
}

/** Whether an initiative passes a filter (owner and area ignore case; kpi is any of its KPIs). */
export function matchesFilter(initiative: Initiative, filter: InitiativeFilter = {}): boolean {
  return (
    matches(initiative.owner, filter.owner) &&
    matches(initiative.area, filter.area) &&
    (filter.kpi === undefined || initiative.kpis.includes(filter.kpi)) &&
    (filter.stage === undefined || initiative.stage === filter.stage) &&
    (filter.outcome === undefined || initiative.outcome === filter.outcome) &&
    (filter.method === undefined || initiative.method === filter.method)
  );
}

export async function listInitiatives(
  workspace: Workspace,
  filter: InitiativeFilter = {},
): Promise<InitiativeRecord[]> {
  const all = await listRecords<Initiative>(workspace.store, KIND);
  return all.filter((r) => matchesFilter(r.data, filter));
}

export async function initiativeHistory(workspace: Workspace, id: string): Promise<HistoryEntry[]> {
  await getInitiative(workspace, id);
  return recordHistory(workspace.store, KIND, id);
}

export interface InitiativeReport {
  initiative: InitiativeRecord;
  roi: Roi;
  history: HistoryEntry[];
}

/** An initiative with its benefit and ROI and every change made to it. */
export async function describeInitiative(workspace: Workspace, id: string): Promise<InitiativeReport> {
  const initiative = await getInitiative(workspace, id);
  return {
    initiative,
    roi: initiativeRoi(initiative.data),
    history: await recordHistory(workspace.store, KIND, id),
  };
}

// ── writing ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Creates an initiative at the first stage of its method; `start` defaults to today in the
 * business's time zone, and the baseline of the main KPI is captured when there is one.
 */
export async function createInitiative(
  workspace: Workspace,
  input: unknown,
  by: ChangeBy,
): Promise<InitiativeRecord> {
  requireActor(by.actor);
  refuseManagedFields(input, "A new initiative");
  const parsed = initiativeInputSchema.safeParse(input);
  if (!parsed.success) throw invalid("Initiative", parsed.error);
  const fields = parsed.data;
  requireKpis(workspace, fields.kpis);
  const start = fields.start ?? localToday(by.clock, workspace.config.business.timezone);
  const main = fields.kpis[0];
  const data = initiativeSchema.parse({
    ...fields,
    start,
    stage: stagesOf(fields.method)[0],
    baseline: main ? await captureBaseline(workspace, main, start, by.clock) : null,
  });
  return createRecord<Initiative>(workspace.store, KIND, data, by.actor, by.clock);
}

/**
 * Changes an initiative at `version`: `plan` gets the current record and returns the new data, or
 * throws to refuse. It runs before the write, so it may read the data (a KPI, an experiment); the
 * write then refuses with CONFLICT if anyone changed the record in between.
 */
async function change(
  workspace: Workspace,
  id: string,
  version: number,
  by: ChangeBy,
  action: string,
  plan: (current: InitiativeRecord) => Promise<Initiative> | Initiative,
): Promise<InitiativeRecord> {
  requireActor(by.actor);
  if (!Number.isInteger(version) || version < 1) {
    throw new AppError("USAGE", `The version must be a whole number from 1 (got ${version}); read it first.`);
  }
  const current = await getInitiative(workspace, id);
  const next = current.version === version ? await plan(current) : undefined;
  return updateRecord<Initiative>(
    workspace.store,
    KIND,
    id,
    version,
    // The version matched when read and matches now, so the record is the one `plan` saw; should
    // the read have been older than the version named, plan again on the record as it is now.
    (_data, record) => (next !== undefined && record.version === current.version ? next : plan(record)),
    by.actor,
    by.clock,
    action,
  );
}

/** Changes any editable field (not stage, outcome, result or baseline); objects are replaced whole. */
export async function updateInitiative(
  workspace: Workspace,
  id: string,
  version: number,
  changes: unknown,
  by: ChangeBy,
): Promise<InitiativeRecord> {
  refuseManagedFields(changes, "An update");
  const parsed = initiativePatchSchema.safeParse(changes);
  if (!parsed.success) throw invalid(`Update of ${id}`, parsed.error);
  const patch: InitiativePatch = parsed.data;
  if (patch.kpis) requireKpis(workspace, patch.kpis);
  return change(workspace, id, version, by, "updated", async ({ data }) => {
    const first = stagesOf(data.method)[0];
    let stage = data.stage;
    if (patch.method !== undefined && patch.method !== data.method) {
      if (data.stage !== first || data.result !== null) {
        throw ruleError(
          "method-in-first-stage",
          `The method of ${id} can change only while it is in its first stage (${first}) without a result; it is at ${data.stage}. Move it back to ${first} first, or start a new initiative.`,
        );
      }
      stage = stagesOf(patch.method)[0] as Stage;
    }
    const next = initiativeSchema.parse({ ...data, ...patch, stage });
    const main = next.kpis[0];
    const moved = main !== data.kpis[0] || next.start !== data.start;
    // The baseline follows the main KPI and the start until the initiative leaves its first stage.
    if (stage === stagesOf(next.method)[0] && moved) {
      next.baseline =
        main && next.start ? await captureBaseline(workspace, main, next.start, by.clock) : null;
    }
    return next;
  });
}

/** The stage an initiative moves to, or the rule that refuses the move. */
export function checkStageMove(id: string, initiative: Initiative, to: string): Stage {
  const stages = stagesOf(initiative.method);
  const at = stages.indexOf(initiative.stage as Stage);
  if (initiative.outcome !== "open") {
    throw ruleError(
      "closed",
      `${id} is closed (${initiative.outcome}), so its stage stays at ${initiative.stage}; reopen it first to move it.`,
    );
  }
  const target = to.trim().toLowerCase();
  let index: number;
  if (target === "next") {
    if (at === stages.length - 1) {
      throw ruleError(
        "last-stage",
        `${id} is at ${initiative.stage}, the last stage of ${initiative.method.toUpperCase()}; close it with an outcome (verified, not-verified or abandoned).`,
      );
    }
    index = at + 1;
  } else if (target === "back") {
    if (at === 0) {
      throw ruleError(
        "first-stage",
        `${id} is at ${initiative.stage}, the first stage; there is no stage before it.`,
      );
    }
    index = at - 1;
  } else {
    index = stages.indexOf(target as Stage);
    if (index < 0) {
      throw ruleError(
        "stage-of-method",
        `"${to}" is not a stage of ${initiative.method.toUpperCase()}; its stages are ${stages.join(" → ")} (or say next or back).`,
        { stages },
      );
    }
    if (index === at) {
      throw ruleError("same-stage", `${id} is already at ${initiative.stage}.`);
    }
    if (index > at + 1) {
      throw ruleError(
        "one-step-forward",
        `Stages go forward one step at a time: ${id} is at ${initiative.stage}, so it can move on to ${stages[at + 1]}, not ${target}. Move it to ${stages[at + 1]} first.`,
      );
    }
  }
  const stage = stages[index] as Stage;
  if (index > at && isCheckStage(stage) && initiative.result === null) {
    throw ruleError(
      "measure-before-check",
      `Entering ${stage} needs a measured result: record one for ${id} from an experiment, a pilot or the KPI before and after (opsloop initiative result ${id} …), then move on.`,
    );
  }
  return stage;
}

/** Moves an initiative to the next or the previous stage, or to a named one (one step forward at most). */
export async function moveInitiativeStage(
  workspace: Workspace,
  id: string,
  version: number,
  to: string,
  by: ChangeBy,
): Promise<InitiativeRecord> {
  return change(workspace, id, version, by, "stage", async ({ data }) => {
    const stage = checkStageMove(id, data, to);
    const next = { ...data, stage };
    const first = stagesOf(data.method)[0];
    // The baseline is taken when the initiative first leaves its first stage, if it has none yet.
    const main = data.kpis[0];
    if (data.stage === first && data.baseline === null && main && data.start) {
      next.baseline = await captureBaseline(workspace, main, data.start, by.clock);
    }
    return next;
  });
}

export async function addEvidence(
  workspace: Workspace,
  id: string,
  version: number,
  evidence: unknown,
  by: ChangeBy,
): Promise<InitiativeRecord> {
  const parsed = evidenceSchema.safeParse(evidence);
  if (!parsed.success) throw invalid("Evidence", parsed.error);
  const item: Evidence = parsed.data;
  return change(workspace, id, version, by, "evidence added", ({ data }) => ({
    ...data,
    evidence: [...data.evidence, item],
  }));
}

/** Removes the evidence at `index` (0-based, as listed). */
export async function removeEvidence(
  workspace: Workspace,
  id: string,
  version: number,
  index: number,
  by: ChangeBy,
): Promise<InitiativeRecord> {
  return change(workspace, id, version, by, "evidence removed", ({ data }) => {
    if (!Number.isInteger(index) || index < 0 || index >= data.evidence.length) {
      throw new AppError(
        "NOT_FOUND",
        data.evidence.length === 0
          ? `${id} has no evidence to remove.`
          : `${id} has no evidence ${index}; its evidence is numbered 0 to ${data.evidence.length - 1}.`,
        { index },
      );
    }
    return { ...data, evidence: data.evidence.filter((_, i) => i !== index) };
  });
}

/**
 * Measures a result from the data (an experiment, a pilot, or the KPI before and after) and keeps
 * it on the initiative, replacing an earlier one (the history keeps that).
 */
export async function recordResult(
  workspace: Workspace,
  id: string,
  version: number,
  source: unknown,
  by: ChangeBy,
): Promise<InitiativeRecord> {
  return change(workspace, id, version, by, "result", async ({ data }) => {
    if (data.outcome !== "open") {
      throw ruleError(
        "closed",
        `${id} is closed (${data.outcome}); reopen it before measuring a new result.`,
      );
    }
    const result = await measureResult(workspace, source, by.clock);
    if (data.kpis.length > 0 && !data.kpis.includes(result.kpi) && result.source.kind !== "experiment") {
      result.checks.push(`${result.kpi} is not one of the initiative's KPIs (${data.kpis.join(", ")}).`);
    }
    return { ...data, result };
  });
}

/** Why an initiative may not close with `outcome`, or null when it may. */
export function checkClose(id: string, initiative: Initiative, input: CloseInput): AppError | null {
  const learnings = (input.learnings ?? initiative.learnings).trim();
  const result = initiative.result;
  if (initiative.outcome !== "open") {
    return ruleError(
      "closed",
      `${id} is already closed (${initiative.outcome}); reopen it to close it again.`,
    );
  }
  switch (input.outcome) {
    case "verified":
      if (!result) {
        return ruleError(
          "verified-needs-result",
          `Outcome verified needs a measured result that is significant and better; ${id} has none. Record one (opsloop initiative result ${id} …).`,
        );
      }
      if (!result.significant || !result.better) {
        const why = !result.significant
          ? `its result is not significant (${result.pValue === null ? "no p-value" : `p = ${result.pValue.toPrecision(2)}`})`
          : "its result goes the wrong way";
        return ruleError(
          "verified-needs-significant-better-result",
          `Outcome verified needs a result that is significant and better; ${why}. Measure again with more data, or close it as not-verified with what you learned.`,
        );
      }
      return null;
    case "not-verified":
      if (!result) {
        return ruleError(
          "not-verified-needs-result",
          `Outcome not-verified needs a measured result, to show what was tried; ${id} has none. Record one, or close it as abandoned with what you learned.`,
        );
      }
      if (learnings === "") {
        return ruleError(
          "not-verified-needs-learnings",
          `Outcome not-verified needs learnings: say what the result taught you (--learnings TEXT).`,
        );
      }
      return null;
    case "abandoned":
      if (learnings === "") {
        return ruleError(
          "abandoned-needs-learnings",
          `Outcome abandoned needs learnings: say why it stopped and what you learned (--learnings TEXT).`,
        );
      }
      return null;
  }
}

/** Closes an initiative with its outcome (verified, not-verified, abandoned) and learnings. */
export async function closeInitiative(
  workspace: Workspace,
  id: string,
  version: number,
  input: unknown,
  by: ChangeBy,
): Promise<InitiativeRecord> {
  const parsed = closeInputSchema.safeParse(input);
  if (!parsed.success) throw invalid(`Closing ${id}`, parsed.error);
  const close = parsed.data;
  return change(workspace, id, version, by, "closed", ({ data }) => {
    const refused = checkClose(id, data, close);
    if (refused) throw refused;
    return {
      ...data,
      outcome: close.outcome,
      learnings: close.learnings ?? data.learnings,
      closedAt: by.clock.now().toISOString(),
    };
  });
}

/** Reopens a closed initiative at the stage it was closed in. */
export async function reopenInitiative(
  workspace: Workspace,
  id: string,
  version: number,
  by: ChangeBy,
): Promise<InitiativeRecord> {
  return change(workspace, id, version, by, "reopened", ({ data }) => {
    if (data.outcome === "open")
      throw ruleError("open", `${id} is open; only a closed initiative is reopened.`);
    return { ...data, outcome: "open", closedAt: null };
  });
}
