import { AppError, closest, type Problem } from "../../core/index.js";
import {
  type Distribution,
  type FlowStep,
  problemsError,
  type Shift,
  type TwinModel,
  twinModelSchema,
  WEEKDAYS,
} from "../model/index.js";
import { addWindow, MINUTES_PER_WEEK, setWindow } from "../sim/calendar.js";
import type { Scenario, ScenarioChange } from "./schema.js";

/** A distribution whose every sample is `k` times the original's (same random numbers). */
export function scaleDistribution(d: Distribution, k: number): Distribution {
  const bounds = {
    ...("min" in d && d.min !== undefined ? { min: d.min * k } : {}),
    ...("max" in d && d.max !== undefined ? { max: d.max * k } : {}),
  };
  switch (d.dist) {
    case "fixed":
      return { ...d, ...bounds, value: d.value * k };
    case "exponential":
      return { ...d, ...bounds, mean: d.mean * k };
    case "normal":
      return { ...d, ...bounds, mean: d.mean * k, sd: d.sd * k };
    case "lognormal":
      return d.mu !== undefined
        ? { ...d, ...bounds, mu: d.mu + Math.log(k) }
        : { ...d, ...bounds, mean: (d.mean ?? 1) * k, sd: (d.sd ?? 0) * k };
    case "gamma":
      return d.scale !== undefined
        ? { ...d, ...bounds, scale: d.scale * k }
        : { ...d, ...bounds, mean: (d.mean ?? 1) * k, sd: (d.sd ?? 1) * k };
    case "uniform":
      return { ...d, min: d.min * k, max: d.max * k };
    case "triangular":
      return { ...d, min: d.min * k, mode: d.mode * k, max: d.max * k };
    case "empirical":
      return { ...d, ...bounds, values: d.values.map((v) => v * k) };
  }
}

/** A weekly capacity profile written back as shifts (base 0), one per day and constant run. */
function profileToShifts(profile: Float64Array): Shift[] {
  const shifts: Shift[] = [];
  const clock = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  for (let day = 0; day < 7; day++) {
    let m = 0;
    while (m < 1440) {
      const v = profile[day * 1440 + m] as number;
      let end = m + 1;
      while (end < 1440 && profile[day * 1440 + end] === v) end++;
      if (v > 0)
        shifts.push({
          days: [WEEKDAYS[day] ?? "mon"],
          from: clock(m),
          to: clock(end),
          capacity: Math.round(v),
        });
      m = end;
    }
  }
  return shifts;
}

function findStep(
  flow: FlowStep[],
  match: (step: FlowStep) => boolean,
): Extract<FlowStep, object> | undefined {
  for (const step of flow) {
    if (typeof step === "string") continue;
    if (match(step)) return step;
    const inner =
      "choice" in step ? step.choice.map((b) => b.flow) : "parallel" in step ? step.parallel : [step.loop];
    for (const f of inner) {
      const found = findStep(f, match);
      if (found) return found;
    }
  }
  return undefined;
}

function namedSteps(flow: FlowStep[], kind: "choice" | "loop", out: string[] = []): string[] {
  for (const step of flow) {
    if (typeof step === "string") continue;
    if (kind in step && step.name) out.push(step.name);
    const inner =
      "choice" in step ? step.choice.map((b) => b.flow) : "parallel" in step ? step.parallel : [step.loop];
    for (const f of inner) namedSteps(f, kind, out);
  }
  return out;
}

/** Applies a scenario's changes to a copy of the model; problems name the change and the fix. */
export function applyScenario(base: TwinModel, scenario: Scenario, file = "scenario"): TwinModel {
  const model = structuredClone(base);
  const problems: Problem[] = [];
  scenario.changes.forEach((change, i) => {
    const problem = applyChange(model, change);
    if (problem)
      problems.push({
        file,
        field: `${scenario.name}.changes[${i}].${problem.field}`,
        message: problem.message,
        ...(problem.fix ? { fix: problem.fix } : {}),
      });
  });
  if (problems.length > 0) throw problemsError(file, problems);
  const checked = twinModelSchema.safeParse(model);
  if (!checked.success)
    throw new AppError(
      "MODEL_INVALID",
      `${file}: scenario "${scenario.name}" makes the model invalid: ${checked.error.issues.map((x) => `${x.path.join(".")} ${x.message}`).join("; ")}`,
      { file, scenario: scenario.name },
    );
  return checked.data;
}

function notFound(field: string, kind: string, name: string, known: string[]) {
  const hint = closest(name, known);
  return {
    field,
    message: `"${name}" is not ${kind}`,
    fix: hint ? `did you mean "${hint}"?` : `use one of: ${known.join(", ") || "(none)"}`,
  };
}

function applyChange(
  model: TwinModel,
  change: ScenarioChange,
): { field: string; message: string; fix?: string } | undefined {
  if ("capacity" in change) {
    const c = change.capacity;
    const pool = model.resources[c.pool];
    if (!pool) return notFound("capacity.pool", "a resource pool", c.pool, Object.keys(model.resources));
    if (!c.shift) {
      if (c.set !== undefined) {
        pool.capacity = c.set;
        delete pool.shifts;
      } else pool.capacity = Math.max(0, (pool.capacity ?? 0) + (c.add ?? 0));
      return undefined;
    }
    const profile = new Float64Array(MINUTES_PER_WEEK).fill(pool.capacity ?? 0);
    for (const s of pool.shifts ?? []) addWindow(profile, s, s.capacity);
    if (c.set !== undefined) setWindow(profile, c.shift, c.set);
    else addWindow(profile, c.shift, c.add ?? 0);
    for (let m = 0; m < MINUTES_PER_WEEK; m++) if ((profile[m] as number) < 0) profile[m] = 0;
    pool.capacity = 0;
    pool.shifts = profileToShifts(profile);
    return undefined;
  }
  if ("duration" in change || "automate" in change) {
    const name = "duration" in change ? change.duration.activity : change.automate.activity;
    const activity = model.activities.find((a) => a.name === name);
    const field = "duration" in change ? "duration.activity" : "automate.activity";
    if (!activity)
      return notFound(
        field,
        "an activity",
        name,
        model.activities.map((a) => a.name),
      );
    if ("automate" in change && change.automate.remove) {
      delete activity.duration;
      delete activity.resource;
      return undefined;
    }
    if ("duration" in change && change.duration.set) {
      activity.duration = change.duration.set;
      return undefined;
    }
    const k = "duration" in change ? (change.duration.scale ?? 1) : (change.automate.scale ?? 1);
    if (activity.duration) activity.duration = scaleDistribution(activity.duration, k);
    return undefined;
  }
  if ("routing" in change) {
    const r = change.routing;
    if (r.choice !== undefined && r.probabilities) {
      const step = findStep(model.flow, (s) => typeof s !== "string" && "choice" in s && s.name === r.choice);
      if (!step || !("choice" in step))
        return notFound(
          "routing.choice",
          "a named choice in the flow",
          r.choice,
          namedSteps(model.flow, "choice"),
        );
      for (const [branch, p] of Object.entries(r.probabilities)) {
        const target = step.choice.find((b, j) => b.name === branch || String(j) === branch);
        if (!target)
          return notFound(
            `routing.probabilities.${branch}`,
            `a branch of choice "${r.choice}"`,
            branch,
            step.choice.map((b, j) => b.name ?? String(j)),
          );
        target.p = p;
      }
    }
    if (r.loop !== undefined && r.repeatProbability !== undefined) {
      const step = findStep(model.flow, (s) => typeof s !== "string" && "loop" in s && s.name === r.loop);
      if (!step || !("loop" in step))
        return notFound("routing.loop", "a named loop in the flow", r.loop, namedSteps(model.flow, "loop"));
      step.repeatProbability = r.repeatProbability;
    }
    return undefined;
  }
  if ("demand" in change) {
    const k = change.demand.scale;
    const a = model.arrivals;
    if (a.replay)
      return {
        field: "demand.scale",
        message: "cannot scale replayed arrivals",
        fix: "give an arrival calendar instead",
      };
    if (a.calendar) a.calendar = a.calendar.map((w) => ({ ...w, perHour: w.perHour * k }));
    else if (a.interarrival) a.interarrival = scaleDistribution(a.interarrival, 1 / k);
    return undefined;
  }
  if (change.arrivals.calendar) {
    model.arrivals.calendar = change.arrivals.calendar;
    delete model.arrivals.replay;
  }
  if (change.arrivals.interarrival) {
    model.arrivals.interarrival = change.arrivals.interarrival;
    delete model.arrivals.replay;
  }
  return undefined;
}
