/**
 * An event log held in memory in columns: the form every mining algorithm reads. Events are grouped
 * by case and ordered by completion time, then by their place in the dataset (PM4Py's order).
 */

export interface EventLog {
  name: string;
  /** IANA zone of the business; local weekdays and hours are read in it. */
  timeZone: string;
  /** Activity names; `activity` holds indexes into it. */
  activities: string[];
  /** Case ids in the order of `caseOffsets`. */
  caseIds: string[];
  /** Events of case c are `caseOffsets[c]` up to (not including) `caseOffsets[c + 1]`. */
  caseOffsets: Int32Array;
  activity: Int32Array;
  /** Completion time of each event, epoch milliseconds. */
  time: Float64Array;
  /** Start time of each event, epoch milliseconds (NaN when unknown); null when the log has none. */
  start: Float64Array | null;
  resources: string[];
  /** Index into `resources`, −1 when the event has none; null when the log has no resource column. */
  resource: Int32Array | null;
  roles: string[];
  role: Int32Array | null;
  /** Local time minus UTC at each event's completion, in minutes; loaded when asked for. */
  localOffset: Int16Array | null;
  /** Rows left out because their case, activity or time was empty. */
  skipped: number;
}

export function caseCount(log: EventLog): number {
  return log.caseOffsets.length - 1;
}

export function eventCount(log: EventLog): number {
  return log.activity.length;
}

/** Keeps the cases `keep` accepts; events stay in order. */
export function selectCases(log: EventLog, keep: (c: number) => boolean): EventLog {
  const cases = caseCount(log);
  const kept: number[] = [];
  let events = 0;
  for (let c = 0; c < cases; c++) {
    if (!keep(c)) continue;
    kept.push(c);
    events += (log.caseOffsets[c + 1] as number) - (log.caseOffsets[c] as number);
  }
  if (kept.length === cases) return log;
  const index = new Int32Array(events);
  const offsets = new Int32Array(kept.length + 1);
  let n = 0;
  kept.forEach((c, i) => {
    offsets[i] = n;
    for (let e = log.caseOffsets[c] as number; e < (log.caseOffsets[c + 1] as number); e++) index[n++] = e;
  });
  offsets[kept.length] = n;
  return rebuild(
    log,
    index,
    offsets,
    kept.map((c) => log.caseIds[c] as string),
  );
}

/** Keeps the events `keep` accepts; cases left without events are dropped. */
export function selectEvents(log: EventLog, keep: (e: number) => boolean): EventLog {
  const cases = caseCount(log);
  const index: number[] = [];
  const offsets: number[] = [];
  const ids: string[] = [];
  for (let c = 0; c < cases; c++) {
    const before = index.length;
    for (let e = log.caseOffsets[c] as number; e < (log.caseOffsets[c + 1] as number); e++) {
      if (keep(e)) index.push(e);
    }
    if (index.length > before) {
      offsets.push(before);
      ids.push(log.caseIds[c] as string);
    }
  }
  if (index.length === eventCount(log)) return log;
  offsets.push(index.length);
  return rebuild(log, Int32Array.from(index), Int32Array.from(offsets), ids);
}

/** The values of a column at the given event indexes (null stays null). */
export function pick<T extends Int32Array | Float64Array | Int16Array>(
  column: T | null,
  index: Int32Array,
): T | null {
  if (!column) return null;
  const out = new (column.constructor as new (n: number) => T)(index.length);
  for (let i = 0; i < index.length; i++) out[i] = column[index[i] as number] as number;
  return out;
}

function rebuild(log: EventLog, index: Int32Array, caseOffsets: Int32Array, caseIds: string[]): EventLog {
  return {
    ...log,
    caseIds,
    caseOffsets,
    activity: pick(log.activity, index) as Int32Array,
    time: pick(log.time, index) as Float64Array,
    start: pick(log.start, index),
    resource: pick(log.resource, index),
    role: pick(log.role, index),
    localOffset: pick(log.localOffset, index),
  };
}
