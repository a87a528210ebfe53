import type { Problem } from "../../core/index.js";

/** `file:line:column: what is wrong — how to fix it`, the way compilers report problems. */
export function describeProblem(problem: Problem): string {
  const place = [problem.file, problem.line, problem.column].filter((part) => part !== undefined).join(":");
  const fix = problem.fix ? ` — ${problem.fix}` : "";
  return `${place ? `${place}: ` : ""}${problem.message}${fix}`;
}
