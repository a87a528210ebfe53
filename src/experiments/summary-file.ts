import { readFileSync } from "node:fs";
import { AppError, fileProblemsError, type Problem } from "../core/index.js";
import type { ArmStatistics, MetricType } from "./stats/index.js";

/**
 * A summary file of an experiment: one row per variant (control first) with its units and sums,
 * `variant,users,sum,sum_squares`. Optional columns: `metric` (several metrics, each with its rows),
 * `weight` (planned share), `denominator_sum,denominator_sum_squares,sum_product` (ratio metrics),
 * `pre_sum,pre_sum_squares,pre_sum_product` (CUPED).
 */

export interface SummaryMetric {
  name: string;
  type: MetricType;
  arms: ArmStatistics[];
}

export interface SummaryFile {
  variants: { name: string; weight: number }[];
  units: number[];
  metrics: SummaryMetric[];
}

const REQUIRED = ["variant", "users", "sum", "sum_squares"] as const;
const RATIO = ["denominator_sum", "denominator_sum_squares", "sum_product"] as const;
const CUPED = ["pre_sum", "pre_sum_squares", "pre_sum_product"] as const;
const KNOWN = new Set<string>(["metric", "weight", ...REQUIRED, ...RATIO, ...CUPED]);

/** Splits one CSV line, with double-quoted fields and "" inside them. */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(field.trim());
      field = "";
    } else field += ch;
  }
  out.push(field.trim());
  return out;
}

interface Row {
  line: number;
  cells: Record<string, string>;
}

function readRows(text: string, file: string): { header: string[]; rows: Row[] } {
  if (text.includes("\uFFFD")) {
    throw new AppError("ENCODING_INVALID", `${file}: the file is not UTF-8 text; save it as UTF-8 CSV.`, {
      file,
    });
  }
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== "");
  if (first < 0)
    throw new AppError(
      "FILE_EMPTY",
      `${file}: the file is empty; it needs a header ${REQUIRED.join(",")} and a row per variant.`,
      { file },
    );
  const header = splitLine(lines[first] as string).map((h) => h.toLowerCase());
  const problems: Problem[] = [];
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    problems.push({
      file,
      line: first + 1,
      message: `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
      fix: `the header must hold ${REQUIRED.join(",")}`,
    });
  }
  header.forEach((h, i) => {
    if (!KNOWN.has(h))
      problems.push({
        file,
        line: first + 1,
        column: i + 1,
        message: `unknown column "${h}"`,
        fix: `columns are ${[...KNOWN].join(", ")}`,
      });
    if (header.indexOf(h) !== i)
      problems.push({ file, line: first + 1, column: i + 1, message: `column "${h}" appears twice` });
  });
  if (problems.length > 0) throw fileProblemsError("PARSE_ERROR", file, problems, "not a summary file");
  const rows: Row[] = [];
  lines.forEach((line, i) => {
    if (i <= first || line.trim() === "") return;
    const values = splitLine(line);
    if (values.length !== header.length) {
      problems.push({
        file,
        line: i + 1,
        message: `${values.length} fields where the header has ${header.length}`,
      });
      return;
    }
    rows.push({ line: i + 1, cells: Object.fromEntries(header.map((h, j) => [h, values[j] as string])) });
  });
  if (problems.length > 0)
    throw fileProblemsError("PARSE_ERROR", file, problems, "rows do not match the header");
  return { header, rows };
}

function numberCell(row: Row, column: string, header: string[], file: string, problems: Problem[]): number {
  const text = row.cells[column] ?? "";
  const value = Number(text);
  if (text === "" || !Number.isFinite(value)) {
    problems.push({
      file,
      line: row.line,
      column: header.indexOf(column) + 1,
      field: column,
      message: `${column} must be a number; got "${text}"`,
    });
    return 0;
  }
  if (column === "users" && (!Number.isInteger(value) || value < 0)) {
    problems.push({
      file,
      line: row.line,
      column: header.indexOf(column) + 1,
      field: column,
      message: `users must be a whole number ≥ 0; got ${text}`,
    });
  }
  if (column === "weight" && !(value > 0)) {
    problems.push({
      file,
      line: row.line,
      column: header.indexOf(column) + 1,
      field: column,
      message: `weight must be above 0; got ${text}`,
    });
  }
  return value;
}

function armOf(row: Row, header: string[], file: string, problems: Problem[]): ArmStatistics {
  const num = (c: string) => numberCell(row, c, header, file, problems);
  const arm: ArmStatistics = { n: num("users"), sum: num("sum"), sumSquares: num("sum_squares") };
  if (RATIO.every((c) => header.includes(c))) {
    arm.denominatorSum = num("denominator_sum");
    arm.denominatorSumSquares = num("denominator_sum_squares");
    arm.productSum = num("sum_product");
  }
  if (CUPED.every((c) => header.includes(c))) {
    arm.preSum = num("pre_sum");
    arm.preSumSquares = num("pre_sum_squares");
    arm.prePostSumProduct = num("pre_sum_product");
  }
  if (arm.n > 0 && arm.sumSquares < (arm.sum * arm.sum) / arm.n - 1e-9 * Math.abs(arm.sumSquares)) {
    problems.push({
      file,
      line: row.line,
      field: "sum_squares",
      message: `sum_squares ${arm.sumSquares} is below sum²/users = ${(arm.sum * arm.sum) / arm.n}, which no data can give`,
      fix: "sum_squares is the sum of each unit's value squared",
    });
  }
  return arm;
}

/** Proportions when every unit's value is 0 or 1: sum of squares equals sum. */
export function detectMetricType(arms: ArmStatistics[], ratio: boolean): MetricType {
  if (ratio) return "ratio";
  return arms.every((a) => a.sumSquares === a.sum && a.sum <= a.n) ? "proportion" : "mean";
}

/** Reads and checks a summary file; errors name the file, line and column. */
export function readSummaryFile(file: string, options: { type?: MetricType } = {}): SummaryFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new AppError("FILE_NOT_FOUND", `${file}: no such file, or it cannot be read.`, { file });
  }
  const { header, rows } = readRows(text, file);
  const problems: Problem[] = [];
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const metric = row.cells.metric ?? "metric";
    groups.set(metric, [...(groups.get(metric) ?? []), row]);
  }
  const ratio = RATIO.some((c) => header.includes(c));
  if (ratio && !RATIO.every((c) => header.includes(c))) {
    problems.push({ file, line: 1, message: `a ratio metric needs all of ${RATIO.join(", ")}` });
  }
  if (options.type === "ratio" && !ratio)
    problems.push({ file, line: 1, message: `a ratio metric needs the columns ${RATIO.join(", ")}` });
  const [firstGroup] = groups.values();
  const order = (firstGroup ?? []).map((r) => r.cells.variant as string);
  if (order.length < 2)
    problems.push({ file, message: "needs at least two rows: the control first, then each variant" });
  const metrics: SummaryMetric[] = [];
  for (const [name, group] of groups) {
    const seen = new Set<string>();
    for (const r of group) {
      const v = r.cells.variant as string;
      if (v === "") problems.push({ file, line: r.line, field: "variant", message: "variant is empty" });
      if (seen.has(v))
        problems.push({
          file,
          line: r.line,
          field: "variant",
          message: `variant "${v}" is listed twice${groups.size > 1 ? ` for metric ${name}` : ""}`,
        });
      seen.add(v);
    }
    if (group.map((r) => r.cells.variant).join("\u0000") !== order.join("\u0000")) {
      problems.push({
        file,
        line: group[0]?.line,
        message: `metric ${name} lists other variants, or in another order, than the first metric`,
      });
    }
    const arms = group.map((r) => armOf(r, header, file, problems));
    metrics.push({ name, type: options.type ?? detectMetricType(arms, ratio), arms });
  }
  const firstRows = firstGroup ?? [];
  const weights = firstRows.map((r) =>
    header.includes("weight") ? numberCell(r, "weight", header, file, problems) : 1,
  );
  const units = firstRows.map((r) => numberCell(r, "users", header, file, problems));
  if (problems.length > 0) throw fileProblemsError("PARSE_ERROR", file, problems, "invalid summary");
  return { variants: order.map((name, i) => ({ name, weight: weights[i] as number })), units, metrics };
}
