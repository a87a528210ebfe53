import type { z } from "zod";
import { AppError, type Clock, closest, describeIssues } from "../core/index.js";
import type { Store } from "../store/index.js";
import { type Evidence, evidenceSchema } from "./improve.schema.js";
import { createRecord, getRecord, type StoredRecord } from "./records.js";

/**
 * Input checks shared by suggestions and the root-cause tools: one message naming every problem,
 * evidence written as `kind:ref`, and links to initiatives that must exist.
 */

/** Parses untrusted input; every problem is named in one USAGE error. */
export function checkInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = describeIssues(parsed.error.issues);
  throw new AppError("USAGE", `${what}: ${problems.map((p) => p.message).join("; ")}.`, { problems });
}

const EVIDENCE_KINDS = evidenceSchema.shape.kind.options;

/** Reads evidence written as `kind:ref`, e.g. `pareto:P-2` or `experiment:one-page-checkout`. */
export function parseEvidenceRef(text: string): Evidence {
  const at = text.indexOf(":");
  const kind = at > 0 ? text.slice(0, at).trim() : "";
  const ref = at > 0 ? text.slice(at + 1).trim() : "";
  if (!(EVIDENCE_KINDS as readonly string[]).includes(kind) || ref === "") {
    const hint = kind ? closest(kind, EVIDENCE_KINDS) : undefined;
    throw new AppError(
      "USAGE",
      `Evidence "${text}" must be kind:ref, e.g. pareto:P-2${hint && hint !== kind ? `; did you mean "${hint}"?` : ""}; kinds are ${EVIDENCE_KINDS.join(", ")}.`,
      { field: "evidence" },
    );
  }
  return checkInput(evidenceSchema, { kind, ref }, "evidence");
}

/** Refuses a link to an initiative that does not exist. */
export async function requireInitiative(store: Store, id: string | null | undefined): Promise<void> {
  if (id === null || id === undefined) return;
  await getRecord(store, "initiative", id);
}

/** Starts a 5 Whys or a fishbone on a problem, optionally linked to an initiative that must exist. */
export async function createRcaRecord<T extends { initiative: string | null }>(
  store: Store,
  kind: "five-whys" | "fishbone",
  schema: z.ZodType<T>,
  what: string,
  input: { problem: string; initiative?: string | null | undefined },
  actor: string,
  clock: Clock,
): Promise<StoredRecord<T>> {
  const data = checkInput(schema, { problem: input.problem, initiative: input.initiative ?? null }, what);
  await requireInitiative(store, data.initiative);
  return createRecord(store, kind, data, actor, clock);
}

/** Refuses an index outside a list, saying which indexes there are. */
export function checkIndex(index: number, length: number, what: string, id: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new AppError(
      "USAGE",
      length === 0
        ? `${id} has no ${what}s yet, so there is no ${what} ${index}.`
        : `${id} has no ${what} ${index}; its ${what}s are numbered 0 to ${length - 1}.`,
      { field: what, index, count: length },
    );
  }
}
