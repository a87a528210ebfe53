import type { Problem } from "../core/errors.js";
import type { ColumnInfo } from "../store/index.js";

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
