import { AppError, type ErrorCode, type Problem } from "../../core/index.js";
import { describeProblem } from "./describe-problem.js";
import { type KeyTable, MAX_KEYS, NO_KEY_ID } from "./key-table.js";
import { explainDateTime, parseDateTime, parseDateTimeCodes, type ZoneResolver } from "./xes-date.js";
import {
  emptyLogInfo,
  type XesAttribute,
  type XesEvent,
  type XesGlobal,
  type XesLogInfo,
  type XesTrace,
  type XesType,
  type XesValue,
} from "./xes-types.js";
import { Invalid, parseBoolean, parseDouble, parseInt64 } from "./xes-values.js";
import { attributeValue, type XmlAttributes, type XmlHandler, XmlProblem } from "./xml-scanner.js";

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

/** Attribute lists at least this long are checked for duplicate keys with a set. */
const LARGE_LIST = 32;
/** Problems collected before the reader gives up. */
export const MAX_PROBLEMS = 100;
/** Problems listed in the error message (all of them are in details.problems). */
const MESSAGE_PROBLEMS = 20;

interface CodedProblem {
  code: ErrorCode;
  problem: Problem;
}

/**
 * Turns the scanner's elements into traces: keeps the element stack, types attribute values, flattens
 * meta-attributes, checks case ids, activities and unique keys, and collects problems with their place.
 */
export class XesBuilder implements XmlHandler {
  readonly info: XesLogInfo = emptyLogInfo();
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
  private readonly timestampId: number;
  /** The concept:name and time:timestamp attributes of the event being read, and the trace's case id. */
  private activityAttribute: XesAttribute | null = null;
  private timestampAttribute: XesAttribute | null = null;
  private caseIdAttribute: XesAttribute | null = null;
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
    this.timestampId = keys.idOf("time:timestamp");
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
            this.event = { line, activity: null, timestamp: null, attributes: [] };
            this.activityAttribute = null;
            this.timestampAttribute = null;
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
            this.trace = { line, caseId: null, attributes: [], events: [] };
            this.caseIdAttribute = null;
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
      const activity = this.activityAttribute;
      const timestamp = this.timestampAttribute;
      if (activity !== null) event.activity = activity.value;
      if (timestamp !== null) event.timestamp = timestamp.value as number;
      if (activity === null) {
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
      const caseId = this.caseIdAttribute;
      if (caseId !== null) trace.caseId = caseId.value;
      else {
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
    let value: XesValue | Invalid;
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
        value = Number.isNaN(micros) ? new Invalid(explainDateTime(attributeValue(a, valueIndex))) : micros;
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
    if (value instanceof Invalid) {
      this.attributeProblem(
        lenient,
        a.lines[valueIndex] ?? line,
        a.columns[valueIndex] ?? column,
        `<${type} key="${key}">: ${value.reason}`,
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
    if (prefix === "" && keyId === this.timestampId && type !== "date" && into === this.event?.attributes) {
      this.add(
        "XES_INVALID",
        line,
        column,
        `the time of the event is a <${type}>; "time:timestamp" must be a <date>`,
        'write it as <date key="time:timestamp" value="2021-03-01T10:00:00+01:00"/>',
      );
      return null;
    }
    const attribute: XesAttribute = { key: fullKey, type: type as XesType, value };
    into.push(attribute);
    if (prefix === "") {
      // The case id, activity and time, for the fields that spare callers a search.
      if (into === this.event?.attributes) {
        if (keyId === this.conceptNameId) this.activityAttribute = attribute;
        else if (keyId === this.timestampId) this.timestampAttribute = attribute;
      } else if (keyId === this.conceptNameId && into === this.trace?.attributes) {
        this.caseIdAttribute = attribute;
      }
    }
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
