/**
 * Multiple-testing corrections of p-values, as GrowthBook applies them across metrics and variations,
 * and the matching widening of confidence intervals.
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

/** A p-value as a number in [0, 1]; anything that is not a number counts as 1. */
function clean(p: number): number {
  return Number.isNaN(p) ? 1 : Math.min(Math.max(p, 0), 1);
}

/**
 * Step through the p-values in order (smallest first, or largest first), scale each by its rank and
 * carry the running bound along so the adjusted values keep the order of the raw ones.
 */
function stepwise(
  pValues: readonly number[],
  smallestFirst: boolean,
  scale: (step: number, m: number) => number,
  carry: (running: number, next: number) => number,
): number[] {
  const m = pValues.length;
  const p = pValues.map(clean);
  const order = p.map((_, i) => i).sort((i, j) => (smallestFirst ? 1 : -1) * ((p[i] ?? 0) - (p[j] ?? 0)));
  const adjusted = new Array<number>(m).fill(1);
  let running = smallestFirst ? 0 : 1;
  order.forEach((index, step) => {
    running = carry(running, Math.min((p[index] ?? 1) * scale(step, m), 1));
    adjusted[index] = running;
  });
  return adjusted;
}

/** Holm–Bonferroni adjusted p-values (family-wise error rate), in the order given. */
export function holmBonferroni(pValues: readonly number[]): number[] {
  return stepwise(pValues, true, (step, m) => m - step, Math.max);
}

/** Benjamini–Hochberg adjusted p-values (false discovery rate), in the order given. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  return stepwise(pValues, false, (step, m) => m / (m - step), Math.min);
}

/**
 * The two-sided 1 − alpha interval around `lift` whose normal test has p-value `adjustedPValue`:
 * lift ± z(1 − alpha/2) · |lift / z(1 − p/2)|. A lift of 0 gives [0, 0].
 */
export function adjustedConfidenceInterval(
  adjustedPValue: number,
  lift: number,
  alpha: number,
): [number, number] {
  if (!lift || !Number.isFinite(lift)) return [0, 0];
  const sd = Math.abs(lift / normalQuantile(1 - adjustedPValue / 2, 0, 1));
  const width = normalQuantile(1 - alpha / 2, 0, 1) * sd;
  return [lift - width, lift + width];
}

/**
 * The interval to show after correction: unbounded when the adjusted p-value is (nearly) 1, the
 * adjusted interval when it is wider on both ends than `ci`, else `ci` unchanged (a correction never
 * narrows an interval).
 */
export function widenConfidenceInterval(
  adjustedPValue: number,
  lift: number,
  alpha: number,
  ci: readonly [number, number],
): [number, number] {
  if (adjustedPValue > 0.999999) return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  const adjusted = adjustedConfidenceInterval(adjustedPValue, lift, alpha);
  return adjusted[0] < ci[0] && adjusted[1] > ci[1] ? adjusted : [ci[0], ci[1]];
}
