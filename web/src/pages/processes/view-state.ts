/**
 * What the mining view of a log shows — tab, map mode, sliders and case filters — read from and
 * written to the query of its URL, so that a view can be shared and reloaded as it was.
 */
import { type HandoverBy, type MiningFilters, TIME_MODES, type TimeMode } from "../../api";
import type { Direction } from "../../components/process/layout-graph";

export const TABS = [
  { id: "map", label: "Process map" },
  { id: "variants", label: "Variants" },
  { id: "bottlenecks", label: "Bottlenecks" },
  { id: "throughput", label: "Throughput time" },
  { id: "rework", label: "Rework" },
  { id: "value-stream", label: "Value stream" },
  { id: "handover", label: "Handover of work" },
  { id: "root-causes", label: "Root causes" },
  { id: "conformance", label: "Conformance" },
] as const;

export type Tab = (typeof TABS)[number]["id"];

export type MapMode = "frequency" | "time";

export interface ViewState {
  tab: Tab;
  mode: MapMode;
  direction: Direction;
  /** % of activities kept on the map, most frequent first. */
  activities: number;
  /** % of paths kept on the map, most frequent first. */
  paths: number;
  /** A variant drawn over the map, as its activities in order. */
  variant: string[] | null;
  from: string;
  to: string;
  timeMode: TimeMode;
  where: string[];
  /** % of cases covered by the most frequent variants kept. */
  variants: number;
  mergeLifecycle: boolean;
  handoverBy: HandoverBy;
  /** What "slow" means for root causes: a percentile of case duration such as p80. */
  slow: string;
  /** An outcome to explain instead of slowness: `column=value`. */
  outcome: string;
}

export const DEFAULT_VIEW: ViewState = {
  tab: "map",
  mode: "frequency",
  direction: "DOWN",
  activities: 100,
  paths: 100,
  variant: null,
  from: "",
  to: "",
  timeMode: "intersecting",
  where: [],
  variants: 100,
  mergeLifecycle: false,
  handoverBy: "resource",
  slow: "p80",
  outcome: "",
};

function percent(text: string | null, fallback: number): number {
  if (text === null || text.trim() === "") return fallback;
  const value = Number(text);
  return Number.isFinite(value) ? Math.min(100, Math.max(0, Math.round(value))) : fallback;
}

function oneOf<T extends string>(text: string | null, options: readonly T[], fallback: T): T {
  return options.find((o) => o === text) ?? fallback;
}

function isoDay(text: string | null): string {
  return text && /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : "";
}

function variantOf(text: string | null): string[] | null {
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((a) => typeof a === "string") ? parsed : null;
  } catch {
    return null;
  }
}

export function parseView(query: string): ViewState {
  const p = new URLSearchParams(query);
  const d = DEFAULT_VIEW;
  return {
    tab: oneOf(
      p.get("tab"),
      TABS.map((t) => t.id),
      d.tab,
    ),
    mode: oneOf(p.get("mode"), ["frequency", "time"] as const, d.mode),
    direction: p.get("direction") === "right" ? "RIGHT" : "DOWN",
    activities: percent(p.get("activities"), d.activities),
    paths: percent(p.get("paths"), d.paths),
    variant: variantOf(p.get("variant")),
    from: isoDay(p.get("from")),
    to: isoDay(p.get("to")),
    timeMode: oneOf(p.get("timeMode"), TIME_MODES, d.timeMode),
    where: p.getAll("where").filter((w) => w.trim() !== ""),
    variants: percent(p.get("variants"), d.variants),
    mergeLifecycle: p.get("mergeLifecycle") === "true",
    handoverBy: oneOf(p.get("by"), ["resource", "role"] as const, d.handoverBy),
    slow: /^p\d{1,2}$/.test(p.get("slow") ?? "") ? (p.get("slow") ?? d.slow) : d.slow,
    outcome: p.get("outcome") ?? "",
  };
}

/** The query of a view, leaving out what is as by default so links stay short. */
export function formatView(view: ViewState): string {
  const p = new URLSearchParams();
  const d = DEFAULT_VIEW;
  if (view.tab !== d.tab) p.set("tab", view.tab);
  if (view.mode !== d.mode) p.set("mode", view.mode);
  if (view.direction !== d.direction) p.set("direction", view.direction === "RIGHT" ? "right" : "down");
  if (view.activities !== d.activities) p.set("activities", String(view.activities));
  if (view.paths !== d.paths) p.set("paths", String(view.paths));
  if (view.variant) p.set("variant", JSON.stringify(view.variant));
  if (view.from) p.set("from", view.from);
  if (view.to) p.set("to", view.to);
  if ((view.from || view.to) && view.timeMode !== d.timeMode) p.set("timeMode", view.timeMode);
  for (const w of view.where) p.append("where", w);
  if (view.variants !== d.variants) p.set("variants", String(view.variants));
  if (view.mergeLifecycle) p.set("mergeLifecycle", "true");
  if (view.handoverBy !== d.handoverBy) p.set("by", view.handoverBy);
  if (view.slow !== d.slow) p.set("slow", view.slow);
  if (view.outcome) p.set("outcome", view.outcome);
  return p.toString();
}

/** The case filters every mining call takes (the map adds its sliders). */
export function caseFilters(view: ViewState): MiningFilters {
  const ranged = Boolean(view.from || view.to);
  return {
    from: view.from || undefined,
    to: view.to || undefined,
    timeMode: ranged ? view.timeMode : undefined,
    where: view.where.length > 0 ? view.where : undefined,
    variants: view.variants < 100 ? view.variants : undefined,
    mergeLifecycle: view.mergeLifecycle ? true : undefined,
  };
}

/** A stable text for a set of filters, for use as a load's dependency. */
export function filtersKey(filters: MiningFilters): string {
  return JSON.stringify(filters);
}
