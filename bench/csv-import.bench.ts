import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "../src/ingest/index.js";
import { Store, sql } from "../src/store/index.js";
import { freshWorkspace, median, seconds } from "./util.js";

const ROWS = 5_000_000;
const RUNS = 3;

/** A POS export of `rows` line items: ids, timestamps, text, integers and decimals. */
async function writeSalesCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write("line_id,receipt_id,sold_at,shop,product,category,quantity,unit_price,amount,customer_id\n");
  const products = [
    "Sourdough loaf",
    "Croissant",
    "Pain au chocolat",
    "Cappuccino",
    "Apple pie",
    "Baguette",
    "Cheese sandwich",
  ];
  const categories = ["bread", "pastry", "pastry", "coffee", "cake", "bread", "sandwich"];
  let chunk = "";
  for (let i = 0; i < rows; i++) {
    const p = i % products.length;
    const day = 1 + (i % 28);
    const minute = (i * 7) % 660;
    const quantity = 1 + (i % 4);
    const price = 1.5 + p * 0.75;
    chunk += `${i},${Math.floor(i / 3)},2025-${String(1 + ((i >> 10) % 12)).padStart(2, "0")}-${String(day).padStart(2, "0")} ${String(7 + Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:00,shop-${1 + (i % 2)},${products[p]},${categories[p]},${quantity},${price.toFixed(2)},${(quantity * price).toFixed(2)},${i % 5 === 0 ? "" : `C${i % 9973}`}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
}

/** DuckDB's own read_csv into a table of a fresh database file: the reference. */
async function duckdbReadCsv(path: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "opsloop-bench-duckdb-"));
  const store = await Store.open(join(dir, "ref.duckdb"));
  const started = performance.now();
  await store.transaction((tx) => tx.run(sql`create table t as select * from read_csv(${path})`));
  const ms = performance.now() - started;
  const rows = Number(await store.value(sql`select count(*) from t`));
  store.close();
  rmSync(dir, { recursive: true, force: true });
  if (rows !== ROWS) throw new Error(`reference read ${rows} rows, expected ${ROWS}`);
  return ms;
}

async function opsloopImport(path: string): Promise<number> {
  const workspace = await freshWorkspace();
  const started = performance.now();
  const result = await importFile(workspace, path, { dataset: "sales", key: ["line_id"] });
  const ms = performance.now() - started;
  workspace.close();
  rmSync(workspace.dir, { recursive: true, force: true });
  if (result.rowsAfter !== ROWS)
    throw new Error(`opsloop imported ${result.rowsAfter} rows, expected ${ROWS}`);
  return ms;
}

export async function benchCsvImport(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), "opsloop-bench-csv-"));
  const path = join(dir, "sales.csv");
  process.stdout.write(`writing ${ROWS.toLocaleString("en")} rows … `);
  await writeSalesCsv(path, ROWS);
  const bytes = statSync(path).size;
  process.stdout.write(`${(bytes / 1e6).toFixed(0)} MB\n`);
  const reference: number[] = [];
  const ours: number[] = [];
  // Interleaved, so both see the same machine state.
  for (let run = 0; run < RUNS; run++) {
    reference.push(await duckdbReadCsv(path));
    ours.push(await opsloopImport(path));
    process.stdout.write(
      `run ${run + 1}: duckdb read_csv ${seconds(reference[run] as number)} s, opsloop import ${seconds(ours[run] as number)} s\n`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  const ratio = median(reference) / median(ours);
  process.stdout.write(
    `median: duckdb ${seconds(median(reference))} s, opsloop ${seconds(median(ours))} s; ratio (duckdb/opsloop) ${ratio.toFixed(2)} (target ≥ 0.8)\n`,
  );
  return {
    rows: ROWS,
    bytes,
    runs: RUNS,
    duckdbReadCsvSeconds: reference.map(seconds),
    opsloopImportSeconds: ours.map(seconds),
    medianDuckdbSeconds: seconds(median(reference)),
    medianOpsloopSeconds: seconds(median(ours)),
    ratio: Math.round(ratio * 100) / 100,
    target: 0.8,
    pass: ratio >= 0.8,
    note: "opsloop's import includes type refinement, the key check on line_id, the sha256 of the file and provenance.",
  };
}
