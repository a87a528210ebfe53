/**
 * What the Twin page shows — tab, event log, run settings and planner inputs — read from and written
 * to the query of its URL, so a view can be shared and reloaded as it was.
 */

export const TWIN_TABS = [
  { id: "model", label: "Model" },
  { id: "scenarios", label: "Scenarios" },
  { id: "staffing", label: "Staffing" },
  { id: "planning", label: "Planning" },
] as const;

export type TwinTab = (typeof TWIN_TABS)[number]["id"];

export type StaffingSource = "table" | "single" | "kpi";

export interface TwinView {
  tab: TwinTab;
  /** Event log the twin is calibrated from. */
  log: string;
  /** Cases per replication and replications of a scenario run. */
  cases: number;
  replications: number;
  seed: number;
  staffingSource: StaffingSource;
  interval: number;
  handling: number;
  answerWithin: number;
  serviceLevel: number;
  shrinkage: number;
  maxOccupancy: number;
  /** One interval's arrivals, for the single-interval source. */
  arrivals: number;
  kpi: string;
}

export const DEFAULT_TWIN_VIEW: TwinView = {
  tab: "model",
  log: "",
  cases: 1000,
  replications: 5,
  seed: 1,
  staffingSource: "table",
  interval: 60,
  handling: 3,
  answerWithin: 20,
  serviceLevel: 0.8,
  shrinkage: 0.3,
  maxOccupancy: 0.85,
  arrivals: 100,
  kpi: "",
};

function numberIn(text: string | null, fallback: number, min: number, max: number): number {
  if (text === null || text.trim() === "") return fallback;
  const value = Number(text);
  return Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}

function oneOf<T extends string>(text: string | null, options: readonly T[], fallback: T): T {
  return options.find((o) => o === text) ?? fallback;
}

export function parseTwinView(query: string): TwinView {
  const p = new URLSearchParams(query);
  const d = DEFAULT_TWIN_VIEW;
  return {
    tab: oneOf(
      p.get("tab"),
      TWIN_TABS.map((t) => t.id),
      d.tab,
    ),
    log: p.get("log") ?? d.log,
    cases: Math.round(numberIn(p.get("cases"), d.cases, 10, 100_000)),
    replications: Math.round(numberIn(p.get("replications"), d.replications, 2, 50)),
    seed: Math.round(numberIn(p.get("seed"), d.seed, 0, 2 ** 31)),
    staffingSource: oneOf(p.get("source"), ["table", "single", "kpi"] as const, d.staffingSource),
    interval: numberIn(p.get("interval"), d.interval, 5, 240),
    handling: numberIn(p.get("handling"), d.handling, 0.01, 1440),
    answerWithin: numberIn(p.get("answerWithin"), d.answerWithin, 0, 86_400),
    serviceLevel: numberIn(p.get("serviceLevel"), d.serviceLevel, 0.01, 0.99),
    shrinkage: numberIn(p.get("shrinkage"), d.shrinkage, 0, 0.95),
    maxOccupancy: numberIn(p.get("maxOccupancy"), d.maxOccupancy, 0.05, 1),
    arrivals: numberIn(p.get("arrivals"), d.arrivals, 0, 1e7),
    kpi: p.get("kpi") ?? d.kpi,
  };
}

/** The query of a view, leaving out what is as by default so links stay short. */
export function formatTwinView(view: TwinView): string {
  const p = new URLSearchParams();
  const d = DEFAULT_TWIN_VIEW;
  if (view.tab !== d.tab) p.set("tab", view.tab);
  if (view.log) p.set("log", view.log);
  const numbers = [
    ["cases", "cases"],
    ["replications", "replications"],
    ["seed", "seed"],
    ["interval", "interval"],
    ["handling", "handling"],
    ["answerWithin", "answerWithin"],
    ["serviceLevel", "serviceLevel"],
    ["shrinkage", "shrinkage"],
    ["maxOccupancy", "maxOccupancy"],
    ["arrivals", "arrivals"],
  ] as const;
  for (const [key, name] of numbers) {
    if (view[key] !== d[key]) p.set(name, String(view[key]));
  }
  if (view.staffingSource !== d.staffingSource) p.set("source", view.staffingSource);
  if (view.kpi) p.set("kpi", view.kpi);
  return p.toString();
}
