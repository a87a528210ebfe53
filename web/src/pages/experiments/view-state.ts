/**
 * What the Experiments page shows — an experiment's analysis settings and the plan calculator's
 * inputs — read from and written to the query of its URL, so a view can be shared and reloaded as it was.
 */
import type {
  ExperimentCorrection,
  ExperimentDifference,
  ExperimentEngine,
  ExperimentPlanInput,
  ExperimentResultsQuery,
} from "../../api";

export const ENGINES: { id: ExperimentEngine; label: string }[] = [
  { id: "frequentist", label: "Frequentist" },
  { id: "bayesian", label: "Bayesian" },
];

export const CORRECTIONS: { id: ExperimentCorrection; label: string }[] = [
  { id: "none", label: "None" },
  { id: "holm-bonferroni", label: "Holm-Bonferroni" },
  { id: "benjamini-hochberg", label: "Benjamini-Hochberg" },
];

export const DIFFERENCES: { id: ExperimentDifference; label: string }[] = [
  { id: "relative", label: "Relative (%)" },
  { id: "absolute", label: "Absolute" },
];

function oneOf<T extends string>(text: string | null, options: readonly { id: T }[]): T | undefined {
  return options.find((o) => o.id === text)?.id;
}

function flag(text: string | null): boolean | undefined {
  return text === "true" ? true : text === "false" ? false : undefined;
}

/** Settings chosen on the page; those left out are the experiment's own. */
export function parseResultsView(query: string): ExperimentResultsQuery {
  const p = new URLSearchParams(query);
  const view: ExperimentResultsQuery = {};
  const engine = oneOf(p.get("engine"), ENGINES);
  const sequential = flag(p.get("sequential"));
  const correction = oneOf(p.get("correction"), CORRECTIONS);
  const difference = oneOf(p.get("difference"), DIFFERENCES);
  if (engine) view.engine = engine;
  if (sequential !== undefined) view.sequential = sequential;
  if (correction) view.correction = correction;
  if (difference) view.difference = difference;
  return view;
}

export function formatResultsView(view: ExperimentResultsQuery): string {
  const p = new URLSearchParams();
  if (view.engine) p.set("engine", view.engine);
  if (view.sequential !== undefined) p.set("sequential", String(view.sequential));
  if (view.correction) p.set("correction", view.correction);
  if (view.difference) p.set("difference", view.difference);
  return p.toString();
}

/** The plan calculator's inputs as typed, so a half-typed or bad value is kept and shown. */
export interface PlanView {
  metric: "proportion" | "mean";
  baseline: string;
  standardDeviation: string;
  mde: string;
  power: string;
  alpha: string;
  variants: string;
  trafficPerDay: string;
  users: string;
  sequential: boolean;
}

export const DEFAULT_PLAN_VIEW: PlanView = {
  metric: "proportion",
  baseline: "0.05",
  standardDeviation: "",
  mde: "0.1",
  power: "0.8",
  alpha: "0.05",
  variants: "2",
  trafficPerDay: "",
  users: "",
  sequential: false,
};

const PLAN_KEYS = [
  "baseline",
  "standardDeviation",
  "mde",
  "power",
  "alpha",
  "variants",
  "trafficPerDay",
  "users",
] as const;

/** The URL's names of the inputs: short, as people type them. */
const PLAN_PARAMS: Record<(typeof PLAN_KEYS)[number], string> = {
  baseline: "baseline",
  standardDeviation: "sd",
  mde: "mde",
  power: "power",
  alpha: "alpha",
  variants: "variants",
  trafficPerDay: "traffic",
  users: "users",
};

export function parsePlanView(query: string): PlanView {
  const p = new URLSearchParams(query);
  const view: PlanView = { ...DEFAULT_PLAN_VIEW };
  view.metric = p.get("metric") === "mean" ? "mean" : "proportion";
  for (const key of PLAN_KEYS) {
    const value = p.get(PLAN_PARAMS[key]);
    if (value !== null) view[key] = value.slice(0, 40);
  }
  view.sequential = p.get("sequential") === "true";
  return view;
}

export function formatPlanView(view: PlanView): string {
  const p = new URLSearchParams();
  if (view.metric !== DEFAULT_PLAN_VIEW.metric) p.set("metric", view.metric);
  for (const key of PLAN_KEYS) {
    if (view[key] !== DEFAULT_PLAN_VIEW[key]) p.set(PLAN_PARAMS[key], view[key]);
  }
  if (view.sequential) p.set("sequential", "true");
  return p.toString();
}

/** The request for the inputs, or what is missing or not a number. Range checks are the server's. */
export function planRequest(
  view: PlanView,
): { ok: true; input: ExperimentPlanInput } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const read = (key: (typeof PLAN_KEYS)[number], label: string, required: boolean): number | undefined => {
    const text = view[key].trim();
    if (text === "") {
      if (required) problems.push(`Give the ${label}.`);
      return undefined;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
      problems.push(`The ${label} “${text}” is not a number.`);
      return undefined;
    }
    return value;
  };
  const baseline = read("baseline", view.metric === "mean" ? "average per user now" : "rate now", true);
  const standardDeviation =
    view.metric === "mean"
      ? read("standardDeviation", "spread per user (standard deviation)", true)
      : undefined;
  const mde = read("mde", "smallest lift worth finding", true);
  const power = read("power", "power", false);
  const alpha = read("alpha", "false-positive rate", false);
  const variants = read("variants", "number of variants", false);
  const trafficPerDay = read("trafficPerDay", "users per day", false);
  const users = read("users", "users per variant you have", false);
  if (problems.length > 0 || baseline === undefined || mde === undefined) return { ok: false, problems };
  const input: ExperimentPlanInput = { metric: view.metric, baseline, mde, sequential: view.sequential };
  if (standardDeviation !== undefined) input.standardDeviation = standardDeviation;
  if (power !== undefined) input.power = power;
  if (alpha !== undefined) input.alpha = alpha;
  if (variants !== undefined) input.variants = variants;
  if (trafficPerDay !== undefined) input.trafficPerDay = trafficPerDay;
  if (users !== undefined) input.users = users;
  return { ok: true, input };
}
