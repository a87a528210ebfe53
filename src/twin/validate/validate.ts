/**
 * Validating a twin against a real log: the model is simulated from the log's first arrival for as many
 * cases as the log has, and each replication's simulated log is compared with the real one by Simod's
 * measures; the report gives each replication and their mean.
 */
import type { EventLog } from "../../mining/index.js";
import { localIso } from "../calibrate/build.js";
import type { TwinModel } from "../model/index.js";
import { type ActivityRecords, compileModel, type Program, runReplication } from "../sim/index.js";
import { type EventRecord, eventLogFromEvents } from "./log-from-events.js";
import { type LogDistances, measureLogDistances } from "./measures.js";

export interface ValidateOptions {
  /** Cases per replication (default: as many as the real log has). */
  cases?: number;
  /** Replications (default 5, as Simod's evaluation). */
  replications?: number;
  seed?: number;
  /**
   * Start the simulation at the real log's first arrival (default true), so the absolute-hour measure
   * compares the same weeks.
   */
  alignStart?: boolean;
}

export interface TwinValidation {
  cases: number;
  replications: number;
  start: string;
  /** Mean of each measure over the replications. */
  distances: LogDistances;
  perReplication: (LogDistances & { simulatedCases: number; simulatedEvents: number })[];
  seconds: number;
}

/** The simulated events of one replication as an event log (times as instants). */
export function simulatedLog(program: Program, records: ActivityRecords, timeZone: string): EventLog {
  const unitMs = program.minutesPerUnit * 60_000;
  const events: EventRecord[] = [];
  for (let i = 0; i < records.count; i++) {
    const activity = program.activities[records.activities[i] as number];
    events.push({
      case: String(records.caseIds[i]),
      activity: activity?.name ?? "",
      start: program.startMs + (records.starts[i] as number) * unitMs,
      end: program.startMs + (records.ends[i] as number) * unitMs,
    });
  }
  return eventLogFromEvents(events, `${program.model.name} (simulated)`, timeZone);
}

function firstStart(log: EventLog): number {
  let first = Number.POSITIVE_INFINITY;
  for (let e = 0; e < log.time.length; e++) {
    const s = log.start ? (log.start[e] as number) : Number.NaN;
    first = Math.min(first, Number.isNaN(s) ? (log.time[e] as number) : s);
  }
  return first;
}

/** Simulates `model` and compares it with `log` by the four measures. */
export function validateTwin(model: TwinModel, log: EventLog, options: ValidateOptions = {}): TwinValidation {
  const started = performance.now();
  const timeZone = model.timeZone ?? log.timeZone;
  const cases = options.cases ?? log.caseOffsets.length - 1;
  const replications = options.replications ?? 5;
  const start = options.alignStart === false ? model.start : localIso(firstStart(log), timeZone);
  const program = compileModel({ ...model, ...(start ? { start } : {}), timeZone });
  const perReplication: TwinValidation["perReplication"] = [];
  for (let r = 0; r < replications; r++) {
    const result = runReplication(program, { seed: options.seed ?? 1, replication: r, cases, log: true });
    if (!result.records) throw new Error("The simulation recorded no events.");
    const simulated = simulatedLog(program, result.records, timeZone);
    perReplication.push({
      ...measureLogDistances(log, simulated),
      simulatedCases: simulated.caseIds.length,
      simulatedEvents: simulated.time.length,
    });
  }
  const mean = (key: keyof LogDistances) => perReplication.reduce((s, d) => s + d[key], 0) / replications;
  return {
    cases,
    replications,
    start: start ?? "",
    distances: {
      cycleTimeEmd: mean("cycleTimeEmd"),
      absoluteHourEmd: mean("absoluteHourEmd"),
      circadianEmd: mean("circadianEmd"),
      nGramDistance: mean("nGramDistance"),
    },
    perReplication,
    seconds: (performance.now() - started) / 1000,
  };
}
