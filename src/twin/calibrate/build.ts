import { zoneOffsetMinutes } from "../../core/time-zone.js";
/**
 * Builds a twin model from an event log: arrivals (rate calendar and inter-arrival shape), resource pools
 * with their working calendars, each activity's processing-time distribution, and the routing from the
 * process tree the Inductive Miner (IMf) discovers, with probabilities counted from the log.
 */
import { traceLog } from "../../mining/analysis/variants.js";
import { discoverProcessTree, formatProcessTree } from "../../mining/discovery/index.js";
import type { EventLog } from "../../mining/index.js";
import {
  type Activity,
  type Distribution as ModelDistribution,
  type ResourcePool,
  type TIME_UNITS,
  type TwinModel,
  validateModel,
} from "../model/index.js";
import { localWeekHour } from "../validate/measures.js";
import {
  alwaysWorking,
  arrivalRates,
  HOUR_MS,
  rateWindows,
  shiftsFromCapacity,
  slotOf,
  type WeekSlots,
  workingSlots,
  workingTime,
} from "./calendar.js";
import { type Distribution, type DistributionFit, type FitOptions, fitDistribution } from "./fit.js";
import { type FlowCounts, flowFromTree } from "./flow.js";

export type TimeUnit = (typeof TIME_UNITS)[number];

export interface CalibrateOptions {
  /** Model name (default the log's name). */
  name?: string;
  /** Unit of the model's times (default minute). */
  timeUnit?: TimeUnit;
  /** IMf noise threshold (default 0.2). */
  noise?: number;
  fit?: FitOptions;
}

export interface ActivityFit {
  activity: string;
  pool: string | null;
  distribution: ModelDistribution["dist"];
  /** Wasserstein-1 distance between the processing times and the fitted distribution, in the time unit. */
  wasserstein: number;
  ks: number;
  n: number;
  /** Mean and standard deviation of the processing times, in the time unit. */
  mean: number;
  sd: number;
}

export interface PoolSummary {
  name: string;
  capacity: number;
  resources: string[];
  activities: string[];
  /** Working weekdays (mon…sun) and hours of the day (0–23). */
  days: string[];
  hours: number[];
}

export interface TwinCalibration {
  model: TwinModel;
  fit: ActivityFit[];
  arrivals: {
    cases: number;
    calendar: NonNullable<TwinModel["arrivals"]["calendar"]>;
    interarrival: {
      distribution: ModelDistribution["dist"];
      wasserstein: number;
      ks: number;
      n: number;
      mean: number;
    };
  };
  pools: PoolSummary[];
  processingTime: {
    method: "start-to-end" | "enabled-time";
    description: string;
  };
  processTree: string;
}

const DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
/** Fewest events of a resource for its own working calendar. */
const MIN_CALENDAR_EVENTS = 30;
const UNIT_MS: Record<TimeUnit, number> = { second: 1000, minute: 60_000, hour: HOUR_MS };

function startOf(log: EventLog, e: number): number {
  const s = log.start ? (log.start[e] as number) : Number.NaN;
  return Number.isNaN(s) ? (log.time[e] as number) : s;
}

/** The model file's form of a fitted distribution (the normal is truncated at 0 by resampling). */
export function toModelDistribution(d: Distribution): ModelDistribution {
  const r = (x: number) => Number(x.toPrecision(6));
  switch (d.dist) {
    case "fixed":
      return { dist: "fixed", value: r(d.value) };
    case "exponential":
      return { dist: "exponential", mean: r(d.mean) };
    case "normal":
      return { dist: "normal", mean: r(d.mean), sd: r(d.sd), min: 0 };
    case "lognormal":
      return { dist: "lognormal", mu: r(d.mu), sigma: r(d.sigma) };
    case "gamma":
      return { dist: "gamma", shape: r(d.shape), scale: r(d.scale) };
    case "uniform":
      return { dist: "uniform", min: r(d.min), max: r(d.max) };
    case "triangular":
      return { dist: "triangular", min: r(d.min), mode: r(d.mode), max: r(d.max) };
    case "empirical":
      return { dist: "empirical", values: d.values.map(r) };
  }
}

interface Pools {
  summaries: PoolSummary[];
  /** Pool index of each activity code, −1 for none. */
  ofActivity: Int32Array;
  /** Pool index of each resource code, −1 for none. */
  ofResource: Int32Array;
}

/** Groups resources: by role when the log has one, else by the activities they perform. */
function groupResources(log: EventLog): { names: string[]; ofResource: Int32Array } {
  const R = log.resources.length;
  const ofResource = new Int32Array(R).fill(-1);
  const res = log.resource;
  if (!res) return { names: [], ofResource };
  if (log.role) {
    // Each resource joins the role it has on most of its events.
    const votes = new Map<number, Map<number, number>>();
    for (let e = 0; e < res.length; e++) {
      const r = res[e] as number;
      const role = log.role[e] as number;
      if (r < 0 || role < 0) continue;
      let v = votes.get(r);
      if (!v) {
        v = new Map();
        votes.set(r, v);
      }
      v.set(role, (v.get(role) ?? 0) + 1);
    }
    const names: string[] = [];
    const index = new Map<number, number>();
    for (const [r, v] of [...votes].sort((a, b) => a[0] - b[0])) {
      const role = [...v].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] as number;
      let p = index.get(role);
      if (p === undefined) {
        p = names.length;
        index.set(role, p);
        names.push(log.roles[role] as string);
      }
      ofResource[r] = p;
    }
    return { names, ofResource };
  }
  // No roles: resources whose activity sets overlap (Jaccard ≥ ½) with a group's join it, busiest first.
  const sets: Set<number>[] = Array.from({ length: R }, () => new Set<number>());
  const load = new Float64Array(R);
  for (let e = 0; e < res.length; e++) {
    const r = res[e] as number;
    if (r < 0) continue;
    sets[r]?.add(log.activity[e] as number);
    load[r] = (load[r] as number) + 1;
  }
  const order = [...Array(R).keys()]
    .filter((r) => (load[r] as number) > 0)
    .sort((a, b) => (load[b] as number) - (load[a] as number));
  const groups: Set<number>[] = [];
  for (const r of order) {
    const mine = sets[r] as Set<number>;
    let joined = -1;
    for (let g = 0; g < groups.length; g++) {
      const theirs = groups[g] as Set<number>;
      let both = 0;
      for (const a of mine) if (theirs.has(a)) both++;
      if (both / (mine.size + theirs.size - both) >= 0.5) {
        joined = g;
        break;
      }
    }
    if (joined < 0) {
      joined = groups.length;
      groups.push(new Set(mine));
    } else for (const a of mine) groups[joined]?.add(a);
    ofResource[r] = joined;
  }
  // Name each group after the activity its members perform most.
  const perGroup = groups.map(() => new Map<number, number>());
  for (let e = 0; e < res.length; e++) {
    const g = ofResource[res[e] as number];
    if (g === undefined || g < 0) continue;
    const m = perGroup[g] as Map<number, number>;
    m.set(log.activity[e] as number, (m.get(log.activity[e] as number) ?? 0) + 1);
  }
  const used = new Set<string>();
  const names = perGroup.map((m, g) => {
    const top = [...m].sort((a, b) => b[1] - a[1])[0]?.[0];
    let name = top === undefined ? `pool ${g + 1}` : `${log.activities[top]} team`;
    while (used.has(name)) name = `${name} ${g + 1}`;
    used.add(name);
    return name;
  });
  return { names, ofResource };
}

function buildPools(log: EventLog): Pools {
  const { names, ofResource } = groupResources(log);
  const A = log.activities.length;
  const ofActivity = new Int32Array(A).fill(-1);
  const res = log.resource;
  const members = names.map(() => [] as string[]);
  ofResource.forEach((p, r) => {
    if (p >= 0) members[p]?.push(log.resources[r] as string);
  });
  if (res) {
    // Each activity goes to the pool that performs most of its events.
    const votes = Array.from({ length: A }, () => new Float64Array(names.length));
    for (let e = 0; e < res.length; e++) {
      const r = res[e] as number;
      const p = r >= 0 ? (ofResource[r] as number) : -1;
      if (p < 0) continue;
      const v = votes[log.activity[e] as number] as Float64Array;
      v[p] = (v[p] as number) + 1;
    }
    votes.forEach((v, a) => {
      let best = -1;
      for (let p = 0; p < v.length; p++)
        if ((v[p] as number) > 0 && (best < 0 || (v[p] as number) > (v[best] as number))) best = p;
      ofActivity[a] = best;
    });
  }
  const summaries: PoolSummary[] = names.map((name, p) => ({
    name,
    capacity: members[p]?.length ?? 0,
    resources: members[p] ?? [],
    activities: log.activities.filter((_, a) => ofActivity[a] === p),
    days: [],
    hours: [],
  }));
  return { summaries, ofActivity, ofResource };
}

/**
 * Start of each event for its processing time: the recorded start, or (without one) the "enabled
 * time" estimate: the later of the case's previous completion and the resource's previous completion.
 */
function processingStarts(log: EventLog): {
  starts: Float64Array;
  method: TwinCalibration["processingTime"]["method"];
} {
  const n = log.time.length;
  const starts = new Float64Array(n);
  let recorded = 0;
  for (let e = 0; e < n; e++) if (log.start && !Number.isNaN(log.start[e] as number)) recorded++;
  if (recorded >= n * 0.5) {
    for (let e = 0; e < n; e++) starts[e] = startOf(log, e);
    return { starts, method: "start-to-end" };
  }
  const cases = log.caseOffsets.length - 1;
  for (let c = 0; c < cases; c++) {
    const from = log.caseOffsets[c] as number;
    for (let e = from; e < (log.caseOffsets[c + 1] as number); e++) {
      starts[e] = e > from ? (log.time[e - 1] as number) : (log.time[e] as number);
    }
  }
  const res = log.resource;
  if (res) {
    const order = [...Array(n).keys()].sort((a, b) => (log.time[a] as number) - (log.time[b] as number));
    const lastDone = new Map<number, number>();
    for (const e of order) {
      const r = res[e] as number;
      if (r < 0) continue;
      const prev = lastDone.get(r);
      if (prev !== undefined && prev > (starts[e] as number) && prev <= (log.time[e] as number))
        starts[e] = prev;
      lastDone.set(r, log.time[e] as number);
    }
  }
  return { starts, method: "enabled-time" };
}

/** Builds the model from a log. */
export function calibrateTwin(log: EventLog, options: CalibrateOptions = {}): TwinCalibration {
  const unit = options.timeUnit ?? "minute";
  const toUnit = 1 / UNIT_MS[unit];
  const at = localWeekHour(log.timeZone);
  const cases = log.caseOffsets.length - 1;
  const nEvents = log.time.length;

  // Arrivals: first start of each case.
  const caseStarts = new Float64Array(cases);
  for (let c = 0; c < cases; c++) {
    let first = Number.POSITIVE_INFINITY;
    for (let e = log.caseOffsets[c] as number; e < (log.caseOffsets[c + 1] as number); e++)
      first = Math.min(first, startOf(log, e));
    caseStarts[c] = first;
  }
  const sortedStarts = Float64Array.from(caseStarts).sort();
  const rates = arrivalRates(sortedStarts, log.timeZone);
  const calendar = rateWindows(rates);
  const arrivalSlots: WeekSlots = Uint8Array.from(rates, (r) => (r > 0 ? 1 : 0));
  const gaps: number[] = [];
  for (let i = 1; i < sortedStarts.length; i++) {
    gaps.push(
      workingTime(arrivalSlots, at, sortedStarts[i - 1] as number, sortedStarts[i] as number) * toUnit,
    );
  }
  const gapFit = fitDistribution(gaps, options.fit);

  // Pools and their calendars.
  const pools = buildPools(log);
  const { starts, method } = processingStarts(log);
  const poolStarts = pools.summaries.map(() => [] as number[]);
  const res = log.resource;
  if (res) {
    for (let e = 0; e < nEvents; e++) {
      const r = res[e] as number;
      const p = r >= 0 ? (pools.ofResource[r] as number) : -1;
      if (p >= 0) poolStarts[p]?.push(starts[e] as number);
    }
  }
  const poolSlots: WeekSlots[] = pools.summaries.map((pool, p) => {
    const w = workingSlots(poolStarts[p] as number[], log.timeZone);
    pool.days = w.days.map((d) => DAY_NAMES[d] as string);
    pool.hours = w.hours;
    return w.slots;
  });
  // Each resource's own calendar when it has enough events to tell, else its pool's.
  const resourceStarts = log.resources.map(() => [] as number[]);
  if (res) {
    for (let e = 0; e < nEvents; e++) {
      const r = res[e] as number;
      if (r >= 0) resourceStarts[r]?.push(starts[e] as number);
    }
  }
  const resourceSlots: (WeekSlots | undefined)[] = resourceStarts.map((list, r) => {
    const p = pools.ofResource[r] as number;
    if (list.length >= MIN_CALENDAR_EVENTS) return workingSlots(list, log.timeZone).slots;
    return p >= 0 ? poolSlots[p] : undefined;
  });
  const poolCapacity = pools.summaries.map(() => new Float64Array(168));
  resourceSlots.forEach((slots, r) => {
    const p = pools.ofResource[r] as number;
    if (!slots || p < 0) return;
    const cap = poolCapacity[p] as Float64Array;
    for (let k = 0; k < 168; k++) cap[k] = (cap[k] as number) + (slots[k] as number);
  });

  // Processing times, counting only the working hours of the resource (or the activity's pool).
  const samples = log.activities.map(() => [] as number[]);
  for (let e = 0; e < nEvents; e++) {
    const a = log.activity[e] as number;
    const r = res ? (res[e] as number) : -1;
    const p = pools.ofActivity[a] as number;
    const from = starts[e] as number;
    const to = log.time[e] as number;
    let d = to - from;
    const slots = r >= 0 ? resourceSlots[r] : p >= 0 ? poolSlots[p] : undefined;
    if (slots && !alwaysWorking(slots) && d > 0 && slots[slotOf(at, from)])
      d = workingTime(slots, at, from, to);
    samples[a]?.push(Math.max(0, d) * toUnit);
  }
  const fits: DistributionFit[] = samples.map((s) => fitDistribution(s, options.fit));

  const resources: Record<string, ResourcePool> = {};
  pools.summaries.forEach((pool, p) => {
    const cap = poolCapacity[p] as Float64Array;
    resources[pool.name] = cap.every((c) => c === pool.capacity)
      ? { capacity: pool.capacity }
      : { capacity: 0, shifts: shiftsFromCapacity(cap) };
  });
  const activities: Activity[] = log.activities.map((name, a) => {
    const p = pools.ofActivity[a] as number;
    const fit = fits[a] as DistributionFit;
    return {
      name,
      ...(p >= 0 ? { resource: pools.summaries[p]?.name as string } : {}),
      duration: toModelDistribution(fit.distribution),
    };
  });

  // Routing.
  const tree = discoverProcessTree(traceLog(log), { variant: "imf", noise: options.noise ?? 0.2 });
  const events = new Map<string, number>();
  const maxPerCase = new Map<string, number>();
  const perCase = new Map<number, number>();
  for (let c = 0; c < cases; c++) {
    perCase.clear();
    for (let e = log.caseOffsets[c] as number; e < (log.caseOffsets[c + 1] as number); e++) {
      const a = log.activity[e] as number;
      perCase.set(a, (perCase.get(a) ?? 0) + 1);
    }
    for (const [a, k] of perCase) {
      const name = log.activities[a] as string;
      events.set(name, (events.get(name) ?? 0) + k);
      maxPerCase.set(name, Math.max(maxPerCase.get(name) ?? 0, k));
    }
  }
  const counts: FlowCounts = {
    events,
    maxPerCase,
    cases,
    casesWith: (names) => {
      const codes = new Set<number>();
      log.activities.forEach((n, a) => {
        if (names.has(n)) codes.add(a);
      });
      let touched = 0;
      for (let c = 0; c < cases; c++) {
        for (let e = log.caseOffsets[c] as number; e < (log.caseOffsets[c + 1] as number); e++) {
          if (codes.has(log.activity[e] as number)) {
            touched++;
            break;
          }
        }
      }
      return touched;
    },
  };
  const flow = flowFromTree(tree, counts);

  const first = sortedStarts[0] ?? 0;
  const model = validateModel(
    {
      name: options.name ?? log.name,
      description: `Calibrated from ${cases.toLocaleString("en")} cases of ${log.name}.`,
      timeUnit: unit,
      start: localIso(first, log.timeZone),
      timeZone: log.timeZone,
      arrivals: {
        interarrival: toModelDistribution(gapFit.distribution),
        calendar,
      },
      resources,
      activities,
      flow,
    },
    "calibrated model",
  );

  return {
    model,
    fit: log.activities.map((activity, a) => {
      const f = fits[a] as DistributionFit;
      const p = pools.ofActivity[a] as number;
      return {
        activity,
        pool: p >= 0 ? (pools.summaries[p]?.name ?? null) : null,
        distribution: f.distribution.dist,
        wasserstein: f.wasserstein,
        ks: f.ks,
        n: f.n,
        mean: f.mean,
        sd: f.sd,
      };
    }),
    arrivals: {
      cases,
      calendar,
      interarrival: {
        distribution: gapFit.distribution.dist,
        wasserstein: gapFit.wasserstein,
        ks: gapFit.ks,
        n: gapFit.n,
        mean: gapFit.mean,
      },
    },
    pools: pools.summaries,
    processingTime: {
      method,
      description:
        method === "start-to-end"
          ? "Processing time is end minus start, counting only the working hours of the activity's pool."
          : "The log has no start times: each event starts at the later of the case's previous completion and its resource's previous completion (its enabled time, or when the resource became free); processing time is from there to its end, counting only the pool's working hours.",
    },
    processTree: formatProcessTree(tree),
  };
}

/** Local date-time (no offset) of an instant in a zone, to the minute: `2023-02-09T08:00:00`. */
export function localIso(t: number, timeZone: string): string {
  return new Date(t + zoneOffsetMinutes(t, timeZone) * 60_000).toISOString().slice(0, 19);
}
