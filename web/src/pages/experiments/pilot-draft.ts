/**
 * The pilot form's draft: the definition as typed, turned into the definition the server analyses and
 * saves, and into YAML; read back from either. What the form has no field for is kept as it is.
 */
import { stringify } from "yaml";
import { PILOT_WEEKDAYS, type PilotScale, type PilotWeekday } from "../../api";

export interface PilotDraft {
  name: string;
  title: string;
  hypothesis: string;
  owner: string;
  kpi: string;
  /** "" = found among the KPI's dimensions. */
  by: string;
  treated: string;
  controls: string[];
  changeDate: string;
  from: string;
  to: string;
  grain: string;
  filter: string;
  /** "" = chosen from the data (log when every value is above 0). */
  scale: "" | PilotScale;
  excludeWeekdays: PilotWeekday[];
  extra: Record<string, unknown>;
}

export function emptyPilotDraft(): PilotDraft {
  return {
    name: "",
    title: "",
    hypothesis: "",
    owner: "",
    kpi: "",
    by: "",
    treated: "",
    controls: [],
    changeDate: "",
    from: "",
    to: "",
    grain: "day",
    filter: "",
    scale: "",
    excludeWeekdays: [],
    extra: {},
  };
}

function trimmed(text: string): string | undefined {
  const t = text.trim();
  return t === "" ? undefined : t;
}

/** The definition to analyse, save and show as YAML; empty optional fields are left out. */
export function pilotDefinition(d: PilotDraft, fallbackName?: string): Record<string, unknown> {
  const entries: Record<string, unknown> = {
    name: trimmed(d.name) ?? fallbackName,
    title: trimmed(d.title),
    hypothesis: trimmed(d.hypothesis),
    owner: trimmed(d.owner),
    kpi: trimmed(d.kpi),
    by: trimmed(d.by),
    treated: trimmed(d.treated),
    controls: d.controls.map((c) => c.trim()).filter((c) => c !== ""),
    changeDate: trimmed(d.changeDate),
    from: trimmed(d.from),
    to: trimmed(d.to),
    grain: d.grain,
    filter: trimmed(d.filter),
    scale: d.scale || undefined,
    excludeWeekdays:
      d.excludeWeekdays.length > 0 ? PILOT_WEEKDAYS.filter((w) => d.excludeWeekdays.includes(w)) : undefined,
    ...d.extra,
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

export function pilotYaml(d: PilotDraft): string {
  return stringify(pilotDefinition(d), { lineWidth: 0 });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : String(value);
}

const KEYS = [
  "name",
  "title",
  "hypothesis",
  "owner",
  "kpi",
  "by",
  "treated",
  "controls",
  "changeDate",
  "from",
  "to",
  "grain",
  "filter",
  "scale",
  "excludeWeekdays",
];

/** A pilot definition (from the server or typed as YAML) as a draft, or why the form cannot show it. */
export function pilotDraft(value: unknown): { draft: PilotDraft } | { error: string } {
  if (!isRecord(value)) {
    return { error: "A pilot is one mapping: name: …, kpi: …, treated: …, controls: […], changeDate: …." };
  }
  const controls = value.controls ?? [];
  if (!Array.isArray(controls)) return { error: "`controls` is a list, e.g. controls: [shop-2, shop-3]." };
  const weekdays = value.excludeWeekdays ?? [];
  if (!Array.isArray(weekdays))
    return { error: "`excludeWeekdays` is a list, e.g. excludeWeekdays: [sunday]." };
  const unknownDay = weekdays.find((w) => !PILOT_WEEKDAYS.includes(w as PilotWeekday));
  if (unknownDay !== undefined) {
    return { error: `\`excludeWeekdays\`: “${text(unknownDay)}” is not a weekday; use monday … sunday.` };
  }
  const scale = value.scale === undefined ? "" : value.scale;
  if (scale !== "" && scale !== "log" && scale !== "level") {
    return { error: "`scale` is log, level, or left out to choose it from the data." };
  }
  const extra = Object.fromEntries(Object.entries(value).filter(([k]) => !KEYS.includes(k)));
  return {
    draft: {
      name: text(value.name),
      title: text(value.title),
      hypothesis: text(value.hypothesis),
      owner: text(value.owner),
      kpi: text(value.kpi),
      by: text(value.by),
      treated: text(value.treated),
      controls: controls.map(text),
      changeDate: text(value.changeDate),
      from: text(value.from),
      to: text(value.to),
      grain: text(value.grain) || "day",
      filter: text(value.filter),
      scale,
      excludeWeekdays: weekdays as PilotWeekday[],
      extra,
    },
  };
}
