import { getChartConstants } from "./constants.js";

/**
 * Centre lines, sigma and 3-sigma limits estimated from the baseline points [from, to) and applied
 * to every point, the way R's qcc computes them (`stats.*`, `sd.*` and `limits.*` for the types
 * xbar.one, xbar, R, p, np, c and u, with qcc's default sigma estimators: moving range / d2 for
 * individuals, mean of R/d2 for subgroups).
 */
export interface ChartEstimate {
  statistics: number[];
  center: number;
  /** Standard deviation of one measurement, item or unit (see `ChartResult.sigma`). */
  sigma: number;
  /** Standard deviation of each plotted point. */
  standardError: number[];
  lcl: number[];
  ucl: number[];
  secondary?: {
    name: "MR" | "R";
    center: number;
    lcl: number;
    ucl: number;
    statistics: (number | null)[];
  };
  /** Individual measurements of the baseline, for process capability. */
  baselineObservations?: number[];
}

export interface Window {
  from: number;
  to: number;
}

const NSIGMAS = 3;

function at(values: readonly number[], i: number): number {
  const value = values[i];
  if (value === undefined) throw new RangeError(`no value at ${i}`);
  return value;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function mean(values: readonly number[]): number {
  return sum(values) / values.length;
}

function fill(length: number, value: number): number[] {
  return new Array<number>(length).fill(value);
}

/** Individuals (qcc type "xbar.one", sigma from the average moving range of span 2 over d2(2)). */
export function estimateIndividuals(values: readonly number[], window: Window): ChartEstimate {
  const n = values.length;
  const base = values.slice(window.from, window.to);
  const center = mean(base);
  let movingRangeTotal = 0;
  for (let i = 1; i < base.length; i++) movingRangeTotal += Math.abs(at(base, i) - at(base, i - 1));
  const averageMovingRange = movingRangeTotal / (base.length - 1);
  const { d2, d3 } = getChartConstants(2);
  const sigma = averageMovingRange / d2;
  const movingRanges = values.map((x, i) => (i === 0 ? null : Math.abs(x - at(values, i - 1))));
  const rangeError = d3 * sigma;
  return {
    statistics: [...values],
    center,
    sigma,
    standardError: fill(n, sigma),
    lcl: fill(n, center - NSIGMAS * sigma),
    ucl: fill(n, center + NSIGMAS * sigma),
    secondary: {
      name: "MR",
      center: averageMovingRange,
      lcl: Math.max(0, averageMovingRange - NSIGMAS * rangeError),
      ucl: averageMovingRange + NSIGMAS * rangeError,
      statistics: movingRanges,
    },
    baselineObservations: base,
  };
}

/** X̄ and R charts for subgroups of one size (qcc types "xbar" and "R", sigma "UWAVE-R": mean of R/d2). */
export function estimateAveragesAndRanges(
  subgroups: readonly (readonly number[])[],
  window: Window,
): ChartEstimate {
  const n = subgroups.length;
  const size = subgroups[0]?.length ?? 0;
  const { d2, d3 } = getChartConstants(size);
  const averages = subgroups.map((s) => mean(s));
  const ranges = subgroups.map((s) => Math.max(...s) - Math.min(...s));
  const baseAverages = averages.slice(window.from, window.to);
  const baseRanges = ranges.slice(window.from, window.to);
  const center = mean(baseAverages);
  const sigma = sum(baseRanges.map((r) => r / d2)) / baseRanges.length;
  const standardError = sigma / Math.sqrt(size);
  const averageRange = mean(baseRanges);
  const rangeError = d3 * sigma;
  return {
    statistics: averages,
    center,
    sigma,
    standardError: fill(n, standardError),
    lcl: fill(n, center - NSIGMAS * standardError),
    ucl: fill(n, center + NSIGMAS * standardError),
    secondary: {
      name: "R",
      center: averageRange,
      lcl: Math.max(0, averageRange - NSIGMAS * rangeError),
      ucl: averageRange + NSIGMAS * rangeError,
      statistics: ranges,
    },
    baselineObservations: subgroups.slice(window.from, window.to).flat(),
  };
}

/** Share of defective items (qcc type "p"): p̄ = defectives / items over the baseline. */
export function estimateProportion(
  counts: readonly number[],
  sizes: readonly number[],
  window: Window,
): ChartEstimate {
  const pbar = sum(counts.slice(window.from, window.to)) / sum(sizes.slice(window.from, window.to));
  const standardError = sizes.map((size) => Math.sqrt((pbar * (1 - pbar)) / size));
  return {
    statistics: counts.map((count, i) => count / at(sizes, i)),
    center: pbar,
    sigma: Math.sqrt(pbar * (1 - pbar)),
    standardError,
    lcl: standardError.map((se) => Math.max(0, pbar - NSIGMAS * se)),
    ucl: standardError.map((se) => Math.min(1, pbar + NSIGMAS * se)),
  };
}

/** Number of defective items (qcc type "np"), for samples of one size n: n·p̄ ± 3√(n·p̄(1 − p̄)). */
export function estimateDefectiveCount(
  counts: readonly number[],
  size: number,
  window: Window,
): ChartEstimate {
  const pbar = sum(counts.slice(window.from, window.to)) / (size * (window.to - window.from));
  const center = size * pbar;
  const standardError = Math.sqrt(size * pbar * (1 - pbar));
  const n = counts.length;
  return {
    statistics: [...counts],
    center,
    sigma: Math.sqrt(pbar * (1 - pbar)),
    standardError: fill(n, standardError),
    lcl: fill(n, Math.max(0, center - NSIGMAS * standardError)),
    ucl: fill(n, Math.min(size, center + NSIGMAS * standardError)),
  };
}

/** Defects per sample of constant size (qcc type "c"): c̄ ± 3√c̄. */
export function estimateDefects(counts: readonly number[], window: Window): ChartEstimate {
  const n = counts.length;
  const cbar = mean(counts.slice(window.from, window.to));
  const sigma = Math.sqrt(cbar);
  return {
    statistics: [...counts],
    center: cbar,
    sigma,
    standardError: fill(n, sigma),
    lcl: fill(n, Math.max(0, cbar - NSIGMAS * sigma)),
    ucl: fill(n, cbar + NSIGMAS * sigma),
  };
}

/** Defects per unit (qcc type "u"): ū = defects / units over the baseline, limits ū ± 3√(ū/n). */
export function estimateDefectRate(
  counts: readonly number[],
  sizes: readonly number[],
  window: Window,
): ChartEstimate {
  const ubar = sum(counts.slice(window.from, window.to)) / sum(sizes.slice(window.from, window.to));
  const standardError = sizes.map((size) => Math.sqrt(ubar / size));
  return {
    statistics: counts.map((count, i) => count / at(sizes, i)),
    center: ubar,
    sigma: Math.sqrt(ubar),
    standardError,
    lcl: standardError.map((se) => Math.max(0, ubar - NSIGMAS * se)),
    ucl: standardError.map((se) => ubar + NSIGMAS * se),
  };
}
