import { readFileSync } from "node:fs";
import { type Document, isMap } from "yaml";
import type { z } from "zod";
import { AppError, describeIssues, type Problem, parseYaml } from "../../core/index.js";

/** Where a YAML/JSON text's nodes are, for problems that name the line. */
interface ParsedText {
  data: unknown;
  locate: (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;
}

/** Parses YAML or JSON text (YAML 1.2 core schema: `on`/`yes` stay strings). */
export function parseYamlText(text: string, file: string): ParsedText {
  const { document, lineCounter, problems } = parseYaml(text, file);
  if (problems.length > 0) throw problemsError(file, problems);
  const locate = (path: readonly PropertyKey[]) => {
    // The deepest node that exists, so a missing key points at its parent.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = document.getIn(path.slice(0, depth) as (string | number)[], true) as
        | { range?: [number, number, number] }
        | undefined;
      const key = depth > 0 ? findKeyNode(document, path.slice(0, depth)) : undefined;
      const offset = key?.range?.[0] ?? node?.range?.[0];
      if (offset !== undefined) {
        const pos = lineCounter.linePos(offset);
        return { line: pos.line, column: pos.col };
      }
    }
    return undefined;
  };
  return { data: document.toJS() ?? {}, locate };
}

function findKeyNode(
  document: Document,
  path: readonly PropertyKey[],
): { range?: [number, number, number] } | undefined {
  const parent =
    path.length > 1 ? document.getIn(path.slice(0, -1) as (string | number)[], true) : document.contents;
  if (!isMap(parent)) return undefined;
  const last = path[path.length - 1];
  const pair = parent.items.find((item) => (item.key as { value?: unknown } | null)?.value === last);
  return pair?.key as { range?: [number, number, number] } | undefined;
}

/** One error carrying every problem, the first in its message as `file:line:column: what; fix`. */
export function problemsError(file: string, problems: Problem[]): AppError {
  const first = problems[0];
  const where = first?.line ? `${file}:${first.line}:${first.column ?? 1}` : file;
  const more =
    problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
  return new AppError(
    "MODEL_INVALID",
    `${where}: ${first?.message ?? "invalid file"}${first?.fix ? `; ${first.fix}` : ""}${more}`,
    { file, problems },
  );
}

function keysOf(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/** Validates `data` against `schema`; problems name the field path and, for text, the line. */
export function validateWith<S extends z.ZodType>(
  schema: S,
  data: unknown,
  file: string,
  locate?: ParsedText["locate"],
  knownKeys?: (path: readonly PropertyKey[]) => readonly string[],
): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw problemsError(
    file,
    describeIssues(parsed.error.issues, {
      file,
      ...(locate ? { locate } : {}),
      ...(knownKeys ? { knownKeys } : {}),
    }),
  );
}

/** Parses YAML/JSON text and validates it; errors name file, line, field and fix. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  text: string,
  file: string,
  knownKeys?: (path: readonly PropertyKey[]) => readonly string[],
): z.infer<S> {
  const { data, locate } = parseYamlText(text, file);
  return validateWith(schema, data, file, locate, knownKeys);
}

/** Reads a file as text, with FILE_NOT_FOUND naming it when it cannot be read. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new AppError("FILE_NOT_FOUND", `${path}: cannot be read`, { file: path }, { cause: error });
  }
}

export { keysOf };
