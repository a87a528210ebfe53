import { AppError } from "../core/errors.js";

/** Pattern letters of Java / Joda / date-fns style formats and their strftime equivalents. */
const TOKENS: [string, string][] = [
  ["yyyy", "%Y"],
  ["uuuu", "%Y"],
  ["yy", "%y"],
  ["MMMM", "%B"],
  ["MMM", "%b"],
  ["MM", "%m"],
  ["M", "%-m"],
  ["dd", "%d"],
  ["d", "%-d"],
  ["EEEE", "%A"],
  ["EEE", "%a"],
  ["HH", "%H"],
  ["H", "%-H"],
  ["hh", "%I"],
  ["h", "%-I"],
  ["mm", "%M"],
  ["m", "%-M"],
  ["ss", "%S"],
  ["s", "%-S"],
  ["SSSSSSSSS", "%n"],
  ["SSSSSS", "%f"],
  ["SSS", "%g"],
  ["a", "%p"],
  ["XXX", "%z"],
  ["XX", "%z"],
  ["xxx", "%z"],
  ["ZZZZZ", "%z"],
  ["Z", "%z"],
  ["X", "%z"],
];

/** strftime directives DuckDB's strptime understands. */
const STRFTIME = /%(-?[aAbBcdfgHIjmMnpSuUwWxXyYzZ%])/g;

/**
 * Converts a timestamp pattern to DuckDB's strptime format. Accepts Java-style patterns
 * (`yyyy/MM/dd HH:mm:ss.SSS`, `dd-MM-yyyy HH:mm`, literals in single quotes) or strftime
 * patterns (`%Y-%m-%d %H:%M`) as they are.
 */
export function toStrptimeFormat(pattern: string): string {
  if (pattern.trim() === "") {
    throw new AppError(
      "TIMESTAMP_FORMAT_INVALID",
      "The timestamp format is empty; give one such as yyyy-MM-dd HH:mm:ss.",
    );
  }
  if (pattern.includes("%")) {
    const leftover = pattern.replace(STRFTIME, "");
    if (leftover.includes("%")) {
      throw new AppError(
        "TIMESTAMP_FORMAT_INVALID",
        `The timestamp format "${pattern}" has a directive DuckDB does not know; use %Y %m %d %H %M %S %g %f %z and friends.`,
        { pattern },
      );
    }
    return pattern;
  }
  let out = "";
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i] as string;
    if (ch === "'") {
      // Quoted literal; '' is a single quote.
      const end = pattern.indexOf("'", i + 1);
      if (end === -1) {
        throw new AppError(
          "TIMESTAMP_FORMAT_INVALID",
          `The timestamp format "${pattern}" has an unclosed quote at position ${i + 1}.`,
          {
            pattern,
          },
        );
      }
      out += end === i + 1 ? "'" : pattern.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      let run = 1;
      while (pattern[i + run] === ch) run++;
      const letters = ch.repeat(run);
      const token = TOKENS.find(([t]) => t === letters);
      if (!token) {
        throw new AppError(
          "TIMESTAMP_FORMAT_INVALID",
          `The timestamp format "${pattern}" has "${letters}" at position ${i + 1}, which is not a known pattern letter; use yyyy MM dd HH mm ss SSS (or put literal text in single quotes).`,
          { pattern, token: letters },
        );
      }
      out += token[1];
      i += run;
      continue;
    }
    out += ch === "%" ? "%%" : ch;
    i++;
  }
  return out;
}
