import { type Document, isMap, LineCounter, parseDocument } from "yaml";
import type { Problem } from "./errors.js";

/**
 * Parses YAML (1.2 core schema: `on`, `yes` and `no` stay strings, as written; duplicate keys are
 * errors) and lists its syntax problems with their line and column, each with a fix.
 */
export function parseYaml(
  text: string,
  file: string,
): {
  document: Document;
  problems: Problem[];
  /** Line and column of the node at a path: the deepest that exists, so a missing key points at its parent. */
  locate: (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;
} {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, version: "1.2" });
  const problems: Problem[] = document.errors.map((error) => {
    const at = error.linePos?.[0];
    return {
      file,
      ...(at ? { line: at.line, column: at.col } : {}),
      message:
        error.code === "DUPLICATE_KEY"
          ? "a key appears twice in one mapping"
          : (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, ""),
      fix: error.code === "DUPLICATE_KEY" ? "keep one of them" : "fix the YAML syntax",
    };
  });
  const locate = (path: readonly PropertyKey[]) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = document.getIn(path.slice(0, depth) as (string | number)[], true) as
        | { range?: [number, number, number] }
        | undefined;
      const key = depth > 0 ? keyNode(document, path.slice(0, depth)) : undefined;
      const offset = key?.range?.[0] ?? node?.range?.[0];
      if (offset !== undefined) {
        const pos = lineCounter.linePos(offset);
        return { line: pos.line, column: pos.col };
      }
    }
    return undefined;
  };
  return { document, problems, locate };
}

function keyNode(
  document: Document,
  path: readonly PropertyKey[],
): { range?: [number, number, number] } | undefined {
  const parent =
    path.length > 1 ? document.getIn(path.slice(0, -1) as (string | number)[], true) : document.contents;
  if (!isMap(parent)) return undefined;
  const last = path[path.length - 1];
  const pair = parent.items.find((item) => (item.key as { value?: unknown } | null)?.value === last);
  return pair?.key as { range?: [number, number, number] } | undefined;
}
