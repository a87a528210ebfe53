/**
 * Where a server error belongs on a definition form. The server names the field of each problem —
 * `metrics[0].value`, `variants.1.weight`, `variantColumn` — either in its list of problems or, for a
 * single problem, in `details.field`; the form marks that field and keeps the full message beside it.
 */
import { ApiError } from "../../api";

/** `variants.1.weight` and `variants[1].weight` are the same field; the form uses the second. */
export function fieldKey(field: string): string {
  return field.replace(/\.(\d+)(?=\.|\[|$)/g, "[$1]");
}

/** A problem's message without the field it starts with, which the form shows by its place. */
function withoutField(message: string, key: string): string {
  const named = /^`?([\w.[\]]+)`?(?::\s*|\s+)/.exec(message);
  const rest = named && fieldKey(named[1] ?? "") === key ? message.slice(named[0].length) : message;
  if (rest.length === 0) return message;
  if (/^is required$/.test(rest)) return "Required.";
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

export type FieldProblems = Map<string, string[]>;

/** The error's problems by the form field they concern (keys as `fieldKey` writes them). */
export function problemsByField(error: ApiError | null): FieldProblems {
  const fields: FieldProblems = new Map();
  if (!error) return fields;
  const add = (field: string, message: string, fix?: string) => {
    const key = fieldKey(field);
    const text = withoutField(message, key);
    fields.set(key, [...(fields.get(key) ?? []), fix ? `${text}; ${fix}` : text]);
  };
  for (const p of error.problems) if (p.field) add(p.field, p.message, p.fix);
  if (error.problems.length === 0 && typeof error.details.field === "string") {
    add(error.details.field, error.message.replace(/^[\w.[\]]+(?: at character \d+)?:\s*/, ""));
  }
  return fields;
}

/** The problems under a prefix (`metrics[0]`) that none of the keys shown (`metrics[0].value`, …) claims. */
export function unclaimed(fields: FieldProblems, prefix: string, shown: string[]): string[] {
  const out: string[] = [];
  for (const [key, messages] of fields) {
    if (
      (key === prefix || key.startsWith(`${prefix}.`) || key.startsWith(`${prefix}[`)) &&
      !shown.includes(key)
    )
      out.push(...messages);
  }
  return out;
}

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError(0, "CLIENT", error instanceof Error ? error.message : String(error));
}
