export { MIGRATIONS, type Migration } from "./migrations.js";
export {
  COLUMN_TYPES,
  type ColumnType,
  compile,
  ident,
  join,
  list,
  parseColumnType,
  raw,
  type SqlFragment,
  type SqlQuery,
  type SqlValue,
  sql,
  struct,
} from "./sql.js";
export { type ColumnInfo, type Row, SqlSession, Store, type StoreOptions, TableWriter } from "./store.js";
