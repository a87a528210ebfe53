import { createHash, randomBytes } from "node:crypto";
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { AppError, defaultEffects, type Effects, formatProblem, type Problem } from "../core/index.js";
import { type ColumnInfo, ident, join as joinSql, type SqlSession, sql } from "../store/index.js";
import {
  DATASET_NAME,
  type EventLogConfig,
  editConfigList,
  type FileFormat,
  type ImportMode,
  isTimeZone,
  type Workspace,
} from "../workspace/index.js";
import { loadCsv } from "./csv.js";
import { type InspectedFile, inspectFile } from "./inspect.js";
import { loadJson, loadParquet } from "./json.js";
import { locateRecordLines } from "./locate.js";
import type { RejectedRow, TableLoad } from "./table-load.js";
import { replaceColumns } from "./table-load.js";
import { loadXes } from "./xes-load.js";
import { loadXlsx } from "./xlsx-load.js";

export interface ImportOptions {
  /** Dataset to create, replace or append to. */
  dataset: string;
  mode?: ImportMode;
  /** Columns that identify a row; duplicates are an error (or an upsert key in append mode). */
  key?: string[];
  delimiter?: string;
  timestampFormat?: string;
  sheet?: string;
  skipBadRows?: boolean;
  format?: FileFormat;
  encoding?: "utf-8" | "latin-1" | "utf-16";
  /** Column type overrides, e.g. {order_id: "VARCHAR"}. */
  types?: Record<string, string>;
  /** Longest CSV line accepted, in bytes (default 2 MiB). */
  maxLineBytes?: number;
  /** IANA zone of timestamps without an offset; they are stored as instants. */
  timezone?: string;
  /** Name shown in messages and provenance (an upload's original name); defaults to the file name. */
  sourceName?: string;
}

export interface ImportResult {
  importId: number;
  dataset: string;
  format: FileFormat;
  mode: ImportMode;
  /** Rows taken from the file. */
  rows: number;
  /** Rows skipped because they were bad (only with skipBadRows). */
  rejected: number;
  /** Rows in the dataset after the import. */
  rowsAfter: number;
  columns: ColumnInfo[];
  sha256: string;
  bytes: number;
  rejectsFile: string | null;
  durationMs: number;
  /** The event log an XES import defined. */
  log: EventLogConfig | null;
  warnings: string[];
}

const MAX_LISTED = 20;

/** Hashes a file as a stream. */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolve(hash.digest("hex")))
      .on("error", reject);
  });
}

export function checkDatasetName(name: string): void {
  if (!DATASET_NAME.test(name)) {
    throw new AppError(
      "USAGE",
      `"${name}" is not a valid dataset name: start with a letter or _, then letters, digits and _ only (at most 63), e.g. ${suggestName(name)}.`,
      { field: "dataset" },
    );
  }
}

/** A valid dataset name derived from a file name: `Bread Basket (2017).csv` → `bread_basket_2017`. */
export function suggestName(fileName: string): string {
  const stem = basename(fileName).replace(/(\.[a-z0-9]+)+$/i, "");
  let name = stem
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!/^[a-z_]/.test(name)) name = `d_${name}`;
  return name.slice(0, 63) || "dataset";
}

function badRowsError(file: InspectedFile, rejects: RejectedRow[]): AppError {
  const problems = rejects.flatMap((r) => r.problems);
  const first = problems[0];
  const lines = rejects.length;
  const listed = problems.slice(0, MAX_LISTED).map(formatProblem);
  return new AppError(
    "BAD_ROWS",
    `${first ? formatProblem(first) : `${file.name}: bad rows`}${lines > 1 ? ` (${lines.toLocaleString("en")} bad rows in all)` : ""}. Nothing was imported; fix the file, or pass --skip-bad-rows to import the good rows and get a rejects file.`,
    { file: file.name, badRows: lines, problems: problems.slice(0, 1000), listed },
  );
}

/**
 * Imports a file into a dataset, all or nothing: the file is read into a staging table inside one
 * transaction, checked (bad rows, keys, schema), then swapped in with its provenance. Any failure
 * rolls the transaction back and leaves the store exactly as it was.
 */
export async function importFile(
  workspace: Workspace,
  path: string,
  options: ImportOptions,
  effects: Effects = defaultEffects,
): Promise<ImportResult> {
  const started = performance.now();
  const mode = options.mode ?? "replace";
  checkDatasetName(options.dataset);
  if (options.timezone && !isTimeZone(options.timezone)) {
    throw new AppError(
      "TIMEZONE_UNKNOWN",
      `--timezone "${options.timezone}" is not a known IANA time zone; use a name such as Europe/Amsterdam, America/New_York or UTC.`,
      { field: "timezone" },
    );
  }
  if (options.key?.length === 0) throw new AppError("USAGE", "--key needs at least one column name.");
  const name = options.sourceName ?? basename(path);
  const file = await inspectFile(path, {
    name,
    ...(options.format ? { format: options.format } : {}),
    ...(options.encoding ? { encoding: options.encoding } : {}),
  });
  if (file.format === "xes" && mode === "append") {
    throw new AppError("USAGE", `${name}: an XES event log is imported whole; use --mode replace.`);
  }
  const hashing = sha256File(path);
  const tempDir = mkdtempSync(join(tmpdir(), "opsloop-import-"));
  const { store } = workspace;
  const staging = `import~${randomBytes(6).toString("hex")}`;
  const target = { schema: "data", table: staging };
  effects.progress.start(`Importing ${name}`, 100);
  let rejectsFile: string | null = null;
  try {
    const outcome = await store.transaction(async (tx) => {
      const load = await loadByFormat(tx, workspace, file, target, options, tempDir, (percent) =>
        effects.progress.update(Math.max(0, Math.min(99, percent)), 100),
      );
      if (load.rejects.length > 0 && !options.skipBadRows) throw badRowsError(file, load.rejects);
      if (load.rows === 0) {
        if (load.rejects.length > 0) throw badRowsError(file, load.rejects);
        throw new AppError("FILE_EMPTY", `${name} has column names but no rows; nothing to import.`, {
          file: name,
        });
      }
      if (options.timezone) await localiseTimestamps(tx, target, load.columns, options.timezone);
      const columns = await tx.columns(target.schema, target.table);
      if (options.key) await checkKey(tx, file, target, columns, options.key, load.rejects);
      const rowsAfter = await swapIn(tx, target, options.dataset, mode, options.key, columns, name);
      if (load.rejects.length > 0) rejectsFile = writeRejects(workspace, options.dataset, load.rejects);
      const sha256 = await hashing;
      const importedAt = effects.clock.now();
      const durationMs = Math.round(performance.now() - started);
      const importId = Number(
        await tx.value(
          sql`insert into app.imports (dataset, source_name, source_path, sha256, bytes, format, mode, rows_loaded,
              rows_rejected, rows_after, options, imported_at, duration_ms)
              values (${options.dataset}, ${name}, ${workspace.displayPath(path)}, ${sha256},
              ${file.bytes}, ${file.format}, ${mode}, ${load.rows}, ${load.rejects.length}, ${rowsAfter},
              ${JSON.stringify(recordedOptions(options, rejectsFile))}, ${importedAt}, ${durationMs}) returning id`,
        ),
      );
      const kind = file.format === "xes" ? "eventlog" : "table";
      await tx.run(
        sql`insert into app.datasets (name, kind, created_at, updated_at, last_import_id)
            values (${options.dataset}, ${kind}, ${importedAt}, ${importedAt}, ${importId})
            on conflict (name) do update set kind = excluded.kind, updated_at = excluded.updated_at,
            last_import_id = excluded.last_import_id`,
      );
      return {
        load,
        columns: await tx.columns("data", options.dataset),
        rowsAfter,
        sha256,
        importId,
      };
    });
    effects.progress.update(100, 100);
    const log = file.format === "xes" ? xesLogDefinition(options.dataset, outcome.columns) : null;
    recordSource(workspace, path, file.format, mode, options, log);
    return {
      importId: outcome.importId,
      dataset: options.dataset,
      format: file.format,
      mode,
      rows: outcome.load.rows,
      rejected: outcome.load.rejects.length,
      rowsAfter: outcome.rowsAfter,
      columns: outcome.columns,
      sha256: outcome.sha256,
      bytes: file.bytes,
      rejectsFile,
      durationMs: Math.round(performance.now() - started),
      log,
      warnings: outcome.load.warnings,
    };
  } catch (error) {
    if (rejectsFile) rmSync(rejectsFile, { force: true });
    await hashing.catch(() => undefined);
    throw error;
  } finally {
    effects.progress.finish();
    rmSync(tempDir, { recursive: true, force: true });
  }
}

async function loadByFormat(
  tx: SqlSession,
  workspace: Workspace,
  file: InspectedFile,
  target: { schema: string; table: string },
  options: ImportOptions,
  tempDir: string,
  onProgress: (percent: number) => void,
): Promise<TableLoad> {
  const skipBadRows = options.skipBadRows ?? false;
  switch (file.format) {
    case "csv":
    case "tsv": {
      const existing = (await tx.tableExists("data", options.dataset))
        ? await tx.columns("data", options.dataset)
        : [];
      const knownTypes = Object.fromEntries(existing.map((c) => [c.name, c.type]));
      return loadCsv(
        tx,
        file,
        target,
        {
          knownTypes,
          ...(options.delimiter ? { delimiter: options.delimiter } : {}),
          ...(options.timestampFormat ? { timestampFormat: options.timestampFormat } : {}),
          ...(options.types ? { types: options.types } : {}),
          ...(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {}),
        },
        onProgress,
      );
    }
    case "json":
    case "ndjson":
      return loadJson(tx, file, target, { skipBadRows, tempDir });
    case "parquet":
      return loadParquet(tx, file, target);
    case "xlsx":
      return loadXlsx(tx, file, target, { skipBadRows, ...(options.sheet ? { sheet: options.sheet } : {}) });
    case "xes":
      return loadXes(tx, file, target, {
        timeZone: options.timezone ?? workspace.config.business.timezone,
        tempDir,
        onProgress,
      });
  }
}

/** Turns naive TIMESTAMP columns into instants, reading them in `zone`. */
async function localiseTimestamps(
  tx: SqlSession,
  target: { schema: string; table: string },
  columns: ColumnInfo[],
  zone: string,
) {
  const naive = columns.filter((c) => c.type === "TIMESTAMP");
  await replaceColumns(
    tx,
    target,
    new Map(naive.map((c) => [c.name, sql`timezone(${zone}, ${ident(c.name)})`])),
  );
}

/** Key columns must exist, be filled in every row and be unique. */
async function checkKey(
  tx: SqlSession,
  file: InspectedFile,
  target: { schema: string; table: string },
  columns: ColumnInfo[],
  key: string[],
  rejects: RejectedRow[],
): Promise<void> {
  const names = columns.map((c) => c.name);
  const missing = key.filter((k) => !names.includes(k));
  if (missing.length > 0) {
    throw new AppError(
      "USAGE",
      `${file.name}: key column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} not in the file; its columns are ${names.join(", ")}.`,
      { field: "key", missing },
    );
  }
  const table = ident(target.schema, target.table);
  const keyCols = joinSql(key.map((k) => ident(k)));
  // Rows written in an open transaction carry row ids from a high base; positions are offsets from it.
  const base = sql`(select min(rowid) from ${table})`;
  const nullCondition = key.map((k) => sql`${ident(k)} is null`).reduce((a, b) => sql`${a} or ${b}`);
  const nulls = await tx.all(
    sql`select rowid - ${base} as r from ${table} where ${nullCondition} order by rowid limit ${MAX_LISTED}`,
  );
  const rejectedLines = new Set(rejects.map((r) => r.line));
  if (nulls.length > 0) {
    const total = Number(await tx.value(sql`select count(*) from ${table} where ${nullCondition}`));
    const lines = await lineNumbers(
      file,
      nulls.map((r) => Number(r.r)),
      rejectedLines,
    );
    const problems: Problem[] = nulls.map((_row, i) => ({
      file: file.name,
      ...(lines[i] !== undefined ? { line: lines[i] } : {}),
      field: key.join(", "),
      message: `the key (${key.join(", ")}) is empty`,
      fix: "fill in the key, or drop the row",
    }));
    throw new AppError(
      "MISSING_KEY",
      `${formatProblem(problems[0] as Problem)}${total > 1 ? ` (${total.toLocaleString("en")} rows in all)` : ""}. Nothing was imported.`,
      { file: file.name, problems, rows: total },
    );
  }
  // Cheap test first: most files have no duplicate keys, and listing rows per group costs.
  const duplicated = Number(
    await tx.value(
      sql`select count(*) from (select 1 from ${table} group by ${keyCols} having count(*) > 1)`,
    ),
  );
  const duplicates =
    duplicated === 0
      ? []
      : await tx.all(
          sql`select ${keyCols}, list(rowid - ${base} order by rowid) as rows, count(*) as n from ${table}
              group by all having count(*) > 1 order by min(rowid) limit ${MAX_LISTED}`,
        );
  if (duplicates.length > 0) {
    const groups = duplicated;
    const rowIds = duplicates.flatMap((d) => (d.rows as number[]).slice(0, 5).map(Number));
    const lines = await lineNumbers(file, rowIds, rejectedLines);
    const lineOf = new Map(rowIds.map((id, i) => [id, lines[i]]));
    const problems: Problem[] = duplicates.map((d) => {
      const ids = (d.rows as number[]).map(Number);
      const at = ids.map((id) => lineOf.get(id)).filter((l): l is number => l !== undefined);
      const value = key.map((k) => JSON.stringify(d[k])).join(", ");
      return {
        file: file.name,
        ...(at[0] !== undefined ? { line: at[1] ?? at[0] } : {}),
        field: key.join(", "),
        message: `key ${value} appears ${Number(d.n)} times${at.length > 0 ? ` (${file.format === "xlsx" ? "rows" : "lines"} ${at.join(", ")})` : ""}`,
        fix: "keep one row per key, or choose a different --key",
      };
    });
    throw new AppError(
      "DUPLICATE_KEY",
      `${formatProblem(problems[0] as Problem)}${groups > 1 ? ` (${groups.toLocaleString("en")} duplicated keys in all)` : ""}. Nothing was imported.`,
      { file: file.name, problems, duplicatedKeys: groups },
    );
  }
}

/** Line numbers (or sheet rows) of loaded rows, by their 0-based position in the staging table. */
async function lineNumbers(
  file: InspectedFile,
  rowIds: number[],
  rejectedLines: Set<number>,
): Promise<(number | undefined)[]> {
  if (file.format === "csv" || file.format === "tsv") {
    const found = await locateRecordLines(file.path, file.gzip, rowIds, rejectedLines);
    return rowIds.map((id) => found.get(id));
  }
  // Other formats have no line of their own per row; the key values identify the rows.
  return rowIds.map(() => undefined);
}

/** Moves the staging table into place as `dataset`; returns the dataset's rows afterwards. */
async function swapIn(
  tx: SqlSession,
  staging: { schema: string; table: string },
  dataset: string,
  mode: ImportMode,
  key: string[] | undefined,
  columns: ColumnInfo[],
  name: string,
): Promise<number> {
  const exists = await tx.tableExists("data", dataset);
  const stagingTable = ident(staging.schema, staging.table);
  const target = ident("data", dataset);
  if (!exists || mode === "replace") {
    if (exists) await tx.run(sql`drop table ${target}`);
    await tx.run(sql`alter table ${stagingTable} rename to ${ident(dataset)}`);
  } else {
    const existing = await tx.columns("data", dataset);
    const have = new Map(existing.map((c) => [c.name, c.type]));
    const incoming = new Map(columns.map((c) => [c.name, c.type]));
    const missing = existing.filter((c) => !incoming.has(c.name)).map((c) => c.name);
    const extra = columns.filter((c) => !have.has(c.name)).map((c) => c.name);
    if (missing.length > 0 || extra.length > 0) {
      const parts = [
        missing.length ? `missing ${missing.map((m) => `"${m}"`).join(", ")}` : "",
        extra.length ? `new ${extra.map((m) => `"${m}"`).join(", ")}` : "",
      ].filter(Boolean);
      throw new AppError(
        "SCHEMA_MISMATCH",
        `${name}: its columns do not match dataset "${dataset}" (${parts.join("; ")}); append files with the same columns, or use --mode replace.`,
        { missing, extra },
      );
    }
    if (key) {
      const match = key.map((k) => sql`d.${ident(k)} = s.${ident(k)}`).reduce((a, b) => sql`${a} and ${b}`);
      await tx.run(
        sql`delete from ${target} as d where exists (select 1 from ${stagingTable} as s where ${match})`,
      );
    }
    try {
      await tx.run(sql`insert into ${target} by name select * from ${stagingTable}`);
    } catch (error) {
      const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
      const mismatched = columns
        .filter((c) => have.get(c.name) !== c.type)
        .map((c) => `"${c.name}" is ${c.type} here but ${have.get(c.name)} in the dataset`);
      throw new AppError(
        "SCHEMA_MISMATCH",
        `${name}: its rows do not fit dataset "${dataset}"${mismatched.length ? `: ${mismatched.join("; ")}` : ""} (${message}); use --types to match, or --mode replace.`,
        { mismatched },
        { cause: error },
      );
    }
    await tx.run(sql`drop table ${stagingTable}`);
  }
  return Number(await tx.value(sql`select count(*) from ${target}`));
}

function csvField(value: string | number | undefined): string {
  const text = value === undefined ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes the rows that were skipped, one line per problem, to rejects/<dataset>-<time>.csv. */
function writeRejects(workspace: Workspace, dataset: string, rejects: RejectedRow[]): string {
  const dir = join(workspace.dir, "rejects");
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "");
  const path = join(dir, `${dataset}-${stamp}.csv`);
  const lines = ["line,column,field,problem,fix,row"];
  for (const reject of rejects) {
    for (const p of reject.problems) {
      lines.push(
        [p.line ?? reject.line, p.column, p.field, p.message, p.fix, reject.text].map(csvField).join(","),
      );
    }
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

function recordedOptions(options: ImportOptions, rejectsFile: string | null): Record<string, unknown> {
  const { dataset: _dataset, sourceName: _sourceName, ...rest } = options;
  return { ...rest, ...(rejectsFile ? { rejectsFile } : {}) };
}

/** The event log an XES import defines, by the standard XES attribute names. */
function xesLogDefinition(dataset: string, columns: ColumnInfo[]): EventLogConfig {
  const has = (name: string, type?: RegExp) =>
    columns.some((c) => c.name === name && (!type || type.test(c.type)));
  return {
    name: dataset,
    dataset,
    case: "case:concept:name",
    activity: "concept:name",
    timestamp: "time:timestamp",
    ...(has("org:resource") ? { resource: "org:resource" } : {}),
    ...(has("lifecycle:transition") ? { lifecycle: "lifecycle:transition" } : {}),
    // Logs exported with start and complete times in one event carry the start as `start_timestamp`.
    ...(has("start_timestamp", /^TIMESTAMP/) ? { startTimestamp: "start_timestamp" } : {}),
  };
}

/** Records the import in opsloop.yaml: the source file and, for XES, its event log. */
function recordSource(
  workspace: Workspace,
  path: string,
  format: FileFormat,
  mode: ImportMode,
  options: ImportOptions,
  log: EventLogConfig | null,
): void {
  const source = {
    dataset: options.dataset,
    path: workspace.displayPath(path),
    format,
    mode,
    ...(options.key ? { key: options.key } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(options.timestampFormat ? { timestampFormat: options.timestampFormat } : {}),
    ...(options.sheet ? { sheet: options.sheet } : {}),
    ...(options.types ? { types: options.types } : {}),
    ...(options.encoding ? { encoding: options.encoding } : {}),
  };
  workspace.updateConfig((doc) => {
    // Replacing a dataset forgets its earlier files; appending keeps them (once each).
    editConfigList<{ dataset: string; path: string }>(
      doc,
      "sources",
      (entry) =>
        mode === "append"
          ? !(entry.dataset === source.dataset && entry.path === source.path)
          : entry.dataset !== source.dataset,
      [source],
    );
    if (log) editConfigList<EventLogConfig>(doc, "logs", (l) => l.name !== log.name, [log]);
  });
}
