/**
 * Building SQL safely. User values never become SQL text: a `sql` template turns every
 * interpolated value into a bound parameter (`$1`, `$2`, …). Names of tables and columns go through
 * `ident()`, the one helper that quotes identifiers. Fixed SQL keywords chosen by our code (never by a
 * user) can be spliced with `raw()`; its argument must be a literal in our source.
 */

export type SqlValue = string | number | bigint | boolean | null | Date | SqlStruct | SqlList;
export interface SqlStruct {
  readonly kind: "struct";
  readonly entries: Readonly<Record<string, SqlValue>>;
}
export interface SqlList {
  readonly kind: "list";
  readonly items: readonly SqlValue[];
}

const FRAGMENT = Symbol("sql-fragment");

/** A piece of SQL text plus the values bound to its placeholders. */
export interface SqlFragment {
  readonly [FRAGMENT]: true;
  readonly parts: readonly string[];
  readonly values: readonly SqlValue[];
}

/** A compiled statement: text with `$n` placeholders and the values in order. */
export interface SqlQuery {
  readonly text: string;
  readonly params: SqlValue[];
}

function fragment(parts: readonly string[], values: readonly SqlValue[]): SqlFragment {
  return { [FRAGMENT]: true, parts, values };
}

function isFragment(value: unknown): value is SqlFragment {
  return typeof value === "object" && value !== null && FRAGMENT in value;
}

type SqlArg = SqlValue | SqlFragment;

/** Tagged template: `sql\`select * from ${ident(t)} where a = ${value}\``. */
export function sql(strings: TemplateStringsArray, ...args: SqlArg[]): SqlFragment {
  const parts: string[] = [strings[0] ?? ""];
  const values: SqlValue[] = [];
  args.forEach((arg, i) => {
    const next = strings[i + 1] ?? "";
    if (isFragment(arg)) {
      // Splice the nested fragment's text, merging its first and last parts with ours.
      const [first = "", ...rest] = arg.parts;
      parts[parts.length - 1] += first;
      values.push(...arg.values);
      for (const part of rest) parts.push(part);
      parts[parts.length - 1] += next;
    } else {
      values.push(arg);
      parts.push(next);
    }
  });
  return fragment(parts, values);
}

/** Quotes a table, schema or column name. The only way a name enters SQL text. */
export function ident(...names: string[]): SqlFragment {
  if (names.length === 0) throw new Error("ident() needs at least one name");
  const text = names
    .map((name) => {
      if (name.includes("\u0000")) throw new Error("identifier contains a NUL character");
      return `"${name.replaceAll('"', '""')}"`;
    })
    .join(".");
  return fragment([text], []);
}

/** SQL text written in our own source (keywords, type names from a whitelist). Never user input. */
export function raw(text: string): SqlFragment {
  return fragment([text], []);
}

/** Joins fragments with a separator, e.g. a column list. */
export function join(items: readonly SqlArg[], separator = ", "): SqlFragment {
  const parts: string[] = [""];
  const values: SqlValue[] = [];
  items.forEach((item, i) => {
    if (i > 0) parts[parts.length - 1] += separator;
    if (isFragment(item)) {
      const [first = "", ...rest] = item.parts;
      parts[parts.length - 1] += first;
      values.push(...item.values);
      for (const part of rest) parts.push(part);
    } else {
      values.push(item);
      parts.push("");
    }
  });
  return fragment(parts, values);
}

export function struct(entries: Record<string, SqlValue>): SqlStruct {
  return { kind: "struct", entries };
}

export function list(items: readonly SqlValue[]): SqlList {
  return { kind: "list", items };
}

/** Turns a fragment into text with numbered placeholders. */
export function compile(query: SqlFragment): SqlQuery {
  let text = query.parts[0] ?? "";
  for (let i = 1; i < query.parts.length; i++) text += `$${i}${query.parts[i]}`;
  return { text, params: [...query.values] };
}

/** The SQL column types opsloop creates and accepts in type overrides. */
export const COLUMN_TYPES = [
  "VARCHAR",
  "BIGINT",
  "INTEGER",
  "DOUBLE",
  "DECIMAL(18,3)",
  "BOOLEAN",
  "DATE",
  "TIME",
  "TIMESTAMP",
  "TIMESTAMPTZ",
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** Returns the whitelisted type keyword for a user-supplied type name, or undefined. */
export function parseColumnType(name: string): ColumnType | undefined {
  const upper = name.trim().toUpperCase();
  const aliases: Record<string, ColumnType> = {
    TEXT: "VARCHAR",
    STRING: "VARCHAR",
    INT: "BIGINT",
    INTEGER: "BIGINT",
    FLOAT: "DOUBLE",
    NUMBER: "DOUBLE",
    NUMERIC: "DOUBLE",
    BOOL: "BOOLEAN",
    DATETIME: "TIMESTAMP",
    "TIMESTAMP WITH TIME ZONE": "TIMESTAMPTZ",
    DECIMAL: "DECIMAL(18,3)",
  };
  if (aliases[upper]) return aliases[upper];
  return (COLUMN_TYPES as readonly string[]).includes(upper) ? (upper as ColumnType) : undefined;
}
