import { type FormEvent, useState } from "react";
import {
  ApiError,
  deleteGoal,
  type GoalInput,
  type GoalStatus,
  type KpiSummary,
  type Problem,
  saveGoal,
} from "../api";
import { formatDate, formatDateTime, formatKpiValue, isoDate } from "../format";
import { kpiLabel } from "../kpi-data";
import { GoalBadge } from "./GoalBadge";

const DAY = 86_400_000;

interface Props {
  kpi: KpiSummary;
  goal: GoalStatus | null;
  /** Last day with data (UTC ms), to suggest a baseline and a deadline for a new goal. */
  lastData: number | null;
  onChange: (goal: GoalStatus | null) => void;
}

interface Draft {
  from: string;
  to: string;
  value: string;
  target: string;
  deadline: string;
  atRisk: string;
}

function draftOf(goal: GoalStatus | null, lastData: number | null): Draft {
  if (goal) {
    return {
      from: goal.baseline.from,
      to: goal.baseline.to,
      value: "",
      target: String(goal.target),
      deadline: goal.deadline,
      atRisk: String(goal.atRisk),
    };
  }
  // A new goal: the last three months as baseline, six months to reach the target.
  const end = lastData ?? Date.now();
  const to = isoDate(end + DAY);
  return {
    from: isoDate(end - 90 * DAY),
    to,
    value: "",
    target: "",
    deadline: isoDate(end + 183 * DAY),
    atRisk: "0.8",
  };
}

function parseNumber(text: string): number | null {
  const clean = text.replace(/[\s,€$£%]/g, "");
  if (clean === "") return null;
  const n = Number(clean);
  return Number.isFinite(n) ? n : null;
}

/** Problems of the draft found before asking the server, by field. */
function checkDraft(draft: Draft): Map<string, string> {
  const problems = new Map<string, string>();
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (!date.test(draft.from)) problems.set("baseline.from", "Enter the first day of the baseline.");
  if (!date.test(draft.to)) problems.set("baseline.to", "Enter the day after the baseline.");
  else if (date.test(draft.from) && draft.to <= draft.from)
    problems.set("baseline.to", "Must be after the start.");
  if (draft.value.trim() !== "" && parseNumber(draft.value) === null)
    problems.set("baseline.value", "Enter a number.");
  if (parseNumber(draft.target) === null) problems.set("target", "Enter the value to reach.");
  if (!date.test(draft.deadline)) problems.set("deadline", "Enter the date to reach it by.");
  const atRisk = parseNumber(draft.atRisk);
  if (atRisk === null || atRisk < 0 || atRisk > 1)
    problems.set("atRisk", "A share between 0 and 1, such as 0.8.");
  return problems;
}

/**
 * The KPI's SMART goal: where it stood (baseline), where it should be (target) and by when
 * (deadline). Shows the status, the rule behind it and its history; saves with PUT.
 */
export function GoalEditor({ kpi, goal, lastData, onChange }: Props) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(goal, lastData));
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  const local = checkDraft(draft);
  const server = new Map<string, string>();
  const general: Problem[] = [];
  for (const problem of error?.problems ?? []) {
    const field = problem.field ?? "";
    const key = ["baseline.from", "baseline.to", "baseline.value", "target", "deadline", "atRisk"].find(
      (k) => field === k || field.endsWith(`.${k}`),
    );
    if (key) server.set(key, problem.message);
    else general.push(problem);
  }
  const problemFor = (key: string) => server.get(key) ?? (touched ? local.get(key) : undefined);

  const set = (key: keyof Draft) => (event: { target: { value: string } }) => {
    setDraft((d) => ({ ...d, [key]: event.target.value }));
    setSaved(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (local.size > 0) return;
    const value = parseNumber(draft.value);
    const body: GoalInput = {
      baseline: { from: draft.from, to: draft.to, ...(value !== null ? { value } : {}) },
      target: parseNumber(draft.target) ?? 0,
      deadline: draft.deadline,
      atRisk: parseNumber(draft.atRisk) ?? 0.8,
    };
    setSaving(true);
    setError(null);
    try {
      const result = await saveGoal(kpi.name, body);
      setSaved(true);
      setTouched(false);
      onChange(result);
    } catch (caught) {
      setError(
        caught instanceof ApiError
          ? caught
          : new ApiError(0, "CLIENT", caught instanceof Error ? caught.message : String(caught)),
      );
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    setSaving(true);
    setError(null);
    try {
      await deleteGoal(kpi.name);
      setSaved(false);
      setDraft(draftOf(null, lastData));
      onChange(null);
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
    } finally {
      setSaving(false);
    }
  };

  const unitWords = kpi.unit ? ` in ${kpi.unit}` : "";
  const history = goal ? [...goal.history].sort((a, b) => b.evaluatedAt.localeCompare(a.evaluatedAt)) : [];

  return (
    <div className="goal-layout">
      <div className="card goal-summary" data-testid="goal-summary">
        {goal ? (
          <>
            <div className="goal-summary-head">
              <GoalBadge kpi={kpi.name} goal={goal} testId="goal-panel-status" />
              <span className="muted small">
                {formatKpiValue(goal.target, kpi.unit)} by {formatDate(goal.deadline)}
              </span>
            </div>
            <p className="goal-explanation" data-testid="goal-explanation">
              {goal.explanation}
            </p>
            <Progress goal={goal} />
            <dl className="facts goal-facts">
              <div>
                <dt>Baseline</dt>
                <dd>{formatKpiValue(goal.baseline.value, kpi.unit)}</dd>
                <dd className="muted small">
                  {formatDate(goal.baseline.from)} – {formatDate(goal.baseline.to)}
                </dd>
              </div>
              <div>
                <dt>Now</dt>
                <dd data-testid="goal-current">{formatKpiValue(goal.current, kpi.unit)}</dd>
              </div>
              <div>
                <dt>Projected at the deadline</dt>
                <dd data-testid="goal-projected">{formatKpiValue(goal.projected, kpi.unit)}</dd>
              </div>
              <div>
                <dt>Target</dt>
                <dd>{formatKpiValue(goal.target, kpi.unit)}</dd>
              </div>
            </dl>
            <p className="goal-rule" data-testid="goal-rule">
              <strong>How the status is decided.</strong> {goal.rule}
            </p>
            {history.length > 0 && (
              <div className="goal-history">
                <h3>Status history</h3>
                <table className="table table-compact" data-testid="goal-history">
                  <thead>
                    <tr>
                      <th>Checked</th>
                      <th>Status</th>
                      <th className="num">Value then</th>
                      <th className="num">Projected</th>
                    </tr>
                  </thead>
                  <tbody>
                    {history.map((h) => (
                      <tr key={`${h.evaluatedAt}-${h.status}`}>
                        <td className="nowrap">{formatDateTime(h.evaluatedAt)}</td>
                        <td>
                          <span className={`goal-word goal-word-${h.status.replace(" ", "-")}`}>
                            {h.status}
                          </span>
                        </td>
                        <td className="num">{formatKpiValue(h.current, kpi.unit)}</td>
                        <td className="num">{formatKpiValue(h.projected, kpi.unit)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        ) : (
          <div className="goal-none-body" data-testid="goal-none">
            <div className="goal-summary-head">
              <GoalBadge kpi={kpi.name} goal={null} testId="goal-panel-status" />
            </div>
            <p>
              A goal says where {kpiLabel(kpi)} stood, where it should be and by when. opsloop then projects
              the KPI to the deadline and says whether it is on track, at risk or off track.
            </p>
          </div>
        )}
      </div>

      <form className="card goal-form" onSubmit={submit} noValidate data-testid="goal-form">
        <h3>{goal ? "Change the goal" : "Set a goal"}</h3>
        <div className="goal-form-grid">
          <DateField
            id="goal-from"
            label="Baseline from"
            value={draft.from}
            onChange={set("from")}
            problem={problemFor("baseline.from")}
          />
          <DateField
            id="goal-to"
            label="Baseline until"
            hint="the day after the baseline ends"
            value={draft.to}
            onChange={set("to")}
            problem={problemFor("baseline.to")}
          />
          <div className="field">
            <label htmlFor="goal-value">Baseline value</label>
            <input
              id="goal-value"
              type="text"
              inputMode="decimal"
              value={draft.value}
              placeholder={
                goal?.baseline.value != null
                  ? `${String(Math.round(goal.baseline.value * 100) / 100)} from the data`
                  : "worked out from the data"
              }
              onChange={set("value")}
              aria-invalid={problemFor("baseline.value") ? true : undefined}
              data-testid="goal-value"
            />
            <span className="field-hint">leave empty to use the average over the baseline</span>
            <FieldError text={problemFor("baseline.value")} />
          </div>
          <div className="field">
            <label htmlFor="goal-target">Target</label>
            <input
              id="goal-target"
              type="text"
              inputMode="decimal"
              value={draft.target}
              onChange={set("target")}
              aria-invalid={problemFor("target") ? true : undefined}
              data-testid="goal-target"
            />
            <span className="field-hint">
              per {kpi.grain}
              {unitWords}; {kpi.better} is better
            </span>
            <FieldError text={problemFor("target")} />
          </div>
          <DateField
            id="goal-deadline"
            label="Deadline"
            value={draft.deadline}
            onChange={set("deadline")}
            problem={problemFor("deadline")}
          />
          <div className="field">
            <label htmlFor="goal-at-risk">At risk from</label>
            <input
              id="goal-at-risk"
              type="text"
              inputMode="decimal"
              value={draft.atRisk}
              onChange={set("atRisk")}
              aria-invalid={problemFor("atRisk") ? true : undefined}
              data-testid="goal-at-risk"
            />
            <span className="field-hint">
              share of the way to the target the projection must cover to be “at risk” rather than “off track”
            </span>
            <FieldError text={problemFor("atRisk")} />
          </div>
        </div>
        {error && (
          <div className="notice notice-error" role="alert" data-testid="goal-error">
            <div className="notice-title">The goal was not saved</div>
            <div className="notice-body">{error.message}</div>
            {general.length > 0 && (
              <ul className="notice-list">
                {general.map((p) => (
                  <li key={`${p.field}:${p.message}`}>{p.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={saving} data-testid="goal-save">
            {saving ? "Saving…" : "Save goal"}
          </button>
          {goal && (
            <button
              type="button"
              className="button"
              onClick={remove}
              disabled={saving}
              data-testid="goal-remove"
            >
              Remove goal
            </button>
          )}
          {saved && !saving && (
            <span className="saved" role="status" data-testid="goal-saved">
              Saved
            </span>
          )}
        </div>
      </form>
    </div>
  );
}

function Progress({ goal }: { goal: GoalStatus }) {
  if (goal.progress === null) return null;
  const shown = Math.max(0, Math.min(1, goal.progress));
  return (
    <div className="goal-progress" data-testid="goal-progress">
      <div className="goal-progress-track">
        <div
          className={`goal-progress-bar goal-progress-${goal.status.replace(" ", "-")}`}
          style={{ width: `${shown * 100}%` }}
        />
      </div>
      <span className="muted small">
        {Math.round(goal.progress * 100)}% of the way from the baseline to the target so far
      </span>
    </div>
  );
}

function DateField({
  id,
  label,
  hint,
  value,
  onChange,
  problem,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (event: { target: { value: string } }) => void;
  problem: string | undefined;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        value={value}
        onChange={onChange}
        aria-invalid={problem ? true : undefined}
        data-testid={id}
      />
      {hint && <span className="field-hint">{hint}</span>}
      <FieldError text={problem} />
    </div>
  );
}

function FieldError({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <span className="field-error" data-testid="field-error">
      {text}
    </span>
  );
}
