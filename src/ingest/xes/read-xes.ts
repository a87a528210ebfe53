/**
 * Reads IEEE 1849 XES event logs (XES 1.0 and the 2016 standard), plain or gzip-compressed, as a stream
 * of traces: memory holds one trace at a time, whatever the size of the file.
 *
 * The reader is strict. XML that is not well-formed stops it at once; problems in the XES content (a
 * trace without a case id, an event without an activity, a value that does not fit its type) are
 * collected — up to 100 — and thrown together when the file has been read. Traces are yielded only
 * while no problem has been found, so a caller that loads them must treat the error as "load nothing".
 */

import { AppError, type ErrorCode, type Problem } from "../../core/index.js";
import { describeProblem } from "./describe-problem.js";
import { KeyTable, MAX_KEYS, NO_KEY_ID } from "./key-table.js";
import { InvalidBytesError, openTextSource } from "./open-source.js";
import { explainDateTime, parseDateTime, parseDateTimeCodes, ZoneResolver } from "./xes-date.js";
import {
  attributeValue,
  type XmlAttributes,
  type XmlHandler,
  XmlProblem,
  XmlScanner,
} from "./xml-scanner.js";

/** XES attribute types. `container` comes from the 2016 standard. */
export type XesType = "string" | "int" | "float" | "boolean" | "date" | "id" | "list" | "container";

/**
 * A typed value: `string` and `id` → string; `int` and `float` → number; `boolean` → boolean;
 * `date` → epoch microseconds (number, UTC); `list` and `container` → JSON text of their entries
 * (an array of `{key, type, value}`); `null` only for values that can have none.
 */
export type XesValue = string | number | boolean | null;

export interface XesAttribute {
  /** The key; meta-attributes (attributes nested in an attribute) are flattened as `parentKey:childKey`. */
  key: string;
  type: XesType;
  value: XesValue;
}

export interface XesEvent {
  /** Line of the event's `<event>` tag. */
  line: number;
  attributes: XesAttribute[];
}

export interface XesTrace {
  /** Line of the trace's `<trace>` tag. */
  line: number;
  attributes: XesAttribute[];
  events: XesEvent[];
}

export interface XesExtension {
  name: string;
  prefix: string;
  uri: string;
}

export interface XesClassifier {
  name: string;
  /** Space-separated attribute keys, as written in the file. */
  keys: string;
  /** `trace` or `event` (2016 standard); absent means event. */
  scope?: string;
}

export interface XesGlobal {
  scope: "trace" | "event";
  attributes: XesAttribute[];
}

/** What the log says about itself: everything except its traces. */
export interface XesLogInfo {
  /** `xes.version` of the `<log>` element, if written. */
  xesVersion: string | null;
  extensions: XesExtension[];
  classifiers: XesClassifier[];
  globals: XesGlobal[];
  /** Log-level attributes. */
  attributes: XesAttribute[];
}

/** The log info plus what reading the whole file found. */
export interface XesLogSummary extends XesLogInfo {
  traceCount: number;
  eventCount: number;
  /** Whether the file was gzip-compressed. */
  compressed: boolean;
  /** The text encoding the file was read in, e.g. "UTF-8". */
  encoding: string;
  /** Size of the file as stored, in bytes. */
  fileBytes: number;
  /** Problems that did not stop the import: nested metadata of the log that was skipped (at most 100). */
  warnings: Problem[];
}

export interface ReadXesOptions {
  /** The file's name as the user knows it; every message starts with it. */
  fileName: string;
  /** IANA time zone for dates written without an offset, e.g. "Europe/Amsterdam". */
  timeZone: string;
  /** Progress: bytes read from the file so far (compressed bytes for .gz) and the file size. */
  onBytes?: (bytesRead: number, totalBytes?: number) => void;
}

/** An opened XES log: its header is known; its traces are read when iterated. */
export interface XesLog {
  /** Header of the log, as read up to the first trace (attributes written after traces are added later). */
  info: XesLogInfo;
  /** The traces, once; returns the summary. Stopping early (break) closes the file. */
  traces(): AsyncGenerator<XesTrace, XesLogSummary, undefined>;
  /** Closes the file without reading further. */
  close(): Promise<void>;
}

/** Problems collected before the reader gives up. */
const MAX_PROBLEMS = 100;
/** Problems listed in the error message (all of them are in details.problems). */
const MESSAGE_PROBLEMS = 20;

interface CodedProblem {
  code: ErrorCode;
  problem: Problem;
}

/** Reads the traces of an XES file one by one; the generator returns the log's summary. */
export function readXes(
  path: string,
  options: ReadXesOptions,
): AsyncGenerator<XesTrace, XesLogSummary, undefined> {
  return runXes(path, options, { info: undefined });
}

/** Opens an XES file and reads its header (up to the first trace), so the caller can look before loading. */
export async function openXes(path: string, options: ReadXesOptions): Promise<XesLog> {
  const sink: InfoSink = { info: undefined };
  const generator = runXes(path, options, sink);
  const first = await generator.next();
  const info = sink.info ?? emptyInfo();
  let used = false;
  return {
    info,
    async *traces() {
      if (used) throw new Error("XesLog.traces() can be iterated only once");
      used = true;
      if (first.done) return first.value;
      yield first.value;
      return yield* generator;
    },
    async close() {
      await generator.return(undefined as unknown as XesLogSummary);
    },
  };
}

interface InfoSink {
  info: XesLogInfo | undefined;
}

async function* runXes(
  path: string,
  options: ReadXesOptions,
  sink: InfoSink,
): AsyncGenerator<XesTrace, XesLogSummary, undefined> {
  const { fileName } = options;
  let zone: ZoneResolver;
  try {
    zone = new ZoneResolver(options.timeZone);
  } catch (error) {
    throw new AppError(
      "TIMEZONE_UNKNOWN",
      `"${options.timeZone}" is not a time zone opsloop knows; use an IANA name such as Europe/Amsterdam or UTC`,
      {},
      { cause: error },
    );
  }
  const source = await openTextSource(path, {
    fileName,
    ...(options.onBytes !== undefined ? { onBytes: options.onBytes } : {}),
  });
  const keys = new KeyTable();
  const builder = new XesBuilder(fileName, zone, keys);
  sink.info = builder.info;
  const scanner = new XmlScanner(builder);
  try {
    try {
      for await (const text of source.chunks) {
        scanner.write(text);
        if (builder.ready.length > 0) {
          const batch = builder.ready;
          builder.ready = [];
          for (const trace of batch) yield trace;
        }
        if (builder.full()) break;
      }
      if (!builder.full()) scanner.end();
    } catch (error) {
      if (error instanceof XmlProblem) {
        builder.add(error.code, error.line, error.column, error.message, error.fix);
      } else if (error instanceof InvalidBytesError) {
        const at = scanner.position();
        builder.add("ENCODING_INVALID", at.line, at.column, ...encodingProblem(error));
      } else if (error instanceof AppError && builder.problems.length > 0) {
        builder.problems.push({ code: error.code, problem: { file: fileName, message: error.message } });
      } else {
        throw error;
      }
    }
    if (builder.problems.length > 0) throw builder.toError();
    if (builder.traceCount === 0 || builder.eventCount === 0) {
      const problem: Problem = {
        file: fileName,
        message:
          builder.traceCount === 0
            ? "the event log has no traces (no <trace> elements), so there is nothing to import"
            : `the event log has ${builder.traceCount} trace${builder.traceCount === 1 ? "" : "s"} but no events, so there is nothing to import`,
        fix: "export the log again with its cases and events",
      };
      throw new AppError("FILE_EMPTY", describeProblem(problem), { problems: [problem] });
    }
    return {
      ...builder.info,
      traceCount: builder.traceCount,
      eventCount: builder.eventCount,
      compressed: source.compressed,
      encoding: source.encoding,
      fileBytes: source.fileBytes,
      warnings: builder.warnings,
    };
  } finally {
    source.close();
  }
}

function emptyInfo(): XesLogInfo {
  return { xesVersion: null, extensions: [], classifiers: [], globals: [], attributes: [] };
}

function encodingProblem(error: InvalidBytesError): [string, string] {
  const first = error.bytes[0];
  const what = first === undefined ? "some bytes here are" : `byte ${hexByte(first)} is`;
  if (error.encoding === "UTF-8") {
    return [
      `${what} not valid UTF-8; XES files are UTF-8 unless the XML declaration names another encoding`,
      error.declared
        ? 'the file declares encoding="UTF-8" but is not; if it is Latin-1 (ISO-8859-1), declare encoding="ISO-8859-1" instead, or save it as UTF-8'
        : 'save the file as UTF-8, or, if it is Latin-1 (ISO-8859-1), say so in its first line: <?xml version="1.0" encoding="ISO-8859-1"?>',
    ];
  }
  return [
    `${what} not valid ${error.encoding}, the encoding the file declares`,
    "save the file as UTF-8 with a matching declaration, or correct the encoding named in <?xml ... encoding=...?>",
  ];
}

function hexByte(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
}

// Frame kinds of the element stack.
const LOG = 1;
const TRACE = 2;
const EVENT = 3;
const GLOBAL = 4;
const ATTRIBUTE = 5;
const LIST = 6;
const VALUES = 7;
const EMPTY = 8;
const SKIP = 9;

function isAttributeType(name: string): boolean {
  switch (name) {
    case "string":
    case "date":
    case "int":
    case "float":
    case "boolean":
    case "id":
    case "list":
    case "container":
      return true;
    default:
      return false;
  }
}
const TYPE_LIST = "string, date, int, float, boolean, id, list and container";

/** Reason of the last failed typed-value parse. */
let valueProblem = "";
const INVALID = Symbol("invalid");
/** Attribute lists at least this long are checked for duplicate keys with a set. */
const LARGE_LIST = 32;

function parseInt64(raw: string): number | typeof INVALID {
  const text = raw.trim();
  if (!/^[+-]?[0-9]+$/.test(text)) {
    valueProblem = /^[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+[eE])/.test(text)
      ? `"${raw}" is not a whole number; an <int> holds whole numbers such as 42; use <float> for numbers with decimals`
      : `"${raw}" is not a whole number; an <int> holds whole numbers such as 42`;
    return INVALID;
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    valueProblem = `"${raw}" is beyond ±9,007,199,254,740,991, the largest whole number opsloop keeps exactly; if it is an identifier, write it as <string>`;
    return INVALID;
  }
  return value;
}

function parseDouble(raw: string): number | typeof INVALID {
  const text = raw.trim();
  if (/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text)) {
    const value = Number(text);
    if (Number.isFinite(value)) return value;
    valueProblem = `"${raw}" is too large for a number`;
    return INVALID;
  }
  if (/^[+-]?(INF|NaN)$/.test(text)) {
    valueProblem = `"${raw}" is not a number opsloop can use; leave the attribute out when there is no value`;
    return INVALID;
  }
  valueProblem = /^[+-]?[0-9]+,[0-9]+$/.test(text)
    ? `"${raw}" uses a decimal comma; a <float> is written with a decimal point, as in 12.5`
    : `"${raw}" is not a number; a <float> holds numbers such as 12.5 or 1.2E3`;
  return INVALID;
}

function parseBoolean(raw: string): boolean | typeof INVALID {
  const text = raw.trim().toLowerCase();
  if (text === "true" || text === "1") return true;
  if (text === "false" || text === "0") return false;
  valueProblem = `"${raw}" is not a boolean; a <boolean> is true or false`;
  return INVALID;
}

class XesBuilder implements XmlHandler {
  readonly info: XesLogInfo = emptyInfo();
  ready: XesTrace[] = [];
  readonly problems: CodedProblem[] = [];
  private totalProblems = 0;
  /** Problems in log metadata that do not stop the import (the metadata is skipped). */
  readonly warnings: Problem[] = [];
  traceCount = 0;
  eventCount = 0;

  private readonly fileName: string;
  private readonly zone: ZoneResolver;
  private readonly keys: KeyTable;
  private readonly conceptNameId: number;
  /**
   * Duplicate keys are found by stamping key ids: `stamps[id] === stampedSerial` means the attribute
   * list `stampedTarget` already has that key.
   */
  private readonly stamps = new Int32Array(MAX_KEYS).fill(-1);
  private stampedTarget: XesAttribute[] | null = null;
  private stampedSerial = 0;
  private readonly largeLists = new WeakMap<XesAttribute[], Set<string>>();
  private depth = 0;
  private readonly kinds: number[] = [];
  /** Where attributes of the element at each depth go. */
  private readonly targets: (XesAttribute[] | null)[] = [];
  /** Key prefix for meta-attributes at each depth ("" when not inside an attribute). */
  private readonly prefixes: string[] = [];
  private readonly lines: number[] = [];
  private readonly columns: number[] = [];
  /** For LIST frames: the list attribute and its entries. */
  private readonly listAttributes: (XesAttribute | null)[] = [];
  private readonly listItems: (XesAttribute[] | null)[] = [];
  private trace: XesTrace | null = null;
  private event: XesEvent | null = null;

  constructor(fileName: string, zone: ZoneResolver, keys: KeyTable) {
    this.fileName = fileName;
    this.zone = zone;
    this.keys = keys;
    this.conceptNameId = keys.idOf("concept:name");
  }

  add(code: ErrorCode, line: number, column: number, message: string, fix: string): void {
    this.totalProblems++;
    if (this.problems.length < MAX_PROBLEMS) {
      this.problems.push({ code, problem: { file: this.fileName, line, column, message, fix } });
    }
  }

  private attributeProblem(
    lenient: boolean,
    line: number,
    column: number,
    message: string,
    fix: string,
  ): void {
    if (!lenient) this.add("XES_INVALID", line, column, message, fix);
    else if (this.warnings.length < MAX_PROBLEMS) {
      this.warnings.push({ file: this.fileName, line, column, message: `${message} (skipped)`, fix });
    }
  }

  /** Whether enough problems were found to stop reading. */
  full(): boolean {
    return this.totalProblems >= MAX_PROBLEMS;
  }

  toError(): AppError {
    const first = this.problems[0];
    const code = first?.code ?? "XES_INVALID";
    const problems = this.problems.map((p) => p.problem);
    const lines = problems.slice(0, MESSAGE_PROBLEMS).map(describeProblem);
    const more = problems.length - lines.length;
    const stopped = this.full() ? "; reading stopped there, so there may be more" : "";
    if (more > 0)
      lines.push(`… and ${more} more problem${more === 1 ? "" : "s"} (see details.problems)${stopped}`);
    else if (stopped !== "") lines.push(`(${problems.length} problems${stopped})`);
    return new AppError(code, lines.join("\n"), { problems, totalProblems: problems.length });
  }

  startElement(name: string, a: XmlAttributes, selfClosing: boolean, line: number, column: number): void {
    const depth = this.depth;
    const parent = depth === 0 ? 0 : (this.kinds[depth - 1] ?? 0);
    let kind = EMPTY;
    let target: XesAttribute[] | null = null;
    let prefix = "";
    let listAttribute: XesAttribute | null = null;
    let listItems: XesAttribute[] | null = null;

    if (parent === SKIP) {
      kind = SKIP;
    } else if (isAttributeType(name)) {
      const into = this.targets[depth - 1] ?? null;
      if (into === null) {
        this.misplaced(name, parent, line, column);
        kind = SKIP;
      } else {
        const attribute = this.attribute(name, a, this.prefixes[depth - 1] ?? "", into, line, column);
        if (attribute === null) {
          kind = SKIP;
        } else if (name === "list" || name === "container") {
          kind = LIST;
          listAttribute = attribute;
          listItems = [];
          // Direct children of a container are its entries; those of a list are meta-attributes,
          // its entries are inside <values>.
          target = name === "container" ? listItems : into;
          prefix = name === "container" ? "" : attribute.key;
          if (selfClosing) attribute.value = "[]";
        } else {
          kind = ATTRIBUTE;
          target = into;
          prefix = attribute.key;
        }
      }
    } else {
      switch (name) {
        case "event":
          if (parent === TRACE) {
            kind = EVENT;
            this.event = { line, attributes: [] };
            target = this.event.attributes;
          } else if (parent === LOG) {
            this.add(
              "XES_INVALID",
              line,
              column,
              "this <event> is outside any <trace>, so it belongs to no case",
              "put every event inside the <trace> of its case",
            );
            kind = SKIP;
          } else {
            this.misplaced(name, parent, line, column);
            kind = SKIP;
          }
          break;
        case "trace":
          if (parent === LOG) {
            kind = TRACE;
            this.trace = { line, attributes: [], events: [] };
            target = this.trace.attributes;
          } else {
            this.misplaced(name, parent, line, column);
            kind = SKIP;
          }
          break;
        case "log":
          if (depth === 0) {
            kind = LOG;
            target = this.info.attributes;
            const version = namedValue(a, "xes.version");
            this.info.xesVersion = version ?? null;
          } else {
            this.misplaced(name, parent, line, column);
            kind = SKIP;
          }
          break;
        case "global":
          if (parent === LOG) {
            const scope = namedValue(a, "scope") ?? "event";
            if (scope === "trace" || scope === "event") {
              const global: XesGlobal = { scope, attributes: [] };
              this.info.globals.push(global);
              kind = GLOBAL;
              target = global.attributes;
            } else if (scope === "log") {
              // The 2016 standard allows a log scope; its attributes describe the log itself.
              kind = GLOBAL;
              target = [];
            } else {
              const at = positionOf(a, "scope", line, column);
              this.add(
                "XES_INVALID",
                at.line,
                at.column,
                `<global> has scope="${scope}"; the scope is "trace" or "event"`,
                'write scope="trace" or scope="event"',
              );
              kind = SKIP;
            }
          } else {
            this.misplaced(name, parent, line, column);
            kind = SKIP;
          }
          break;
        case "extension":
          if (parent === LOG) {
            const ext = this.required(a, name, ["name", "prefix", "uri"], line, column);
            if (ext !== null) {
              this.info.extensions.push({ name: ext[0] ?? "", prefix: ext[1] ?? "", uri: ext[2] ?? "" });
            }
          } else {
            this.misplaced(name, parent, line, column);
          }
          kind = parent === LOG ? EMPTY : SKIP;
          break;
        case "classifier":
          if (parent === LOG) {
            const cls = this.required(a, name, ["name", "keys"], line, column);
            if (cls !== null) {
              const scope = namedValue(a, "scope");
              this.info.classifiers.push({
                name: cls[0] ?? "",
                keys: cls[1] ?? "",
                ...(scope !== undefined ? { scope } : {}),
              });
            }
          } else {
            this.misplaced(name, parent, line, column);
          }
          kind = parent === LOG ? EMPTY : SKIP;
          break;
        case "values":
          if (parent === LIST && this.listItems[depth - 1] !== null) {
            kind = VALUES;
            target = this.listItems[depth - 1] ?? null;
          } else {
            this.misplaced(name, parent, line, column);
            kind = SKIP;
          }
          break;
        default:
          if (depth === 0) {
            throw new XmlProblem(
              "XES_INVALID",
              line,
              column,
              `the root element is <${name}>, not <log>, so this is not an XES event log`,
              "check that you chose the right file; an XES file holds one <log> element with <trace>s inside",
            );
          }
          this.add(
            "XES_INVALID",
            line,
            column,
            parent === LOG || parent === TRACE || parent === EVENT || parent === GLOBAL || parent >= ATTRIBUTE
              ? `<${name}> is not an XES attribute type; the types are ${TYPE_LIST}`
              : `<${name}> is not an XES element`,
            'write the attribute as one of those types, e.g. <string key="..." value="..."/>',
          );
          kind = SKIP;
      }
    }

    if (selfClosing) {
      this.finish(kind, line, column, listAttribute, listItems);
      return;
    }
    this.kinds[depth] = kind;
    this.targets[depth] = target;
    this.prefixes[depth] = prefix;
    this.lines[depth] = line;
    this.columns[depth] = column;
    this.listAttributes[depth] = listAttribute;
    this.listItems[depth] = listItems;
    this.depth = depth + 1;
  }

  endElement(): void {
    const depth = this.depth - 1;
    this.depth = depth;
    this.finish(
      this.kinds[depth] ?? 0,
      this.lines[depth] ?? 0,
      this.columns[depth] ?? 0,
      this.listAttributes[depth] ?? null,
      this.listItems[depth] ?? null,
    );
  }

  private finish(
    kind: number,
    line: number,
    column: number,
    listAttribute: XesAttribute | null,
    listItems: XesAttribute[] | null,
  ): void {
    if (kind === EVENT) {
      const event = this.event;
      const trace = this.trace;
      this.event = null;
      if (event === null || trace === null) return;
      const hasActivity =
        this.stampedTarget === event.attributes && this.conceptNameId !== NO_KEY_ID
          ? this.stamps[this.conceptNameId] === this.stampedSerial
          : hasKey(event.attributes, "concept:name");
      if (!hasActivity) {
        this.add(
          "XES_INVALID",
          line,
          column,
          '<event> has no "concept:name" attribute; opsloop needs the activity of every event',
          'add <string key="concept:name" value="..."/> with the activity name',
        );
      }
      trace.events.push(event);
      this.eventCount++;
    } else if (kind === TRACE) {
      const trace = this.trace;
      this.trace = null;
      if (trace === null) return;
      this.traceCount++;
      if (!hasKey(trace.attributes, "concept:name")) {
        this.add(
          "XES_INVALID",
          line,
          column,
          '<trace> has no "concept:name" attribute; every trace needs a case id',
          'add <string key="concept:name" value="..."/>',
        );
      }
      if (this.problems.length === 0) this.ready.push(trace);
    } else if (kind === LIST && listAttribute !== null && listItems !== null) {
      listAttribute.value = JSON.stringify(listItems);
    }
  }

  /** Reads an attribute element into `into`; null when it has a problem. */
  private attribute(
    type: string,
    a: XmlAttributes,
    prefix: string,
    into: XesAttribute[],
    line: number,
    column: number,
  ): XesAttribute | null {
    // Old OpenXES versions wrote nested metadata of the log without keys (BPI Challenge 2012 has them);
    // opsloop imports traces and events, so broken nested metadata of the log is skipped with a warning.
    const lenient = prefix !== "" && this.trace === null;
    let keyIndex = -1;
    let valueIndex = -1;
    for (let k = 0; k < a.count; k++) {
      const name = a.names[k];
      if (name === "key") keyIndex = k;
      else if (name === "value") valueIndex = k;
    }
    let key: string | undefined;
    let keyId = NO_KEY_ID;
    if (keyIndex >= 0) {
      const start = a.starts[keyIndex] ?? 0;
      const end = a.ends[keyIndex] ?? 0;
      if (a.decoded[keyIndex] === undefined && end > start) {
        keyId = this.keys.lookup(a.text, a.codes, start, end);
        key = keyId === NO_KEY_ID ? a.text.slice(start, end) : this.keys.keyOf(keyId);
      } else {
        key = attributeValue(a, keyIndex);
        keyId = this.keys.idOf(key);
      }
    }
    if (key === undefined || key === "") {
      this.attributeProblem(
        lenient,
        line,
        column,
        `<${type}> has ${key === undefined ? "no key" : "an empty key"}; every attribute needs a name`,
        `write <${type} key="name" .../>`,
      );
      return null;
    }
    const composite = type === "list" || type === "container";
    if (valueIndex < 0 && !composite) {
      this.attributeProblem(
        lenient,
        line,
        column,
        `<${type} key="${key}"> has no value`,
        `write <${type} key="${key}" value="..."/>, or leave the attribute out when there is no value`,
      );
      return null;
    }
    let value: XesValue | typeof INVALID;
    switch (type) {
      case "string":
      case "id":
        value = attributeValue(a, valueIndex);
        break;
      case "date": {
        const text = a.decoded[valueIndex];
        const micros =
          text === undefined
            ? parseDateTimeCodes(a.codes, a.starts[valueIndex] ?? 0, a.ends[valueIndex] ?? 0, this.zone)
            : parseDateTime(text, this.zone);
        if (Number.isNaN(micros)) {
          valueProblem = explainDateTime(attributeValue(a, valueIndex));
          value = INVALID;
        } else {
          value = micros;
        }
        break;
      }
      case "int":
        value = parseInt64(attributeValue(a, valueIndex));
        break;
      case "float":
        value = parseDouble(attributeValue(a, valueIndex));
        break;
      case "boolean":
        value = parseBoolean(attributeValue(a, valueIndex));
        break;
      default:
        value = null;
    }
    if (value === INVALID) {
      this.attributeProblem(
        lenient,
        a.lines[valueIndex] ?? line,
        a.columns[valueIndex] ?? column,
        `<${type} key="${key}">: ${valueProblem}`,
        "correct the value where the log comes from and export it again",
      );
      return null;
    }
    let fullKey = key;
    if (prefix !== "") {
      fullKey = `${prefix}:${key}`;
      keyId = this.keys.idOf(fullKey);
    }
    // Entries of a list may share a key (IEEE 1849-2016, list attributes).
    if (this.kinds[this.depth - 1] !== VALUES && this.isDuplicate(into, fullKey, keyId)) {
      this.attributeProblem(
        lenient,
        line,
        column,
        `a second attribute with the key "${fullKey}" in the same element; XES keys are unique per element`,
        "remove or rename one of them",
      );
      return null;
    }
    const attribute: XesAttribute = { key: fullKey, type: type as XesType, value };
    into.push(attribute);
    return attribute;
  }

  /**
   * Whether `into` already has `key`; records it otherwise. Small lists (events, traces) are checked by
   * stamping key numbers, large ones (log metadata can have thousands of entries) with a set.
   */
  private isDuplicate(into: XesAttribute[], key: string, keyId: number): boolean {
    if (into.length >= LARGE_LIST) {
      let set = this.largeLists.get(into);
      if (set === undefined) {
        set = new Set(into.map((attribute) => attribute.key));
        this.largeLists.set(into, set);
      }
      if (set.has(key)) return true;
      set.add(key);
      return false;
    }
    if (into !== this.stampedTarget) this.restamp(into);
    if (keyId === NO_KEY_ID) return hasKey(into, key);
    if (this.stamps[keyId] === this.stampedSerial) return true;
    this.stamps[keyId] = this.stampedSerial;
    return false;
  }

  /** Starts duplicate detection for another attribute list, stamping the keys it already has. */
  private restamp(into: XesAttribute[]): void {
    this.stampedTarget = into;
    this.stampedSerial++;
    for (const attribute of into) {
      const id = this.keys.idOf(attribute.key);
      if (id !== NO_KEY_ID) this.stamps[id] = this.stampedSerial;
    }
  }

  /** Values of required attributes in order; null (and a problem) when one is missing. */
  private required(
    a: XmlAttributes,
    element: string,
    names: string[],
    line: number,
    column: number,
  ): string[] | null {
    const found: string[] = [];
    for (const name of names) {
      const value = namedValue(a, name);
      if (value === undefined) {
        this.add(
          "XES_INVALID",
          line,
          column,
          `<${element}> has no ${name} attribute; it needs ${names.join(", ")}`,
          `add ${name}="..."`,
        );
        return null;
      }
      found.push(value);
    }
    return found;
  }

  private misplaced(name: string, parent: number, line: number, column: number): void {
    const where =
      parent === LOG
        ? "directly in <log>"
        : parent === TRACE
          ? "inside a <trace>"
          : parent === EVENT
            ? "inside an <event>"
            : parent === GLOBAL
              ? "inside a <global>"
              : parent === EMPTY
                ? "inside an element that takes no content"
                : "inside an attribute";
    const hint: Record<string, string> = {
      event: "events go inside a <trace>",
      trace: "traces go directly inside <log>",
      log: "a file holds one <log>, as its root element",
      global: "<global> goes directly inside <log>",
      extension: "<extension> goes directly inside <log>",
      classifier: "<classifier> goes directly inside <log>",
      values: "<values> goes inside a <list>",
    };
    this.add(
      "XES_INVALID",
      line,
      column,
      `<${name}> is not allowed ${where}`,
      hint[name] ?? "attributes go inside <log>, <trace>, <event>, <global> or another attribute",
    );
  }
}

function namedValue(a: XmlAttributes, name: string): string | undefined {
  for (let k = 0; k < a.count; k++) if (a.names[k] === name) return attributeValue(a, k);
  return undefined;
}

function positionOf(
  a: XmlAttributes,
  name: string,
  line: number,
  column: number,
): { line: number; column: number } {
  for (let k = 0; k < a.count; k++) {
    if (a.names[k] === name) return { line: a.lines[k] ?? line, column: a.columns[k] ?? column };
  }
  return { line, column };
}

function hasKey(attributes: XesAttribute[], key: string): boolean {
  for (let k = 0; k < attributes.length; k++) if (attributes[k]?.key === key) return true;
  return false;
}
