import { existsSync } from "node:fs";
import { AppError } from "../core/errors.js";
import { defineEventLog } from "../eventlog/index.js";
import { importFile } from "../ingest/index.js";
import { type EventLogConfig, Workspace } from "../workspace/index.js";
import type { EventLog } from "./log/event-log.js";
import { applyLogFilters, type MineFilterInput, type MineFilters } from "./log/filters.js";
import { findLogConfig, loadEventLog } from "./log/load-log.js";
import { readXesEventLog } from "./log/xes-direct.js";

/** How a table file's columns make an event log (XES files need none of these). */
export interface FileLogColumns {
  case?: string;
  activity?: string;
  timestamp?: string;
  startTimestamp?: string;
  resource?: string;
  role?: string;
  lifecycle?: string;
  timestampFormat?: string;
  delimiter?: string;
  /** Zone of timestamps written without an offset, and of weekdays and hours (default UTC). */
  timezone?: string;
}

/** True when `target` names a file rather than a workspace event log. */
export function looksLikeFile(target: string): boolean {
  return (
    /[\\/]/.test(target) ||
    /\.(xes|csv|tsv|txt|parquet|json|ndjson|jsonl|xlsx)(\.gz)?$/i.test(target) ||
    existsSync(target)
  );
}

/**
 * Loads an event log file into a scratch workspace held in memory, so a script can mine a file
 * without a workspace. The caller closes the workspace.
 */
export async function openLogFile(
  path: string,
  columns: FileLogColumns,
): Promise<{ workspace: Workspace; config: EventLogConfig }> {
  if (!existsSync(path)) {
    throw new AppError(
      "FILE_NOT_FOUND",
      `${path} does not exist; give an event log file or the name of a workspace log.`,
      {
        file: path,
      },
    );
  }
  const workspace = await Workspace.scratch({
    name: "file",
    currency: "EUR",
    timezone: columns.timezone ?? "UTC",
    weekStart: "monday",
  });
  try {
    await importFile(workspace, path, {
      dataset: "events",
      ...(columns.timestampFormat ? { timestampFormat: columns.timestampFormat } : {}),
      ...(columns.delimiter ? { delimiter: columns.delimiter } : {}),
      ...(columns.timezone ? { timezone: columns.timezone } : {}),
    });
    const defined = workspace.config.logs[0];
    const flags = Object.fromEntries(
      (["case", "activity", "timestamp", "startTimestamp", "resource", "role", "lifecycle"] as const)
        .filter((k) => columns[k] !== undefined)
        .map((k) => [k, columns[k]]),
    );
    if (!defined && (!columns.case || !columns.activity || !columns.timestamp)) {
      const missing = (["case", "activity", "timestamp"] as const).filter((k) => !columns[k]);
      throw new AppError(
        "USAGE",
        `${path} is a table: say which columns make the log with ${missing.map((k) => `--${k} COLUMN`).join(", ")}.`,
        { file: path, missing },
      );
    }
    const config = await defineEventLog(workspace, {
      ...(defined ?? { name: "events", dataset: "events" }),
      ...flags,
    });
    return { workspace, config };
  } catch (error) {
    workspace.close();
    throw error;
  }
}

/** True when the filters include one the store answers: attribute conditions, a time window, merged lifecycles. */
export function needsStore(filters: MineFilterInput): boolean {
  return Boolean((filters.where?.length ?? 0) > 0 || filters.from || filters.to || filters.mergeLifecycle);
}

/** Applies the filters that work in memory, and counts the activities they took away. */
function filterInMemory(loaded: EventLog, filters: MineFilters): { log: EventLog; hiddenActivities: number } {
  const log = applyLogFilters(loaded, filters);
  const present = new Uint8Array(log.activities.length);
  for (const a of log.activity) present[a] = 1;
  const before = new Uint8Array(loaded.activities.length);
  for (const a of loaded.activity) before[a] = 1;
  return {
    log,
    hiddenActivities: before.reduce((s, x) => s + x, 0) - present.reduce((s, x) => s + x, 0),
  };
}

/** Loads a log with all filters applied; `hiddenActivities` counts activities the filters removed. */
export async function loadFilteredLog(
  workspace: Workspace,
  config: EventLogConfig,
  filters: MineFilters,
  options: { localTime?: boolean; memory?: EventLog } = {},
): Promise<{ log: EventLog; hiddenActivities: number }> {
  if (options.memory) {
    if (needsStore(filters)) {
      throw new AppError(
        "INTERNAL",
        "This log was read straight into memory; filters by attribute or time need the store.",
      );
    }
    return filterInMemory(options.memory, filters);
  }
  const loaded = await loadEventLog(workspace, config, {
    filters,
    ...(options.localTime ? { localTime: true } : {}),
  });
  return filterInMemory(loaded, filters);
}

/**
 * An XES file read straight into memory for commands that need nothing from a store: the fastest
 * way to a process map. The scratch workspace holds no data; the caller closes it.
 */
export async function openXesInMemory(
  path: string,
  timeZone = "UTC",
): Promise<{ workspace: Workspace; config: EventLogConfig; memory: EventLog }> {
  const memory = await readXesEventLog(path, { timeZone, localTime: true });
  const workspace = await Workspace.scratch({
    name: "file",
    currency: "EUR",
    timezone: timeZone,
    weekStart: "monday",
  });
  const config: EventLogConfig = {
    name: "events",
    dataset: "events",
    case: "case:concept:name",
    activity: "concept:name",
    timestamp: "time:timestamp",
    ...(memory.start ? { startTimestamp: "start_timestamp" } : {}),
    ...(memory.resource ? { resource: "org:resource" } : {}),
  };
  return { workspace, config, memory };
}

export { findLogConfig };
