import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../core/index.js";
import { readSummaryFile } from "./summary-file.js";

const dir = mkdtempSync(join(tmpdir(), "opsloop-summary-"));
let count = 0;
function file(text: string | Buffer): string {
  const path = join(dir, `s${count++}.csv`);
  writeFileSync(path, text);
  return path;
}

function error(text: string | Buffer): AppError {
  const path = file(text);
  try {
    readSummaryFile(path);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an error");
}

describe("readSummaryFile", () => {
  it("reads a mean metric, control first", () => {
    const s = readSummaryFile(
      file("variant,users,sum,sum_squares\nA,3407,1396.87,52377.9767\nB,3461,2422.7,134698.29\n"),
    );
    expect(s.variants).toEqual([
      { name: "A", weight: 1 },
      { name: "B", weight: 1 },
    ]);
    expect(s.units).toEqual([3407, 3461]);
    expect(s.metrics[0]?.type).toBe("mean");
    expect(s.metrics[0]?.arms[1]).toEqual({ n: 3461, sum: 2422.7, sumSquares: 134698.29 });
  });

  it("detects proportions (sum of squares equals conversions), reads weights, BOM and CRLF", () => {
    const s = readSummaryFile(
      file("\uFEFFvariant,users,sum,sum_squares,weight\r\ncontrol,1000,30,30,2\r\nnew,500,20,20,1\r\n"),
    );
    expect(s.metrics[0]?.type).toBe("proportion");
    expect(s.variants.map((v) => v.weight)).toEqual([2, 1]);
  });

  it("reads several metrics, ratio and CUPED columns", () => {
    const s = readSummaryFile(
      file(
        [
          "metric,variant,users,sum,sum_squares,denominator_sum,denominator_sum_squares,sum_product",
          "aov,control,100,500,3000,90,90,480",
          "aov,test,100,520,3100,92,92,500",
          "items,control,100,300,1200,100,100,300",
          "items,test,100,310,1250,100,100,310",
        ].join("\n"),
      ),
    );
    expect(s.metrics.map((m) => [m.name, m.type])).toEqual([
      ["aov", "ratio"],
      ["items", "ratio"],
    ]);
    expect(s.metrics[0]?.arms[0]).toMatchObject({ denominatorSum: 90, productSum: 480 });
    const cuped = readSummaryFile(
      file(
        "variant,users,sum,sum_squares,pre_sum,pre_sum_squares,pre_sum_product\nA,10,5,5,4,4,3\nB,10,6,6,4,4,4\n",
      ),
    );
    expect(cuped.metrics[0]?.arms[1]).toMatchObject({ preSum: 4, preSumSquares: 4, prePostSumProduct: 4 });
  });

  it("names the file, line and column of bad input", () => {
    expect(error("").code).toBe("FILE_EMPTY");
    const missing = error("variant,users,sum\nA,1,1\nB,1,1\n");
    expect(missing.message).toMatch(/s\d+\.csv:1:1: missing column sum_squares/);
    const unknown = error("variant,users,sum,sum_squares,revenue\nA,1,1,1,1\nB,1,1,1,1\n");
    expect(unknown.message).toContain('unknown column "revenue"');
    const bad = error("variant,users,sum,sum_squares\nA,10,1,1\nB,ten,1,1\n");
    expect(bad.message).toMatch(/s\d+\.csv:3:2: users must be a number; got "ten"/);
    expect(error("variant,users,sum,sum_squares\nA,10.5,1,1\nB,10,1,1\n").message).toContain(
      "users must be a whole number",
    );
    expect(error("variant,users,sum,sum_squares\nA,10,1,1\nA,10,1,1\n").message).toMatch(
      /:3:1: variant "A" is listed twice/,
    );
    expect(error("variant,users,sum,sum_squares\nA,10,1,1\n").message).toContain("needs at least two rows");
    expect(error("variant,users,sum,sum_squares\nA,10,1\nB,10,1,1\n").message).toMatch(
      /:2:1: 3 fields where the header has 4/,
    );
    // Σx² can never be below (Σx)²/n.
    expect(error("variant,users,sum,sum_squares\nA,10,100,10\nB,10,1,1\n").message).toContain(
      "sum_squares 10 is below",
    );
    expect(
      error("variant,users,sum,sum_squares,denominator_sum\nA,10,1,1,1\nB,10,1,1,1\n").message,
    ).toContain("a ratio metric needs all of");
    expect(error(Buffer.from([0x76, 0x61, 0x72, 0xff, 0xfe, 0x0a])).code).toBe("ENCODING_INVALID");
    expect(() => readSummaryFile(join(dir, "absent.csv"))).toThrow(/no such file/);
  });
});
