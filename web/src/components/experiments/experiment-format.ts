/**
 * Experiment figures in words and colours: lifts and their intervals, p-values, shares, decisions and
 * verdicts, the same way everywhere on the Experiments page.
 */
import type {
  ExperimentComparison,
  ExperimentDecision,
  ExperimentDefinition,
  ExperimentDifference,
  MetricType,
  Verdict,
} from "../../api";
import { formatNumber } from "../../format";

const MINUS = "−";

function signed(text: string, x: number): string {
  if (x < 0) return `${MINUS}${text}`;
  return x > 0 ? `+${text}` : `±${text}`;
}

/** 0.1286 → "+12.9%": one decimal, as the written results give it. */
export function formatLiftPercent(x: number): string {
  const size = Math.abs(x) * 100;
  return signed(`${size >= 1000 ? size.toFixed(0) : size.toFixed(1)}%`, x);
}

const significant = new Intl.NumberFormat("en", { maximumSignificantDigits: 3 });

/** A number with about three significant digits: 0.0324, 1.23, 30.3, 1,234. */
export function formatAmount(x: number): string {
  if (Math.abs(x) >= 100) return formatNumber(Math.round(x));
  return significant.format(x);
}

/**
 * A lift in the unit of the comparison: relative lifts in percent, absolute differences of a rate in
 * percentage points, other absolute differences as numbers.
 */
export function formatLift(x: number, difference: ExperimentDifference, type: MetricType): string {
  if (difference === "relative") return formatLiftPercent(x);
  if (type === "proportion") return `${signed((Math.abs(x) * 100).toFixed(2), x)} pts`;
  return signed(formatAmount(Math.abs(x)), x);
}

/** A short axis label for a lift: "+20%", "−1.5 pts". */
export function formatLiftAxis(x: number, difference: ExperimentDifference, type: MetricType): string {
  if (x === 0) return "0";
  if (difference === "relative") {
    const size = Math.abs(x) * 100;
    return signed(`${size >= 10 || Number.isInteger(size) ? size.toFixed(0) : size.toFixed(1)}%`, x);
  }
  return formatLift(x, difference, type);
}

/** "−23.8% to +49.6%"; one-sided intervals read "above +2.0%" or "below +4.1%". */
export function formatInterval(
  ci: [number | null, number | null],
  difference: ExperimentDifference,
  type: MetricType,
): string {
  const [lo, hi] = ci;
  if (lo === null && hi === null) return "—";
  if (lo === null && hi !== null) return `below ${formatLift(hi, difference, type)}`;
  if (hi === null && lo !== null) return `above ${formatLift(lo, difference, type)}`;
  return `${formatLift(lo ?? 0, difference, type)} to ${formatLift(hi ?? 0, difference, type)}`;
}

/** A p-value as a number: "0.49", "0.004", "< 0.001". */
export function formatPNumber(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return "—";
  if (p < 0.001) return "< 0.001";
  return p < 0.01 ? p.toFixed(3) : p.toFixed(2);
}

/** "p = 0.49", "p = 0.004", "p < 0.001". */
export function formatP(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return "—";
  return p < 0.001 ? "p < 0.001" : `p = ${formatPNumber(p)}`;
}

/** A share with one decimal: 49.8%. */
export function formatShare(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** A variant's mean of a metric: rates in percent, other values as numbers. */
export function formatMetricValue(mean: number, type: MetricType): string {
  if (!Number.isFinite(mean)) return "—";
  if (type === "proportion") return `${(mean * 100).toFixed(2)}%`;
  return formatAmount(mean);
}

/** "95% interval" for a level of 0.95. */
export function levelText(level: number): string {
  return `${Number((level * 100).toFixed(1))}%`;
}

export const DECISION_WORDS: Record<ExperimentDecision, string> = {
  ship: "Ship it",
  "keep-control": "Keep the control",
  "keep-running": "Keep it running",
  "no-difference": "No clear difference",
  "fix-the-split": "Fix the split first",
};

/** The tone of a decision's badge: good news, bad news, wait, or a problem to fix. */
export const DECISION_TONES: Record<ExperimentDecision, "good" | "bad" | "wait" | "neutral" | "broken"> = {
  ship: "good",
  "keep-control": "bad",
  "keep-running": "wait",
  "no-difference": "neutral",
  "fix-the-split": "broken",
};

export const VERDICT_WORDS: Record<Verdict, string> = {
  better: "better",
  worse: "worse",
  inconclusive: "could be chance",
  error: "could not be computed",
};

export const VERDICT_COLOURS: Record<Verdict, string> = {
  better: "#1d6b47",
  worse: "#b42318",
  inconclusive: "#6b727c",
  error: "#a7adb5",
};

export const ROLE_WORDS: Record<ExperimentComparison["role"], string> = {
  primary: "primary",
  secondary: "secondary",
  guardrail: "guardrail",
};

export type ExperimentStatus = { state: "planned" | "running" | "finished"; text: string };

/** Today's date, YYYY-MM-DD, on the browser's clock. */
export function todayText(now = new Date()): string {
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${now.getFullYear()}-${m}-${d}`;
}

/** Running until the stop date has passed (always, without one); planned before the start date. */
export function experimentStatus(definition: ExperimentDefinition, today = todayText()): ExperimentStatus {
  if (definition.start && definition.start > today) return { state: "planned", text: "Planned" };
  if (definition.stop && definition.stop < today) return { state: "finished", text: "Finished" };
  return { state: "running", text: "Running" };
}

/** What an experiment or pilot is called: its title, else its name. */
export function experimentTitle(definition: { name: string; title?: string }): string {
  return definition.title ?? definition.name;
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}
