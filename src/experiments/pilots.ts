import { AppError } from "../core/index.js";
import { evaluateKpi, findKpi, type Kpi, type KpiSeries } from "../kpi/index.js";
import type { Workspace } from "../workspace/index.js";
import type { Pilot } from "./experiment.schema.js";
import { findPilot } from "./experiments.js";
import { percent, pValueText } from "./narrative.js";
import { analyzePilot, type PilotPanel, type PilotResult } from "./pilot/index.js";

/** A pilot judged on the workspace's data: the panel from a KPI split by a dimension, and the verdict. */

const DAY_MS = 86_400_000;
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
/** Periods either side of the change used when the pilot does not say. */
const DEFAULT_WEEKS = 12;

export interface PilotReport extends PilotResult {
  pilot: Pilot;
  kpi: { name: string; label: string; unit: string | null; better: "higher" | "lower" };
  window: { from: string; to: string };
  paragraph: string;
  seconds: number;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function weekdayOf(day: string): (typeof WEEKDAYS)[number] {
  return WEEKDAYS[(new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7] as (typeof WEEKDAYS)[number];
}

/** The KPI dimension that holds every named unit (treated and controls). */
async function resolveDimension(
  workspace: Workspace,
  kpi: Kpi,
  pilot: Pilot,
  window: { from: string; to: string },
): Promise<{ by: string; series: KpiSeries }> {
  const wanted = [pilot.treated, ...pilot.controls];
  const candidates = pilot.by ? [pilot.by] : kpi.dimensions;
  if (candidates.length === 0) {
    throw new AppError(
      "USAGE",
      `KPI "${kpi.name}" has no dimensions to split by; add one (e.g. shop) to the KPI, or name --by.`,
      { kpi: kpi.name },
    );
  }
  const seen: string[] = [];
  for (const by of candidates) {
    const series = await evaluateKpi(workspace, kpi, {
      by,
      from: window.from,
      to: addDays(window.to, 1),
      grain: pilot.grain,
      ...(pilot.filter ? { filter: pilot.filter } : {}),
    });
    const names = new Set(series.points.flatMap((p) => Object.keys(p.segments ?? {})));
    if (wanted.every((w) => names.has(w))) return { by, series };
    seen.push(`${by}: ${[...names].slice(0, 12).join(", ")}`);
  }
  const missing = wanted.join(", ");
  throw new AppError(
    "USAGE",
    `No dimension of KPI "${kpi.name}" holds all of ${missing} between ${window.from} and ${window.to}; values seen are ${seen.join("; ") || "none"}.`,
    { kpi: kpi.name, units: wanted },
  );
}

function panelOf(series: KpiSeries, pilot: Pilot): PilotPanel {
  const excluded = new Set(pilot.excludeWeekdays);
  const points = series.points.filter(
    (p) => pilot.grain !== "day" || !excluded.has(weekdayOf(p.period.slice(0, 10))),
  );
  const values = (name: string) => points.map((p) => p.segments?.[name] ?? null);
  return {
    dates: points.map((p) => p.period.slice(0, 10)),
    changeDate: pilot.changeDate,
    treated: { name: pilot.treated, values: values(pilot.treated) },
    controls: pilot.controls.map((name) => ({ name, values: values(name) })),
  };
}

function amountText(x: number, unit: string | null, sign = false): string {
  const abs = Math.abs(x);
  const text = abs >= 100 ? abs.toFixed(0) : abs.toFixed(abs >= 10 ? 1 : 2);
  const signed = x < 0 ? `−${text}` : sign && x > 0 ? `+${text}` : text;
  return unit ? `${signed} ${unit}` : signed;
}

/** "Revenue" → "revenue", but "AOV" stays. */
function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

function syntheticSentence(report: Omit<PilotReport, "paragraph" | "seconds">): string {
  const sc = report.syntheticControl;
  const mix = sc.weights
    .filter((w) => w.weight >= 0.005)
    .map((w) => `${Math.round(w.weight * 100)}% ${w.name}`)
    .join(", ");
  if (sc.ci === null) {
    return `The synthetic control (${mix}) cannot confirm this here: it does not match ${report.pilot.treated} well enough before the change (see the warnings).`;
  }
  const placebo = sc.pValue !== null ? `; placebo tests give ${pValueText(sc.pValue)}` : "";
  const unit = report.kpi.unit;
  const per = report.pilot.grain === "day" ? "per day" : "per week";
  return `The synthetic control (${mix}) puts the change at ${percent(sc.relative, true)}, ${amountText(sc.effect, unit, true)} ${per} (95% CI ${amountText(sc.ci[0], unit, true)} to ${amountText(sc.ci[1], unit, true)})${placebo}.`;
}

/** The pilot's result in plain words. */
export function describePilot(report: Omit<PilotReport, "paragraph" | "seconds">): string {
  const { pilot, kpi, differenceInDifferences: did, preTrend } = report;
  const per = pilot.grain === "day" ? "per day" : "per week";
  const controls = pilot.controls.join(" and ");
  const [lo, hi] = did.relativeCi;
  const covers = lo <= 0 && hi >= 0;
  const verb = covers ? "changed" : did.effect > 0 ? "raised" : "lowered";
  const good = did.effect > 0 === (kpi.better === "higher");
  const size = amountText(covers ? did.effect : Math.abs(did.effect), kpi.unit, covers);
  const chance = covers
    ? "that could well be chance"
    : `that is unlikely to be chance${good ? "" : ", and it is the wrong direction"}`;
  const parts = [
    `${pilot.title ?? `The change in ${pilot.treated}`} ${verb} ${inSentence(kpi.label)} in ${pilot.treated} by ${size} ${per} (${percent(did.relative, true)}; 95% CI ${percent(lo, true)} to ${percent(hi, true)}) against what ${controls} ${pilot.controls.length === 1 ? "suggests" : "suggest"} it would have been; ${chance} (${pValueText(did.pValue)}).`,
    syntheticSentence(report),
    preTrend.ok
      ? `Before the change ${pilot.treated} and ${controls} moved in parallel, so the comparison is fair.`
      : `Before the change ${pilot.treated} already drifted away from ${controls}; treat the estimate with care.`,
    ...report.warnings,
  ];
  return parts.join(" ");
}

function defaultWindow(pilot: Pilot): { from: string; to: string } {
  const days = DEFAULT_WEEKS * 7;
  return {
    from: pilot.from ?? addDays(pilot.changeDate, -days),
    to: pilot.to ?? addDays(pilot.changeDate, days - 1),
  };
}

/** Judges a pilot (saved or given in full) on the workspace's KPI data. */
export async function analyzeWorkspacePilot(
  workspace: Workspace,
  pilotOrName: string | Pilot,
): Promise<PilotReport> {
  const started = performance.now();
  const given = typeof pilotOrName === "string" ? findPilot(workspace, pilotOrName) : pilotOrName;
  const kpi = findKpi(workspace, given.kpi);
  const window = defaultWindow(given);
  if (given.changeDate <= window.from || given.changeDate > window.to) {
    throw new AppError(
      "USAGE",
      `The change date ${given.changeDate} must lie after --from ${window.from} and not after --to ${window.to}.`,
      { field: "changeDate" },
    );
  }
  const { by, series } = await resolveDimension(workspace, kpi, given, window);
  const pilot: Pilot = { ...given, by };
  const panel = panelOf(series, pilot);
  const excludedDays = pilot.grain === "day" ? pilot.excludeWeekdays.length : 0;
  const result = analyzePilot(panel, {
    ...(pilot.grain === "day" ? { seasonLength: 7 - excludedDays } : {}),
    ...(pilot.scale ? { scale: pilot.scale } : {}),
  });
  const base = {
    ...result,
    pilot,
    kpi: { name: kpi.name, label: kpi.label ?? kpi.name, unit: kpi.unit ?? null, better: kpi.better },
    window,
  };
  return { ...base, paragraph: describePilot(base), seconds: (performance.now() - started) / 1000 };
}
