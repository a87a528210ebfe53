/**
 * A small XML tree for process-model files (PNML, BPMN). Model files are small, so the whole document
 * is read into elements that keep their line and column for error messages.
 */
import { SaxesParser } from "saxes";
import { AppError, formatProblem, type Problem } from "../../core/index.js";

export interface XmlElement {
  /** Local name, without the namespace prefix. */
  name: string;
  /** Namespace URI, "" when none. */
  uri: string;
  /** Attributes by local name. */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside the element, trimmed. */
  text: string;
  /** 1-based line and column of the start tag. */
  line: number;
  column: number;
}

class StopParsing extends Error {}

/**
 * Parses an XML document; a document that is empty or not well-formed throws an AppError naming the
 * file, line and column.
 */
export function parseXml(text: string, fileName: string, format: string): XmlElement {
  if (text.trim() === "") {
    const problem: Problem = {
      file: fileName,
      message: `the file is empty, so there is no ${format} model in it`,
      fix: `export the model again as ${format}`,
    };
    throw new AppError("FILE_EMPTY", formatProblem(problem), { problems: [problem] });
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  const texts: string[][] = [];
  let root: XmlElement | undefined;
  let failure: Problem | undefined;
  parser.on("error", (error) => {
    const message = error.message.replace(/^\d+:\d+: /, "");
    failure = {
      file: fileName,
      line: parser.line,
      column: parser.column + 1,
      message: `the file is not well-formed XML: ${message}`,
      fix: `check that the file is a complete ${format} export; it may be truncated or hand-edited`,
    };
    throw new StopParsing();
  });
  parser.on("opentag", (tag) => {
    const attributes: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.prefix === "xmlns" || attribute.name === "xmlns") continue;
      attributes[attribute.local] = attribute.value;
    }
    const element: XmlElement = {
      name: tag.local,
      uri: tag.uri,
      attributes,
      children: [],
      text: "",
      line: parser.line,
      column: parser.column + 1,
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
    texts.push([]);
  });
  parser.on("text", (value) => texts[texts.length - 1]?.push(value));
  parser.on("cdata", (value) => texts[texts.length - 1]?.push(value));
  parser.on("closetag", () => {
    const element = stack.pop();
    const parts = texts.pop();
    if (element && parts) element.text = parts.join("").trim();
  });
  try {
    parser.write(text).close();
  } catch (error) {
    if (!(error instanceof StopParsing)) throw error;
  }
  if (failure || root === undefined) {
    const problem = failure ?? {
      file: fileName,
      message: "the file has no XML element",
      fix: `export the model again as ${format}`,
    };
    throw new AppError("PARSE_ERROR", formatProblem(problem), { problems: [problem] });
  }
  return root;
}

/** The children of `element` with local name `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The first child of `element` with local name `name`. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}

/** The text of `<name><text>…</text></name>`-style children, as PNML keeps labels and values. */
export function textOf(element: XmlElement, name: string): string | undefined {
  const child = childNamed(element, name);
  if (!child) return undefined;
  const text = childNamed(child, "text");
  return text ? text.text : undefined;
}

/** Escapes text for an XML attribute value or character data. */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Collects the problems of one model file and throws them together as one AppError. */
export class ProblemList {
  readonly problems: Problem[] = [];

  constructor(
    readonly fileName: string,
    readonly format: string,
  ) {}

  add(message: string, fix: string, at?: { line: number; column: number }): void {
    this.problems.push({
      file: this.fileName,
      ...(at ? { line: at.line, column: at.column } : {}),
      message,
      fix,
    });
  }

  /** Adds a problem that stops reading and throws every problem found so far. */
  fail(message: string, fix: string, at?: { line: number; column: number }): never {
    this.add(message, fix, at);
    this.throwIfAny();
    throw new Error(message);
  }

  throwIfAny(): void {
    if (this.problems.length === 0) return;
    const shown = this.problems.slice(0, 10).map(formatProblem);
    const more = this.problems.length - shown.length;
    if (more > 0) shown.push(`… and ${more} more problem${more === 1 ? "" : "s"} (see details.problems)`);
    throw new AppError("MODEL_INVALID", shown.join("\n"), {
      problems: this.problems,
      totalProblems: this.problems.length,
    });
  }
}
