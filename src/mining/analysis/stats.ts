/** Summary figures of a set of durations, in seconds. */
export interface DurationStats {
  meanSeconds: number;
  medianSeconds: number;
  p90Seconds: number;
  totalSeconds: number;
}

/**
 * Quantile q of sorted values by linear interpolation between order statistics (R's type 7, the
 * default of NumPy and pandas).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] as number;
  return a + (h - lo) * ((sorted[hi] as number) - a);
}

/** Mean, median, 90th percentile and total of milliseconds, as seconds; sorts `ms` in place. */
export function durationStats(ms: Float64Array): DurationStats {
  if (ms.length === 0) return { meanSeconds: 0, medianSeconds: 0, p90Seconds: 0, totalSeconds: 0 };
  ms.sort();
  let total = 0;
  for (let i = 0; i < ms.length; i++) total += ms[i] as number;
  return {
    meanSeconds: total / ms.length / 1000,
    medianSeconds: quantileSorted(ms, 0.5) / 1000,
    p90Seconds: quantileSorted(ms, 0.9) / 1000,
    totalSeconds: total / 1000,
  };
}

export interface HistogramBin {
  fromSeconds: number;
  toSeconds: number;
  count: number;
}

/**
 * Equal-width bins of durations (milliseconds, sorted) from 0 to the 99th percentile; the last bin
 * also holds everything longer, up to the maximum.
 */
export function histogram(sortedMs: Float64Array, bins = 30): HistogramBin[] {
  const n = sortedMs.length;
  if (n === 0) return [];
  const max = sortedMs[n - 1] as number;
  const top = Math.max(quantileSorted(sortedMs, 0.99), 1);
  const width = niceWidth(top / bins);
  const count = Math.max(1, Math.ceil(top / width));
  const out: HistogramBin[] = Array.from({ length: count }, (_, i) => ({
    fromSeconds: (i * width) / 1000,
    toSeconds: ((i + 1) * width) / 1000,
    count: 0,
  }));
  for (let i = 0; i < n; i++) {
    const b = Math.min(count - 1, Math.floor((sortedMs[i] as number) / width));
    (out[Math.max(0, b)] as HistogramBin).count++;
  }
  const last = out[count - 1] as HistogramBin;
  last.toSeconds = Math.max(last.toSeconds, max / 1000);
  return out;
}

/** A bin width of 1, 2 or 5 times a power of ten milliseconds, or a whole number of minutes/hours. */
function niceWidth(raw: number): number {
  const steps = [
    1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
    3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000,
  ];
  for (const step of steps) if (step >= raw) return step;
  const week = 604_800_000;
  return Math.ceil(raw / week) * week;
}
