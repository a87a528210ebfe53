import { AppError } from "../core/errors.js";
import { closest, describeIssues } from "../core/validation.js";
import { requireDataset } from "../data/index.js";
import { ident, sql } from "../store/index.js";
import { type EventLogConfig, editConfigList, eventLogSchema, type Workspace } from "../workspace/index.js";

export interface EventLogSummary extends EventLogConfig {
  events: number;
  cases: number;
  activities: number;
  /** Time span of the log, as instants or local times. */
  from: string | null;
  to: string | null;
}

const TIME_TYPES = /^(TIMESTAMP|DATE)/;

/** Checks a log definition against its dataset: the columns exist and timestamps are times. */
export async function checkEventLog(workspace: Workspace, definition: EventLogConfig): Promise<void> {
  await requireDataset(workspace.store, definition.dataset);
  const columns = await workspace.store.columns("data", definition.dataset);
  const names = columns.map((c) => c.name);
  const roles: [string, string | undefined][] = [
    ["case", definition.case],
    ["activity", definition.activity],
    ["timestamp", definition.timestamp],
    ["start-timestamp", definition.startTimestamp],
    ["resource", definition.resource],
    ["lifecycle", definition.lifecycle],
    ["role", definition.role],
  ];
  for (const [role, column] of roles) {
    if (column === undefined) continue;
    const info = columns.find((c) => c.name === column);
    if (!info) {
      const hint = closest(column, names);
      throw new AppError(
        "LOG_INVALID",
        `--${role} "${column}" is not a column of dataset "${definition.dataset}"${hint ? `; did you mean "${hint}"?` : `; its columns are ${names.join(", ")}.`}`,
        { field: role, column, columns: names },
      );
    }
    if ((role === "timestamp" || role === "start-timestamp") && !TIME_TYPES.test(info.type)) {
      throw new AppError(
        "LOG_INVALID",
        `--${role} "${column}" holds ${info.type} values, not timestamps; re-import "${definition.dataset}" with --timestamp-format (e.g. yyyy-MM-dd HH:mm:ss) so the column is read as time.`,
        { field: role, column, type: info.type },
      );
    }
  }
}

/** Defines (or redefines) an event log in opsloop.yaml after checking it against its dataset. */
export async function defineEventLog(workspace: Workspace, input: unknown): Promise<EventLogConfig> {
  const parsed = eventLogSchema.safeParse(input);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error.issues);
    throw new AppError("USAGE", `Event log definition: ${problems.map((p) => p.message).join("; ")}`, {
      problems,
    });
  }
  const definition = parsed.data;
  await checkEventLog(workspace, definition);
  workspace.updateConfig((doc) =>
    editConfigList<EventLogConfig>(doc, "logs", (l) => l.name !== definition.name, [definition]),
  );
  return definition;
}

/** The workspace's event logs with their events, cases and activities counted. */
export async function listEventLogs(workspace: Workspace): Promise<EventLogSummary[]> {
  const result: EventLogSummary[] = [];
  for (const log of workspace.config.logs) {
    await checkEventLog(workspace, log);
    const row = await workspace.store.first(
      sql`select count(*) as events, count(distinct ${ident(log.case)}) as cases,
          count(distinct ${ident(log.activity)}) as activities,
          min(${ident(log.timestamp)})::varchar as first, max(${ident(log.timestamp)})::varchar as last
          from ${ident("data", log.dataset)}`,
    );
    result.push({
      ...log,
      events: Number(row?.events ?? 0),
      cases: Number(row?.cases ?? 0),
      activities: Number(row?.activities ?? 0),
      from: (row?.first as string | null) ?? null,
      to: (row?.last as string | null) ?? null,
    });
  }
  return result;
}
