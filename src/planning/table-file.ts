/**
 * Reads a small table (CSV, TSV, JSON, NDJSON or Parquet) for the planners, with every cell as text
 * or null, and checks that the columns the planner needs are there.
 */
import { AppError, closest } from "../core/index.js";
import { openFileTable } from "../data/index.js";
import { ident, join, sql } from "../store/index.js";

export interface TableColumn {
  /** Column name in the file. */
  name: string;
  /** The flag (or field) that names it, for the message when it is missing. */
  flag: string;
  optional?: boolean;
}

export interface TableFile {
  /** One record per row, keyed by the column names asked for; cells as text, null when empty. */
  rows: Record<string, string | null>[];
  columns: string[];
}

export async function readTableFile(path: string, wanted: readonly TableColumn[]): Promise<TableFile> {
  const store = await openFileTable(path, "input");
  try {
    const columns = (await store.columns("main", "input")).map((c) => c.name);
    const problems = wanted
      .filter((w) => !w.optional && !columns.includes(w.name))
      .map((w) => {
        const hint = closest(w.name, columns);
        return {
          file: path,
          field: w.name,
          message: `${path} has no column "${w.name}" (${w.flag})`,
          fix: hint ? `did you mean "${hint}"?` : `its columns are ${columns.join(", ")}`,
        };
      });
    if (problems.length > 0)
      throw new AppError("USAGE", problems.map((p) => `${p.message}; ${p.fix}`).join(". "), { problems });
    const present = wanted.filter((w) => columns.includes(w.name));
    if (present.length === 0) return { rows: [], columns };
    const select = present.map((w, i) => sql`cast(${ident(w.name)} as varchar) as ${ident(`c${i}`)}`);
    const raw = await store.all(sql`select ${join(select)} from input order by rowid`);
    const rows = raw.map((r) =>
      Object.fromEntries(
        present.map((w, i) => {
          const cell = r[`c${i}`];
          return [w.name, cell === null || cell === undefined || cell === "" ? null : String(cell)];
        }),
      ),
    );
    if (rows.length === 0) throw new AppError("FILE_EMPTY", `${path} has no rows.`, { file: path });
    return { rows, columns };
  } finally {
    store.close();
  }
}

/** A number from a cell, or a problem naming the file, line and column. */
export function numberCell(
  value: string | null,
  where: { file: string; line: number; column: string },
  rule: { min?: number } = {},
): number | string {
  const n = value === null ? Number.NaN : Number(value);
  if (!Number.isFinite(n))
    return `${where.file}:${where.line}: "${where.column}" must be a number; got ${value === null ? "nothing" : `"${value}"`}`;
  if (rule.min !== undefined && n < rule.min)
    return `${where.file}:${where.line}: "${where.column}" must be at least ${rule.min}; got ${n}`;
  return n;
}

/** Throws BAD_ROWS with every problem found in a file's rows. */
export function failOnProblems(file: string, problems: string[]): void {
  if (problems.length === 0) return;
  const shown = problems.slice(0, 10);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : "";
  throw new AppError("BAD_ROWS", `${shown.join("; ")}${more}.`, { file, problems });
}
