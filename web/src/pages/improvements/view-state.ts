/**
 * What each Improvements view shows, read from and written to the query of its URL, so a filtered
 * board, a search of the journal or a Pareto can be shared and reloaded as it was.
 */
import type {
  ClosingOutcome,
  ImprovementFilter,
  JournalQuery,
  SuggestionSort,
  SuggestionStatus,
} from "../../api";

function text(p: URLSearchParams, key: string, max = 200): string | undefined {
  const value = p.get(key)?.trim();
  return value ? value.slice(0, max) : undefined;
}

function write(values: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== "") p.set(key, String(value));
  }
  return p.toString();
}

// ── Board ─────────────────────────────────────────────────────────────────────

export function parseBoardView(query: string): ImprovementFilter {
  const p = new URLSearchParams(query);
  return { owner: text(p, "owner", 100), area: text(p, "area", 100), kpi: text(p, "kpi", 63) };
}

export function formatBoardView(view: ImprovementFilter): string {
  return write({ owner: view.owner, area: view.area, kpi: view.kpi });
}

// ── Suggestions ───────────────────────────────────────────────────────────────

export interface SuggestionsView {
  sort: SuggestionSort;
  /** "open" is new and scored ones; "all" shows every suggestion. */
  show: "open" | "all" | SuggestionStatus;
  /** A suggestion to bring into view, e.g. from the initiative it became. */
  focus?: string | undefined;
}

export const SUGGESTION_SORTS: { id: SuggestionSort; label: string }[] = [
  { id: "votes", label: "Votes" },
  { id: "ice", label: "ICE" },
  { id: "rice", label: "RICE" },
  { id: "newest", label: "Newest" },
];

export const SUGGESTION_SHOWS: { id: SuggestionsView["show"]; label: string }[] = [
  { id: "open", label: "Open" },
  { id: "converted", label: "Became initiatives" },
  { id: "declined", label: "Declined" },
  { id: "all", label: "All" },
];

export function parseSuggestionsView(query: string): SuggestionsView {
  const p = new URLSearchParams(query);
  const sort = SUGGESTION_SORTS.find((s) => s.id === p.get("sort"))?.id ?? "votes";
  const show = SUGGESTION_SHOWS.find((s) => s.id === p.get("show"))?.id ?? "open";
  return { sort, show, focus: text(p, "focus", 40) };
}

export function formatSuggestionsView(view: SuggestionsView): string {
  return write({
    sort: view.sort === "votes" ? undefined : view.sort,
    show: view.show === "open" ? undefined : view.show,
    focus: view.focus,
  });
}

/** The link to one suggestion in the list, shown whatever its status. */
export function suggestionQuery(id: string): string {
  return formatSuggestionsView({ sort: "votes", show: "all", focus: id });
}

// ── Journal ───────────────────────────────────────────────────────────────────

const OUTCOMES: ClosingOutcome[] = ["verified", "not-verified", "abandoned"];

export function parseJournalView(query: string): JournalQuery {
  const p = new URLSearchParams(query);
  const outcome = OUTCOMES.find((o) => o === p.get("outcome"));
  return { text: text(p, "text"), area: text(p, "area", 100), kpi: text(p, "kpi", 63), outcome };
}

export function formatJournalView(view: JournalQuery): string {
  return write({ text: view.text, area: view.area, kpi: view.kpi, outcome: view.outcome });
}

// ── Root causes and Pareto ──────────────────────────────────────────────────────

/** The initiative an analysis is being made for, carried from its page: `?for=I-3`. */
export function parseFor(query: string): string | undefined {
  const id = new URLSearchParams(query).get("for") ?? "";
  return /^I-\d+$/.test(id) ? id : undefined;
}

export interface ParetoView {
  dataset: string;
  by: string;
  weight: string;
  where: string;
  from: string;
  to: string;
  top: string;
  for?: string | undefined;
}

export const EMPTY_PARETO_VIEW: ParetoView = {
  dataset: "",
  by: "",
  weight: "",
  where: "",
  from: "",
  to: "",
  top: "",
};

export function parseParetoView(query: string): ParetoView {
  const p = new URLSearchParams(query);
  return {
    dataset: text(p, "dataset", 200) ?? "",
    by: text(p, "by", 200) ?? "",
    weight: text(p, "weight", 200) ?? "",
    where: p.get("where")?.slice(0, 2000) ?? "",
    from: text(p, "from", 20) ?? "",
    to: text(p, "to", 20) ?? "",
    top: text(p, "top", 3) ?? "",
    for: parseFor(query),
  };
}

export function formatParetoView(view: ParetoView): string {
  return write({
    dataset: view.dataset,
    by: view.by,
    weight: view.weight,
    where: view.where,
    from: view.from,
    to: view.to,
    top: view.top,
    for: view.for,
  });
}
