/**
 * Process mining against PM4Py on the same logs: directly-follows counts and times, variants, the
 * Inductive Miner's model and its token-based replay fitness. The figures were produced by PM4Py
 * 2.7.11.4 (see test/fixtures/pm4py/README.md); our results are computed here from the raw files.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseProcessTree, treesEquivalent } from "../src/mining/discovery/index.js";
import {
  type MineTarget,
  mineConformance,
  mineDfg,
  mineDiscover,
  mineSummary,
  mineVariants,
  openLogFile,
} from "../src/mining/index.js";
import { sharedData } from "./helpers/shared-data.js";

const FIXTURES = new URL("./fixtures/pm4py/", import.meta.url);
const reference = JSON.parse(readFileSync(new URL("dfg.json", FIXTURES), "utf8")) as {
  logs: Record<
    string,
    {
      events: number;
      cases: number;
      activities: number;
      edges: number;
      variants: number;
      dfg: [string, string, number][];
      start: Record<string, number>;
      end: Record<string, number>;
    }
  >;
};
const performance = JSON.parse(readFileSync(new URL("performance-dfg.json", FIXTURES), "utf8")) as {
  logs: Record<string, [string, string, number, number][]>;
};
/** PM4Py's IMf (noise 0.2) models and their replay fitness under a fixed hash seed. */
const imf = JSON.parse(readFileSync(new URL("imf-fitness.json", FIXTURES), "utf8")) as {
  logs: Record<string, { tree: string; logFitness: number }>;
};

const targets = new Map<string, MineTarget>();
async function open(name: string): Promise<MineTarget> {
  let target = targets.get(name);
  if (!target) {
    target = await openLogFile(sharedData(`eventlogs/${name}`), {});
    targets.set(name, target);
  }
  return target;
}

afterAll(() => {
  for (const t of targets.values()) t.workspace.close();
});

describe.each(["running-example.xes", "receipt.xes.gz", "bpic2012.xes.gz"])("%s against PM4Py", (name) => {
  const ref = reference.logs[name] as (typeof reference.logs)[string];
  let target: MineTarget;
  beforeAll(async () => {
    target = await open(name);
  }, 120_000);

  test("events, cases, activities, variants, start and end activities", async () => {
    const summary = await mineSummary(target, {});
    expect(summary.events).toBe(ref.events);
    expect(summary.cases).toBe(ref.cases);
    expect(summary.activities).toBe(ref.activities);
    expect(summary.variants).toBe(ref.variants);
    expect(summary.start).toEqual(ref.start);
    expect(summary.end).toEqual(ref.end);
    const variants = await mineVariants(target, {});
    expect(variants.total).toBe(ref.variants);
  });

  test("every directly-follows edge with PM4Py's count", async () => {
    const dfg = await mineDfg(target, {});
    expect(dfg.edges).toHaveLength(ref.edges);
    const ours = dfg.edges.map((e) => [e.from, e.to, e.count]).sort();
    expect(ours).toEqual([...ref.dfg].sort());
    expect(dfg.edges.reduce((s, e) => s + e.count, 0)).toBe(ref.events - ref.cases);
  });

  test.runIf(name in performance.logs)(
    "edge mean and median times equal PM4Py's performance DFG",
    async () => {
      const dfg = await mineDfg(target, {});
      const times = new Map(dfg.edges.map((e) => [`${e.from}→${e.to}`, e]));
      for (const [from, to, mean, median] of performance.logs[name] ?? []) {
        const edge = times.get(`${from}→${to}`);
        expect(edge?.meanSeconds).toBeCloseTo(mean, 3);
        expect(edge?.medianSeconds).toBeCloseTo(median, 3);
      }
    },
  );
});

describe("Inductive Miner and token-based replay against PM4Py", () => {
  test("running-example: IM finds the textbook tree and the log replays with fitness 1", async () => {
    const target = await open("running-example.xes");
    const model = await mineDiscover(target, {}, { algorithm: "im" });
    const expected = parseProcessTree(
      "->( 'register request', *( ->( +( 'check ticket', X( 'examine thoroughly', 'examine casually' ) ), 'decide' ), 'reinitiate request' ), X( 'reject request', 'pay compensation' ) )",
    );
    expect(treesEquivalent(parseProcessTree(model.tree), expected)).toBe(true);
    const fit = await mineConformance(target, {}, { text: model.pnml, fileName: "model.pnml" });
    expect(fit.fitness).toBe(1);
    expect(fit.fittingCases).toBe(6);
    const fromBpmn = await mineConformance(target, {}, { text: model.bpmn, fileName: "model.bpmn" });
    expect(fromBpmn.fitness).toBe(1);
  });

  test("receipt: our IMf (noise 0.2) model is PM4Py's and replays with its fitness", async () => {
    const target = await open("receipt.xes.gz");
    const ref = imf.logs["receipt.xes.gz"] as { tree: string; logFitness: number };
    const model = await mineDiscover(target, {}, { algorithm: "imf", noise: 0.2 });
    expect(treesEquivalent(parseProcessTree(model.tree), parseProcessTree(ref.tree))).toBe(true);
    const fit = await mineConformance(target, {}, { text: model.pnml, fileName: "model.pnml" });
    expect(Math.abs(fit.fitness - ref.logFitness)).toBeLessThanOrEqual(0.005);
    expect(fit.fitness).toBeCloseTo(ref.logFitness, 9);
  }, 120_000);

  test("bpic2012: with PM4Py's counting our IMf model replays with PM4Py's fitness; without it, the published algorithm", async () => {
    const target = await open("bpic2012.xes.gz");
    const ref = imf.logs["bpic2012.xes.gz"] as { tree: string; logFitness: number };
    const compatible = await mineDiscover(target, {}, { algorithm: "imf", noise: 0.2, pm4pyCounting: true });
    expect(treesEquivalent(parseProcessTree(compatible.tree), parseProcessTree(ref.tree))).toBe(true);
    const fit = await mineConformance(target, {}, { text: compatible.pnml, fileName: "model.pnml" });
    expect(Math.abs(fit.fitness - ref.logFitness)).toBeLessThanOrEqual(0.005);
    // Summing the counts of traces that project alike keeps W_Valideren aanvraag mandatory: 195 of
    // 19,340 traces skip it (1%, under the noise threshold), which the replay then counts as missing.
    const published = await mineDiscover(target, {}, { algorithm: "imf", noise: 0.2 });
    expect(published.tree).not.toBe(compatible.tree);
    const publishedFit = await mineConformance(target, {}, { text: published.pnml, fileName: "model.pnml" });
    expect(publishedFit.fitness).toBeGreaterThan(0.97);
    expect(publishedFit.fitness).toBeLessThan(fit.fitness);
  }, 180_000);
});

test("bpic2012 with --merge-lifecycle: start and complete paired into PM4Py's activity instances", async () => {
  const ref = JSON.parse(readFileSync(new URL("interval.json", FIXTURES), "utf8")) as {
    instances: number;
    activities: Record<string, number>;
  };
  const target = await open("bpic2012.xes.gz");
  const dfg = await mineDfg(target, { mergeLifecycle: true });
  expect(dfg.events).toBe(ref.instances);
  expect(Object.fromEntries(dfg.activities.map((a) => [a.name, a.count]))).toEqual(ref.activities);
  // The work items (W_…) have starts, so their instances carry processing times; the others do not.
  const byName = new Map(dfg.activities.map((a) => [a.name, a]));
  expect(byName.get("W_Completeren aanvraag")?.meanProcessingSeconds).toBeGreaterThan(0);
  expect(byName.get("A_SUBMITTED")?.meanProcessingSeconds).toBeNull();
}, 120_000);

test("sepsis.csv maps onto an event log and mines without error", async () => {
  const target = await openLogFile(sharedData("eventlogs/sepsis.csv"), {
    case: "Case ID",
    activity: "Activity",
    timestamp: "Complete Timestamp",
    delimiter: ";",
    timestampFormat: "yyyy/MM/dd HH:mm:ss.SSS",
  });
  try {
    const summary = await mineSummary(target, {});
    expect(summary.events).toBe(15_214);
    const dfg = await mineDfg(target, {});
    expect(dfg.edges.reduce((s, e) => s + e.count, 0)).toBe(summary.events - summary.cases);
    const model = await mineDiscover(target, {}, { algorithm: "imf" });
    const fit = await mineConformance(target, {}, { text: model.pnml });
    expect(fit.fitness).toBeGreaterThan(0.5);
    expect(fit.fitness).toBeLessThanOrEqual(1);
  } finally {
    target.workspace.close();
  }
}, 120_000);
