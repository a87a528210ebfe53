import { AppError } from "../../core/errors.js";
import { ident, join, sql } from "../../store/index.js";
import type { EventLogConfig, Workspace } from "../../workspace/index.js";
import { caseCount, type EventLog } from "./event-log.js";
import { parseCondition } from "./filters.js";

/** A case attribute: one value per case of the log (null when the case has none). */
export interface CaseAttribute {
  name: string;
  values: (string | null)[];
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;
const MAX_TEXT_VALUES = 30;

/**
 * The columns of a log's dataset that hold one value per case (order channel, customer type…), read
 * per case of `log`. Numbers with many values are grouped into quartiles; text with very many values
 * (ids, free text) is left out.
 */
export async function loadCaseAttributes(
  workspace: Workspace,
  config: EventLogConfig,
  log: EventLog,
): Promise<CaseAttribute[]> {
  const mapped = new Set(
    [
      config.case,
      config.activity,
      config.timestamp,
      config.startTimestamp,
      config.resource,
      config.role,
      config.lifecycle,
    ].filter((c): c is string => c !== undefined),
  );
  const columns = (await workspace.store.columns("data", config.dataset)).filter(
    (c) => !mapped.has(c.name) && !/^(TIMESTAMP|DATE|TIME)/.test(c.type),
  );
  if (columns.length === 0) return [];
  const table = ident("data", config.dataset);
  const caseColumn = ident(config.case);
  const shape = await workspace.store.first(
    sql`select ${join(
      columns.map(
        (_c, i) =>
          sql`max(${ident(`n${i}`)}) as ${ident(`per_case_${i}`)}, sum(${ident(`n${i}`)}) as ${ident(`distinct_${i}`)}`,
      ),
    )} from (select ${join(columns.map((c, i) => sql`count(distinct ${ident(c.name)}) as ${ident(`n${i}`)}`))}
       from ${table} group by ${caseColumn})`,
  );
  const caseLevel = columns.filter((_, i) => Number(shape?.[`per_case_${i}`] ?? 2) <= 1);
  if (caseLevel.length === 0) return [];
  const index = new Map<string, number>();
  log.caseIds.forEach((id, c) => {
    index.set(id, c);
  });
  const values = caseLevel.map(() => new Array<string | number | null>(caseCount(log)).fill(null));
  await workspace.store.scan(
    sql`select ${caseColumn}::varchar, ${join(caseLevel.map((c) => sql`any_value(${ident(c.name)})`))}
        from ${table} group by ${caseColumn}`,
    (cols, rows) => {
      const ids = cols[0] as string[];
      for (let i = 0; i < rows; i++) {
        const c = index.get(ids[i] as string);
        if (c === undefined) continue;
        caseLevel.forEach((_, j) => {
          const v = cols[j + 1]?.[i];
          (values[j] as (string | number | null)[])[c] =
            v === null || v === undefined
              ? null
              : typeof v === "bigint"
                ? Number(v)
                : typeof v === "number"
                  ? v
                  : String(v);
        });
      }
    },
  );
  const out: CaseAttribute[] = [];
  caseLevel.forEach((column, j) => {
    const raw = values[j] as (string | number | null)[];
    const distinct = new Set(raw.filter((v) => v !== null));
    if (NUMERIC.test(column.type) && distinct.size > 8) {
      out.push({ name: column.name, values: quartileBins(raw as (number | null)[]) });
    } else if (distinct.size <= MAX_TEXT_VALUES && distinct.size >= 2) {
      out.push({ name: column.name, values: raw.map((v) => (v === null ? null : String(v))) });
    }
  });
  return out;
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(3);
}

/** Quartile groups of a number, named by their range, such as "4–9". */
export function quartileBins(values: (number | null)[]): (string | null)[] {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return values.map(() => null);
  const cut = [0.25, 0.5, 0.75].map(
    (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number,
  );
  const edges = [...new Set(cut)];
  const min = sorted[0] as number;
  const max = sorted[sorted.length - 1] as number;
  const bounds = [min, ...edges.filter((e) => e > min && e < max), max];
  const names = bounds.slice(0, -1).map((lo, i) => {
    const hi = bounds[i + 1] as number;
    return i === 0
      ? `${formatNumber(lo)}–${formatNumber(hi)}`
      : `above ${formatNumber(lo)} to ${formatNumber(hi)}`;
  });
  return values.map((v) => {
    if (v === null) return null;
    let i = 0;
    while (i < bounds.length - 2 && v > (bounds[i + 1] as number)) i++;
    return names[i] as string;
  });
}

/** The cases of `log` that have an event with `column = value` (the outcome of root-cause analysis). */
export async function casesWithValue(
  workspace: Workspace,
  config: EventLogConfig,
  log: EventLog,
  condition: string,
): Promise<Uint8Array> {
  const columns = (await workspace.store.columns("data", config.dataset)).map((c) => c.name);
  const parsed = parseCondition(condition, columns);
  if (parsed.negate) {
    throw new AppError("USAGE", `--outcome takes column=value; "${condition}" uses !=.`, {
      field: "outcome",
    });
  }
  const rows = await workspace.store.all(
    sql`select distinct ${ident(config.case)}::varchar as id from ${ident("data", config.dataset)}
        where ${ident(parsed.column)}::varchar in (${join(parsed.values.map((v) => sql`${v}`))})`,
  );
  const ids = new Set(rows.map((r) => String(r.id)));
  return Uint8Array.from(log.caseIds, (id) => (ids.has(id) ? 1 : 0));
}
