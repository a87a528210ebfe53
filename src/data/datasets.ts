import { AppError } from "../core/errors.js";
import { closest } from "../core/validation.js";
import { type ColumnInfo, ident, raw, type Store, sql } from "../store/index.js";

export interface DatasetSummary {
  name: string;
  kind: "table" | "eventlog";
  rows: number;
  columns: ColumnInfo[];
  /** The file of the last import, as it was named. */
  source: string | null;
  sha256: string | null;
  importedAt: string | null;
  description: string | null;
}

export interface ImportRecord {
  id: number;
  sourceName: string;
  sourcePath: string | null;
  sha256: string;
  bytes: number;
  format: string;
  mode: string;
  rowsLoaded: number;
  rowsRejected: number;
  rowsAfter: number;
  importedAt: string;
  durationMs: number;
  rejectsFile: string | null;
  options: Record<string, unknown>;
}

/** Every dataset in the store with its size, columns and where it came from. */
export async function listDatasets(store: Store): Promise<DatasetSummary[]> {
  return store.read(async (s) => {
    const rows = await s.all(
      sql`select t.table_name as name, d.kind, d.description, i.source_name, i.sha256, i.imported_at
          from information_schema.tables t
          left join app.datasets d on d.name = t.table_name
          left join app.imports i on i.id = d.last_import_id
          where t.table_schema = 'data' and t.table_name not like 'import~%'
          order by t.table_name`,
    );
    const columns = await s.all(
      sql`select table_name, column_name, data_type from information_schema.columns
          where table_schema = 'data' order by table_name, ordinal_position`,
    );
    const result: DatasetSummary[] = [];
    for (const row of rows) {
      const name = String(row.name);
      const count = Number(await s.value(sql`select count(*) from ${ident("data", name)}`));
      result.push({
        name,
        kind: row.kind === "eventlog" ? "eventlog" : "table",
        rows: count,
        columns: columns
          .filter((c) => c.table_name === name)
          .map((c) => ({ name: String(c.column_name), type: String(c.data_type) })),
        source: (row.source_name as string | null) ?? null,
        sha256: (row.sha256 as string | null) ?? null,
        importedAt: (row.imported_at as string | null) ?? null,
        description: (row.description as string | null) ?? null,
      });
    }
    return result;
  });
}

/** Throws NOT_FOUND, with a did-you-mean hint, unless the dataset exists. */
export async function requireDataset(store: Store, name: string): Promise<void> {
  if (await store.tableExists("data", name)) return;
  const names = (await listDatasets(store)).map((d) => d.name);
  const hint = closest(name, names);
  throw new AppError(
    "NOT_FOUND",
    `No dataset "${name}"${hint ? `; did you mean "${hint}"?` : names.length ? `; datasets are ${names.join(", ")}.` : "; import one with `opsloop import FILE --as NAME`."}`,
    { dataset: name, datasets: names },
  );
}

export async function getDataset(
  store: Store,
  name: string,
): Promise<{ dataset: DatasetSummary; imports: ImportRecord[] }> {
  await requireDataset(store, name);
  const dataset = (await listDatasets(store)).find((d) => d.name === name) as DatasetSummary;
  const rows = await store.all(
    sql`select id, source_name, source_path, sha256, bytes, format, mode, rows_loaded, rows_rejected, rows_after,
        imported_at, duration_ms, options from app.imports where dataset = ${name} order by id desc`,
  );
  const imports = rows.map((r) => {
    const options = JSON.parse(String(r.options ?? "{}")) as Record<string, unknown>;
    return {
      id: Number(r.id),
      sourceName: String(r.source_name),
      sourcePath: (r.source_path as string | null) ?? null,
      sha256: String(r.sha256),
      bytes: Number(r.bytes),
      format: String(r.format),
      mode: String(r.mode),
      rowsLoaded: Number(r.rows_loaded),
      rowsRejected: Number(r.rows_rejected),
      rowsAfter: Number(r.rows_after),
      importedAt: String(r.imported_at),
      durationMs: Number(r.duration_ms),
      rejectsFile: typeof options.rejectsFile === "string" ? options.rejectsFile : null,
      options,
    };
  });
  return { dataset, imports };
}

export interface RowPage {
  columns: ColumnInfo[];
  rows: Record<string, unknown>[];
  offset: number;
  limit: number;
  total: number;
}

const DISPLAY_AS_TEXT = /^(DATE|TIME|TIMESTAMP|INTERVAL|UUID|BLOB|HUGEINT|UHUGEINT|DECIMAL)/;

/** A page of a dataset's rows, optionally sorted by one column; dates and times come as text. */
export async function readDatasetRows(
  store: Store,
  name: string,
  page: { offset?: number; limit?: number; sort?: string; order?: "asc" | "desc" } = {},
): Promise<RowPage> {
  await requireDataset(store, name);
  const columns = await store.columns("data", name);
  const offset = Math.max(0, Math.floor(page.offset ?? 0));
  const limit = Math.max(1, Math.min(1000, Math.floor(page.limit ?? 50)));
  if (page.sort && !columns.some((c) => c.name === page.sort)) {
    const hint = closest(
      page.sort,
      columns.map((c) => c.name),
    );
    throw new AppError(
      "USAGE",
      `Dataset "${name}" has no column "${page.sort}"${hint ? `; did you mean "${hint}"?` : ""}.`,
      { field: "sort" },
    );
  }
  const select = columns
    .map((c) =>
      DISPLAY_AS_TEXT.test(c.type) && !c.type.startsWith("DECIMAL")
        ? sql`${ident(c.name)}::varchar as ${ident(c.name)}`
        : ident(c.name),
    )
    .reduce((a, b) => sql`${a}, ${b}`);
  const order = page.sort
    ? sql`order by ${ident(page.sort)} ${raw(page.order === "desc" ? "desc" : "asc")} nulls last, rowid`
    : sql`order by rowid`;
  const rows = await store.all(
    sql`select ${select} from ${ident("data", name)} ${order} limit ${limit} offset ${offset}`,
  );
  const total = Number(await store.value(sql`select count(*) from ${ident("data", name)}`));
  return { columns, rows, offset, limit, total };
}

export interface ColumnProfile {
  name: string;
  type: string;
  nulls: number;
  distinct: number;
  min: unknown;
  max: unknown;
  mean: number | null;
  top: { value: unknown; count: number }[];
}

export interface DatasetProfile {
  columns: ColumnProfile[];
  timeline: {
    column: string;
    grain: "day" | "week" | "month";
    points: { period: string; rows: number }[];
  } | null;
}

/** Per-column statistics and, when there is a time column, rows per period. */
export async function profileDataset(store: Store, name: string): Promise<DatasetProfile> {
  await requireDataset(store, name);
  const columns = await store.columns("data", name);
  const table = ident("data", name);
  const profiles: ColumnProfile[] = [];
  for (const column of columns) {
    const col = ident(column.name);
    const numeric =
      /^(BIGINT|INTEGER|DOUBLE|FLOAT|DECIMAL|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|REAL)/.test(
        column.type,
      );
    const orderable = numeric || /^(DATE|TIME|TIMESTAMP|VARCHAR|BOOLEAN)/.test(column.type);
    const stats = await store.first(
      sql`select count(*) - count(${col}) as nulls, approx_count_distinct(${col}) as distinct_values
          ${orderable ? sql`, min(${col})::varchar as min, max(${col})::varchar as max` : raw("")}
          ${numeric ? sql`, avg(${col})::double as mean` : raw("")} from ${table}`,
    );
    const top =
      column.type === "VARCHAR" || column.type === "BOOLEAN"
        ? await store.all(
            sql`select ${col}::varchar as value, count(*) as count from ${table} where ${col} is not null
              group by all order by count desc, value limit 5`,
          )
        : [];
    profiles.push({
      name: column.name,
      type: column.type,
      nulls: Number(stats?.nulls ?? 0),
      distinct: Number(stats?.distinct_values ?? 0),
      min: numeric && stats?.min != null ? Number(stats.min) : (stats?.min ?? null),
      max: numeric && stats?.max != null ? Number(stats.max) : (stats?.max ?? null),
      mean: numeric && stats?.mean != null ? Number(stats.mean) : null,
      top: top.map((t) => ({ value: t.value, count: Number(t.count) })),
    });
  }
  return { columns: profiles, timeline: await timeline(store, name, columns) };
}

/** Rows per day, week or month over the first timestamp or date column. */
async function timeline(
  store: Store,
  name: string,
  columns: ColumnInfo[],
): Promise<DatasetProfile["timeline"]> {
  const time = columns.find((c) => /^TIMESTAMP/.test(c.type)) ?? columns.find((c) => c.type === "DATE");
  if (!time) return null;
  const col = ident(time.name);
  const table = ident("data", name);
  const span = await store.first(
    sql`select datediff('day', min(${col})::date, max(${col})::date) as days from ${table}`,
  );
  const days = Number(span?.days ?? 0);
  const grain = days > 900 ? "month" : days > 120 ? "week" : "day";
  const points = await store.all(
    sql`select strftime(date_trunc(${grain}, ${col})::date, '%Y-%m-%d') as period, count(*) as rows from ${table}
        where ${col} is not null group by all order by period`,
  );
  return {
    column: time.name,
    grain,
    points: points.map((p) => ({ period: String(p.period), rows: Number(p.rows) })),
  };
}

/** Removes a dataset and its catalogue entry; its import history stays as provenance. */
export async function deleteDataset(store: Store, name: string): Promise<void> {
  await requireDataset(store, name);
  await store.transaction(async (tx) => {
    await tx.run(sql`drop table ${ident("data", name)}`);
    await tx.run(sql`delete from app.datasets where name = ${name}`);
  });
}
