import { type FormEvent, useMemo, useState } from "react";
import {
  ApiError,
  type Column,
  createExperiment,
  type Dataset,
  deleteExperiment,
  getExperiment,
  getProfile,
  type KpiSummary,
  listDatasets,
  listKpis,
  updateExperiment,
} from "../../api";
import { formatShare } from "../../components/experiments/experiment-format";
import {
  EditModeSwitch,
  FieldProblem,
  RemoveZone,
  SaveProblem,
  YamlEditor,
  YamlProblem,
} from "../../components/experiments/FormParts";
import { ErrorNotice } from "../../components/Status";
import { formatCount, isTemporalType, typeLabel } from "../../format";
import { experimentHref } from "../../router";
import { useLoad } from "../../use-load";
import { AnalysisFields } from "./AnalysisFields";
import { DefinitionPage } from "./DefinitionPage";
import {
  definitionDraft,
  type ExperimentDraft,
  emptyExperimentDraft,
  experimentDefinition,
  experimentDraft,
  experimentYaml,
  type MetricDraft,
  newMetric,
  newVariant,
  parseDefinitionYaml,
  ROUTE_WORDS,
  type VariantDraft,
  withCurrent,
} from "./experiment-draft";
import { asApiError, type FieldProblems, problemsByField, unclaimed } from "./form-errors";
import { MetricCard } from "./MetricCard";

const NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/**
 * The form that defines a new experiment (`name` absent) or changes one: who saw which variant, the
 * metrics to compare and how to analyse them, as a form or as YAML. The server checks the definition
 * against the data; what it finds wrong is shown beside the form and nothing is saved.
 */
export function ExperimentForm({ name }: { name?: string }) {
  return (
    <DefinitionPage
      kind="experiment"
      name={name}
      load={getExperiment}
      href={experimentHref}
      heading="New experiment"
      lede="Which units saw which variant, the metrics to compare and how to analyse them. The dataset says, for each unit, the variant it got; opsloop checks every column and expression against it when you save."
    >
      {(existing) => (
        <ExperimentEditor
          initial={existing ? definitionDraft(existing) : emptyExperimentDraft()}
          editing={name}
        />
      )}
    </DefinitionPage>
  );
}

function guessColumn(columns: Column[], words: string[]): string {
  for (const word of words) {
    const found = columns.find((c) => c.name.toLowerCase() === word);
    if (found) return found.name;
  }
  return "";
}

function ExperimentEditor({ initial, editing }: { initial: ExperimentDraft; editing: string | undefined }) {
  const datasets = useLoad(listDatasets, []);
  const kpis = useLoad(listKpis, []);
  const [draft, setDraft] = useState(initial);
  const [yamlMode, setYamlMode] = useState(false);
  const [yamlText, setYamlText] = useState("");
  const [yamlError, setYamlError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const dataset = datasets.data?.find((d) => d.name === draft.dataset);
  const profile = useLoad(
    () => (dataset ? getProfile(dataset.name) : Promise.resolve(null)),
    [dataset?.name],
  );
  const variantValues = useMemo(
    () => profile.data?.columns.find((c) => c.name === draft.variantColumn)?.top ?? [],
    [profile.data, draft.variantColumn],
  );

  const fields = useMemo(() => {
    const found = problemsByField(error);
    if (error?.status === 409 && !found.has("name")) {
      found.set("name", ["There is already an experiment with this name; choose another."]);
    }
    return found;
  }, [error]);

  const update = (patch: Partial<ExperimentDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setError(null);
  };

  const chooseDataset = (value: string) => {
    const next = datasets.data?.find((d) => d.name === value);
    const columns = next?.columns ?? [];
    const has = (c: string) => columns.some((col) => col.name === c);
    update({
      dataset: value,
      variantColumn: has(draft.variantColumn)
        ? draft.variantColumn
        : guessColumn(columns, ["variant", "variation", "arm", "group", "bucket"]),
      unit: has(draft.unit) ? draft.unit : "",
      time: has(draft.time) ? draft.time : (columns.find((c) => isTemporalType(c.type))?.name ?? ""),
    });
  };

  const switchMode = (toYaml: boolean) => {
    if (toYaml) {
      setYamlText(experimentYaml(draft));
      setYamlError(null);
      setYamlMode(true);
      return;
    }
    const parsed = parseDefinitionYaml(yamlText);
    const read = "error" in parsed ? parsed : experimentDraft(parsed.value);
    if ("error" in read) {
      setYamlError(read.error);
      return;
    }
    setDraft(read.draft);
    setYamlError(null);
    setYamlMode(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let body: unknown;
    if (yamlMode) {
      const parsed = parseDefinitionYaml(yamlText);
      if ("error" in parsed) {
        setYamlError(parsed.error);
        return;
      }
      body = parsed.value;
    } else {
      body = experimentDefinition(draft);
    }
    const bodyName =
      typeof body === "object" && body !== null ? (body as { name?: unknown }).name : undefined;
    if (editing === undefined && typeof bodyName === "string" && ROUTE_WORDS.includes(bodyName)) {
      setError(
        new ApiError(
          0,
          "CLIENT",
          `“${bodyName}” is the name of a page of the dashboard; choose another name.`,
          {
            field: "name",
          },
        ),
      );
      return;
    }
    setYamlError(null);
    setSaving(true);
    setError(null);
    try {
      const saved =
        editing === undefined ? await createExperiment(body) : await updateExperiment(editing, body);
      window.location.hash = experimentHref(saved.name);
    } catch (caught) {
      setError(asApiError(caught));
      setSaving(false);
    }
  };

  const remove = async () => {
    if (editing === undefined) return;
    await deleteExperiment(editing);
    window.location.hash = "#/experiments";
  };

  const cancelHref = editing === undefined ? "#/experiments" : experimentHref(editing);
  return (
    <>
      <form className="card form-card exp-form" onSubmit={submit} noValidate data-testid="experiment-form">
        <div className="exp-form-head">
          <EditModeSwitch yaml={yamlMode} onChange={switchMode} name="experiment-edit-mode" />
          <span className="field-hint">
            The YAML is what opsloop.yaml keeps under <code>experiments:</code>; see{" "}
            <code>docs/experiments.md</code>.
          </span>
        </div>
        <YamlProblem message={yamlError} />
        {yamlMode ? (
          <YamlEditor
            id="experiment-yaml"
            label="Experiment (YAML)"
            value={yamlText}
            onChange={(text) => {
              setYamlText(text);
              setError(null);
            }}
            hint={
              <>
                Needs <code>name</code>, <code>dataset</code>, <code>variantColumn</code>,{" "}
                <code>variants</code> (the first is the control) and <code>metrics</code>.
              </>
            }
          />
        ) : (
          <DraftFields
            draft={draft}
            editing={editing !== undefined}
            datasets={datasets.data ?? []}
            datasetsError={datasets.status === "error" ? datasets.error : null}
            dataset={dataset}
            kpis={kpis.data ?? []}
            variantValues={variantValues}
            fields={fields}
            update={update}
            chooseDataset={chooseDataset}
          />
        )}
        <SaveProblem error={error} title="Not saved" />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={saving}
            data-testid="save-experiment"
          >
            {saving ? "Checking and saving…" : editing === undefined ? "Save experiment" : "Save changes"}
          </button>
          <a className="button" href={cancelHref}>
            Cancel
          </a>
          <span className="muted small">
            Saving checks the columns and every metric against {draft.dataset || "the dataset"}.
          </span>
        </div>
      </form>
      {editing !== undefined && (
        <RemoveZone
          what="experiment"
          testId="remove-experiment"
          onRemove={remove}
          question={
            <>
              Remove <strong>{editing}</strong> from opsloop.yaml? Its data stays in{" "}
              {draft.dataset || "its dataset"}.
            </>
          }
        />
      )}
    </>
  );
}

function ColumnOptions({ columns }: { columns: Column[] }) {
  return (
    <>
      {columns.map((c) => (
        <option key={c.name} value={c.name}>
          {c.name} ({typeLabel(c.type)})
        </option>
      ))}
    </>
  );
}

function DraftFields({
  draft,
  editing,
  datasets,
  datasetsError,
  dataset,
  kpis,
  variantValues,
  fields,
  update,
  chooseDataset,
}: {
  draft: ExperimentDraft;
  editing: boolean;
  datasets: Dataset[];
  datasetsError: ApiError | null;
  dataset: Dataset | undefined;
  kpis: KpiSummary[];
  variantValues: { value: unknown; count: number }[];
  fields: FieldProblems;
  update: (patch: Partial<ExperimentDraft>) => void;
  chooseDataset: (name: string) => void;
}) {
  const invalid = (key: string) => fields.has(key) || undefined;
  const columns = dataset?.columns ?? [];
  const timeColumns = columns.filter((c) => isTemporalType(c.type));
  const otherColumns = columns.filter((c) => !isTemporalType(c.type));
  const nameProblem =
    draft.name !== "" && !NAME.test(draft.name)
      ? "Start with a lower-case letter; use only a-z, 0-9, - and _."
      : ROUTE_WORDS.includes(draft.name)
        ? `“${draft.name}” is the name of a page of the dashboard; choose another.`
        : null;

  const setVariant = (id: number, patch: Partial<VariantDraft>) =>
    update({ variants: draft.variants.map((v) => (v.id === id ? { ...v, ...patch } : v)) });
  const setMetric = (id: number, patch: Partial<MetricDraft>) =>
    update({ metrics: draft.metrics.map((m) => (m.id === id ? { ...m, ...patch } : m)) });

  const weights = draft.variants.map((v) => Number(v.weight));
  const total = weights.every((w) => Number.isFinite(w) && w > 0) ? weights.reduce((a, b) => a + b, 0) : null;
  const kpisHere = kpis.filter((k) => k.dataset === draft.dataset);

  return (
    <>
      <datalist id="experiment-columns">
        {columns.map((c) => (
          <option key={c.name} value={c.name} />
        ))}
      </datalist>
      <datalist id="experiment-variant-values">
        {variantValues.map((v) => (
          <option key={String(v.value)} value={String(v.value)} />
        ))}
      </datalist>

      <fieldset className="form-group form-group-first">
        <legend>The test</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="experiment-name">Name</label>
            <input
              id="experiment-name"
              type="text"
              value={draft.name}
              readOnly={editing}
              placeholder="one-page-checkout"
              onChange={(e) => update({ name: e.target.value.trim() })}
              aria-invalid={invalid("name") ?? (nameProblem ? true : undefined)}
              autoComplete="off"
              spellCheck={false}
              data-testid="experiment-name"
            />
            <span className={nameProblem ? "field-hint text-error" : "field-hint"}>
              {editing
                ? "The name stays; it is used in links and in opsloop.yaml."
                : (nameProblem ?? "lower-case letters, digits, - and _; used in links and in opsloop.yaml")}
            </span>
            <FieldProblem problems={fields.get("name")} />
          </div>
          <div className="field">
            <label htmlFor="experiment-title">
              Title <span className="optional">optional</span>
            </label>
            <input
              id="experiment-title"
              type="text"
              value={draft.title}
              placeholder="One-page checkout"
              onChange={(e) => update({ title: e.target.value })}
              aria-invalid={invalid("title")}
              data-testid="experiment-title-input"
            />
            <FieldProblem problems={fields.get("title")} />
          </div>
          <div className="field">
            <label htmlFor="experiment-owner">
              Owner <span className="optional">optional</span>
            </label>
            <input
              id="experiment-owner"
              type="text"
              value={draft.owner}
              placeholder="Who runs it"
              onChange={(e) => update({ owner: e.target.value })}
              aria-invalid={invalid("owner")}
              data-testid="experiment-owner"
            />
            <FieldProblem problems={fields.get("owner")} />
          </div>
          <div className="field exp-field-wide">
            <label htmlFor="experiment-hypothesis">
              Hypothesis <span className="optional">optional</span>
            </label>
            <textarea
              id="experiment-hypothesis"
              rows={2}
              value={draft.hypothesis}
              placeholder="A checkout on one page loses fewer visitors, so more sessions end in an order."
              onChange={(e) => update({ hypothesis: e.target.value })}
              aria-invalid={invalid("hypothesis")}
              data-testid="experiment-hypothesis"
            />
            <span className="field-hint">What you expect to change, and why.</span>
            <FieldProblem problems={fields.get("hypothesis")} />
          </div>
        </div>
      </fieldset>

      <fieldset className="form-group">
        <legend>Who saw which variant</legend>
        {datasetsError && <ErrorNotice error={datasetsError} what="the datasets" />}
        <div className="form-grid">
          <div className="field">
            <label htmlFor="experiment-dataset">Dataset</label>
            <select
              id="experiment-dataset"
              value={draft.dataset}
              onChange={(e) => chooseDataset(e.target.value)}
              aria-invalid={invalid("dataset")}
              data-testid="experiment-dataset"
            >
              <option value="">Choose a dataset…</option>
              {withCurrent(
                datasets.map((d) => d.name),
                draft.dataset,
              ).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <span className="field-hint">
              {dataset
                ? `${formatCount(dataset.rows)} rows, one per unit or per exposure`
                : "a row per unit (or per exposure) with the variant it got"}
            </span>
            <FieldProblem problems={fields.get("dataset")} />
          </div>
          <div className="field">
            <label htmlFor="experiment-variant-column">Variant column</label>
            <select
              id="experiment-variant-column"
              value={draft.variantColumn}
              onChange={(e) => update({ variantColumn: e.target.value })}
              aria-invalid={invalid("variantColumn")}
              disabled={!dataset && draft.variantColumn === ""}
              data-testid="experiment-variant-column"
            >
              <option value="">Choose a column…</option>
              {draft.variantColumn && !columns.some((c) => c.name === draft.variantColumn) && (
                <option value={draft.variantColumn}>{draft.variantColumn}</option>
              )}
              <ColumnOptions columns={otherColumns} />
            </select>
            <span className="field-hint">
              {variantValues.length > 0
                ? `holds ${variantValues
                    .slice(0, 4)
                    .map((v) => `${String(v.value)} (${formatCount(v.count)})`)
                    .join(", ")}${variantValues.length > 4 ? ", …" : ""}`
                : "the variant each unit was assigned"}
            </span>
            <FieldProblem problems={fields.get("variantColumn")} />
          </div>
          <div className="field">
            <label htmlFor="experiment-unit">
              Unit column <span className="optional">optional</span>
            </label>
            <select
              id="experiment-unit"
              value={draft.unit}
              onChange={(e) => update({ unit: e.target.value })}
              aria-invalid={invalid("unit")}
              data-testid="experiment-unit"
            >
              <option value="">— each row is a unit —</option>
              {draft.unit && !columns.some((c) => c.name === draft.unit) && (
                <option value={draft.unit}>{draft.unit}</option>
              )}
              <ColumnOptions columns={otherColumns} />
            </select>
            <span className="field-hint">the user or session; a unit's rows are added up</span>
            <FieldProblem problems={fields.get("unit")} />
          </div>
          <div className="field">
            <label htmlFor="experiment-time">
              Time column <span className="optional">optional</span>
            </label>
            <select
              id="experiment-time"
              value={draft.time}
              onChange={(e) => update({ time: e.target.value })}
              aria-invalid={invalid("time")}
              data-testid="experiment-time"
            >
              <option value="">— none —</option>
              {draft.time && !columns.some((c) => c.name === draft.time) && (
                <option value={draft.time}>{draft.time}</option>
              )}
              <ColumnOptions columns={timeColumns} />
            </select>
            <span className="field-hint">when a unit was exposed; needed for start and stop</span>
            <FieldProblem problems={fields.get("time")} />
          </div>
          <div className="field">
            <label htmlFor="experiment-start">
              Start <span className="optional">optional</span>
            </label>
            <input
              id="experiment-start"
              type="date"
              value={draft.start}
              onChange={(e) => update({ start: e.target.value })}
              aria-invalid={invalid("start")}
              data-testid="experiment-start"
            />
            <span className="field-hint">first day of the test</span>
            <FieldProblem problems={fields.get("start")} />
          </div>
          <div className="field">
            <label htmlFor="experiment-stop">
              Stop <span className="optional">optional</span>
            </label>
            <input
              id="experiment-stop"
              type="date"
              value={draft.stop}
              onChange={(e) => update({ stop: e.target.value })}
              aria-invalid={invalid("stop")}
              data-testid="experiment-stop"
            />
            <span className="field-hint">last day; leave empty while it runs</span>
            <FieldProblem problems={fields.get("stop")} />
          </div>
        </div>
      </fieldset>

      <fieldset className="form-group" data-testid="experiment-variants">
        <legend>Variants</legend>
        <p className="field-hint exp-group-note">
          The first is the control. Weights are the planned split; they are scaled to add up to 100%.
        </p>
        <div className="exp-variants">
          {draft.variants.map((v, i) => {
            const share = total ? Number(v.weight) / total : null;
            const key = `variants[${i}]`;
            return (
              <div className="exp-variant" key={v.id} data-testid={`variant-${i}`}>
                <span className="exp-variant-role">{i === 0 ? "Control" : `Variant ${i}`}</span>
                <div className="field">
                  <label className="visually-hidden" htmlFor={`variant-${i}-name`}>
                    {i === 0 ? "Control" : `Variant ${i}`}: value of the variant column
                  </label>
                  <input
                    id={`variant-${i}-name`}
                    type="text"
                    value={v.name}
                    placeholder={i === 0 ? "control" : "value in the variant column"}
                    list="experiment-variant-values"
                    onChange={(e) => setVariant(v.id, { name: e.target.value })}
                    aria-invalid={invalid(`${key}.name`)}
                    autoComplete="off"
                    data-testid={`variant-${i}-name`}
                  />
                  <FieldProblem problems={fields.get(`${key}.name`)} />
                </div>
                <div className="field exp-variant-weight">
                  <label className="visually-hidden" htmlFor={`variant-${i}-weight`}>
                    Weight
                  </label>
                  <input
                    id={`variant-${i}-weight`}
                    type="number"
                    min={0}
                    step="any"
                    inputMode="decimal"
                    value={v.weight}
                    onChange={(e) => setVariant(v.id, { weight: e.target.value })}
                    aria-invalid={invalid(`${key}.weight`)}
                    data-testid={`variant-${i}-weight`}
                  />
                  <FieldProblem problems={fields.get(`${key}.weight`)} />
                </div>
                <span className="exp-variant-share muted small">
                  {share === null ? "" : formatShare(share)}
                </span>
                <button
                  type="button"
                  className="button button-small button-quiet"
                  onClick={() => update({ variants: draft.variants.filter((x) => x.id !== v.id) })}
                  disabled={draft.variants.length <= 2}
                  aria-label={`Remove ${i === 0 ? "the control" : `variant ${i}`}`}
                  title={
                    draft.variants.length <= 2 ? "A test needs a control and at least one variant" : undefined
                  }
                  data-testid={`variant-${i}-remove`}
                >
                  ✕
                </button>
              </div>
            );
          })}
        </div>
        <FieldProblem
          problems={unclaimed(
            fields,
            "variants",
            draft.variants.flatMap((_, i) => [`variants[${i}].name`, `variants[${i}].weight`]),
          )}
        />
        <button
          type="button"
          className="button button-small exp-add"
          onClick={() => update({ variants: [...draft.variants, newVariant("", "0.5")] })}
          disabled={draft.variants.length >= 20}
          data-testid="add-variant"
        >
          Add a variant
        </button>
      </fieldset>

      <fieldset className="form-group" data-testid="experiment-metrics">
        <legend>Metrics</legend>
        <p className="field-hint exp-group-note">
          What to compare between the variants: a KPI over {draft.dataset || "the dataset"}, or an expression
          over its columns, added up per unit.
        </p>
        <div className="exp-metrics">
          {draft.metrics.map((m, i) => (
            <MetricCard
              key={m.id}
              index={i}
              metric={m}
              kpis={kpisHere}
              allKpis={kpis}
              dataset={draft.dataset}
              fields={fields}
              canRemove={draft.metrics.length > 1}
              onChange={(patch) => setMetric(m.id, patch)}
              onRemove={() => update({ metrics: draft.metrics.filter((x) => x.id !== m.id) })}
            />
          ))}
        </div>
        <FieldProblem problems={fields.get("metrics")} />
        <button
          type="button"
          className="button button-small exp-add"
          onClick={() =>
            update({
              metrics: [...draft.metrics, newMetric(draft.metrics.length === 0 ? "primary" : "secondary")],
            })
          }
          disabled={draft.metrics.length >= 50}
          data-testid="add-metric"
        >
          Add a metric
        </button>
      </fieldset>

      <AnalysisFields draft={draft} fields={fields} update={update} />
    </>
  );
}
