import { describe, expect, it } from "vitest";
import { parseProcessTree } from "../../mining/discovery/index.js";
import { type FlowCounts, flowFromTree } from "./flow.js";

function counts(events: Record<string, number>, cases: number, touched = cases): FlowCounts {
  return {
    events: new Map(Object.entries(events)),
    maxPerCase: new Map(Object.keys(events).map((a) => [a, 3])),
    cases,
    casesWith: () => touched,
  };
}

describe("routing from a process tree", () => {
  it("maps a sequence with a choice, counting branch probabilities from the events", () => {
    const tree = parseProcessTree("->( 'a', X( 'b', 'c' ), 'd' )");
    expect(flowFromTree(tree, counts({ a: 100, b: 30, c: 70, d: 100 }, 100))).toEqual([
      "a",
      {
        choice: [
          { p: 0.3, flow: ["b"] },
          { p: 0.7, flow: ["c"] },
        ],
      },
      "d",
    ]);
  });

  it("gives a silent branch what the others leave", () => {
    const tree = parseProcessTree("->( 'a', X( 'b', tau ) )");
    expect(flowFromTree(tree, counts({ a: 200, b: 50 }, 200))).toEqual([
      "a",
      {
        choice: [
          { p: 0.25, flow: ["b"] },
          { p: 0.75, flow: [] },
        ],
      },
    ]);
  });

  it("turns a loop into its body then a repeat of redo and body with p = (runs − entries) / runs", () => {
    // 100 cases enter; the body 'a' runs 125 times, so 25 repeats: p = 25 / 125.
    const tree = parseProcessTree("*( 'a', 'r' )");
    expect(flowFromTree(tree, counts({ a: 125, r: 25 }, 100))).toEqual([
      "a",
      { loop: ["r", "a"], repeatProbability: 0.2, max: 2 },
    ]);
  });

  it("keeps parallel branches as a parallel block", () => {
    const tree = parseProcessTree("+( 'a', 'b' )");
    expect(flowFromTree(tree, counts({ a: 10, b: 10 }, 10))).toEqual([{ parallel: [["a"], ["b"]] }]);
  });
});
