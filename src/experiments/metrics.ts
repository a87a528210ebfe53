import { AppError } from "../core/index.js";
import { compileCondition, compileExpression, findKpi, type Kpi } from "../kpi/index.js";
import type { SimpleMeasure } from "../kpi/kpi.schema.js";
import { type ColumnInfo, raw, type SqlFragment, sql } from "../store/index.js";
import type { Workspace } from "../workspace/index.js";
import type { Experiment, ExperimentMetric, MetricRole } from "./experiment.schema.js";
import type { MetricType } from "./stats/index.js";

/** A metric ready to aggregate: per-row SQL values that are summed per unit. */
export interface ResolvedMetric {
  name: string;
  label: string;
  role: MetricRole;
  type: MetricType;
  better: "higher" | "lower";
  /** Per-row value (ratio: numerator). */
  value: SqlFragment;
  /** Ratio metrics: per-row denominator. */
  denominator?: SqlFragment;
  /** CUPED: per-row pre-period covariate. */
  covariate?: SqlFragment;
  /** Where the definition came from, e.g. `kpi conversion` or `value: converted`. */
  source: string;
}

/** True when each row of the dataset is one unit: no unit column, or the dataset's single key column. */
export function rowIsUnit(workspace: Workspace, experiment: Experiment): boolean {
  if (!experiment.unit) return true;
  const source = workspace.config.sources.find((s) => s.dataset === experiment.dataset && s.key);
  return source?.key?.length === 1 && source.key[0] === experiment.unit;
}

/** A number per row: booleans count as 1 and 0, missing values as 0. */
function numeric(expression: string, columns: ColumnInfo[], field: string): SqlFragment {
  const compiled = compileExpression(expression, columns, field);
  if (compiled.type === "text" || compiled.type === "time") {
    throw new AppError(
      "USAGE",
      `${field}: \`${expression}\` is ${compiled.type === "time" ? "a date or time" : "text"}, not a number or yes/no; use a comparison such as status = 'paid', or if(…, 1, 0).`,
      { field },
    );
  }
  return sql`coalesce(cast(${compiled.sql} as double), 0)`;
}

function onlyWhere(value: SqlFragment, condition: SqlFragment | undefined): SqlFragment {
  return condition ? sql`(case when ${condition} then ${value} else 0 end)` : value;
}

function conditionOf(
  sources: (string | undefined)[],
  columns: ColumnInfo[],
  field: string,
): SqlFragment | undefined {
  const parts = sources
    .filter((s): s is string => Boolean(s))
    .map((s) => sql`coalesce(${compileCondition(s, columns, field).sql}, false)`);
  return parts.length === 0 ? undefined : parts.reduce((a, b) => sql`${a} and ${b}`);
}

/** Per-row value of a KPI's count or sum. */
function simpleValue(
  measure: SimpleMeasure,
  columns: ColumnInfo[],
  field: string,
  filter?: string,
): SqlFragment {
  const where = conditionOf([filter, measure.where], columns, `${field}.where`);
  if (measure.kind === "count") {
    const counted = measure.of
      ? sql`cast(${compileExpression(measure.of, columns, `${field}.of`).sql} is not null as double)`
      : raw("1.0");
    return onlyWhere(counted, where);
  }
  if (measure.kind === "sum" && measure.of)
    return onlyWhere(numeric(measure.of, columns, `${field}.of`), where);
  throw new AppError(
    "USAGE",
    `${field}: a KPI measured as ${measure.kind} cannot be split per unit; experiments take KPIs measured as count, sum, avg or a ratio of counts and sums.`,
    { field },
  );
}

/** True when a simple measure is a plain count of rows: 1 per row. */
function countsRows(measure: SimpleMeasure): boolean {
  return measure.kind === "count" && !measure.of && !measure.where;
}

function fromKpi(
  kpi: Kpi,
  metric: ExperimentMetric,
  experiment: Experiment,
  columns: ColumnInfo[],
  field: string,
  perRow: boolean,
): Pick<ResolvedMetric, "type" | "value" | "denominator" | "better" | "label"> {
  if (kpi.dataset !== experiment.dataset) {
    throw new AppError(
      "USAGE",
      `${field}: KPI "${kpi.name}" is measured over the dataset ${kpi.dataset}, but the experiment's units are in ${experiment.dataset}; name a KPI over ${experiment.dataset} or give the metric as an expression (value: …).`,
      { field: `${field}.kpi` },
    );
  }
  const m = kpi.measure;
  const base = { better: metric.better ?? kpi.better, label: metric.label ?? kpi.label ?? kpi.name };
  if (m.kind === "count" || m.kind === "sum") {
    const value = simpleValue(m, columns, `${field} (KPI ${kpi.name})`, kpi.filter);
    return { ...base, type: m.kind === "count" && perRow ? "proportion" : "mean", value };
  }
  if (m.kind === "avg" && m.of) {
    const of = compileExpression(m.of, columns, `${field}.of`).sql;
    const where = conditionOf([kpi.filter, m.where], columns, `${field}.where`);
    return {
      ...base,
      type: "ratio",
      value: onlyWhere(sql`coalesce(cast(${of} as double), 0)`, where),
      denominator: onlyWhere(sql`cast(${of} is not null as double)`, where),
    };
  }
  if (m.kind === "ratio") {
    const value = simpleValue(m.numerator, columns, `${field} (KPI ${kpi.name} numerator)`, kpi.filter);
    // A rate over all of a unit's single row is a plain per-unit mean (a proportion for counts).
    if (perRow && countsRows(m.denominator) && !kpi.filter) {
      return { ...base, type: m.numerator.kind === "count" ? "proportion" : "mean", value };
    }
    const denominator = simpleValue(
      m.denominator,
      columns,
      `${field} (KPI ${kpi.name} denominator)`,
      kpi.filter,
    );
    return { ...base, type: "ratio", value, denominator };
  }
  throw new AppError(
    "USAGE",
    `${field}: KPI "${kpi.name}" is measured as ${m.kind}, which cannot be split per unit; experiments take KPIs measured as count, sum, avg or a ratio of counts and sums.`,
    { field: `${field}.kpi` },
  );
}

function fromExpressions(
  metric: ExperimentMetric,
  columns: ColumnInfo[],
  field: string,
): Pick<ResolvedMetric, "type" | "value" | "denominator"> {
  const where = conditionOf([metric.where], columns, `${field}.where`);
  const type = metric.type ?? (metric.numerator ? "ratio" : "mean");
  if (type === "ratio") {
    if (!metric.numerator || !metric.denominator) {
      throw new AppError(
        "USAGE",
        `${field}: a ratio metric needs numerator and denominator, e.g. numerator: order_value, denominator: if(converted, 1, 0).`,
        { field },
      );
    }
    return {
      type,
      value: onlyWhere(numeric(metric.numerator, columns, `${field}.numerator`), where),
      denominator: onlyWhere(numeric(metric.denominator, columns, `${field}.denominator`), where),
    };
  }
  if (!metric.value) {
    throw new AppError(
      "USAGE",
      `${field}: a ${type} metric needs value (the per-row number or yes/no, e.g. value: converted), or kpi: NAME.`,
      { field },
    );
  }
  return { type, value: onlyWhere(numeric(metric.value, columns, `${field}.value`), where) };
}

/** Compiles an experiment's metrics against its dataset's columns; errors name the metric's field. */
export function resolveMetrics(
  workspace: Workspace,
  experiment: Experiment,
  columns: ColumnInfo[],
): ResolvedMetric[] {
  const names = new Set<string>();
  const perRow = rowIsUnit(workspace, experiment);
  return experiment.metrics.map((metric, i) => {
    const field = `metrics[${i}]`;
    if (metric.kpi && (metric.value || metric.numerator || metric.denominator)) {
      throw new AppError("USAGE", `${field}: give either kpi or value/numerator/denominator, not both.`, {
        field,
      });
    }
    const kpi = metric.kpi ? findKpi(workspace, metric.kpi) : undefined;
    const resolved = kpi
      ? fromKpi(kpi, metric, experiment, columns, field, perRow)
      : {
          ...fromExpressions(metric, columns, field),
          better: metric.better ?? "higher",
          label: metric.label ?? metric.name ?? `metric ${i + 1}`,
        };
    if (kpi && metric.type && metric.type !== resolved.type) {
      throw new AppError(
        "USAGE",
        `${field}: KPI "${kpi.name}" makes a ${resolved.type} metric here, not a ${metric.type}; leave type out.`,
        { field: `${field}.type` },
      );
    }
    const name = metric.name ?? kpi?.name ?? `metric-${i + 1}`;
    if (names.has(name)) {
      throw new AppError(
        "USAGE",
        `${field}: a metric named "${name}" is listed twice; give each a distinct name.`,
        {
          field: `${field}.name`,
        },
      );
    }
    names.add(name);
    if (metric.covariate && resolved.type === "ratio") {
      throw new AppError(
        "USAGE",
        `${field}: a pre-period covariate (CUPED) is taken for proportion and mean metrics; for a ratio metric analyse a summary file with the pre-period numerator and denominator sums, or leave covariate out.`,
        { field: `${field}.covariate` },
      );
    }
    const covariate = metric.covariate ? numeric(metric.covariate, columns, `${field}.covariate`) : undefined;
    return {
      name,
      role: metric.role,
      ...resolved,
      ...(covariate ? { covariate } : {}),
      source: kpi
        ? `kpi ${kpi.name}`
        : metric.value
          ? `value: ${metric.value}`
          : `numerator: ${metric.numerator}`,
    };
  });
}
