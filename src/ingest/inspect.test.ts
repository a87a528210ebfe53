import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { detectDelimiter, parseDelimiter } from "./csv.js";
import { suggestName } from "./import-file.js";
import { firstInvalidUtf8, inspectFile, positionOf } from "./inspect.js";
import { findJsonError } from "./json-syntax.js";

const dir = mkdtempSync(join(tmpdir(), "opsloop-inspect-"));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("inspectFile", () => {
  it("recognises formats by their content before their name", async () => {
    expect((await inspectFile(file("a.txt", "id,x\n1,2\n"))).format).toBe("csv");
    expect((await inspectFile(file("a.data", '[{"id":1}]'))).format).toBe("json");
    expect((await inspectFile(file("a.log", '{"id":1}\n{"id":2}\n'))).format).toBe("ndjson");
    expect((await inspectFile(file("log.gz", gzipSync('<?xml version="1.0"?><log></log>')))).format).toBe(
      "xes",
    );
    expect(
      (await inspectFile(file("p.bin", Buffer.concat([Buffer.from("PAR1"), Buffer.alloc(20)])))).format,
    ).toBe("parquet");
    const tsv = await inspectFile(file("a.tsv", "id\tx\n1\t2\n"));
    expect(tsv.format).toBe("tsv");
  });

  it("accepts a UTF-8 byte-order mark and detects UTF-16", async () => {
    expect((await inspectFile(file("bom.csv", "\uFEFFid,x\n1,2\n"))).encoding).toBe("utf-8");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("id,x\n1,2\n", "utf16le")]);
    expect((await inspectFile(file("u16.csv", utf16))).encoding).toBe("utf-16");
  });

  it("points at the first byte that is not UTF-8", () => {
    const bytes = Buffer.from([0x61, 0x0a, 0x62, 0x63, 0xe9, 0x0a]);
    expect(firstInvalidUtf8(bytes, true)).toBe(4);
    expect(positionOf(bytes, 4)).toEqual({ line: 2, column: 3 });
    // A multi-byte character cut off at the end of a chunk is not an error.
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc3]), false)).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from("héllo wörld €", "utf8"), true)).toBe(-1);
  });
});

describe("detectDelimiter", () => {
  it("takes the delimiter of the header that the rows agree with", () => {
    expect(detectDelimiter("a;b;c\n1;2,5;3\n4;5,1;6\n", ",")).toBe(";");
    expect(detectDelimiter("a,b,c\n1,2,3\n4,5\n7,8,9\n", ",")).toBe(",");
    expect(detectDelimiter('name|note\n"x|y"|z\nq|r\n', ",")).toBe("|");
    expect(detectDelimiter("a\tb\n1\t2\n", ",")).toBe("\t");
  });

  it("reads named delimiters and refuses long ones", () => {
    expect(parseDelimiter("tab")).toBe("\t");
    expect(parseDelimiter("\\t")).toBe("\t");
    expect(parseDelimiter(";")).toBe(";");
    expect(() => parseDelimiter(";;")).toThrow(/one character/);
  });
});

describe("findJsonError", () => {
  it("finds where and why JSON breaks", () => {
    expect(findJsonError('{"a": 1,}')).toEqual({
      offset: 8,
      message: 'expected a "quoted" property name, found "}"',
    });
    expect(findJsonError("[1, 2")).toEqual({ offset: 5, message: 'expected "," or "]", the text ends' });
    expect(findJsonError('{"a": "line\nbreak"}')?.message).toContain("line break");
    expect(findJsonError('[{"a": tru}]')?.offset).toBe(7);
    expect(findJsonError('{"a": [1, {"b": null}], "c": -1.5e3}')).toBeUndefined();
  });
});

describe("suggestName", () => {
  it("makes a dataset name from a file name", () => {
    expect(suggestName("Bread Basket (2017).csv")).toBe("bread_basket_2017");
    expect(suggestName("2024-sales.CSV.gz")).toBe("d_2024_sales");
    expect(suggestName("Café Überweisung.xlsx")).toBe("cafe_uberweisung");
  });
});
