/** Sample ratio mismatch: a chi-square test of the units per arm against the planned traffic split. */
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";

export interface SampleRatioMismatch {
  chiSquare: number;
  df: number;
  pValue: number;
}

/**
 * Pearson's chi-square of the observed units per arm against the counts the weights lead to. Arms with
 * a weight of 0 (or no count) are left out, as GrowthBook does; with fewer than two arms left, or no
 * units at all, there is nothing to test and the p-value is 1.
 */
export function sampleRatioMismatch(
  observed: readonly number[],
  weights: readonly number[],
): SampleRatioMismatch {
  const arms = weights.flatMap((weight, i) => {
    const units = observed[i];
    const usable =
      weight > 0 && Number.isFinite(weight) && units !== undefined && units >= 0 && Number.isFinite(units);
    return usable ? [{ units, weight }] : [];
  });
  const df = Math.max(arms.length - 1, 0);
  const totalUnits = arms.reduce((t, a) => t + a.units, 0);
  const totalWeight = arms.reduce((t, a) => t + a.weight, 0);
  if (arms.length < 2 || totalUnits === 0) return { chiSquare: 0, df, pValue: 1 };
  const chiSquare = arms.reduce((x, a) => {
    const expected = (a.weight / totalWeight) * totalUnits;
    return x + (a.units - expected) ** 2 / expected;
  }, 0);
  return { chiSquare, df, pValue: 1 - chisquareCdf(chiSquare, df) };
}
