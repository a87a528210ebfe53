/**
 * The experiment form's draft: the definition as people type it (numbers kept as text, so "0." can be
 * typed), turned into the definition the server checks and into YAML, and read back from either.
 * The server is the one judge of a definition: the draft only shapes it, and keeps what the form has no
 * field for (a prior, the sequential tuning, a key it does not know) so that nothing typed is lost.
 */
import { parse, stringify } from "yaml";
import type { ExperimentDefinition, MetricRole, MetricType } from "../../api";

export const METRIC_TYPES: { id: MetricType; label: string; hint: string }[] = [
  { id: "proportion", label: "Proportion", hint: "a yes/no per unit, e.g. converted" },
  { id: "mean", label: "Mean", hint: "a number per unit, e.g. order_value" },
  { id: "ratio", label: "Ratio", hint: "a sum over a sum, e.g. order value per order" },
];

export const METRIC_ROLES: { id: MetricRole; label: string; hint: string }[] = [
  { id: "primary", label: "Primary", hint: "what the test decides on" },
  { id: "secondary", label: "Secondary", hint: "also watched" },
  { id: "guardrail", label: "Guardrail", hint: "must not get worse" },
];

export const SIDES: { id: string; label: string }[] = [
  { id: "two-sided", label: "Either way (two-sided)" },
  { id: "greater", label: "Only an increase (one-sided)" },
  { id: "less", label: "Only a decrease (one-sided)" },
];

export interface MetricDraft {
  /** Keeps React's rows apart when one is removed. */
  id: number;
  source: "kpi" | "expression";
  kpi: string;
  /** "" = taken from the KPI (KPI metrics only). */
  type: string;
  value: string;
  numerator: string;
  denominator: string;
  role: string;
  name: string;
  label: string;
  where: string;
  covariate: string;
  /** "" = from the KPI, else higher. */
  better: string;
  extra: Record<string, unknown>;
}

export interface VariantDraft {
  id: number;
  name: string;
  weight: string;
  extra: Record<string, unknown>;
}

export interface AnalysisDraft {
  engine: string;
  difference: string;
  alpha: string;
  sides: string;
  sequential: boolean;
  correction: string;
  cuped: boolean;
  /** prior, sequentialTuning and anything else the form has no field for. */
  extra: Record<string, unknown>;
}

export interface ExperimentDraft {
  name: string;
  title: string;
  hypothesis: string;
  owner: string;
  dataset: string;
  variantColumn: string;
  unit: string;
  time: string;
  start: string;
  stop: string;
  variants: VariantDraft[];
  metrics: MetricDraft[];
  mde: string;
  analysis: AnalysisDraft;
  extra: Record<string, unknown>;
}

let nextId = 1;
export function newId(): number {
  return nextId++;
}

export function newVariant(name = "", weight = "1"): VariantDraft {
  return { id: newId(), name, weight, extra: {} };
}

export function newMetric(role = "primary"): MetricDraft {
  return {
    id: newId(),
    source: "expression",
    kpi: "",
    type: "proportion",
    value: "",
    numerator: "",
    denominator: "",
    role,
    name: "",
    label: "",
    where: "",
    covariate: "",
    better: "",
    extra: {},
  };
}

export const DEFAULT_ANALYSIS: AnalysisDraft = {
  engine: "frequentist",
  difference: "relative",
  alpha: "0.05",
  sides: "two-sided",
  sequential: false,
  correction: "none",
  cuped: true,
  extra: {},
};

export function emptyExperimentDraft(): ExperimentDraft {
  return {
    name: "",
    title: "",
    hypothesis: "",
    owner: "",
    dataset: "",
    variantColumn: "",
    unit: "",
    time: "",
    start: "",
    stop: "",
    variants: [newVariant("control", "0.5"), newVariant("", "0.5")],
    metrics: [newMetric()],
    mde: "",
    analysis: { ...DEFAULT_ANALYSIS, extra: {} },
    extra: {},
  };
}

// ── Draft → definition ──────────────────────────────────────────────────────

/** Typed text as a number when it is one; otherwise the text, for the server to name. */
function numberOrText(text: string): number | string | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** An object without the keys whose value is undefined or empty text. */
function compact(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(entries).filter(([, v]) => v !== undefined && !(typeof v === "string" && v.trim() === "")),
  );
}

function trimmed(text: string): string | undefined {
  const t = text.trim();
  return t === "" ? undefined : t;
}

export function metricDefinition(m: MetricDraft): Record<string, unknown> {
  const expression =
    m.source === "kpi"
      ? { kpi: trimmed(m.kpi), type: trimmed(m.type) }
      : m.type === "ratio"
        ? { type: m.type, numerator: trimmed(m.numerator), denominator: trimmed(m.denominator) }
        : { type: trimmed(m.type), value: trimmed(m.value) };
  return compact({
    name: trimmed(m.name),
    label: trimmed(m.label),
    role: m.role,
    ...expression,
    where: trimmed(m.where),
    covariate: trimmed(m.covariate),
    better: trimmed(m.better),
    ...m.extra,
  });
}

/**
 * The definition to send and to show as YAML, in the order of the docs. Empty optional fields are left
 * out; numbers that are not numbers stay text, so the server's message names them.
 */
export function experimentDefinition(d: ExperimentDraft): Record<string, unknown> {
  const a = d.analysis;
  return compact({
    name: trimmed(d.name),
    title: trimmed(d.title),
    hypothesis: trimmed(d.hypothesis),
    owner: trimmed(d.owner),
    dataset: trimmed(d.dataset),
    variantColumn: trimmed(d.variantColumn),
    unit: trimmed(d.unit),
    time: trimmed(d.time),
    start: trimmed(d.start),
    stop: trimmed(d.stop),
    variants: d.variants.map((v) =>
      compact({ name: v.name.trim(), weight: numberOrText(v.weight), ...v.extra }),
    ),
    metrics: d.metrics.map(metricDefinition),
    mde: numberOrText(d.mde),
    analysis: compact({
      engine: a.engine,
      difference: a.difference,
      alpha: numberOrText(a.alpha),
      sides: a.sides,
      sequential: a.sequential,
      correction: a.correction,
      cuped: a.cuped,
      ...a.extra,
    }),
    ...d.extra,
  });
}

export function experimentYaml(d: ExperimentDraft): string {
  return stringify(experimentDefinition(d), { lineWidth: 0 });
}

// ── Definition → draft ──────────────────────────────────────────────────────

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : String(value);
}

/** The keys of `value` that are not in `known`, kept as they are. */
function rest(value: Record<string, unknown>, known: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !known.includes(k)));
}

const METRIC_KEYS = [
  "name",
  "label",
  "role",
  "kpi",
  "type",
  "value",
  "numerator",
  "denominator",
  "where",
  "covariate",
  "better",
] as const;

function metricDraft(m: Record<string, unknown>): MetricDraft {
  const kpi = m.kpi !== undefined;
  return {
    id: newId(),
    source: kpi ? "kpi" : "expression",
    kpi: text(m.kpi),
    type: kpi ? text(m.type) : text(m.type) || (m.numerator !== undefined ? "ratio" : "proportion"),
    value: text(m.value),
    numerator: text(m.numerator),
    denominator: text(m.denominator),
    role: text(m.role) || "primary",
    name: text(m.name),
    label: text(m.label),
    where: text(m.where),
    covariate: text(m.covariate),
    better: text(m.better),
    extra: rest(m, METRIC_KEYS),
  };
}

const TOP_KEYS = [
  "name",
  "title",
  "hypothesis",
  "owner",
  "dataset",
  "variantColumn",
  "unit",
  "time",
  "start",
  "stop",
  "variants",
  "metrics",
  "mde",
  "analysis",
] as const;

const ANALYSIS_KEYS = [
  "engine",
  "difference",
  "alpha",
  "sides",
  "sequential",
  "correction",
  "cuped",
] as const;

/**
 * A definition (from the server or typed as YAML) as a draft; an error when its shape cannot be shown
 * as a form: not a mapping, variants or metrics that are not lists of mappings.
 */
export function experimentDraft(value: unknown): { draft: ExperimentDraft } | { error: string } {
  if (!isRecord(value)) {
    return { error: "An experiment is one mapping: name: …, dataset: …, variants: […], metrics: […]." };
  }
  const variants = value.variants ?? [];
  const metrics = value.metrics ?? [];
  if (!Array.isArray(variants) || !variants.every(isRecord)) {
    return { error: "`variants` is a list of mappings, e.g. - { name: control, weight: 0.5 }." };
  }
  if (!Array.isArray(metrics) || !metrics.every(isRecord)) {
    return { error: "`metrics` is a list of mappings, e.g. - { value: converted, type: proportion }." };
  }
  const analysis = value.analysis ?? {};
  if (!isRecord(analysis)) return { error: "`analysis` is a mapping, e.g. analysis: { engine: bayesian }." };
  return {
    draft: {
      name: text(value.name),
      title: text(value.title),
      hypothesis: text(value.hypothesis),
      owner: text(value.owner),
      dataset: text(value.dataset),
      variantColumn: text(value.variantColumn),
      unit: text(value.unit),
      time: text(value.time),
      start: text(value.start),
      stop: text(value.stop),
      variants: variants.map((v) => ({
        id: newId(),
        name: text(v.name),
        weight: text(v.weight),
        extra: rest(v, ["name", "weight"]),
      })),
      metrics: metrics.map(metricDraft),
      mde: text(value.mde),
      analysis: {
        engine: text(analysis.engine) || DEFAULT_ANALYSIS.engine,
        difference: text(analysis.difference) || DEFAULT_ANALYSIS.difference,
        alpha: analysis.alpha === undefined ? DEFAULT_ANALYSIS.alpha : text(analysis.alpha),
        sides: text(analysis.sides) || DEFAULT_ANALYSIS.sides,
        sequential: analysis.sequential === true,
        correction: text(analysis.correction) || DEFAULT_ANALYSIS.correction,
        cuped: analysis.cuped !== false,
        extra: rest(analysis, ANALYSIS_KEYS),
      },
      extra: rest(value, TOP_KEYS),
    },
  };
}

export function definitionDraft(definition: ExperimentDefinition): ExperimentDraft {
  const read = experimentDraft(definition);
  return "draft" in read ? read.draft : emptyExperimentDraft();
}

/** YAML typed by hand, parsed as YAML 1.2 (so `yes` and `on` stay words); the error names the line. */
export function parseDefinitionYaml(yamlText: string): { value: unknown } | { error: string } {
  try {
    return { value: parse(yamlText) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Names the dashboard uses for its own pages, which an experiment or pilot cannot take. */
export const ROUTE_WORDS = ["new", "plan", "pilots"];

/** A select's options, with the current value kept when it is not among them (typed as YAML, or gone). */
export function withCurrent(options: string[], current: string): string[] {
  return current && !options.includes(current) ? [current, ...options] : options;
}
