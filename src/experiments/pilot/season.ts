const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Milliseconds since the epoch of each date, or null when the labels are not all YYYY-MM-DD days. */
function dayTimes(dates: readonly string[]): number[] | null {
  const times = dates.map((date) => (ISO_DAY.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN));
  return times.some((time) => !Number.isFinite(time)) ? null : times;
}

/**
 * Periods in one cycle, read from the spacing of the dates: for daily data the weekdays that occur (7, or 6
 * for a shop closed one day a week), 12 for monthly, 4 for quarterly, and 1 (no cycle assumed) otherwise.
 */
export function inferSeasonLength(dates: readonly string[]): number {
  const times = dayTimes(dates);
  if (times === null || times.length < 2) return 1;
  const gaps = times.slice(1).map((time, i) => Math.round((time - (times[i] as number)) / DAY_MS));
  const typical = gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)] as number;
  if (typical === 1) return new Set(times.map((time) => new Date(time).getUTCDay())).size;
  if (typical >= 28 && typical <= 31) return 12;
  if (typical >= 89 && typical <= 92) return 4;
  return 1;
}
