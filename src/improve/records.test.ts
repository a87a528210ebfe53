import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, fixedClock } from "../core/index.js";
import { Store } from "../store/index.js";
import {
  createRecord,
  getRecord,
  listRecords,
  recordHistory,
  removeRecord,
  updateRecord,
} from "./records.js";

let store: Store;
const clock = fixedClock("2026-05-01T08:00:00Z");

beforeAll(async () => {
  store = await Store.open(":memory:");
});
afterAll(() => store.close());

describe("improvement records", () => {
  it("numbers records per kind and keeps who made them", async () => {
    const a = await createRecord(store, "initiative", { title: "Faster checkout" }, "Sanne", clock);
    const b = await createRecord(store, "initiative", { title: "Earlier opening" }, "Joost", clock);
    const s = await createRecord(store, "suggestion", { title: "Oat milk" }, "Mila", clock);
    expect([a.id, b.id, s.id]).toEqual(["I-1", "I-2", "S-1"]);
    expect(a).toMatchObject({ version: 1, createdBy: "Sanne", createdAt: "2026-05-01T08:00:00.000Z" });
    expect((await listRecords(store, "initiative")).map((r) => r.id)).toEqual(["I-1", "I-2"]);
  });

  it("updates at the version read, refuses a stale one with the current record, and logs every change", async () => {
    const later = fixedClock("2026-05-02T09:30:00Z");
    const updated = await updateRecord<{ title: string; owner?: string }>(
      store,
      "initiative",
      "I-1",
      1,
      (d) => ({ ...d, owner: "Sanne" }),
      "Joost",
      later,
    );
    expect(updated).toMatchObject({ version: 2, updatedBy: "Joost", updatedAt: "2026-05-02T09:30:00.000Z" });
    const stale = await updateRecord(
      store,
      "initiative",
      "I-1",
      1,
      (d) => ({ ...d, title: "x" }),
      "Mila",
      later,
    ).catch((e) => e);
    expect(stale).toBeInstanceOf(AppError);
    expect((stale as AppError).code).toBe("CONFLICT");
    expect((stale as AppError).details.current).toMatchObject({ version: 2, data: { owner: "Sanne" } });
    expect((await getRecord(store, "initiative", "I-1")).data).toEqual({
      title: "Faster checkout",
      owner: "Sanne",
    });
    const history = await recordHistory(store, "initiative", "I-1");
    expect(history.map((h) => [h.version, h.action, h.actor])).toEqual([
      [1, "created", "Sanne"],
      [2, "updated", "Joost"],
    ]);
    expect(history[1]?.changes).toEqual([{ field: "owner", before: null, after: "Sanne" }]);
  });

  it("lets exactly one of two simultaneous updates win", async () => {
    const r = await createRecord(store, "initiative", { title: "Race", n: 0 }, "A", clock);
    const results = await Promise.allSettled([
      updateRecord<{ n: number }>(store, "initiative", r.id, 1, (d) => ({ ...d, n: 1 }), "A", clock),
      updateRecord<{ n: number }>(store, "initiative", r.id, 1, (d) => ({ ...d, n: 2 }), "B", clock),
    ]);
    const won = results.filter((x) => x.status === "fulfilled");
    const lost = results.filter((x) => x.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(((lost[0] as PromiseRejectedResult).reason as AppError).code).toBe("CONFLICT");
    const final = await getRecord<{ n: number }>(store, "initiative", r.id);
    expect(final.version).toBe(2);
    expect(final.data.n).toBe((won[0] as PromiseFulfilledResult<{ data: { n: number } }>).value.data.n);
  });

  it("needs an actor, and keeps the history of a removed record", async () => {
    await expect(createRecord(store, "pareto", { x: 1 }, "  ", clock)).rejects.toThrow(
      /Say who makes the change/,
    );
    const p = await createRecord(store, "pareto", { x: 1 }, "Eva", clock);
    await removeRecord(store, "pareto", p.id, "Eva", clock);
    await expect(getRecord(store, "pareto", p.id)).rejects.toThrow(/No Pareto analysis P-1/);
    expect((await recordHistory(store, "pareto", p.id)).map((h) => h.action)).toEqual(["created", "removed"]);
    // The next record gets a new number, so the removed one's history is never mixed with it.
    const next = await createRecord(store, "pareto", { x: 2 }, "Eva", clock);
    expect(next.id).toBe("P-2");
    expect(await recordHistory(store, "pareto", "P-1")).toHaveLength(2);
  });
});
