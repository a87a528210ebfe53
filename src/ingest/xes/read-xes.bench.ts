/**
 * Times reading a large XES log end to end (gunzip, decode, scan, build traces), in a fresh process:
 *
 *     node --import tsx src/ingest/xes/read-xes.bench.ts [path/to/log.xes.gz]
 *
 * The default log is the BPI Challenge 2012 log from the shared data folder next to the repo.
 */

import { resolve } from "node:path";
import { readXes } from "./read-xes.js";

const path =
  process.argv[2] ?? resolve(import.meta.dirname, "../../../../shared/data/eventlogs/bpic2012.xes.gz");
const started = performance.now();
let traces = 0;
let events = 0;
for await (const trace of readXes(path, { fileName: path, timeZone: "UTC" })) {
  traces++;
  events += trace.events.length;
}
const ms = performance.now() - started;
console.log(
  JSON.stringify({
    file: path,
    traces,
    events,
    ms: Math.round(ms),
    eventsPerSecond: Math.round(events / (ms / 1000)),
  }),
);
