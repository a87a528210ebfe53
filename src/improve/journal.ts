import { z } from "zod";
import type { Workspace } from "../workspace/index.js";
import type { Initiative } from "./improve.schema.js";
import { type InitiativeRecord, listInitiatives } from "./initiatives.js";
import { type ClosingOutcome, closingOutcomeSchema } from "./initiatives.schema.js";

/**
 * The learnings journal: what every closed initiative taught the business, whether it worked or
 * not, searchable by words, area, KPI and outcome. Most recently closed first.
 */

export const journalQuerySchema = z
  .object({
    text: z
      .string()
      .max(200)
      .optional()
      .describe("Words found in the title, problem, change or learnings (case does not matter)."),
    area: z.string().max(100).optional(),
    kpi: z.string().max(63).optional().describe("Any of the initiative's KPIs."),
    outcome: closingOutcomeSchema.optional(),
  })
  .strict();
export type JournalQuery = z.infer<typeof journalQuerySchema>;

export interface JournalEntry {
  id: string;
  title: string;
  area: string;
  owner: string;
  kpis: string[];
  outcome: ClosingOutcome;
  closedAt: string | null;
  problem: string;
  change: string;
  result: string | null;
  learnings: string;
}

function entry(record: InitiativeRecord): JournalEntry {
  const d: Initiative = record.data;
  return {
    id: record.id,
    title: d.title,
    area: d.area,
    owner: d.owner,
    kpis: d.kpis,
    outcome: d.outcome as ClosingOutcome,
    closedAt: d.closedAt,
    problem: d.problem,
    change: d.change,
    result: d.result?.summary ?? null,
    learnings: d.learnings,
  };
}

function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Closed initiatives that match the query, most recently closed first. */
export function searchJournal(
  records: readonly InitiativeRecord[],
  query: JournalQuery = {},
): JournalEntry[] {
  const words = (query.text ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  return records
    .filter((r) => r.data.outcome !== "open")
    .filter((r) => {
      const d = r.data;
      if (query.area !== undefined && !same(d.area, query.area)) return false;
      if (query.kpi !== undefined && !d.kpis.includes(query.kpi)) return false;
      if (query.outcome !== undefined && d.outcome !== query.outcome) return false;
      const haystack = [d.title, d.problem, d.change, d.learnings].join("\n").toLowerCase();
      return words.every((w) => haystack.includes(w));
    })
    .map(entry)
    .sort((a, b) => (b.closedAt ?? "").localeCompare(a.closedAt ?? ""));
}

export async function readJournal(workspace: Workspace, query: JournalQuery = {}): Promise<JournalEntry[]> {
  return searchJournal(await listInitiatives(workspace), query);
}
