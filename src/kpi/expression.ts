import { AppError, type Problem } from "../core/errors.js";
import { closest } from "../core/validation.js";
import { type ColumnInfo, ident, raw, type SqlFragment, sql } from "../store/index.js";

/**
 * KPI expressions: a small, whitelisted language over a dataset's columns, parsed into a tree and
 * compiled to SQL in which every literal is a bound parameter and every column a quoted identifier.
 *
 *   amount * quantity          if(channel = 'web', amount, 0)          hour(sold_at) between 7 and 11
 *   coalesce(discount, 0)      minutes_between(created_at, resolved_at) "Complete Timestamp" is not null
 *   category in ('bread', 'pastry') and not (shop = 'shop-2')
 */

export type ValueType = "number" | "text" | "time" | "boolean" | "null" | "any";

export type Expr =
  | { kind: "literal"; value: string | number | boolean | null; at: number }
  | { kind: "column"; name: string; at: number }
  | { kind: "unary"; op: "-" | "not"; operand: Expr; at: number }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr; at: number }
  | { kind: "call"; name: string; args: Expr[]; at: number }
  | { kind: "in"; operand: Expr; items: Expr[]; negated: boolean; at: number }
  | { kind: "between"; operand: Expr; low: Expr; high: Expr; negated: boolean; at: number }
  | { kind: "isnull"; operand: Expr; negated: boolean; at: number };

type BinaryOp = "+" | "-" | "*" | "/" | "%" | "=" | "!=" | "<" | "<=" | ">" | ">=" | "and" | "or";

interface Token {
  type: "number" | "string" | "ident" | "quoted" | "op" | "punct" | "end";
  text: string;
  value?: string | number;
  at: number;
}

const KEYWORDS = new Set(["and", "or", "not", "in", "is", "null", "true", "false", "between"]);
const MAX_LENGTH = 2000;
const MAX_DEPTH = 64;

/** An error in an expression, pointing at the character where it is. */
export function expressionError(
  source: string,
  at: number,
  message: string,
  fix?: string,
  field = "expression",
): AppError {
  const column = at + 1;
  const problem: Problem = { field, column, message, ...(fix ? { fix } : {}) };
  const pointer = `${source}\n${" ".repeat(Math.max(0, at))}^`;
  return new AppError("USAGE", `${field} at character ${column}: ${message}${fix ? `; ${fix}` : ""}`, {
    problems: [problem],
    expression: source,
    pointer,
  });
}

function tokenize(source: string, field: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(source[i + 1] ?? ""))) {
      const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?/.exec(
        source.slice(i),
      ) as RegExpExecArray;
      tokens.push({ type: "number", text: m[0], value: Number(m[0]), at: start });
      i += m[0].length;
      if (/[A-Za-z_]/.test(source[i] ?? ""))
        throw expressionError(
          source,
          i,
          "a number runs into a name",
          "put an operator or a space between them",
          field,
        );
      continue;
    }
    if (c === "'" || c === '"') {
      // Quoted text ('…') or a quoted column name ("…"); a doubled quote stands for itself.
      let value = "";
      i++;
      for (;;) {
        if (i >= source.length) {
          const what = c === "'" ? "text in single quotes" : "a column name in double quotes";
          throw expressionError(source, start, `${what} is never closed`, `add the closing ${c}`, field);
        }
        if (source[i] === c) {
          if (source[i + 1] === c) {
            value += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += source[i];
        i++;
      }
      if (c === "'") {
        tokens.push({ type: "string", text: source.slice(start, i), value, at: start });
        continue;
      }
      const name = value;
      if (name === "")
        throw expressionError(
          source,
          start,
          "an empty column name",
          "write the column's name between the quotes",
          field,
        );
      tokens.push({ type: "quoted", text: source.slice(start, i), value: name, at: start });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ type: "ident", text: m[0], at: start });
      i += m[0].length;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (["<=", ">=", "!=", "<>", "=="].includes(two)) {
      tokens.push({ type: "op", text: two === "<>" ? "!=" : two === "==" ? "=" : two, at: start });
      i += 2;
      continue;
    }
    if ("+-*/%=<>".includes(c)) {
      tokens.push({ type: "op", text: c, at: start });
      i++;
      continue;
    }
    if ("(),".includes(c)) {
      tokens.push({ type: "punct", text: c, at: start });
      i++;
      continue;
    }
    throw expressionError(
      source,
      i,
      `unexpected character ${JSON.stringify(c)}`,
      "use + - * / %, comparisons, and, or, not, and functions such as if(…)",
      field,
    );
  }
  tokens.push({ type: "end", text: "", at: source.length });
  return tokens;
}

const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  "=": 4,
  "!=": 4,
  "<": 4,
  "<=": 4,
  ">": 4,
  ">=": 4,
  "+": 5,
  "-": 5,
  "*": 6,
  "/": 6,
  "%": 6,
};

/** Parses an expression; errors name the character and how to fix it. */
export function parseExpression(source: string, field = "expression"): Expr {
  if (source.length > MAX_LENGTH)
    throw expressionError(
      source.slice(0, 40),
      0,
      `the expression is longer than ${MAX_LENGTH} characters`,
      "shorten it",
      field,
    );
  if (source.trim() === "")
    throw expressionError(
      source,
      0,
      "the expression is empty",
      "write one, such as amount or quantity * unit_price",
      field,
    );
  const tokens = tokenize(source, field);
  let pos = 0;
  let depth = 0;
  const peek = () => tokens[pos] as Token;
  const next = () => tokens[pos++] as Token;
  const word = (t: Token) => (t.type === "ident" ? t.text.toLowerCase() : undefined);
  const expect = (text: string) => {
    const t = next();
    if (t.text !== text)
      throw expressionError(
        source,
        t.at,
        `expected "${text}"${t.type === "end" ? " before the end" : `, found "${t.text}"`}`,
        undefined,
        field,
      );
  };

  const binaryOp = (t: Token): BinaryOp | undefined => {
    if (t.type === "op") return t.text as BinaryOp;
    const w = word(t);
    return w === "and" || w === "or" ? w : undefined;
  };

  const parse = (minPrecedence: number): Expr => {
    if (++depth > MAX_DEPTH)
      throw expressionError(
        source,
        peek().at,
        `the expression nests deeper than ${MAX_DEPTH} levels`,
        "simplify it",
        field,
      );
    let left = unary();
    for (;;) {
      const t = peek();
      const w = word(t);
      // Postfix forms bind like comparisons.
      if (
        minPrecedence <= 4 &&
        (w === "is" ||
          w === "in" ||
          w === "between" ||
          (w === "not" && ["in", "between"].includes(word(tokens[pos + 1] as Token) ?? "")))
      ) {
        left = postfix(left);
        continue;
      }
      const op = binaryOp(t);
      if (!op) break;
      const precedence = PRECEDENCE[op] as number;
      if (precedence < minPrecedence) break;
      next();
      const right = parse(precedence + 1);
      left = { kind: "binary", op, left, right, at: t.at };
    }
    depth--;
    return left;
  };

  const postfix = (operand: Expr): Expr => {
    const t = next();
    let w = word(t);
    let negated = false;
    if (w === "not") {
      negated = true;
      w = word(next());
    }
    if (w === "is") {
      if (word(peek()) === "not") {
        next();
        negated = true;
      }
      const n = next();
      if (word(n) !== "null")
        throw expressionError(source, n.at, "expected null after is", "write is null or is not null", field);
      return { kind: "isnull", operand, negated, at: t.at };
    }
    if (w === "in") {
      expect("(");
      const items: Expr[] = [parse(1)];
      while (peek().text === ",") {
        next();
        items.push(parse(1));
      }
      expect(")");
      return { kind: "in", operand, items, negated, at: t.at };
    }
    // between
    const low = parse(5);
    const and = next();
    if (word(and) !== "and")
      throw expressionError(source, and.at, "expected and in between … and …", undefined, field);
    const high = parse(5);
    return { kind: "between", operand, low, high, negated, at: t.at };
  };

  const unary = (): Expr => {
    const t = peek();
    if (t.type === "op" && t.text === "-") {
      next();
      return { kind: "unary", op: "-", operand: parse(7), at: t.at };
    }
    if (t.type === "op" && t.text === "+") {
      next();
      return parse(7);
    }
    if (word(t) === "not") {
      next();
      return { kind: "unary", op: "not", operand: parse(3), at: t.at };
    }
    return primary();
  };

  const primary = (): Expr => {
    const t = next();
    if (t.type === "number") return { kind: "literal", value: t.value as number, at: t.at };
    if (t.type === "string") return { kind: "literal", value: t.value as string, at: t.at };
    if (t.type === "quoted") return { kind: "column", name: t.value as string, at: t.at };
    if (t.type === "punct" && t.text === "(") {
      const inner = parse(1);
      expect(")");
      return inner;
    }
    if (t.type === "ident") {
      const w = t.text.toLowerCase();
      if (w === "true" || w === "false") return { kind: "literal", value: w === "true", at: t.at };
      if (w === "null") return { kind: "literal", value: null, at: t.at };
      if (KEYWORDS.has(w))
        throw expressionError(source, t.at, `"${t.text}" cannot start a value`, undefined, field);
      if (peek().text === "(") {
        next();
        const args: Expr[] = [];
        if (peek().text !== ")") {
          args.push(parse(1));
          while (peek().text === ",") {
            next();
            args.push(parse(1));
          }
        }
        expect(")");
        return { kind: "call", name: w, args, at: t.at };
      }
      return { kind: "column", name: t.text, at: t.at };
    }
    if (t.type === "end")
      throw expressionError(source, t.at, "the expression ends too early", "complete it", field);
    throw expressionError(source, t.at, `unexpected "${t.text}"`, undefined, field);
  };

  const tree = parse(1);
  const rest = peek();
  if (rest.type !== "end")
    throw expressionError(
      source,
      rest.at,
      `unexpected "${rest.text}" after a complete expression`,
      "join parts with an operator such as and, or, +",
      field,
    );
  return tree;
}

interface FunctionSpec {
  args: [number, number];
  /** Type of each argument (the last repeats). */
  params: ValueType[];
  returns: ValueType | "first";
  compile: (args: SqlFragment[]) => SqlFragment;
  help: string;
}

const part = (unit: string) => (args: SqlFragment[]) =>
  sql`${raw(`date_part('${unit}', `)}${args[0] as SqlFragment})`;
/** `year(t)`, `hour(t)`…: a number from a date or time. */
function datePart(unit: string): FunctionSpec {
  return { args: [1, 1], params: ["time"], returns: "number", help: `${unit}(time)`, compile: part(unit) };
}

/** `minutes_between(start, end)` and friends: the time between two instants in a unit. */
function duration(unit: string, seconds: number): FunctionSpec {
  return {
    args: [2, 2],
    params: ["time", "time"],
    returns: "number",
    help: `${unit}_between(start, end)`,
    compile: between(seconds),
  };
}

const between = (factor: number) => (args: SqlFragment[]) =>
  sql`(epoch(${args[1] as SqlFragment}) - epoch(${args[0] as SqlFragment})) / ${raw(String(factor))}`;

/** The functions an expression may call, and nothing else. */
export const FUNCTIONS: Record<string, FunctionSpec> = {
  if: {
    args: [3, 3],
    params: ["boolean", "any", "any"],
    returns: "any",
    help: "if(condition, then, else)",
    compile: ([c, a, b]) =>
      sql`case when ${c as SqlFragment} then ${a as SqlFragment} else ${b as SqlFragment} end`,
  },
  coalesce: {
    args: [2, 10],
    params: ["any"],
    returns: "first",
    help: "coalesce(value, fallback, …)",
    compile: (a) => sql`coalesce(${joinArgs(a)})`,
  },
  nullif: {
    args: [2, 2],
    params: ["any", "any"],
    returns: "first",
    help: "nullif(value, equal_to)",
    compile: (a) => sql`nullif(${joinArgs(a)})`,
  },
  abs: {
    args: [1, 1],
    params: ["number"],
    returns: "number",
    help: "abs(x)",
    compile: (a) => sql`abs(${joinArgs(a)})`,
  },
  round: {
    args: [1, 2],
    params: ["number", "number"],
    returns: "number",
    help: "round(x, digits)",
    compile: (a) => sql`round(${joinArgs(a)})`,
  },
  floor: {
    args: [1, 1],
    params: ["number"],
    returns: "number",
    help: "floor(x)",
    compile: (a) => sql`floor(${joinArgs(a)})`,
  },
  ceil: {
    args: [1, 1],
    params: ["number"],
    returns: "number",
    help: "ceil(x)",
    compile: (a) => sql`ceil(${joinArgs(a)})`,
  },
  sqrt: {
    args: [1, 1],
    params: ["number"],
    returns: "number",
    help: "sqrt(x)",
    compile: (a) => sql`sqrt(${joinArgs(a)})`,
  },
  ln: {
    args: [1, 1],
    params: ["number"],
    returns: "number",
    help: "ln(x)",
    compile: (a) => sql`ln(${joinArgs(a)})`,
  },
  exp: {
    args: [1, 1],
    params: ["number"],
    returns: "number",
    help: "exp(x)",
    compile: (a) => sql`exp(${joinArgs(a)})`,
  },
  least: {
    args: [2, 10],
    params: ["any"],
    returns: "first",
    help: "least(a, b, …)",
    compile: (a) => sql`least(${joinArgs(a)})`,
  },
  greatest: {
    args: [2, 10],
    params: ["any"],
    returns: "first",
    help: "greatest(a, b, …)",
    compile: (a) => sql`greatest(${joinArgs(a)})`,
  },
  lower: {
    args: [1, 1],
    params: ["text"],
    returns: "text",
    help: "lower(text)",
    compile: (a) => sql`lower(${joinArgs(a)})`,
  },
  upper: {
    args: [1, 1],
    params: ["text"],
    returns: "text",
    help: "upper(text)",
    compile: (a) => sql`upper(${joinArgs(a)})`,
  },
  length: {
    args: [1, 1],
    params: ["text"],
    returns: "number",
    help: "length(text)",
    compile: (a) => sql`length(${joinArgs(a)})`,
  },
  contains: {
    args: [2, 2],
    params: ["text", "text"],
    returns: "boolean",
    help: "contains(text, part)",
    compile: (a) => sql`contains(${joinArgs(a)})`,
  },
  year: datePart("year"),
  quarter: datePart("quarter"),
  month: datePart("month"),
  day: datePart("day"),
  hour: datePart("hour"),
  minute: datePart("minute"),
  weekday: {
    args: [1, 1],
    params: ["time"],
    returns: "number",
    help: "weekday(time): 1 = Monday … 7 = Sunday",
    compile: part("isodow"),
  },
  date: {
    args: [1, 1],
    params: ["time"],
    returns: "time",
    help: "date(time)",
    compile: (a) => sql`cast(${a[0] as SqlFragment} as date)`,
  },
  seconds_between: duration("seconds", 1),
  minutes_between: duration("minutes", 60),
  hours_between: duration("hours", 3600),
  days_between: duration("days", 86400),
};

function joinArgs(args: SqlFragment[]): SqlFragment {
  return args.slice(1).reduce((acc, a) => sql`${acc}, ${a}`, args[0] as SqlFragment);
}

/** The kind of value a column's SQL type holds. */
export function typeOfColumn(sqlType: string): ValueType {
  const t = sqlType.toUpperCase();
  if (
    /^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|DOUBLE|FLOAT|REAL|DECIMAL)/.test(
      t,
    )
  )
    return "number";
  if (/^(DATE|TIMESTAMP|TIME)/.test(t)) return "time";
  if (t === "BOOLEAN") return "boolean";
  return "text";
}

const OPERATOR_SQL: Record<BinaryOp, string> = {
  "+": "+",
  "-": "-",
  "*": "*",
  "/": "/",
  "%": "%",
  "=": "=",
  "!=": "<>",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
  and: "and",
  or: "or",
};

export interface CompiledExpression {
  sql: SqlFragment;
  type: ValueType;
  columns: string[];
}

/**
 * Type-checks an expression against a dataset's columns and compiles it to SQL. Literals become bound
 * parameters; column names pass through the identifier quoting; operators and functions come from
 * the whitelist above.
 */
export function compileExpression(
  source: string,
  columns: ColumnInfo[],
  field = "expression",
): CompiledExpression {
  const tree = parseExpression(source, field);
  const byName = new Map(columns.map((c) => [c.name, typeOfColumn(c.type)]));
  const byLower = new Map(columns.map((c) => [c.name.toLowerCase(), c.name]));
  const used = new Set<string>();
  const fail = (at: number, message: string, fix?: string): never => {
    throw expressionError(source, at, message, fix, field);
  };
  const need = (e: Expr, actual: ValueType, wanted: ValueType, what: string) => {
    if (wanted === "any" || actual === "any" || actual === "null" || actual === wanted) return;
    fail(
      e.at,
      `${what} needs ${wanted === "time" ? "a date or time" : `a ${wanted}`}, but this is ${actual === "time" ? "a date or time" : `a ${actual}`}`,
    );
  };

  const walk = (e: Expr): { sql: SqlFragment; type: ValueType } => {
    switch (e.kind) {
      case "literal": {
        if (e.value === null) return { sql: raw("null"), type: "null" };
        const type: ValueType =
          typeof e.value === "number" ? "number" : typeof e.value === "boolean" ? "boolean" : "text";
        // Numbers are bound as doubles, so integer division never truncates.
        return { sql: sql`${e.value}`, type };
      }
      case "column": {
        let name = e.name;
        if (!byName.has(name)) {
          const folded = byLower.get(name.toLowerCase());
          if (folded) name = folded;
          else {
            const hint = closest(e.name, [...byName.keys()]);
            fail(
              e.at,
              `unknown column "${e.name}"`,
              hint ? `did you mean "${hint}"?` : `columns are ${[...byName.keys()].join(", ")}`,
            );
          }
        }
        used.add(name);
        return { sql: ident(name), type: byName.get(name) as ValueType };
      }
      case "unary": {
        const operand = walk(e.operand);
        if (e.op === "-") {
          need(e.operand, operand.type, "number", "minus");
          return { sql: sql`(- ${operand.sql})`, type: "number" };
        }
        need(e.operand, operand.type, "boolean", "not");
        return { sql: sql`(not ${operand.sql})`, type: "boolean" };
      }
      case "binary": {
        const left = walk(e.left);
        const right = walk(e.right);
        const op = raw(OPERATOR_SQL[e.op]);
        if (e.op === "and" || e.op === "or") {
          need(e.left, left.type, "boolean", e.op);
          need(e.right, right.type, "boolean", e.op);
          return { sql: sql`(${left.sql} ${op} ${right.sql})`, type: "boolean" };
        }
        if (["+", "-", "*", "/", "%"].includes(e.op)) {
          need(e.left, left.type, "number", `"${e.op}"`);
          need(e.right, right.type, "number", `"${e.op}"`);
          // Division by zero gives null (no value), not an error.
          if (e.op === "/" || e.op === "%")
            return { sql: sql`(${left.sql} ${op} nullif(${right.sql}, 0))`, type: "number" };
          return { sql: sql`(${left.sql} ${op} ${right.sql})`, type: "number" };
        }
        comparable(e, left.type, right.type);
        return { sql: sql`(${left.sql} ${op} ${right.sql})`, type: "boolean" };
      }
      case "isnull": {
        const operand = walk(e.operand);
        return { sql: sql`(${operand.sql} ${raw(e.negated ? "is not null" : "is null")})`, type: "boolean" };
      }
      case "in": {
        const operand = walk(e.operand);
        const items = e.items.map((item) => {
          const compiled = walk(item);
          comparable(item, operand.type, compiled.type);
          return compiled.sql;
        });
        return {
          sql: sql`(${operand.sql} ${raw(e.negated ? "not in" : "in")} (${joinArgs(items)}))`,
          type: "boolean",
        };
      }
      case "between": {
        const operand = walk(e.operand);
        const low = walk(e.low);
        const high = walk(e.high);
        comparable(e.low, operand.type, low.type);
        comparable(e.high, operand.type, high.type);
        return {
          sql: sql`(${operand.sql} ${raw(e.negated ? "not between" : "between")} ${low.sql} and ${high.sql})`,
          type: "boolean",
        };
      }
      case "call": {
        const spec = FUNCTIONS[e.name];
        if (!spec) {
          const hint = closest(e.name, Object.keys(FUNCTIONS));
          return fail(
            e.at,
            `unknown function "${e.name}"`,
            hint
              ? `did you mean ${FUNCTIONS[hint]?.help}?`
              : `functions are ${Object.keys(FUNCTIONS).join(", ")}`,
          );
        }
        const [min, max] = spec.args;
        if (e.args.length < min || e.args.length > max) {
          fail(
            e.at,
            `${e.name} takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? "" : "s"}, not ${e.args.length}`,
            `write ${spec.help}`,
          );
        }
        const args = e.args.map(walk);
        args.forEach((a, i) => {
          const wanted = spec.params[Math.min(i, spec.params.length - 1)] as ValueType;
          need(e.args[i] as Expr, a.type, wanted, `argument ${i + 1} of ${e.name}`);
        });
        const returns =
          spec.returns === "first" ? (args.find((a) => a.type !== "null")?.type ?? "null") : spec.returns;
        const type =
          e.name === "if" ? ((args[1]?.type !== "null" ? args[1]?.type : args[2]?.type) ?? "any") : returns;
        return { sql: spec.compile(args.map((a) => a.sql)), type };
      }
    }
  };

  const comparable = (e: Expr, a: ValueType, b: ValueType) => {
    if (a === b || a === "null" || b === "null" || a === "any" || b === "any") return;
    if (a === "time" && b === "text") return; // a date written as text: '2025-01-31'
    if (a === "text" && b === "time") return;
    fail(
      e.at,
      `cannot compare ${a === "time" ? "a date or time" : `a ${a}`} with ${b === "time" ? "a date or time" : `a ${b}`}`,
    );
  };

  const compiled = walk(tree);
  return { ...compiled, columns: [...used] };
}

/** A compiled condition for `where`, checked to be true/false. */
export function compileCondition(
  source: string,
  columns: ColumnInfo[],
  field = "filter",
): CompiledExpression {
  const compiled = compileExpression(source, columns, field);
  if (compiled.type !== "boolean" && compiled.type !== "null" && compiled.type !== "any") {
    throw expressionError(
      source,
      0,
      `a ${field} must be true or false for each row, but this is a ${compiled.type === "time" ? "date or time" : compiled.type}`,
      "compare it, e.g. shop = 'shop-1' or amount > 0",
      field,
    );
  }
  return compiled;
}
