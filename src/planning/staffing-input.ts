/**
 * Where the arrivals of a staffing plan come from: a table file (weekday, start, arrivals) or the
 * forecast of an hourly KPI.
 */
import { AppError } from "../core/index.js";
import { forecastSeries } from "../forecast/index.js";
import { completePoints, evaluateKpi, findKpi } from "../kpi/index.js";
import type { Workspace } from "../workspace/index.js";
import type { IntervalArrivals } from "./planning.schema.js";
import { parseStart, parseWeekday } from "./staffing.js";
import { failOnProblems, numberCell, readTableFile } from "./table-file.js";

export interface ArrivalColumns {
  weekday?: string;
  start?: string;
  arrivals?: string;
}

/**
 * Reads arrivals per interval from a file with a weekday column (monday / Mon / 1–7), a start column
 * (8, 08:00, 08:30) and an arrivals column. Every bad cell is reported with its line.
 */
export async function readArrivalsFile(
  path: string,
  columns: ArrivalColumns = {},
): Promise<IntervalArrivals[]> {
  const weekday = columns.weekday ?? "weekday";
  const start = columns.start ?? "start";
  const arrivals = columns.arrivals ?? "arrivals";
  const table = await readTableFile(path, [
    { name: weekday, flag: "--weekday-column" },
    { name: start, flag: "--start-column" },
    { name: arrivals, flag: "--arrivals-column" },
  ]);
  const problems: string[] = [];
  const out: IntervalArrivals[] = [];
  table.rows.forEach((row, i) => {
    const line = i + 2;
    const day = parseWeekday(row[weekday]);
    if (!day)
      problems.push(
        `${path}:${line}: "${weekday}" must be a weekday such as monday, Mon or 1; got "${row[weekday] ?? ""}"`,
      );
    const at = parseStart(row[start]);
    if (!at)
      problems.push(
        `${path}:${line}: "${start}" must be a time of day such as 8 or 08:30; got "${row[start] ?? ""}"`,
      );
    const n = numberCell(row[arrivals] ?? null, { file: path, line, column: arrivals }, { min: 0 });
    if (typeof n === "string") problems.push(n);
    if (day && at && typeof n === "number") out.push({ weekday: day, start: at, arrivals: n });
  });
  failOnProblems(path, problems);
  return out;
}

/**
 * Arrivals per weekday and hour for the coming week from the forecast of a KPI counted per hour
 * (e.g. orders or tickets per hour): the next 168 hours after the last complete one.
 */
export async function forecastArrivals(
  workspace: Workspace,
  kpiName: string,
  options: { weeks?: number } = {},
): Promise<{ arrivals: IntervalArrivals[]; model: string; from: string; to: string }> {
  const kpi = findKpi(workspace, kpiName);
  const evaluated = await evaluateKpi(workspace, kpi, { grain: "hour" });
  // Eight weeks of history are enough for the weekly pattern and keep the fit quick.
  const complete = completePoints(evaluated.points).slice(-168 * 8);
  if (complete.length < 48)
    throw new AppError(
      "USAGE",
      `KPI "${kpiName}" has ${complete.length} hours of data; a staffing forecast needs at least two days.`,
    );
  const weeks = options.weeks ?? 1;
  const result = forecastSeries(
    {
      periods: complete.map((p) => p.period),
      values: complete.map((p) => p.value ?? 0),
      grain: "hour",
    },
    { horizon: 168 * weeks, seed: 1, fill: "zero" },
  );
  // Hours of the week with no arrivals in any of the weeks of history are closed: no one is needed,
  // whatever small number the model carries over into them.
  const open = new Set<string>();
  for (const point of complete) if ((point.value ?? 0) > 0) open.add(hourOfWeek(point.period));
  // Mean of the forecast per weekday and hour over the weeks asked for; negatives count as none.
  const sums = new Map<
    string,
    { weekday: IntervalArrivals["weekday"]; start: string; total: number; n: number }
  >();
  for (const point of result.points) {
    const key = hourOfWeek(point.period);
    const [day, start] = key.split(" ") as [string, string];
    const entry = sums.get(key) ?? { weekday: parseWeekday(day) ?? null, start, total: 0, n: 0 };
    entry.total += open.has(key) ? Math.max(0, point.mean) : 0;
    entry.n += 1;
    sums.set(key, entry);
  }
  const arrivals = [...sums.values()].map((e) => ({
    weekday: e.weekday,
    start: e.start,
    arrivals: e.total / e.n,
  }));
  const first = result.points[0]?.period ?? "";
  const last = result.points[result.points.length - 1]?.period ?? "";
  return { arrivals, model: result.model, from: first, to: last };
}

/** "monday 08:00" for an hourly period label YYYY-MM-DDTHH:00. */
function hourOfWeek(period: string): string {
  const date = new Date(`${period.slice(0, 13)}:00:00Z`);
  return `${parseWeekday(((date.getUTCDay() + 6) % 7) + 1)} ${period.slice(11, 13)}:00`;
}
