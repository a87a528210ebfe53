/**
 * Properties of process mining on generated event logs: counts that must add up, filters that can
 * only remove, and models that survive their own file formats.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type MineFilterInput,
  mineConformance,
  mineDfg,
  mineDiscover,
  mineSummary,
  mineVariants,
  openLogFile,
} from "../src/mining/index.js";
import { readPnml } from "../src/mining/model/index.js";

const ACTIVITIES = ["receive", "check", "pick", "pack", "ship", "invoice"];
const CHANNELS = ["web", "phone", "shop"];

interface GeneratedCase {
  channel: number;
  steps: { activity: number; gapMinutes: number }[];
}

const caseArb: fc.Arbitrary<GeneratedCase> = fc.record({
  channel: fc.integer({ min: 0, max: CHANNELS.length - 1 }),
  steps: fc.array(
    fc.record({
      activity: fc.integer({ min: 0, max: ACTIVITIES.length - 1 }),
      gapMinutes: fc.integer({ min: 0, max: 3000 }),
    }),
    { minLength: 1, maxLength: 8 },
  ),
});

const logArb = fc.array(caseArb, { minLength: 1, maxLength: 40 });

function writeLog(cases: GeneratedCase[]): string {
  const dir = mkdtempSync(join(tmpdir(), "opsloop-mine-prop-"));
  const lines = ["case_id,activity,done_at,channel"];
  let start = Date.UTC(2025, 0, 1);
  cases.forEach((c, i) => {
    let t = start;
    for (const step of c.steps) {
      t += step.gapMinutes * 60_000;
      lines.push(`c${i},${ACTIVITIES[step.activity]},${new Date(t).toISOString()},${CHANNELS[c.channel]}`);
    }
    start += 3 * 3_600_000;
  });
  const path = join(dir, "log.csv");
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

const filterArb: fc.Arbitrary<MineFilterInput> = fc.record(
  {
    from: fc.constantFrom("2025-01-02", "2025-01-03T12:00:00Z"),
    to: fc.constantFrom("2025-01-04", "2025-01-06T00:00:00Z"),
    timeMode: fc.constantFrom("intersecting", "contained", "started", "events"),
    where: fc.constantFrom(["channel=web"], ["channel!=phone"], ["channel=web|shop"], ["activity=pack"]),
    variants: fc.integer({ min: 0, max: 100 }),
    activities: fc.integer({ min: 0, max: 100 }),
    minActivityCount: fc.integer({ min: 0, max: 10 }),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<MineFilterInput>;

async function withLog<T>(
  cases: GeneratedCase[],
  work: (t: Awaited<ReturnType<typeof openLogFile>>) => Promise<T>,
) {
  const target = await openLogFile(writeLog(cases), {
    case: "case_id",
    activity: "activity",
    timestamp: "done_at",
  });
  try {
    return await work(target);
  } finally {
    target.workspace.close();
  }
}

describe("mining properties on generated logs", () => {
  it("edge counts sum to events − cases, and variants' cases sum to cases", async () => {
    await fc.assert(
      fc.asyncProperty(logArb, filterArb, async (cases, filters) =>
        withLog(cases, async (target) => {
          const summary = await mineSummary(target, filters);
          const dfg = await mineDfg(target, filters);
          const variants = await mineVariants(target, filters);
          expect(dfg.edges.reduce((s, e) => s + e.count, 0)).toBe(summary.events - summary.cases);
          expect(variants.variants.reduce((s, v) => s + v.cases, 0)).toBe(summary.cases);
          expect(Object.values(dfg.start).reduce((s, n) => s + n, 0)).toBe(summary.cases);
          expect(Object.values(dfg.end).reduce((s, n) => s + n, 0)).toBe(summary.cases);
        }),
      ),
      { numRuns: 25, seed: 11 },
    );
  }, 120_000);

  it("filters never increase events, cases, variants or edges", async () => {
    await fc.assert(
      fc.asyncProperty(logArb, filterArb, filterArb, async (cases, first, second) =>
        withLog(cases, async (target) => {
          const all = await mineSummary(target, {});
          const one = await mineSummary(target, first);
          const both = await mineSummary(target, {
            ...second,
            ...first,
            where: [...(first.where ?? []), ...(second.where ?? [])],
          });
          for (const [wider, narrower] of [
            [all, one],
            [all, both],
          ] as const) {
            expect(narrower.events).toBeLessThanOrEqual(wider.events);
            expect(narrower.cases).toBeLessThanOrEqual(wider.cases);
            expect(narrower.variants).toBeLessThanOrEqual(wider.variants);
          }
          const map = await mineDfg(target, first);
          const simpler = await mineDfg(target, { ...first, paths: 40 });
          expect(simpler.edges.length).toBeLessThanOrEqual(map.edges.length);
          expect(simpler.edges.length + simpler.hidden.edges).toBe(map.edges.length);
        }),
      ),
      { numRuns: 25, seed: 12 },
    );
  }, 120_000);

  it("a discovered model survives PNML and BPMN: same net, same fitness (1 for IM)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 15 }), async (cases) =>
        withLog(cases, async (target) => {
          const model = await mineDiscover(target, {}, { algorithm: "im" });
          const reread = readPnml(model.pnml);
          expect(new Set(reread.places.map((p) => p.id))).toEqual(
            new Set(model.petriNet.places.map((p) => p.id)),
          );
          expect(reread.transitions.map((t) => [t.id, t.label]).sort()).toEqual(
            model.petriNet.transitions.map((t) => [t.id, t.label]).sort(),
          );
          expect(reread.arcs.map((a) => `${a.source}>${a.target}`).sort()).toEqual(
            model.petriNet.arcs.map((a) => `${a.source}>${a.target}`).sort(),
          );
          expect(reread.initialMarking).toEqual(model.petriNet.initialMarking);
          expect(reread.finalMarking).toEqual(model.petriNet.finalMarking);
          const viaPnml = await mineConformance(target, {}, { text: model.pnml, fileName: "m.pnml" });
          const viaBpmn = await mineConformance(target, {}, { text: model.bpmn, fileName: "m.bpmn" });
          expect(viaPnml.fitness).toBe(1);
          expect(viaBpmn.fitness).toBe(1);
        }),
      ),
      { numRuns: 20, seed: 13 },
    );
  }, 120_000);
});
