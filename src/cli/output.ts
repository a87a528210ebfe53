import { type AppError, formatProblem, type Problem } from "../core/index.js";

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  isTTY: boolean;
  cwd: string;
}

export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
  };
}

/** Formats rows as an aligned text table; numbers right-aligned. */
export function table(rows: Record<string, unknown>[], columns?: string[]): string {
  if (rows.length === 0) return "(none)\n";
  const keys = columns ?? Object.keys(rows[0] as Record<string, unknown>);
  const text = (v: unknown) =>
    v === null || v === undefined ? "—" : typeof v === "number" ? v.toLocaleString("en") : String(v);
  const cells = rows.map((r) => keys.map((k) => text(r[k])));
  const widths = keys.map((k, i) => Math.max(k.length, ...cells.map((c) => (c[i] as string).length)));
  const numeric = keys.map((k) =>
    rows.every((r) => typeof r[k] === "number" || r[k] === null || r[k] === undefined),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number)))
      .join("  ")
      .trimEnd();
  return `${[line(keys), line(widths.map((w) => "─".repeat(w))), ...cells.map(line)].join("\n")}\n`;
}

export function printError(io: CliIO, error: AppError, json: boolean): void {
  if (json) {
    io.stdout(`${JSON.stringify({ error: error.toJSON() })}\n`);
    return;
  }
  io.stderr(`error: ${error.message}\n`);
  const problems = (error.details.problems as Problem[] | undefined) ?? [];
  if (problems.length > 1) {
    for (const problem of problems.slice(0, 20)) io.stderr(`  ${formatProblem(problem)}\n`);
    if (problems.length > 20) io.stderr(`  … and ${problems.length - 20} more\n`);
  }
}
