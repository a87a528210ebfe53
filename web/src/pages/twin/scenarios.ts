/**
 * The scenario editor's drafts: form rows for the common changes (capacity, duration, automation,
 * demand) and the conversion to and from the scenario file format the simulator reads.
 */
import { parse, stringify } from "yaml";
import { TWIN_WEEKDAYS, type TwinScenario, type TwinScenarioChange, type TwinWeekday } from "../../api";

type ChangeBody =
  | {
      kind: "capacity";
      pool: string;
      add: number;
      inShift: boolean;
      days: TwinWeekday[];
      from: string;
      to: string;
    }
  | { kind: "duration"; activity: string; scale: number }
  | { kind: "automate"; activity: string; remove: boolean; scale: number }
  | { kind: "demand"; scale: number }
  /** A change the form has no row for (routing, arrivals, a new distribution): kept as it is. */
  | { kind: "other"; change: TwinScenarioChange };

/** A change row of the form; `id` keeps React's rows apart when one is removed. */
export type ChangeDraft = ChangeBody & { id: number };

export type ChangeKind = ChangeDraft["kind"];

export interface ScenarioDraft {
  key: number;
  name: string;
  description: string;
  changes: ChangeDraft[];
}

export const CHANGE_KINDS: { kind: Exclude<ChangeKind, "other">; label: string }[] = [
  { kind: "capacity", label: "Add capacity to a pool" },
  { kind: "duration", label: "Change how long an activity takes" },
  { kind: "automate", label: "Automate or remove an activity" },
  { kind: "demand", label: "Scale demand" },
];

let nextKey = 1;

export function newKey(): number {
  return nextKey++;
}

export function newChange(
  kind: Exclude<ChangeKind, "other">,
  pools: string[],
  activities: string[],
): ChangeDraft {
  return { ...changeBody(kind, pools, activities), id: newKey() };
}

function changeBody(kind: Exclude<ChangeKind, "other">, pools: string[], activities: string[]): ChangeBody {
  switch (kind) {
    case "capacity":
      return {
        kind,
        pool: pools[0] ?? "",
        add: 1,
        inShift: false,
        days: ["sat"],
        from: "07:00",
        to: "11:00",
      };
    case "duration":
      return { kind, activity: activities[0] ?? "", scale: 0.8 };
    case "automate":
      return { kind, activity: activities[0] ?? "", remove: true, scale: 0.5 };
    case "demand":
      return { kind, scale: 1.3 };
  }
}

export function toChange(draft: ChangeDraft): TwinScenarioChange {
  switch (draft.kind) {
    case "capacity":
      return {
        capacity: {
          pool: draft.pool,
          add: draft.add,
          ...(draft.inShift ? { shift: { days: draft.days, from: draft.from, to: draft.to } } : {}),
        },
      };
    case "duration":
      return { duration: { activity: draft.activity, scale: draft.scale } };
    case "automate":
      return draft.remove
        ? { automate: { activity: draft.activity, remove: true } }
        : { automate: { activity: draft.activity, scale: draft.scale } };
    case "demand":
      return { demand: { scale: draft.scale } };
    case "other":
      return draft.change;
  }
}

export function toDraft(change: TwinScenarioChange): ChangeDraft {
  return { ...toBody(change), id: newKey() };
}

function toBody(change: TwinScenarioChange): ChangeBody {
  if ("capacity" in change && change.capacity.add !== undefined) {
    const shift = change.capacity.shift;
    return {
      kind: "capacity",
      pool: change.capacity.pool,
      add: change.capacity.add,
      inShift: shift !== undefined,
      days: shift?.days ?? ["sat"],
      from: shift?.from ?? "07:00",
      to: shift?.to ?? "11:00",
    };
  }
  if ("duration" in change && change.duration.scale !== undefined) {
    return { kind: "duration", activity: change.duration.activity, scale: change.duration.scale };
  }
  if ("automate" in change) {
    return {
      kind: "automate",
      activity: change.automate.activity,
      remove: change.automate.remove === true,
      scale: change.automate.scale ?? 0.5,
    };
  }
  if ("demand" in change) return { kind: "demand", scale: change.demand.scale };
  return { kind: "other", change };
}

export function toScenario(draft: ScenarioDraft): TwinScenario {
  return {
    name: draft.name.trim(),
    ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
    changes: draft.changes.map(toChange),
  };
}

export function toScenarioDraft(scenario: TwinScenario): ScenarioDraft {
  return {
    key: newKey(),
    name: scenario.name,
    description: scenario.description ?? "",
    changes: scenario.changes.map(toDraft),
  };
}

/** The scenarios as a scenario file: `scenarios: [...]` in YAML. */
export function scenariosYaml(drafts: ScenarioDraft[]): string {
  return stringify({ scenarios: drafts.map(toScenario) }, { lineWidth: 0 });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads a scenario file back into drafts; the simulator checks every field when it runs, so this only
 * needs the shape: one scenario, a list, or `scenarios: [...]`, each with a name and changes.
 */
export function parseScenariosYaml(text: string): { drafts: ScenarioDraft[] } | { error: string } {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const list = Array.isArray(value)
    ? value
    : isRecord(value) && Array.isArray(value.scenarios)
      ? value.scenarios
      : isRecord(value)
        ? [value]
        : null;
  if (!list) return { error: "A scenario file holds one scenario, a list, or `scenarios: [...]`." };
  const drafts: ScenarioDraft[] = [];
  for (const [i, item] of list.entries()) {
    if (!isRecord(item) || typeof item.name !== "string" || !Array.isArray(item.changes)) {
      return { error: `Scenario ${i + 1} needs a \`name\` and a list of \`changes\`.` };
    }
    const changes: TwinScenarioChange[] = [];
    for (const change of item.changes) {
      if (!isRecord(change)) return { error: `Scenario “${item.name}” has a change that is not a mapping.` };
      changes.push(change as TwinScenarioChange);
    }
    drafts.push(
      toScenarioDraft({
        name: item.name,
        ...(typeof item.description === "string" ? { description: item.description } : {}),
        changes,
      }),
    );
  }
  return { drafts };
}

/** What a change does, in words. */
export function describeChange(change: TwinScenarioChange): string {
  if ("capacity" in change) {
    const c = change.capacity;
    const amount =
      c.set !== undefined
        ? `${c.set} units of ${c.pool}`
        : `${c.add && c.add > 0 ? "+" : ""}${c.add} ${c.pool}`;
    return c.shift ? `${amount} on ${c.shift.days.join(", ")} ${c.shift.from}–${c.shift.to}` : amount;
  }
  if ("duration" in change) {
    return change.duration.scale !== undefined
      ? `${change.duration.activity} takes ×${change.duration.scale}`
      : `${change.duration.activity} takes a new duration`;
  }
  if ("automate" in change) {
    return change.automate.remove
      ? `${change.automate.activity} automated away`
      : `${change.automate.activity} automated to ×${change.automate.scale}`;
  }
  if ("demand" in change) return `demand ×${change.demand.scale}`;
  if ("routing" in change) {
    const r = change.routing;
    return r.loop !== undefined
      ? `loop ${r.loop} repeats ${r.repeatProbability}`
      : `choice ${r.choice} changed`;
  }
  return "new arrivals";
}

export const WEEKDAY_WORDS: Record<TwinWeekday, string> = {
  mon: "Mon",
  tue: "Tue",
  wed: "Wed",
  thu: "Thu",
  fri: "Fri",
  sat: "Sat",
  sun: "Sun",
};

export { TWIN_WEEKDAYS };
