import { AppError } from "../../core/errors.js";
import { closest } from "../../core/validation.js";
import { checkEventLog } from "../../eventlog/index.js";
import { ident, join, type SqlFragment, type SqlSession, sql } from "../../store/index.js";
import type { EventLogConfig, Workspace } from "../../workspace/index.js";
import { type EventLog, pick } from "./event-log.js";
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
  // One connection for all the queries below.
  return workspace.store.read((session) =>
    readEventLog(session, workspace.config.business.timezone, config, options),
  );
}

async function readEventLog(
  store: SqlSession,
  timeZone: string,
  config: EventLogConfig,
  options: LoadOptions,
): Promise<EventLog> {
  const { filters } = options;
  const columns = (await store.columns("data", config.dataset)).map((c) => c.name);
  const merge = filters.mergeLifecycle;
  if (merge && !config.lifecycle) {
    throw new AppError(
      "USAGE",
      `--merge-lifecycle needs a lifecycle column, and event log "${config.name}" has none${config.startTimestamp ? `; its events already carry start times (${config.startTimestamp})` : ""}.`,
      { field: "mergeLifecycle" },
    );
  }
  const time = sql`${ident(config.timestamp)}::timestamptz`;
  const present = sql`${ident(config.case)} is not null and ${ident(config.activity)} is not null and ${ident(config.timestamp)} is not null`;
  const conditions = [present, ...caseConditions(config, filters, columns)];
  const table = ident("data", config.dataset);
  // The events as the store holds them, filtered; text columns are turned into codes by the store,
  // so only numbers cross into JavaScript.
  const events = sql`select ${ident(config.case)}::varchar as c, ${ident(config.activity)}::varchar as a,
      epoch(${time}) * 1000 as t, rowid as rid
      ${config.startTimestamp ? sql`, epoch(${ident(config.startTimestamp)}::timestamptz) * 1000 as s` : sql``}
      ${config.resource ? sql`, ${ident(config.resource)}::varchar as r` : sql``}
      ${config.role ? sql`, ${ident(config.role)}::varchar as ro` : sql``}
      ${merge && config.lifecycle ? sql`, lower(${ident(config.lifecycle)}::varchar) as l` : sql``}
      ${options.localTime ? sql`, ((epoch(${time}::timestamp) - epoch(${time})) / 60)::integer as o` : sql``}
      from ${table} where ${join(conditions, " and ")}`;
  const coded = [
    ["c", true],
    ["a", true],
    ["r", Boolean(config.resource)],
    ["ro", Boolean(config.role)],
    ["l", Boolean(merge && config.lifecycle)],
  ] as const;
  const dictionaries = new Map<string, string[]>();
  const codeTables: SqlFragment[] = [];
  const codeJoins: SqlFragment[] = [];
  const selected: SqlFragment[] = [];
  for (const [name, wanted] of coded) {
    if (!wanted) {
      selected.push(sql`-1`);
      continue;
    }
    const values: string[] = [];
    await store.scan(
      sql`select distinct ${ident(name)} from (${events}) where ${ident(name)} is not null order by 1`,
      (cols, rows) => {
        const column = cols[0] as string[];
        for (let i = 0; i < rows; i++) values.push(column[i] as string);
      },
    );
    dictionaries.set(name, values);
    const codes = ident(`${name}_codes`);
    codeTables.push(
      sql`${codes} as (select ${ident(name)}, (row_number() over (order by ${ident(name)}) - 1)::integer as ${ident(`${name}_code`)}
          from (select distinct ${ident(name)} from e where ${ident(name)} is not null))`,
    );
    codeJoins.push(sql`left join ${codes} using (${ident(name)})`);
    selected.push(sql`coalesce(${ident(`${name}_code`)}, -1)::integer`);
  }
  const caseIds = dictionaries.get("c") as string[];
  const activityNames = dictionaries.get("a") as string[];
  const resourceNames = dictionaries.get("r") ?? [];
  const roleNames = dictionaries.get("ro") ?? [];
  const lifecycleNames = dictionaries.get("l") ?? [];

  const offsets: number[] = [];
  const activity = new Column((n) => new Int32Array(n));
  const times = new Column((n) => new Float64Array(n));
  const starts = config.startTimestamp || merge ? new Column((n) => new Float64Array(n)) : null;
  const resource = config.resource ? new Column((n) => new Int32Array(n)) : null;
  const role = config.role ? new Column((n) => new Int32Array(n)) : null;
  const offset = options.localTime ? new Column((n) => new Int16Array(n)) : null;
  const lifecycle: string[] = [];
  let n = 0;
  let lastCase = -1;
  await store.scanNumbers(
    sql`with e as (${events}), ${join(codeTables)}
        select ${join(selected)}, t::double,
          ${config.startTimestamp ? sql`coalesce(s, 'NaN'::double)` : sql`'NaN'::double`},
          ${options.localTime ? sql`coalesce(o, 0)::integer` : sql`0`}
        from e ${join(codeJoins, " ")} order by c_code, t, rid`,
    (cols, rows) => {
      const need = n + rows;
      activity.ensure(need);
      times.ensure(need);
      starts?.ensure(need);
      resource?.ensure(need);
      role?.ensure(need);
      offset?.ensure(need);
      const [cases, acts, res, rls, lcs, ts, ss, os] = cols as ArrayLike<number>[] as [
        ArrayLike<number>,
        ArrayLike<number>,
        ArrayLike<number>,
        ArrayLike<number>,
        ArrayLike<number>,
        ArrayLike<number>,
        ArrayLike<number>,
        ArrayLike<number>,
      ];
      for (let i = 0; i < rows; i++) {
        const c = cases[i] as number;
        if (c !== lastCase) {
          // Cases come in code order, so case c's events start here.
          offsets.push(n + i);
          lastCase = c;
        }
      }
      activity.data.set(acts, n);
      times.data.set(ts, n);
      starts?.data.set(ss, n);
      resource?.data.set(res, n);
      role?.data.set(rls, n);
      offset?.data.set(os, n);
      if (lifecycleNames.length) {
        for (let i = 0; i < rows; i++) {
          const l = lcs[i] as number;
          lifecycle.push(l < 0 ? "complete" : (lifecycleNames[l] as string));
        }
      }
      n += rows;
    },
  );
  offsets.push(n);
  const skipped = Number((await store.value(sql`select count(*) from ${table} where not (${present})`)) ?? 0);
  const log: EventLog = {
    name: config.name,
    timeZone,
    activities: activityNames,
    caseIds,
    caseOffsets: Int32Array.from(offsets),
    activity: activity.trimmed(n),
    time: times.trimmed(n),
    start: starts ? starts.trimmed(n) : null,
    resources: resourceNames,
    resource: resource ? resource.trimmed(n) : null,
    roles: roleNames,
    role: role ? role.trimmed(n) : null,
    localOffset: offset ? offset.trimmed(n) : null,
    skipped,
  };
  return merge ? mergeLifecycle(log, lifecycle) : log;
}

/**
 * Pairs each `complete` event with the earliest open `start` of the same activity in its case into
 * one activity instance that started at the start and ended at the completion (as PM4Py's
 * interval conversion pairs them). A completion without a start has no start time; a start that never
 * completes (work still open when the log was cut) and other transitions (schedule, assign,
 * suspend…) are left out.
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
  const events = Int32Array.from(index);
  return {
    ...log,
    caseIds,
    caseOffsets: Int32Array.from(offsets),
    activity: pick(log.activity, events) as Int32Array,
    time: pick(log.time, events) as Float64Array,
    start: Float64Array.from(startOf),
    resource: pick(log.resource, events),
    role: pick(log.role, events),
    localOffset: pick(log.localOffset, events),
  };
}
