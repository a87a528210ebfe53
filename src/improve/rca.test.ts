import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, fixedClock } from "../core/index.js";
import { Workspace } from "../workspace/index.js";
import { FISHBONE_CATEGORIES, type Fishbone, fishboneSchema } from "./improve.schema.js";
import {
  addWhy,
  analysisHistory,
  applyRcaAction,
  changeAnalysis,
  createAnalysis,
  editWhy,
  getAnalysis,
  listAnalyses,
  removeWhy,
  setWhysRoot,
} from "./rca.js";
import {
  addCause,
  checkCategory,
  createFishbone,
  fishboneLayout,
  removeCause,
  setFishboneRoot,
  voteCause,
} from "./rca-fishbone.js";
import { parseEvidenceRef } from "./rca-input.js";
import { createRecord } from "./records.js";

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

beforeAll(async () => {
  workspace = await Workspace.scratch({
    name: "Test Bakery",
    currency: "EUR",
    timezone: "Europe/Amsterdam",
    weekStart: "monday",
  });
  await createRecord(workspace.store, "initiative", { title: "Fewer late Saturday orders" }, "Sanne", clock);
});
afterAll(() => workspace.close());

async function fishboneOf(id: string): Promise<Fishbone> {
  const analysis = await getAnalysis(workspace, id);
  if (analysis.kind !== "fishbone") throw new Error(`${id} is not a fishbone`);
  return analysis.record.data;
}

describe("5 Whys", () => {
  it("builds a chain of whys with evidence, edits and removes a step, and names the root cause", async () => {
    const { record: w } = await createAnalysis(
      workspace,
      { kind: "five-whys", problem: "Saturday web orders are late.", initiative: "I-1" },
      "Sanne",
      clock,
    );
    expect(w).toMatchObject({ id: "W-1", version: 1, data: { initiative: "I-1", whys: [], rootCause: "" } });
    await addWhy(
      workspace,
      "W-1",
      1,
      {
        question: "Why are Saturday orders late?",
        answer: "They wait long before baking.",
        evidence: parseEvidenceRef("process-finding:fulfilment bottleneck Bake"),
      },
      "Sanne",
      clock,
    );
    await addWhy(
      workspace,
      "W-1",
      2,
      { question: "Why do they wait?", answer: "The oven is busy." },
      "Joost",
      clock,
    );
    await addWhy(
      workspace,
      "W-1",
      3,
      { question: "Why is the oven busy?", answer: "The counter bake runs 07:45–09:30." },
      "Joost",
      clock,
    );
    const edited = await editWhy(
      workspace,
      "W-1",
      4,
      1,
      { answer: "The shop's oven is full." },
      "Sanne",
      clock,
    );
    expect(edited.data.whys[1]).toEqual({
      question: "Why do they wait?",
      answer: "The shop's oven is full.",
      evidence: null,
    });
    expect(edited.data.whys[0]?.evidence).toEqual({
      kind: "process-finding",
      ref: "fulfilment bottleneck Bake",
    });
    const removed = await removeWhy(workspace, "W-1", 5, 2, "Sanne", clock);
    expect(removed.data.whys.map((s) => s.question)).toEqual([
      "Why are Saturday orders late?",
      "Why do they wait?",
    ]);
    const out = await refused(removeWhy(workspace, "W-1", 6, 2, "Sanne", clock));
    expect(out.message).toBe("W-1 has no step 2; its steps are numbered 0 to 1.");
    const rooted = await setWhysRoot(
      workspace,
      "W-1",
      6,
      "The counter bake and web orders share one oven.",
      "Sanne",
      clock,
    );
    expect(rooted.data.rootCause).toBe("The counter bake and web orders share one oven.");
    expect((await analysisHistory(workspace, "W-1")).map((h) => h.action)).toEqual([
      "created",
      "why added",
      "why added",
      "why added",
      "why edited",
      "why removed",
      "root cause set",
    ]);
  });

  it("refuses an initiative that does not exist, evidence it cannot read, and an eleventh why", async () => {
    const missing = await refused(
      createAnalysis(workspace, { kind: "five-whys", problem: "x", initiative: "I-9" }, "Sanne", clock),
    );
    expect(missing.code).toBe("NOT_FOUND");
    expect(() => parseEvidenceRef("paretto:P-1")).toThrow(/did you mean "pareto"/);
    expect(() => parseEvidenceRef("pareto")).toThrow(/must be kind:ref/);
    const { record } = await createAnalysis(
      workspace,
      { kind: "five-whys", problem: "Many why" },
      "Sanne",
      clock,
    );
    let version = record.version;
    for (let i = 0; i < 10; i++) {
      version = (
        await addWhy(
          workspace,
          record.id,
          version,
          { question: `Why ${i}?`, answer: "Because." },
          "Sanne",
          clock,
        )
      ).version;
    }
    const eleventh = await refused(
      addWhy(workspace, record.id, version, { question: "Why?", answer: "Because." }, "Sanne", clock),
    );
    expect(eleventh.message).toMatch(/already asks why 10 times/);
  });

  it("replaces fields at once, and refuses a stale version with the current record", async () => {
    const { record } = await changeAnalysis(
      workspace,
      "W-1",
      7,
      { problem: "Saturday orders are late." },
      "Eva",
      clock,
    );
    expect(record).toMatchObject({ version: 8, data: { problem: "Saturday orders are late." } });
    const stale = await refused(changeAnalysis(workspace, "W-1", 7, { rootCause: "x" }, "Eva", clock));
    expect(stale.code).toBe("CONFLICT");
    expect(stale.details.current).toMatchObject({ version: 8 });
    const unknown = await refused(changeAnalysis(workspace, "W-1", 8, { causes: [] }, "Eva", clock));
    expect(unknown.code).toBe("USAGE");
  });
});

describe("fishbone", () => {
  it("sorts causes into the 6M categories and refuses any other category with the six listed", async () => {
    const f = await createFishbone(workspace, { problem: "Wrong items in web orders." }, "Sanne", clock);
    expect(f.id).toBe("F-1");
    let v = f.version;
    const add = async (category: string, text: string) => {
      v = (await addCause(workspace, "F-1", v, { category: category as "people", text }, "Sanne", clock))
        .version;
    };
    await add("methods", "No packing checklist");
    await add("people", "New staff on Saturdays");
    await add("measurement", "Wrong items are not counted");
    await add("methods", "Orders packed in a rush");
    await add("Environment", "Crowded packing table");
    const bad = await refused(
      addCause(workspace, "F-1", v, { category: "machine" as "machines", text: "x" }, "Sanne", clock),
    );
    expect(bad.message).toBe(
      '"machine" is not a fishbone category; did you mean "machines"? The six are people, methods, machines, materials, measurement, environment.',
    );
    expect(() => checkCategory("weather")).toThrow(
      /The six are people, methods, machines, materials, measurement, environment/,
    );
    expect((await fishboneOf("F-1")).causes.map((c) => c.category)).toEqual([
      "methods",
      "people",
      "measurement",
      "methods",
      "environment",
    ]);
  });

  it("counts one vote per person per cause", async () => {
    const a = await voteCause(workspace, "F-1", 6, 3, "Joost", clock);
    const b = await voteCause(workspace, "F-1", 7, 3, "Eva", clock);
    expect(b.data.causes[3]?.votes).toEqual(["Joost", "Eva"]);
    const twice = await refused(voteCause(workspace, "F-1", 8, 3, "Joost", clock));
    expect(twice.code).toBe("CONFLICT");
    expect(twice.message).toMatch(/already voted for cause 3/);
    const other = await voteCause(workspace, "F-1", 8, 0, "Joost", clock);
    expect(other.data.causes.map((c) => c.votes.length)).toEqual([1, 0, 0, 2, 0]);
    const back = await voteCause(workspace, "F-1", 9, 0, "Joost", clock, { remove: true });
    expect(back.data.causes[0]?.votes).toEqual([]);
    expect(a.version).toBe(7);
  });

  it("chooses the root cause by index and refuses one out of range", async () => {
    const outOfRange = await refused(setFishboneRoot(workspace, "F-1", 10, 5, "Sanne", clock));
    expect(outOfRange.code).toBe("USAGE");
    expect(outOfRange.message).toBe("F-1 has no cause 5; its causes are numbered 0 to 4.");
    await expect(setFishboneRoot(workspace, "F-1", 10, -1, "Sanne", clock)).rejects.toThrow(/no cause -1/);
    await expect(setFishboneRoot(workspace, "F-1", 10, 1.5, "Sanne", clock)).rejects.toThrow(/no cause 1.5/);
    const viaPatch = await refused(changeAnalysis(workspace, "F-1", 10, { rootCause: 7 }, "Sanne", clock));
    expect(viaPatch.message).toMatch(/no cause 7/);
    const chosen = await setFishboneRoot(workspace, "F-1", 10, 3, "Sanne", clock);
    expect(chosen.data.rootCause).toBe(3);
    // Removing an earlier cause keeps the choice on the same cause.
    const shifted = await removeCause(workspace, "F-1", 11, 0, "Sanne", clock);
    expect(shifted.data.rootCause).toBe(2);
    expect(shifted.data.causes[2]?.text).toBe("Orders packed in a rush");
    const cleared = await removeCause(workspace, "F-1", 12, 2, "Sanne", clock);
    expect(cleared.data.rootCause).toBeNull();
    const empty = await createFishbone(workspace, { problem: "Nothing yet" }, "Sanne", clock);
    await expect(setFishboneRoot(workspace, empty.id, 1, 0, "Sanne", clock)).rejects.toThrow(
      /has no causes yet/,
    );
  });

  it("applies named actions and refuses ones for the other kind", async () => {
    const applied = await applyRcaAction(
      workspace,
      "F-1",
      13,
      { action: "add-cause", category: "materials", text: "Look-alike boxes" },
      "Eva",
      clock,
    );
    expect(applied.kind).toBe("fishbone");
    expect((await fishboneOf("F-1")).causes.at(-1)).toMatchObject({
      category: "materials",
      text: "Look-alike boxes",
    });
    const wrong = await refused(
      applyRcaAction(
        workspace,
        "F-1",
        14,
        { action: "add-why", question: "Why?", answer: "x" },
        "Eva",
        clock,
      ),
    );
    expect(wrong.message).toBe('F-1 is a fishbone diagram; "add-why" does not apply to it.');
    const root = await applyRcaAction(workspace, "F-1", 14, { action: "root", cause: 0 }, "Eva", clock);
    expect(root.record.data.rootCause).toBe(0);
    expect((await listAnalyses(workspace)).map((a) => a.record.id)).toEqual(["W-1", "W-2", "F-1", "F-2"]);
    expect((await listAnalyses(workspace, { initiative: "I-1" })).map((a) => a.record.id)).toEqual(["W-1"]);
    await expect(getAnalysis(workspace, "X-1")).rejects.toThrow(/No root-cause analysis X-1/);
  });
});

describe("fishbone layout", () => {
  const fishbone: Fishbone = fishboneSchema.parse({
    problem: "Wrong items in web orders",
    causes: [
      { category: "methods", text: "No checklist", votes: ["a", "b"] },
      { category: "people", text: "New staff" },
      { category: "methods", text: "Rushed packing" },
      { category: "environment", text: "Crowded table" },
      { category: "methods", text: "Labels printed late" },
      { category: "methods", text: "Two lists" },
    ],
    rootCause: 2,
  });
  const layout = fishboneLayout(fishbone);

  it("puts each cause under its own category, in the order they were added", () => {
    expect(layout.bones.map((b) => b.category)).toEqual([...FISHBONE_CATEGORIES]);
    for (const bone of layout.bones) {
      for (const cause of bone.causes) expect(fishbone.causes[cause.index]?.category).toBe(bone.category);
    }
    const methods = layout.bones.find((b) => b.category === "methods");
    expect(methods?.causes.map((c) => [c.index, c.text])).toEqual([
      [0, "No checklist"],
      [2, "Rushed packing"],
      [4, "Labels printed late"],
      [5, "Two lists"],
    ]);
    expect(layout.bones.find((b) => b.category === "machines")?.causes).toEqual([]);
    expect(layout.bones.flatMap((b) => b.causes)).toHaveLength(fishbone.causes.length);
    expect(methods?.causes.map((c) => [c.votes, c.root])).toEqual([
      [2, false],
      [0, true],
      [0, false],
      [0, false],
    ]);
  });

  it("draws three bones above the spine and three below, causes on their bone from tip to spine", () => {
    const y = layout.spine.from.y;
    expect(layout.spine.to.y).toBe(y);
    expect(layout.spine.to.x).toBe(layout.head.x);
    for (const bone of layout.bones) {
      expect(bone.join.y).toBe(y);
      expect(bone.side === "top" ? bone.tip.y < y : bone.tip.y > y).toBe(true);
      expect(bone.tip.y).toBeGreaterThanOrEqual(0);
      expect(bone.tip.y).toBeLessThanOrEqual(layout.height);
      let last = bone.side === "top" ? -1 : layout.height + 1;
      for (const cause of bone.causes) {
        // On the line from the tip to the join, moving towards the spine.
        const t = (cause.at.y - bone.tip.y) / (bone.join.y - bone.tip.y);
        expect(cause.at.x).toBeCloseTo(bone.tip.x + t * (bone.join.x - bone.tip.x), 0);
        expect(bone.side === "top" ? cause.at.y > last : cause.at.y < last).toBe(true);
        last = cause.at.y;
        expect(cause.ribStart.y).toBe(cause.at.y);
        expect(cause.ribStart.x).toBeLessThan(cause.at.x);
        expect(cause.ribStart.x).toBeGreaterThanOrEqual(0);
      }
    }
    expect(layout.bones.filter((b) => b.side === "top").map((b) => b.category)).toEqual([
      "people",
      "methods",
      "machines",
    ]);
  });
});
