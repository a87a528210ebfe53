/** The shapes the XES reader gives back: traces, events, typed attributes and the log's header. */

import type { Problem } from "../../core/index.js";

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
  /** Value of its `concept:name` attribute, the activity (every event has one, or the read fails). */
  activity: XesValue;
  /** Value of its `time:timestamp` attribute in epoch microseconds; null when the event has none. */
  timestamp: number | null;
  /** All its attributes, `concept:name` and `time:timestamp` included, in the order of the file. */
  attributes: XesAttribute[];
}

export interface XesTrace {
  /** Line of the trace's `<trace>` tag. */
  line: number;
  /** Value of its `concept:name` attribute, the case id (every trace has one, or the read fails). */
  caseId: XesValue;
  /** All its attributes, `concept:name` included, in the order of the file. */
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

export function emptyLogInfo(): XesLogInfo {
  return { xesVersion: null, extensions: [], classifiers: [], globals: [], attributes: [] };
}
