import { computeCapability } from "./capability.js";
import type { ChartInput, ChartResult, SecondaryChart } from "./chart.schema.js";
import { type CheckedInput, checkChartInput } from "./check-input.js";
import {
  type ChartEstimate,
  estimateAveragesAndRanges,
  estimateDefectiveCount,
  estimateDefectRate,
  estimateDefects,
  estimateIndividuals,
  estimateProportion,
} from "./estimate.js";
import { detectSignals } from "./rules.js";

function estimate(input: CheckedInput): ChartEstimate {
  const { values, sizes, baseline } = input;
  switch (input.kind) {
    case "xmr":
      return estimateIndividuals(values, baseline);
    case "xbar-r":
      return estimateAveragesAndRanges(input.subgroups, baseline);
    case "p":
      return estimateProportion(values, sizes, baseline);
    case "np":
      return estimateDefectiveCount(values, sizes[0] ?? 1, baseline);
    case "c":
      return estimateDefects(values, baseline);
    case "u":
      return estimateDefectRate(values, sizes, baseline);
  }
}

/** One number when every point shares it, otherwise the list. */
function collapse(values: readonly number[]): number | number[] {
  const first = values[0];
  return first !== undefined && values.every((v) => v === first) ? first : [...values];
}

function secondaryChart(input: CheckedInput, chart: NonNullable<ChartEstimate["secondary"]>): SecondaryChart {
  const n = chart.statistics.length;
  // Rule 1 only: the zone and run rules assume a symmetric distribution, which ranges do not have.
  // The first moving range does not exist; a centre value keeps it out of every rule.
  const statistics = chart.statistics.map((v) => v ?? chart.center);
  const signals = detectSignals(
    {
      statistics,
      center: new Array<number>(n).fill(chart.center),
      standardError: new Array<number>(n).fill((chart.ucl - chart.center) / 3),
      lcl: new Array<number>(n).fill(chart.lcl),
      ucl: new Array<number>(n).fill(chart.ucl),
    },
    "western-electric",
    { ruleNumbers: [1], ...(input.periods ? { periods: input.periods } : {}) },
  ).map((signal) => ({
    ...signal,
    description: signal.description.replace("Point", chart.name === "MR" ? "Moving range" : "Range"),
  }));
  return {
    name: chart.name,
    center: chart.center,
    ucl: chart.ucl,
    lcl: chart.lcl,
    statistics: chart.statistics,
    signals,
  };
}

/**
 * A Shewhart control chart: centre line and 3-sigma limits estimated from the baseline points
 * (phase I) and applied to all points (phase II after the baseline), the plotted statistics, the
 * points where the special-cause rules fire, the accompanying range chart (xmr, xbar-r) and, when
 * specification limits are given, process capability. Centre, limits and sigma are those of R's qcc
 * for the same data; bad input throws an INVALID_REQUEST AppError that names the point.
 */
export function computeControlChart(input: ChartInput): ChartResult {
  const checked = checkChartInput(input);
  const chart = estimate(checked);
  const signals = detectSignals(
    {
      statistics: chart.statistics,
      center: new Array<number>(chart.statistics.length).fill(chart.center),
      standardError: chart.standardError,
      lcl: chart.lcl,
      ucl: chart.ucl,
    },
    checked.ruleSet,
    {
      ...(checked.ruleNumbers ? { ruleNumbers: checked.ruleNumbers } : {}),
      ...(checked.periods ? { periods: checked.periods } : {}),
    },
  );
  const result: ChartResult = {
    kind: checked.kind,
    ruleSet: checked.ruleSet,
    center: chart.center,
    ucl: collapse(chart.ucl),
    lcl: collapse(chart.lcl),
    sigma: chart.sigma,
    standardError: collapse(chart.standardError),
    statistics: chart.statistics,
    baseline: checked.baseline,
    phase1: checked.baseline.to - checked.baseline.from,
    signals,
  };
  if (chart.secondary) result.secondary = secondaryChart(checked, chart.secondary);
  if (checked.spec && chart.baselineObservations) {
    result.capability = computeCapability(
      chart.baselineObservations,
      chart.center,
      chart.sigma,
      checked.spec,
    );
  }
  return result;
}
