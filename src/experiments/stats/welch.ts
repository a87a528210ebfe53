/** Welch's unequal-variance t test of two sample means. */
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import type { SampleSummary } from "./types.js";

export interface WelchResult {
  t: number;
  df: number;
  pValue: number;
  ci: [number, number];
}

/** Welch–Satterthwaite degrees of freedom from per-unit variances and sizes. */
export function welchDegreesOfFreedom(varA: number, nA: number, varB: number, nB: number): number {
  const a = varA / nA;
  const b = varB / nB;
  return (a + b) ** 2 / ((a * a) / (nA - 1) + (b * b) / (nB - 1));
}

/** Two-sided p-value of a t statistic. */
export function twoSidedTPValue(t: number, df: number): number {
  return 2 * tCdf(-Math.abs(t), df);
}

/**
 * Welch's t test of the absolute difference of means (treatment − control), as
 * scipy.stats.ttest_ind(treatment, control, equal_var=False), with the two-sided 1 − alpha interval.
 * Variances are sample variances (n − 1). With fewer than two units in an arm or no variance in
 * either, there is nothing to test: t and df are 0, the p-value 1 and the interval [0, 0].
 */
export function welchTest(control: SampleSummary, treatment: SampleSummary, alpha = 0.05): WelchResult {
  const se = Math.sqrt(control.variance / control.n + treatment.variance / treatment.n);
  const usable =
    control.n >= 2 && treatment.n >= 2 && se > 0 && Number.isFinite(se) && alpha > 0 && alpha < 1;
  const difference = treatment.mean - control.mean;
  if (!usable || !Number.isFinite(difference)) return { t: 0, df: 0, pValue: 1, ci: [0, 0] };
  const t = difference / se;
  const df = welchDegreesOfFreedom(control.variance, control.n, treatment.variance, treatment.n);
  const halfwidth = tQuantile(1 - alpha / 2, df) * se;
  return { t, df, pValue: twoSidedTPValue(t, df), ci: [difference - halfwidth, difference + halfwidth] };
}
