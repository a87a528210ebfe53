import { caseCount, type EventLog } from "../log/event-log.js";
import { transitions, valuesByEdge } from "./dfg.js";
import { type DurationStats, durationStats, quantileSorted } from "./stats.js";

export type BottleneckDimension = "weekday" | "hour";

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

export interface BottleneckSegment {
  activity: string;
  weekday?: string;
  hour?: number;
  count: number;
  medianWaitingSeconds: number;
  meanWaitingSeconds: number;
  /**
   * Waiting beyond the activity's usual: count × (this segment's median wait − the activity's median
   * wait over the whole log), in seconds.
   */
  excessSeconds: number;
  /**
   * Fewer than 1% of the activity's waits fall in this segment: an outlier group (orders paid after
   * closing, say) rather than a recurring queue. Rare segments are ranked after the others.
   */
  rare: boolean;
}

/** Share of an activity's waits a segment needs to rank as a recurring bottleneck. */
export const MIN_SEGMENT_SHARE = 0.01;
const DAY_MS = 86_400_000;

export interface Bottlenecks {
  edges: ({ from: string; to: string; count: number } & Omit<DurationStats, "p90Seconds">)[];
  activities: {
    name: string;
    count: number;
    waiting: Omit<DurationStats, "p90Seconds">;
    processing: Omit<DurationStats, "p90Seconds"> | null;
  }[];
  segments: BottleneckSegment[] | null;
  sentence: string;
}

function short(stats: DurationStats): Omit<DurationStats, "p90Seconds"> {
  return {
    totalSeconds: stats.totalSeconds,
    meanSeconds: stats.meanSeconds,
    medianSeconds: stats.medianSeconds,
  };
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

/**
 * Where cases wait: edges and activities ranked by total waiting time (the wait before an activity
 * is the time from the previous step's completion to its start), processing times when the log has
 * starts, and — when asked — the waits before each activity split by the local weekday and hour at
 * which the wait began, ranked by waiting beyond that activity's usual.
 */
export function findBottlenecks(log: EventLog, by: readonly BottleneckDimension[] = []): Bottlenecks {
  const t = transitions(log);
  const { offsets, values } = valuesByEdge(t);
  const edges = t.edges
    .map(([a, b], k) => ({
      from: log.activities[a] as string,
      to: log.activities[b] as string,
      count: t.count[k] as number,
      ...short(durationStats(values.subarray(offsets[k] as number, offsets[k + 1] as number))),
    }))
    .sort((x, y) => y.totalSeconds - x.totalSeconds || y.medianSeconds - x.medianSeconds);

  // Waits before each activity and processing times, grouped by activity.
  const k = log.activities.length;
  const waitsBefore: number[][] = Array.from({ length: k }, () => []);
  const processing: number[][] = Array.from({ length: k }, () => []);
  const counts = new Float64Array(k);
  const cases = caseCount(log);
  for (let c = 0; c < cases; c++) {
    const from = log.caseOffsets[c] as number;
    const to = log.caseOffsets[c + 1] as number;
    for (let e = from; e < to; e++) {
      const a = log.activity[e] as number;
      counts[a] = (counts[a] as number) + 1;
      if (e > from) (waitsBefore[a] as number[]).push(t.wait[e - 1] as number);
      const s = log.start ? (log.start[e] as number) : Number.NaN;
      if (!Number.isNaN(s)) (processing[a] as number[]).push(Math.max(0, (log.time[e] as number) - s));
    }
  }
  const activities = log.activities
    .map((name, a) => ({
      name,
      count: counts[a] as number,
      waiting: short(durationStats(Float64Array.from(waitsBefore[a] as number[]))),
      processing: (processing[a] as number[]).length
        ? short(durationStats(Float64Array.from(processing[a] as number[])))
        : null,
    }))
    .filter((a) => a.count > 0)
    .sort(
      (x, y) =>
        y.waiting.totalSeconds - x.waiting.totalSeconds || y.waiting.medianSeconds - x.waiting.medianSeconds,
    );

  const segments = by.length ? segmentWaits(log, t.wait, by) : null;
  const top = segments?.[0];
  const first = activities[0];
  let sentence: string;
  if (top && top.excessSeconds > 0) {
    const when = [
      top.weekday ? `on ${top.weekday}s` : "",
      top.hour !== undefined
        ? `at ${String(top.hour).padStart(2, "0")}:00–${String(top.hour + 1).padStart(2, "0")}:00`
        : "",
    ]
      .filter(Boolean)
      .join(" ");
    sentence = `The longest recurring wait is before ${top.activity} ${when}: a median of ${formatDuration(top.medianWaitingSeconds)} across ${top.count.toLocaleString("en")} cases, ${formatDuration(top.excessSeconds)} more in all than its usual wait.`;
  } else if (first && first.waiting.totalSeconds > 0) {
    sentence = `Most waiting comes before ${first.name}: ${formatDuration(first.waiting.totalSeconds)} in all, a median of ${formatDuration(first.waiting.medianSeconds)} each time.`;
  } else {
    sentence = "No waiting between steps in this log.";
  }
  return { edges, activities, segments, sentence };
}

function segmentWaits(
  log: EventLog,
  wait: Float64Array,
  by: readonly BottleneckDimension[],
): BottleneckSegment[] {
  const byWeekday = by.includes("weekday");
  const byHour = by.includes("hour");
  const groups = new Map<number, number[]>();
  const perActivity = new Map<number, number[]>();
  const cases = caseCount(log);
  for (let c = 0; c < cases; c++) {
    const from = log.caseOffsets[c] as number;
    const to = log.caseOffsets[c + 1] as number;
    for (let e = from + 1; e < to; e++) {
      const a = log.activity[e] as number;
      const w = wait[e - 1] as number;
      // The wait begins when the previous step completes; read its local clock.
      const local =
        (log.time[e - 1] as number) + (log.localOffset ? (log.localOffset[e - 1] as number) : 0) * 60_000;
      const day = Math.floor(local / DAY_MS);
      // 1 January 1970 was a Thursday (weekday 4, Sunday = 0).
      const weekday = byWeekday ? (((day + 4) % 7) + 7) % 7 : 7;
      const hour = byHour ? Math.floor((local - day * DAY_MS) / 3_600_000) : 24;
      const key = (a * 8 + weekday) * 25 + hour;
      let list = groups.get(key);
      if (!list) {
        list = [];
        groups.set(key, list);
      }
      list.push(w);
      let all = perActivity.get(a);
      if (!all) {
        all = [];
        perActivity.set(a, all);
      }
      all.push(w);
    }
  }
  const usual = new Map<number, number>();
  for (const [a, list] of perActivity) usual.set(a, quantileSorted(Float64Array.from(list).sort(), 0.5));
  const out: BottleneckSegment[] = [];
  for (const [key, list] of groups) {
    const hour = key % 25;
    const weekday = Math.floor(key / 25) % 8;
    const a = Math.floor(key / 200);
    const stats = durationStats(Float64Array.from(list));
    const segment: BottleneckSegment = {
      activity: log.activities[a] as string,
      count: list.length,
      medianWaitingSeconds: stats.medianSeconds,
      meanWaitingSeconds: stats.meanSeconds,
      excessSeconds: list.length * (stats.medianSeconds - (usual.get(a) as number) / 1000),
      rare: list.length < MIN_SEGMENT_SHARE * (perActivity.get(a) as number[]).length,
    };
    if (byWeekday) segment.weekday = WEEKDAYS[weekday] as string;
    if (byHour) segment.hour = hour;
    out.push(segment);
  }
  return out.sort(
    (x, y) => Number(x.rare) - Number(y.rare) || y.excessSeconds - x.excessSeconds || y.count - x.count,
  );
}
