/**
 * Opens an XES file as a stream of text chunks: gzip is recognised by its magic bytes (not by the file
 * name) and inflated as a stream, and the bytes are decoded as the XML declaration says (UTF-8 unless
 * it names ISO-8859-1, US-ASCII, UTF-16 or another encoding the platform knows).
 */

import { isAscii, isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createGunzip, type ZlibOptions } from "node:zlib";
import { AppError, type ErrorCode, type Problem } from "../../core/index.js";
import { describeProblem } from "./describe-problem.js";
import type { Codes } from "./xml-scanner.js";

/** Bytes read from the file at a time. */
const READ_BYTES = 1 << 16;
/** Bytes of text inflated at a time; larger chunks mean fewer round trips to zlib's thread. */
const INFLATE_BYTES = 1 << 18;
/** Bytes decoded into one string (one- or two-byte characters stay under V8's 128 KB large-object limit). */
const TEXT_BYTES = 1 << 15;
/** Bytes looked at before decoding: enough for a BOM and an XML declaration. */
const SNIFF_BYTES = 1024;

export interface TextSourceOptions {
  fileName: string;
  /** Called after each chunk with the bytes read from the file so far (compressed if gzip). */
  onBytes?: (bytesRead: number, totalBytes?: number) => void;
}

export interface TextChunk {
  text: string;
  /** The UTF-16 codes of `text`, when the decoder had them for free; valid until the next chunk. */
  codes: Codes | undefined;
}

export interface TextSource {
  /** Decoded text, chunk by chunk. Throws an InvalidBytesError after the text before bad bytes. */
  chunks: AsyncGenerator<TextChunk, void, undefined>;
  compressed: boolean;
  /** The encoding used to decode the bytes, e.g. "UTF-8". */
  encoding: string;
  /** Size of the file in bytes. */
  fileBytes: number;
  /** Stops reading and releases the file. */
  close(): void;
}

/**
 * Bytes that are not valid in the file's encoding. Thrown by `TextSource.chunks` after it has yielded
 * all the text before them, so the caller knows the line and column where they are.
 */
export class InvalidBytesError extends Error {
  constructor(
    readonly bytes: number[],
    readonly encoding: string,
    readonly declared: boolean,
  ) {
    super(`bytes ${bytes.map(hex).join(" ")} are not valid ${encoding}`);
    this.name = "InvalidBytesError";
  }
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
}

function fail(code: ErrorCode, problem: Problem, cause?: unknown): AppError {
  return new AppError(code, describeProblem(problem), { problems: [problem] }, { cause });
}

/** Formats a byte count for a message: 3,341,826 bytes. */
export function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString("en-US")} byte${bytes === 1 ? "" : "s"}`;
}

interface Magic {
  name: string;
  bytes: number[];
}

const OTHER_FORMATS: Magic[] = [
  { name: "a ZIP archive", bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: "bzip2-compressed", bytes: [0x42, 0x5a, 0x68] },
  { name: "xz-compressed", bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: "zstd-compressed", bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: "a 7-Zip archive", bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: "an old Excel or Office (CFB) file", bytes: [0xd0, 0xcf, 0x11, 0xe0] },
  { name: "a PDF document", bytes: [0x25, 0x50, 0x44, 0x46] },
];

function startsWithBytes(buffer: Uint8Array, bytes: number[]): boolean {
  return buffer.length >= bytes.length && bytes.every((b, k) => buffer[k] === b);
}

/** Opens `path`; throws FILE_NOT_FOUND, FILE_EMPTY or FORMAT_UNKNOWN before any text is read. */
export async function openTextSource(path: string, options: TextSourceOptions): Promise<TextSource> {
  const { fileName } = options;
  let fileBytes: number;
  const head = Buffer.alloc(8);
  let headLength: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw fail("FILE_NOT_FOUND", {
        file: fileName,
        message: "this is not a file (a folder?)",
        fix: "give the path of an .xes or .xes.gz file",
      });
    }
    fileBytes = info.size;
    const handle = await open(path, "r");
    try {
      headLength = (await handle.read(head, 0, head.length, 0)).bytesRead;
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw fail(
      "FILE_NOT_FOUND",
      {
        file: fileName,
        message:
          code === "ENOENT"
            ? "the file does not exist"
            : `the file cannot be read (${code ?? String(error)})`,
        fix: "check the path and that opsloop may read the file",
      },
      error,
    );
  }
  if (fileBytes === 0) {
    throw fail("FILE_EMPTY", {
      file: fileName,
      message: "the file is empty (0 bytes)",
      fix: "export the event log again; an XES file holds a <log> with traces and events",
    });
  }
  const magic = head.subarray(0, headLength);
  const compressed = magic[0] === 0x1f && magic[1] === 0x8b;
  if (!compressed) {
    const other = OTHER_FORMATS.find((format) => startsWithBytes(magic, format.bytes));
    if (other !== undefined) {
      throw fail("FORMAT_UNKNOWN", {
        file: fileName,
        message: `the file is ${other.name}, not an XES event log`,
        fix: "give an .xes file or a gzip-compressed .xes.gz; unpack archives first",
      });
    }
  }

  const bytes = readBytes(path, compressed);
  const progress = (): void => options.onBytes?.(bytes.bytesRead(), fileBytes);

  const source: TextSource = {
    chunks: decode(),
    compressed,
    encoding: "UTF-8",
    fileBytes,
    close() {
      bytes.close();
    },
  };

  async function* decode(): AsyncGenerator<TextChunk, void, undefined> {
    const iterator = bytes.chunks;
    let decoder: ChunkDecoder | undefined;
    let sniffed: Buffer = Buffer.alloc(0);
    try {
      for (;;) {
        let result: IteratorResult<Buffer>;
        try {
          result = await iterator.next();
        } catch (error) {
          throw readError(error, fileName, bytes.bytesRead(), fileBytes, compressed);
        }
        progress();
        if (result.done) break;
        let chunk = result.value;
        if (decoder === undefined) {
          sniffed = sniffed.length === 0 ? chunk : Buffer.concat([sniffed, chunk]);
          if (sniffed.length < SNIFF_BYTES) continue;
          decoder = chooseDecoder(sniffed, fileName);
          source.encoding = decoder.encoding;
          rejectBinary(sniffed.subarray(decoder.bomLength), decoder.encoding, fileName);
          chunk = sniffed.subarray(decoder.bomLength);
        }
        // Decode in pieces small enough for V8's young generation: strings of 128 KB or more are
        // allocated in large-object space, which costs about ten times as much per byte.
        for (let start = 0; start < chunk.length; start += TEXT_BYTES) {
          const text = decoder.decode(chunk.subarray(start, start + TEXT_BYTES));
          if (text.length > 0) yield { text, codes: decoder.codes };
          decoder.throwIfInvalid();
        }
      }
      if (decoder === undefined) {
        if (sniffed.length === 0) return;
        decoder = chooseDecoder(sniffed, fileName);
        source.encoding = decoder.encoding;
        rejectBinary(sniffed.subarray(decoder.bomLength), decoder.encoding, fileName);
        const text = decoder.decode(sniffed.subarray(decoder.bomLength));
        if (text.length > 0) yield { text, codes: decoder.codes };
        decoder.throwIfInvalid();
      }
      const rest = decoder.flush();
      if (rest.length > 0) yield { text: rest, codes: undefined };
      decoder.throwIfInvalid();
    } finally {
      source.close();
    }
  }

  return source;
}

interface ByteStream {
  chunks: AsyncIterator<Buffer>;
  bytesRead(): number;
  close(): void;
}

/**
 * The file's bytes as a stream, inflated if compressed. Inflating runs on libuv's thread pool, in
 * parallel with the scanning; a worker thread for it was tried and did not make reading faster.
 */
function readBytes(path: string, compressed: boolean): ByteStream {
  const file = createReadStream(path, { highWaterMark: READ_BYTES });
  // Let zlib inflate a few chunks ahead of the scanner, on its own thread.
  const gunzip = compressed
    ? createGunzip({ chunkSize: INFLATE_BYTES, highWaterMark: 4 * INFLATE_BYTES } as ZlibOptions)
    : undefined;
  let bytes: AsyncIterable<Buffer> = file;
  if (gunzip !== undefined) {
    file.on("error", (error) => gunzip.destroy(error));
    bytes = file.pipe(gunzip);
  }
  return {
    chunks: bytes[Symbol.asyncIterator](),
    bytesRead: () => file.bytesRead,
    close() {
      gunzip?.destroy();
      file.destroy();
    },
  };
}

function readError(
  error: unknown,
  fileName: string,
  read: number,
  total: number,
  compressed: boolean,
): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (compressed && typeof code === "string" && code.startsWith("Z_")) {
    if (code === "Z_BUF_ERROR") {
      return fail(
        "GZIP_INVALID",
        {
          file: fileName,
          message: `the file is cut off after ${formatBytes(total)}: the gzip data ends before the compressed log is complete`,
          fix: "it was not completely downloaded or copied; download or export it again",
        },
        error,
      );
    }
    const detail = error instanceof Error ? error.message : String(error);
    return fail(
      "GZIP_INVALID",
      {
        file: fileName,
        message: `not a valid gzip file (${detail}); it fails after reading ${read.toLocaleString("en-US")} of ${formatBytes(total)}`,
        fix: "the file is damaged or is not a gzip-compressed XES file; download or export it again",
      },
      error,
    );
  }
  return fail(
    "FILE_NOT_FOUND",
    {
      file: fileName,
      message: `the file could not be read (${error instanceof Error ? error.message : String(error)})`,
      fix: "check that the file is still there and readable",
    },
    error,
  );
}

/** Refuses data that is clearly not text: NUL bytes, or more than 5% control characters, in the first 8 KB. */
function rejectBinary(head: Buffer, encoding: string, fileName: string): void {
  if (encoding.startsWith("UTF-16")) return;
  const n = Math.min(head.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const byte = head[i] ?? 0;
    if (byte === 0) {
      control = n;
      break;
    }
    if (byte < 9 || (byte > 13 && byte < 32) || byte === 127) control++;
  }
  if (n > 0 && control / n > 0.05) {
    const start = Array.from(head.subarray(0, 4), hex).join(" ");
    throw fail("FORMAT_UNKNOWN", {
      file: fileName,
      message: `the file looks like binary data, not an XES event log (it starts with the bytes ${start})`,
      fix: "check that you chose the right file; an XES file is XML text, or XML compressed with gzip",
    });
  }
}

interface ChunkDecoder {
  encoding: string;
  bomLength: number;
  decode(bytes: Buffer): string;
  /** The UTF-16 codes of the text `decode` last returned, when they come for free (ASCII, Latin-1). */
  codes: Codes | undefined;
  flush(): string;
  /** Throws InvalidBytesError if the last decode or flush stopped at invalid bytes. */
  throwIfInvalid(): void;
}

/** Picks the decoder from a byte-order mark or the XML declaration; UTF-8 when neither says. */
function chooseDecoder(head: Buffer, fileName: string): ChunkDecoder {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return utf8Decoder(3, false);
  if ((head[0] === 0xfe && head[1] === 0xff) || (head[0] === 0xff && head[1] === 0xfe)) {
    return webDecoder(head[0] === 0xfe ? "UTF-16BE" : "UTF-16LE", 2, false);
  }
  if (head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00) {
    return webDecoder("UTF-16LE", 0, false);
  }
  if (head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f) {
    return webDecoder("UTF-16BE", 0, false);
  }
  const declaration = /^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(
    head.subarray(0, SNIFF_BYTES).toString("latin1"),
  );
  const label = declaration?.[1];
  if (label === undefined) return utf8Decoder(0, false);
  const normal = label.toUpperCase().replace(/_/g, "-");
  if (normal === "UTF-8" || normal === "UTF8") return utf8Decoder(0, true);
  if (
    ["ISO-8859-1", "LATIN1", "LATIN-1", "ISO8859-1", "L1", "ISO-IR-100", "CP819", "IBM819"].includes(normal)
  ) {
    return latin1Decoder("ISO-8859-1", false);
  }
  if (normal === "US-ASCII" || normal === "ASCII") return latin1Decoder("US-ASCII", true);
  try {
    return webDecoder(label, 0, true);
  } catch {
    const problem: Problem = {
      file: fileName,
      line: 1,
      column: 1,
      message: `the file declares encoding="${label}", which opsloop cannot read`,
      fix: "save the file as UTF-8 (the standard encoding for XES) and import it again",
    };
    throw new AppError("ENCODING_INVALID", describeProblem(problem), { problems: [problem] });
  }
}

function utf8Decoder(bomLength: number, declared: boolean): ChunkDecoder {
  let carry: Buffer | undefined;
  let invalid: number[] | undefined;
  return {
    encoding: "UTF-8",
    bomLength,
    codes: undefined,
    decode(chunk) {
      let bytes = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
      carry = undefined;
      // Hold back a multi-byte sequence cut by the chunk boundary.
      const cut = incompleteTail(bytes);
      if (cut < bytes.length) {
        carry = Buffer.from(bytes.subarray(cut));
        bytes = bytes.subarray(0, cut);
      }
      // Most logs are ASCII: then the bytes are the codes, and decoding is a copy.
      if (isAscii(bytes)) {
        this.codes = bytes;
        return bytes.toString("latin1");
      }
      this.codes = undefined;
      if (isUtf8(bytes)) return bytes.toString("utf8");
      const bad = firstInvalidUtf8(bytes);
      invalid = Array.from(bytes.subarray(bad, Math.min(bad + 4, bytes.length)));
      carry = undefined;
      return bytes.subarray(0, bad).toString("utf8");
    },
    flush() {
      if (carry !== undefined && carry.length > 0) invalid = Array.from(carry);
      carry = undefined;
      return "";
    },
    throwIfInvalid() {
      if (invalid !== undefined) throw new InvalidBytesError(invalid, "UTF-8", declared);
    },
  };
}

function latin1Decoder(encoding: string, asciiOnly: boolean): ChunkDecoder {
  let invalid: number[] | undefined;
  return {
    encoding,
    bomLength: 0,
    codes: undefined,
    decode(chunk) {
      let bytes = chunk;
      if (asciiOnly) {
        const bad = chunk.findIndex((byte) => byte > 0x7f);
        if (bad >= 0) {
          invalid = [chunk[bad] ?? 0];
          bytes = chunk.subarray(0, bad);
        }
      }
      // Latin-1 bytes are their own code points.
      this.codes = bytes;
      return bytes.toString("latin1");
    },
    flush: () => "",
    throwIfInvalid() {
      if (invalid !== undefined) throw new InvalidBytesError(invalid, encoding, true);
    },
  };
}

/** A WHATWG TextDecoder for other encodings; throws RangeError for labels the platform does not know. */
function webDecoder(label: string, bomLength: number, declared: boolean): ChunkDecoder {
  const streaming = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  const encoding = streaming.encoding.toUpperCase();
  let invalid: number[] | undefined;
  return {
    encoding,
    bomLength,
    codes: undefined,
    decode(chunk) {
      try {
        return streaming.decode(chunk, { stream: true });
      } catch {
        // Find where: decode leniently and stop at the first replacement character.
        const lenient = new TextDecoder(label, { ignoreBOM: true }).decode(chunk);
        const at = lenient.indexOf("\uFFFD");
        invalid = [];
        return at >= 0 ? lenient.slice(0, at) : "";
      }
    },
    flush() {
      try {
        return streaming.decode();
      } catch {
        invalid = [];
        return "";
      }
    },
    throwIfInvalid() {
      if (invalid !== undefined) throw new InvalidBytesError(invalid, encoding, declared);
    },
  };
}

/** Offset where a UTF-8 sequence that the buffer's end cuts short begins (the length if none). */
function incompleteTail(bytes: Buffer): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const byte = bytes[n - back] ?? 0;
    if (byte < 0x80) return n;
    if (byte >= 0xc0) {
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return need > back ? n - back : n;
    }
  }
  return n;
}

/** Offset of the first byte that does not begin a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + need >= n) return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k] ?? 0;
      if ((next & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (next & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return n;
}
