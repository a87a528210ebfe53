import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedData } from "../../../test/helpers/shared-data.js";
import { traceLog } from "../analysis/variants.js";
import { mineFilterSchema } from "../log/filters.js";
import type { TraceLog } from "../model/types.js";
import { loadFilteredLog, openLogFile } from "../source.js";
import { discoverProcessTree, formatProcessTree, parseProcessTree, treesEquivalent } from "./index.js";

const fixture = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../../test/fixtures/pm4py/trees.json"), "utf8"),
) as {
  pm4py: string;
  noise: number;
  logs: Record<string, { im: { tree: string }; imf: { tree: string; treeWithSummedCounts?: string } }>;
  smallLogs: { traces: [string[], number][]; im: string; imf: string; imfWithSummedCounts?: string }[];
};

const NOISE = fixture.noise;

/** A log from named traces, activities numbered in order of first appearance, traces kept in order. */
function namedLog(traces: [string[], number][]): TraceLog {
  const activities: string[] = [];
  return {
    activities,
    traces: traces.map(([names, count]) => ({
      trace: names.map((name) => {
        if (!activities.includes(name)) activities.push(name);
        return activities.indexOf(name);
      }),
      count,
    })),
  };
}

function expectTree(log: TraceLog, options: Parameters<typeof discoverProcessTree>[1], expected: string) {
  const tree = discoverProcessTree(log, options);
  expect(
    treesEquivalent(tree, parseProcessTree(expected)),
    `ours: ${formatProcessTree(tree)}\nexpected: ${expected}`,
  ).toBe(true);
}

describe("PM4Py 2.7's counting in concurrency splits", () => {
  // a and b follow each other both ways, so the log splits into +( a, b ). Projected on b, the traces
  // give ( b ) from the first two and an empty trace twice from the third. PM4Py 2.7.11.4's IMFUVCL
  // (noise 0.2) finds the trees expected below for this log and for the swapped one.
  const traces: [string[], number][] = [
    [["a", "b"], 9],
    [["b", "a"], 1],
    [["a"], 2],
  ];

  it("adds the counts of traces that project alike, whatever their order, by default", () => {
    // ( b ) 10 times, empty 2 of 12 (17 %, under the 20 % noise): IMf drops the skip.
    expectTree(namedLog(traces), { variant: "imf", noise: 0.2 }, "+( 'a', 'b' )");
    expectTree(namedLog([...traces].reverse()), { variant: "imf", noise: 0.2 }, "+( 'a', 'b' )");
  });

  it("keeps the count of the last trace in log order when asked", () => {
    // ( b ) takes the count of ( b a ), 1; empty 2 of 3: IMf keeps the skip.
    expectTree(
      namedLog(traces),
      { variant: "imf", noise: 0.2, pm4pyCounting: true },
      "+( 'a', X( tau, 'b' ) )",
    );
    // With ( a b ) last, ( b ) counts 9 and empty 2 of 11 (18 %): no skip.
    const swapped: [string[], number][] = [traces[1], traces[0], traces[2]] as [string[], number][];
    expectTree(namedLog(swapped), { variant: "imf", noise: 0.2, pm4pyCounting: true }, "+( 'a', 'b' )");
  });

  it("does not change IM, which does not look at counts", () => {
    expectTree(namedLog(traces), { variant: "im", pm4pyCounting: true }, "+( 'a', X( tau, 'b' ) )");
    expectTree(namedLog(traces), { variant: "im" }, "+( 'a', X( tau, 'b' ) )");
  });

  it(`finds PM4Py ${fixture.pm4py}'s released IM and IMf trees on all 200 generated small logs`, () => {
    let checked = 0;
    let differing = 0;
    for (const small of fixture.smallLogs) {
      const log = namedLog(small.traces);
      for (const variant of ["im", "imf"] as const) {
        const tree = discoverProcessTree(log, { variant, noise: NOISE, pm4pyCounting: true });
        expect(
          treesEquivalent(tree, parseProcessTree(small[variant])),
          `${variant} on ${JSON.stringify(small.traces)}\nours: ${formatProcessTree(tree)}\nPM4Py: ${small[variant]}`,
        ).toBe(true);
        checked++;
      }
      if (small.imfWithSummedCounts) differing++;
    }
    expect(checked).toBe(400);
    // The logs on which the counting changes PM4Py's IMf tree are among them.
    expect(differing).toBe(24);
  });
});

describe(`PM4Py ${fixture.pm4py}'s counting on bpic2012`, () => {
  let close = () => {};
  let log: TraceLog;
  beforeAll(async () => {
    // The variants in PM4Py's order: first appearance with the cases sorted by case id.
    const target = await openLogFile(sharedData("eventlogs/bpic2012.xes.gz"), {});
    close = () => target.workspace.close();
    log = traceLog((await loadFilteredLog(target.workspace, target.config, mineFilterSchema.parse({}))).log);
  }, 120_000);
  afterAll(() => close());

  const reference = fixture.logs["bpic2012.xes.gz"];

  it("IMf (noise 0.2) finds PM4Py's released tree", () => {
    expect(reference?.imf.treeWithSummedCounts).toBeDefined();
    expectTree(log, { variant: "imf", noise: NOISE, pm4pyCounting: true }, reference?.imf.tree ?? "");
  });

  it("IMf without the option finds the tree with counts added up", () => {
    expectTree(log, { variant: "imf", noise: NOISE }, reference?.imf.treeWithSummedCounts ?? "");
  });

  it("IM finds PM4Py's tree with the option too", () => {
    expectTree(log, { variant: "im", pm4pyCounting: true }, reference?.im.tree ?? "");
  });
});
