import type { z } from "zod";
import type { Problem } from "./errors.js";

/** Turns a path such as ["sources", 2, "path"] into `sources[2].path`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(top level)";
}

/** Edit distance, for "did you mean" hints on misspelt keys. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** The closest of `candidates` to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

export interface IssueContext {
  file?: string;
  /** Finds the line and column of a path in the source document, when there is one. */
  locate?: (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;
  /** Keys allowed at a path, for "did you mean" hints on unknown keys. */
  knownKeys?: (path: readonly PropertyKey[]) => readonly string[];
}

/** Describes zod issues as problems that name the field and say how to fix it. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], context: IssueContext = {}): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path as PropertyKey[];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        const hint = closest(key, context.knownKeys?.(path) ?? []);
        problems.push({
          ...(context.file ? { file: context.file } : {}),
          ...context.locate?.(keyPath),
          field: formatPath(keyPath),
          message: `\`${formatPath(keyPath)}\` is not a known setting`,
          fix: hint ? `did you mean \`${hint}\`?` : "remove it or check the spelling",
        });
      }
      continue;
    }
    const field = formatPath(path);
    let message = issue.message;
    let fix: string | undefined;
    if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) {
      message = `\`${field}\` is required`;
      fix = `add \`${String(path[path.length - 1])}\` (${issue.expected})`;
    } else if (issue.code === "invalid_value" && "values" in issue) {
      message = `\`${field}\` must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    } else {
      message = `\`${field}\` ${issue.message}`;
    }
    problems.push({
      ...(context.file ? { file: context.file } : {}),
      ...context.locate?.(path),
      field,
      message,
      ...(fix ? { fix } : {}),
    });
  }
  return problems;
}
