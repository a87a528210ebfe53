import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../../core/index.js";
import { columnLetters, type ReadXlsxOptions, readXlsx } from "./read-xlsx.js";

const fixtures = resolve(import.meta.dirname, "../../../test/fixtures/malformed/xlsx");
const temp = mkdtempSync(join(tmpdir(), "opsloop-xlsx-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let serial = 0;

/** Writes a workbook built by `fill` to a temporary .xlsx file and returns its path. */
async function workbook(fill: (book: ExcelJS.Workbook) => void): Promise<string> {
  const book = new ExcelJS.Workbook();
  fill(book);
  const path = join(temp, `book-${++serial}.xlsx`);
  await book.xlsx.writeFile(path);
  return path;
}

async function sheet(rows: unknown[][], name = "Sheet1"): Promise<string> {
  return workbook((book) => {
    book.addWorksheet(name).addRows(rows);
  });
}

function read(path: string, options: Partial<ReadXlsxOptions> = {}) {
  return readXlsx(path, { fileName: "orders.xlsx", skipBadRows: false, ...options });
}

async function failure(path: string, options: Partial<ReadXlsxOptions> = {}): Promise<AppError> {
  try {
    await read(path, options);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the workbook was read without an error");
}

const day = (y: number, m: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, m - 1, d, h, mi));

describe("reading a worksheet as a table", () => {
  it("types each column from the values it holds", async () => {
    const path = await sheet([
      ["id", "price", "paid", "ordered at", "due", "customer"],
      [1, 2.5, true, day(2024, 1, 31, 9, 30), day(2024, 2, 1), "Ann"],
      [2, 3, false, day(2024, 2, 1, 17, 5), day(2024, 2, 2), "Bob"],
      [3, null, true, null, null, null],
    ]);
    const table = await read(path);
    expect(table.sheet).toBe("Sheet1");
    expect(table.sheets).toEqual(["Sheet1"]);
    expect(table.headerRow).toBe(1);
    expect(table.columns).toEqual([
      { name: "id", type: "BIGINT" },
      { name: "price", type: "DOUBLE" },
      { name: "paid", type: "BOOLEAN" },
      { name: "ordered at", type: "TIMESTAMP" },
      { name: "due", type: "DATE" },
      { name: "customer", type: "VARCHAR" },
    ]);
    expect(table.rows).toEqual([
      [1, 2.5, true, Date.UTC(2024, 0, 31, 9, 30) * 1000, Date.UTC(2024, 1, 1) * 1000, "Ann"],
      [2, 3, false, Date.UTC(2024, 1, 1, 17, 5) * 1000, Date.UTC(2024, 1, 2) * 1000, "Bob"],
      [3, null, true, null, null, null],
    ]);
    expect(table.rowNumbers).toEqual([2, 3, 4]);
    expect(table.rejects).toEqual([]);
  });

  it("takes the first non-empty row as the header, wherever the table starts", async () => {
    const path = await workbook((book) => {
      const ws = book.addWorksheet("Report");
      ws.getCell("C3").value = "  region ";
      ws.getCell("E3").value = "sales";
      ws.getCell("C4").value = "north";
      ws.getCell("D4").value = 7;
      ws.getCell("E4").value = 10;
      ws.getCell("C6").value = "south";
      ws.getCell("E6").value = 12;
    });
    const table = await read(path);
    expect(table.headerRow).toBe(3);
    expect(table.columns).toEqual([
      { name: "region", type: "VARCHAR" },
      { name: "column_4", type: "BIGINT" },
      { name: "sales", type: "BIGINT" },
    ]);
    expect(table.rows).toEqual([
      ["north", 7, 10],
      ["south", null, 12],
    ]);
    expect(table.rowNumbers).toEqual([4, 6]);
  });

  it("names repeated headers name_1, name_2 as DuckDB does", async () => {
    const path = await sheet([
      ["amount", "amount", "amount_1", "amount", ""],
      [1, 2, 3, 4, 5],
    ]);
    expect((await read(path)).columns.map((c) => c.name)).toEqual([
      "amount",
      "amount_1",
      "amount_1_1",
      "amount_2",
      "column_5",
    ]);
  });

  it("uses cached formula results, rich text, hyperlink text and Excel errors", async () => {
    const path = await workbook((book) => {
      const ws = book.addWorksheet("Sheet1");
      ws.addRow(["total", "note", "link", "ratio"]);
      ws.addRow([
        { formula: "2*21", result: 42 },
        { richText: [{ text: "very " }, { text: "urgent", font: { bold: true } }] },
        { text: "site", hyperlink: "https://example.com" },
        { error: "#DIV/0!" },
      ]);
      ws.addRow([{ formula: "1+1", result: 2 }, "plain", "x", 0.5]);
    });
    const table = await read(path, { skipBadRows: true });
    expect(table.columns).toEqual([
      { name: "total", type: "BIGINT" },
      { name: "note", type: "VARCHAR" },
      { name: "link", type: "VARCHAR" },
      { name: "ratio", type: "VARCHAR" },
    ]);
    expect(table.rows).toEqual([
      [42, "very urgent", "site", "#DIV/0!"],
      [2, "plain", "x", "0.5"],
    ]);
  });

  it("keeps a merged data cell's value in its first cell only, as Excel stores it", async () => {
    const path = await workbook((book) => {
      const ws = book.addWorksheet("Sheet1");
      ws.addRows([
        ["region", "n"],
        ["north", 1],
        [null, 2],
        ["south", 3],
      ]);
      ws.mergeCells("A2:A3");
    });
    expect((await read(path)).rows).toEqual([
      ["north", 1],
      [null, 2],
      ["south", 3],
    ]);
  });

  it("reads the sheet asked for, by exact or case-insensitive name", async () => {
    const path = await workbook((book) => {
      book.addWorksheet("Sales").addRows([["a"], [1]]);
      book.addWorksheet("Returns").addRows([["b"], [2]]);
    });
    expect((await read(path)).sheet).toBe("Sales");
    expect((await read(path, { sheet: "Returns" })).rows).toEqual([[2]]);
    expect((await read(path, { sheet: " returns" })).sheet).toBe("Returns");
    const error = await failure(path, { sheet: "Orders" });
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe(
      'orders.xlsx: the workbook has no sheet "Orders"; its sheets are "Sales", "Returns" — give one of those sheet names',
    );
    expect(error.details.sheets).toEqual(["Sales", "Returns"]);
  });
});

describe("bad cells", () => {
  /** 19 numbers and one text cell in "amount" (95% agree), at row 17 = C17. */
  async function amounts(): Promise<string> {
    const rows: unknown[][] = [["order", "customer", "amount"]];
    for (let k = 0; k < 20; k++) rows.push([k + 1, `c${k}`, k === 15 ? "n/a" : 10 + k]);
    return sheet(rows);
  }

  it("fails with the sheet, cell, column and what was found", async () => {
    const error = await failure(await amounts());
    expect(error.code).toBe("BAD_ROWS");
    expect(error.message).toContain(
      'orders.xlsx [Sheet1] C17: expected a number like the other 19 values in "amount", found text "n/a"',
    );
    expect(error.details.problems).toEqual([
      {
        file: "orders.xlsx [Sheet1]",
        line: 17,
        column: 3,
        field: "amount",
        message: 'C17: expected a number like the other 19 values in "amount", found text "n/a"',
        fix: "put a number in the cell, or clear it if there is no value",
      },
    ]);
  });

  it("moves rows with bad cells to rejects when asked to skip them", async () => {
    const table = await read(await amounts(), { skipBadRows: true });
    expect(table.columns[2]).toEqual({ name: "amount", type: "BIGINT" });
    expect(table.rows).toHaveLength(19);
    expect(table.rowNumbers).not.toContain(17);
    expect(table.rejects).toEqual([
      {
        row: 17,
        cell: "C17",
        message: 'expected a number like the other 19 values in "amount", found text "n/a"',
      },
    ]);
  });

  it("lists at most 20 bad cells in the message and the total", async () => {
    const rows: unknown[][] = [["when", "n"]];
    for (let k = 0; k < 300; k++) rows.push([k % 12 === 0 ? "soon" : day(2024, 1, 1 + (k % 28)), k]);
    const error = await failure(await sheet(rows));
    expect(error.message.split("\n")).toHaveLength(22);
    expect(error.message).toContain("25 cells do not match the type of their column in 25 rows");
    expect(error.message).toContain("… and 5 more (see details.problems)");
    expect(error.message).toContain(
      'A2: expected a date like the other 275 values in "when", found text "soon"',
    );
    expect(error.details.totalProblems).toBe(25);
  });

  it("says when a number is stored as text", async () => {
    const rows: unknown[][] = [["n"]];
    for (let k = 0; k < 30; k++) rows.push([k === 3 ? "12" : k]);
    const error = await failure(await sheet(rows));
    expect((error.details.problems as { fix: string }[])[0]?.fix).toContain("stored as text");
  });

  it("makes a column text when fewer than 90% of its values agree", async () => {
    const rows: unknown[][] = [["code"]];
    for (let k = 0; k < 10; k++) rows.push([k < 8 ? k : `X${k}`]);
    const table = await read(await sheet(rows));
    expect(table.columns).toEqual([{ name: "code", type: "VARCHAR" }]);
    expect(table.rows.map((r) => r[0])).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "X8", "X9"]);
  });

  it("keeps a column typed at exactly 90% agreement", async () => {
    const rows: unknown[][] = [["flag"]];
    for (let k = 0; k < 10; k++) rows.push([k < 9 ? k % 2 === 0 : "maybe"]);
    const table = await read(await sheet(rows), { skipBadRows: true });
    expect(table.columns).toEqual([{ name: "flag", type: "BOOLEAN" }]);
    expect(table.rejects).toEqual([
      {
        row: 11,
        cell: "A11",
        message: 'expected TRUE or FALSE like the other 9 values in "flag", found text "maybe"',
      },
    ]);
  });
});

describe("workbooks that cannot be read as a table", () => {
  it("refuses merged cells in the header row, naming the range", async () => {
    const path = await workbook((book) => {
      const ws = book.addWorksheet("Sheet1");
      ws.addRow([null, "Order", null, null, "amount"]);
      ws.addRow([null, 1, "Ann", "x", 3]);
      ws.mergeCells("B1:D1");
    });
    const error = await failure(path);
    expect(error.code).toBe("XLSX_INVALID");
    expect(error.message).toBe(
      "orders.xlsx [Sheet1] B1:D1: the header row (row 1) has merged cells — unmerge them and give each column its own name in its own cell",
    );
  });

  it("refuses a password-protected workbook", async () => {
    // An encrypted workbook is a Compound File holding an "EncryptedPackage" stream.
    const bytes = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes);
    Buffer.from("EncryptedPackage", "utf16le").copy(bytes, 1024);
    const path = join(temp, "locked.xlsx");
    writeFileSync(path, bytes);
    const error = await failure(path);
    expect(error.code).toBe("XLSX_INVALID");
    expect(error.message).toContain("orders.xlsx: the workbook is password-protected");
  });

  it("refuses text saved with an .xlsx name, and says it may be CSV", async () => {
    const path = join(temp, "text.xlsx");
    writeFileSync(path, "id,amount\n1,2\n");
    const error = await failure(path);
    expect(error.code).toBe("XLSX_INVALID");
    expect(error.message).toContain("it looks like text");
  });

  it("refuses a file that does not exist", async () => {
    expect((await failure(join(temp, "nothing.xlsx"))).code).toBe("FILE_NOT_FOUND");
  });

  it("names columns by Excel letters", () => {
    expect([1, 26, 27, 52, 53, 702, 703, 16384].map(columnLetters)).toEqual([
      "A",
      "Z",
      "AA",
      "AZ",
      "BA",
      "ZZ",
      "AAA",
      "XFD",
    ]);
  });
});

describe("malformed XLSX files", () => {
  const cases = JSON.parse(readFileSync(join(fixtures, "cases.json"), "utf8")) as {
    file: string;
    options?: { sheet?: string };
    code: string;
    message: string;
  }[];

  it("has at least 6 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });

  it.each(cases.map((c) => [c.file, c] as const))("%s fails with its own precise error", async (_name, c) => {
    const error = await failure(join(fixtures, c.file), { fileName: c.file, ...c.options });
    expect(error.code).toBe(c.code);
    expect(error.message).toContain(c.message);
    expect((error.details.problems as unknown[]).length).toBeGreaterThan(0);
  });
});
