import { AppError, type Clock } from "../core/index.js";
import { type Row, type SqlSession, type Store, sql } from "../store/index.js";

/**
 * Improvement records (initiatives, suggestions, root-cause analyses) kept in the store as versioned
 * JSON documents, with every change in a history: who, when, which fields, before and after.
 * Updates are optimistic: the caller names the version it read, and a stale update is refused with the
 * current record, so two people editing at once never overwrite each other.
 */

export const RECORD_KINDS = ["initiative", "suggestion", "five-whys", "fishbone", "pareto"] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Id prefixes: I-12, S-3, W-1, F-2, P-4. */
const PREFIX: Record<RecordKind, string> = {
  initiative: "I",
  suggestion: "S",
  "five-whys": "W",
  fishbone: "F",
  pareto: "P",
};

const LABEL: Record<RecordKind, string> = {
  initiative: "initiative",
  suggestion: "suggestion",
  "five-whys": "5 Whys analysis",
  fishbone: "fishbone diagram",
  pareto: "Pareto analysis",
};

export interface StoredRecord<T> {
  kind: RecordKind;
  id: string;
  version: number;
  data: T;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface HistoryEntry {
  kind: RecordKind;
  id: string;
  version: number;
  action: string;
  actor: string;
  at: string;
  changes: FieldChange[];
}

function toRecord<T>(row: Row): StoredRecord<T> {
  return {
    kind: row.kind as RecordKind,
    id: String(row.id),
    version: Number(row.version),
    data: JSON.parse(String(row.data)) as T,
    createdAt: String(row.created_at),
    createdBy: String(row.created_by),
    updatedAt: String(row.updated_at),
    updatedBy: String(row.updated_by),
  };
}

/** Top-level fields whose values differ, with both values. */
export function fieldChanges(before: object | null, after: object): FieldChange[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return fields
    .filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]))
    .map((field) => ({ field, before: a[field] ?? null, after: b[field] ?? null }));
}

function checkActor(actor: string): string {
  const name = actor.trim();
  if (name === "" || name.length > 100) {
    throw new AppError(
      "USAGE",
      "Say who makes the change: a name of 1 to 100 characters (--actor NAME, or the X-Actor header).",
    );
  }
  return name;
}

async function writeHistory(
  tx: SqlSession,
  record: StoredRecord<unknown>,
  action: string,
  changes: FieldChange[],
): Promise<void> {
  await tx.run(
    sql`insert into app.record_history (kind, record_id, version, action, actor, changed_at, changes)
        values (${record.kind}, ${record.id}, ${record.version}, ${action}, ${record.updatedBy},
                cast(${record.updatedAt} as timestamptz), ${JSON.stringify(changes)})`,
  );
}

const SELECT = sql`select kind, id, version, data, strftime(created_at at time zone 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') as created_at, created_by,
  strftime(updated_at at time zone 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') as updated_at, updated_by from app.records`;

async function readRecord<T>(
  tx: SqlSession,
  kind: RecordKind,
  id: string,
): Promise<StoredRecord<T> | undefined> {
  const row = await tx.first(sql`${SELECT} where kind = ${kind} and id = ${id}`);
  return row ? toRecord<T>(row) : undefined;
}

function notFound(kind: RecordKind, id: string): AppError {
  return new AppError("NOT_FOUND", `No ${LABEL[kind]} ${id}.`, { kind, id });
}

/** Stores a new record with the next id of its kind (I-1, I-2 …) and its first history entry. */
export async function createRecord<T extends object>(
  store: Store,
  kind: RecordKind,
  data: T,
  actor: string,
  clock: Clock,
  action = "created",
): Promise<StoredRecord<T>> {
  const who = checkActor(actor);
  const at = clock.now().toISOString();
  return store.transaction(async (tx) => {
    // Numbers are never reused: a removed record keeps its id, and its history stays its own.
    const next = Number(
      (await tx.value(
        sql`select coalesce(max(cast(split_part(record_id, '-', 2) as integer)), 0) + 1
            from app.record_history where kind = ${kind}`,
      )) ?? 1,
    );
    const id = `${PREFIX[kind]}-${next}`;
    await tx.run(
      sql`insert into app.records values (${kind}, ${id}, ${next}, 1, ${JSON.stringify(data)},
          cast(${at} as timestamptz), ${who}, cast(${at} as timestamptz), ${who})`,
    );
    const record: StoredRecord<T> = {
      kind,
      id,
      version: 1,
      data,
      createdAt: at,
      createdBy: who,
      updatedAt: at,
      updatedBy: who,
    };
    await writeHistory(tx, record, action, fieldChanges(null, data));
    return record;
  });
}

export async function getRecord<T>(store: Store, kind: RecordKind, id: string): Promise<StoredRecord<T>> {
  const found = await store.read((s) => readRecord<T>(s, kind, id));
  if (!found) throw notFound(kind, id);
  return found;
}

export async function listRecords<T>(store: Store, kind: RecordKind): Promise<StoredRecord<T>[]> {
  const rows = await store.all(sql`${SELECT} where kind = ${kind} order by seq`);
  return rows.map((r) => toRecord<T>(r));
}

/**
 * Changes a record if it is still at `expectedVersion`: `change` gets the current data and returns
 * the new data (or throws to refuse). A stale version is refused with CONFLICT and the current record
 * in the error's details; nothing is written then.
 */
export async function updateRecord<T extends object>(
  store: Store,
  kind: RecordKind,
  id: string,
  expectedVersion: number,
  change: (current: T, record: StoredRecord<T>) => T | Promise<T>,
  actor: string,
  clock: Clock,
  action = "updated",
): Promise<StoredRecord<T>> {
  const who = checkActor(actor);
  return store.transaction(async (tx) => {
    const current = await readRecord<T>(tx, kind, id);
    if (!current) throw notFound(kind, id);
    if (current.version !== expectedVersion) {
      throw new AppError(
        "CONFLICT",
        `${LABEL[kind]} ${id} was changed by ${current.updatedBy} at ${current.updatedAt} (now version ${current.version}, you had ${expectedVersion}); reload it and make your change again.`,
        { current },
      );
    }
    const data = await change(structuredClone(current.data), current);
    const changes = fieldChanges(current.data, data);
    if (changes.length === 0) return current;
    const at = clock.now().toISOString();
    const updated: StoredRecord<T> = {
      ...current,
      version: current.version + 1,
      data,
      updatedAt: at,
      updatedBy: who,
    };
    await tx.run(
      sql`update app.records set version = ${updated.version}, data = ${JSON.stringify(data)},
          updated_at = cast(${at} as timestamptz), updated_by = ${who}
          where kind = ${kind} and id = ${id} and version = ${expectedVersion}`,
    );
    await writeHistory(tx, updated, action, changes);
    return updated;
  });
}

/** Removes a record; its history stays, with a last entry saying who removed it. */
export async function removeRecord(
  store: Store,
  kind: RecordKind,
  id: string,
  actor: string,
  clock: Clock,
): Promise<void> {
  const who = checkActor(actor);
  await store.transaction(async (tx) => {
    const current = await readRecord(tx, kind, id);
    if (!current) throw notFound(kind, id);
    await tx.run(sql`delete from app.records where kind = ${kind} and id = ${id}`);
    const at = clock.now().toISOString();
    await writeHistory(
      tx,
      { ...current, version: current.version + 1, updatedAt: at, updatedBy: who },
      "removed",
      [],
    );
  });
}

/** Every change of a record, oldest first. */
export async function recordHistory(store: Store, kind: RecordKind, id: string): Promise<HistoryEntry[]> {
  const rows = await store.all(
    sql`select version, action, actor, strftime(changed_at at time zone 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') as changed_at, changes
        from app.record_history where kind = ${kind} and record_id = ${id} order by id`,
  );
  return rows.map((r) => ({
    kind,
    id,
    version: Number(r.version),
    action: String(r.action),
    actor: String(r.actor),
    at: String(r.changed_at),
    changes: JSON.parse(String(r.changes)) as FieldChange[],
  }));
}
