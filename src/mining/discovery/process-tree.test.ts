import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ProcessTree, ProcessTreeOperator } from "../model/types.js";
import {
  formatProcessTree,
  parseProcessTree,
  simplifyProcessTree,
  sortProcessTree,
  treesEquivalent,
} from "./process-tree.js";

const a: ProcessTree = { kind: "activity", label: "a" };
const b: ProcessTree = { kind: "activity", label: "b" };
const c: ProcessTree = { kind: "activity", label: "c" };
const tau: ProcessTree = { kind: "tau" };
const node = (kind: ProcessTreeOperator, ...children: ProcessTree[]): ProcessTree => ({ kind, children });

/** Random trees with awkward labels (quotes, backslashes, brackets, non-ASCII). */
const treeArbitrary: fc.Arbitrary<ProcessTree> = fc.letrec<{ tree: ProcessTree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant<ProcessTree>({ kind: "tau" }),
    fc
      .string({
        unit: fc.constantFrom("a", "B", " ", "'", "\\", "(", ")", ",", "é", "→", "😀"),
        minLength: 0,
      })
      .map((label): ProcessTree => ({ kind: "activity", label })),
    fc
      .tuple(
        fc.constantFrom<ProcessTreeOperator>("sequence", "xor", "parallel", "loop", "or"),
        fc.array(tie("tree"), { minLength: 1, maxLength: 4 }),
      )
      .map(([kind, children]): ProcessTree => ({ kind, children })),
  ),
})).tree;

describe("process tree notation", () => {
  it("writes PM4Py's notation", () => {
    expect(formatProcessTree(node("sequence", a, node("xor", b, tau), node("loop", c, tau)))).toBe(
      "->( 'a', X( 'b', tau ), *( 'c', tau ) )",
    );
    expect(formatProcessTree(node("parallel", a, node("or", b, c)))).toBe("+( 'a', O( 'b', 'c' ) )");
  });

  it("reads a tree as PM4Py prints it", () => {
    const text =
      "->( 'register request', *( ->( +( 'check ticket', X( 'examine thoroughly', 'examine casually' ) ), 'decide' ), 'reinitiate request' ), X( 'reject request', 'pay compensation' ) )";
    const tree = parseProcessTree(text);
    expect(tree.kind).toBe("sequence");
    expect(formatProcessTree(tree)).toBe(text);
  });

  it("reads tau written as τ and tolerates line breaks", () => {
    expect(parseProcessTree("X(\n  'a',\n  τ\n)")).toEqual(node("xor", a, tau));
  });

  it("reads back what it writes, for any tree", () => {
    fc.assert(
      fc.property(treeArbitrary, (tree) => {
        expect(parseProcessTree(formatProcessTree(tree))).toEqual(tree);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it("names the place of a syntax error", () => {
    expect(() => parseProcessTree("->( 'a' 'b' )")).toThrow(/character 9: expected "," or "\)"/);
    expect(() => parseProcessTree("X( 'a'")).toThrow(/expected "," or "\)" but found the end/);
    expect(() => parseProcessTree("'a")).toThrow(/not closed/);
    expect(() => parseProcessTree("->( 'a' ) x")).toThrow(/unexpected text/);
    expect(() => parseProcessTree("+( )")).toThrow(/has no children/);
  });
});

describe("process tree equivalence", () => {
  it("compares exclusive choice, parallel and or children as multisets", () => {
    expect(treesEquivalent(node("xor", a, b, c), node("xor", c, a, b))).toBe(true);
    expect(treesEquivalent(node("parallel", a, b), node("parallel", b, a))).toBe(true);
    expect(treesEquivalent(node("or", a, b), node("or", b, a))).toBe(true);
    expect(treesEquivalent(node("xor", a, a, b), node("xor", a, b, b))).toBe(false);
    expect(treesEquivalent(node("xor", a, b), node("parallel", a, b))).toBe(false);
  });

  it("keeps the order of a sequence", () => {
    expect(treesEquivalent(node("sequence", a, b), node("sequence", b, a))).toBe(false);
  });

  it("keeps the body of a loop first and compares its redo parts as a multiset", () => {
    expect(treesEquivalent(node("loop", a, b, c), node("loop", a, c, b))).toBe(true);
    expect(treesEquivalent(node("loop", a, b), node("loop", b, a))).toBe(false);
  });

  it("flattens nested sequences, exclusive choices and parallels", () => {
    expect(treesEquivalent(node("sequence", node("sequence", a, b), c), node("sequence", a, b, c))).toBe(
      true,
    );
    expect(treesEquivalent(node("xor", a, node("xor", b, c)), node("xor", c, b, a))).toBe(true);
    expect(treesEquivalent(node("parallel", node("parallel", a, b), c), node("parallel", a, b, c))).toBe(
      true,
    );
    // A sequence nested in a parallel is not flattened.
    expect(treesEquivalent(node("parallel", node("sequence", a, b), c), node("parallel", a, b, c))).toBe(
      false,
    );
  });

  it("drops taus that change nothing, as PM4Py does", () => {
    expect(simplifyProcessTree(node("sequence", a, tau, b))).toEqual(node("sequence", a, b));
    expect(simplifyProcessTree(node("parallel", tau, a))).toEqual(a);
    expect(simplifyProcessTree(node("xor", tau, a, tau))).toEqual(node("xor", a, tau));
    expect(simplifyProcessTree(node("xor", node("xor", tau, a), tau, b))).toEqual(node("xor", a, tau, b));
    expect(simplifyProcessTree(node("sequence", tau, tau))).toEqual(tau);
    // A loop keeps its tau redo: it is what lets the body repeat.
    expect(simplifyProcessTree(node("loop", a, tau))).toEqual(node("loop", a, tau));
    expect(treesEquivalent(node("loop", a, tau), a)).toBe(false);
  });

  it("orders exclusive-choice and parallel children as PM4Py prints them", () => {
    // PM4Py's tree for the running example lists 'check ticket' before the choice of examinations.
    const tree = parseProcessTree("+( X( 'examine casually', 'examine thoroughly' ), 'check ticket' )");
    expect(formatProcessTree(sortProcessTree(tree))).toBe(
      "+( 'check ticket', X( 'examine thoroughly', 'examine casually' ) )",
    );
  });
});
