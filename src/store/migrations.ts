import { type SqlFragment, sql } from "./sql.js";

export interface Migration {
  version: number;
  name: string;
  statements: SqlFragment[];
}

/**
 * Versioned migrations of the application tables (schema `app`). User datasets live in schema
 * `data`, one table each. Never edit a released migration; add a new one.
 */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "datasets and import provenance",
    statements: [
      sql`create schema if not exists data`,
      sql`create sequence if not exists app.import_id start 1`,
      sql`create table app.imports (
        id bigint primary key default nextval('app.import_id'),
        dataset varchar not null,
        source_name varchar not null,
        source_path varchar,
        sha256 varchar not null,
        bytes bigint not null,
        format varchar not null,
        mode varchar not null,
        rows_loaded bigint not null,
        rows_rejected bigint not null,
        rows_after bigint not null,
        options json not null,
        imported_at timestamptz not null,
        duration_ms bigint not null
      )`,
      sql`create table app.datasets (
        name varchar primary key,
        kind varchar not null,
        description varchar,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        last_import_id bigint
      )`,
    ],
  },
  {
    version: 2,
    name: "goal status history and events",
    statements: [
      sql`create sequence if not exists app.goal_history_id start 1`,
      sql`create table app.goal_history (
        id bigint primary key default nextval('app.goal_history_id'),
        kpi varchar not null,
        evaluated_at timestamptz not null,
        status varchar not null,
        current_value double,
        projected_value double,
        target double not null,
        deadline date not null
      )`,
      sql`create sequence if not exists app.event_id start 1`,
      sql`create table app.events (
        id bigint primary key default nextval('app.event_id'),
        kind varchar not null,
        source varchar not null,
        key varchar not null unique,
        period varchar,
        payload json not null,
        created_at timestamptz not null
      )`,
    ],
  },
  {
    version: 3,
    name: "improvement records and their history",
    statements: [
      sql`create table app.records (
        kind varchar not null,
        id varchar not null,
        seq integer not null,
        version integer not null,
        data json not null,
        created_at timestamptz not null,
        created_by varchar not null,
        updated_at timestamptz not null,
        updated_by varchar not null,
        primary key (kind, id)
      )`,
      sql`create sequence if not exists app.record_history_id start 1`,
      sql`create table app.record_history (
        id bigint primary key default nextval('app.record_history_id'),
        kind varchar not null,
        record_id varchar not null,
        version integer not null,
        action varchar not null,
        actor varchar not null,
        changed_at timestamptz not null,
        changes json not null
      )`,
    ],
  },
];
