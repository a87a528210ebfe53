/**
 * Buffered text output for large generated files: rows are appended to an in-memory chunk that is
 * handed to the file stream about once per megabyte, waiting for the stream to drain, so memory
 * stays flat at any scale.
 */

import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { amsterdamOffsetAt, formatDay, HOUR, SECONDS_PER_DAY, TWO_DIGITS } from "./calendar.js";

const FLUSH_AT = 1 << 20;

export class TextFileWriter {
  private chunk = "";
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  /** Data rows written (the header is not counted). */
  rows = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { encoding: "utf8", highWaterMark: FLUSH_AT });
    this.stream.on("error", (error) => {
      this.failure = error;
    });
  }

  /** Appends text; call `flushIfFull` from time to time in long loops. */
  append(text: string): void {
    this.chunk += text;
  }

  /** Appends one data row (text must end with a newline). */
  row(text: string): void {
    this.chunk += text;
    this.rows++;
  }

  get full(): boolean {
    return this.chunk.length >= FLUSH_AT;
  }

  async flushIfFull(): Promise<void> {
    if (this.chunk.length >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.chunk.length === 0) return;
    const text = this.chunk;
    this.chunk = "";
    if (!this.stream.write(text)) await once(this.stream, "drain");
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    if (this.failure) throw this.failure;
  }
}

/** Cents as a decimal amount with two digits ("4.25", "-0.50"). */
export function formatCents(cents: number): string {
  if (cents < 0) return `-${formatCents(-cents)}`;
  const euros = Math.floor(cents / 100);
  return `${euros}.${TWO_DIGITS[cents - euros * 100]}`;
}

/** Quotes a CSV field when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Adds to an element of a numeric array (typed arrays index as possibly undefined under strict checks). */
export function addAt(array: Float64Array, index: number, value: number): void {
  array[index] = (array[index] ?? 0) + value;
}

const BYTE_BUFFER = 1 << 20;
const ROW_ROOM = 16 * 1024;

/**
 * Writes rows as bytes straight into a buffer (ASCII fields, digits written arithmetically, constant
 * strings pre-encoded), handing full buffers to the file stream. This keeps the large tables free of
 * per-row strings and garbage. Check `full` between rows and `await flush()` when it is set.
 */
export class ByteFileWriter {
  private buffer = Buffer.allocUnsafe(BYTE_BUFFER);
  private pos = 0;
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  rows = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { highWaterMark: BYTE_BUFFER });
    this.stream.on("error", (error) => {
      this.failure = error;
    });
  }

  /** True when less than ROW_ROOM bytes are left: flush before the next row. */
  get full(): boolean {
    return this.pos > BYTE_BUFFER - ROW_ROOM;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pos === 0) return;
    const chunk = this.buffer.subarray(0, this.pos);
    this.buffer = Buffer.allocUnsafe(BYTE_BUFFER);
    this.pos = 0;
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    if (this.failure) throw this.failure;
  }

  /** An ASCII string (every char code < 128; use `bytes` with a pre-encoded buffer otherwise). */
  ascii(text: string): void {
    const b = this.buffer;
    let p = this.pos;
    for (let i = 0; i < text.length; i++) b[p++] = text.charCodeAt(i);
    this.pos = p;
  }

  bytes(data: Uint8Array): void {
    const n = data.length;
    if (n > 12) {
      this.buffer.set(data, this.pos);
      this.pos += n;
      return;
    }
    const b = this.buffer;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = data[i] as number;
    this.pos = p;
  }

  char(code: number): void {
    this.buffer[this.pos++] = code;
  }

  /** A non-negative integer in decimal. */
  uint(value: number): void {
    if (value < 10) {
      this.buffer[this.pos++] = 48 + value;
      return;
    }
    let digits = 0;
    for (let v = value; v > 0; v = Math.floor(v / 10)) digits++;
    const b = this.buffer;
    let p = this.pos + digits;
    this.pos = p;
    for (let v = value; v > 0; v = Math.floor(v / 10)) b[--p] = 48 + (v % 10);
  }

  /** A non-negative integer zero-padded to `width` digits. */
  padded(value: number, width: number): void {
    const b = this.buffer;
    let v = value;
    let digits = 0;
    for (let t = value; t > 0; t = Math.floor(t / 10)) digits++;
    const len = Math.max(width, digits);
    let p = this.pos + len;
    this.pos = p;
    for (let i = 0; i < len; i++) {
      b[--p] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
  }

  two(value: number): void {
    const b = this.buffer;
    b[this.pos++] = 48 + Math.floor(value / 10);
    b[this.pos++] = 48 + (value % 10);
  }

  /** Cents as euros with two decimals ("4.25"). */
  cents(value: number): void {
    let v = value;
    if (v < 0) {
      this.buffer[this.pos++] = 45;
      v = -v;
    }
    const euros = Math.floor(v / 100);
    this.uint(euros);
    this.buffer[this.pos++] = 46;
    this.two(v - euros * 100);
  }

  /** Seconds since midnight as "HH:mm:ss". */
  timeOfDay(second: number): void {
    const h = Math.floor(second / 3600);
    const rest = second - h * 3600;
    const m = Math.floor(rest / 60);
    this.two(h);
    this.buffer[this.pos++] = 58;
    this.two(m);
    this.buffer[this.pos++] = 58;
    this.two(rest - m * 60);
  }

  /** Ends a data row. */
  endRow(): void {
    this.buffer[this.pos++] = 10;
    this.rows++;
  }
}

/** Pre-encodes a string (UTF-8) for `ByteFileWriter.bytes`. */
export function encode(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "utf8"));
}

const dateBytesCache = new Map<number, Uint8Array>();
const PLUS_ONE = encode("+01:00");
const PLUS_TWO = encode("+02:00");

/** "yyyy-MM-dd" of a day number as bytes (cached). */
export function dateBytes(dayNumber: number): Uint8Array {
  let value = dateBytesCache.get(dayNumber);
  if (!value) {
    value = encode(formatDay(dayNumber));
    dateBytesCache.set(dayNumber, value);
  }
  return value;
}

/** Writes an instant as ISO 8601 local time in Europe/Amsterdam with its offset ("2025-03-30T08:15:00+02:00"). */
export function writeIsoLocal(w: ByteFileWriter, epochSeconds: number): void {
  const offset = amsterdamOffsetAt(epochSeconds);
  const local = epochSeconds + offset;
  const day = Math.floor(local / SECONDS_PER_DAY);
  w.bytes(dateBytes(day));
  w.char(84);
  w.timeOfDay(local - day * SECONDS_PER_DAY);
  w.bytes(offset === HOUR ? PLUS_ONE : PLUS_TWO);
}
