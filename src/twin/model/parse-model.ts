import { readFileSync } from "node:fs";
import type { z } from "zod";
import { AppError, describeIssues, fileProblemsError, type Problem, parseYaml } from "../../core/index.js";

/** Where a YAML/JSON text's nodes are, for problems that name the line. */
interface ParsedText {
  data: unknown;
  locate: (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;
}

/** Parses YAML or JSON text (YAML 1.2 core schema: `on`/`yes` stay strings). */
export function parseYamlText(text: string, file: string): ParsedText {
  const { document, problems, locate } = parseYaml(text, file);
  if (problems.length > 0) throw problemsError(file, problems);
  return { data: document.toJS() ?? {}, locate };
}

/** One error carrying every problem, the first in its message as `file:line:column: what; fix`. */
export function problemsError(file: string, problems: Problem[]): AppError {
  return fileProblemsError("MODEL_INVALID", file, problems);
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
