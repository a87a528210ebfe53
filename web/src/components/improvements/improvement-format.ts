/**
 * The improvement cycle in words: stages, outcomes, measured results, money and intervals, the same
 * way on the board, an initiative's page, the journal and the overview.
 */
import type { ClosingOutcome, InitiativeOutcome, MeasuredResult, SuggestionStatus } from "../../api";
import { formatNumber } from "../../format";

const MINUS = "−";

export const STAGE_LABELS: Record<string, string> = {
  plan: "Plan",
  do: "Do",
  check: "Check",
  act: "Act",
  define: "Define",
  measure: "Measure",
  analyze: "Analyze",
  improve: "Improve",
  control: "Control",
};

export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage] ?? stage;
}

/** What each stage is for, in a line. */
export const STAGE_HINTS: Record<string, string> = {
  plan: "Understand the problem, find its cause, plan the change",
  do: "Make the change, on a small scale first",
  check: "Measure the result against the baseline",
  act: "Keep what worked as the new standard",
  define: "State the problem, the customer and the goal",
  measure: "Capture the baseline",
  analyze: "Find the root cause",
  improve: "Try the change and measure it",
  control: "Keep the gain",
};

export const METHOD_LABELS = { pdca: "PDCA", dmaic: "DMAIC" } as const;

export const OUTCOME_LABELS: Record<InitiativeOutcome, string> = {
  open: "Open",
  verified: "Verified",
  "not-verified": "Not verified",
  abandoned: "Abandoned",
};

export const CLOSING_OUTCOMES: { id: ClosingOutcome; label: string; hint: string }[] = [
  { id: "verified", label: "Verified", hint: "the result shows a real improvement (significant and better)" },
  { id: "not-verified", label: "Not verified", hint: "it was tried and measured, but did not help" },
  { id: "abandoned", label: "Abandoned", hint: "stopped before a result; say why" },
];

export const SUGGESTION_STATUS_LABELS: Record<SuggestionStatus, string> = {
  new: "New",
  triaged: "Scored",
  converted: "Became an initiative",
  declined: "Declined",
};

function signed(text: string, x: number): string {
  if (x < 0) return `${MINUS}${text}`;
  return x > 0 ? `+${text}` : text;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** €12,345 (whole amounts; cents below €100 unless `whole`). */
export function formatMoney(
  x: number,
  currency: string | undefined,
  options: { sign?: boolean; whole?: boolean } = {},
): string {
  const code = currency && /^[A-Z]{3}$/.test(currency) ? currency : "EUR";
  const digits = Math.abs(x) >= 100 || options.whole ? 0 : 2;
  const key = `${code}:${digits}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat("en-GB", {
      style: "currency",
      currency: code,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    moneyFormats.set(key, format);
  }
  const text = format.format(Math.abs(x));
  return options.sign ? signed(text, x) : x < 0 ? `${MINUS}${text}` : text;
}

/** ROI as a percentage of the cost: +44%, −367%. */
export function formatRoi(roi: number): string {
  const percent = roi * 100;
  return signed(`${formatNumber(Math.round(Math.abs(percent)))}%`, percent);
}

export function formatMoneyInterval(ci: [number, number], currency: string | undefined): string {
  return `${formatMoney(ci[0], currency, { sign: true })} to ${formatMoney(ci[1], currency, { sign: true })}`;
}

export function formatRoiInterval(ci: [number, number]): string {
  return `${formatRoi(ci[0])} to ${formatRoi(ci[1])}`;
}

/** "3 days", "5 weeks": the learning rate as people say it. */
export function formatDays(days: number): string {
  if (days < 1) return "under a day";
  if (days < 14) return `${Math.round(days)} ${Math.round(days) === 1 ? "day" : "days"}`;
  if (days < 120) return `${Math.round(days / 7)} weeks`;
  return `${Math.round(days / 30.4)} months`;
}

/**
 * Whether a result's figures are shares (0–1) shown as percentages: an experiment's conversion comes
 * as a rate per user without a unit.
 */
export function isShareResult(result: Pick<MeasuredResult, "source" | "unit" | "before" | "after">): boolean {
  return (
    result.source.kind === "experiment" &&
    result.unit === null &&
    result.before >= 0 &&
    result.before <= 1 &&
    result.after >= 0 &&
    result.after <= 1
  );
}

const significant = new Intl.NumberFormat("en", { maximumSignificantDigits: 3 });

function amount(x: number): string {
  const size = Math.abs(x);
  if (size >= 100) return formatNumber(Math.round(size));
  return significant.format(size);
}

/** A result's level (before or after) in its unit: 3.24%, €812, 12.5 minutes. */
export function formatResultValue(x: number, result: MeasuredResult): string {
  if (isShareResult(result)) return `${(x * 100).toFixed(2)}%`;
  const text = x < 0 ? `${MINUS}${amount(x)}` : amount(x);
  if (!result.unit) return text;
  if (result.unit === "%") return `${text}%`;
  if (/^[A-Z]{3}$/.test(result.unit)) return formatMoney(x, result.unit);
  return `${text} ${result.unit}`;
}

/** A change in the result's unit with its sign: +0.42 pts, +€120, −3.1 minutes. */
export function formatResultChange(x: number, result: MeasuredResult): string {
  if (isShareResult(result)) return `${signed((Math.abs(x) * 100).toFixed(2), x)} pts`;
  if (result.unit === "%") return `${signed(amount(x), x)} pts`;
  if (result.unit && /^[A-Z]{3}$/.test(result.unit)) return formatMoney(x, result.unit, { sign: true });
  return `${signed(amount(x), x)}${result.unit ? ` ${result.unit}` : ""}`;
}

export function formatRelativeChange(x: number): string {
  const size = Math.abs(x) * 100;
  return signed(`${size >= 10 ? size.toFixed(0) : size.toFixed(1)}%`, x);
}

/** p = 0.032, p < 0.001. */
export function formatP(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return "—";
  if (p < 0.001) return "< 0.001";
  return p < 0.01 ? p.toFixed(3) : p.toFixed(2);
}

/** "per week", "per user": what the before and after figures are per. */
export function resultPer(result: MeasuredResult): string {
  if (result.grain) return `per ${result.grain}`;
  if (isShareResult(result)) return "";
  return result.source.kind === "experiment" ? "per unit" : "";
}

/** Where a result came from, in a few words. */
export function resultSourceText(result: MeasuredResult): string {
  const s = result.source;
  if (s.kind === "experiment") return `experiment ${s.experiment}${s.metric ? `, ${s.metric}` : ""}`;
  if (s.kind === "pilot") return `pilot ${s.pilot}`;
  return `${s.kpi} before (${s.before.from} – ${s.before.to}) and after (${s.after.from} – ${s.after.to})`;
}

/** The verdict on a result in a word and a tone. */
export function resultVerdict(result: { significant: boolean; better: boolean }): {
  text: string;
  tone: "good" | "bad" | "unsure";
} {
  if (result.significant && result.better) return { text: "Improved", tone: "good" };
  if (result.significant) return { text: "Got worse", tone: "bad" };
  return { text: "Could be chance", tone: "unsure" };
}

/** Title case for a record kind. */
export function analysisKindLabel(kind: "five-whys" | "fishbone" | "pareto"): string {
  return kind === "five-whys" ? "5 Whys" : kind === "fishbone" ? "Fishbone" : "Pareto";
}
