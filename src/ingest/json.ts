import { createReadStream, readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { AppError, type Problem } from "../core/errors.js";
import { ident, type SqlFragment, type SqlSession, sql, struct } from "../store/index.js";
import type { InspectedFile } from "./inspect.js";
import { findJsonError } from "./json-syntax.js";
import { type RejectedRow, replaceColumns, type TableLoad } from "./table-load.js";

/** Line and column of a character offset in a text. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Where and why a JSON text is invalid. */
function parseFailure(text: string, error: unknown): { line: number; column: number; message: string } {
  const found = findJsonError(text);
  if (found) return { ...lineColumn(text, found.offset), message: found.message };
  const message = error instanceof Error ? error.message : String(error);
  const lc = /line (\d+) column (\d+)/.exec(message);
  const clean = message
    .replace(/^JSON\.parse: /, "")
    .replace(/ in JSON at position \d+.*$/, "")
    .replace(/ \(line \d+ column \d+\)$/, "");
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]), message: clean };
  const position = /position (\d+)/.exec(message);
  if (position) return { ...lineColumn(text, Number(position[1])), message: clean };
  if (/Unexpected end of JSON input/.test(message))
    return { ...lineColumn(text, text.length), message: "the JSON ends too early" };
  return { line: 1, column: 1, message: clean };
}

async function* lines(file: InspectedFile): AsyncGenerator<string> {
  const input = createReadStream(file.path);
  const stream = file.gzip ? input.pipe(createGunzip()) : input;
  yield* createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
}

/** Checks every NDJSON line with JSON.parse; returns the bad ones with line and column. */
async function checkNdjson(file: InspectedFile): Promise<{ bad: RejectedRow[]; good: number }> {
  const bad: RejectedRow[] = [];
  let n = 0;
  let good = 0;
  for await (const line of lines(file)) {
    n++;
    const text = n === 1 ? line.replace(/^\uFEFF/, "") : line;
    if (text.trim() === "") continue;
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        bad.push({
          line: n,
          text,
          problems: [
            {
              file: file.name,
              line: n,
              column: 1,
              message: "each line must be one JSON object ({...})",
              fix: "write one object per line",
            },
          ],
        });
      } else good++;
    } catch (error) {
      const at = parseFailure(text, error);
      bad.push({
        line: n,
        text,
        problems: [
          {
            file: file.name,
            line: n,
            column: at.column,
            message: `invalid JSON: ${at.message}`,
            fix: "fix the JSON on this line",
          },
        ],
      });
    }
  }
  return { bad, good };
}

/**
 * Loads JSON (an array of objects) or NDJSON (one object per line) into a new table inside the
 * caller's transaction. DuckDB does the reading; when it fails, the file is checked line by line to
 * say exactly where and why.
 */
export async function loadJson(
  session: SqlSession,
  file: InspectedFile,
  target: { schema: string; table: string },
  options: { skipBadRows: boolean; tempDir: string },
): Promise<TableLoad> {
  let source = file.path;
  let rejects: RejectedRow[] = [];
  if (file.format === "ndjson") {
    const checked = await checkNdjson(file);
    if (checked.bad.length > 0) {
      rejects = checked.bad;
      if (!options.skipBadRows) return { rows: 0, rejects, columns: [], warnings: [] };
      if (checked.good === 0)
        throw new AppError("PARSE_ERROR", `${file.name}: no line holds a valid JSON object.`, {
          file: file.name,
        });
      // Write the good lines to a temporary file and load that.
      const badLines = new Set(checked.bad.map((r) => r.line));
      const kept: string[] = [];
      let n = 0;
      for await (const line of lines(file)) {
        n++;
        if (!badLines.has(n) && line.trim() !== "") kept.push(n === 1 ? line.replace(/^\uFEFF/, "") : line);
      }
      source = `${options.tempDir}/good-rows.ndjson`;
      writeFileSync(source, `${kept.join("\n")}\n`);
    }
  } else if (!file.gzip && file.bytes < 512 * 1024 * 1024) {
    const text = readFileSync(file.path, "utf8").replace(/^\uFEFF/, "");
    try {
      const value: unknown = JSON.parse(text);
      if (!Array.isArray(value)) {
        throw new AppError(
          "PARSE_ERROR",
          `${file.name}:1:1: the JSON is one object, not a list of rows; use [ {...}, {...} ] or one object per line (NDJSON).`,
          { file: file.name },
        );
      }
      if (value.length === 0)
        throw new AppError("FILE_EMPTY", `${file.name} is an empty JSON list; it has no rows.`, {
          file: file.name,
        });
      const notObject = value.findIndex((v) => v === null || typeof v !== "object" || Array.isArray(v));
      if (notObject >= 0) {
        throw new AppError(
          "PARSE_ERROR",
          `${file.name}: item ${notObject + 1} of the list is not an object; every row must be {"column": value, ...}.`,
          { file: file.name },
        );
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      const at = parseFailure(text, error);
      const problem: Problem = {
        file: file.name,
        line: at.line,
        column: at.column,
        message: `invalid JSON: ${at.message}`,
        fix: "fix the JSON there",
      };
      throw new AppError(
        "PARSE_ERROR",
        `${file.name}:${at.line}:${at.column}: invalid JSON: ${at.message}.`,
        { file: file.name, problems: [problem] },
      );
    }
  }
  try {
    await session.run(
      sql`create table ${ident(target.schema, target.table)} as select * from read_json(${source},
          format = ${file.format === "ndjson" ? "newline_delimited" : "array"}, records = true,
          sample_size = -1, maximum_object_size = 67108864,
          compression = ${source === file.path && file.gzip ? "gzip" : "uncompressed"})`,
    );
  } catch (error) {
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    throw new AppError(
      "PARSE_ERROR",
      `${file.name}: ${message.replace(/^[A-Za-z ]+ Error: /, "")}`,
      { file: file.name },
      { cause: error },
    );
  }
  await keepInstants(session, file, source, target);
  const rows = Number(await session.value(sql`select count(*) from ${ident(target.schema, target.table)}`));
  return { rows, rejects, columns: await session.columns(target.schema, target.table), warnings: [] };
}

const INSTANT =
  "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)$";

/**
 * JSON timestamps written with an offset (`2025-01-02T10:00:00Z`, `…+02:00`) are instants. DuckDB
 * reads them as UTC wall-clock TIMESTAMP, or as text when the offsets differ; both become TIMESTAMPTZ.
 */
async function keepInstants(
  session: SqlSession,
  file: InspectedFile,
  source: string,
  target: { schema: string; table: string },
): Promise<void> {
  const candidates = (await session.columns(target.schema, target.table)).filter(
    (c) => c.type === "TIMESTAMP" || c.type === "VARCHAR",
  );
  if (candidates.length === 0) return;
  const asText = struct(Object.fromEntries(candidates.map((c) => [c.name, "VARCHAR"])));
  const checks = candidates
    .map(
      (c, i) =>
        sql`count(${ident(c.name)}) as ${ident(`n${i}`)}, count(case when regexp_full_match(${ident(c.name)}, ${INSTANT}) then 1 end) as ${ident(`z${i}`)}`,
    )
    .reduce((a, b) => sql`${a}, ${b}`);
  const stats = await session.first(
    sql`select ${checks} from (select * from read_json(${source}, format = ${file.format === "ndjson" ? "newline_delimited" : "array"},
        records = true, columns = ${asText}, maximum_object_size = 67108864,
        compression = ${source === file.path && file.gzip ? "gzip" : "uncompressed"}) limit 10000)`,
  );
  const replacements = new Map<string, SqlFragment>();
  candidates.forEach((c, i) => {
    const n = Number(stats?.[`n${i}`] ?? 0);
    if (n === 0 || Number(stats?.[`z${i}`] ?? 0) !== n) return;
    replacements.set(
      c.name,
      c.type === "TIMESTAMP"
        ? sql`timezone('UTC', ${ident(c.name)})`
        : sql`cast(${ident(c.name)} as timestamptz)`,
    );
  });
  await replaceColumns(session, target, replacements);
}

/** Loads a Parquet file into a new table inside the caller's transaction. */
export async function loadParquet(
  session: SqlSession,
  file: InspectedFile,
  target: { schema: string; table: string },
): Promise<TableLoad> {
  try {
    await session.run(
      sql`create table ${ident(target.schema, target.table)} as select * from read_parquet(${file.path})`,
    );
  } catch (error) {
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    throw new AppError(
      "PARSE_ERROR",
      `${file.name}: not a readable Parquet file (${message.replace(/^[A-Za-z ]+ Error: /, "")}); export it again.`,
      { file: file.name },
      { cause: error },
    );
  }
  const rows = Number(await session.value(sql`select count(*) from ${ident(target.schema, target.table)}`));
  return { rows, rejects: [], columns: await session.columns(target.schema, target.table), warnings: [] };
}
