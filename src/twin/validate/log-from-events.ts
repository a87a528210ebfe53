import type { EventLog } from "../../mining/index.js";

/** One event as a simulation (or a test) writes it: times in epoch milliseconds. */
export interface EventRecord {
  case: string;
  activity: string;
  /** Start time (NaN or left out when unknown). */
  start?: number;
  end: number;
  resource?: string;
}

/**
 * Builds a columnar event log from event records: cases in order of first appearance, each case's
 * events ordered by completion time (then start, then input order), as the mining loader orders them.
 */
export function eventLogFromEvents(
  events: readonly EventRecord[],
  name = "events",
  timeZone = "UTC",
): EventLog {
  const caseIndex = new Map<string, number>();
  const byCase: number[][] = [];
  events.forEach((ev, i) => {
    let c = caseIndex.get(ev.case);
    if (c === undefined) {
      c = byCase.length;
      caseIndex.set(ev.case, c);
      byCase.push([]);
    }
    byCase[c]?.push(i);
  });
  const activities: string[] = [];
  const activityIndex = new Map<string, number>();
  const resources: string[] = [];
  const resourceIndex = new Map<string, number>();
  const n = events.length;
  const activity = new Int32Array(n);
  const time = new Float64Array(n);
  const start = new Float64Array(n);
  const resource = new Int32Array(n);
  const caseOffsets = new Int32Array(byCase.length + 1);
  let hasStart = false;
  let hasResource = false;
  let k = 0;
  byCase.forEach((list, c) => {
    caseOffsets[c] = k;
    list.sort((x, y) => {
      const a = events[x] as EventRecord;
      const b = events[y] as EventRecord;
      return a.end - b.end || (a.start ?? a.end) - (b.start ?? b.end) || x - y;
    });
    for (const i of list) {
      const ev = events[i] as EventRecord;
      let a = activityIndex.get(ev.activity);
      if (a === undefined) {
        a = activities.length;
        activities.push(ev.activity);
        activityIndex.set(ev.activity, a);
      }
      activity[k] = a;
      time[k] = ev.end;
      const s = ev.start ?? Number.NaN;
      start[k] = s;
      if (!Number.isNaN(s)) hasStart = true;
      if (ev.resource !== undefined) {
        hasResource = true;
        let r = resourceIndex.get(ev.resource);
        if (r === undefined) {
          r = resources.length;
          resources.push(ev.resource);
          resourceIndex.set(ev.resource, r);
        }
        resource[k] = r;
      } else resource[k] = -1;
      k++;
    }
  });
  caseOffsets[byCase.length] = k;
  return {
    name,
    timeZone,
    activities,
    caseIds: [...caseIndex.keys()],
    caseOffsets,
    activity,
    time,
    start: hasStart ? start : null,
    resources,
    resource: hasResource ? resource : null,
    roles: [],
    role: null,
    localOffset: null,
    skipped: 0,
  };
}
