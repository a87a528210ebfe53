import { AppError } from "../../core/errors.js";
import { closest } from "../../core/validation.js";
import { checkEventLog } from "../../eventlog/index.js";
import { ident, join, type SqlFragment, sql } from "../../store/index.js";
import type { EventLogConfig, Workspace } from "../../workspace/index.js";
import type { EventLog } from "./event-log.js";
import { checkTime, type MineFilters, parseCondition, windowEnd } from "./filters.js";

export interface LoadOptions {
  filters: MineFilters;
  /** Also load each event's local-time offset, for weekday and hour breakdowns. */
  localTime?: boolean;
}

/** The workspace's event log named `name`, or a NOT_FOUND error listing the logs there are. */
export function findLogConfig(workspace: Workspace, name: string): EventLogConfig {
  const found = workspace.config.logs.find((l) => l.name === name);
  if (found) return found;
  const names = workspace.config.logs.map((l) => l.name);
  const hint = closest(name, names);
  throw new AppError(
    "NOT_FOUND",
    `No event log "${name}" in this workspace${hint ? `; did you mean "${hint}"?` : names.length ? `; its logs are ${names.join(", ")}.` : "; define one with `opsloop log define`."}`,
    { log: name, logs: names },
  );
}

class Dictionary {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  code(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.index.set(name, i);
      this.names.push(name);
    }
    return i;
  }
}

/** Grows typed columns as chunks arrive. */
class Column<T extends Float64Array | Int32Array | Int16Array> {
  data: T;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1 << 16);
  }
  ensure(n: number): void {
    if (n <= this.data.length) return;
    let size = this.data.length;
    while (size < n) size *= 2;
    const next = this.make(size);
    next.set(this.data);
    this.data = next;
  }
  trimmed(n: number): T {
    return this.data.subarray(0, n) as T;
  }
}

/** Cases kept by the attribute conditions and the time window, as SQL on the log's table. */
function caseConditions(config: EventLogConfig, filters: MineFilters, columns: string[]): SqlFragment[] {
  const table = ident("data", config.dataset);
  const caseColumn = ident(config.case);
  const time = sql`${ident(config.timestamp)}::timestamptz`;
  const out: SqlFragment[] = [];
  for (const text of filters.where) {
    const condition = parseCondition(text, columns);
    const values = join(condition.values.map((v) => sql`${v}`));
    const inner = sql`select ${caseColumn} from ${table} where ${ident(condition.column)}::varchar in (${values})`;
    out.push(condition.negate ? sql`${caseColumn} not in (${inner})` : sql`${caseColumn} in (${inner})`);
  }
  if (filters.from) checkTime("from", filters.from);
  if (filters.to) checkTime("to", filters.to);
  const from = filters.from ? sql`${filters.from}::timestamptz` : null;
  const end = filters.to ? windowEnd(filters.to) : null;
  const to = end ? sql`${end.value}::timestamptz` : null;
  const before = (x: SqlFragment) => (end?.inclusive ? sql`${x} <= ${to}` : sql`${x} < ${to}`);
  if ((from || to) && filters.timeMode !== "events") {
    const conditions: SqlFragment[] = [];
    const first = sql`min(${time})`;
    const last = sql`max(${time})`;
    if (filters.timeMode === "intersecting") {
      if (from) conditions.push(sql`${last} >= ${from}`);
      if (to) conditions.push(before(first));
    } else if (filters.timeMode === "contained") {
      if (from) conditions.push(sql`${first} >= ${from}`);
      if (to) conditions.push(before(last));
    } else {
      if (from) conditions.push(sql`${first} >= ${from}`);
      if (to) conditions.push(before(first));
    }
    out.push(
      sql`${caseColumn} in (select ${caseColumn} from ${table} group by ${caseColumn} having ${join(conditions, " and ")})`,
    );
  }
  if (filters.timeMode === "events") {
    if (from) out.push(sql`${time} >= ${from}`);
    if (to) out.push(before(time));
  }
  return out;
}

/**
 * Reads an event log of the workspace into memory, applying the filters that select cases or
 * events by attribute and time in the store.
 */
export async function loadEventLog(
  workspace: Workspace,
  config: EventLogConfig,
  options: LoadOptions,
): Promise<EventLog> {
  await checkEventLog(workspace, config);
  const { filters } = options;
  const columns = (await workspace.store.columns("data", config.dataset)).map((c) => c.name);
  const merge = filters.mergeLifecycle;
  if (merge && !config.lifecycle) {
    throw new AppError(
      "USAGE",
      `--merge-lifecycle needs a lifecycle column, and event log "${config.name}" has none${config.startTimestamp ? `; its events already carry start times (${config.startTimestamp})` : ""}.`,
      { field: "mergeLifecycle" },
    );
  }
  const time = sql`${ident(config.timestamp)}::timestamptz`;
  const select: SqlFragment[] = [
    sql`${ident(config.case)}::varchar`,
    sql`${ident(config.activity)}::varchar`,
    sql`epoch(${time}) * 1000`,
  ];
  const startColumn = config.startTimestamp
    ? select.push(sql`epoch(${ident(config.startTimestamp)}::timestamptz) * 1000`) - 1
    : -1;
  const resourceColumn = config.resource ? select.push(sql`${ident(config.resource)}::varchar`) - 1 : -1;
  const roleColumn = config.role ? select.push(sql`${ident(config.role)}::varchar`) - 1 : -1;
  const lifecycleColumn =
    merge && config.lifecycle ? select.push(sql`lower(${ident(config.lifecycle)}::varchar)`) - 1 : -1;
  const offsetColumn = options.localTime
    ? select.push(sql`((epoch(${time}::timestamp) - epoch(${time})) / 60)::integer`) - 1
    : -1;
  const present = sql`${ident(config.case)} is not null and ${ident(config.activity)} is not null and ${ident(config.timestamp)} is not null`;
  const conditions = [present, ...caseConditions(config, filters, columns)];
  const table = ident("data", config.dataset);

  const activities = new Dictionary();
  const resources = new Dictionary();
  const roles = new Dictionary();
  const caseIds: string[] = [];
  const offsets: number[] = [];
  const activity = new Column((n) => new Int32Array(n));
  const times = new Column((n) => new Float64Array(n));
  const starts = startColumn >= 0 || merge ? new Column((n) => new Float64Array(n)) : null;
  const resource = resourceColumn >= 0 ? new Column((n) => new Int32Array(n)) : null;
  const role = roleColumn >= 0 ? new Column((n) => new Int32Array(n)) : null;
  const offset = offsetColumn >= 0 ? new Column((n) => new Int16Array(n)) : null;
  const lifecycle: string[] = [];
  let n = 0;
  let lastCase: string | null = null;
  await workspace.store.scan(
    sql`select ${join(select)} from ${table} where ${join(conditions, " and ")}
        order by ${ident(config.case)}, ${time}, rowid`,
    (cols, rows) => {
      const need = n + rows;
      activity.ensure(need);
      times.ensure(need);
      starts?.ensure(need);
      resource?.ensure(need);
      role?.ensure(need);
      offset?.ensure(need);
      const [cases, acts, ts] = cols as [string[], string[], number[]];
      for (let i = 0; i < rows; i++, n++) {
        const id = cases[i] as string;
        if (id !== lastCase) {
          caseIds.push(id);
          offsets.push(n);
          lastCase = id;
        }
        activity.data[n] = activities.code(acts[i] as string);
        times.data[n] = ts[i] as number;
        if (starts) {
          const s = startColumn >= 0 ? (cols[startColumn]?.[i] as number | null) : null;
          starts.data[n] = s ?? Number.NaN;
        }
        if (resource) {
          const r = cols[resourceColumn]?.[i] as string | null;
          resource.data[n] = r === null ? -1 : resources.code(r);
        }
        if (role) {
          const r = cols[roleColumn]?.[i] as string | null;
          role.data[n] = r === null ? -1 : roles.code(r);
        }
        if (offset) offset.data[n] = (cols[offsetColumn]?.[i] as number | null) ?? 0;
        if (lifecycleColumn >= 0) lifecycle.push((cols[lifecycleColumn]?.[i] as string | null) ?? "complete");
      }
    },
  );
  offsets.push(n);
  const skipped = Number(
    (await workspace.store.value(sql`select count(*) from ${table} where not (${present})`)) ?? 0,
  );
  const log: EventLog = {
    name: config.name,
    timeZone: workspace.config.business.timezone,
    activities: activities.names,
    caseIds,
    caseOffsets: Int32Array.from(offsets),
    activity: activity.trimmed(n),
    time: times.trimmed(n),
    start: starts ? starts.trimmed(n) : null,
    resources: resources.names,
    resource: resource ? resource.trimmed(n) : null,
    roles: roles.names,
    role: role ? role.trimmed(n) : null,
    localOffset: offset ? offset.trimmed(n) : null,
    skipped,
  };
  return merge ? mergeLifecycle(log, lifecycle) : log;
}

/**
 * Pairs each `complete` event with the earliest open `start` of the same activity in its case into
 * one activity instance that started at the start and ended at the completion. A start that never
 * completes stays as an instance of no length; a completion without a start has no start time.
 * Other transitions (schedule, assign, suspend…) are left out.
 */
export function mergeLifecycle(log: EventLog, lifecycle: readonly string[]): EventLog {
  const cases = log.caseOffsets.length - 1;
  const index: number[] = [];
  const startOf: number[] = [];
  const offsets: number[] = [];
  const caseIds: string[] = [];
  for (let c = 0; c < cases; c++) {
    const instances: { event: number; start: number }[] = [];
    const open = new Map<number, number[]>();
    const from = log.caseOffsets[c] as number;
    const to = log.caseOffsets[c + 1] as number;
    for (let e = from; e < to; e++) {
      const transition = lifecycle[e] as string;
      const a = log.activity[e] as number;
      if (transition === "start") {
        const queue = open.get(a) ?? [];
        queue.push(e);
        open.set(a, queue);
      } else if (transition === "complete") {
        const s = open.get(a)?.shift();
        instances.push({ event: e, start: s === undefined ? Number.NaN : (log.time[s] as number) });
      }
    }
    for (const queue of open.values()) {
      for (const s of queue) instances.push({ event: s, start: log.time[s] as number });
    }
    if (instances.length === 0) continue;
    instances.sort(
      (x, y) => (log.time[x.event] as number) - (log.time[y.event] as number) || x.event - y.event,
    );
    offsets.push(index.length);
    caseIds.push(log.caseIds[c] as string);
    for (const instance of instances) {
      index.push(instance.event);
      startOf.push(instance.start);
    }
  }
  offsets.push(index.length);
  const pick = <T extends Int32Array | Int16Array>(column: T | null): T | null => {
    if (!column) return null;
    const out = new (column.constructor as new (n: number) => T)(index.length);
    index.forEach((e, i) => {
      out[i] = column[e] as number;
    });
    return out;
  };
  return {
    ...log,
    caseIds,
    caseOffsets: Int32Array.from(offsets),
    activity: pick(log.activity) as Int32Array,
    time: Float64Array.from(index, (e) => log.time[e] as number),
    start: Float64Array.from(startOf),
    resource: pick(log.resource),
    role: pick(log.role),
    localOffset: pick(log.localOffset),
  };
}
