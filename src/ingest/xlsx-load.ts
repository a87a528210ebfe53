import type { Problem } from "../core/errors.js";
import { ident, raw, type SqlSession, sql } from "../store/index.js";
import type { InspectedFile } from "./inspect.js";
import type { RejectedRow, TableLoad } from "./table-load.js";

/** Loads one worksheet into a new table inside the caller's transaction. */
export async function loadXlsx(
  tx: SqlSession,
  file: InspectedFile,
  target: { schema: string; table: string },
  options: { sheet?: string; skipBadRows: boolean },
): Promise<TableLoad> {
  // Loaded on first use: the spreadsheet library is large and most imports never need it.
  const { readXlsx } = await import("./xlsx/index.js");
  const sheet = await readXlsx(file.path, {
    fileName: file.name,
    skipBadRows: options.skipBadRows,
    ...(options.sheet ? { sheet: options.sheet } : {}),
  });
  const defs = sheet.columns
    .map((c) => sql`${ident(c.name)} ${raw(c.type)}`)
    .reduce((a, b) => sql`${a}, ${b}`);
  await tx.run(sql`create table ${ident(target.schema, target.table)} (${defs})`);
  const writer = await tx.writer(target.schema, target.table);
  for (const row of sheet.rows) {
    writer.append(row);
  }
  writer.close();
  const rejects: RejectedRow[] = sheet.rejects.map((r) => {
    const problem: Problem = {
      file: `${file.name} [${sheet.sheet}]`,
      line: r.row,
      field: r.cell,
      message: r.message,
    };
    return { line: r.row, problems: [problem], text: "" };
  });
  const warnings =
    options.sheet || sheet.sheets.length <= 1
      ? []
      : [`read sheet "${sheet.sheet}" of ${sheet.sheets.length}; pass --sheet to choose another`];
  return {
    rows: sheet.rows.length,
    rejects,
    columns: await tx.columns(target.schema, target.table),
    warnings,
  };
}
