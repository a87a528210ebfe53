import { closeSync, createReadStream, openSync, readSync, statSync } from "node:fs";
import { basename, extname } from "node:path";
import { createGunzip } from "node:zlib";
import { AppError } from "../core/errors.js";
import type { FileFormat } from "../workspace/index.js";

export interface InspectedFile {
  path: string;
  /** The name shown in messages: the upload's original name or the path as the user gave it. */
  name: string;
  bytes: number;
  format: FileFormat;
  gzip: boolean;
  /** Text encoding of text formats. */
  encoding: "utf-8" | "utf-16" | "latin-1";
  /** The first bytes of the (decompressed) content. */
  head: Buffer;
}

const HEAD_BYTES = 64 * 1024;

function readHead(path: string): Buffer {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Reads up to HEAD_BYTES of decompressed content; a corrupt stream is a GZIP_INVALID error. */
async function gunzipHead(path: string, name: string, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const input = createReadStream(path);
    const gunzip = createGunzip();
    const finish = () => {
      if (done) return;
      done = true;
      input.destroy();
      gunzip.destroy();
      resolve(Buffer.concat(chunks).subarray(0, HEAD_BYTES));
    };
    gunzip.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= HEAD_BYTES) finish();
    });
    gunzip.on("end", finish);
    gunzip.on("error", (error) => {
      if (done) return;
      done = true;
      input.destroy();
      reject(
        new AppError(
          "GZIP_INVALID",
          `${name}: not a valid gzip file (${error.message}); the file is ${bytes.toLocaleString("en")} bytes. Re-download or re-export it.`,
          { file: name, bytes },
          { cause: error },
        ),
      );
    });
    input.pipe(gunzip);
  });
}

/** True when the bytes look like binary data rather than text. */
export function looksBinary(head: Buffer): boolean {
  if (head.length === 0) return false;
  let control = 0;
  const n = Math.min(head.length, 8192);
  for (let i = 0; i < n; i++) {
    const b = head[i] as number;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32) || b === 127) control++;
  }
  return control / n > 0.05;
}

/** Line and column (1-based, in characters) of a byte offset in a UTF-8 buffer. */
export function positionOf(buffer: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < buffer.length; i++) {
    if (buffer[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = buffer.subarray(lineStart, offset).toString("utf8").length + 1;
  return { line, column };
}

/** Offset of the first byte that is not valid UTF-8, ignoring a sequence cut off at the end. */
export function firstInvalidUtf8(buffer: Buffer, complete: boolean): number {
  let i = 0;
  const n = buffer.length;
  while (i < n) {
    const b = buffer[i] as number;
    let need = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    if (i + need >= n) return complete ? i : -1;
    for (let k = 1; k <= need; k++) {
      const c = buffer[i + k] as number;
      if ((c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

function formatFromName(name: string): FileFormat | undefined {
  const lower = name.toLowerCase().replace(/\.gz$/, "");
  const ext = extname(lower).slice(1);
  const known: Record<string, FileFormat> = {
    csv: "csv",
    txt: "csv",
    tsv: "tsv",
    tab: "tsv",
    parquet: "parquet",
    pq: "parquet",
    json: "json",
    ndjson: "ndjson",
    jsonl: "ndjson",
    xlsx: "xlsx",
    xlsm: "xlsx",
    xes: "xes",
  };
  return known[ext];
}

export interface InspectOptions {
  /** Name to use in messages (defaults to the file's base name). */
  name?: string;
  format?: FileFormat;
  encoding?: "utf-8" | "utf-16" | "latin-1";
}

/**
 * Looks at a file before anything is loaded: that it exists and has data, what format it is (by its
 * content first, its name second), and that its text is in the expected encoding.
 */
export async function inspectFile(path: string, options: InspectOptions = {}): Promise<InspectedFile> {
  const name = options.name ?? basename(path);
  let bytes: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory())
      throw new AppError("FILE_NOT_FOUND", `${name} is a folder, not a file; name a file inside it.`);
    bytes = stat.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      "FILE_NOT_FOUND",
      `${name}: no such file, or it cannot be read; check the path.`,
      { file: name },
      { cause: error },
    );
  }
  if (bytes === 0)
    throw new AppError("FILE_EMPTY", `${name} is empty (0 bytes); export the data again.`, { file: name });

  const raw = readHead(path);
  const gzip = raw[0] === 0x1f && raw[1] === 0x8b;
  const head = gzip ? await gunzipHead(path, name, bytes) : raw;
  const byName = formatFromName(name);
  const base = { path, name, bytes, gzip, head };

  if (gzip && head.length === 0)
    throw new AppError("FILE_EMPTY", `${name} is a gzip file with nothing inside.`, { file: name });
  if (head.subarray(0, 4).toString("latin1") === "PAR1")
    return { ...base, format: "parquet", encoding: "utf-8" };
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    if (options.format && options.format !== "xlsx") {
      throw new AppError(
        "FORMAT_UNKNOWN",
        `${name} is a zip archive, not ${options.format}; unzip it first or import it as xlsx.`,
      );
    }
    if (byName !== "xlsx" && !options.format && !/\.xlsx?$/i.test(name)) {
      throw new AppError(
        "FORMAT_UNKNOWN",
        `${name} is a zip archive; opsloop reads spreadsheets (.xlsx) but not other archives — unzip it and import the file inside.`,
        { file: name },
      );
    }
    return { ...base, format: "xlsx", encoding: "utf-8" };
  }
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new AppError(
      "XLSX_INVALID",
      `${name} is an old Excel 97–2003 (.xls) workbook or a password-protected one; open it in a spreadsheet program, remove any password and save it as .xlsx or CSV.`,
      { file: name },
    );
  }
  if (options.format === "xlsx" || options.format === "parquet") {
    throw new AppError(
      "FORMAT_UNKNOWN",
      `${name} is not a valid ${options.format} file (its first bytes do not match); check the file.`,
      {
        file: name,
      },
    );
  }

  // Text formats from here on.
  let encoding = options.encoding ?? "utf-8";
  let body = head;
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    if (!options.encoding) encoding = "utf-16";
    body = Buffer.from(new TextDecoder(head[0] === 0xff ? "utf-16le" : "utf-16be").decode(head.subarray(2)));
  } else if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    body = head.subarray(3);
  }
  if (body.toString("utf8").trim() === "") {
    const what = body.length < head.length ? "only a byte-order mark" : "only blank space";
    throw new AppError("FILE_EMPTY", `${name} has no data (${what}); export the data again.`, { file: name });
  }
  if (looksBinary(body)) {
    throw new AppError(
      "FORMAT_UNKNOWN",
      `${name} looks like binary data, not ${byName ?? "text"}; opsloop reads CSV, TSV, JSON, NDJSON, Parquet, XLSX and XES files.`,
      { file: name },
    );
  }
  if (encoding === "utf-8") {
    const complete = body.length === bytes - (body === head ? 0 : 3) && !gzip;
    const bad = firstInvalidUtf8(body, complete);
    if (bad >= 0) {
      const at = positionOf(body, bad);
      const byte = (body[bad] as number).toString(16).toUpperCase().padStart(2, "0");
      throw new AppError(
        "ENCODING_INVALID",
        `${name}:${at.line}:${at.column}: byte 0x${byte} is not valid UTF-8; the file looks like Latin-1 / Windows-1252 text. Save it as UTF-8, or import it with --encoding latin-1.`,
        {
          file: name,
          problems: [
            {
              file: name,
              ...at,
              message: `byte 0x${byte} is not valid UTF-8`,
              fix: "save as UTF-8 or pass --encoding latin-1",
            },
          ],
        },
      );
    }
  }

  const text = body.toString("utf8").trimStart();
  if (/^<(!doctype html|html)/i.test(text)) {
    throw new AppError(
      "FORMAT_UNKNOWN",
      `${name} is a web page (HTML), not data; the export may have failed — download the data file itself (CSV, XLSX…).`,
      { file: name },
    );
  }
  let format: FileFormat;
  if (options.format) format = options.format;
  else if (text.startsWith("<")) format = "xes";
  else if (text.startsWith("[")) format = "json";
  else if (text.startsWith("{")) format = byName === "json" ? "json" : "ndjson";
  else
    format =
      byName === "tsv"
        ? "tsv"
        : byName === "json" || byName === "ndjson" || byName === "xes"
          ? byName
          : "csv";

  if (format === "xes" && !text.startsWith("<")) {
    throw new AppError(
      "XES_INVALID",
      `${name}:1:1: an XES file must start with "<?xml" or "<log"; this one starts with ${JSON.stringify(text.slice(0, 20))}.`,
    );
  }
  if ((format === "json" || format === "ndjson") && !/^[[{]/.test(text)) {
    throw new AppError(
      "PARSE_ERROR",
      `${name}:1:1: JSON must start with "[" or "{"; this file starts with ${JSON.stringify(text.slice(0, 20))}.`,
    );
  }
  return { ...base, format, encoding };
}
