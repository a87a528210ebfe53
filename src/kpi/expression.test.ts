import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../core/errors.js";
import { type ColumnInfo, compile } from "../store/index.js";
import { compileCondition, compileExpression, FUNCTIONS } from "./expression.js";

const columns: ColumnInfo[] = [
  { name: "amount", type: "DOUBLE" },
  { name: "quantity", type: "BIGINT" },
  { name: "shop", type: "VARCHAR" },
  { name: "sold_at", type: "TIMESTAMP" },
  { name: "resolved_at", type: "TIMESTAMP WITH TIME ZONE" },
  { name: "converted", type: "BOOLEAN" },
  { name: "Complete Timestamp", type: "TIMESTAMP" },
];

function text(source: string): { text: string; params: unknown[] } {
  const { text, params } = compile(compileExpression(source, columns).sql);
  return { text, params };
}

describe("KPI expressions", () => {
  it("binds every literal and quotes every column", () => {
    expect(text("if(shop = 'shop-1', amount * quantity, 0)")).toEqual({
      text: 'case when ("shop" = $1) then ("amount" * "quantity") else $2 end',
      params: ["shop-1", 0],
    });
    expect(text('"Complete Timestamp" is not null and not converted')).toEqual({
      text: '(("Complete Timestamp" is not null) and (not "converted"))',
      params: [],
    });
  });

  it("follows the usual precedence", () => {
    expect(text("1 + 2 * 3 - 4").text).toBe("(($1 + ($2 * $3)) - $4)");
    expect(text("amount > 1 and shop = 'a' or converted").text).toBe(
      '((("amount" > $1) and ("shop" = $2)) or "converted")',
    );
    expect(text("shop in ('a', 'b') and quantity not between 1 and 3").text).toBe(
      '(("shop" in ($1, $2)) and ("quantity" not between $3 and $4))',
    );
  });

  it("makes division by zero empty rather than an error", () => {
    expect(text("amount / quantity").text).toBe('("amount" / nullif("quantity", 0))');
  });

  it("knows date parts and durations", () => {
    expect(text("hour(sold_at)").text).toBe("date_part('hour', \"sold_at\")");
    expect(text("minutes_between(sold_at, resolved_at)").text).toBe(
      '(epoch("resolved_at") - epoch("sold_at")) / 60',
    );
  });

  it.each([
    ["amout * 2", 'character 1: unknown column "amout"; did you mean "amount"?'],
    ["amount +", "character 9: the expression ends too early"],
    ["amount; drop table x", 'character 7: unexpected character ";"'],
    ["shop = 'x", "character 8: text in single quotes is never closed"],
    ["sum(amount)", 'character 1: unknown function "sum"'],
    ["shop + 1", 'character 1: "+" needs a number, but this is a text'],
    ["hour(amount)", "character 6: argument 1 of hour needs a date or time, but this is a number"],
    ["if(converted, 1)", "character 1: if takes 3 arguments, not 2"],
    ["amount 1", 'character 8: unexpected "1" after a complete expression'],
    ["shop = 1", "character 6: cannot compare a text with a number"],
    ["(amount", 'character 8: expected ")" before the end'],
    ['"nope"', 'character 1: unknown column "nope"'],
    ["", "character 1: the expression is empty"],
  ])("refuses %j precisely", (source, message) => {
    expect(() => compileExpression(source, columns)).toThrow(message);
  });

  it("wants a condition where a filter goes", () => {
    expect(() => compileCondition("amount", columns)).toThrow("a filter must be true or false for each row");
    expect(compileCondition("converted", columns).type).toBe("boolean");
  });

  it("never lets a user string into the SQL text (fuzzed, 10,000 cases)", () => {
    const pieces = [
      "amount",
      "quantity",
      "shop",
      "sold_at",
      '"Complete Timestamp"',
      "converted",
      "'x'",
      "'; drop table data.sales; --'",
      "1",
      "2.5",
      "+",
      "-",
      "*",
      "/",
      "=",
      "<>",
      "<",
      ">=",
      "and",
      "or",
      "not",
      "(",
      ")",
      ",",
      "in",
      "is",
      "null",
      "between",
      "if(",
      "hour(",
      "coalesce(",
      ";",
      "--",
      "/*",
      "*/",
      '"',
      "'",
      "union select",
      "drop",
      "$1",
      "\\",
      "`",
      "\u0000",
      "ß",
      "🙂",
    ];
    const allowedWords = new Set([
      "case",
      "when",
      "then",
      "else",
      "end",
      "and",
      "or",
      "not",
      "in",
      "is",
      "null",
      "between",
      "nullif",
      "epoch",
      "date_part",
      "cast",
      "as",
      "date",
      ...Object.keys(FUNCTIONS),
    ]);
    const quoted = new Set(columns.map((c) => `"${c.name.replaceAll('"', '""')}"`));
    const arbitrary = fc.oneof(
      fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((parts) => parts.join(" ")),
      fc.string({ maxLength: 60 }),
    );
    let compiled = 0;
    fc.assert(
      fc.property(arbitrary, (source) => {
        try {
          const { text } = compile(compileExpression(source, columns).sql);
          compiled++;
          // What is left after removing quoted columns, placeholders, fixed literals and operators
          // must be whitelisted words.
          let rest = text;
          for (const q of quoted) rest = rest.replaceAll(q, " ");
          rest = rest.replace(/\$\d+/g, " ").replace(/'(hour|day|minute|month|year|quarter|isodow)'/g, " ");
          expect(rest).not.toMatch(/['";]|--|\/\*/);
          for (const word of rest.match(/[A-Za-z_]+/g) ?? [])
            expect(allowedWords.has(word.toLowerCase()), `${word} in ${text}`).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          const appError = error as AppError;
          expect(appError.code).toBe("USAGE");
          expect(appError.message).toMatch(/^expression at character \d+: /);
        }
      }),
      { numRuns: 10_000, seed: 42 },
    );
    expect(compiled).toBeGreaterThan(100);
  });
});
