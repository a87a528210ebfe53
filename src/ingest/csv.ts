import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { AppError, type Problem } from "../core/errors.js";
import {
  type ColumnInfo,
  ident,
  parseColumnType,
  raw,
  type SqlSession,
  sql,
  struct,
} from "../store/index.js";
import type { InspectedFile } from "./inspect.js";
import type { RejectedRow, TableLoad } from "./table-load.js";
import { toStrptimeFormat } from "./timestamp-format.js";

export interface CsvOptions {
  /** Types the columns already have in the dataset being replaced or appended to. */
  knownTypes?: Record<string, string>;
  delimiter?: string;
  timestampFormat?: string;
  types?: Record<string, string>;
  maxLineBytes?: number;
}

export interface CsvDialect {
  delimiter: string;
  quote: string;
  escape: string;
  skip: number;
  comment: string;
  columns: ColumnInfo[];
  timestampFormat: string | null;
  dateFormat: string | null;
}

const CANDIDATES = [",", ";", "\t", "|"];

/** Reads the user's delimiter flag: `;`, `\t`, `tab`, `comma`… */
export function parseDelimiter(value: string): string {
  const named: Record<string, string> = {
    tab: "\t",
    "\\t": "\t",
    comma: ",",
    semicolon: ";",
    pipe: "|",
    space: " ",
  };
  const delimiter = named[value.toLowerCase()] ?? value;
  if (delimiter.length !== 1 || /["\r\n]/.test(delimiter)) {
    throw new AppError(
      "USAGE",
      `--delimiter must be one character such as , ; | or \\t; got ${JSON.stringify(value)}.`,
    );
  }
  return delimiter;
}

/** Counts a character outside double quotes in one line. */
function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/**
 * Picks the delimiter from the header line: the candidate found there that splits the following lines
 * into the same number of fields most often. The header decides the field count, so one ragged row
 * cannot mislead the choice.
 */
export function detectDelimiter(head: string, fallback: string): string {
  const lines = head.split(/\r?\n/).filter((l) => l.trim() !== "");
  lines.pop(); // the last line may be cut off
  const header = lines[0] ?? head;
  const body = lines.slice(1, 200);
  let best = fallback;
  let bestScore = -1;
  for (const candidate of CANDIDATES) {
    const inHeader = countOutsideQuotes(header, candidate);
    if (inHeader === 0) continue;
    const agreeing = body.filter((l) => countOutsideQuotes(l, candidate) === inHeader).length;
    const score = (body.length ? agreeing / body.length : 1) * 1000 + inHeader;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Reads DuckDB's sniff result into our dialect. */
async function sniff(
  session: SqlSession,
  file: InspectedFile,
  delimiter: string,
  timestampFormat: string | null,
): Promise<CsvDialect> {
  const row = await session.first(
    sql`select * from sniff_csv(${file.path}, delim = ${delimiter}, header = true, ignore_errors = true, quote = '"',
        sample_size = 20480, encoding = ${file.encoding}, max_line_size = ${maxLine(file)},
        compression = ${compression(file)}
        ${timestampFormat ? sql`, timestampformat = ${timestampFormat}` : raw("")})`,
  );
  if (!row) throw new AppError("PARSE_ERROR", `${file.name}: the CSV layout could not be detected.`);
  const columns = (row.Columns as { name: string; type: string }[]).map((c) => ({
    name: c.name,
    type: c.type,
  }));
  const empty = (value: unknown) =>
    value === "(empty)" || value === null || value === undefined ? "" : String(value);
  return {
    delimiter: String(row.Delimiter),
    quote: empty(row.Quote),
    escape: empty(row.Escape),
    skip: Number(row.SkipRows ?? 0),
    comment: empty(row.Comment),
    columns,
    timestampFormat: (row.TimestampFormat as string | null) ?? timestampFormat,
    dateFormat: (row.DateFormat as string | null) ?? null,
  };
}

/** Compression by content, not by file name (an upload or export may have lost its .gz). */
function compression(file: InspectedFile): string {
  return file.gzip ? "gzip" : "none";
}

/** Longest line accepted, in bytes: longer lines are nearly always a missing quote or line break. */
export const DEFAULT_MAX_LINE_BYTES = 2_097_152;

function maxLine(file: InspectedFile & { maxLineBytes?: number }): number {
  return file.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
}

const TYPE_WORDS: Record<string, string> = {
  BIGINT: "a whole number",
  INTEGER: "a whole number",
  DOUBLE: "a number",
  "DECIMAL(18,3)": "a number",
  BOOLEAN: "true or false",
  DATE: "a date",
  TIMESTAMP: "a timestamp",
  "TIMESTAMP WITH TIME ZONE": "a timestamp with a time zone",
  TIMESTAMPTZ: "a timestamp with a time zone",
  TIME: "a time of day",
};

export function describeType(type: string): string {
  return TYPE_WORDS[type.toUpperCase()] ?? type;
}

/**
 * A text column whose values are almost all of one type (say 9,990 numbers and 10 typos) is a typed
 * column with bad values, not a text column. Finds such columns in a sample, so the full load reports
 * the bad values by line instead of silently keeping the column as text.
 */
async function refineTypes(
  session: SqlSession,
  file: InspectedFile,
  dialect: CsvDialect,
): Promise<ColumnInfo[]> {
  const text = dialect.columns.filter((c) => c.type === "VARCHAR");
  if (text.length === 0) return dialect.columns;
  const format = dialect.timestampFormat;
  // Each candidate counts values of its shape that also convert; the bad values are the rest.
  const checks = text.map((c, i) => {
    const col = ident(c.name);
    return sql`count(${col}) as ${ident(`n${i}`)},
      count(case when regexp_full_match(trim(${col}), '[-+]?[0-9]+') then try_cast(${col} as bigint) end) as ${ident(`i${i}`)},
      count(try_cast(${col} as double)) as ${ident(`d${i}`)},
      count(case when regexp_full_match(trim(${col}), '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') then try_cast(${col} as date) end) as ${ident(`a${i}`)},
      count(${format ? sql`try_strptime(${col}, ${format})` : sql`case when regexp_matches(${col}, '[0-9]:[0-9]') then try_cast(${col} as timestamp) end`}) as ${ident(`t${i}`)},
      count(case when lower(trim(${col})) in ('true','false') then 1 end) as ${ident(`b${i}`)}`;
  });
  const columnsStruct = struct(Object.fromEntries(dialect.columns.map((c) => [c.name, "VARCHAR"])));
  let stats: Record<string, unknown> | undefined;
  try {
    stats = await session.first(
      sql`select ${joinFragments(checks)} from (select * from read_csv(${file.path}, auto_detect = false, header = true,
          delim = ${dialect.delimiter}, quote = ${dialect.quote}, escape = ${dialect.escape}, skip = ${dialect.skip},
          columns = ${columnsStruct}, ignore_errors = true, encoding = ${file.encoding}, max_line_size = ${maxLine(file)},
          compression = ${compression(file)}) limit 20000)`,
    );
  } catch {
    return dialect.columns;
  }
  if (!stats) return dialect.columns;
  const refined = new Map<string, string>();
  text.forEach((c, i) => {
    const n = Number(stats[`n${i}`] ?? 0);
    if (n < 20) return;
    const candidates: [string, number][] = [
      ["BIGINT", Number(stats[`i${i}`])],
      ["DOUBLE", Number(stats[`d${i}`])],
      ["DATE", Number(stats[`a${i}`])],
      ["TIMESTAMP", Number(stats[`t${i}`])],
      ["BOOLEAN", Number(stats[`b${i}`])],
    ];
    const [type, good] = candidates.reduce((a, b) => (b[1] > a[1] ? b : a));
    if (good < n && good / n >= 0.95) refined.set(c.name, type);
  });
  return dialect.columns.map((c) => ({ ...c, type: refined.get(c.name) ?? c.type }));
}

function joinFragments(parts: ReturnType<typeof sql>[]): ReturnType<typeof sql> {
  return parts.slice(1).reduce((acc, part) => sql`${acc}, ${part}`, parts[0] ?? raw(""));
}

/** Applies the user's `--types col=TYPE` overrides; unknown columns and types are usage errors. */
function applyOverrides(
  columns: ColumnInfo[],
  overrides: Record<string, string> | undefined,
  file: InspectedFile,
): ColumnInfo[] {
  if (!overrides) return columns;
  const names = new Set(columns.map((c) => c.name));
  for (const [name, type] of Object.entries(overrides)) {
    if (!names.has(name)) {
      throw new AppError(
        "USAGE",
        `${file.name}: --types names column "${name}", which is not in the file; its columns are ${[...names].join(", ")}.`,
      );
    }
    if (!parseColumnType(type)) {
      throw new AppError(
        "USAGE",
        `--types ${name}=${type}: unknown type; use one of VARCHAR, BIGINT, DOUBLE, BOOLEAN, DATE, TIMESTAMP, TIMESTAMPTZ.`,
      );
    }
  }
  return columns.map((c) => {
    const override = overrides[c.name];
    return override ? { ...c, type: parseColumnType(override) as string } : c;
  });
}

interface DuckReject {
  line: number;
  byte_position: number;
  line_byte_position: number;
  column_idx: number;
  column_name: string | null;
  error_type: string;
  csv_line: string | null;
  error_message: string;
}

/** Turns one of DuckDB's CSV reject records into a problem a person can act on. */
function describeReject(reject: DuckReject, file: InspectedFile, columns: ColumnInfo[]): Problem {
  const lineText = reject.csv_line ?? "";
  const offset = Math.max(0, Number(reject.byte_position) - Number(reject.line_byte_position));
  const column = Buffer.from(lineText).subarray(0, offset).toString("utf8").length + 1;
  const field = reject.column_name ?? undefined;
  const base = { file: file.name, line: Number(reject.line), column, ...(field ? { field } : {}) };
  switch (reject.error_type) {
    case "CAST": {
      const found = /Could not convert string "(.*)" to/s.exec(reject.error_message)?.[1];
      const type = columns.find((c) => c.name === field)?.type ?? "";
      return {
        ...base,
        message: `column "${field}": expected ${describeType(type)}, found ${found !== undefined ? JSON.stringify(found) : "a value that does not fit"}`,
        fix: `correct the value, or import the column as text with --types ${field}=VARCHAR`,
      };
    }
    case "MISSING COLUMNS": {
      const m = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(reject.error_message);
      return {
        ...base,
        message: `the row has ${m?.[2] ?? "fewer"} fields but the header has ${m?.[1] ?? "more"}`,
        fix: "add the missing fields (empty values are fine: a,,c) or check for a line break inside an unquoted value",
      };
    }
    case "TOO MANY COLUMNS": {
      const m = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(reject.error_message);
      return {
        ...base,
        message: `the row has ${m?.[2] ?? "more"} fields but the header has ${m?.[1] ?? "fewer"}`,
        fix: `put values that contain "${file.format === "tsv" ? "\\t" : ","}" in double quotes, or check the delimiter`,
      };
    }
    case "UNQUOTED VALUE":
      return {
        ...base,
        message: "a double quote appears inside an unquoted value",
        fix: 'quote the whole value and double inner quotes ("He said ""hi""")',
      };
    case "LINE SIZE OVER MAXIMUM":
      return {
        ...base,
        column: 1,
        message: `the line is longer than ${maxLine(file).toLocaleString("en")} bytes`,
        fix: "check for a missing closing quote or line breaks; if the long line is right, raise the limit with --max-line-size",
      };
    case "INVALID ENCODING":
    case "INVALID UNICODE":
      return {
        ...base,
        message: "the line has bytes that are not valid UTF-8",
        fix: "save the file as UTF-8, or import it with --encoding latin-1",
      };
    default:
      return { ...base, message: reject.error_message.split("\n")[0] ?? reject.error_type };
  }
}

/**
 * Loads a CSV/TSV file into `schema.table` (created here) inside the caller's transaction. Bad rows
 * are skipped by DuckDB and returned as problems with line and column; the caller decides whether
 * they abort the load.
 */
export async function loadCsv(
  session: SqlSession,
  inspected: InspectedFile,
  target: { schema: string; table: string },
  options: CsvOptions,
  onProgress?: (percent: number) => void,
): Promise<TableLoad> {
  const file = { ...inspected, maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES };
  const headText = file.head.toString(file.encoding === "latin-1" ? "latin1" : "utf8").replace(/^\uFEFF/, "");
  const delimiter = options.delimiter
    ? parseDelimiter(options.delimiter)
    : detectDelimiter(headText, file.format === "tsv" ? "\t" : ",");
  const timestampFormat = options.timestampFormat ? toStrptimeFormat(options.timestampFormat) : null;
  const header = headText.split(/\r?\n/, 1)[0] ?? "";
  checkHeader(header, delimiter, file);

  let dialect: CsvDialect;
  try {
    dialect = await sniff(session, file, delimiter, timestampFormat);
  } catch (error) {
    throw (await diagnoseCsv(file, delimiter)) ?? csvError(error, file);
  }
  let columns = await refineTypes(session, file, dialect);
  // A new export of an existing dataset is read with the dataset's types, so a stray value is reported.
  if (options.knownTypes) {
    const known = options.knownTypes;
    columns = columns.map((c) => {
      const type = parseColumnType(known[c.name] ?? "");
      return type ? { ...c, type } : c;
    });
  }
  columns = applyOverrides(columns, options.types, file);

  await session.run(sql`drop table if exists temp.opsloop_rejects`);
  await session.run(sql`drop table if exists temp.opsloop_scans`);
  const columnsStruct = struct(Object.fromEntries(columns.map((c) => [c.name, c.type])));
  const formats = sql`${dialect.timestampFormat ? sql`, timestampformat = ${dialect.timestampFormat}` : raw("")}
    ${dialect.dateFormat ? sql`, dateformat = ${dialect.dateFormat}` : raw("")}`;
  const timer = onProgress ? setInterval(() => onProgress(session.progress()), 200) : undefined;
  try {
    await session.run(
      sql`create table ${ident(target.schema, target.table)} as select * from read_csv(${file.path},
          auto_detect = false, header = true, delim = ${dialect.delimiter}, quote = ${dialect.quote},
          escape = ${dialect.escape}, skip = ${dialect.skip}, columns = ${columnsStruct},
          encoding = ${file.encoding}, max_line_size = ${maxLine(file)}, compression = ${compression(file)},
          store_rejects = true, rejects_table = 'opsloop_rejects', rejects_scan = 'opsloop_scans' ${formats})`,
    );
  } catch (error) {
    throw csvError(error, file);
  } finally {
    if (timer) clearInterval(timer);
  }
  const rejectRows = (await session.all(
    sql`select line, byte_position, line_byte_position, column_idx, column_name, error_type, csv_line, error_message
        from temp.opsloop_rejects order by line, column_idx`,
  )) as unknown as DuckReject[];
  // DuckDB may report several errors for one line; one line is one rejected row.
  const byLine = new Map<number, RejectedRow>();
  for (const reject of rejectRows) {
    const line = Number(reject.line);
    const row = byLine.get(line) ?? { line, problems: [], text: reject.csv_line ?? "" };
    row.problems.push(describeReject(reject, file, columns));
    byLine.set(line, row);
  }
  const rejects = [...byLine.values()];
  const rows = Number(await session.value(sql`select count(*) from ${ident(target.schema, target.table)}`));
  return { rows, rejects, columns: await session.columns(target.schema, target.table), warnings: [] };
}

/** Catches header problems DuckDB would silently paper over: empty and repeated column names. */
function checkHeader(header: string, delimiter: string, file: InspectedFile): void {
  const names: string[] = [];
  let current = "";
  let quoted = false;
  for (const c of header) {
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) {
      names.push(current.trim());
      current = "";
    } else current += c;
  }
  names.push(current.trim());
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === "" && names.length > 1) {
      throw new AppError(
        "PARSE_ERROR",
        `${file.name}:1: column ${i + 1} of the header has no name; give every column a name.`,
        {
          file: file.name,
          problems: [
            {
              file: file.name,
              line: 1,
              message: `column ${i + 1} has no name`,
              fix: "give every column a name",
            },
          ],
        },
      );
    }
    const before = seen.get(name.toLowerCase());
    if (before !== undefined) {
      throw new AppError(
        "PARSE_ERROR",
        `${file.name}:1: columns ${before + 1} and ${i + 1} are both named "${name}"; rename one so every column has its own name.`,
        {
          file: file.name,
          problems: [
            {
              file: file.name,
              line: 1,
              field: name,
              message: `columns ${before + 1} and ${i + 1} are both named "${name}"`,
              fix: "rename one",
            },
          ],
        },
      );
    }
    seen.set(name.toLowerCase(), i);
  });
}

/**
 * Says why DuckDB could not make sense of a CSV: a line longer than the limit, or a double quote that
 * opens a value and is never closed.
 */
async function diagnoseCsv(
  file: InspectedFile & { maxLineBytes: number },
  delimiter: string,
): Promise<AppError | undefined> {
  const separator = delimiter.charCodeAt(0);
  let line = 1;
  let column = 0;
  let lineBytes = 0;
  let quoted = false;
  let openedAt = { line: 0, column: 0 };
  let previous = -1;
  const input = createReadStream(file.path);
  const stream = file.gzip ? input.pipe(createGunzip()) : input;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (const b of chunk) {
      column++;
      if (b === 0x22) {
        if (!quoted) {
          // A quote opens a value only at its start.
          if (previous === -1 || previous === 0x0a || previous === separator) {
            quoted = true;
            openedAt = { line, column };
          }
        } else quoted = false;
      } else if (b === 0x0a) {
        line++;
        column = 0;
        lineBytes = 0;
      }
      previous = b;
      if (++lineBytes > file.maxLineBytes && !quoted) {
        input.destroy();
        const problem: Problem = {
          file: file.name,
          line,
          column: 1,
          message: `the line is longer than ${file.maxLineBytes.toLocaleString("en")} bytes`,
          fix: "check for missing line breaks; if the long line is right, raise the limit with --max-line-size",
        };
        return new AppError("PARSE_ERROR", `${file.name}:${line}:1: ${problem.message}; ${problem.fix}.`, {
          file: file.name,
          problems: [problem],
        });
      }
    }
  }
  if (!quoted) return undefined;
  const problem: Problem = {
    file: file.name,
    line: openedAt.line,
    column: openedAt.column,
    message: "a quoted value starts here and is never closed",
    fix: 'add the closing double quote (a quote inside a quoted value is written "")',
  };
  return new AppError(
    "PARSE_ERROR",
    `${file.name}:${openedAt.line}:${openedAt.column}: ${problem.message}; ${problem.fix}.`,
    {
      file: file.name,
      problems: [problem],
    },
  );
}

function csvError(error: unknown, file: InspectedFile): AppError {
  if (error instanceof AppError && error.code !== "STORE_ERROR") return error;
  const message = error instanceof Error ? error.message : String(error);
  const line = /line (\d+)/i.exec(message)?.[1];
  const first = message.replace(/^(Invalid Input|Conversion|IO) Error: /, "").split("\n")[0] ?? message;
  if (/^[^\n]*(maximum line size|Maximum line size)/i.test(message)) {
    return new AppError(
      "PARSE_ERROR",
      `${file.name}${line ? `:${line}` : ""}: a line is longer than ${maxLine(file).toLocaleString("en")} bytes; check for a missing closing quote or line breaks (or raise the limit with --max-line-size).`,
      { file: file.name },
      { cause: error },
    );
  }
  if (/unicode|utf-?8|encoding/i.test(message)) {
    return new AppError(
      "ENCODING_INVALID",
      `${file.name}${line ? `:${line}` : ""}: the file has bytes that are not valid ${file.encoding.toUpperCase()}; save it as UTF-8, or import it with --encoding latin-1.`,
      { file: file.name },
      { cause: error },
    );
  }
  return new AppError(
    "PARSE_ERROR",
    `${file.name}${line ? `:${line}` : ""}: ${first}`,
    { file: file.name },
    { cause: error },
  );
}
