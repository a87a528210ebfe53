import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PetriNet, ProcessTree, TraceLog } from "../model/types.js";
import { discoverProcessTree, formatProcessTree, parseProcessTree, processTreeToPetriNet } from "./index.js";
import { treesEquivalent } from "./process-tree.js";

/** A log from traces written as strings of one-letter activities, with counts. */
function logOf(...entries: [string, number][]): TraceLog {
  const activities: string[] = [];
  const traces = entries.map(([text, count]) => ({
    trace: [...text].map((name) => {
      const at = activities.indexOf(name);
      if (at >= 0) return at;
      activities.push(name);
      return activities.length - 1;
    }),
    count,
  }));
  return { activities, traces };
}

function expectTree(tree: ProcessTree, expected: string): void {
  const ok = treesEquivalent(tree, parseProcessTree(expected));
  expect(ok, `${formatProcessTree(tree)} is not equivalent to ${expected}`).toBe(true);
}

/**
 * Whether a tree can produce a trace. Exact for trees in which each activity occurs at most once, as in
 * the trees the Inductive Miner finds: a parallel's children then run on the trace's projections on
 * their activities.
 */
function treeAccepts(tree: ProcessTree, trace: string[]): boolean {
  const labels = new Map<ProcessTree, Set<string>>();
  const labelsOf = (node: ProcessTree): Set<string> => {
    let found = labels.get(node);
    if (!found) {
      found = new Set(
        node.kind === "activity"
          ? [node.label]
          : node.kind === "tau"
            ? []
            : node.children.flatMap((child) => [...labelsOf(child)]),
      );
      labels.set(node, found);
    }
    return found;
  };
  const memo = new Map<ProcessTree, Map<string, boolean>>();
  const results = new Map<ProcessTree, Map<string, boolean>>();
  const accepts = (node: ProcessTree, seq: string[]): boolean => {
    const known = results.get(node) ?? new Map<string, boolean>();
    results.set(node, known);
    const key = seq.join("\u0000");
    let result = known.get(key);
    if (result === undefined) {
      result = acceptsOnce(node, seq);
      known.set(key, result);
    }
    return result;
  };
  const acceptsOnce = (node: ProcessTree, seq: string[]): boolean => {
    if (node.kind === "activity") return seq.length === 1 && seq[0] === node.label;
    if (node.kind === "tau") return seq.length === 0;
    const own = labelsOf(node);
    if (seq.some((a) => !own.has(a))) return false;
    const children = node.children;
    switch (node.kind) {
      case "xor":
        return children.some((child) => accepts(child, seq));
      case "parallel":
        return children.every((child) => {
          const mine = labelsOf(child);
          return accepts(
            child,
            seq.filter((a) => mine.has(a)),
          );
        });
      case "sequence": {
        // Child i consumes seq[from, to); try every split.
        const from = (i: number, at: number): boolean => {
          const cache = memo.get(node) ?? new Map<string, boolean>();
          memo.set(node, cache);
          const key = `${i}|${at}|${seq.join("\u0000")}`;
          const known = cache.get(key);
          if (known !== undefined) return known;
          const child = children[i];
          let result: boolean;
          if (!child) result = at === seq.length;
          else {
            result = false;
            for (let to = at; to <= seq.length && !result; to++) {
              result = accepts(child, seq.slice(at, to)) && from(i + 1, to);
            }
          }
          cache.set(key, result);
          return result;
        };
        return from(0, 0);
      }
      case "loop": {
        const [body, ...redo] = children;
        if (!body) return false;
        // Alternate body and redo parts; a body must also close the trace.
        const afterBody = new Set<number>();
        const afterRedo = new Set<number>([0]);
        const queue: [number, "body" | "redo"][] = [[0, "redo"]];
        while (queue.length > 0) {
          const [at, last] = queue.shift() ?? [0, "redo"];
          for (let to = at; to <= seq.length; to++) {
            const part = seq.slice(at, to);
            if (last === "redo" && accepts(body, part) && !afterBody.has(to)) {
              afterBody.add(to);
              queue.push([to, "body"]);
            }
            if (last === "body" && redo.some((r) => accepts(r, part)) && !afterRedo.has(to)) {
              afterRedo.add(to);
              queue.push([to, "redo"]);
            }
          }
        }
        return afterBody.has(seq.length);
      }
      case "or":
        return false;
    }
  };
  return accepts(tree, trace);
}

/** Whether the accepting Petri net can fire the trace, silent transitions at will, from its initial to its final marking. */
function netAccepts(net: PetriNet, trace: string[]): boolean {
  const place = new Map(net.places.map((p, i) => [p.id, i]));
  const transitions = net.transitions.map((t) => ({
    label: t.label,
    inputs: net.arcs.filter((a) => a.target === t.id).map((a) => place.get(a.source) ?? -1),
    outputs: net.arcs.filter((a) => a.source === t.id).map((a) => place.get(a.target) ?? -1),
  }));
  type Marking = number[];
  const markingOf = (tokens: Record<string, number>): Marking => {
    const m = new Array<number>(net.places.length).fill(0);
    for (const [id, n] of Object.entries(tokens)) m[place.get(id) ?? 0] = n;
    return m;
  };
  const fire = (m: Marking, t: (typeof transitions)[number]): Marking | null => {
    const need = new Map<number, number>();
    for (const p of t.inputs) need.set(p, (need.get(p) ?? 0) + 1);
    for (const [p, n] of need) if ((m[p] ?? 0) < n) return null;
    const next = [...m];
    for (const p of t.inputs) next[p] = (next[p] ?? 0) - 1;
    for (const p of t.outputs) next[p] = (next[p] ?? 0) + 1;
    return next;
  };
  const silent = transitions.filter((t) => t.label === null);
  const closure = (markings: Marking[]): Map<string, Marking> => {
    const seen = new Map(markings.map((m) => [m.join(","), m]));
    const queue = [...markings];
    while (queue.length > 0) {
      const m = queue.pop() ?? [];
      for (const t of silent) {
        const next = fire(m, t);
        if (!next) continue;
        const key = next.join(",");
        if (seen.has(key)) continue;
        if (seen.size > 50_000) throw new Error("the net's state space does not stay small");
        seen.set(key, next);
        queue.push(next);
      }
    }
    return seen;
  };
  let current = closure([markingOf(net.initialMarking)]);
  for (const activity of trace) {
    const visible = transitions.filter((t) => t.label === activity);
    const next: Marking[] = [];
    for (const m of current.values()) {
      for (const t of visible) {
        const fired = fire(m, t);
        if (fired) next.push(fired);
      }
    }
    current = closure(next);
    if (current.size === 0) return false;
  }
  return current.has(markingOf(net.finalMarking).join(","));
}

describe("Inductive Miner, hand-worked logs (PM4Py 2.7.11.4 gives the same trees)", () => {
  it("finds an exclusive choice between disconnected parts", () => {
    expectTree(
      discoverProcessTree(logOf(["ab", 3], ["c", 2]), { variant: "im" }),
      "X( 'c', ->( 'a', 'b' ) )",
    );
  });

  it("finds a sequence with a skippable step", () => {
    expectTree(
      discoverProcessTree(logOf(["abc", 1], ["ac", 1]), { variant: "im" }),
      "->( 'a', X( tau, 'b' ), 'c' )",
    );
  });

  it("finds concurrency when both orders occur", () => {
    expectTree(discoverProcessTree(logOf(["ab", 1], ["ba", 1]), { variant: "im" }), "+( 'a', 'b' )");
  });

  it("finds a loop with a redo part", () => {
    expectTree(
      discoverProcessTree(logOf(["a", 1], ["aba", 1], ["ababa", 1]), { variant: "im" }),
      "*( 'a', 'b' )",
    );
  });

  it("makes the whole process skippable when some cases are empty", () => {
    expectTree(discoverProcessTree(logOf(["", 1], ["a", 1]), { variant: "im" }), "X( tau, 'a' )");
  });

  it("IMf drops empty traces at or under the noise share and keeps more frequent ones", () => {
    const rare = logOf(["", 1], ["ab", 9]);
    expectTree(discoverProcessTree(rare, { variant: "im" }), "X( tau, ->( 'a', 'b' ) )");
    expectTree(discoverProcessTree(rare, { variant: "imf", noise: 0.2 }), "->( 'a', 'b' )");
    const frequent = logOf(["", 3], ["ab", 7]);
    expectTree(discoverProcessTree(frequent, { variant: "imf", noise: 0.2 }), "X( tau, ->( 'a', 'b' ) )");
  });

  it("IMf ignores a rare edge when the full graph has no cut", () => {
    const log = logOf(["abc", 20], ["ababc", 1]);
    expectTree(discoverProcessTree(log, { variant: "im" }), "->( *( ->( 'a', 'b' ), tau ), 'c' )");
    expectTree(discoverProcessTree(log, { variant: "imf", noise: 0.2 }), "->( 'a', *( 'b', tau ), 'c' )");
  });

  it("adds up the counts of traces that look the same in one branch of a concurrency split", () => {
    // The {b} branch: 'b' in 20 cases, empty in 3 (13% < 20%), so IMf drops the skip. PM4Py 2.7.11.4
    // keeps only the count of the last trace ('b' 10 times) and so finds X( tau, 'b' ) instead.
    const log = logOf(["ab", 10], ["ba", 10], ["a", 3]);
    expectTree(discoverProcessTree(log, { variant: "im" }), "+( 'a', X( tau, 'b' ) )");
    expectTree(discoverProcessTree(log, { variant: "imf", noise: 0.2 }), "+( 'a', 'b' )");
  });

  it("falls through to an activity that occurs once in every trace", () => {
    const log = logOf(["abc", 1], ["cba", 1], ["bac", 1], ["acb", 1], ["b", 1]);
    expectTree(discoverProcessTree(log, { variant: "im" }), "+( X( tau, +( 'a', 'c' ) ), 'b' )");
  });

  it("falls through to a tau loop when traces restart at a start activity", () => {
    const log = logOf(["cabac", 5], ["cacac", 5], ["caab", 1]);
    expectTree(
      discoverProcessTree(log, { variant: "im" }),
      "*( ->( 'c', X( tau, *( ->( 'a', X( tau, 'b' ) ), tau ) ) ), tau )",
    );
  });

  it("refuses a trace that refers to an activity the log does not name", () => {
    expect(() =>
      discoverProcessTree({ activities: ["a"], traces: [{ trace: [0, 1], count: 1 }] }, { variant: "im" }),
    ).toThrow(/activity 1, but the log names 1/);
  });

  it("refuses a noise threshold outside 0 to 1", () => {
    expect(() => discoverProcessTree(logOf(["a", 1]), { variant: "imf", noise: 1.5 })).toThrow(
      /between 0 and 1/,
    );
  });
});

const smallLog: fc.Arbitrary<TraceLog> = fc
  .array(
    fc.tuple(
      fc.array(fc.constantFrom("a", "b", "c", "d", "e"), { maxLength: 7 }),
      fc.integer({ min: 1, max: 20 }),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((entries) => logOf(...entries.map(([trace, count]): [string, number] => [trace.join(""), count])));

function labelsIn(tree: ProcessTree): string[] {
  if (tree.kind === "activity") return [tree.label];
  if (tree.kind === "tau") return [];
  return tree.children.flatMap(labelsIn);
}

describe("Inductive Miner properties", () => {
  it("IM's tree, and the Petri net made from it, accept every trace of the log", () => {
    fc.assert(
      fc.property(smallLog, (log) => {
        const tree = discoverProcessTree(log, { variant: "im" });
        const net = processTreeToPetriNet(tree);
        for (const { trace } of log.traces) {
          const names = trace.map((i) => log.activities[i] ?? "");
          expect(treeAccepts(tree, names), `${formatProcessTree(tree)} rejects ${names.join(",")}`).toBe(
            true,
          );
          expect(
            netAccepts(net, names),
            `the net of ${formatProcessTree(tree)} rejects ${names.join(",")}`,
          ).toBe(true);
        }
      }),
      { seed: 20240611, numRuns: 300 },
    );
  });

  it("the language checks reject what the tree cannot do", () => {
    const tree = parseProcessTree("->( 'a', +( 'b', *( 'c', 'd' ) ), X( tau, 'e' ) )");
    const net = processTreeToPetriNet(tree);
    for (const ok of ["abc", "acb", "acdcbe", "abcdc"]) {
      expect(treeAccepts(tree, [...ok])).toBe(true);
      expect(netAccepts(net, [...ok])).toBe(true);
    }
    for (const bad of ["ab", "bac", "abcd", "abcee", "acdb"]) {
      expect(treeAccepts(tree, [...bad])).toBe(false);
      expect(netAccepts(net, [...bad])).toBe(false);
    }
  });

  it("IM uses every activity of the log exactly once; IMf at most once (it may drop rare ones)", () => {
    fc.assert(
      fc.property(smallLog, (log) => {
        const used = log.activities.filter((_, i) => log.traces.some((t) => t.trace.includes(i)));
        const im = labelsIn(discoverProcessTree(log, { variant: "im" }));
        expect([...im].sort()).toEqual([...used].sort());
        const imf = labelsIn(discoverProcessTree(log, { variant: "imf", noise: 0.2 }));
        expect(new Set(imf).size).toBe(imf.length);
        for (const label of imf) expect(used).toContain(label);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it("IMf with noise 0 finds IM's tree", () => {
    fc.assert(
      fc.property(smallLog, (log) => {
        const im = discoverProcessTree(log, { variant: "im" });
        const imf = discoverProcessTree(log, { variant: "imf", noise: 0 });
        expect(formatProcessTree(imf)).toBe(formatProcessTree(im));
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it("does not depend on the order of the variants or on split counts", () => {
    fc.assert(
      fc.property(smallLog, fc.constantFrom<"im" | "imf">("im", "imf"), (log, variant) => {
        const reversed: TraceLog = { activities: log.activities, traces: [...log.traces].reverse() };
        const split: TraceLog = {
          activities: log.activities,
          traces: log.traces.flatMap((t) =>
            t.count > 1
              ? [
                  { trace: t.trace, count: 1 },
                  { trace: t.trace, count: t.count - 1 },
                ]
              : [t],
          ),
        };
        const tree = formatProcessTree(discoverProcessTree(log, { variant }));
        expect(formatProcessTree(discoverProcessTree(reversed, { variant }))).toBe(tree);
        expect(formatProcessTree(discoverProcessTree(split, { variant }))).toBe(tree);
      }),
      { seed: 13, numRuns: 200 },
    );
  });
});
