import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile, ident, join, raw, sql } from "./sql.js";
import { Store } from "./store.js";

describe("sql template", () => {
  it("turns every interpolated value into a numbered parameter", () => {
    const q = compile(
      sql`select * from ${ident("data", "sales")} where shop = ${"shop-1"} and amount > ${2.5}`,
    );
    expect(q.text).toBe('select * from "data"."sales" where shop = $1 and amount > $2');
    expect(q.params).toEqual(["shop-1", 2.5]);
  });

  it("numbers the parameters of nested fragments in order", () => {
    const inner = sql`a = ${1} and b = ${2}`;
    const q = compile(sql`select ${join([ident("x"), ident("y")])} from t where ${inner} or c = ${3}`);
    expect(q.text).toBe('select "x", "y" from t where a = $1 and b = $2 or c = $3');
    expect(q.params).toEqual([1, 2, 3]);
  });

  it("doubles quotes inside identifiers", () => {
    expect(compile(sql`select ${ident('we"ird')}`).text).toBe('select "we""ird"');
    expect(compile(raw("select 1")).text).toBe("select 1");
  });
});

describe("Store", () => {
  let store: Store;

  beforeAll(async () => {
    store = await Store.open(":memory:", { timeZone: "Europe/Amsterdam" });
  });

  afterAll(() => store.close());

  it("applies its migrations once", async () => {
    expect(await store.migrations()).toEqual([1, 2, 3]);
    expect(await store.tableExists("app", "imports")).toBe(true);
  });

  it("keeps any user string a value, never SQL", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), async (text) => {
        const clean = text.replaceAll("\u0000", "");
        const row = await store.first(sql`select ${clean} as v, length(${clean}) as n`);
        expect(row?.v).toBe(clean);
      }),
      { numRuns: 200 },
    );
    const evil = "x'); drop table app.imports; --";
    expect((await store.first(sql`select ${evil} as v`))?.v).toBe(evil);
    expect(await store.tableExists("app", "imports")).toBe(true);
  });

  it("quotes any column name so it round-trips through a table", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes("\u0000") && s.trim() !== ""),
        async (name) => {
          await store.transaction(async (tx) => {
            await tx.run(sql`create or replace table main.t (${ident(name)} integer)`);
          });
          const columns = await store.columns("main", "t");
          expect(columns.map((c) => c.name)).toEqual([name]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("rolls a failed transaction back completely", async () => {
    await store.transaction((tx) => tx.run(sql`create table main.kept (a integer)`));
    await expect(
      store.transaction(async (tx) => {
        await tx.run(sql`insert into main.kept values (1)`);
        await tx.run(sql`create table main.gone (a integer)`);
        await tx.run(sql`select * from no_such_table`);
      }),
    ).rejects.toThrow(/no_such_table/);
    expect(await store.value(sql`select count(*) from main.kept`)).toBe(0);
    expect(await store.tableExists("main", "gone")).toBe(false);
  });

  it("serialises concurrent transactions", async () => {
    await store.transaction((tx) => tx.run(sql`create table main.counter (n integer)`));
    await store.transaction((tx) => tx.run(sql`insert into main.counter values (0)`));
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.transaction(async (tx) => {
          const n = Number(await tx.value(sql`select n from main.counter`));
          await tx.run(sql`update main.counter set n = ${n + 1}`);
        }),
      ),
    );
    expect(await store.value(sql`select n from main.counter`)).toBe(20);
  });

  it("shows instants in the business's time zone and as ISO 8601 UTC in rows", async () => {
    const row = await store.first(
      sql`select timestamptz '2025-07-01 10:00:00+00' as t, (timestamptz '2025-07-01 10:00:00+00')::varchar as shown, hour(timestamptz '2025-07-01 10:00:00+00') as h`,
    );
    expect(row).toEqual({ t: "2025-07-01T10:00:00Z", shown: "2025-07-01 12:00:00+02", h: 12 });
  });

  it("checksums a table independently of row order", async () => {
    await store.transaction(async (tx) => {
      await tx.run(sql`create table main.a as select * from (values (1, 'x'), (2, 'y')) v(id, name)`);
      await tx.run(sql`create table main.b as select * from (values (2, 'y'), (1, 'x')) v(id, name)`);
      await tx.run(sql`create table main.c as select * from (values (2, 'y'), (1, 'z')) v(id, name)`);
    });
    expect(await store.tableChecksum("main", "a")).toBe(await store.tableChecksum("main", "b"));
    expect(await store.tableChecksum("main", "a")).not.toBe(await store.tableChecksum("main", "c"));
  });
});
