import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "../core/errors.js";
import { ident, raw, type SqlSession, sql, struct } from "../store/index.js";
import type { InspectedFile } from "./inspect.js";
import type { TableLoad } from "./table-load.js";
import { readXes, type XesAttribute } from "./xes/index.js";

type ColumnKind = "VARCHAR" | "BIGINT" | "DOUBLE" | "BOOLEAN" | "TIMESTAMPTZ";

interface Column {
  name: string;
  kind: ColumnKind;
  index: number;
}

/** The SQL type an XES attribute type is stored as. */
function kindOf(type: XesAttribute["type"]): ColumnKind {
  switch (type) {
    case "int":
      return "BIGINT";
    case "float":
      return "DOUBLE";
    case "boolean":
      return "BOOLEAN";
    case "date":
      return "TIMESTAMPTZ";
    default:
      return "VARCHAR";
  }
}

/** The wider of two column types, for an attribute whose type differs between events. */
function widen(a: ColumnKind, b: ColumnKind): ColumnKind {
  if (a === b) return a;
  if ((a === "BIGINT" && b === "DOUBLE") || (a === "DOUBLE" && b === "BIGINT")) return "DOUBLE";
  return "VARCHAR";
}

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
let isoDay = Number.NaN;
let isoDayPrefix = "";

/**
 * Epoch microseconds as ISO 8601 UTC with milliseconds (`2011-10-01T08:30:00.000Z`), and the
 * microseconds when there are any. The date part is formatted once per day: logs hold many events a
 * day, and this runs once per timestamp.
 */
export function microsToIso(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const day = Math.floor(ms / DAY_MS);
  if (day !== isoDay) {
    const iso = new Date(day * DAY_MS).toISOString();
    isoDay = day;
    isoDayPrefix = iso.slice(0, iso.indexOf("T") + 1);
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const micro = micros - ms * 1000;
  return `${isoDayPrefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[millis]}${micro ? THREE_DIGITS[micro] : ""}Z`;
}

const SEPARATOR = "\u001f";
// biome-ignore lint/suspicious/noControlCharactersInRegex: the unit separator is the staging delimiter.
const NEEDS_QUOTES = /["\n\r\u001f]/;

/** One field of the staging text: quoted when it holds a quote, a line break or the separator. */
function field(attribute: XesAttribute): string {
  const { value } = attribute;
  if (value === null) return "";
  if (attribute.type === "date") return microsToIso(value as number);
  if (typeof value === "string") {
    if (value === "" || NEEDS_QUOTES.test(value)) return `"${value.replaceAll('"', '""')}"`;
    return value;
  }
  return String(value);
}

const CASE_ID = "case:concept:name";
const FLUSH_CHARS = 1 << 20;

/**
 * Streams an XES log into a new table, one row per event: the case id as `case:concept:name`, every
 * event attribute under its XES key (`concept:name`, `time:timestamp`, `org:resource`,
 * `lifecycle:transition`, …) and every trace attribute as `case:<key>`. Dates are stored as instants.
 *
 * Events are written as they are read to a staging text file (memory stays flat), one line per event
 * with the columns known so far; a column first seen later only makes later lines longer. DuckDB
 * then reads the file in one parallel pass, padding short lines and casting each column to its type.
 */
export async function loadXes(
  tx: SqlSession,
  file: InspectedFile,
  target: { schema: string; table: string },
  options: { timeZone: string; tempDir: string; onProgress?: (percent: number) => void },
): Promise<TableLoad> {
  const columns = new Map<string, Column>();
  const order: Column[] = [];
  const column = (name: string, type: XesAttribute["type"]): Column => {
    const kind = kindOf(type);
    let found = columns.get(name);
    if (!found) {
      found = { name, kind, index: order.length };
      columns.set(name, found);
      order.push(found);
    } else if (found.kind !== kind) {
      found.kind = widen(found.kind, kind);
    }
    return found;
  };
  column(CASE_ID, "string");

  const stagingPath = join(options.tempDir, "events.txt");
  const fd = openSync(stagingPath, "w");
  let pending = "";
  let rows = 0;
  try {
    const traces = readXes(file.path, {
      fileName: file.name,
      timeZone: options.timeZone,
      onBytes: (read, total) => options.onProgress?.(total ? (read / total) * 100 : -1),
    });
    const fields: string[] = [];
    const caseFields: string[] = [];
    for await (const trace of traces) {
      caseFields.length = 0;
      caseFields.push("");
      for (const attribute of trace.attributes) {
        if (attribute.key === "concept:name") {
          caseFields[0] = field({ key: CASE_ID, type: "string", value: String(attribute.value) });
          continue;
        }
        const c = column(`case:${attribute.key}`, attribute.type);
        while (caseFields.length <= c.index) caseFields.push("");
        caseFields[c.index] = field(attribute);
      }
      for (const event of trace.events) {
        fields.length = 0;
        for (let i = 0; i < caseFields.length; i++) fields.push(caseFields[i] as string);
        for (const attribute of event.attributes) {
          const c = column(attribute.key, attribute.type);
          while (fields.length <= c.index) fields.push("");
          fields[c.index] = field(attribute);
        }
        pending += `${fields.join(SEPARATOR)}\n`;
        rows++;
      }
      if (pending.length > FLUSH_CHARS) {
        writeSync(fd, pending);
        pending = "";
      }
    }
    if (pending) writeSync(fd, pending);
  } finally {
    closeSync(fd);
  }
  if (rows === 0) {
    throw new AppError(
      "FILE_EMPTY",
      `${file.name} is an XES log without events; there is nothing to import.`,
      {
        file: file.name,
      },
    );
  }
  // Every column is read as text, then cast to its final type.
  const names = order.map((_column, i) => `c${i}`);
  const textColumns = struct(Object.fromEntries(names.map((n) => [n, "VARCHAR"])));
  const select = order
    .map((c, i) => sql`${ident(names[i] as string)}::${raw(c.kind)} as ${ident(c.name)}`)
    .reduce((a, b) => sql`${a}, ${b}`);
  await tx.run(
    sql`create table ${ident(target.schema, target.table)} as select ${select} from read_csv(${stagingPath},
        auto_detect = false, header = false, delim = ${SEPARATOR}, quote = '"', escape = '"',
        columns = ${textColumns}, null_padding = true, allow_quoted_nulls = false, max_line_size = 67108864)`,
  );
  return { rows, rejects: [], columns: await tx.columns(target.schema, target.table), warnings: [] };
}
