import type { PreparedPanel, UnitValues } from "./prepare.js";
import { amountOfLog, relativeOfLog } from "./scale.js";
import { simplexLeastSquares } from "./simplex.js";
import {
  mean,
  meanOfSeries,
  relativeTo,
  rootMeanSquare,
  type TEstimate,
  tInference,
  withUncertaintyOf,
} from "./stats.js";
import type { PilotResult, PilotScale } from "./types.js";

/** Pre-period misses above this share of the treated level count as a bad fit. */
const POOR_FIT_SHARE = 0.1;
/** The treated unit outside the controls' range in more than this share of pre periods cannot be matched. */
const OUTSIDE_SHARE = 0.5;
/** A mean out-of-sample pre-period miss beyond this many standard errors means the level is not matched. */
const LEVEL_MISS_SE = 2;
/** A mean miss below this share of the treated unit's magnitude is rounding, not a missed level (noiseless data). */
const ROUNDING_SHARE = 1e-9;

type Result = PilotResult["syntheticControl"];

/** Σ w_j control_j at each period. */
export function combine(controls: readonly UnitValues[], weights: readonly number[]): number[] {
  const first = controls[0]?.values ?? [];
  return first.map((_, t) =>
    controls.reduce((total, control, j) => total + (weights[j] as number) * (control.values[t] as number), 0),
  );
}

/** Simplex weights fitted on the given periods only. */
function fitWeights(
  target: readonly number[],
  donors: readonly UnitValues[],
  periods: readonly number[],
): number[] {
  const pick = (values: readonly number[]) => periods.map((t) => values[t] as number);
  return simplexLeastSquares(
    donors.map((donor) => pick(donor.values)),
    pick(target),
  ).weights;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** Treated − synthetic at each period, the synthetic fitted on the first `pre` periods. */
function gapsOf(target: readonly number[], donors: readonly UnitValues[], pre: number) {
  const weights = fitWeights(target, donors, range(0, pre));
  const path = combine(donors, weights);
  return { weights, path, gaps: target.map((value, t) => value - (path[t] as number)) };
}

/** Post/pre RMSPE, finite even for a perfect pre-period fit. */
function rmspeRatio(gaps: readonly number[], pre: number, scale: number): number {
  const before = rootMeanSquare(gaps.slice(0, pre));
  const after = rootMeanSquare(gaps.slice(pre));
  return after / Math.max(before, Number.EPSILON * Math.max(scale, 1));
}

/** The treated unit's ratio and each control's, fitted from the other controls (Abadie, Diamond & Hainmueller 2010). */
function placeboTests(panel: PreparedPanel, treatedRatio: number, scale: number) {
  const { controls, pre } = panel;
  const placebos = [{ name: panel.treated.name, ratio: treatedRatio }];
  if (controls.length < 2) return { placebos, pValue: null };
  for (const [j, control] of controls.entries()) {
    const donors = controls.filter((_, other) => other !== j);
    placebos.push({
      name: control.name,
      ratio: rmspeRatio(gapsOf(control.values, donors, pre).gaps, pre, scale),
    });
  }
  const atLeast = placebos.filter((placebo) => placebo.ratio >= treatedRatio * (1 - 1e-12)).length;
  placebos.sort((a, b) => b.ratio - a.ratio);
  return { placebos, pValue: atLeast / placebos.length };
}

/**
 * Out-of-sample pre-period gaps: each block of `block` periods predicted from weights fitted on the other
 * pre periods. In-sample gaps flatter the fit; these show how far the synthetic misses on periods it never saw.
 */
function crossValidatedGaps(panel: PreparedPanel, block: number): number[] {
  const { treated, controls, pre } = panel;
  const size = Math.max(1, Math.min(block, Math.floor(pre / 2)));
  const gaps: number[] = [];
  for (let start = 0; start < pre; start += size) {
    const end = Math.min(pre, start + size);
    const train = range(0, pre).filter((t) => t < start || t >= end);
    const path = combine(controls, fitWeights(treated.values, controls, train));
    for (let t = start; t < end; t++) gaps.push((treated.values[t] as number) - (path[t] as number));
  }
  return gaps;
}

/** Share of pre periods where the treated value lies above every control or below every control. */
function outsideShare(panel: PreparedPanel): number {
  const outside = range(0, panel.pre).filter((t) => {
    const values = panel.controls.map((control) => control.values[t] as number);
    const value = panel.treated.values[t] as number;
    return value > Math.max(...values) || value < Math.min(...values);
  });
  return outside.length / Math.max(1, panel.pre);
}

/** The ⌈level·(m + 1)⌉-th smallest absolute out-of-sample miss (split conformal), capped at the largest. */
function conformalHalfWidth(misses: readonly number[], level: number): number {
  const sorted = misses.map(Math.abs).sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.ceil(level * (sorted.length + 1)));
  return sorted[rank - 1] ?? 0;
}

export interface FitCheck {
  /**
   * How far the synthetic control misses the treated unit before the change, as a share of the treated level.
   * Level: pre-period RMSPE over the treated unit's mean absolute pre-period value. Log: root mean square of
   * each period's miss over that period's treated value, (treated − synthetic) / treated = 1 − e^−gap.
   */
  relativeRmspe: number;
  outsideShare: number;
  /** The pre-period misses are large against the level. */
  poor: boolean;
  /** The treated unit is above or below every control in most pre periods. */
  outside: boolean;
  /** The out-of-sample pre-period misses average clearly away from zero. */
  levelMissed: boolean;
  /** Fit good enough to give an interval. */
  good: boolean;
}

interface Options {
  level: number;
  /** Periods in one block of the cross-validation. */
  block: number;
  scale: PilotScale;
  /** Mean absolute treated value on the analysis scale, against which a value counts as near zero. */
  magnitude: number;
  /** The treated unit's values in the metric's unit at each used period. */
  treatedLevels: readonly number[];
}

/** The pre-period misses as a share of the treated level (see FitCheck.relativeRmspe). */
function relativeMiss(panel: PreparedPanel, preGaps: readonly number[], scale: PilotScale): number {
  if (scale === "log") return rootMeanSquare(preGaps.map((gap) => Math.expm1(-gap)));
  const preRmspe = rootMeanSquare(preGaps);
  const level = mean(panel.treated.values.slice(0, panel.pre).map(Math.abs));
  return level > 0 ? preRmspe / level : preRmspe > 0 ? 1 : 0;
}

function checkFit(
  panel: PreparedPanel,
  preGaps: readonly number[],
  cvMiss: TEstimate,
  options: Options,
): FitCheck {
  const relativeRmspe = relativeMiss(panel, preGaps, options.scale);
  const share = outsideShare(panel);
  const miss = Math.abs(cvMiss.estimate);
  const levelMissed =
    miss > LEVEL_MISS_SE * Math.sqrt(cvMiss.variance) &&
    miss > ROUNDING_SHARE * Math.max(options.magnitude, 1);
  const poor = relativeRmspe > POOR_FIT_SHARE;
  const outside = share > OUTSIDE_SHARE;
  return {
    relativeRmspe,
    outsideShare: share,
    poor,
    outside,
    levelMissed,
    good: !poor && !outside && !levelMissed,
  };
}

export interface SyntheticControl {
  result: Result;
  /** The synthetic control's weights, aligned with the panel's kept controls. */
  weights: number[];
  /**
   * Half-width of the per-period band around the post-period gap, on the analysis scale (log points under log), or
   * null when the fit is too poor for one.
   */
  band: number | null;
  fit: FitCheck;
  noRelative: boolean;
}

/** The parts of the result that depend on the scale: the effect, its relative size and interval, the RMSPEs. */
function figures(
  panel: PreparedPanel,
  fitted: { path: readonly number[]; gaps: readonly number[] },
  postGaps: TEstimate,
  ci: [number, number] | null,
  options: Options,
) {
  const { pre } = panel;
  if (options.scale === "level") {
    const relative = relativeTo(postGaps.estimate, mean(fitted.path.slice(pre)), options.magnitude);
    return {
      preRmspe: rootMeanSquare(fitted.gaps.slice(0, pre)),
      postRmspe: rootMeanSquare(fitted.gaps.slice(pre)),
      effect: postGaps.estimate,
      relative,
      ci,
    };
  }
  const levelGaps = options.treatedLevels.map((value, t) => value - Math.exp(fitted.path[t] as number));
  const treatedAfter = mean(options.treatedLevels.slice(pre));
  const amount = (gap: number) => amountOfLog(gap, treatedAfter);
  return {
    preRmspe: rootMeanSquare(levelGaps.slice(0, pre)),
    postRmspe: rootMeanSquare(levelGaps.slice(pre)),
    effect: amount(postGaps.estimate),
    relative: relativeOfLog(postGaps.estimate),
    ci: ci === null ? null : ([amount(ci[0]), amount(ci[1])] as [number, number]),
  };
}

/**
 * Synthetic control: simplex weights fitted on the pre-period of the panel on its analysis scale; effect = mean
 * post gap (under log taken back to a relative change and an amount in the metric's unit). When the fit is good
 * the interval adds the serial-correlation-robust variance of the post gaps to that of the out-of-sample pre
 * gaps (how well the level is matched); when it is not, there is no honest interval and `ci` is null.
 */
export function syntheticControl(panel: PreparedPanel, options: Options): SyntheticControl {
  const { pre } = panel;
  const { weights, path, gaps } = gapsOf(panel.treated.values, panel.controls, pre);
  const postGaps = meanOfSeries(gaps.slice(pre));
  const cvGaps = crossValidatedGaps(panel, options.block);
  const cvMiss = meanOfSeries(cvGaps);
  const fit = checkFit(panel, gaps.slice(0, pre), cvMiss, options);
  const { placebos, pValue } = placeboTests(
    panel,
    rmspeRatio(gaps, pre, options.magnitude),
    options.magnitude,
  );
  const ci = fit.good ? tInference(withUncertaintyOf(postGaps, cvMiss), options.level).ci : null;
  const { relative, ...rest } = figures(panel, { path, gaps }, postGaps, ci, options);
  return {
    result: {
      weights: panel.controls.map((control, j) => ({ name: control.name, weight: weights[j] as number })),
      preRmspe: rest.preRmspe,
      postRmspe: rest.postRmspe,
      effect: rest.effect,
      relative: relative ?? 0,
      ci: rest.ci,
      placebos,
      pValue,
    },
    weights,
    band: fit.good ? conformalHalfWidth(cvGaps, options.level) : null,
    fit,
    noRelative: relative === null,
  };
}
