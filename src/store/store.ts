import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBInstance,
  type DuckDBResultReader,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBType,
  DuckDBTypeId,
  type DuckDBValue,
  listValue,
  structValue,
} from "@duckdb/node-api";
import { AppError } from "../core/errors.js";
import { MIGRATIONS } from "./migrations.js";
import { compile, ident, type SqlFragment, type SqlValue, sql } from "./sql.js";

/** A row as plain JSON-friendly values: numbers, strings, booleans, null, arrays, objects. */
export type Row = Record<string, unknown>;

export interface ColumnInfo {
  name: string;
  type: string;
}

export interface StoreOptions {
  /** IANA time zone used when the store shows or extracts parts of instants. */
  timeZone?: string;
  readOnly?: boolean;
}

const NUMERIC_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.DECIMAL,
]);

function toDuckValue(value: SqlValue): DuckDBValue {
  if (value instanceof Date) return new DuckDBTimestampTZValue(BigInt(value.getTime()) * 1000n);
  if (value !== null && typeof value === "object") {
    if (value.kind === "struct") {
      const entries: Record<string, DuckDBValue> = {};
      for (const [key, entry] of Object.entries(value.entries)) entries[key] = toDuckValue(entry);
      return structValue(entries);
    }
    return listValue(value.items.map(toDuckValue));
  }
  return value;
}

function numericOrString(text: unknown): unknown {
  if (typeof text !== "string") return text;
  const n = Number(text);
  return Number.isFinite(n) && (Number.isSafeInteger(n) || !/^-?\d+$/.test(text)) ? n : text;
}

/** Turns a result into plain rows: integers as numbers (strings past 2^53), instants as ISO 8601 UTC. */
export function readRows(reader: DuckDBResultReader): Row[] {
  const names = reader.columnNames();
  const types = reader.columnTypes().map((t) => t.typeId);
  const rows = reader.getRowsJson();
  return rows.map((values) => {
    const row: Row = {};
    names.forEach((name, i) => {
      let value: unknown = values[i];
      const type = types[i];
      if (value !== null && type !== undefined) {
        if (NUMERIC_TYPES.has(type)) value = numericOrString(value);
        else if (type === DuckDBTypeId.TIMESTAMP_TZ && typeof value === "string") value = isoInstant(value);
      }
      row[name] = value;
    });
    return row;
  });
}

/** `2024-07-02 03:04:05.5+00` → `2024-07-02T03:04:05.5Z`. */
function isoInstant(text: string): string {
  const m = /^(-?\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?$/.exec(text);
  if (!m) return text;
  const offset = m[3] === "+00" && (m[4] === undefined || m[4] === "00") ? "Z" : `${m[3]}:${m[4] ?? "00"}`;
  return `${m[1]}T${m[2]}${offset}`;
}

/** Serialises work on one connection: DuckDB runs one transaction per connection. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** Runs statements on one connection; inside `Store.transaction` it is the open transaction. */
export class SqlSession {
  constructor(protected readonly connection: DuckDBConnection) {}

  /** Runs a statement and discards its result. */
  async run(query: SqlFragment): Promise<void> {
    const { text, params } = compile(query);
    try {
      await this.connection.run(text, params.map(toDuckValue));
    } catch (error) {
      throw storeError(error, text);
    }
  }

  /** Runs a query and reads every row. */
  async all(query: SqlFragment): Promise<Row[]> {
    const { text, params } = compile(query);
    try {
      const reader = await this.connection.runAndReadAll(text, params.map(toDuckValue));
      return readRows(reader);
    } catch (error) {
      throw storeError(error, text);
    }
  }

  /**
   * Streams a query's result a data chunk at a time, column by column, for results too big to turn
   * into row objects. Values are DuckDB's own: numbers, bigints, strings, null.
   */
  async scan(
    query: SqlFragment,
    onChunk: (columns: readonly (readonly DuckDBValue[])[], rows: number) => void,
  ): Promise<void> {
    const { text, params } = compile(query);
    try {
      const result = await this.connection.stream(text, params.map(toDuckValue));
      const width = result.columnCount;
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const columns: DuckDBValue[][] = [];
        for (let i = 0; i < width; i++) columns.push(chunk.getColumnValues(i));
        onChunk(columns, chunk.rowCount);
      }
    } catch (error) {
      throw storeError(error, text);
    }
  }

  /**
   * Streams a query whose columns are all numbers that are never null (use coalesce), a data chunk
   * at a time, as typed arrays read straight from DuckDB's vectors where the bindings expose them.
   * The arrays are only valid inside the callback.
   */
  async scanNumbers(
    query: SqlFragment,
    onChunk: (columns: readonly ArrayLike<number>[], rows: number) => void,
  ): Promise<void> {
    const { text, params } = compile(query);
    try {
      const result = await this.connection.stream(text, params.map(toDuckValue));
      const width = result.columnCount;
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const columns: ArrayLike<number>[] = [];
        for (let i = 0; i < width; i++) {
          const vector = chunk.getColumnVector(i);
          const items = (vector as unknown as { items?: unknown }).items;
          const typed =
            items instanceof Int32Array ||
            items instanceof Float64Array ||
            items instanceof Int16Array ||
            items instanceof Int8Array
              ? items
              : null;
          columns.push(
            typed && typed.length === chunk.rowCount ? typed : (chunk.getColumnValues(i) as number[]),
          );
        }
        onChunk(columns, chunk.rowCount);
      }
    } catch (error) {
      throw storeError(error, text);
    }
  }

  /** Runs a query and reads its first row, or undefined. */
  async first(query: SqlFragment): Promise<Row | undefined> {
    const rows = await this.all(query);
    return rows[0];
  }

  /** Runs a query and reads the first column of its first row. */
  async value<T = unknown>(query: SqlFragment): Promise<T | undefined> {
    const row = await this.first(query);
    if (!row) return undefined;
    return Object.values(row)[0] as T;
  }

  /** Column names and SQL types of a table. */
  async columns(schema: string, table: string): Promise<ColumnInfo[]> {
    const rows = await this.all(
      sql`select column_name as name, data_type as type from information_schema.columns
          where table_schema = ${schema} and table_name = ${table} order by ordinal_position`,
    );
    return rows.map((row) => ({ name: String(row.name), type: String(row.type) }));
  }

  async tableExists(schema: string, table: string): Promise<boolean> {
    const n = await this.value<number>(
      sql`select count(*) from information_schema.tables where table_schema = ${schema} and table_name = ${table}`,
    );
    return (n ?? 0) > 0;
  }

  /** Opens a fast row writer on an existing table (DuckDB's appender). */
  async writer(schema: string, table: string): Promise<TableWriter> {
    const appender = await this.connection.createAppender(table, schema);
    const columns = await this.columns(schema, table);
    return new TableWriter(appender, columns);
  }

  /** Progress of the statement currently running on this session, 0–100, or -1 when unknown. */
  progress(): number {
    try {
      return this.connection.progress.percentage;
    } catch {
      return -1;
    }
  }
}

type CellConverter = (value: unknown) => DuckDBValue;

function cellConverter(type: string): CellConverter {
  const t = type.toUpperCase();
  if (t === "VARCHAR") return (v) => (typeof v === "string" ? v : JSON.stringify(v));
  if (t === "BIGINT") return (v) => (typeof v === "bigint" ? v : BigInt(Math.round(v as number)));
  if (t === "INTEGER" || t === "DOUBLE") return (v) => v as number;
  if (t === "BOOLEAN") return (v) => v as boolean;
  if (t === "TIMESTAMP WITH TIME ZONE" || t === "TIMESTAMPTZ")
    return (v) => new DuckDBTimestampTZValue(BigInt(Math.round(v as number)));
  if (t === "TIMESTAMP") return (v) => new DuckDBTimestampValue(BigInt(Math.round(v as number)));
  if (t === "DATE") return (v) => new DuckDBDateValue(Math.floor((v as number) / 86_400_000_000));
  return (v) => String(v);
}

const CHUNK_ROWS = 2048;

/**
 * Appends rows to a table fast, a data chunk of 2,048 rows at a time. Values per column: VARCHAR
 * string; BIGINT/INTEGER/DOUBLE number; BOOLEAN boolean; TIMESTAMP, TIMESTAMPTZ and DATE epoch
 * microseconds (number); null for missing.
 */
export class TableWriter {
  private readonly converters: CellConverter[];
  private readonly types: DuckDBType[];
  private buffers: DuckDBValue[][];
  private filled = 0;
  rows = 0;

  constructor(
    private readonly appender: DuckDBAppender,
    readonly columns: ColumnInfo[],
  ) {
    this.converters = columns.map((c) => cellConverter(c.type));
    this.types = columns.map((_c, i) => appender.columnType(i));
    this.buffers = columns.map(() => new Array<DuckDBValue>(CHUNK_ROWS));
  }

  append(values: readonly unknown[]): void {
    const { converters, buffers, filled } = this;
    for (let i = 0; i < converters.length; i++) {
      const value = values[i];
      (buffers[i] as DuckDBValue[])[filled] =
        value === null || value === undefined ? null : (converters[i] as CellConverter)(value);
    }
    this.filled++;
    this.rows++;
    if (this.filled === CHUNK_ROWS) this.flushChunk();
  }

  private flushChunk(): void {
    if (this.filled === 0) return;
    const n = this.filled;
    const chunk = DuckDBDataChunk.create(this.types, n);
    chunk.setColumns(n === CHUNK_ROWS ? this.buffers : this.buffers.map((b) => b.slice(0, n)));
    this.appender.appendDataChunk(chunk);
    this.buffers = this.columns.map(() => new Array<DuckDBValue>(CHUNK_ROWS));
    this.filled = 0;
  }

  flush(): void {
    this.flushChunk();
    this.appender.flushSync();
  }

  close(): void {
    this.flush();
    this.appender.closeSync();
  }
}

function storeError(error: unknown, statement?: string): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/Could not set lock on file|Conflicting lock is held/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new AppError(
      "STORE_LOCKED",
      `The workspace store is in use by another opsloop process${pid ? ` (pid ${pid})` : ""}, such as \`opsloop serve\`; stop it or use its HTTP API, then try again.`,
      { pid: pid ? Number(pid) : undefined },
      { cause: error },
    );
  }
  return new AppError("STORE_ERROR", message, statement ? { statement } : {}, { cause: error });
}

/**
 * The workspace store: one DuckDB database. Opens with migrations applied. Writes go through
 * `transaction`, one at a time; reads run on their own connection and see committed data.
 */
export class Store {
  private readonly lock = new Mutex();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly main: DuckDBConnection,
    readonly path: string,
    private readonly timeZone: string,
  ) {}

  /** Instants are shown and split into parts in the business's time zone. */
  private async configure(connection: DuckDBConnection): Promise<void> {
    const session = new SqlSession(connection);
    await session.run(sql`set TimeZone = ${this.timeZone}`);
    // Progress of long statements is read by the caller (see SqlSession.progress), never printed.
    await session.run(sql`set enable_progress_bar = true`);
    await session.run(sql`set enable_progress_bar_print = false`);
  }

  /** Opens (or creates) a store file, or an in-memory store with path ":memory:". */
  static async open(path: string, options: StoreOptions = {}): Promise<Store> {
    let instance: DuckDBInstance;
    const timeZone = options.timeZone ?? "UTC";
    try {
      instance = await DuckDBInstance.create(path, {
        access_mode: options.readOnly ? "READ_ONLY" : "READ_WRITE",
        // No network, no surprises: extensions ship with the bindings.
        autoinstall_known_extensions: "false",
        autoload_known_extensions: "true",
      });
    } catch (error) {
      throw storeError(error);
    }
    const main = await instance.connect();
    const store = new Store(instance, main, path, timeZone);
    await store.configure(main);
    if (!options.readOnly) await store.migrate();
    return store;
  }

  /** Applies migrations not yet applied, each in its own transaction. */
  private async migrate(): Promise<void> {
    await this.transaction(async (tx) => {
      await tx.run(sql`create schema if not exists app`);
      await tx.run(
        sql`create table if not exists app.schema_migrations (version integer primary key, name varchar not null, applied_at timestamptz not null)`,
      );
    });
    const applied = new Set(
      (await this.all(sql`select version from app.schema_migrations`)).map((row) => Number(row.version)),
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await this.transaction(async (tx) => {
        for (const statement of migration.statements) await tx.run(statement);
        await tx.run(
          sql`insert into app.schema_migrations values (${migration.version}, ${migration.name}, current_timestamp)`,
        );
      });
    }
  }

  /** Versions of the migrations applied to this store, in order. */
  async migrations(): Promise<number[]> {
    const rows = await this.all(sql`select version from app.schema_migrations order by version`);
    return rows.map((row) => Number(row.version));
  }

  /** Runs `work` in one transaction: all of it commits, or none of it does. */
  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      const session = new SqlSession(this.main);
      await session.run(sql`begin transaction`);
      try {
        const result = await work(session);
        await session.run(sql`commit`);
        return result;
      } catch (error) {
        try {
          await session.run(sql`rollback`);
        } catch {
          // The transaction may already be aborted; nothing more to undo.
        }
        throw error;
      }
    });
  }

  /** Runs read-only work on a fresh connection. */
  async read<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    const connection = await this.instance.connect();
    try {
      await this.configure(connection);
      return await work(new SqlSession(connection));
    } finally {
      connection.closeSync();
    }
  }

  all(query: SqlFragment): Promise<Row[]> {
    return this.read((s) => s.all(query));
  }

  first(query: SqlFragment): Promise<Row | undefined> {
    return this.read((s) => s.first(query));
  }

  scan(
    query: SqlFragment,
    onChunk: (columns: readonly (readonly DuckDBValue[])[], rows: number) => void,
  ): Promise<void> {
    return this.read((s) => s.scan(query, onChunk));
  }

  value<T = unknown>(query: SqlFragment): Promise<T | undefined> {
    return this.read((s) => s.value<T>(query));
  }

  columns(schema: string, table: string): Promise<ColumnInfo[]> {
    return this.read((s) => s.columns(schema, table));
  }

  tableExists(schema: string, table: string): Promise<boolean> {
    return this.read((s) => s.tableExists(schema, table));
  }

  /**
   * A checksum of a table's contents that does not depend on row order: row count plus the sum of a
   * 64-bit hash of every row, and the column names and types.
   */
  async tableChecksum(schema: string, table: string): Promise<string> {
    const columns = await this.columns(schema, table);
    const row = await this.first(
      sql`select count(*)::varchar as n, coalesce(sum(hash(t))::varchar, '0') as h from ${ident(schema, table)} as t`,
    );
    const shape = columns.map((c) => `${c.name}:${c.type}`).join(",");
    return `${row?.n ?? 0}-${row?.h ?? 0}-${shape}`;
  }

  /** Writes everything to the database file now. */
  async checkpoint(): Promise<void> {
    await this.lock.run(() => new SqlSession(this.main).run(sql`checkpoint`));
  }

  close(): void {
    this.main.closeSync();
    this.instance.closeSync();
  }
}
