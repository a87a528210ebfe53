/**
 * Staffing by Erlang C: per interval, the agents needed on the floor to answer a share of arrivals
 * within a target time without exceeding a maximum occupancy, and the agents to schedule once
 * shrinkage (breaks, training, absence) is allowed for.
 */
import { AppError } from "../core/index.js";
import { requiredAgents } from "./erlang.js";
import {
  type IntervalArrivals,
  type IntervalStaffing,
  intervalArrivalsSchema,
  type StaffingParameters,
  type StaffingPlan,
  staffingParametersSchema,
  WEEKDAYS,
  type Weekday,
} from "./planning.schema.js";
import { checkInput } from "./validate.js";

/** Figures of one interval with `arrivals` arrivals under the given parameters. */
export function staffInterval(
  arrivals: number,
  parameters: StaffingParameters,
  place: { weekday?: Weekday | null; start?: string | null } = {},
): IntervalStaffing {
  const { intervalMinutes, handlingTimeMinutes, answerWithinSeconds, serviceLevel, shrinkage, maxOccupancy } =
    parameters;
  const load = (arrivals * handlingTimeMinutes) / intervalMinutes;
  if (load > 100_000)
    throw new AppError(
      "USAGE",
      `${arrivals} arrivals per ${intervalMinutes} minutes at ${handlingTimeMinutes} minutes each is a load of ${Math.round(load)} agents; the planner stops at 100,000.`,
    );
  const figures = requiredAgents({
    load,
    handlingTime: handlingTimeMinutes,
    answerWithin: answerWithinSeconds / 60,
    serviceLevel,
    maxOccupancy,
  });
  const raw = figures.agents;
  // The tolerance keeps 14 / 0.7 at 20 agents where floating point gives 20.000000000000004.
  const scheduled = raw === 0 ? 0 : Math.ceil(raw / (1 - shrinkage) - 1e-9);
  return {
    weekday: place.weekday ?? null,
    start: place.start ?? null,
    arrivals,
    load,
    rawAgents: raw,
    scheduledAgents: scheduled,
    serviceLevel: figures.serviceLevel,
    occupancy: figures.occupancy,
    waitingProbability: figures.waitingProbability,
    averageSpeedOfAnswerSeconds: figures.averageSpeedOfAnswer * 60,
  };
}

/** Flag or field names used in messages, e.g. { maxOccupancy: "--max-occupancy" } for the CLI. */
export type FieldNames = Record<string, string>;

/**
 * Plans staff for every interval of a table of arrivals (or one interval). Intervals with a weekday
 * and a start also fill a weekday × start table for a heat map.
 */
export function planStaffing(
  input: { arrivals: unknown; parameters: unknown; source?: string },
  names: FieldNames = {},
): StaffingPlan {
  const parameters = checkInput(staffingParametersSchema, input.parameters, names);
  if (!Array.isArray(input.arrivals) || input.arrivals.length === 0)
    throw new AppError(
      "USAGE",
      `${names.arrivals ?? "arrivals"} is empty: give the expected arrivals of at least one interval.`,
    );
  if (input.arrivals.length > 10_000)
    throw new AppError("USAGE", `${names.arrivals ?? "arrivals"} has more than 10,000 intervals.`);
  const rows: IntervalArrivals[] = input.arrivals.map((row, i) =>
    checkInput(intervalArrivalsSchema, row, {}, `${names.arrivals ?? "arrivals"}[${i}]`),
  );
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.weekday === null || row.start === null) continue;
    const key = `${row.weekday} ${row.start}`;
    if (seen.has(key))
      throw new AppError(
        "USAGE",
        `${names.arrivals ?? "arrivals"} lists ${row.weekday} ${row.start} twice; give each interval once.`,
      );
    seen.add(key);
  }
  const intervals = rows.map((row) => staffInterval(row.arrivals, parameters, row));
  return {
    parameters,
    source: input.source ?? "table",
    intervals,
    heatMap: heatMap(intervals),
    totals: {
      arrivals: intervals.reduce((sum, i) => sum + i.arrivals, 0),
      scheduledAgentHours:
        (intervals.reduce((sum, i) => sum + i.scheduledAgents, 0) * parameters.intervalMinutes) / 60,
      peakScheduledAgents: intervals.reduce((max, i) => Math.max(max, i.scheduledAgents), 0),
    },
  };
}

function heatMap(intervals: IntervalStaffing[]): StaffingPlan["heatMap"] {
  const placed = intervals.filter(
    (i): i is IntervalStaffing & { weekday: Weekday; start: string } =>
      i.weekday !== null && i.start !== null,
  );
  if (placed.length === 0) return null;
  const weekdays = WEEKDAYS.filter((d) => placed.some((i) => i.weekday === d));
  const starts = [...new Set(placed.map((i) => i.start))].sort();
  const grid = <T>(pick: (i: IntervalStaffing) => T): (T | null)[][] =>
    weekdays.map((d) =>
      starts.map((s) => {
        const found = placed.find((i) => i.weekday === d && i.start === s);
        return found ? pick(found) : null;
      }),
    );
  return {
    weekdays,
    starts,
    scheduledAgents: grid((i) => i.scheduledAgents),
    rawAgents: grid((i) => i.rawAgents),
    arrivals: grid((i) => i.arrivals),
  };
}

const WEEKDAY_NAMES: Record<string, Weekday> = Object.fromEntries(
  WEEKDAYS.flatMap((d, i) => [
    [d, d],
    [d.slice(0, 3), d],
    [d.slice(0, 2), d],
    [String(i + 1), d],
  ]),
);

/** Reads "monday", "Mon", "mo" or ISO number 1–7 (Monday = 1) as a weekday. */
export function parseWeekday(value: unknown): Weekday | undefined {
  if (value === null || value === undefined) return undefined;
  return WEEKDAY_NAMES[String(value).trim().toLowerCase()];
}

/** Reads 8, "8", "08", "8:30" or "08:30:00" as the time of day "08:30". */
export function parseStart(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const match = /^(\d{1,2})(?::(\d{2}))?(?::\d{2})?$/.exec(String(value).trim());
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}
