import { type Document, LineCounter, parseDocument } from "yaml";
import type { Problem } from "./errors.js";

/**
 * Parses YAML (1.2 core schema: `on`, `yes` and `no` stay strings, as written; duplicate keys are
 * errors) and lists its syntax problems with their line and column, each with a fix.
 */
export function parseYaml(
  text: string,
  file: string,
): { document: Document; lineCounter: LineCounter; problems: Problem[] } {
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
  return { document, lineCounter, problems };
}
