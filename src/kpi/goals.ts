import type { Clock } from "../core/effects.js";
import { AppError } from "../core/errors.js";
import { describeIssues } from "../core/validation.js";
import { forecastSeries } from "../forecast/index.js";
import { sql } from "../store/index.js";
import { editConfigList, type Workspace } from "../workspace/index.js";
import { completePoints, evaluateKpi, findKpi, type KpiSeries } from "./evaluate.js";
import { type Goal, type Grain, goalSchema, type Kpi } from "./kpi.schema.js";
import { nextPeriod, parseBound } from "./periods.js";

export type GoalState = "on track" | "at risk" | "off track";

export interface GoalStatus {
  kpi: string;
  baseline: { value: number | null; from: string; to: string };
  target: number;
  deadline: string;
  atRisk: number;
  status: GoalState;
  /** The KPI now: its average over the latest cycle (7 days, 4 weeks, 1 month…). */
  current: number | null;
  /** Where the KPI is projected to be by the deadline (average of the cycle ending there). */
  projected: number | null;
  /** Share of the way from baseline to target the projection covers (1 = reaches the target). */
  progress: number | null;
  rule: string;
  explanation: string;
  history: { evaluatedAt: string; status: string; current: number | null; projected: number | null }[];
}

/** The status rule, in the words the docs and the dashboard use. */
export const GOAL_RULE =
  "opsloop projects the KPI to the deadline with its forecast (trend and seasonality) and averages the last cycle before it (7 days, 4 weeks, a month or a quarter). On track: the projection reaches the target. At risk: it covers at least the at-risk share (80% unless set) of the way from baseline to target. Off track: less. After the deadline the actual values decide.";

const CYCLE: Record<Grain, number> = { hour: 24, day: 7, week: 4, month: 1, quarter: 1 };

function mean(values: (number | null)[]): number | null {
  const numbers = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null;
}

/** Parses and checks a goal and saves it in opsloop.yaml, replacing the KPI's previous goal. */
export async function saveGoal(workspace: Workspace, input: unknown, clock: Clock): Promise<GoalStatus> {
  const parsed = goalSchema.safeParse(input);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error.issues);
    throw new AppError("USAGE", `Goal: ${problems.map((p) => p.message).join("; ")}`, { problems });
  }
  const goal = parsed.data;
  parseBound(goal.baseline.from, "baseline from");
  parseBound(goal.baseline.to, "baseline to");
  parseBound(goal.deadline, "deadline");
  if (goal.baseline.from >= goal.baseline.to)
    throw fieldError("baseline.to", "The baseline's from must be before its to.");
  if (goal.deadline <= goal.baseline.to)
    throw fieldError("deadline", "The deadline must come after the baseline period.");
  const kpi = findKpi(workspace, goal.kpi);
  const baseline = goal.baseline.value ?? (await baselineOf(workspace, kpi, goal));
  if (baseline !== null) {
    const higher = kpi.better === "higher";
    if (higher ? goal.target <= baseline : goal.target >= baseline) {
      throw fieldError(
        "target",
        `The target ${goal.target} is not ${higher ? "above" : "below"} the baseline ${Number(baseline.toPrecision(6))}, and for ${kpi.label ?? kpi.name} ${higher ? "higher" : "lower"} is better; set a target that improves on the baseline.`,
      );
    }
  }
  const entry: Record<string, unknown> = { ...goal };
  if (goal.atRisk === 0.8) delete entry.atRisk;
  workspace.updateConfig((doc) => editConfigList<Goal>(doc, "goals", (g) => g.kpi !== goal.kpi, [entry]));
  return evaluateGoal(workspace, goal, clock);
}

/** A goal error tied to one field, the way the goal editor shows it next to that field. */
function fieldError(field: string, message: string): AppError {
  return new AppError("USAGE", message, { field, problems: [{ field, message }] });
}

/** The KPI's average per period over the goal's baseline window. */
async function baselineOf(workspace: Workspace, kpi: Kpi, goal: Goal): Promise<number | null> {
  const series = await evaluateKpi(workspace, kpi);
  return mean(
    completePoints(series.points)
      .filter((p) => p.period >= goal.baseline.from && p.period < goal.baseline.to)
      .map((p) => p.value),
  );
}

export function removeGoal(workspace: Workspace, kpi: string): void {
  if (!workspace.config.goals.some((g) => g.kpi === kpi))
    throw new AppError("NOT_FOUND", `KPI "${kpi}" has no goal.`, { kpi });
  workspace.updateConfig((doc) => editConfigList<Goal>(doc, "goals", (g) => g.kpi !== kpi));
}

function format(value: number | null, kpi: Kpi): string {
  if (value === null) return "no value";
  const abs = Math.abs(value);
  const text = value.toLocaleString("en", { maximumFractionDigits: abs >= 100 ? 0 : abs >= 10 ? 1 : 2 });
  return kpi.unit === "%" ? `${text}%` : kpi.unit ? `${text} ${kpi.unit}` : text;
}

/**
 * Evaluates a goal: baseline (given, or the KPI's average per period over the baseline window),
 * current value, projection to the deadline and the resulting status; records a status change in
 * the goal's history.
 */
export async function evaluateGoal(
  workspace: Workspace,
  goal: Goal,
  clock: Clock,
  series?: KpiSeries,
): Promise<GoalStatus> {
  const kpi = findKpi(workspace, goal.kpi);
  const data = series ?? (await evaluateKpi(workspace, kpi));
  const grain = data.grain;
  const cycle = CYCLE[grain];
  const points = completePoints(data.points);
  const baselineValue =
    goal.baseline.value ??
    mean(
      points.filter((p) => p.period >= goal.baseline.from && p.period < goal.baseline.to).map((p) => p.value),
    );
  const deadline = goal.deadline;
  const before = points.filter((p) => p.period < deadline);
  const current = mean(before.slice(-cycle).map((p) => p.value));
  let projected: number | null;
  const last = points[points.length - 1];
  if (!last) projected = null;
  else if (last.period >= deadline || nextPeriod(last.period, grain) >= deadline) {
    projected = current;
  } else {
    // Periods from the one after the last to the one holding the deadline.
    let horizon = 0;
    for (let p = nextPeriod(last.period, grain); p < deadline && horizon < 5000; p = nextPeriod(p, grain))
      horizon++;
    const history = points.map((p) => p.value ?? 0);
    const forecast = forecastSeries(
      { periods: points.map((p) => p.period), values: history, grain },
      { horizon, seed: 1 },
    );
    projected = mean(forecast.points.slice(-cycle).map((p) => p.mean));
  }
  const higher = kpi.better === "higher";
  const reaches = (value: number) => (higher ? value >= goal.target : value <= goal.target);
  let progress: number | null = null;
  if (projected !== null && baselineValue !== null) {
    const gap = goal.target - baselineValue;
    progress = gap === 0 ? (reaches(projected) ? 1 : 0) : (projected - baselineValue) / gap;
  }
  const status: GoalState =
    projected !== null && reaches(projected)
      ? "on track"
      : progress !== null && progress >= goal.atRisk
        ? "at risk"
        : "off track";
  const passed = last !== undefined && last.period >= deadline;
  const label = kpi.label ?? kpi.name;
  const explanation =
    projected === null
      ? `${label} has no data yet, so the goal cannot be projected.`
      : `${label} is ${format(current, kpi)} now${passed ? "" : ` and projected at ${format(projected, kpi)} by ${deadline}`}, against a target of ${format(goal.target, kpi)} from a baseline of ${format(baselineValue, kpi)}${progress !== null ? ` (${Math.round(progress * 100)}% of the way)` : ""}: ${status}.`;
  const history = await recordStatus(workspace, goal, status, current, projected, clock);
  return {
    kpi: goal.kpi,
    baseline: { value: baselineValue, from: goal.baseline.from, to: goal.baseline.to },
    target: goal.target,
    deadline,
    atRisk: goal.atRisk,
    status,
    current,
    projected,
    progress,
    rule: GOAL_RULE,
    explanation,
    history,
  };
}

/** Adds an entry to the goal's history when its status (or target, or deadline) changed. */
async function recordStatus(
  workspace: Workspace,
  goal: Goal,
  status: GoalState,
  current: number | null,
  projected: number | null,
  clock: Clock,
): Promise<GoalStatus["history"]> {
  const read = () =>
    workspace.store.all(
      sql`select evaluated_at, status, current_value, projected_value, target, strftime(deadline, '%Y-%m-%d') as deadline
          from app.goal_history where kpi = ${goal.kpi} order by id`,
    );
  let rows = await read();
  const lastRow = rows[rows.length - 1];
  if (
    !lastRow ||
    lastRow.status !== status ||
    Number(lastRow.target) !== goal.target ||
    lastRow.deadline !== goal.deadline
  ) {
    await workspace.store.transaction((tx) =>
      tx.run(
        sql`insert into app.goal_history (kpi, evaluated_at, status, current_value, projected_value, target, deadline)
            values (${goal.kpi}, ${clock.now()}, ${status}, ${current}, ${projected}, ${goal.target}, cast(${goal.deadline} as date))`,
      ),
    );
    rows = await read();
  }
  return rows.map((r) => ({
    evaluatedAt: String(r.evaluated_at),
    status: String(r.status),
    current: r.current_value === null ? null : Number(r.current_value),
    projected: r.projected_value === null ? null : Number(r.projected_value),
  }));
}
