import tQuantile from "@stdlib/stats-base-dists-t-quantile";

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return values.length > 0 ? s / values.length : Number.NaN;
}

/** The 95% t-interval of the mean of independent values (a point when there is only one). */
export function tInterval95(values: readonly number[]): [number, number] {
  const n = values.length;
  const m = mean(values);
  if (n < 2) return [m, m];
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  const half = tQuantile(0.975, n - 1) * Math.sqrt(ss / (n - 1) / n);
  return [m - half, m + half];
}

/** Moves the k-th smallest value to index k (Hoare's selection, in place). */
function select(a: Float64Array, k: number, left: number, right: number): void {
  let lo = left;
  let hi = right;
  while (hi > lo) {
    const pivot = a[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * Quantiles (linear interpolation between order statistics, as R's type 7 and numpy's default)
 * in expected linear time. Reorders `values`.
 */
export function quantiles(values: Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return ps.map(() => Number.NaN);
  return ps.map((p) => {
    const h = (n - 1) * p;
    const k = Math.floor(h);
    select(values, k, 0, n - 1);
    const lower = values[k] as number;
    if (k + 1 >= n || h === k) return lower;
    let upper = Number.POSITIVE_INFINITY;
    for (let i = k + 1; i < n; i++) if ((values[i] as number) < upper) upper = values[i] as number;
    return lower + (h - k) * (upper - lower);
  });
}
