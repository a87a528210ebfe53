import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { closest } from "../../core/validation.js";
import { caseCount, type EventLog, eventCount, selectCases, selectEvents } from "./event-log.js";

const percent = z.number().min(0).max(100);

/** Filters every mining command and route accepts. */
export const mineFilterSchema = z
  .object({
    from: z
      .string()
      .optional()
      .describe("Start of the time window: a date (local to the business) or an ISO instant."),
    to: z.string().optional().describe("End of the time window; a date includes the whole day."),
    timeMode: z
      .enum(["intersecting", "contained", "started", "events"])
      .default("intersecting")
      .describe(
        "Which cases the window keeps: those with any event in it (intersecting), wholly inside it (contained), starting in it (started), or only the events in it (events).",
      ),
    where: z
      .array(z.string())
      .default([])
      .describe(
        "Attribute conditions, each `column=value`, `column=v1|v2` or `column!=value`: keep (or drop) the cases with an event holding the value.",
      ),
    variants: percent
      .optional()
      .describe("Keep the most frequent variants that together cover this % of cases."),
    activities: percent
      .optional()
      .describe("Keep this % of activities, most frequent first; events of the others are left out."),
    paths: percent.optional().describe("Show this % of the map's edges, most frequent first."),
    minActivityCount: z.number().int().min(0).optional().describe("Leave out activities with fewer events."),
    minEdgeCount: z.number().int().min(0).optional().describe("Leave out map edges followed fewer times."),
    mergeLifecycle: z
      .boolean()
      .default(false)
      .describe("Pair start and complete events into one activity instance with a processing time."),
  })
  .strict();

export type MineFilters = z.infer<typeof mineFilterSchema>;
export type MineFilterInput = z.input<typeof mineFilterSchema>;

export interface AttributeCondition {
  column: string;
  values: string[];
  negate: boolean;
}

/** Reads `column=v1|v2` or `column!=value`. */
export function parseCondition(text: string, columns: readonly string[]): AttributeCondition {
  const m = /^([^=!]+?)\s*(!?=)\s*(.*)$/s.exec(text);
  if (!m) {
    throw new AppError(
      "USAGE",
      `--where "${text}" needs the form column=value, column=v1|v2 or column!=value.`,
      { field: "where", value: text },
    );
  }
  const column = (m[1] as string).trim();
  if (!columns.includes(column)) {
    const hint = closest(column, [...columns]);
    throw new AppError(
      "USAGE",
      `--where "${text}": "${column}" is not a column of the log${hint ? `; did you mean "${hint}"?` : `; its columns are ${columns.join(", ")}.`}`,
      { field: "where", column, columns },
    );
  }
  const values = (m[3] as string).split("|");
  return { column, values, negate: m[2] === "!=" };
}

/** A `to` date with no time includes that whole day. */
export function windowEnd(to: string): { value: string; inclusive: boolean } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(to)) {
    const next = new Date(`${to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return { value: next.toISOString().slice(0, 10), inclusive: false };
  }
  return { value: to, inclusive: true };
}

export function checkTime(field: "from" | "to", value: string): void {
  const ok =
    /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) &&
    !Number.isNaN(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value.replace(" ", "T")));
  if (!ok) {
    throw new AppError(
      "USAGE",
      `--${field} "${value}" is not a date or time; use 2025-03-01 or 2025-03-01T08:00:00+01:00.`,
      { field, value },
    );
  }
}

/** Variant key of each case: its activity sequence. */
export function caseVariantKeys(log: EventLog): string[] {
  const keys: string[] = [];
  const cases = caseCount(log);
  for (let c = 0; c < cases; c++) {
    let key = "";
    for (let e = log.caseOffsets[c] as number; e < (log.caseOffsets[c + 1] as number); e++) {
      key += `${log.activity[e]},`;
    }
    keys.push(key);
  }
  return keys;
}

/**
 * The filters that work on the loaded log: activity thresholds first (they change the variants),
 * then variant coverage. Each only removes events or cases.
 */
export function applyLogFilters(log: EventLog, filters: MineFilters): EventLog {
  let out = log;
  if (filters.activities !== undefined || filters.minActivityCount !== undefined) {
    const counts = new Float64Array(out.activities.length);
    for (let e = 0; e < eventCount(out); e++) {
      const a = out.activity[e] as number;
      counts[a] = (counts[a] as number) + 1;
    }
    const ranked = [...counts.keys()].filter((a) => (counts[a] as number) > 0);
    ranked.sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b);
    const keepShare = filters.activities ?? 100;
    const keepN = Math.ceil((ranked.length * keepShare) / 100);
    const keep = new Uint8Array(out.activities.length);
    ranked.forEach((a, i) => {
      if (i < keepN && (counts[a] as number) >= (filters.minActivityCount ?? 0)) keep[a] = 1;
    });
    const activity = out.activity;
    out = selectEvents(out, (e) => keep[activity[e] as number] === 1);
  }
  if (filters.variants !== undefined && filters.variants < 100) {
    const keys = caseVariantKeys(out);
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const target = (keys.length * filters.variants) / 100;
    const kept = new Set<string>();
    let covered = 0;
    for (const [key, n] of ranked) {
      if (covered >= target) break;
      kept.add(key);
      covered += n;
    }
    out = selectCases(out, (c) => kept.has(keys[c] as string));
  }
  return out;
}
