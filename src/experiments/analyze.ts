import { AppError } from "../core/index.js";
import type { AnalysisSettings, MetricRole } from "./experiment.schema.js";
import { describeResult } from "./narrative.js";
import {
  type ArmStatistics,
  armMoments,
  type BayesianResult,
  bayesianTest,
  benjaminiHochberg,
  type FrequentistResult,
  frequentistTest,
  holmBonferroni,
  type MetricType,
  sampleRatioMismatch,
  widenConfidenceInterval,
} from "./stats/index.js";
import { mdeAt } from "./stats/power.js";

/** Below this p-value the split between variants is called broken (GrowthBook's threshold). */
export const SRM_THRESHOLD = 0.001;

export interface MetricInput {
  name: string;
  label: string;
  role: MetricRole;
  type: MetricType;
  better: "higher" | "lower";
  /** One entry per variant, control first. */
  arms: ArmStatistics[];
}

export interface AnalysisInput {
  experiment: string | null;
  variants: { name: string; weight: number }[];
  /** Units per variant, control first. */
  units: number[];
  metrics: MetricInput[];
  settings: AnalysisSettings;
  /** Still collecting data: the planned end has not come (results seen now are a peek). */
  running: boolean;
  /** Relative effect the primary metric was planned to detect. */
  mde?: number;
  unknownVariants?: { value: string; units: number }[];
  multipleVariantUnits?: number;
}

export type Verdict = "better" | "worse" | "inconclusive" | "error";

export interface Comparison {
  variant: string;
  metric: string;
  label: string;
  role: MetricRole;
  type: MetricType;
  better: "higher" | "lower";
  lift: number;
  /** Interval at the settings' level (1 − alpha); an open end of a one-sided interval is null. */
  ci95: [number | null, number | null];
  level: number;
  se: number;
  pValue: number | null;
  adjustedPValue: number | null;
  chanceToWin: number | null;
  risk: { control: number; treatment: number } | null;
  verdict: Verdict;
  /** Relative effect this comparison could find with 80% power (proportion and mean metrics). */
  detectable: number | null;
  errorMessage: string | null;
}

export interface VariantSummary {
  name: string;
  users: number;
  weight: number;
  /** Share of units expected from the weights, and observed. */
  expectedShare: number;
  observedShare: number;
  /** Of the primary metric. */
  mean: number;
  variance: number;
  metrics: Record<string, { mean: number; variance: number }>;
}

export interface ExperimentResult {
  experiment: string | null;
  settings: AnalysisSettings;
  variants: VariantSummary[];
  comparisons: Comparison[];
  srm: {
    pValue: number;
    ok: boolean;
    chiSquare: number;
    threshold: number;
    observed: number[];
    expected: number[];
  };
  warnings: string[];
  paragraphs: { metric: string; text: string }[];
  recommendation: { decision: Decision; variant: string | null; text: string };
  summary: string;
}

export type Decision = "ship" | "keep-control" | "keep-running" | "no-difference" | "fix-the-split";

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function checkInput(input: AnalysisInput): void {
  const k = input.variants.length;
  if (k < 2) throw new AppError("USAGE", "An experiment needs a control and at least one variant.");
  if (input.units.length !== k || input.metrics.some((m) => m.arms.length !== k)) {
    throw new AppError("INTERNAL", "Every metric needs one set of sums per variant.");
  }
  if (input.metrics.length === 0) throw new AppError("USAGE", "An experiment needs at least one metric.");
}

function verdictOf(
  better: "higher" | "lower",
  lift: number,
  significant: boolean,
  error: string | null,
): Verdict {
  if (error) return "error";
  if (!significant) return "inconclusive";
  return lift > 0 === (better === "higher") ? "better" : "worse";
}

function runTest(
  type: MetricType,
  control: ArmStatistics,
  treatment: ArmStatistics,
  s: AnalysisSettings,
): { frequentist: FrequentistResult; bayesian: BayesianResult } {
  const frequentist = frequentistTest(type, control, treatment, {
    difference: s.difference,
    alpha: s.alpha,
    sides: s.sides,
    sequential: s.sequential,
    sequentialTuning: s.sequentialTuning,
    cuped: s.cuped,
  });
  const bayesian = bayesianTest(type, control, treatment, {
    difference: s.difference,
    alpha: s.alpha,
    cuped: s.cuped,
    ...(s.prior ? { prior: { mean: s.prior.mean, variance: s.prior.variance, proper: true } } : {}),
  });
  return { frequentist, bayesian };
}

/** Relative effect findable with 80% power at this size, for proportion and mean metrics. */
function detectableEffect(
  type: MetricType,
  control: ArmStatistics,
  users: number,
  s: AnalysisSettings,
): number | null {
  if (type === "ratio" || users < 2) return null;
  const { mean, variance } = armMoments(type, control);
  if (!(mean > 0) || !(variance > 0)) return null;
  if (type === "proportion" && mean >= 1) return null;
  try {
    return mdeAt(
      {
        metric: type,
        baseline: mean,
        ...(type === "mean" ? { standardDeviation: Math.sqrt(variance) } : {}),
        mde: 0.1,
        alpha: s.alpha,
        variants: 2,
        sequential: s.sequential,
        sequentialTuning: s.sequentialTuning,
      },
      users,
    );
  } catch {
    return null;
  }
}

function compareAll(input: AnalysisInput): Comparison[] {
  const s = input.settings;
  const out: Comparison[] = [];
  for (const metric of input.metrics) {
    const control = metric.arms[0] as ArmStatistics;
    input.variants.slice(1).forEach((variant, j) => {
      const treatment = metric.arms[j + 1] as ArmStatistics;
      const { frequentist: f, bayesian: b } = runTest(metric.type, control, treatment, s);
      const chosen = s.engine === "bayesian" ? b : f;
      const error = f.errorMessage ?? b.errorMessage;
      const ci = chosen.ci;
      const significant =
        s.engine === "bayesian"
          ? b.chanceToWin >= 1 - s.alpha || b.chanceToWin <= s.alpha
          : (ci[0] > 0 || ci[1] < 0) && !error;
      out.push({
        variant: variant.name,
        metric: metric.name,
        label: metric.label,
        role: metric.role,
        type: metric.type,
        better: metric.better,
        lift: chosen.lift,
        ci95: [finite(ci[0]), finite(ci[1])],
        level: 1 - s.alpha,
        se: chosen.se,
        pValue: error ? null : f.pValue,
        adjustedPValue: null,
        chanceToWin: error ? null : metric.better === "higher" ? b.chanceToWin : 1 - b.chanceToWin,
        // Risk is the expected loss of choosing each arm; for lower-is-better metrics the arms swap.
        risk: error
          ? null
          : metric.better === "higher"
            ? b.risk
            : { control: b.risk.treatment, treatment: b.risk.control },
        verdict: verdictOf(metric.better, chosen.lift, significant, error),
        detectable: detectableEffect(metric.type, control, Math.min(control.n, treatment.n), s),
        errorMessage: error,
      });
    });
  }
  return out;
}

/** Adjusts p-values across all comparisons and re-judges frequentist verdicts on them. */
function correct(comparisons: Comparison[], s: AnalysisSettings): void {
  if (s.correction === "none") return;
  const tested = comparisons.filter((c) => c.pValue !== null);
  const raw = tested.map((c) => c.pValue as number);
  const adjusted = s.correction === "holm-bonferroni" ? holmBonferroni(raw) : benjaminiHochberg(raw);
  tested.forEach((c, i) => {
    c.adjustedPValue = adjusted[i] as number;
    if (s.engine !== "frequentist" || c.verdict === "error") return;
    c.verdict = verdictOf(c.better, c.lift, c.adjustedPValue < s.alpha, null);
    // As GrowthBook: a two-sided interval widens to match the adjusted p-value (never narrows).
    const [lo, hi] = c.ci95;
    if (s.sides === "two-sided" && lo !== null && hi !== null) {
      const [a, b] = widenConfidenceInterval(c.adjustedPValue, c.lift, s.alpha, [lo, hi]);
      c.ci95 = [finite(a), finite(b)];
    }
  });
}

function summarizeVariants(input: AnalysisInput): VariantSummary[] {
  const total = input.units.reduce((a, b) => a + b, 0);
  const weights = input.variants.reduce((a, v) => a + v.weight, 0);
  const primary = input.metrics.find((m) => m.role === "primary") ?? (input.metrics[0] as MetricInput);
  return input.variants.map((v, i) => {
    const metrics: Record<string, { mean: number; variance: number }> = {};
    for (const m of input.metrics) metrics[m.name] = armMoments(m.type, m.arms[i] as ArmStatistics);
    const main = metrics[primary.name] as { mean: number; variance: number };
    const users = input.units[i] as number;
    return {
      name: v.name,
      users,
      weight: v.weight,
      expectedShare: v.weight / weights,
      observedShare: total > 0 ? users / total : 0,
      mean: main.mean,
      variance: main.variance,
      metrics,
    };
  });
}

/**
 * Compares every variant with the control on every metric (frequentist and Bayesian figures; the
 * chosen engine gives lift and interval), checks the split, corrects for many tests when asked, and
 * writes the result in plain words.
 */
export function analyzeExperiment(input: AnalysisInput): ExperimentResult {
  checkInput(input);
  const s = input.settings;
  const comparisons = compareAll(input);
  correct(comparisons, s);
  const srmTest = sampleRatioMismatch(
    input.units,
    input.variants.map((v) => v.weight),
  );
  const total = input.units.reduce((a, b) => a + b, 0);
  const weights = input.variants.reduce((a, v) => a + v.weight, 0);
  const srm = {
    pValue: srmTest.pValue,
    ok: !(srmTest.pValue < SRM_THRESHOLD),
    chiSquare: srmTest.chiSquare,
    threshold: SRM_THRESHOLD,
    observed: [...input.units],
    expected: input.variants.map((v) => (total * v.weight) / weights),
  };
  const variants = summarizeVariants(input);
  const text = describeResult({ input, comparisons, srm, variants });
  return { experiment: input.experiment, settings: s, variants, comparisons, srm, ...text };
}
