/**
 * Frequentist tests of the difference between two arms, as in gbstats: Welch t tests (two-sided or
 * one-sided) at a fixed horizon, or asymptotic confidence sequences when results are looked at as
 * they come in.
 */
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { messages } from "./messages.js";
import { armEffect, type Moments } from "./moments.js";
import {
  oneSidedHalfwidth,
  oneSidedSequentialPValue,
  type SequentialDesign,
  twoSidedHalfwidth,
  twoSidedSequentialPValue,
} from "./sequential.js";
import { type Statistic, statisticVariance } from "./statistics.js";
import type { ArmStatistics, FrequentistResult, FrequentistSettings, MetricType, Sides } from "./types.js";
import { twoSidedTPValue, welchDegreesOfFreedom } from "./welch.js";

interface Inference {
  ci: [number, number];
  /** null when the sequential one-sided search does not converge. */
  pValue: number | null;
}

function failed(errorMessage: string): FrequentistResult {
  return { lift: 0, ci: [0, 0], se: 0, pValue: 1, errorMessage };
}

/** The interval around `estimate` with the given half-width, open on the side the test does not bound. */
function interval(estimate: number, halfwidth: number, sides: Sides): [number, number] {
  if (sides === "greater") return [estimate - halfwidth, Number.POSITIVE_INFINITY];
  if (sides === "less") return [Number.NEGATIVE_INFINITY, estimate + halfwidth];
  return [estimate - halfwidth, estimate + halfwidth];
}

function fixedHorizon(m: Moments, df: number, alpha: number, sides: Sides): Inference {
  const t = m.pointEstimate / m.standardError;
  const oneSided = sides !== "two-sided";
  const halfwidth = tQuantile(1 - (oneSided ? alpha : alpha / 2), df) * m.standardError;
  const pValue = sides === "two-sided" ? twoSidedTPValue(t, df) : tCdf(sides === "greater" ? -t : t, df);
  return { ci: interval(m.pointEstimate, halfwidth, sides), pValue };
}

function sequential(m: Moments, design: SequentialDesign, sides: Sides): Inference {
  const { pointEstimate: estimate, standardError: se } = m;
  if (sides === "two-sided") {
    return {
      ci: interval(estimate, twoSidedHalfwidth(se, design), sides),
      pValue: twoSidedSequentialPValue(estimate, se, design),
    };
  }
  return {
    ci: interval(estimate, oneSidedHalfwidth(se, design), sides),
    pValue: oneSidedSequentialPValue(estimate, se, design, sides === "greater"),
  };
}

function settingsProblem(s: FrequentistSettings): string | null {
  if (!(s.alpha > 0 && s.alpha < 1)) return messages.alpha;
  if (!s.sequential) return null;
  if (!(s.sequentialTuning > 0 && Number.isFinite(s.sequentialTuning))) return messages.sequentialTuning;
  if (s.sides !== "two-sided" && s.alpha >= 0.5) return messages.sequentialOneSidedAlpha;
  return null;
}

function infer(a: Statistic, b: Statistic, m: Moments, s: FrequentistSettings): Inference {
  if (s.sequential)
    return sequential(m, { n: a.n + b.n, alpha: s.alpha, tuning: s.sequentialTuning }, s.sides);
  const df = welchDegreesOfFreedom(statisticVariance(a), a.n, statisticVariance(b), b.n);
  return fixedHorizon(m, df, s.alpha, s.sides);
}

/**
 * Tests treatment against control for one metric. `lift` is the difference (relative to the control
 * mean, or absolute), `ci` its 1 − alpha interval and `se` its standard error. When the arms cannot be
 * compared, `errorMessage` says why and the numbers are neutral: lift, interval and standard error 0,
 * p-value 1.
 */
export function frequentistTest(
  type: MetricType,
  control: ArmStatistics,
  treatment: ArmStatistics,
  s: FrequentistSettings,
): FrequentistResult {
  const problem = settingsProblem(s);
  if (problem) return failed(problem);
  const effect = armEffect(type, control, treatment, s.cuped, s.difference === "relative");
  if (effect.error !== undefined) return failed(effect.error);
  const m = effect.moments;
  const { ci, pValue } = infer(effect.a, effect.b, m, s);
  if (pValue === null) return failed(messages.pValueNotConverged);
  const bounded = s.sides === "two-sided" ? ci : [s.sides === "greater" ? ci[0] : ci[1]];
  if (![m.pointEstimate, m.standardError, pValue, ...bounded].every(Number.isFinite)) {
    return failed(messages.notFiniteResult);
  }
  return { lift: m.pointEstimate, ci, se: m.standardError, pValue, errorMessage: null };
}
