import { createHash } from "node:crypto";
import { AppError } from "../../core/errors.js";
import type { ProcessTree, ProcessTreeOperator } from "../model/types.js";

/** The operator symbols of PM4Py's process-tree notation. */
const SYMBOL: Record<ProcessTreeOperator, string> = {
  sequence: "->",
  xor: "X",
  parallel: "+",
  loop: "*",
  or: "O",
};

/** Symbols in the order they are tried when reading, longest first where one is a prefix. */
const READ_ORDER: [string, ProcessTreeOperator][] = [
  ["->", "sequence"],
  ["X", "xor"],
  ["+", "parallel"],
  ["*", "loop"],
  ["O", "or"],
];

export const tau: ProcessTree = { kind: "tau" };

export function activity(label: string): ProcessTree {
  return { kind: "activity", label };
}

export function operatorNode(kind: ProcessTreeOperator, children: ProcessTree[]): ProcessTree {
  return { kind, children };
}

function isTau(tree: ProcessTree): boolean {
  return tree.kind === "tau";
}

function quote(label: string): string {
  return `'${label.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/**
 * Writes a tree in PM4Py's notation: `->( 'a', X( 'b', tau ) )`. Labels are always quoted (PM4Py leaves
 * a lone root label bare); a quote or backslash inside a label is escaped with a backslash.
 */
export function formatProcessTree(tree: ProcessTree): string {
  switch (tree.kind) {
    case "activity":
      return quote(tree.label);
    case "tau":
      return "tau";
    default:
      return `${SYMBOL[tree.kind]}( ${tree.children.map(formatProcessTree).join(", ")} )`;
  }
}

/**
 * Reads a tree written in PM4Py's notation (as `formatProcessTree` writes it, or as PM4Py prints it,
 * which leaves a tree of one activity unquoted).
 */
export function parseProcessTree(text: string): ProcessTree {
  let at = 0;
  const fail = (message: string): never => {
    throw new AppError("PARSE_ERROR", `Process tree, character ${at + 1}: ${message}`, {
      position: at + 1,
      text,
    });
  };
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text.charAt(at))) at++;
  };
  const readNode = (): ProcessTree => {
    skipSpace();
    if (text.startsWith("tau", at)) {
      at += 3;
      return tau;
    }
    if (text.charAt(at) === "τ") {
      at += 1;
      return tau;
    }
    if (text.charAt(at) === "'") {
      at++;
      let label = "";
      while (at < text.length && text.charAt(at) !== "'") {
        if (text.charAt(at) === "\\" && at + 1 < text.length) at++;
        label += text.charAt(at);
        at++;
      }
      if (at >= text.length) fail("a label is not closed with a quote");
      at++;
      return activity(label);
    }
    for (const [symbol, kind] of READ_ORDER) {
      if (!text.startsWith(symbol, at)) continue;
      at += symbol.length;
      skipSpace();
      if (text.charAt(at) !== "(") fail(`expected "(" after "${symbol}"`);
      at++;
      const children: ProcessTree[] = [];
      skipSpace();
      if (text.charAt(at) === ")") fail(`the operator "${symbol}" has no children`);
      for (;;) {
        children.push(readNode());
        skipSpace();
        const next = text.charAt(at);
        at++;
        if (next === ")") break;
        if (next !== ",") {
          at--;
          fail(`expected "," or ")" but found ${next ? `"${next}"` : "the end"}`);
        }
      }
      return operatorNode(kind, children);
    }
    return fail("expected an operator (->, X, +, *, O), a quoted label or tau");
  };
  const whole = text.trim();
  // PM4Py prints a tree that is a single activity without quotes.
  if (whole !== "" && !/^(->|X|\+|\*|O)\s*\(|^'|^(tau|τ)$/.test(whole)) return activity(whole);
  const tree = readNode();
  skipSpace();
  if (at < text.length) fail("unexpected text after the tree");
  return tree;
}

/**
 * Removes constructs that do not change the language, as PM4Py does after discovery: tau children of
 * sequences and parallels, all but one tau of an exclusive choice or an or, operators with one child,
 * and sequences, exclusive choices and parallels nested directly in one of their own kind.
 */
export function simplifyProcessTree(tree: ProcessTree): ProcessTree {
  if (tree.kind === "activity" || tree.kind === "tau") return tree;
  const kind = tree.kind;
  const folded = tree.children.map(simplifyProcessTree);
  let children: ProcessTree[] = [];
  for (const child of folded) {
    if ((kind === "sequence" || kind === "xor" || kind === "parallel") && child.kind === kind) {
      children.push(...child.children);
    } else children.push(child);
  }
  if (kind === "sequence" || kind === "parallel") {
    children = children.filter((child) => !isTau(child));
    if (children.length === 0) return tau;
  } else if (kind === "xor" || kind === "or") {
    const taus = children.filter(isTau).length;
    if (taus > 1) {
      let keep = taus - 1;
      children = children.filter((child) => !(isTau(child) && keep-- > 0));
    }
  } else if (children.every(isTau)) {
    return tau;
  }
  const only = children[0];
  if (children.length === 1 && only) return only;
  return operatorNode(kind, children);
}

/** A text for the tree that is the same for trees equal up to the order of unordered children. */
function canonical(tree: ProcessTree): string {
  switch (tree.kind) {
    case "activity":
      return quote(tree.label);
    case "tau":
      return "tau";
    case "sequence":
      return `->(${tree.children.map(canonical).join(",")})`;
    case "loop": {
      const [body, ...redo] = tree.children.map(canonical);
      return `*(${[body, ...redo.sort()].join(",")})`;
    }
    default:
      return `${SYMBOL[tree.kind]}(${tree.children.map(canonical).sort().join(",")})`;
  }
}

/**
 * Whether two trees are the same model: after `simplifyProcessTree`, children of exclusive choices,
 * parallels and ors compare as multisets, a sequence in order, a loop body first and its redo parts as a
 * multiset.
 */
export function treesEquivalent(a: ProcessTree, b: ProcessTree): boolean {
  return canonical(simplifyProcessTree(a)) === canonical(simplifyProcessTree(b));
}

function md5Number(label: string): bigint {
  return BigInt(`0x${createHash("md5").update(label, "utf8").digest("hex")}`);
}

/**
 * Orders the children of exclusive choices and parallels the way PM4Py does (by the sum of the MD5 hashes
 * of the labels below each child), so printed trees read the same as PM4Py's.
 */
export function sortProcessTree(tree: ProcessTree): ProcessTree {
  return sortWithWeight(tree).tree;
}

function sortWithWeight(tree: ProcessTree): { tree: ProcessTree; weight: bigint } {
  if (tree.kind === "activity") return { tree, weight: md5Number(tree.label) };
  if (tree.kind === "tau") return { tree, weight: 0n };
  const sorted = tree.children.map(sortWithWeight);
  const weight = sorted.reduce((sum, child) => sum + child.weight, 0n);
  if (tree.kind === "xor" || tree.kind === "parallel") {
    sorted.sort((x, y) => (x.weight < y.weight ? -1 : x.weight > y.weight ? 1 : 0));
  }
  return {
    tree: operatorNode(
      tree.kind,
      sorted.map((child) => child.tree),
    ),
    weight,
  };
}
