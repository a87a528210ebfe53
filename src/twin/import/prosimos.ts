/**
 * Prosimos simulation parameters (JSON) → our BPMN parameter file, where the fields correspond.
 * Prosimos gives times in seconds; they are converted to the model's time unit. What has no
 * counterpart is listed in warnings, not dropped silently.
 */
import { z } from "zod";
import { AppError } from "../../core/index.js";
import type { BpmnModel } from "../../mining/model/index.js";
import {
  type Distribution,
  problemsError,
  type RateWindow,
  type Shift,
  validateWith,
  WEEKDAYS,
} from "../model/index.js";
import type { BpmnParamsInput } from "./params.schema.js";

const KNOWN_KEYS = [
  "resource_profiles",
  "arrival_time_distribution",
  "arrival_time_calendar",
  "gateway_branching_probabilities",
  "task_resource_distribution",
  "resource_calendars",
];

const number = z.union([
  z.number(),
  z
    .string()
    .regex(/^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/)
    .transform(Number),
]);
const distribution = {
  distribution_name: z.string(),
  distribution_params: z.array(z.union([z.object({ value: number }).transform((p) => p.value), number])),
};
const period = z.object({ from: z.string(), to: z.string(), beginTime: z.string(), endTime: z.string() });

const prosimosSchema = z.object({
  resource_profiles: z
    .array(
      z.object({
        id: z.string(),
        name: z.string().optional(),
        resource_list: z.array(
          z.object({
            id: z.string(),
            name: z.string().optional(),
            cost_per_hour: number.optional(),
            amount: number.optional(),
            calendar: z.string().optional(),
          }),
        ),
      }),
    )
    .default([]),
  arrival_time_distribution: z.object(distribution),
  arrival_time_calendar: z.array(period).default([]),
  gateway_branching_probabilities: z
    .array(
      z.object({
        gateway_id: z.string(),
        probabilities: z.array(z.object({ path_id: z.string(), value: number })),
      }),
    )
    .default([]),
  task_resource_distribution: z
    .array(
      z.object({
        task_id: z.string(),
        resources: z.array(z.object({ resource_id: z.string(), ...distribution })),
      }),
    )
    .default([]),
  resource_calendars: z
    .array(z.object({ id: z.string(), name: z.string().optional(), time_periods: z.array(period) }))
    .default([]),
});

type ProsimosDistribution = { distribution_name: string; distribution_params: number[] };

/** Whether parsed JSON looks like Prosimos parameters rather than ours. */
export function isProsimosParams(data: unknown): boolean {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return false;
  return ["resource_profiles", "task_resource_distribution", "arrival_time_distribution"].some(
    (k) => k in data,
  );
}

const SECONDS: Record<"second" | "minute" | "hour", number> = { second: 1, minute: 60, hour: 3600 };

/**
 * Converts a Prosimos distribution (seconds) to ours in the time unit. Both of Prosimos's parameter
 * layouts are read: the current one (mean, variance/std, min, max) and the older scipy one
 * (shape, loc, scale, min, max), told apart by the number of parameters.
 */
export function convertProsimosDistribution(
  d: ProsimosDistribution,
  unit: "second" | "minute" | "hour",
  where: string,
  notes: string[],
): Distribution {
  const f = 1 / SECONDS[unit];
  const p = d.distribution_params;
  const at = (i: number) => p[i] ?? Number.NaN;
  const bounds = (lo: number | undefined, hi: number | undefined) => {
    const out: { min?: number; max?: number } = {};
    if (lo !== undefined && Number.isFinite(lo) && lo > 0) out.min = lo * f;
    if (hi !== undefined && Number.isFinite(hi) && hi > 0 && (lo === undefined || hi >= lo)) out.max = hi * f;
    return out;
  };
  const shifted = (loc: number) => {
    if (loc > 0)
      notes.push(`${where}: the shift (loc) of ${loc} s has no counterpart; the distribution keeps its mean`);
  };
  const name = d.distribution_name;
  let result: Distribution;
  switch (name) {
    case "fix":
      result = { dist: "fixed", value: at(0) * f };
      break;
    case "expon": {
      // current: [mean, min, max]; older scipy: [loc, scale] or [loc, scale, min, max]
      const scipy = p.length === 2 || p.length >= 4;
      const mean = scipy ? at(0) + at(1) : at(0);
      const shift = scipy ? at(0) : p.length === 3 ? at(1) : 0;
      shifted(shift);
      const max = scipy ? p[3] : p[2];
      result = {
        dist: "exponential",
        mean: mean * f,
        ...(max !== undefined && max > mean ? { max: max * f } : {}),
      };
      break;
    }
    case "norm":
      result = { dist: "normal", mean: at(0) * f, sd: at(1) * f, ...bounds(p[2], p[3]) };
      break;
    case "uniform":
      result =
        p.length >= 3
          ? { dist: "uniform", min: at(0) * f, max: (at(0) + at(1)) * f }
          : { dist: "uniform", min: at(0) * f, max: at(1) * f };
      break;
    case "lognorm":
    case "gamma": {
      const kind = name === "lognorm" ? "lognormal" : "gamma";
      if (p.length === 3 || p.length >= 5) {
        // scipy: [shape, loc, scale, (min, max)]
        shifted(at(1));
        result =
          kind === "lognormal"
            ? { dist: "lognormal", mu: Math.log(at(2) * f), sigma: at(0), ...bounds(p[3], p[4]) }
            : { dist: "gamma", shape: at(0), scale: at(2) * f, ...bounds(p[3], p[4]) };
      } else {
        // current: [mean, variance, (min, max)]
        result = { dist: kind, mean: at(0) * f, sd: Math.sqrt(at(1)) * f, ...bounds(p[2], p[3]) };
      }
      break;
    }
    case "triang": {
      const [c, loc, scale] = [at(0), at(1), at(2)];
      result = { dist: "triangular", min: loc * f, mode: (loc + c * scale) * f, max: (loc + scale) * f };
      break;
    }
    case "exponnorm": {
      // Exponentially modified normal [K, loc, scale, (min, max)]: mean loc + K·scale, sd scale·√(1+K²).
      const [k, loc, scale] = [at(0), at(1), at(2)];
      notes.push(`${where}: exponnorm has no counterpart; approximated by a gamma with the same mean and sd`);
      result = {
        dist: "gamma",
        mean: (loc + k * scale) * f,
        sd: scale * Math.sqrt(1 + k * k) * f,
        ...bounds(p[3], p[4]),
      };
      break;
    }
    default:
      throw new Error(
        `${where}: the distribution "${name}" has no counterpart; use fix, expon, norm, lognorm, gamma, uniform, triang or exponnorm`,
      );
  }
  if (Object.values(result).some((v) => typeof v === "number" && !Number.isFinite(v)))
    throw new Error(`${where}: "${name}" needs more parameters than the ${p.length} given`);
  return result;
}

function distributionMean(d: Distribution): number {
  switch (d.dist) {
    case "fixed":
      return d.value;
    case "exponential":
    case "normal":
      return d.mean;
    case "lognormal":
      return d.mean ?? Math.exp((d.mu ?? 0) + (d.sigma ?? 0) ** 2 / 2);
    case "gamma":
      return d.mean ?? (d.shape ?? 0) * (d.scale ?? 0);
    case "uniform":
      return (d.min + d.max) / 2;
    case "triangular":
      return (d.min + d.mode + d.max) / 3;
    case "empirical":
      return d.values.reduce((s, v) => s + v, 0) / d.values.length;
  }
}

const DAY_NAMES = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];

/** A Prosimos time period (from weekday to weekday, each day beginTime–endTime) as our window. */
function toWindow(
  p: z.infer<typeof period>,
  where: string,
): { days: (typeof WEEKDAYS)[number][]; from: string; to: string } {
  const a = DAY_NAMES.indexOf(p.from.toUpperCase());
  const b = DAY_NAMES.indexOf(p.to.toUpperCase());
  if (a < 0 || b < 0) throw new Error(`${where}: "${p.from}"–"${p.to}" are not weekdays (MONDAY … SUNDAY)`);
  const days: (typeof WEEKDAYS)[number][] = [];
  for (let i = a; ; i = (i + 1) % 7) {
    days.push(WEEKDAYS[i] as (typeof WEEKDAYS)[number]);
    if (i === b) break;
  }
  return { days, from: clock(p.beginTime, where), to: clock(p.endTime, where) };
}

/** "09:00:00.000" → "09:00", rounded to the minute ("23:59:59" → "24:00"). */
function clock(text: string, where: string): string {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(text.trim());
  if (!m) throw new Error(`${where}: "${text}" is not a time of day HH:MM:SS`);
  const minutes = Math.min(24 * 60, Math.round(Number(m[1]) * 60 + Number(m[2]) + Number(m[3] ?? 0) / 60));
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

const wholeWeek = (windows: { days: string[]; from: string; to: string }[]) =>
  WEEKDAYS.every((day) =>
    windows.some((w) => w.days.includes(day) && w.from === "00:00" && w.to === "24:00"),
  );

/** Prosimos parameters → our parameter file (as data), with warnings for what has no counterpart. */
export function prosimosToParams(
  bpmn: BpmnModel,
  json: unknown,
  options: { file: string; timeUnit: "second" | "minute" | "hour" },
): { params: BpmnParamsInput; warnings: string[] } {
  const file = options.file;
  const data = validateWith(prosimosSchema, json, file);
  const warnings: string[] = [];
  const raw = json as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => {
    if (KNOWN_KEYS.includes(k)) return false;
    const v = raw[k];
    return !(
      v === null ||
      v === undefined ||
      (Array.isArray(v) && v.length === 0) ||
      (typeof v === "object" && Object.keys(v).length === 0)
    );
  });
  if (unknown.length > 0)
    warnings.push(
      `${file}: ${unknown.map((k) => `"${k}"`).join(", ")} ${unknown.length > 1 ? "have" : "has"} no counterpart in the twin and ${unknown.length > 1 ? "are" : "is"} not used`,
    );

  try {
    // Arrivals: the gaps' distribution; the calendar's windows get the rate 1 / mean gap.
    const interarrival = convertProsimosDistribution(
      data.arrival_time_distribution as ProsimosDistribution,
      options.timeUnit,
      "arrival_time_distribution",
      warnings,
    );
    const meanSeconds = distributionMean(interarrival) * SECONDS[options.timeUnit];
    const windows = data.arrival_time_calendar.map((p, i) => toWindow(p, `arrival_time_calendar[${i}]`));
    const calendar: RateWindow[] =
      windows.length === 0 || wholeWeek(windows)
        ? []
        : windows.map((w) => ({ ...w, perHour: meanSeconds > 0 ? 3600 / meanSeconds : 0 }));

    // Pools: profiles with the same resources are one pool.
    const calendars = new Map(data.resource_calendars.map((c) => [c.id, c]));
    const pools = new Map<
      string,
      { name: string; resources: Map<string, { amount: number; cost?: number; calendar?: string }> }
    >();
    const poolOfResource = new Map<string, string[]>();
    for (const profile of data.resource_profiles) {
      const key = profile.resource_list
        .map((r) => r.id)
        .sort()
        .join("\u0000");
      if (pools.has(key)) continue;
      let name = profile.name || profile.id;
      while ([...pools.values()].some((p) => p.name === name)) name = `${name} (${profile.id})`;
      const resources = new Map(
        profile.resource_list.map((r) => [
          r.id,
          {
            amount: r.amount ?? 1,
            ...(r.cost_per_hour !== undefined ? { cost: r.cost_per_hour } : {}),
            ...(r.calendar ? { calendar: r.calendar } : {}),
          },
        ]),
      );
      pools.set(key, { name, resources });
      for (const id of resources.keys()) poolOfResource.set(id, [...(poolOfResource.get(id) ?? []), key]);
    }
    const shared = [...poolOfResource.entries()].filter(([, keys]) => keys.length > 1);
    if (shared.length > 0)
      warnings.push(
        `resources in more than one pool (${shared.map(([id, keys]) => `${id}: ${keys.map((k) => pools.get(k)?.name).join(", ")}`).join("; ")}) count in each pool, so those pools have more capacity than in Prosimos`,
      );

    const resources: NonNullable<BpmnParamsInput["resources"]> = {};
    const mixedCosts: string[] = [];
    const noCalendar: string[] = [];
    for (const pool of pools.values()) {
      let capacity = 0;
      const shifts = new Map<string, Shift>();
      let cost = 0;
      let units = 0;
      const costs = new Set<number>();
      for (const [id, r] of pool.resources) {
        units += r.amount;
        if (r.cost !== undefined) {
          cost += r.cost * r.amount;
          costs.add(r.cost);
        }
        const cal = r.calendar ? calendars.get(r.calendar) : undefined;
        if (!cal) {
          noCalendar.push(id);
          capacity += r.amount;
          continue;
        }
        const ws = cal.time_periods.map((p, i) =>
          toWindow(p, `resource_calendars "${cal.id}" time_periods[${i}]`),
        );
        if (wholeWeek(ws)) {
          capacity += r.amount;
          continue;
        }
        for (const w of ws) {
          const k = `${w.days.join(",")} ${w.from} ${w.to}`;
          const s = shifts.get(k);
          if (s) s.capacity += r.amount;
          else shifts.set(k, { ...w, capacity: r.amount });
        }
      }
      if (costs.size > 1) mixedCosts.push(pool.name);
      resources[pool.name] = {
        ...(capacity > 0 || shifts.size === 0 ? { capacity } : {}),
        ...(shifts.size > 0 ? { shifts: [...shifts.values()] } : {}),
        ...(costs.size > 0 && units > 0 ? { costPerHour: cost / units } : {}),
      };
    }
    if (mixedCosts.length > 0)
      warnings.push(
        `pools ${mixedCosts.map((n) => `"${n}"`).join(", ")} mix costs per hour; the twin uses their average`,
      );
    if (noCalendar.length > 0)
      warnings.push(`resources without a known calendar are always available: ${noCalendar.join(", ")}`);

    // Tasks: the pool of the first resource and that resource's duration distribution.
    const tasks = new Map(bpmn.nodes.filter((n) => n.kind === "task").map((n) => [n.id, n]));
    const activities: NonNullable<BpmnParamsInput["activities"]> = {};
    const firstTaken: string[] = [];
    const notInModel: string[] = [];
    for (const entry of data.task_resource_distribution) {
      const task = tasks.get(entry.task_id);
      if (!task) {
        notInModel.push(entry.task_id);
        continue;
      }
      const label = task.name || task.id;
      const [first, ...others] = entry.resources;
      if (!first) continue;
      const ids = entry.resources.map((r) => r.resource_id);
      const poolKey =
        [...pools.keys()].find((k) => ids.every((id) => k.split("\u0000").includes(id))) ??
        poolOfResource.get(first.resource_id)?.[0];
      const duration = convertProsimosDistribution(
        first as ProsimosDistribution,
        options.timeUnit,
        `task_resource_distribution "${label}"`,
        warnings,
      );
      if (
        others.some(
          (o) =>
            JSON.stringify([o.distribution_name, o.distribution_params]) !==
            JSON.stringify([first.distribution_name, first.distribution_params]),
        )
      )
        firstTaken.push(label);
      activities[entry.task_id] = {
        ...(poolKey ? { resource: pools.get(poolKey)?.name } : {}),
        duration,
      };
    }
    if (firstTaken.length > 0)
      warnings.push(
        `tasks whose duration differs by resource take the first resource's distribution: ${firstTaken.map((n) => `"${n}"`).join(", ")}`,
      );
    if (notInModel.length > 0)
      warnings.push(
        `task_resource_distribution names tasks that are not in the BPMN model: ${notInModel.join(", ")}`,
      );

    const probabilities: Record<string, Record<string, number>> = {};
    for (const g of data.gateway_branching_probabilities)
      probabilities[g.gateway_id] = Object.fromEntries(g.probabilities.map((p) => [p.path_id, p.value]));

    return {
      params: {
        timeUnit: options.timeUnit,
        arrivals: { interarrival, ...(calendar.length > 0 ? { calendar } : {}) },
        resources,
        activities,
        probabilities,
      },
      warnings,
    };
  } catch (error) {
    if (error instanceof AppError || !(error instanceof Error)) throw error;
    throw problemsError(file, [
      {
        file,
        message: error.message,
        fix: "correct the Prosimos parameters or write our parameter file instead",
      },
    ]);
  }
}
