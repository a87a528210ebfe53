import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedData } from "../../../test/helpers/shared-data.js";
import { readTraceLog } from "../../../test/helpers/trace-log.js";
import type { PetriNet, ProcessTree, TraceLog } from "../model/types.js";
import { discoverProcessTree, formatProcessTree, parseProcessTree, processTreeToPetriNet } from "./index.js";
import { treesEquivalent } from "./process-tree.js";

interface NetFacts {
  places: number;
  transitions: number;
  visible: number;
  silent: number;
  arcs: number;
  /** Each transition as `label in/out` (tau for silent), sorted. */
  transitionDegrees: string[];
  /** Each place as `in/out`, sorted. */
  placeDegrees: string[];
}

interface Reference {
  tree: string;
  seconds?: number;
  petriNet: NetFacts;
  /** PM4Py's tree when the traces of a concurrency branch add their counts (see the fixture's README). */
  treeWithSummedCounts?: string;
  petriNetWithSummedCounts?: NetFacts;
}

interface SmallLog {
  traces: [string[], number][];
  im: string;
  imf: string;
  imWithSummedCounts?: string;
  imfWithSummedCounts?: string;
  imPetriNet: NetFacts;
  imfPetriNet: NetFacts;
}

const fixture = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../../test/fixtures/pm4py/trees.json"), "utf8"),
) as {
  pm4py: string;
  noise: number;
  logs: Record<string, { im: Reference; imf: Reference }>;
  smallLogs: SmallLog[];
};

const NOISE = fixture.noise;

function factsOf(net: PetriNet): NetFacts {
  const inputs = (id: string) => net.arcs.filter((a) => a.target === id).length;
  const outputs = (id: string) => net.arcs.filter((a) => a.source === id).length;
  return {
    places: net.places.length,
    transitions: net.transitions.length,
    visible: net.transitions.filter((t) => t.label !== null).length,
    silent: net.transitions.filter((t) => t.label === null).length,
    arcs: net.arcs.length,
    transitionDegrees: net.transitions
      .map((t) => `${t.label ?? "tau"} ${inputs(t.id)}/${outputs(t.id)}`)
      .sort(),
    placeDegrees: net.places.map((p) => `${inputs(p.id)}/${outputs(p.id)}`).sort(),
  };
}

function expectEquivalent(tree: ProcessTree, expected: string): void {
  const ok = treesEquivalent(tree, parseProcessTree(expected));
  expect(ok, `ours: ${formatProcessTree(tree)}\nPM4Py: ${expected}`).toBe(true);
}

const logs = new Map<string, Promise<TraceLog>>();
function log(name: string): Promise<TraceLog> {
  let found = logs.get(name);
  if (!found) {
    found = readTraceLog(sharedData(`eventlogs/${name}`));
    logs.set(name, found);
  }
  return found;
}

describe(`Inductive Miner against PM4Py ${fixture.pm4py} on the shared logs`, () => {
  it("finds the running example's textbook tree", async () => {
    const tree = discoverProcessTree(await log("running-example.xes"), { variant: "im" });
    expectEquivalent(
      tree,
      "->( 'register request', *( ->( +( 'check ticket', X( 'examine thoroughly', 'examine casually' ) ), 'decide' ), 'reinitiate request' ), X( 'reject request', 'pay compensation' ) )",
    );
  });

  for (const [name, byVariant] of Object.entries(fixture.logs)) {
    for (const variant of ["im", "imf"] as const) {
      const reference = byVariant[variant];
      const label = variant === "im" ? "IM" : `IMf (noise ${NOISE})`;
      it(`${label} on ${name} finds PM4Py's tree${reference.treeWithSummedCounts ? " (with counts added up)" : ""}`, async () => {
        const traceLog = await log(name);
        const started = performance.now();
        const tree = discoverProcessTree(traceLog, { variant, noise: NOISE });
        const ms = performance.now() - started;
        console.log(`${label} on ${name}: ${ms.toFixed(0)} ms (PM4Py ${reference.seconds ?? "?"} s)`);
        expectEquivalent(tree, reference.treeWithSummedCounts ?? reference.tree);
      }, 120_000);
    }
  }

  it("IMf on bpic2012 takes under 2 s of CPU time", async () => {
    const traceLog = await log("bpic2012.xes.gz");
    const cpu = process.cpuUsage();
    const started = performance.now();
    discoverProcessTree(traceLog, { variant: "imf", noise: NOISE });
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    console.log(
      `IMf on bpic2012 (${traceLog.traces.length} variants): ${wall.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU; PM4Py ${fixture.logs["bpic2012.xes.gz"]?.imf.seconds} s`,
    );
    expect(cpuMs).toBeLessThan(2000);
  }, 120_000);

  it("IM and IMf on 200 generated small logs find PM4Py's trees", () => {
    let checked = 0;
    for (const small of fixture.smallLogs) {
      const activities: string[] = [];
      const traces = small.traces.map(([names, count]) => ({
        trace: names.map((name) => {
          if (!activities.includes(name)) activities.push(name);
          return activities.indexOf(name);
        }),
        count,
      }));
      for (const variant of ["im", "imf"] as const) {
        const expected =
          (variant === "im" ? small.imWithSummedCounts : small.imfWithSummedCounts) ?? small[variant];
        const tree = discoverProcessTree({ activities, traces }, { variant, noise: NOISE });
        const ok = treesEquivalent(tree, parseProcessTree(expected));
        expect(
          ok,
          `${variant} on ${JSON.stringify(small.traces)}\nours: ${formatProcessTree(tree)}\nPM4Py: ${expected}`,
        ).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(400);
  });
});

describe(`Process tree to Petri net against PM4Py ${fixture.pm4py}`, () => {
  for (const [name, byVariant] of Object.entries(fixture.logs)) {
    for (const variant of ["im", "imf"] as const) {
      const reference = byVariant[variant];
      it(`has PM4Py's places, transitions and arcs for the ${variant === "im" ? "IM" : "IMf"} tree of ${name}`, () => {
        const net = processTreeToPetriNet(parseProcessTree(reference.tree));
        expect(factsOf(net)).toEqual(reference.petriNet);
        if (reference.treeWithSummedCounts && reference.petriNetWithSummedCounts) {
          const summed = processTreeToPetriNet(parseProcessTree(reference.treeWithSummedCounts));
          expect(factsOf(summed)).toEqual(reference.petriNetWithSummedCounts);
        }
      });
    }
  }

  it("converts the trees we discover on the running example and bpic2012 (IMf) to PM4Py's nets", async () => {
    const running = discoverProcessTree(await log("running-example.xes"), { variant: "im" });
    expect(factsOf(processTreeToPetriNet(running))).toEqual(fixture.logs["running-example.xes"]?.im.petriNet);
    const bpic = discoverProcessTree(await log("bpic2012.xes.gz"), { variant: "imf", noise: NOISE });
    const reference = fixture.logs["bpic2012.xes.gz"]?.imf;
    expect(factsOf(processTreeToPetriNet(bpic))).toEqual(
      reference?.petriNetWithSummedCounts ?? reference?.petriNet,
    );
  }, 120_000);

  it("has PM4Py's places, transitions and arcs for the trees of 200 generated small logs", () => {
    for (const small of fixture.smallLogs) {
      for (const variant of ["im", "imf"] as const) {
        const tree =
          (variant === "im" ? small.imWithSummedCounts : small.imfWithSummedCounts) ?? small[variant];
        const facts = variant === "im" ? small.imPetriNet : small.imfPetriNet;
        expect(factsOf(processTreeToPetriNet(parseProcessTree(tree))), tree).toEqual(facts);
      }
    }
  });
});
