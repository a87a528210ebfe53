/**
 * Asymptotic confidence sequences (Waudby-Smith et al., arXiv:2103.06476v7), as gbstats uses them for
 * sequential testing: intervals and p-values that stay valid however often the results are looked at.
 * The tuning parameter is the total sample size the sequence is tightest at.
 */

export interface SequentialDesign {
  /** Total units in both arms. */
  n: number;
  alpha: number;
  tuning: number;
}

const MIN_ONE_SIDED_P = 1e-5;
const MAX_ONE_SIDED_P = 0.4999;

/** ρ from the tuning parameter (eq. 161); a one-sided sequence spends 2α on its one side. */
export function sequentialRho(alpha: number, tuning: number, twoSided: boolean): number {
  const a = twoSided ? alpha : 2 * alpha;
  return Math.sqrt((-2 * Math.log(a) + Math.log(-2 * Math.log(a) + 1)) / tuning);
}

function spread(n: number, rho: number): { nRho2: number; scale: number } {
  const nRho2 = n * rho * rho;
  return { nRho2, scale: (2 * (nRho2 + 1)) / (n * rho) ** 2 };
}

/** Half-width of the two-sided sequence (eq. 9), for the difference with standard error `se`. */
export function twoSidedHalfwidth(se: number, d: SequentialDesign): number {
  const rho = sequentialRho(d.alpha, d.tuning, true);
  const { nRho2, scale } = spread(d.n, rho);
  return se * Math.sqrt(d.n * scale * Math.log(Math.sqrt(nRho2 + 1) / d.alpha));
}

/** Half-width of the one-sided sequence (eq. 134) at level `alpha` for a given ρ. */
function oneSidedHalfwidthAt(se: number, n: number, rho: number, alpha: number): number {
  const { nRho2, scale } = spread(n, rho);
  return se * Math.sqrt(n * scale * Math.log(1 + Math.sqrt(nRho2 + 1) / (2 * alpha)));
}

export function oneSidedHalfwidth(se: number, d: SequentialDesign): number {
  return oneSidedHalfwidthAt(se, d.n, sequentialRho(d.alpha, d.tuning, false), d.alpha);
}

/** Two-sided p-value: the reciprocal of the e-value of eq. 155, capped at 1. */
export function twoSidedSequentialPValue(estimate: number, se: number, d: SequentialDesign): number {
  const rho = sequentialRho(d.alpha, d.tuning, true);
  const st2 = (estimate * estimate * d.n) / (se * se);
  const tr2p1 = d.n * rho * rho + 1;
  return Math.min(Math.sqrt(tr2p1) * Math.exp((-rho * rho * st2) / (2 * tr2p1)), 1);
}

/**
 * One-sided p-value: the level at which the one-sided sequence (ρ kept at the design's alpha) just
 * reaches 0, within [0.00001, 0.4999]. Found by bisection with gbstats' bracket, tolerance and
 * stopping rule, so the values agree with GrowthBook's to the digits it reports; null if the search
 * does not converge.
 */
export function oneSidedSequentialPValue(
  estimate: number,
  se: number,
  d: SequentialDesign,
  greater: boolean,
): number | null {
  const rho = sequentialRho(d.alpha, d.tuning, false);
  const direction = greater ? 1 : -1;
  /** Signed distance of the interval's bounded end from 0, positive when it excludes 0. */
  const margin = (level: number) => direction * estimate - oneSidedHalfwidthAt(se, d.n, rho, level);
  if (margin(MIN_ONE_SIDED_P) > 0) return MIN_ONE_SIDED_P;
  if (margin(MAX_ONE_SIDED_P) < 0) return MAX_ONE_SIDED_P;
  let low = MIN_ONE_SIDED_P;
  let high = MAX_ONE_SIDED_P;
  let level = (low + high) / 2;
  let gap = 0;
  for (let i = 0; i < 100; i++) {
    gap = margin(level);
    if (gap < 0) low = level;
    else high = level;
    level = (low + high) / 2;
    if (Math.abs(gap) < 1e-6) return level;
  }
  return null;
}
