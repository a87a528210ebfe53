import { AppError } from "../core/errors.js";
import { closest } from "../core/validation.js";
import { ident, sql } from "../store/index.js";
import { openFileTable } from "./file-table.js";

export interface FileSeries {
  periods: string[];
  values: number[];
  /** Spacing of the time column, when there is one. */
  grain: "hour" | "day" | "week" | "month" | "quarter" | null;
}

/**
 * Reads a series from a CSV (or Parquet / JSON) file for scripts that have no workspace: the value
 * column, and the time column when given (rows are then sorted by it and its spacing gives the grain).
 */
export async function readSeriesFile(
  path: string,
  options: { valueColumn: string; timeColumn?: string },
): Promise<FileSeries> {
  const store = await openFileTable(path, "series");
  try {
    const columns = await store.columns("main", "series");
    const names = columns.map((c) => c.name);
    const need = (name: string, flag: string) => {
      const column = columns.find((c) => c.name === name);
      if (column) return column;
      const hint = closest(name, names);
      throw new AppError(
        "USAGE",
        `${path} has no column "${name}" (${flag})${hint ? `; did you mean "${hint}"?` : `; its columns are ${names.join(", ")}`}.`,
        { field: flag },
      );
    };
    const value = need(options.valueColumn, "--value-column");
    if (!/^(BIGINT|INTEGER|SMALLINT|TINYINT|DOUBLE|FLOAT|DECIMAL|HUGEINT|UBIGINT)/.test(value.type)) {
      throw new AppError(
        "USAGE",
        `Column "${value.name}" of ${path} holds ${value.type} values, not numbers.`,
        { field: "--value-column" },
      );
    }
    const time = options.timeColumn ? need(options.timeColumn, "--time-column") : undefined;
    if (time && !/^(DATE|TIMESTAMP)/.test(time.type)) {
      throw new AppError(
        "USAGE",
        `Column "${time.name}" of ${path} holds ${time.type} values, not dates or timestamps.`,
        { field: "--time-column" },
      );
    }
    const rows = await store.all(
      time
        ? sql`select strftime(cast(${ident(time.name)} as timestamp), '%Y-%m-%d %H:%M') as t, cast(${ident(value.name)} as double) as v
              from series order by ${ident(time.name)}`
        : sql`select cast(rowid + 1 as varchar) as t, cast(${ident(value.name)} as double) as v from series order by rowid`,
    );
    const bad = rows.findIndex((r) => r.v === null || !Number.isFinite(Number(r.v)));
    if (bad >= 0)
      throw new AppError(
        "USAGE",
        `${path}: row ${bad + 1} has no number in "${value.name}"; fill it in or remove the row.`,
        { row: bad + 1 },
      );
    if (rows.length < 2)
      throw new AppError("FILE_EMPTY", `${path} has fewer than two values; a series needs more.`, {
        file: path,
      });
    let periods = rows.map((r) => String(r.t));
    let grain: FileSeries["grain"] = null;
    if (time) {
      const ms = periods.map((p) => Date.parse(`${p.replace(" ", "T")}:00Z`));
      const gaps = ms
        .slice(1)
        .map((t, i) => t - (ms[i] as number))
        .sort((a, b) => a - b);
      const median = gaps[Math.floor(gaps.length / 2)] as number;
      const hour = 3_600_000;
      grain =
        median <= 1.5 * hour
          ? "hour"
          : median <= 1.5 * 24 * hour
            ? "day"
            : median <= 8 * 24 * hour
              ? "week"
              : median <= 32 * 24 * hour
                ? "month"
                : "quarter";
      periods = periods.map((p) =>
        grain === "hour" ? `${p.slice(0, 10)}T${p.slice(11, 13)}:00` : p.slice(0, 10),
      );
    }
    return { periods, values: rows.map((r) => Number(r.v)), grain };
  } finally {
    store.close();
  }
}

/** A file's column as text, in file order (e.g. the subgroup of each row). */
export async function readSeriesLabels(path: string, column: string): Promise<string[]> {
  const store = await openFileTable(path, "series");
  try {
    const names = (await store.columns("main", "series")).map((c) => c.name);
    if (!names.includes(column)) {
      const hint = closest(column, names);
      throw new AppError(
        "USAGE",
        `${path} has no column "${column}"${hint ? `; did you mean "${hint}"?` : `; its columns are ${names.join(", ")}`}.`,
      );
    }
    const rows = await store.all(
      sql`select cast(${ident(column)} as varchar) as v from series order by rowid`,
    );
    return rows.map((r) => String(r.v));
  } finally {
    store.close();
  }
}
