/**
 * Reads IEEE 1849 XES event logs (XES 1.0 and the 2016 standard), plain or gzip-compressed, as a stream
 * of traces: memory holds one trace at a time, whatever the size of the file.
 *
 * The reader is strict. XML that is not well-formed stops it at once; problems in the XES content (a
 * trace without a case id, an event without an activity, a value that does not fit its type) are
 * collected — up to 100 — and thrown together when the file has been read. Traces are yielded only
 * while no problem has been found, so a caller that loads them must treat the error as "load nothing".
 */

import { AppError, type Problem } from "../../core/index.js";
import { describeProblem } from "./describe-problem.js";
import { KeyTable } from "./key-table.js";
import { InvalidBytesError, openTextSource } from "./open-source.js";
import { XesBuilder } from "./xes-builder.js";
import { ZoneResolver } from "./xes-date.js";
import {
  emptyLogInfo,
  type ReadXesOptions,
  type XesLog,
  type XesLogInfo,
  type XesLogSummary,
  type XesTrace,
} from "./xes-types.js";
import { XmlProblem, XmlScanner } from "./xml-scanner.js";

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
  const info = sink.info ?? emptyLogInfo();
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
      for await (const chunk of source.chunks) {
        if (chunk.codes === undefined) scanner.write(chunk.text);
        else scanner.write(chunk.text, chunk.codes);
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
        // A read or gzip error after XES problems: report it with them.
        const problems = error.details.problems as Problem[] | undefined;
        builder.problems.push({
          code: error.code,
          problem: problems?.[0] ?? { file: fileName, message: error.message },
        });
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
