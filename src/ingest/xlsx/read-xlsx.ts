/**
 * Reads one worksheet of an XLSX workbook as a typed table: the first non-empty row names the columns,
 * the rows below it are the data, and each column gets the type its values share.
 *
 * A column whose values nearly all (90% or more) share a type keeps that type, and the few cells that
 * do not fit are bad cells: they fail the read (BAD_ROWS) or, with `skipBadRows`, move their rows to
 * `rejects`. Below 90% agreement the column is text. A sheet with column names but no rows is empty
 * (FILE_EMPTY), as it is for CSV files. Cells merged into another cell below the header hold no value
 * of their own (Excel stores the value in the first cell only); merged cells in the header are refused.
 */

import { readFile, stat } from "node:fs/promises";
import ExcelJS from "exceljs";
import { AppError, type Problem } from "../../core/index.js";

export type XlsxColumnType = "BIGINT" | "DOUBLE" | "BOOLEAN" | "TIMESTAMP" | "DATE" | "VARCHAR";

export interface XlsxColumn {
  name: string;
  type: XlsxColumnType;
}

/**
 * A cell value typed per its column: BIGINT and DOUBLE → number; BOOLEAN → boolean; VARCHAR → string;
 * TIMESTAMP and DATE → epoch microseconds (number) of the wall-clock time shown in Excel, read as UTC
 * (spreadsheets have no time zones; DATE values are at midnight); null for an empty cell.
 */
export type XlsxValue = string | number | boolean | null;

export interface XlsxReject {
  /** 1-based row number in the sheet. */
  row: number;
  /** Address of the (first) bad cell, e.g. "C17". */
  cell: string;
  /** What is wrong, for every bad cell of the row. */
  message: string;
}

export interface XlsxTable {
  /** The sheet that was read. */
  sheet: string;
  /** Every sheet in the workbook, in order. */
  sheets: string[];
  columns: XlsxColumn[];
  /** One array per good row, one value per column. */
  rows: XlsxValue[][];
  /** 1-based sheet row of each good row. */
  rowNumbers: number[];
  /** Rows left out because of bad cells (only with `skipBadRows`). */
  rejects: XlsxReject[];
  /** 1-based sheet row of the header. */
  headerRow: number;
}

export interface ReadXlsxOptions {
  /** The file's name as the user knows it; every message starts with it. */
  fileName: string;
  /** The sheet to read; the first worksheet when absent. */
  sheet?: string;
  /** Leave rows with bad cells out (into `rejects`) instead of failing. */
  skipBadRows: boolean;
}

/** Problems listed in a BAD_ROWS message; all of them are in details.problems. */
const MESSAGE_PROBLEMS = 20;
/** Share of a column's values that must agree on a type for the column to keep it. */
const AGREEMENT = 0.9;

type Kind = "number" | "boolean" | "date" | "text" | "error";

/** A cell value reduced to what typing needs. */
interface Cell {
  kind: Kind;
  /** number for number and date (epoch ms of the wall-clock time), boolean, or text (also error text). */
  value: number | boolean | string;
}

function fail(
  code: "XLSX_INVALID" | "FILE_NOT_FOUND" | "FILE_EMPTY" | "NOT_FOUND",
  problem: Problem,
  extra = {},
) {
  const place = problem.file ?? "";
  const fix = problem.fix ? ` — ${problem.fix}` : "";
  return new AppError(code, `${place}: ${problem.message}${fix}`, { problems: [problem], ...extra });
}

/** Column letters of a 1-based column number: 1 → A, 28 → AB. */
export function columnLetters(column: number): string {
  let letters = "";
  let n = column;
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Reads a worksheet as a typed table. */
export async function readXlsx(path: string, options: ReadXlsxOptions): Promise<XlsxTable> {
  const { fileName } = options;
  const bytes = await readWorkbookBytes(path, fileName);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw fail(
      "XLSX_INVALID",
      {
        file: fileName,
        message: `the file is not a valid XLSX workbook (${detail.replace(/\s+/g, " ").trim()})`,
        fix: "the file may be damaged or cut off; open it in Excel or LibreOffice and save it again as .xlsx, or export the sheet as CSV",
      },
      { cause: detail },
    );
  }
  const sheets = workbook.worksheets.map((sheet) => sheet.name);
  if (sheets.length === 0) {
    throw fail("FILE_EMPTY", {
      file: fileName,
      message: "the workbook has no worksheets",
      fix: "add a sheet with a header row and data, or export the data again",
    });
  }
  const worksheet = pickSheet(workbook, sheets, options);
  const sheetName = worksheet.name;
  const place = `${fileName} [${sheetName}]`;

  // Collect the non-empty cells row by row.
  const grid: { row: number; cells: (Cell | null)[] }[] = [];
  let firstColumn = Number.POSITIVE_INFINITY;
  let lastColumn = 0;
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: (Cell | null)[] = [];
    let any = false;
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      // A cell merged into another shows the other's value but holds none itself, as Excel stores it.
      if (cell.type === ExcelJS.ValueType.Merge) return;
      const value = cellOf(cell.value);
      if (value === null) return;
      cells[column] = value;
      any = true;
      if (column < firstColumn) firstColumn = column;
      if (column > lastColumn) lastColumn = column;
    });
    if (any) grid.push({ row: rowNumber, cells });
  });
  const header = grid[0];
  if (header === undefined) {
    throw fail("FILE_EMPTY", {
      file: place,
      message: "the sheet is empty",
      fix:
        sheets.length > 1
          ? `choose a sheet with data; the workbook has ${sheets.map((s) => `"${s}"`).join(", ")}`
          : "put a header row and data in the sheet, or export the data again",
    });
  }
  checkHeaderMerges(worksheet, header.row, lastColumn, place, fileName);

  const width = lastColumn - firstColumn + 1;
  const names = columnNames(header.cells, firstColumn, width);
  const body = grid.slice(1);
  if (body.length === 0) {
    throw fail("FILE_EMPTY", {
      file: place,
      message: `the sheet has column names (row ${header.row}) but no rows`,
      fix: "add data below the header row, or export the data again",
    });
  }

  // Type each column from its values.
  const columns: XlsxColumn[] = [];
  const expected: (Kind | null)[] = [];
  const agreeing: number[] = [];
  for (let c = 0; c < width; c++) {
    const counts: Record<Kind, number> = { number: 0, boolean: 0, date: 0, text: 0, error: 0 };
    let integers = true;
    let midnights = true;
    let total = 0;
    for (const { cells } of body) {
      const cell = cells[firstColumn + c];
      if (cell === null || cell === undefined) continue;
      counts[cell.kind]++;
      total++;
      if (cell.kind === "number" && !Number.isSafeInteger(cell.value)) integers = false;
      if (cell.kind === "date" && (cell.value as number) % 86_400_000 !== 0) midnights = false;
    }
    let major: Kind = "text";
    for (const kind of ["number", "date", "boolean", "text"] as const) {
      if (counts[kind] > counts[major]) major = kind;
    }
    const share = total === 0 ? 1 : counts[major] / total;
    let type: XlsxColumnType = "VARCHAR";
    if (major !== "text" && share >= AGREEMENT && total > 0) {
      type =
        major === "number"
          ? integers
            ? "BIGINT"
            : "DOUBLE"
          : major === "boolean"
            ? "BOOLEAN"
            : midnights
              ? "DATE"
              : "TIMESTAMP";
      expected.push(major);
    } else {
      expected.push(null);
    }
    agreeing.push(counts[major]);
    columns.push({ name: names[c] ?? `column_${firstColumn + c}`, type });
  }

  const rows: XlsxValue[][] = [];
  const rowNumbers: number[] = [];
  const rejects: XlsxReject[] = [];
  const problems: Problem[] = [];
  const lines: string[] = [];
  for (const { row, cells } of body) {
    const values: XlsxValue[] = new Array<XlsxValue>(width).fill(null);
    const bad: { cell: string; message: string }[] = [];
    for (let c = 0; c < width; c++) {
      const cell = cells[firstColumn + c];
      if (cell === null || cell === undefined) continue;
      const kind = expected[c] ?? null;
      const column = columns[c] as XlsxColumn;
      if (kind === null) {
        values[c] = textOf(cell);
      } else if (cell.kind === kind) {
        values[c] = kind === "date" ? (cell.value as number) * 1000 : cell.value;
      } else {
        const address = `${columnLetters(firstColumn + c)}${row}`;
        const others = agreeing[c] ?? 0;
        const message = `expected ${describeKind(kind)} like the other ${others} value${others === 1 ? "" : "s"} in "${column.name}", found ${describeCell(cell)}`;
        bad.push({ cell: address, message });
        problems.push({
          file: place,
          line: row,
          column: firstColumn + c,
          field: column.name,
          message: `${address}: ${message}`,
          fix: fixFor(kind, cell),
        });
        if (lines.length < MESSAGE_PROBLEMS) lines.push(`${place} ${address}: ${message}`);
      }
    }
    if (bad.length === 0) {
      rows.push(values);
      rowNumbers.push(row);
    } else {
      const first = bad[0] as { cell: string; message: string };
      rejects.push({
        row,
        cell: first.cell,
        message: bad.length === 1 ? first.message : bad.map((b) => `${b.cell}: ${b.message}`).join("; "),
      });
    }
  }

  if (problems.length > 0 && !options.skipBadRows) {
    const more = problems.length - lines.length;
    const summary = `${problems.length} cell${problems.length === 1 ? " does" : "s do"} not match the type of ${problems.length === 1 ? "its" : "their"} column in ${rejects.length} row${rejects.length === 1 ? "" : "s"}`;
    const tail = more > 0 ? [`… and ${more} more (see details.problems)`] : [];
    const fix =
      "correct the cells in the workbook, or import with skipBadRows (--skip-bad-rows) to leave those rows out";
    throw new AppError("BAD_ROWS", [`${place}: ${summary} — ${fix}`, ...lines, ...tail].join("\n"), {
      problems,
      totalProblems: problems.length,
      rejectedRows: rejects.length,
    });
  }

  return {
    sheet: sheetName,
    sheets,
    columns,
    rows,
    rowNumbers,
    rejects: options.skipBadRows ? rejects : [],
    headerRow: header.row,
  };
}

async function readWorkbookBytes(path: string, fileName: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw fail("FILE_NOT_FOUND", {
        file: fileName,
        message: "this is not a file (a folder?)",
        fix: "give the path of an .xlsx file",
      });
    }
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw fail("FILE_NOT_FOUND", {
      file: fileName,
      message:
        code === "ENOENT" ? "the file does not exist" : `the file cannot be read (${code ?? String(error)})`,
      fix: "check the path and that opsloop may read the file",
    });
  }
  if (bytes.length === 0) {
    throw fail("FILE_EMPTY", {
      file: fileName,
      message: "the file is empty (0 bytes)",
      fix: "export the workbook again",
    });
  }
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    // A Compound File: either an old .xls workbook or an encrypted (password-protected) .xlsx.
    if (bytes.includes(Buffer.from("EncryptedPackage", "utf16le"))) {
      throw fail("XLSX_INVALID", {
        file: fileName,
        message: "the workbook is password-protected (encrypted), so it cannot be read",
        fix: "open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password, clear it), save it and import it again",
      });
    }
    throw fail("XLSX_INVALID", {
      file: fileName,
      message: "the file is an old Excel 97–2003 (.xls) workbook, not .xlsx",
      fix: "open it in a spreadsheet program and save it as .xlsx or CSV",
    });
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
    const looksText = !bytes.subarray(0, 256).some((byte) => byte < 9 || (byte > 13 && byte < 32));
    throw fail("XLSX_INVALID", {
      file: fileName,
      message: `the file is not an XLSX workbook (an .xlsx file is a zip archive starting with "PK")${looksText ? "; it looks like text" : ""}`,
      fix: looksText
        ? "if it is CSV or tab-separated text, import it as CSV; otherwise save it from Excel as .xlsx"
        : "open it in a spreadsheet program and save it as .xlsx or CSV",
    });
  }
  return bytes;
}

function pickSheet(
  workbook: ExcelJS.Workbook,
  sheets: string[],
  options: ReadXlsxOptions,
): ExcelJS.Worksheet {
  const wanted = options.sheet;
  if (wanted === undefined) return workbook.worksheets[0] as ExcelJS.Worksheet;
  const exact = workbook.worksheets.find((sheet) => sheet.name === wanted);
  if (exact !== undefined) return exact;
  const loose = workbook.worksheets.filter(
    (sheet) => sheet.name.trim().toLowerCase() === wanted.trim().toLowerCase(),
  );
  if (loose.length === 1) return loose[0] as ExcelJS.Worksheet;
  const list = sheets.map((sheet) => `"${sheet}"`).join(", ");
  throw fail(
    "NOT_FOUND",
    {
      file: options.fileName,
      message: `the workbook has no sheet "${wanted}"; its sheets are ${list}`,
      fix: "give one of those sheet names",
    },
    { sheets },
  );
}

/** Refuses merged cells in the header row: a merged title spans columns that then have no names. */
function checkHeaderMerges(
  worksheet: ExcelJS.Worksheet,
  headerRow: number,
  lastColumn: number,
  place: string,
  fileName: string,
): void {
  if (!worksheet.hasMerges) return;
  const row = worksheet.getRow(headerRow);
  const ranges: string[] = [];
  const seen = new Set<string>();
  for (let column = 1; column <= Math.max(lastColumn, row.cellCount); column++) {
    const cell = row.getCell(column);
    if (!cell.isMerged) continue;
    const master = cell.master;
    if (seen.has(master.address)) continue;
    seen.add(master.address);
    // The range: from the master, right and down while cells merge into it.
    let right = Number(master.col);
    while (worksheet.getCell(Number(master.row), right + 1).isMergedTo(master)) right++;
    let down = Number(master.row);
    while (worksheet.getCell(down + 1, Number(master.col)).isMergedTo(master)) down++;
    const end = `${columnLetters(right)}${down}`;
    ranges.push(end === master.address ? master.address : `${master.address}:${end}`);
  }
  if (ranges.length > 0) {
    const problem: Problem = {
      file: place,
      line: headerRow,
      message: `the header row (row ${headerRow}) has merged cells ${ranges.join(", ")}`,
      fix: "unmerge them and give each column its own name in its own cell",
    };
    throw new AppError(
      "XLSX_INVALID",
      `${place} ${ranges.join(", ")}: the header row (row ${headerRow}) has merged cells — unmerge them and give each column its own name in its own cell`,
      { problems: [problem], file: fileName },
    );
  }
}

/** Header names: trimmed text; empty → column_N; repeated names get _1, _2, … as DuckDB does. */
function columnNames(cells: (Cell | null)[], firstColumn: number, width: number): string[] {
  const names: string[] = [];
  const used = new Set<string>();
  for (let c = 0; c < width; c++) {
    const cell = cells[firstColumn + c];
    let name = cell === null || cell === undefined ? "" : textOf(cell).trim();
    if (name === "") name = `column_${firstColumn + c}`;
    let unique = name;
    for (let k = 1; used.has(unique); k++) unique = `${name}_${k}`;
    used.add(unique);
    names.push(unique);
  }
  return names;
}

/** Reduces an exceljs value to a typed cell; null for an empty one. */
function cellOf(value: ExcelJS.CellValue): Cell | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? { kind: "number", value } : null;
  if (typeof value === "string") return value.trim() === "" ? null : { kind: "text", value };
  if (typeof value === "boolean") return { kind: "boolean", value };
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? null : { kind: "date", value: ms };
  }
  if ("error" in value) return { kind: "error", value: String(value.error) };
  if ("richText" in value) {
    const text = value.richText.map((part) => part.text).join("");
    return text.trim() === "" ? null : { kind: "text", value: text };
  }
  if ("hyperlink" in value) {
    const text: unknown = value.text;
    if (typeof text === "string") return text.trim() === "" ? null : { kind: "text", value: text };
    return cellOf(text as ExcelJS.CellValue);
  }
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    return result === undefined ? null : cellOf(result as ExcelJS.CellValue);
  }
  return null;
}

/** A cell's value as text, for text columns and header names. */
function textOf(cell: Cell): string {
  switch (cell.kind) {
    case "text":
    case "error":
      return cell.value as string;
    case "boolean":
      return cell.value ? "TRUE" : "FALSE";
    case "number":
      return String(cell.value);
    case "date": {
      const iso = new Date(cell.value as number).toISOString();
      return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19).replace("T", " ");
    }
  }
}

function describeKind(kind: Kind): string {
  switch (kind) {
    case "number":
      return "a number";
    case "date":
      return "a date";
    case "boolean":
      return "TRUE or FALSE";
    default:
      return "text";
  }
}

function describeCell(cell: Cell): string {
  switch (cell.kind) {
    case "text":
      return `text ${JSON.stringify(cell.value)}`;
    case "error":
      return `the Excel error ${cell.value}`;
    case "boolean":
      return cell.value ? "TRUE" : "FALSE";
    case "number":
      return `the number ${cell.value}`;
    case "date":
      return `the date ${textOf(cell)}`;
  }
}

function fixFor(kind: Kind, cell: Cell): string {
  if (kind === "number" && cell.kind === "text" && /^\s*[+-]?\d+([.,]\d+)?\s*$/.test(cell.value as string)) {
    return "the number is stored as text; in Excel choose Convert to Number, or retype it";
  }
  if (kind === "date" && cell.kind === "text") {
    return "the date is stored as text; retype it as a date Excel recognises, or clear the cell";
  }
  return `put ${describeKind(kind)} in the cell, or clear it if there is no value`;
}
