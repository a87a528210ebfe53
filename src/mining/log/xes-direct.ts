import { basename } from "node:path";
import { zoneOffsetReader } from "../../core/time-zone.js";
import { readXes } from "../../ingest/xes/index.js";
import type { EventLog } from "./event-log.js";

/** Compares strings by code point, as the store orders text. */
function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * Reads an XES file straight into an event log in memory, with what the store would give for its
 * event log: cases in case-id order, each case's events by completion time and then by their place
 * in the file, `org:resource` as resource and `start_timestamp` as start time. Used when a command on
 * a file needs no filter that the store answers (attribute conditions, time windows).
 */
export async function readXesEventLog(
  path: string,
  options: { timeZone: string; localTime?: boolean },
): Promise<EventLog> {
  // Events in file order, column by column; each case lists its events' positions.
  const cases = new Map<string, number[]>();
  const names: string[] = [];
  const times: number[] = [];
  const starts: number[] = [];
  const doers: (string | null)[] = [];
  let skipped = 0;
  let hasStart = false;
  let hasResource = false;
  for await (const trace of readXes(path, { fileName: basename(path), timeZone: options.timeZone })) {
    const id = trace.caseId === null ? "" : String(trace.caseId);
    let events = cases.get(id);
    if (!events) {
      events = [];
      cases.set(id, events);
    }
    for (const event of trace.events) {
      if (event.timestamp === null || event.activity === null) {
        skipped++;
        continue;
      }
      let start = Number.NaN;
      let resource: string | null = null;
      for (const attribute of event.attributes) {
        if (attribute.key === "start_timestamp" && attribute.type === "date" && attribute.value !== null) {
          start = (attribute.value as number) / 1000;
          hasStart = true;
        } else if (attribute.key === "org:resource" && attribute.value !== null) {
          resource = String(attribute.value);
          hasResource = true;
        }
      }
      events.push(names.length);
      names.push(String(event.activity));
      times.push(event.timestamp / 1000);
      starts.push(start);
      doers.push(resource);
    }
  }
  const ids = [...cases.keys()].filter((id) => (cases.get(id)?.length ?? 0) > 0).sort(byCodePoint);
  const total = names.length;
  // Names are coded in code-point order, as the store codes them.
  const activities = [...new Set(names)].sort(byCodePoint);
  const resources = [...new Set(doers.filter((r): r is string => r !== null))].sort(byCodePoint);
  const activityIndex = new Map(activities.map((name, i) => [name, i]));
  const resourceIndex = new Map(resources.map((name, i) => [name, i]));
  const activity = new Int32Array(total);
  const time = new Float64Array(total);
  const start = hasStart ? new Float64Array(total) : null;
  const resource = hasResource ? new Int32Array(total) : null;
  const caseOffsets = new Int32Array(ids.length + 1);
  let n = 0;
  ids.forEach((id, c) => {
    caseOffsets[c] = n;
    // By completion time; equal times keep the file's order.
    const events = (cases.get(id) as number[]).sort(
      (x, y) => (times[x] as number) - (times[y] as number) || x - y,
    );
    for (const e of events) {
      activity[n] = activityIndex.get(names[e] as string) as number;
      time[n] = times[e] as number;
      if (start) start[n] = starts[e] as number;
      if (resource) {
        const r = doers[e] as string | null;
        resource[n] = r === null ? -1 : (resourceIndex.get(r) as number);
      }
      n++;
    }
  });
  caseOffsets[ids.length] = n;
  let localOffset: Int16Array | null = null;
  if (options.localTime) {
    const offsetAt = zoneOffsetReader(options.timeZone);
    localOffset = Int16Array.from(time, (t) => offsetAt(t));
  }
  return {
    name: "events",
    timeZone: options.timeZone,
    activities,
    caseIds: ids,
    caseOffsets,
    activity,
    time,
    start,
    resources,
    resource,
    roles: [],
    role: null,
    localOffset,
    skipped,
  };
}
