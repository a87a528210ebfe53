import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDatasetRows } from "../src/data/index.js";
import { importFile } from "../src/ingest/index.js";
import { sql } from "../src/store/index.js";
import type { Workspace } from "../src/workspace/index.js";
import { sharedData } from "./helpers/shared-data.js";
import { tempWorkspace } from "./helpers/workspace.js";

const dir = mkdtempSync(join(tmpdir(), "opsloop-files-"));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("importing good files", () => {
  let workspace: Workspace;

  beforeAll(async () => {
    workspace = await tempWorkspace("opsloop-import-");
  });
  afterAll(() => workspace.close());

  it("imports the good rows with --skip-bad-rows and writes each bad row's reason", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},shop-${1 + (i % 2)},${(i * 1.25).toFixed(2)}`);
    rows[9] = "9,shop-2";
    rows[19] = "19,shop-2,twelve";
    const result = await importFile(workspace, file("mixed.csv", `id,shop,amount\n${rows.join("\n")}\n`), {
      dataset: "mixed",
      skipBadRows: true,
    });
    expect(result).toMatchObject({ rows: 38, rejected: 2, rowsAfter: 38 });
    const rejects = readFileSync(result.rejectsFile as string, "utf8")
      .trim()
      .split("\n");
    expect(rejects[0]).toBe("line,column,field,problem,fix,row");
    expect(rejects[1]).toMatch(/^11,\d+,amount,the row has 2 fields but the header has 3,.*,"9,shop-2"$/);
    expect(rejects[2]).toMatch(/^21,\d+,amount,"column ""amount"": expected a number, found ""twelve""",/);
  });

  it("appends with a key as an upsert and keeps other rows", async () => {
    await importFile(workspace, file("day1.csv", "id,qty\n1,10\n2,20\n"), { dataset: "stock", key: ["id"] });
    const result = await importFile(workspace, file("day2.csv", "id,qty\n2,25\n3,30\n"), {
      dataset: "stock",
      key: ["id"],
      mode: "append",
    });
    expect(result.rowsAfter).toBe(3);
    const page = await readDatasetRows(workspace.store, "stock", { sort: "id" });
    expect(page.rows).toEqual([
      { id: 1, qty: 10 },
      { id: 2, qty: 25 },
      { id: 3, qty: 30 },
    ]);
  });

  it("reads Latin-1 text with --encoding latin-1 and strips a byte-order mark from the header", async () => {
    await importFile(
      workspace,
      file("l1.csv", Buffer.from("product,price\ncaf\xe9 cr\xe8me,3.20\n", "latin1")),
      {
        dataset: "latin",
        encoding: "latin-1",
      },
    );
    expect((await readDatasetRows(workspace.store, "latin")).rows).toEqual([
      { product: "café crème", price: 3.2 },
    ]);
    await importFile(workspace, file("bom.csv", '\uFEFFid,name\r\n1,"Smith, J."\r\n2,"line\nbreak"\r\n'), {
      dataset: "bom",
    });
    const page = await readDatasetRows(workspace.store, "bom");
    expect(page.columns.map((c) => c.name)).toEqual(["id", "name"]);
    expect(page.rows).toEqual([
      { id: 1, name: "Smith, J." },
      { id: 2, name: "line\nbreak" },
    ]);
  });

  it("reads local times in another zone as instants with --timezone, across a DST change", async () => {
    await importFile(workspace, file("utc.csv", "id,at\n1,2025-03-30 00:30:00\n2,2025-03-30 01:30:00\n"), {
      dataset: "utc_times",
      timezone: "UTC",
    });
    const rows = await workspace.store.all(
      sql`select id, "at"::varchar as shown from data.utc_times order by id`,
    );
    // The business is in Europe/Amsterdam: 00:30 UTC is 01:30 CET, 01:30 UTC is 03:30 CEST.
    expect(rows).toEqual([
      { id: 1, shown: "2025-03-30 01:30:00+01" },
      { id: 2, shown: "2025-03-30 03:30:00+02" },
    ]);
  });

  it("imports NDJSON and JSON lists with their types", async () => {
    await importFile(
      workspace,
      file(
        "r.ndjson",
        '{"id":1,"stars":5,"at":"2025-01-02T10:00:00Z","ok":true}\n{"id":2,"stars":3,"at":"2025-01-03T11:00:00Z","ok":false}\n',
      ),
      {
        dataset: "ratings",
      },
    );
    const columns = await workspace.store.columns("data", "ratings");
    const times = await workspace.store.all(sql`select "at" from data.ratings order by id`);
    expect(times).toEqual([{ at: "2025-01-02T10:00:00Z" }, { at: "2025-01-03T11:00:00Z" }]);
    expect(columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      "id:BIGINT",
      "stars:BIGINT",
      "at:TIMESTAMP WITH TIME ZONE",
      "ok:BOOLEAN",
    ]);
    const result = await importFile(
      workspace,
      file("list.json", '[{"a": 1, "b": "x"}, {"a": 2, "b": null}]'),
      { dataset: "list" },
    );
    expect(result.rowsAfter).toBe(2);
  });

  it("reads gzip-compressed CSV and NDJSON by their content, whatever their names", async () => {
    const csv = await importFile(workspace, file("export.dat", gzipSync("id,name\n1,a\n2,b\n")), {
      dataset: "gz_csv",
    });
    expect(csv).toMatchObject({ format: "csv", rowsAfter: 2 });
    const ndjson = await importFile(workspace, file("feed.bin", gzipSync('{"id":1}\n{"id":2}\n{"id":3}\n')), {
      dataset: "gz_json",
    });
    expect(ndjson).toMatchObject({ format: "ndjson", rowsAfter: 3 });
  });

  it("round-trips a Parquet file written by DuckDB", async () => {
    const path = join(dir, "out.parquet");
    await workspace.store.transaction((tx) =>
      tx.run(sql`copy (select 1 as id, 'x' as name union all select 2, 'y') to ${path} (format parquet)`),
    );
    const result = await importFile(workspace, path, { dataset: "pq" });
    expect(result).toMatchObject({ format: "parquet", rowsAfter: 2 });
  });

  it("keeps every XES attribute: case attributes, lifecycle and resources", async () => {
    const result = await importFile(workspace, sharedData("eventlogs/interval_event_log.xes.gz"), {
      dataset: "interval",
    });
    expect(result.rowsAfter).toBe(8_109);
    expect(result.log).toEqual({
      name: "interval",
      dataset: "interval",
      case: "case:concept:name",
      activity: "concept:name",
      timestamp: "time:timestamp",
      startTimestamp: "start_timestamp",
    });
    // The first event of the file: C1 "place order" from 09:00:07 to 09:02:50 UTC.
    const first = await workspace.store.first(
      sql`select "start_timestamp" as s, "time:timestamp" as t from data.interval where "case:concept:name" = 'C1' order by "time:timestamp" limit 1`,
    );
    expect(first).toEqual({ s: "2015-01-05T09:00:07Z", t: "2015-01-05T09:02:50Z" });
    const cases = await workspace.store.value(
      sql`select count(distinct "case:concept:name") from data.interval`,
    );
    expect(cases).toBe(1_266);
  });

  it("reads the running example's first event exactly", async () => {
    await importFile(workspace, sharedData("eventlogs/running-example.xes"), { dataset: "running" });
    // From the file: trace "3", first event "register request" by Pete at 2010-12-30T14:32:00.000+01:00.
    const first = await workspace.store.first(
      sql`select "case:concept:name" as c, "concept:name" as a, "org:resource" as r, "time:timestamp" as t, "Costs" as costs
          from data.running where "case:concept:name" = '3' order by "time:timestamp" limit 1`,
    );
    expect(first).toEqual({
      c: "3",
      a: "register request",
      r: "Pete",
      t: "2010-12-30T13:32:00Z",
      costs: "50",
    });
  });
});
