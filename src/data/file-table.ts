import { AppError } from "../core/errors.js";
import { ident, Store, sql } from "../store/index.js";

/**
 * Opens an in-memory store holding one table read from a CSV, Parquet or JSON file, for commands
 * that read a file without a workspace. The caller closes the store.
 */
export async function openFileTable(path: string, table: string): Promise<Store> {
  const store = await Store.open(":memory:");
  const reader = /\.parquet$/i.test(path)
    ? sql`read_parquet(${path})`
    : /\.(nd)?json(l)?$/i.test(path)
      ? sql`read_json(${path})`
      : sql`read_csv(${path}, header = true)`;
  try {
    await store.transaction((tx) => tx.run(sql`create table ${ident(table)} as select * from ${reader}`));
    return store;
  } catch (error) {
    store.close();
    const text = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    const missing = /No files found|does not exist|Cannot open file/i.test(text);
    throw new AppError(
      missing ? "FILE_NOT_FOUND" : "PARSE_ERROR",
      missing ? `${path}: no such file.` : `${path}: ${text}`,
      { file: path },
    );
  }
}
