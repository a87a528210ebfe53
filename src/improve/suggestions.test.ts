import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError, fixedClock } from "../core/index.js";
import { saveKpi } from "../kpi/index.js";
import { sql } from "../store/index.js";
import { Workspace } from "../workspace/index.js";
import type { Initiative } from "./improve.schema.js";
import { getRecord, listRecords, recordHistory } from "./records.js";
import {
  addSuggestion,
  commentOnSuggestion,
  convertSuggestion,
  declineSuggestion,
  getSuggestion,
  iceScore,
  listSuggestions,
  riceScore,
  scoreSuggestion,
  voteSuggestion,
} from "./suggestions.js";

let workspace: Workspace;
const clock = fixedClock("2026-05-04T09:00:00Z");
const later = fixedClock("2026-05-11T14:30:00Z");

async function refused(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeAll(async () => {
  workspace = await Workspace.scratch({
    name: "Test Bakery",
    currency: "EUR",
    timezone: "Europe/Amsterdam",
    weekStart: "monday",
  });
  await workspace.store.transaction(async (tx) => {
    await tx.run(
      sql`create table data.tickets (ticket_id varchar, created_at timestamptz, category varchar)`,
    );
  });
  await saveKpi(workspace, {
    name: "late-tickets",
    dataset: "tickets",
    time: "created_at",
    measure: { kind: "count" },
    filter: "category = 'late delivery'",
    better: "lower",
  });
});
afterAll(() => workspace.close());

describe("suggestions", () => {
  it("takes a suggestion with its KPI, and refuses a KPI the workspace does not have", async () => {
    const s = await addSuggestion(
      workspace,
      {
        title: "Second oven slot on Saturdays",
        description: "Saturday web orders wait for the counter bake.",
        area: "order fulfilment",
        kpi: "late-tickets",
        by: "Mila",
      },
      "Mila",
      clock,
    );
    expect(s).toMatchObject({ id: "S-1", version: 1, createdBy: "Mila" });
    expect(s.data).toMatchObject({
      status: "new",
      votes: [],
      kpi: "late-tickets",
      by: "Mila",
      declined: null,
    });
    const wrong = await refused(addSuggestion(workspace, { title: "x", kpi: "late-ticket" }, "Mila", clock));
    expect(wrong.code).toBe("NOT_FOUND");
    expect(wrong.message).toMatch(/did you mean "late-tickets"/);
    const unnamed = await addSuggestion(workspace, { title: "Oat milk" }, "  Joost ", clock);
    expect(unnamed.data.by).toBe("Joost");
  });

  it("counts one vote per person, takes a vote back, and refuses a stale version with the current one", async () => {
    const v2 = await voteSuggestion(workspace, "S-1", 1, "Sanne", clock);
    expect(v2.data.votes).toEqual(["Sanne"]);
    const twice = await refused(voteSuggestion(workspace, "S-1", 2, "Sanne", clock));
    expect(twice.code).toBe("CONFLICT");
    expect(twice.message).toMatch(/already voted/);
    const v3 = await voteSuggestion(workspace, "S-1", 2, "Joost", clock);
    expect(v3.data.votes).toEqual(["Sanne", "Joost"]);
    const stale = await refused(voteSuggestion(workspace, "S-1", 2, "Eva", clock));
    expect(stale.code).toBe("CONFLICT");
    expect((stale.details.current as { version: number }).version).toBe(3);
    const v4 = await voteSuggestion(workspace, "S-1", 3, "Joost", clock, { remove: true });
    expect(v4.data.votes).toEqual(["Sanne"]);
    const notVoted = await refused(voteSuggestion(workspace, "S-1", 4, "Eva", clock, { remove: true }));
    expect(notVoted.message).toMatch(/has not voted/);
    const history = await recordHistory(workspace.store, "suggestion", "S-1");
    expect(history.map((h) => [h.action, h.actor])).toEqual([
      ["created", "Mila"],
      ["voted", "Sanne"],
      ["voted", "Joost"],
      ["vote taken back", "Joost"],
    ]);
  });

  it("keeps comments with who wrote them and when", async () => {
    const c = await commentOnSuggestion(workspace, "S-1", 4, "The oven is free after 09:30.", "Eva", later);
    expect(c.data.comments).toEqual([
      { by: "Eva", at: "2026-05-11T14:30:00.000Z", text: "The oven is free after 09:30." },
    ]);
  });

  it("computes ICE and RICE scores as worked by hand", () => {
    // ICE 8 × 6 × 5 = 240; RICE 400 people a month × 2 × 0.8 / 1.5 person-months = 426.67.
    expect(iceScore({ impact: 8, confidence: 6, ease: 5 })).toBe(240);
    expect(riceScore({ reach: 400, impact: 2, confidence: 0.8, effort: 1.5 })).toBeCloseTo(426.6667, 4);
    expect(iceScore({ impact: 10, confidence: 10, ease: 10 })).toBe(1000);
  });

  it("triages with scores and ranks by votes, ICE or RICE, unscored last", async () => {
    await addSuggestion(
      workspace,
      { title: "Pre-pack Saturday orders on Friday", by: "Lisa" },
      "Lisa",
      clock,
    );
    // S-1: ICE 8·6·5 = 240, RICE 400·2·0.8/1.5 = 426.7, 1 vote (Sanne)
    // S-2: ICE 9·9·9 = 729, no RICE, 0 votes
    // S-3: no ICE, RICE 1000·1·0.5/2 = 250, 2 votes
    const s1 = await scoreSuggestion(
      workspace,
      "S-1",
      5,
      {
        ice: { impact: 8, confidence: 6, ease: 5 },
        rice: { reach: 400, impact: 2, confidence: 0.8, effort: 1.5 },
      },
      "Sanne",
      clock,
    );
    expect(s1.data.status).toBe("triaged");
    await scoreSuggestion(
      workspace,
      "S-2",
      1,
      { ice: { impact: 9, confidence: 9, ease: 9 } },
      "Sanne",
      clock,
    );
    await scoreSuggestion(
      workspace,
      "S-3",
      1,
      { rice: { reach: 1000, impact: 1, confidence: 0.5, effort: 2 } },
      "Sanne",
      clock,
    );
    await voteSuggestion(workspace, "S-3", 2, "Mila", clock);
    await voteSuggestion(workspace, "S-3", 3, "Eva", clock);

    const ids = async (sort: "votes" | "ice" | "rice" | "newest") =>
      (await listSuggestions(workspace, { sort })).map((s) => s.id);
    expect(await ids("votes")).toEqual(["S-3", "S-1", "S-2"]);
    expect(await ids("ice")).toEqual(["S-2", "S-1", "S-3"]);
    expect(await ids("rice")).toEqual(["S-1", "S-3", "S-2"]);
    expect(await ids("newest")).toEqual(["S-3", "S-2", "S-1"]);
    const ranked = await listSuggestions(workspace, { sort: "ice" });
    expect(ranked.map((s) => [s.rank, s.scores.ice])).toEqual([
      [1, 729],
      [2, 240],
      [3, null],
    ]);
    expect(ranked[1]?.scores.rice).toBeCloseTo(426.6667, 4);

    const bad = await refused(
      scoreSuggestion(workspace, "S-2", 2, { ice: { impact: 11, confidence: 1, ease: 1 } }, "Sanne", clock),
    );
    expect(bad.code).toBe("USAGE");
    expect(bad.message).toMatch(/ice\.impact/);
    const none = await refused(scoreSuggestion(workspace, "S-2", 2, {}, "Sanne", clock));
    expect(none.message).toMatch(/give an ICE or a RICE score/);
  });

  it("declines with a reason and then takes no more votes", async () => {
    const d = await declineSuggestion(
      workspace,
      "S-2",
      2,
      "Friday staff already pack the market orders.",
      "Sanne",
      later,
    );
    expect(d.data).toMatchObject({
      status: "declined",
      declined: {
        reason: "Friday staff already pack the market orders.",
        by: "Sanne",
        at: "2026-05-11T14:30:00.000Z",
      },
    });
    const vote = await refused(voteSuggestion(workspace, "S-2", 3, "Mila", clock));
    expect(vote.message).toMatch(/was declined/);
    await expect(declineSuggestion(workspace, "S-3", 4, "  ", "Sanne", clock)).rejects.toThrow(/Say why/);
  });

  it("converts into an initiative that keeps the link, the credit and the idea's date, with history on both", async () => {
    const { suggestion, initiative } = await convertSuggestion(
      workspace,
      "S-1",
      6,
      { owner: "Sanne" },
      "Joost",
      later,
    );
    expect(initiative.id).toBe("I-1");
    expect(initiative.data).toMatchObject({
      title: "Second oven slot on Saturdays",
      problem: "Saturday web orders wait for the counter bake.",
      area: "order fulfilment",
      kpis: ["late-tickets"],
      owner: "Sanne",
      method: "pdca",
      stage: "plan",
      suggestion: "S-1",
      credit: ["Mila"],
      ideaAt: "2026-05-04T09:00:00.000Z",
      start: "2026-05-11",
    } satisfies Partial<Initiative>);
    expect(suggestion).toMatchObject({ version: 7, updatedBy: "Joost" });
    expect(suggestion.data).toMatchObject({ status: "converted", initiative: "I-1" });
    expect((await getSuggestion(workspace, "S-1")).data.initiative).toBe("I-1");

    const suggestionHistory = await recordHistory(workspace.store, "suggestion", "S-1");
    expect(suggestionHistory.at(-1)).toMatchObject({ action: "converted", actor: "Joost", version: 7 });
    expect(suggestionHistory.at(-1)?.changes).toEqual(
      expect.arrayContaining([
        { field: "status", before: "triaged", after: "converted" },
        { field: "initiative", before: null, after: "I-1" },
      ]),
    );
    const initiativeHistory = await recordHistory(workspace.store, "initiative", "I-1");
    expect(initiativeHistory.map((h) => [h.action, h.actor])).toEqual([["created", "Joost"]]);
    expect(initiativeHistory[0]?.changes).toEqual(
      expect.arrayContaining([
        { field: "suggestion", before: null, after: "S-1" },
        { field: "credit", before: null, after: ["Mila"] },
      ]),
    );

    const again = await refused(convertSuggestion(workspace, "S-1", 7, { owner: "Eva" }, "Eva", clock));
    expect(again.message).toMatch(/was converted into initiative I-1/);
    const noOwner = await refused(convertSuggestion(workspace, "S-3", 4, {}, "Eva", clock));
    expect(noOwner.message).toMatch(/owner/);
  });

  it("starts a DMAIC initiative at define", async () => {
    const { initiative } = await convertSuggestion(
      workspace,
      "S-3",
      4,
      { owner: "Lisa", method: "dmaic" },
      "Sanne",
      clock,
    );
    expect(initiative.data).toMatchObject({ method: "dmaic", stage: "define", credit: ["Lisa"], kpis: [] });
  });

  it("leaves nothing half-done when marking the suggestion fails after the initiative was made", async () => {
    const s = await addSuggestion(
      workspace,
      { title: "Text customers when an order is late", by: "Eva" },
      "Eva",
      clock,
    );
    const before = (await listRecords(workspace.store, "initiative")).map((r) => r.id);
    const real = workspace.store.transaction.bind(workspace.store);
    let calls = 0;
    const spy = vi.spyOn(workspace.store, "transaction").mockImplementation((work) => {
      calls++;
      // The first write creates the initiative; the second, marking the suggestion, fails.
      if (calls === 2) return Promise.reject(new AppError("STORE_ERROR", "disk full"));
      return real(work);
    });
    try {
      const error = await refused(convertSuggestion(workspace, s.id, 1, { owner: "Eva" }, "Eva", clock));
      expect(error.message).toBe("disk full");
    } finally {
      spy.mockRestore();
    }
    expect((await listRecords(workspace.store, "initiative")).map((r) => r.id)).toEqual(before);
    const after = await getSuggestion(workspace, s.id);
    expect(after).toMatchObject({ version: 1 });
    expect(after.data).toMatchObject({ status: "new", initiative: null });
    const orphan = `I-${before.length + 1}`;
    expect((await recordHistory(workspace.store, "initiative", orphan)).map((h) => h.action)).toEqual([
      "created",
      "removed",
    ]);
  });

  it("lets a conversion and a vote on the same version never both count", async () => {
    const s = await addSuggestion(workspace, { title: "Bigger pick-up shelf", by: "Mila" }, "Mila", clock);
    const results = await Promise.allSettled([
      convertSuggestion(workspace, s.id, 1, { owner: "Mila" }, "Sanne", clock),
      voteSuggestion(workspace, s.id, 1, "Joost", clock),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const final = await getSuggestion(workspace, s.id);
    const initiatives = (await listRecords<Initiative>(workspace.store, "initiative")).filter(
      (r) => r.data.suggestion === s.id,
    );
    if (final.data.status === "converted") {
      expect(initiatives.map((r) => r.id)).toEqual([final.data.initiative]);
      expect(final.data.votes).toEqual([]);
    } else {
      expect(initiatives).toEqual([]);
      expect(final.data.votes).toEqual(["Joost"]);
    }
    const linked = initiatives[0];
    if (linked)
      expect((await getRecord<Initiative>(workspace.store, "initiative", linked.id)).data.credit).toEqual([
        "Mila",
      ]);
  });
});
