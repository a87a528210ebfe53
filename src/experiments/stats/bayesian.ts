/**
 * Bayesian test of the difference between two arms, as gbstats' EffectBayesianABTest: the estimated
 * difference is taken as normal with its standard error, combined with a normal prior on the effect,
 * and the posterior gives the credible interval, the chance that treatment beats control and the
 * expected loss (risk) of choosing either arm.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalPdf from "@stdlib/stats-base-dists-normal-pdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { messages } from "./messages.js";
import { armEffect, type Moments } from "./moments.js";
import { unadjustedMean } from "./statistics.js";
import type { ArmStatistics, BayesianResult, BayesianSettings, GaussianPrior, MetricType } from "./types.js";

function failed(errorMessage: string): BayesianResult {
  return { lift: 0, ci: [0, 0], se: 0, chanceToWin: 0.5, risk: { control: 0, treatment: 0 }, errorMessage };
}

/**
 * Expected loss of choosing control (E[max(X, 0)]) and treatment (E[max(−X, 0)]) when the difference
 * X is normal(mu, sigma). Beyond 37 standard deviations one of the two is 0 in double precision.
 */
export function gaussianRisk(mu: number, sigma: number): { control: number; treatment: number } {
  if (sigma > 0 && Math.abs(mu / sigma) > 37)
    return { control: Math.max(mu, 0), treatment: Math.max(-mu, 0) };
  const z = mu / sigma;
  const density = sigma * normalPdf(z, 0, 1);
  return {
    control: mu * normalCdf(z, 0, 1) + density,
    treatment: density - mu * normalCdf(-z, 0, 1),
  };
}

/** The prior on the scale of the difference: a relative prior times the control mean for absolute differences. */
function scaledPrior(prior: GaussianPrior, relative: boolean, baseline: number): GaussianPrior {
  if (relative) return prior;
  return {
    mean: prior.mean * Math.abs(baseline),
    variance: prior.variance * baseline ** 2,
    proper: prior.proper,
  };
}

function priorProblem(prior: GaussianPrior | undefined): boolean {
  if (!prior?.proper) return false;
  return !(Number.isFinite(prior.mean) && prior.variance > 0 && Number.isFinite(prior.variance));
}

/** Posterior mean and standard deviation of the difference. */
function posterior(m: Moments, prior: GaussianPrior | undefined): { mean: number; sd: number } {
  const dataVariance = m.standardError ** 2;
  if (!prior?.proper) return { mean: m.pointEstimate, sd: m.standardError };
  const precision = 1 / dataVariance + 1 / prior.variance;
  const mean = (m.pointEstimate / dataVariance + prior.mean / prior.variance) / precision;
  return { mean, sd: Math.sqrt(1 / precision) };
}

function summarise(mean: number, sd: number, alpha: number): BayesianResult {
  return {
    lift: mean,
    ci: [normalQuantile(alpha / 2, mean, sd), normalQuantile(1 - alpha / 2, mean, sd)],
    se: sd,
    chanceToWin: normalCdf(mean / sd, 0, 1),
    risk: gaussianRisk(mean, sd),
    errorMessage: null,
  };
}

/**
 * Bayesian comparison of treatment with control for one metric. The prior (absent: flat) is on the
 * relative effect, as gbstats' default; for absolute differences it is scaled by the control mean.
 * When the arms cannot be compared, `errorMessage` says why, the numbers are 0 and the chance to win
 * is 0.5.
 */
export function bayesianTest(
  type: MetricType,
  control: ArmStatistics,
  treatment: ArmStatistics,
  s: BayesianSettings,
): BayesianResult {
  if (!(s.alpha > 0 && s.alpha < 1)) return failed(messages.alpha);
  if (priorProblem(s.prior)) return failed(messages.prior);
  const relative = s.difference === "relative";
  const effect = armEffect(type, control, treatment, s.cuped, relative);
  if (effect.error !== undefined) return failed(effect.error);
  const baseline = unadjustedMean(effect.a);
  if (!relative && s.prior?.proper && baseline === 0) return failed(messages.baselineZero);
  const prior = s.prior && scaledPrior(s.prior, relative, baseline);
  const { mean, sd } = posterior(effect.moments, prior);
  const result = summarise(mean, sd, s.alpha);
  const numbers = [mean, sd, ...result.ci, result.chanceToWin, result.risk.control, result.risk.treatment];
  return numbers.every(Number.isFinite) ? result : failed(messages.notFiniteResult);
}
