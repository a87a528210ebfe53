/**
 * Compiles a model into a flat program the kernel interprets: flow steps become instructions
 * (activity, choice, fork, loop test, jump, end) in typed arrays; distributions become samplers;
 * calendars become weekly step functions.
 */
import type { FlowStep, TwinModel } from "../model/index.js";
import {
  addWindow,
  DEFAULT_START,
  MINUTES_PER_UNIT,
  MINUTES_PER_WEEK,
  minuteOfWeek,
  toInstant,
  toSteps,
  type WeeklySteps,
} from "./calendar.js";
import { distributionMean, makeSampler, type Sampler } from "./samplers.js";

export const OP_ACTIVITY = 0;
export const OP_CHOICE = 1;
export const OP_FORK = 2;
export const OP_LOOP = 3;
export const OP_GOTO = 4;
export const OP_END = 5;

export interface CompiledActivity {
  name: string;
  pool: number;
  sampler: Sampler | null;
  priority: number;
  stream: string;
}

export interface CompiledPool {
  name: string;
  /** Capacity by minute of the week, or null when it never changes. */
  steps: WeeklySteps | null;
  capacity: number;
  costPerHour: number;
  /** Activities in this pool have different priorities, so its queue is ordered by priority. */
  byPriority: boolean;
}

export interface CompiledArrivals {
  kind: "renewal" | "calendar" | "replay";
  /** Inter-arrival sampler (renewal), or the shape of gaps scaled to mean 1 (calendar). */
  sampler: Sampler | null;
  /** Arrivals per minute by minute of the week (calendar). */
  rate: WeeklySteps | null;
  /** Arrival times in the time unit (replay), sorted. */
  replay: Float64Array | null;
}

export interface Program {
  model: TwinModel;
  minutesPerUnit: number;
  /** Instant of time 0 (ms since epoch) and its minute of the week. */
  startMs: number;
  startMinuteOfWeek: number;
  ops: Int32Array;
  arg0: Int32Array;
  arg1: Int32Array;
  activities: CompiledActivity[];
  pools: CompiledPool[];
  choices: { cumulative: Float64Array; targets: Int32Array; stream: string }[];
  forks: { starts: Int32Array }[];
  loops: { p: number; max: number; stream: string }[];
  arrivals: CompiledArrivals;
}

export const DEFAULT_LOOP_MAX = 10;

export function compileModel(model: TwinModel): Program {
  const timeZone = model.timeZone ?? "UTC";
  const startMs = toInstant(model.start ?? DEFAULT_START, timeZone);
  const minutesPerUnit = MINUTES_PER_UNIT[model.timeUnit];

  const poolNames = Object.keys(model.resources);
  const pools: CompiledPool[] = poolNames.map((name) => {
    const pool = model.resources[name] ?? {};
    const base = pool.capacity ?? 0;
    let steps: WeeklySteps | null = null;
    if (pool.shifts && pool.shifts.length > 0) {
      const profile = new Float64Array(MINUTES_PER_WEEK).fill(base);
      for (const shift of pool.shifts) addWindow(profile, shift, shift.capacity);
      steps = toSteps(profile);
      if (steps.starts.length === 1) steps = null;
    }
    const priorities = new Set(
      model.activities.filter((a) => a.resource === name).map((a) => a.priority ?? 0),
    );
    return {
      name,
      steps,
      capacity: base,
      costPerHour: pool.costPerHour ?? 0,
      byPriority: priorities.size > 1,
    };
  });

  const activityIndex = new Map(model.activities.map((a, i) => [a.name, i]));
  const activities: CompiledActivity[] = model.activities.map((a) => ({
    name: a.name,
    pool: a.resource === undefined ? -1 : poolNames.indexOf(a.resource),
    sampler: a.duration ? makeSampler(a.duration, { floorAtZero: true }) : null,
    priority: a.priority ?? 0,
    stream: `activity:${a.name}`,
  }));

  const ops: number[] = [];
  const arg0: number[] = [];
  const arg1: number[] = [];
  const choices: Program["choices"] = [];
  const forks: Program["forks"] = [];
  const loops: Program["loops"] = [];
  const emit = (op: number, a = 0, b = 0): number => {
    ops.push(op);
    arg0.push(a);
    arg1.push(b);
    return ops.length - 1;
  };
  const compileFlow = (flow: FlowStep[], path: string): void => {
    flow.forEach((step, i) => {
      const here = `${path}.${i}`;
      if (typeof step === "string") {
        emit(OP_ACTIVITY, activityIndex.get(step) ?? 0);
      } else if ("choice" in step) {
        const index = choices.length;
        const cumulative = new Float64Array(step.choice.length);
        const targets = new Int32Array(step.choice.length);
        choices.push({ cumulative, targets, stream: `choice:${step.name ?? here}` });
        let total = 0;
        step.choice.forEach((b, j) => {
          total += b.p;
          cumulative[j] = total;
        });
        cumulative[step.choice.length - 1] = Number.POSITIVE_INFINITY;
        emit(OP_CHOICE, index);
        const jumps: number[] = [];
        step.choice.forEach((b, j) => {
          targets[j] = ops.length;
          compileFlow(b.flow, `${here}.${j}`);
          jumps.push(emit(OP_GOTO));
        });
        for (const jump of jumps) arg0[jump] = ops.length;
      } else if ("parallel" in step) {
        const index = forks.length;
        const starts = new Int32Array(step.parallel.length);
        forks.push({ starts });
        const fork = emit(OP_FORK, index);
        step.parallel.forEach((b, j) => {
          starts[j] = ops.length;
          compileFlow(b, `${here}.${j}`);
          emit(OP_END);
        });
        arg1[fork] = ops.length;
      } else {
        const index = loops.length;
        loops.push({
          p: step.repeatProbability,
          max: step.max ?? DEFAULT_LOOP_MAX,
          stream: `loop:${step.name ?? here}`,
        });
        const test = emit(OP_LOOP, index);
        compileFlow(step.loop, here);
        emit(OP_GOTO, test);
        arg1[test] = ops.length;
      }
    });
  };
  compileFlow(model.flow, "flow");
  emit(OP_END);

  return {
    model,
    minutesPerUnit,
    startMs,
    startMinuteOfWeek: minuteOfWeek(startMs, timeZone),
    ops: Int32Array.from(ops),
    arg0: Int32Array.from(arg0),
    arg1: Int32Array.from(arg1),
    activities,
    pools,
    choices,
    forks,
    loops,
    arrivals: compileArrivals(model, startMs, timeZone, minutesPerUnit),
  };
}

function compileArrivals(
  model: TwinModel,
  startMs: number,
  timeZone: string,
  minutesPerUnit: number,
): CompiledArrivals {
  const a = model.arrivals;
  if (a.replay) {
    const times = a.replay.map((t) =>
      typeof t === "number" ? t : (toInstant(t, timeZone) - startMs) / 60000 / minutesPerUnit,
    );
    return { kind: "replay", sampler: null, rate: null, replay: Float64Array.from(times).sort() };
  }
  if (a.calendar) {
    const profile = new Float64Array(MINUTES_PER_WEEK);
    for (const w of a.calendar) addWindow(profile, w, w.perHour / 60);
    const shape = a.interarrival
      ? makeSampler(a.interarrival, { scale: 1 / distributionMean(a.interarrival) })
      : null;
    return { kind: "calendar", sampler: shape, rate: toSteps(profile), replay: null };
  }
  if (!a.interarrival) throw new Error("arrivals need interarrival, calendar or replay");
  return { kind: "renewal", sampler: makeSampler(a.interarrival), rate: null, replay: null };
}
