import type { z } from "zod";
import { AppError, type Problem } from "../core/index.js";

/** How a failed check reads: "must be above 0 and at most 1" rather than zod's wording. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "too_small") {
    if (issue.origin === "array") return `needs at least ${String(issue.minimum)} entries`;
    if (issue.origin === "string") return "must not be empty";
    return `must be ${issue.inclusive ? "at least" : "above"} ${String(issue.minimum)}`;
  }
  if (issue.code === "too_big") {
    if (issue.origin === "array") return `takes at most ${String(issue.maximum)} entries`;
    return `must be ${issue.inclusive ? "at most" : "below"} ${String(issue.maximum)}`;
  }
  if (issue.code === "invalid_type") return `must be a ${issue.expected}`;
  if (issue.code === "invalid_value") return `must be one of ${issue.values.map(String).join(", ")}`;
  return issue.message;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Checks planner input against its schema. Every problem is reported at once, each naming the field
 * — or the CLI flag, when `names` maps the field to one — the rule and the value given.
 */
export function checkInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  names: Record<string, string> = {},
  prefix?: string,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems: Problem[] = parsed.error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const last = String(issue.path[issue.path.length - 1] ?? "");
    const named = names[path] ?? names[last] ?? (path || "input");
    const field = prefix ? `${prefix}${path ? `.${named}` : ""}` : named;
    const value = valueAt(input, issue.path);
    if (value === undefined && issue.code === "invalid_type")
      return { field, message: `${field} is required` };
    const got = value === undefined ? "" : `; got ${JSON.stringify(value)}`;
    return { field, message: `${field} ${describeIssue(issue)}${got}` };
  });
  throw new AppError("USAGE", `${problems.map((p) => p.message).join(". ")}.`, { problems });
}
