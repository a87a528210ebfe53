/**
 * Replications and scenarios: runs the baseline model and each scenario R times with the same
 * seeds (common random numbers through the per-source streams), summarises every run, and compares
 * each scenario with the baseline by paired differences per replication with 95% t-intervals.
 */
import { type Progress, silentProgress } from "../core/index.js";
import type { TwinModel } from "./model/index.js";
import { applyScenario, type Scenario } from "./scenario/index.js";
import {
  type ActivityRecords,
  compileModel,
  MINUTES_PER_UNIT,
  mean,
  type Program,
  quantiles,
  type ReplicationResult,
  runReplication,
  tInterval95,
} from "./sim/index.js";

export const LIMITS = { cases: 2_000_000, replications: 100 } as const;

export interface SimulateOptions {
  /** Counted cases per replication (default: the model's `run.cases`, else 10,000). */
  cases?: number | undefined;
  warmup?: number | undefined;
  warmupTime?: number | undefined;
  horizon?: number | undefined;
  replications?: number | undefined;
  seed?: number | undefined;
  /** Keep the baseline's first replication as an event log. */
  log?: boolean | undefined;
  /** Give each scenario its own random numbers instead of the baseline's (for comparison only). */
  independentStreams?: boolean | undefined;
  progress?: Progress | undefined;
}

/** A time measure, in the model's time unit. */
export interface Stat {
  mean: number;
  p50: number;
  p90: number;
  ci95: [number, number];
}

export interface Estimate {
  mean: number;
  ci95: [number, number];
}

export interface ScenarioResult {
  name: string;
  description?: string;
  /** The scenario against the baseline in one sentence. */
  verdict?: string;
  cases: { counted: number; completed: number; unfinished: number };
  cycleTime: Stat;
  waitingTime: Stat;
  processingTime: Stat;
  throughputPerHour: Estimate;
  utilization: Record<string, Estimate>;
  cost: Estimate & { per: "case"; basis: "available" | "busy" };
  activities: { name: string; count: number; waitingTime: Stat; processingTime: Stat }[];
}

export interface Comparison {
  scenario: string;
  vs: "baseline";
  metric: string;
  difference: number;
  ci95: [number, number];
}

export interface SimulationReport {
  model: string;
  timeUnit: TwinModel["timeUnit"];
  replications: number;
  seed: number;
  cases: number | null;
  warmup: number;
  scenarios: ScenarioResult[];
  comparisons: Comparison[];
  eventsSimulated: number;
  eventsPerSecond: number;
}

export interface Simulation {
  report: SimulationReport;
  /** The baseline's first replication, for `--log`. */
  log: { program: Program; records: ActivityRecords } | null;
}

type Metrics = Map<string, number>;

function timeStats(values: Float64Array, prefix: string, out: Metrics): void {
  const [p50, p90] = quantiles(values, [0.5, 0.9]);
  out.set(`${prefix}.mean`, mean(values));
  out.set(`${prefix}.p50`, p50 ?? Number.NaN);
  out.set(`${prefix}.p90`, p90 ?? Number.NaN);
}

function metricsOf(program: Program, r: ReplicationResult): Metrics {
  const m: Metrics = new Map();
  timeStats(r.cycle, "cycleTime", m);
  timeStats(r.waiting, "waitingTime", m);
  timeStats(r.processing, "processingTime", m);
  m.set("throughputPerHour", r.throughputPerHour);
  m.set("cost", r.costPerCase);
  program.pools.forEach((pool, p) => {
    const available = r.poolAvailable[p] as number;
    m.set(`utilization.${pool.name}`, available > 0 ? (r.poolBusy[p] as number) / available : Number.NaN);
  });
  program.activities.forEach((activity, a) => {
    const w = r.activityWaiting[a] as Float64Array;
    m.set(`activities.${activity.name}.count`, w.length);
    timeStats(w, `activities.${activity.name}.waitingTime`, m);
    timeStats(r.activityProcessing[a] as Float64Array, `activities.${activity.name}.processingTime`, m);
  });
  m.set("cases.counted", r.counted);
  m.set("cases.completed", r.completed);
  m.set("cases.unfinished", r.counted - r.completed);
  return m;
}

function values(runs: Metrics[], key: string): number[] {
  return runs.map((m) => m.get(key) ?? Number.NaN).filter((v) => Number.isFinite(v));
}

function estimate(runs: Metrics[], key: string): Estimate {
  const v = values(runs, key);
  return { mean: v.length > 0 ? mean(v) : Number.NaN, ci95: tInterval95(v) };
}

function stat(runs: Metrics[], prefix: string): Stat {
  const e = estimate(runs, `${prefix}.mean`);
  return {
    mean: e.mean,
    p50: mean(values(runs, `${prefix}.p50`)),
    p90: mean(values(runs, `${prefix}.p90`)),
    ci95: e.ci95,
  };
}

function summarise(program: Program, name: string, runs: Metrics[], scenario?: Scenario): ScenarioResult {
  const sum = (key: string) => values(runs, key).reduce((s, v) => s + v, 0);
  return {
    name,
    ...(scenario?.description ? { description: scenario.description } : {}),
    cases: {
      counted: sum("cases.counted"),
      completed: sum("cases.completed"),
      unfinished: sum("cases.unfinished"),
    },
    cycleTime: stat(runs, "cycleTime"),
    waitingTime: stat(runs, "waitingTime"),
    processingTime: stat(runs, "processingTime"),
    throughputPerHour: estimate(runs, "throughputPerHour"),
    utilization: Object.fromEntries(
      program.pools.map((p) => [p.name, estimate(runs, `utilization.${p.name}`)]),
    ),
    cost: { ...estimate(runs, "cost"), per: "case", basis: program.model.costBasis },
    activities: program.activities.map((a) => ({
      name: a.name,
      count: sum(`activities.${a.name}.count`),
      waitingTime: stat(runs, `activities.${a.name}.waitingTime`),
      processingTime: stat(runs, `activities.${a.name}.processingTime`),
    })),
  };
}

/** Metrics compared between a scenario and the baseline. */
function comparedMetrics(program: Program): string[] {
  return [
    "cycleTime",
    "waitingTime",
    "processingTime",
    "throughputPerHour",
    "cost",
    ...program.pools.map((p) => `utilization.${p.name}`),
    ...program.activities.flatMap((a) => [
      `activities.${a.name}.waitingTime`,
      `activities.${a.name}.processingTime`,
    ]),
  ];
}

function metricKey(metric: string): string {
  return metric.startsWith("utilization.") || metric === "throughputPerHour" || metric === "cost"
    ? metric
    : `${metric}.mean`;
}

/** Paired differences (scenario − baseline) per replication, with their 95% t-interval. */
export function compareRuns(
  name: string,
  base: Metrics[],
  other: Metrics[],
  metrics: string[],
): Comparison[] {
  const out: Comparison[] = [];
  for (const metric of metrics) {
    const key = metricKey(metric);
    const diffs: number[] = [];
    for (let r = 0; r < Math.min(base.length, other.length); r++) {
      const d = (other[r]?.get(key) ?? Number.NaN) - (base[r]?.get(key) ?? Number.NaN);
      if (Number.isFinite(d)) diffs.push(d);
    }
    if (diffs.length === 0) continue;
    out.push({ scenario: name, vs: "baseline", metric, difference: mean(diffs), ci95: tInterval95(diffs) });
  }
  return out;
}

type Scale = { factor: number; suffix: string };

function scaleFor(minutes: number): Scale {
  if (minutes < 1) return { factor: 60, suffix: "s" };
  if (minutes < 120) return { factor: 1, suffix: "min" };
  return { factor: 1 / 60, suffix: "h" };
}

/** A duration in words: "42 s", "38 min", "3.2 h". */
export function formatTime(value: number, unit: TwinModel["timeUnit"], scale?: Scale): string {
  const minutes = Math.abs(value) * MINUTES_PER_UNIT[unit];
  const s = scale ?? scaleFor(minutes);
  return `${value < 0 ? "−" : ""}${round(minutes * s.factor)} ${s.suffix}`;
}

/** "38 min (95% CI 31–45 min)" with one unit for all three numbers. */
function withInterval(d: number, lo: number, hi: number, unit: TwinModel["timeUnit"]): string {
  const scale = scaleFor(Math.abs(d) * MINUTES_PER_UNIT[unit]);
  const bare = (x: number) => formatTime(x, unit, scale).replace(/ \S+$/, "");
  const range = lo >= 0 ? `${bare(lo)}–${bare(hi)}` : `${bare(lo)} to ${bare(hi)}`;
  return `${formatTime(d, unit, scale)} (95% CI ${range} ${scale.suffix})`;
}

function round(x: number): string {
  return x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toPrecision(2);
}

function label(metric: string): string {
  const m = /^activities\.(.+)\.(waitingTime|processingTime)$/.exec(metric);
  if (m) return m[2] === "waitingTime" ? `wait before ${m[1]}` : `time spent in ${m[1]}`;
  if (metric === "cycleTime") return "cycle time";
  if (metric === "waitingTime") return "waiting time per case";
  return "processing time per case";
}

/** One sentence: the biggest clear change in a waiting or cycle time, or that there is none. */
export function verdictOf(
  scenario: Scenario,
  comparisons: Comparison[],
  unit: TwinModel["timeUnit"],
): string {
  const who = scenario.description ?? `Scenario "${scenario.name}"`;
  const times = comparisons.filter(
    (c) => c.metric === "cycleTime" || c.metric === "waitingTime" || /\.waitingTime$/.test(c.metric),
  );
  const isClear = (c: Comparison) => c.ci95[0] > 0 || c.ci95[1] < 0;
  const biggest = (list: Comparison[]) =>
    list.filter(isClear).sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference))[0];
  // Prefer the wait before one activity (where the change acts), then waiting, then cycle time.
  const best =
    biggest(times.filter((c) => c.metric.startsWith("activities."))) ??
    biggest(times.filter((c) => c.metric === "waitingTime")) ??
    biggest(times.filter((c) => c.metric === "cycleTime"));
  const cycle = comparisons.find((c) => c.metric === "cycleTime");
  if (!best) {
    return cycle
      ? `${who} makes no clear difference to the mean cycle time (${withInterval(cycle.difference, cycle.ci95[0], cycle.ci95[1], unit)}).`
      : `${who} makes no clear difference.`;
  }
  const down = best.difference < 0;
  const [lo, hi] = down ? [-best.ci95[1], -best.ci95[0]] : best.ci95;
  const also =
    best.metric !== "cycleTime" && cycle && isClear(cycle)
      ? `; the mean cycle time ${cycle.difference < 0 ? "falls" : "rises"} by ${withInterval(Math.abs(cycle.difference), ...(cycle.difference < 0 ? ([-cycle.ci95[1], -cycle.ci95[0]] as const) : cycle.ci95), unit)}`
      : "";
  return `${who} ${down ? "cuts" : "raises"} the mean ${label(best.metric)} by ${withInterval(Math.abs(best.difference), lo, hi, unit)}${also}.`;
}

/** Resolves run settings: options, then the model's `run`, then defaults. */
export function runSettings(model: TwinModel, options: SimulateOptions) {
  const run = model.run ?? {};
  const horizon = options.horizon ?? run.horizon;
  const cases =
    options.cases ?? run.cases ?? (horizon === undefined && !model.arrivals.replay ? 10_000 : undefined);
  return {
    cases,
    warmup: options.warmup ?? run.warmup ?? 0,
    warmupTime: options.warmupTime ?? run.warmupTime,
    horizon,
    replications: options.replications ?? run.replications ?? 10,
    seed: options.seed ?? run.seed ?? 1,
  };
}

/** Simulates the baseline and every scenario; compares each scenario with the baseline. */
export function simulateModel(
  model: TwinModel,
  scenarios: Scenario[] = [],
  options: SimulateOptions = {},
): Simulation {
  const settings = runSettings(model, options);
  const progress = options.progress ?? silentProgress;
  const variants = [
    { name: "baseline", scenario: undefined as Scenario | undefined, program: compileModel(model) },
    ...scenarios.map((s) => ({ name: s.name, scenario: s, program: compileModel(applyScenario(model, s)) })),
  ];
  const perRun = settings.cases ?? 0;
  const total = perRun > 0 ? perRun * settings.replications * variants.length : undefined;
  progress.start("Simulating", total);
  const started = performance.now();
  let events = 0;
  let done = 0;
  let log: Simulation["log"] = null;
  const runs: Metrics[][] = variants.map((variant, v) => {
    const out: Metrics[] = [];
    for (let r = 0; r < settings.replications; r++) {
      const replication = options.independentStreams && v > 0 ? r + v * 1_000_003 : r;
      const result = runReplication(variant.program, {
        seed: settings.seed,
        replication,
        cases: settings.cases,
        warmup: settings.warmup,
        warmupTime: settings.warmupTime,
        horizon: settings.horizon,
        log: options.log === true && v === 0 && r === 0,
        onProgress: total ? (n) => progress.update(done + n, total) : undefined,
      });
      done += result.counted;
      events += result.events;
      if (result.records) log = { program: variant.program, records: result.records };
      out.push(metricsOf(variant.program, result));
    }
    return out;
  });
  const seconds = (performance.now() - started) / 1000;
  progress.finish();

  const base = variants[0] as (typeof variants)[number];
  const baseRuns = runs[0] as Metrics[];
  const comparisons: Comparison[] = [];
  const results = variants.map((variant, v) => {
    const result = summarise(variant.program, variant.name, runs[v] as Metrics[], variant.scenario);
    if (variant.scenario) {
      const mine = compareRuns(variant.name, baseRuns, runs[v] as Metrics[], comparedMetrics(base.program));
      comparisons.push(...mine);
      result.verdict = verdictOf(variant.scenario, mine, model.timeUnit);
    }
    return result;
  });
  return {
    report: {
      model: model.name,
      timeUnit: model.timeUnit,
      replications: settings.replications,
      seed: settings.seed,
      cases: settings.cases ?? null,
      warmup: settings.warmup,
      scenarios: results,
      comparisons,
      eventsSimulated: events,
      eventsPerSecond: seconds > 0 ? Math.round(events / seconds) : 0,
    },
    log,
  };
}
