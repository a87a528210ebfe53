import { describe, expect, it } from "vitest";
import { initiativeSchema } from "./improve.schema.js";
import type { InitiativeRecord } from "./initiatives.js";
import { journalQuerySchema, searchJournal } from "./journal.js";

let seq = 0;
function record(data: Record<string, unknown>): InitiativeRecord {
  seq += 1;
  const at = "2026-01-01T00:00:00.000Z";
  return {
    kind: "initiative",
    id: `I-${seq}`,
    version: 3,
    data: initiativeSchema.parse(data),
    createdAt: at,
    createdBy: "Sanne",
    updatedAt: at,
    updatedBy: "Sanne",
  };
}

const records = [
  record({
    title: "Open at 7:00",
    area: "Shops",
    kpis: ["revenue"],
    problem: "Commuters pass before we open",
    change: "Open shop 1 an hour earlier",
    outcome: "verified",
    learnings: "Coffee and a roll sell to COMMUTERS",
    closedAt: "2026-03-01T10:00:00.000Z",
  }),
  record({
    title: "One-page checkout",
    area: "web shop",
    kpis: ["conversion", "revenue"],
    outcome: "not-verified",
    learnings: "Too few sessions to see a small lift",
    closedAt: "2026-04-01T10:00:00.000Z",
  }),
  record({
    title: "Sourdough course",
    area: "shops",
    outcome: "abandoned",
    learnings: "The baker left",
    closedAt: "2026-02-01T10:00:00.000Z",
  }),
  record({ title: "Still running", area: "shops", kpis: ["revenue"], learnings: "commuters" }),
];

describe("the learnings journal", () => {
  it("lists closed initiatives only, most recently closed first, with what was learned", () => {
    const all = searchJournal(records);
    expect(all.map((e) => e.id)).toEqual(["I-2", "I-1", "I-3"]);
    expect(all[1]).toMatchObject({
      title: "Open at 7:00",
      problem: "Commuters pass before we open",
      change: "Open shop 1 an hour earlier",
      outcome: "verified",
      result: null,
      learnings: "Coffee and a roll sell to COMMUTERS",
    });
  });

  it("searches words in title, problem, change and learnings, whatever their case", () => {
    expect(searchJournal(records, { text: "commuters" }).map((e) => e.id)).toEqual(["I-1"]);
    expect(searchJournal(records, { text: "HOUR earlier" }).map((e) => e.id)).toEqual(["I-1"]);
    expect(searchJournal(records, { text: "checkout sessions" }).map((e) => e.id)).toEqual(["I-2"]);
    expect(searchJournal(records, { text: "croissant" })).toEqual([]);
  });

  it("filters by area, KPI and outcome", () => {
    expect(searchJournal(records, { area: "shops" }).map((e) => e.id)).toEqual(["I-1", "I-3"]);
    expect(searchJournal(records, { kpi: "revenue" }).map((e) => e.id)).toEqual(["I-2", "I-1"]);
    expect(searchJournal(records, { outcome: "abandoned" }).map((e) => e.id)).toEqual(["I-3"]);
    expect(journalQuerySchema.safeParse({ outcome: "open" }).success).toBe(false);
  });
});
