import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, fixedClock } from "../core/index.js";
import { ident, sql } from "../store/index.js";
import { Workspace } from "../workspace/index.js";
import { getPareto, listParetos, pareto, savePareto } from "./pareto.js";
import { recordHistory } from "./records.js";

let workspace: Workspace;
const clock = fixedClock("2026-05-04T09:00:00Z");

async function refused(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** Rows of (reason, minutes, at) with `count` copies of each. */
async function insert(table: string, rows: [string | null, number | null, string, number][]): Promise<void> {
  await workspace.store.transaction(async (tx) => {
    for (const [reason, minutes, at, count] of rows) {
      for (let i = 0; i < count; i++)
        await tx.run(
          sql`insert into ${ident("data", table)} values (${reason}, ${minutes}, cast(${at} as timestamptz))`,
        );
    }
  });
}

beforeAll(async () => {
  workspace = await Workspace.scratch({
    name: "Test Bakery",
    currency: "EUR",
    timezone: "Europe/Amsterdam",
    weekStart: "monday",
  });
  await workspace.store.transaction(async (tx) => {
    await tx.run(sql`create table data.returns (reason varchar, minutes double, returned_at timestamptz)`);
    await tx.run(sql`create table data.odd ("we""ird col" varchar, minutes double, returned_at timestamptz)`);
  });
  // 10 rows: damaged 5, late 3 (one in June), none 1, wrong 1; minutes add up per reason.
  await insert("returns", [
    ["damaged", 10, "2026-05-01T08:00:00Z", 5],
    ["late", 40, "2026-05-02T08:00:00Z", 2],
    ["late", 40, "2026-06-02T08:00:00Z", 1],
    [null, 5, "2026-05-03T08:00:00Z", 1],
    ["wrong", 100, "2026-05-03T22:30:00Z", 1],
  ]);
  await insert("odd", [
    ["a", 1, "2026-05-01T08:00:00Z", 3],
    ["b'; drop table data.returns; --", 1, "2026-05-01T08:00:00Z", 1],
  ]);
});
afterAll(() => workspace.close());

describe("Pareto", () => {
  it("counts rows per category, largest first, with shares, running shares and (none) for empty values", async () => {
    const r = await pareto(workspace, { dataset: "returns", by: "reason" }, clock);
    // damaged 5/10, late 3/10 → 80% reached at late; (none) and wrong tie at 1 and go by name.
    expect(r.categories.map((c) => [c.name, c.value, c.share, c.cumulative, c.vital])).toEqual([
      ["damaged", 5, 0.5, 0.5, true],
      ["late", 3, 0.3, 0.8, true],
      ["(none)", 1, 0.1, 0.9, false],
      ["wrong", 1, 0.1, 1, false],
    ]);
    expect(r).toMatchObject({ total: 10, rows: 10, categoryCount: 4, others: null, time: null });
    expect(r.vitalFew).toEqual(["damaged", "late"]);
    expect(r.measure).toEqual({ kind: "count", column: null, label: "rows" });
    expect(r.summary).toBe(
      "2 of 4 values of reason (damaged and late) make up 80.0% of the 10 rows of returns.",
    );
    expect(r.computedAt).toBe("2026-05-04T09:00:00.000Z");
  });

  it("sums a weight column instead of counting", async () => {
    const r = await pareto(workspace, { dataset: "returns", by: "reason", weight: "minutes" }, clock);
    // late 120, wrong 100, damaged 50, (none) 5 of 275: 43.6%, 80.0% → the first two.
    expect(r.categories.map((c) => [c.name, c.value, c.rows])).toEqual([
      ["late", 120, 3],
      ["wrong", 100, 1],
      ["damaged", 50, 5],
      ["(none)", 5, 1],
    ]);
    expect(r.total).toBe(275);
    expect(r.vitalFew).toEqual(["late", "wrong"]);
    const text = await refused(pareto(workspace, { dataset: "returns", by: "minutes", weight: "reason" }));
    expect(text.message).toMatch(/holds VARCHAR values/);
  });

  it("takes the vital few up to the first category that reaches 80%, even when it is the first", async () => {
    const r = await pareto(workspace, { dataset: "returns", by: "reason", where: "reason != 'late'" }, clock);
    // Empty reasons are not "not late" (SQL's rule for nulls): damaged 5 of 6 = 83.3% on its own.
    expect(r.categories.map((c) => [c.name, c.value])).toEqual([
      ["damaged", 5],
      ["wrong", 1],
    ]);
    expect(r.vitalFew).toEqual(["damaged"]);
    // a 3 of 4 = 75% falls short, so the next one is in too.
    const two = await pareto(workspace, { dataset: "odd", by: 'we"ird col' }, clock);
    expect(two.categories.map((c) => [c.name, c.cumulative])).toEqual([
      ["a", 0.75],
      ["b'; drop table data.returns; --", 1],
    ]);
    expect(two.vitalFew).toEqual(["a", "b'; drop table data.returns; --"]);
  });

  it("adds up the categories beyond the top ones in others", async () => {
    const r = await pareto(workspace, { dataset: "returns", by: "reason", top: 2 }, clock);
    expect(r.categories.map((c) => c.name)).toEqual(["damaged", "late"]);
    expect(r.others).toEqual({ categories: 2, value: 2, rows: 2, share: 0.2 });
    expect(r.categoryCount).toBe(4);
    const late = await pareto(workspace, { dataset: "returns", by: "reason", top: 1 }, clock);
    expect(late.vitalFew).toEqual(["damaged"]);
    expect(late.summary).toMatch(/the 80% mark lies beyond the top 1, among the others\.$/);
  });

  it("counts only the local days from `from` up to `to`", async () => {
    // 2026-05-03T22:30Z is 2026-05-04 00:30 in Amsterdam, so it falls after a `to` of 2026-05-04.
    const r = await pareto(
      workspace,
      { dataset: "returns", by: "reason", from: "2026-05-01", to: "2026-05-04" },
      clock,
    );
    expect(r.time).toBe("returned_at");
    expect(r.categories.map((c) => [c.name, c.value])).toEqual([
      ["damaged", 5],
      ["late", 2],
      ["(none)", 1],
    ]);
    await expect(pareto(workspace, { dataset: "returns", by: "reason", from: "2026-02-30" })).rejects.toThrow(
      /not a date/,
    );
    await expect(
      pareto(workspace, { dataset: "returns", by: "reason", from: "2026-05-04", to: "2026-05-01" }),
    ).rejects.toThrow(/is not before/);
    await expect(
      pareto(workspace, { dataset: "returns", by: "reason", time: "minutes", from: "2026-05-01" }),
    ).rejects.toThrow(/not dates or timestamps/);
  });

  it("names a missing column with a did-you-mean, and an empty selection in words", async () => {
    const e = await refused(pareto(workspace, { dataset: "returns", by: "reasons" }));
    expect(e.message).toMatch(/^by "reasons" is not a column of the dataset; did you mean "reason"\?/);
    const d = await refused(pareto(workspace, { dataset: "return", by: "reason" }));
    expect(d.code).toBe("NOT_FOUND");
    const none = await pareto(
      workspace,
      { dataset: "returns", by: "reason", where: "minutes > 1000" },
      clock,
    );
    expect(none).toMatchObject({ total: 0, rows: 0, categories: [], vitalFew: [] });
    expect(none.summary).toBe("No rows of returns meet the condition and the time range.");
  });

  it("never runs user text as SQL: quoted names are data, a condition with a statement is refused", async () => {
    const count = async () => Number(await workspace.store.value(sql`select count(*) from data.returns`));
    const injectedBy = await refused(
      pareto(workspace, { dataset: "returns", by: 'reason" from data.returns; drop table data.returns; --' }),
    );
    expect(injectedBy.message).toMatch(/is not a column of the dataset/);
    const injectedWhere = await refused(
      pareto(workspace, { dataset: "returns", by: "reason", where: "reason = 'x'; drop table data.returns" }),
    );
    expect(injectedWhere.code).toBe("USAGE");
    const injectedDataset = await refused(
      pareto(workspace, { dataset: "returns; drop table data.returns", by: "reason" }),
    );
    expect(injectedDataset.code).toBe("NOT_FOUND");
    // A value that looks like SQL is only compared, as data.
    const asData = await pareto(
      workspace,
      { dataset: "odd", by: 'we"ird col', where: `"we""ird col" = 'b''; drop table data.returns; --'` },
      clock,
    );
    expect(asData.categories).toEqual([
      { name: "b'; drop table data.returns; --", value: 1, rows: 1, share: 1, cumulative: 1, vital: true },
    ]);
    expect(await count()).toBe(10);
  });

  it("saves the request and the result as seen, as a record with its history", async () => {
    const saved = await savePareto(
      workspace,
      { dataset: "returns", by: "reason" },
      { title: "Returns by reason, May" },
      "Sanne",
      clock,
    );
    expect(saved).toMatchObject({ id: "P-1", version: 1, createdBy: "Sanne" });
    expect(saved.data.title).toBe("Returns by reason, May");
    expect(saved.data.request).toEqual({ dataset: "returns", by: "reason", top: 20 });
    expect(saved.data.result.vitalFew).toEqual(["damaged", "late"]);
    // New rows later do not change what was saved.
    await insert("returns", [["wrong", 1, "2026-05-05T08:00:00Z", 20]]);
    expect((await getPareto(workspace, "P-1")).data.result.categories[0]?.name).toBe("damaged");
    expect((await pareto(workspace, { dataset: "returns", by: "reason" })).categories[0]?.name).toBe("wrong");
    const untitled = await savePareto(
      workspace,
      { dataset: "returns", by: "reason", weight: "minutes" },
      {},
      "Sanne",
      clock,
    );
    expect(untitled.data.title).toBe("sum of minutes by reason");
    expect((await listParetos(workspace)).map((p) => p.id)).toEqual(["P-1", "P-2"]);
    expect((await recordHistory(workspace.store, "pareto", "P-1")).map((h) => h.action)).toEqual(["created"]);
  });
});
