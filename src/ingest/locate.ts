import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";

/**
 * Finds the line each data record starts on in a delimited text file, honouring quoted line breaks.
 * `records` are 0-based indexes of records that were loaded (rejected lines do not count).
 * Used on the error path only, to point at the lines of duplicate or missing keys.
 */
export async function locateRecordLines(
  path: string,
  gzip: boolean,
  records: readonly number[],
  rejectedLines: ReadonlySet<number>,
): Promise<Map<number, number>> {
  const wanted = new Set(records);
  const found = new Map<number, number>();
  if (wanted.size === 0) return found;
  const max = Math.max(...records);
  let line = 1;
  let recordStart = 1;
  let quoted = false;
  let headerDone = false;
  let index = 0;
  let lineHasContent = false;
  const input = createReadStream(path);
  const stream = gzip ? input.pipe(createGunzip()) : input;
  outer: for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (b === 0x22) quoted = !quoted;
      if (b !== 0x0a && b !== 0x0d) lineHasContent = true;
      if (b === 0x0a) {
        if (!quoted) {
          if (!headerDone) headerDone = true;
          else if (lineHasContent && !rejectedLines.has(recordStart)) {
            if (wanted.has(index)) found.set(index, recordStart);
            index++;
            if (index > max) break outer;
          }
          recordStart = line + 1;
          lineHasContent = false;
        }
        line++;
      }
    }
  }
  if (lineHasContent && headerDone && !rejectedLines.has(recordStart) && wanted.has(index))
    found.set(index, recordStart);
  input.destroy();
  return found;
}
