import { type ReactNode, useState } from "react";
import type { KpiSummary } from "../../api";
import { FieldProblem } from "../../components/experiments/FormParts";
import { METRIC_ROLES, METRIC_TYPES, type MetricDraft, withCurrent } from "./experiment-draft";
import { type FieldProblems, unclaimed } from "./form-errors";

/**
 * One metric of the experiment form: a KPI over the experiment's dataset, or expressions over its
 * columns (a value for proportions and means, a numerator and a denominator for ratios), with its role.
 */
export function MetricCard({
  index,
  metric: m,
  kpis,
  allKpis,
  dataset,
  fields,
  canRemove,
  onChange,
  onRemove,
}: {
  index: number;
  metric: MetricDraft;
  kpis: KpiSummary[];
  allKpis: KpiSummary[];
  dataset: string;
  fields: FieldProblems;
  canRemove: boolean;
  onChange: (patch: Partial<MetricDraft>) => void;
  onRemove: () => void;
}) {
  const id = `metric-${index}`;
  const key = `metrics[${index}]`;
  const invalid = (field: string) => fields.has(`${key}.${field}`) || undefined;
  const problems = (field: string) => fields.get(`${key}.${field}`);
  const shown =
    m.source === "kpi"
      ? ["kpi", "type"]
      : m.type === "ratio"
        ? ["type", "numerator", "denominator"]
        : ["type", "value"];
  const more = ["label", "where", "better"];
  const claimed = [...shown, "role", "name", "covariate", ...more].map((f) => `${key}.${f}`);
  const [open, setOpen] = useState(more.some((f) => (m[f as keyof MetricDraft] as string) !== ""));
  const moreProblem = more.some((f) => fields.has(`${key}.${f}`));
  const kpi = allKpis.find((k) => k.name === m.kpi);
  const typeHint = METRIC_TYPES.find((t) => t.id === m.type)?.hint;

  const expressionField = (
    field: "value" | "numerator" | "denominator",
    label: string,
    placeholder: string,
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{label}</label>
      <input
        id={`${id}-${field}`}
        type="text"
        className="exp-expression"
        value={m[field]}
        placeholder={placeholder}
        list="experiment-columns"
        onChange={(e) => onChange({ [field]: e.target.value })}
        aria-invalid={invalid(field)}
        autoComplete="off"
        spellCheck={false}
        data-testid={`${id}-${field}`}
      />
      <FieldProblem problems={problems(field)} />
    </div>
  );

  /** A select of a fixed list (types, roles), keeping a value the list does not know. */
  const choiceField = (
    field: "type" | "role",
    label: string,
    choices: readonly { id: string; label: string }[],
    options: { empty?: string; hint?: ReactNode } = {},
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{label}</label>
      <select
        id={`${id}-${field}`}
        value={m[field]}
        onChange={(e) => onChange({ [field]: e.target.value })}
        aria-invalid={invalid(field)}
        data-testid={`${id}-${field}`}
      >
        {options.empty !== undefined && <option value="">{options.empty}</option>}
        {withCurrent(
          choices.map((c) => c.id),
          m[field],
        ).map((c) => (
          <option key={c} value={c}>
            {choices.find((x) => x.id === c)?.label ?? c}
          </option>
        ))}
      </select>
      {options.hint && <span className="field-hint">{options.hint}</span>}
      <FieldProblem problems={problems(field)} />
    </div>
  );

  return (
    <div className="exp-metric" data-testid={id}>
      <div className="exp-metric-head">
        <span className="exp-metric-number">Metric {index + 1}</span>
        <div className="segmented" role="radiogroup" aria-label={`Metric ${index + 1} is`}>
          {(
            [
              ["expression", "Expression"],
              ["kpi", "KPI"],
            ] as const
          ).map(([source, word]) => (
            <label key={source} className={m.source === source ? "segment segment-on" : "segment"}>
              <input
                type="radio"
                name={`${id}-source`}
                checked={m.source === source}
                onChange={() =>
                  onChange({
                    source,
                    type: source === "kpi" ? "" : m.type || "proportion",
                  })
                }
                data-testid={`${id}-source-${source}`}
              />
              {word}
            </label>
          ))}
        </div>
        <button
          type="button"
          className="button button-small button-quiet exp-metric-remove"
          onClick={onRemove}
          disabled={!canRemove}
          aria-label={`Remove metric ${index + 1}`}
          title={canRemove ? undefined : "An experiment needs at least one metric"}
          data-testid={`${id}-remove`}
        >
          Remove
        </button>
      </div>
      <div className="form-grid exp-metric-grid">
        {m.source === "kpi" ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-kpi`}>KPI</label>
              <select
                id={`${id}-kpi`}
                value={m.kpi}
                onChange={(e) => onChange({ kpi: e.target.value })}
                aria-invalid={invalid("kpi")}
                data-testid={`${id}-kpi`}
              >
                <option value="">Choose a KPI…</option>
                {m.kpi && !kpis.some((k) => k.name === m.kpi) && <option value={m.kpi}>{m.kpi}</option>}
                {kpis.map((k) => (
                  <option key={k.name} value={k.name}>
                    {k.label ?? k.name}
                  </option>
                ))}
              </select>
              <span className="field-hint">
                {kpi
                  ? `${kpi.measure.kind} over ${kpi.dataset}; ${kpi.better} is better`
                  : kpis.length === 0
                    ? `No KPI is counted from ${dataset || "this dataset"}; give the metric as an expression.`
                    : `KPIs counted from ${dataset}`}
              </span>
              <FieldProblem problems={problems("kpi")} />
            </div>
            {choiceField("type", "Type", METRIC_TYPES, { empty: "From the KPI" })}
          </>
        ) : (
          <>
            {choiceField("type", "Type", METRIC_TYPES, { hint: typeHint })}
            {m.type === "ratio" ? (
              <>
                {expressionField("numerator", "Numerator (per row)", "order_value")}
                {expressionField("denominator", "Denominator (per row)", "if(converted, 1, 0)")}
              </>
            ) : (
              expressionField("value", "Value (per row)", m.type === "mean" ? "order_value" : "converted")
            )}
          </>
        )}
        {choiceField("role", "Role", METRIC_ROLES, { hint: METRIC_ROLES.find((x) => x.id === m.role)?.hint })}
        <div className="field">
          <label htmlFor={`${id}-name`}>
            Name <span className="optional">optional</span>
          </label>
          <input
            id={`${id}-name`}
            type="text"
            value={m.name}
            placeholder={m.source === "kpi" && m.kpi ? m.kpi : "conversion"}
            onChange={(e) => onChange({ name: e.target.value.trim() })}
            aria-invalid={invalid("name")}
            autoComplete="off"
            spellCheck={false}
            data-testid={`${id}-name`}
          />
          <span className="field-hint">
            {m.source === "kpi"
              ? "the KPI's name when left empty"
              : `shown in the results; “metric ${index + 1}” when left empty`}
          </span>
          <FieldProblem problems={problems("name")} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-covariate`}>
            Covariate <span className="optional">optional</span>
          </label>
          <input
            id={`${id}-covariate`}
            type="text"
            className="exp-expression"
            value={m.covariate}
            placeholder="orders_before"
            list="experiment-columns"
            onChange={(e) => onChange({ covariate: e.target.value })}
            aria-invalid={invalid("covariate")}
            autoComplete="off"
            spellCheck={false}
            data-testid={`${id}-covariate`}
          />
          <span className="field-hint">the same metric from before the test, to narrow the interval</span>
          <FieldProblem problems={problems("covariate")} />
        </div>
      </div>
      <details
        className="advanced exp-metric-more"
        open={open || moreProblem}
        onToggle={(e) => setOpen(e.currentTarget.open)}
      >
        <summary>Label, rows counted and direction</summary>
        <div className="form-grid exp-metric-grid">
          <div className="field">
            <label htmlFor={`${id}-label`}>
              Label <span className="optional">optional</span>
            </label>
            <input
              id={`${id}-label`}
              type="text"
              value={m.label}
              placeholder="Conversion"
              onChange={(e) => onChange({ label: e.target.value })}
              aria-invalid={invalid("label")}
            />
            <span className="field-hint">the name people read in the results</span>
            <FieldProblem problems={problems("label")} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-where`}>
              Only rows where <span className="optional">optional</span>
            </label>
            <input
              id={`${id}-where`}
              type="text"
              className="exp-expression"
              value={m.where}
              placeholder="device = 'mobile'"
              onChange={(e) => onChange({ where: e.target.value })}
              aria-invalid={invalid("where")}
              autoComplete="off"
              spellCheck={false}
            />
            <FieldProblem problems={problems("where")} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-better`}>Better when it is</label>
            <select
              id={`${id}-better`}
              value={m.better}
              onChange={(e) => onChange({ better: e.target.value })}
              aria-invalid={invalid("better")}
            >
              <option value="">{m.source === "kpi" ? "as the KPI says" : "higher"}</option>
              {withCurrent(["higher", "lower"], m.better).map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
            <FieldProblem problems={problems("better")} />
          </div>
        </div>
      </details>
      <FieldProblem problems={unclaimed(fields, key, claimed)} testId={`${id}-error`} />
    </div>
  );
}
