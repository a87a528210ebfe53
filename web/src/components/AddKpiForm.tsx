import { type FormEvent, useEffect, useMemo, useState } from "react";
import {
  ApiError,
  createKpi,
  type Dataset,
  KPI_GRAINS,
  type KpiDefinition,
  type KpiGrain,
  type KpiTemplate,
  listDatasets,
  listKpiTemplates,
  type Problem,
} from "../api";
import { isNumericType, isTemporalType, typeLabel } from "../format";
import { useLoad } from "../use-load";
import { ErrorNotice, Loading } from "./Status";

const KPI_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

async function loadChoices(): Promise<{ templates: KpiTemplate[]; datasets: Dataset[] }> {
  const [templates, datasets] = await Promise.all([listKpiTemplates(), listDatasets()]);
  return { templates, datasets };
}

/** A column whose name says it plays the role: `amount` for amount, `receipt_id` for order… */
function guessColumn(role: string, columns: Dataset["columns"], taken: Set<string>): string {
  const words: Record<string, string[]> = {
    amount: ["amount", "revenue", "total", "price", "value"],
    order: ["order_id", "receipt_id", "order", "receipt", "invoice"],
    customer: ["customer_id", "customer", "client"],
    converted: ["converted", "conversion", "purchased"],
    score: ["score", "rating", "stars"],
    created: ["created_at", "created", "opened_at"],
    first_response: ["first_response_at", "first_response", "responded_at"],
    start: ["started_at", "start"],
    end: ["completed_at", "ended_at", "end", "resolved_at"],
    on_hand: ["on_hand", "stock"],
    failed: ["rework", "failed", "error"],
  };
  const candidates = [...(words[role] ?? []), role];
  const free = columns.filter((c) => !taken.has(c.name));
  for (const word of candidates) {
    const exact = free.find((c) => c.name.toLowerCase() === word);
    if (exact) return exact.name;
  }
  for (const word of candidates) {
    const partial = free.find((c) => c.name.toLowerCase().includes(word));
    if (partial) return partial.name;
  }
  return "";
}

function guessMap(template: KpiTemplate | undefined, dataset: Dataset | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  if (!template || !dataset) return map;
  const taken = new Set<string>();
  for (const { role } of template.roles) {
    const column = guessColumn(role, dataset.columns, taken);
    map[role] = column;
    if (column) taken.add(column);
  }
  return map;
}

function firstTimeColumn(dataset: Dataset | undefined): string {
  return dataset?.columns.find((c) => isTemporalType(c.type))?.name ?? "";
}

/** The form's fields a server error points at, each with what to say there. */
type FieldErrors = Map<string, string[]>;

/** The role whose column a message names, e.g. `shop` in "a sum needs a number, but `shop` is a text". */
function roleNamedIn(message: string, map: Record<string, string>): string | null {
  const named = [...message.matchAll(/[`"“]([^`"”]+)[`"”]/g)].map((m) => m[1]);
  for (const [role, column] of Object.entries(map)) {
    if (column && named.includes(column)) return role;
  }
  return null;
}

/** Where a field name from the server belongs in the form: a role's select, the time column, the name… */
function fieldKey(
  field: string,
  message: string,
  template: KpiTemplate | undefined,
  map: Record<string, string>,
) {
  const role = /^map\.(.+)$/.exec(field)?.[1];
  if (role) return `map.${role}`;
  if (template?.roles.some((r) => r.role === field)) return `map.${field}`;
  if (field === "time" || field === "time column") return "time";
  if (["name", "label", "dataset", "grain", "template"].includes(field)) return field;
  if (field === "dimension" || field.startsWith("dimensions")) return "dimensions";
  // The measure and filter are built from the mapped columns: point at the role whose column is named.
  if (/^(measure|filter|expression)/.test(field)) {
    const named = roleNamedIn(message, map);
    if (named) return `map.${named}`;
    const roles = template?.roles.filter((r) => map[r.role]) ?? [];
    if (roles.length === 1 && roles[0]) return `map.${roles[0].role}`;
  }
  return null;
}

/**
 * Sorts an error's problems onto the fields they concern. Problems that fit no field, and the
 * message itself, stay in the notice under the form.
 */
export function fieldErrors(
  error: ApiError | null,
  template: KpiTemplate | undefined,
  map: Record<string, string>,
): { fields: FieldErrors; general: Problem[] } {
  const fields: FieldErrors = new Map();
  const general: Problem[] = [];
  if (!error) return { fields, general };
  const add = (key: string, text: string) => fields.set(key, [...(fields.get(key) ?? []), text]);
  for (const problem of error.problems) {
    const key = fieldKey(problem.field ?? "", problem.message, template, map);
    if (key) add(key, problem.fix ? `${problem.message}; ${problem.fix}` : problem.message);
    else general.push(problem);
  }
  if (error.problems.length === 0 && typeof error.details.field === "string") {
    const missing = Array.isArray(error.details.missing) ? error.details.missing.map(String) : [];
    if (missing.length > 0) for (const role of missing) add(`map.${role}`, "Choose a column.");
    else {
      const key = fieldKey(error.details.field, error.message, template, map);
      if (key) add(key, error.message);
    }
  }
  return { fields, general };
}

function problemText(problem: Problem): string {
  const where = [problem.field && `\`${problem.field}\``, problem.column && `at character ${problem.column}`]
    .filter(Boolean)
    .join(" ");
  const what = problem.message.startsWith("`") || !where ? problem.message : `${where}: ${problem.message}`;
  return problem.fix ? `${what} — ${problem.fix}` : what;
}

/**
 * Adds a KPI from the library: a template says what to measure, the user says which of a
 * dataset's columns plays each role. The server checks the result against the data; what it
 * finds wrong is shown next to the field it concerns.
 */
export function AddKpiForm({
  existing,
  onCreated,
  onCancel,
}: {
  existing: string[];
  onCreated: (kpi: KpiDefinition) => void;
  onCancel: () => void;
}) {
  const choices = useLoad(loadChoices, []);
  const [templateId, setTemplateId] = useState("");
  const [datasetName, setDatasetName] = useState("");
  const [map, setMap] = useState<Record<string, string>>({});
  const [time, setTime] = useState("");
  const [grain, setGrain] = useState<KpiGrain | "">("");
  const [dimensions, setDimensions] = useState<string[]>([]);
  const [name, setName] = useState("");
  const [label, setLabel] = useState("");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const templates = choices.data?.templates ?? [];
  const datasets = choices.data?.datasets ?? [];
  const template = templates.find((t) => t.id === templateId);
  const dataset = datasets.find((d) => d.name === datasetName);

  // Start with the first template and the dataset that fits it best.
  useEffect(() => {
    if (!choices.data || templateId) return;
    const first = choices.data.templates[0];
    if (!first) return;
    setTemplateId(first.id);
  }, [choices.data, templateId]);

  const suggestedName = useMemo(() => {
    if (!template) return "";
    let candidate = template.id;
    for (let i = 2; existing.includes(candidate); i++) candidate = `${template.id}-${i}`;
    return candidate;
  }, [template, existing]);

  const chooseTemplate = (id: string) => {
    setTemplateId(id);
    const next = templates.find((t) => t.id === id);
    setMap(guessMap(next, dataset));
    setGrain("");
    setName("");
    setLabel("");
    setError(null);
  };

  const chooseDataset = (value: string) => {
    setDatasetName(value);
    const next = datasets.find((d) => d.name === value);
    setMap(guessMap(template, next));
    setTime(firstTimeColumn(next));
    setDimensions([]);
    setError(null);
  };

  if (choices.status === "error") {
    return <ErrorNotice error={choices.error} what="the KPI templates" onRetry={choices.reload} />;
  }
  if (!choices.data) return <Loading what="the KPI templates" />;

  const effectiveName = name || suggestedName;
  const nameInvalid = effectiveName !== "" && !KPI_NAME.test(effectiveName);
  const nameTaken = existing.includes(effectiveName);
  const missing = template?.roles.filter((r) => !r.optional && !map[r.role]) ?? [];
  const canSave =
    Boolean(template && dataset && time && effectiveName && !nameInvalid && !nameTaken) &&
    missing.length === 0;

  const { fields: fieldProblems, general } = fieldErrors(error, template, map);
  const invalid = (key: string) => fieldProblems.has(key);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!template || !dataset || !canSave) return;
    setSaving(true);
    setError(null);
    try {
      const chosen = Object.fromEntries(Object.entries(map).filter(([, column]) => column !== ""));
      const kpi = await createKpi({
        template: template.id,
        dataset: dataset.name,
        time,
        map: chosen,
        name: effectiveName,
        ...(label.trim() ? { label: label.trim() } : {}),
        ...(grain ? { grain } : {}),
        ...(dimensions.length > 0 ? { dimensions } : {}),
      });
      onCreated(kpi);
    } catch (caught) {
      setError(
        caught instanceof ApiError
          ? caught
          : new ApiError(0, "CLIENT", caught instanceof Error ? caught.message : String(caught)),
      );
    } finally {
      setSaving(false);
    }
  };

  const columns = dataset?.columns ?? [];
  const timeColumns = [...columns].sort(
    (a, b) => Number(isTemporalType(b.type)) - Number(isTemporalType(a.type)),
  );
  const dimensionColumns = columns.filter(
    (c) =>
      !isNumericType(c.type) &&
      !isTemporalType(c.type) &&
      c.name !== time &&
      !Object.values(map).includes(c.name),
  );

  return (
    <form className="card form-card" onSubmit={submit} data-testid="add-kpi-form" noValidate>
      <div className="form-card-head">
        <h2>Add a KPI</h2>
        <p className="section-note">
          Pick what to measure from the library, then which columns of your data it is counted from.
        </p>
      </div>

      <div className="form-grid">
        <div className="field">
          <label htmlFor="kpi-template">What to measure</label>
          <select
            id="kpi-template"
            value={templateId}
            onChange={(e) => chooseTemplate(e.target.value)}
            data-testid="kpi-template"
          >
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
          {template && (
            <span className="field-hint" data-testid="kpi-template-description">
              {template.description} {template.better === "higher" ? "Higher" : "Lower"} is better.
            </span>
          )}
        </div>

        <div className="field">
          <label htmlFor="kpi-dataset">From the dataset</label>
          <select
            id="kpi-dataset"
            value={datasetName}
            onChange={(e) => chooseDataset(e.target.value)}
            data-testid="kpi-dataset"
            aria-invalid={invalid("dataset") || undefined}
          >
            <option value="">Choose a dataset…</option>
            {datasets.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
          <FieldProblems problems={fieldProblems.get("dataset")} />
        </div>
      </div>

      {template && dataset && (
        <>
          <fieldset className="form-group" data-testid="kpi-roles">
            <legend>Columns</legend>
            <div className="form-grid">
              {template.roles.map((r) => {
                const key = `map.${r.role}`;
                return (
                  <div className="field" key={r.role}>
                    <label htmlFor={`kpi-role-${r.role}`}>
                      {r.role.replaceAll("_", " ")}
                      {r.optional && <span className="optional"> optional</span>}
                    </label>
                    <select
                      id={`kpi-role-${r.role}`}
                      value={map[r.role] ?? ""}
                      onChange={(e) => {
                        setMap((m) => ({ ...m, [r.role]: e.target.value }));
                        setError(null);
                      }}
                      aria-invalid={invalid(key) || undefined}
                      data-testid={`kpi-role-${r.role}`}
                    >
                      <option value="">{r.optional ? "— none —" : "Choose a column…"}</option>
                      {columns.map((c) => (
                        <option key={c.name} value={c.name}>
                          {c.name} ({typeLabel(c.type)})
                        </option>
                      ))}
                    </select>
                    <span className="field-hint">{r.description}</span>
                    <FieldProblems problems={fieldProblems.get(key)} />
                  </div>
                );
              })}
              <div className="field">
                <label htmlFor="kpi-time">time</label>
                <select
                  id="kpi-time"
                  value={time}
                  onChange={(e) => {
                    setTime(e.target.value);
                    setError(null);
                  }}
                  aria-invalid={invalid("time") || undefined}
                  data-testid="kpi-time"
                >
                  <option value="">Choose a column…</option>
                  {timeColumns.map((c) => (
                    <option key={c.name} value={c.name}>
                      {c.name} ({typeLabel(c.type)})
                    </option>
                  ))}
                </select>
                <span className="field-hint">the date or time that places a row in a period</span>
                <FieldProblems problems={fieldProblems.get("time")} />
              </div>
            </div>
          </fieldset>

          <div className="form-grid">
            <div className="field">
              <label htmlFor="kpi-grain">Counted per</label>
              <select
                id="kpi-grain"
                value={grain}
                onChange={(e) => setGrain(e.target.value as KpiGrain | "")}
                data-testid="kpi-grain"
              >
                <option value="">{template.grain} (the usual for this KPI)</option>
                {KPI_GRAINS.filter((g) => g !== template.grain).map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="kpi-name">Name</label>
              <input
                id="kpi-name"
                type="text"
                value={name}
                placeholder={suggestedName}
                onChange={(e) => {
                  setName(e.target.value.trim());
                  setError(null);
                }}
                aria-invalid={nameInvalid || nameTaken || invalid("name") || undefined}
                data-testid="kpi-name"
                autoComplete="off"
                spellCheck={false}
              />
              <span className={nameInvalid || nameTaken ? "field-hint text-error" : "field-hint"}>
                {nameTaken
                  ? `There is already a KPI called “${effectiveName}”.`
                  : "lower-case letters, digits, - and _; used in links and in opsloop.yaml"}
              </span>
              <FieldProblems problems={fieldProblems.get("name")} />
            </div>
            <div className="field">
              <label htmlFor="kpi-label">Label</label>
              <input
                id="kpi-label"
                type="text"
                value={label}
                placeholder={template.label}
                onChange={(e) => setLabel(e.target.value)}
                data-testid="kpi-label"
                autoComplete="off"
              />
              <span className="field-hint">the name people read on the dashboard</span>
            </div>
          </div>

          {dimensionColumns.length > 0 && (
            <fieldset className="form-group" data-testid="kpi-dimensions">
              <legend>
                Drill down by <span className="optional">optional</span>
              </legend>
              <div className="chips">
                {dimensionColumns.map((c) => {
                  const on = dimensions.includes(c.name);
                  return (
                    <label key={c.name} className={on ? "chip chip-on" : "chip"}>
                      <input
                        type="checkbox"
                        checked={on}
                        onChange={() =>
                          setDimensions((ds) => (on ? ds.filter((d) => d !== c.name) : [...ds, c.name]))
                        }
                      />
                      {c.name}
                    </label>
                  );
                })}
              </div>
              <span className="field-hint">
                columns to split the KPI by, to see which shop, product or channel moved it
              </span>
              <FieldProblems problems={fieldProblems.get("dimensions")} />
            </fieldset>
          )}
        </>
      )}

      {error && (
        <div className="notice notice-error" role="alert" data-testid="add-kpi-error">
          <div className="notice-title">The KPI was not added</div>
          <div className="notice-body">
            {fieldProblems.size > 0 && general.length === 0 ? "See the field marked above." : error.message}
          </div>
          {general.length > 0 && (
            <ul className="notice-list">
              {general.map((p) => (
                <li key={problemText(p)}>{problemText(p)}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={!canSave || saving}
          data-testid="add-kpi-submit"
        >
          {saving ? "Adding…" : "Add KPI"}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        {template && dataset && missing.length > 0 && (
          <span className="muted small">
            Choose a column for {missing.map((r) => r.role.replaceAll("_", " ")).join(" and ")}.
          </span>
        )}
      </div>
    </form>
  );
}

function FieldProblems({ problems }: { problems: string[] | undefined }) {
  if (!problems || problems.length === 0) return null;
  return (
    <span className="field-error" data-testid="field-error">
      {problems.join(" ")}
    </span>
  );
}
