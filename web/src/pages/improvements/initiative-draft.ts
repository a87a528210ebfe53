/**
 * An initiative as typed in its form: every field a string, so a half-typed number is kept and shown,
 * and the request built from it, or what is missing or not a number.
 */
import type { ImprovementMethod, Initiative, InitiativeInput } from "../../api";

export interface InitiativeDraft {
  title: string;
  problem: string;
  area: string;
  owner: string;
  team: string;
  kpis: string[];
  goal: string;
  method: ImprovementMethod;
  hypothesis: string;
  change: string;
  expectedBenefit: string;
  oneOff: string;
  running: string;
  perUnit: string;
  unitsPerMonth: string;
  horizonMonths: string;
  start: string;
  due: string;
}

export const EMPTY_DRAFT: InitiativeDraft = {
  title: "",
  problem: "",
  area: "",
  owner: "",
  team: "",
  kpis: [],
  goal: "",
  method: "pdca",
  hypothesis: "",
  change: "",
  expectedBenefit: "",
  oneOff: "",
  running: "",
  perUnit: "",
  unitsPerMonth: "",
  horizonMonths: "",
  start: "",
  due: "",
};

const numberText = (x: number | undefined | null): string =>
  x === undefined || x === null || x === 0 ? "" : String(x);

export function draftOf(i: Initiative): InitiativeDraft {
  return {
    title: i.title,
    problem: i.problem,
    area: i.area,
    owner: i.owner,
    team: i.team.join(", "),
    kpis: [...i.kpis],
    goal: i.goal,
    method: i.method,
    hypothesis: i.hypothesis,
    change: i.change,
    expectedBenefit: i.expectedBenefit,
    oneOff: numberText(i.costs.oneOff),
    running: numberText(i.costs.running),
    perUnit: i.value ? String(i.value.perUnit) : "",
    unitsPerMonth: numberText(i.value?.unitsPerMonth),
    horizonMonths: i.value && i.value.horizonMonths !== 12 ? String(i.value.horizonMonths) : "",
    start: i.start ?? "",
    due: i.due ?? "",
  };
}

export type DraftProblems = Partial<Record<keyof InitiativeDraft, string>>;

/** The fields to send, or the problems to fix first. Range checks beyond these are the server's. */
export function inputOf(
  draft: InitiativeDraft,
): { ok: true; input: InitiativeInput } | { ok: false; problems: DraftProblems } {
  const problems: DraftProblems = {};
  const num = (
    key: keyof InitiativeDraft,
    label: string,
    check?: (x: number) => string | null,
  ): number | undefined => {
    const text = String(draft[key]).trim();
    if (text === "") return undefined;
    const value = Number(text.replace(/,/g, ""));
    if (!Number.isFinite(value)) {
      problems[key] = `The ${label} “${text}” is not a number.`;
      return undefined;
    }
    const wrong = check?.(value);
    if (wrong) problems[key] = wrong;
    return value;
  };
  if (draft.title.trim() === "") problems.title = "Give the initiative a title.";
  const positive = (label: string) => (x: number) => (x < 0 ? `The ${label} cannot be below 0.` : null);
  const oneOff = num("oneOff", "one-off cost", positive("one-off cost"));
  const running = num("running", "running cost", positive("running cost"));
  const perUnit = num("perUnit", "value per unit");
  const unitsPerMonth = num("unitsPerMonth", "units per month", (x) =>
    x > 0 ? null : "Units per month must be above 0, or left empty.",
  );
  const horizonMonths = num("horizonMonths", "horizon", (x) =>
    x > 0 && x <= 120 ? null : "The horizon is 1 to 120 months.",
  );
  if (perUnit === undefined && (unitsPerMonth !== undefined || horizonMonths !== undefined)) {
    problems.perUnit = "Say what one unit of the KPI is worth, to count units per month and the horizon.";
  }
  for (const key of ["start", "due"] as const) {
    const text = draft[key].trim();
    if (text && !/^\d{4}-\d{2}-\d{2}$/.test(text)) problems[key] = "A date as YYYY-MM-DD.";
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const input: InitiativeInput = {
    title: draft.title.trim(),
    problem: draft.problem.trim(),
    area: draft.area.trim(),
    owner: draft.owner.trim(),
    team: draft.team
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    kpis: draft.kpis,
    goal: draft.goal.trim(),
    method: draft.method,
    hypothesis: draft.hypothesis.trim(),
    change: draft.change.trim(),
    expectedBenefit: draft.expectedBenefit.trim(),
    costs: { oneOff: oneOff ?? 0, running: running ?? 0 },
    start: draft.start.trim() || null,
    due: draft.due.trim() || null,
  };
  input.value = null;
  if (perUnit !== undefined) {
    input.value = {
      perUnit,
      ...(unitsPerMonth !== undefined ? { unitsPerMonth } : {}),
      horizonMonths: horizonMonths ?? 12,
    };
  }
  return { ok: true, input };
}
