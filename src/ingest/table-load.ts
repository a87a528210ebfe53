import type { Problem } from "../core/errors.js";
import { type ColumnInfo, ident, type SqlFragment, type SqlSession, sql } from "../store/index.js";

/** A row a loader could not take, with every problem found in it. */
export interface RejectedRow {
  /** 1-based line (text formats), row (spreadsheets) or record number. */
  line: number;
  problems: Problem[];
  /** The raw text of the row, when the format has one. */
  text: string;
}

/** What a loader put into its target table. */
export interface TableLoad {
  rows: number;
  rejects: RejectedRow[];
  columns: ColumnInfo[];
  warnings: string[];
}

/** Rewrites columns of a staging table in one pass: `select * replace (expression as column)`. */
export async function replaceColumns(
  tx: SqlSession,
  target: { schema: string; table: string },
  replacements: Map<string, SqlFragment>,
): Promise<void> {
  if (replacements.size === 0) return;
  const list = [...replacements]
    .map(([name, expression]) => sql`${expression} as ${ident(name)}`)
    .reduce((a, b) => sql`${a}, ${b}`);
  const converted = `${target.table}~converted`;
  await tx.run(
    sql`create table ${ident(target.schema, converted)} as select * replace (${list}) from ${ident(target.schema, target.table)}`,
  );
  await tx.run(sql`drop table ${ident(target.schema, target.table)}`);
  await tx.run(sql`alter table ${ident(target.schema, converted)} rename to ${ident(target.table)}`);
}
