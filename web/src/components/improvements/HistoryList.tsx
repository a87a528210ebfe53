import type { HistoryEntry } from "../../api";
import { formatDateTime } from "../../format";

const FIELD_LABELS: Record<string, string> = {
  title: "Title",
  problem: "Problem",
  area: "Area",
  owner: "Owner",
  team: "Team",
  kpis: "KPIs",
  goal: "Goal",
  baseline: "Baseline",
  method: "Method",
  stage: "Stage",
  outcome: "Outcome",
  hypothesis: "Hypothesis",
  change: "Change",
  costs: "Costs",
  expectedBenefit: "Expected benefit",
  value: "Value",
  start: "Start",
  due: "Due",
  evidence: "Evidence",
  result: "Result",
  learnings: "Learnings",
  suggestion: "Suggestion",
  credit: "Credit",
  closedAt: "Closed",
  ideaAt: "Idea raised",
};

const ACTION_LABELS: Record<string, string> = {
  created: "created it",
  "created from suggestion": "created it from a suggestion",
  updated: "changed",
  stage: "moved the stage",
  "evidence added": "linked evidence",
  "evidence removed": "removed evidence",
  result: "measured a result",
  closed: "closed it",
  reopened: "reopened it",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function short(text: string, max = 140): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A field's value in a few words: a result by its summary, evidence by its references. */
export function describeValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string" && (field === "closedAt" || field === "ideaAt")) return formatDateTime(value);
  if (typeof value === "string") return short(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "none";
    if (field === "evidence") {
      return value.map((e) => (isRecord(e) ? `${String(e.kind)} ${String(e.ref)}` : String(e))).join(", ");
    }
    return short(value.map((v) => (isRecord(v) ? JSON.stringify(v) : String(v))).join(", "));
  }
  if (isRecord(value)) {
    if (field === "result" && typeof value.summary === "string") return short(value.summary, 220);
    if (field === "baseline" && typeof value.value === "number") {
      return `${Number(value.value.toPrecision(4))}${value.unit ? ` ${String(value.unit)}` : ""} (${String(value.from)} – ${String(value.to)})`;
    }
    if (field === "costs") return `${String(value.oneOff)} once, ${String(value.running)} a month`;
    if (field === "value") {
      return `${String(value.perUnit)} per unit${value.unitsPerMonth !== undefined ? `, ${String(value.unitsPerMonth)} units a month` : ""}, over ${String(value.horizonMonths)} months`;
    }
    return short(JSON.stringify(value));
  }
  return String(value);
}

/** Who changed what and when, newest first, each field's value before and after. */
export function HistoryList({ history }: { history: HistoryEntry[] }) {
  if (history.length === 0) return <p className="muted">No changes recorded.</p>;
  const entries = [...history].reverse();
  return (
    <ol className="imp-history" data-testid="history">
      {entries.map((entry) => (
        <li key={`${entry.version}:${entry.at}`} className="imp-history-entry" data-testid="history-entry">
          <div className="imp-history-head">
            <span className="strong">{entry.actor}</span> {ACTION_LABELS[entry.action] ?? entry.action}
            <span className="muted small">
              {" "}
              · {formatDateTime(entry.at)} · version {entry.version}
            </span>
          </div>
          {entry.action !== "created" &&
            entry.action !== "created from suggestion" &&
            entry.changes.length > 0 && (
              <ul className="imp-history-changes">
                {entry.changes.map((c) => (
                  <li key={c.field}>
                    <span className="imp-history-field">{FIELD_LABELS[c.field] ?? c.field}</span>
                    <span className="imp-history-before">{describeValue(c.field, c.before)}</span>
                    <span className="imp-history-arrow" aria-hidden="true">
                      →
                    </span>
                    <span className="imp-history-after">{describeValue(c.field, c.after)}</span>
                  </li>
                ))}
              </ul>
            )}
        </li>
      ))}
    </ol>
  );
}
