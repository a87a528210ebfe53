import { type FormEvent, useMemo, useRef, useState } from "react";
import {
  ApiError,
  analyzePilot,
  deletePilot,
  getKpiSeries,
  getPilot,
  type KpiSummary,
  listKpis,
  listPilots,
  PILOT_WEEKDAYS,
  type PilotReport,
  savePilot,
} from "../../api";
import {
  EditModeSwitch,
  FieldProblem,
  RemoveZone,
  SaveProblem,
  YamlEditor,
  YamlProblem,
} from "../../components/experiments/FormParts";
import { PilotFacts, PilotResults } from "../../components/experiments/PilotResults";
import { ErrorNotice } from "../../components/Status";
import { formatDuration } from "../../format";
import { pilotHref } from "../../router";
import { useLoad } from "../../use-load";
import { DefinitionPage } from "./DefinitionPage";
import { parseDefinitionYaml, ROUTE_WORDS } from "./experiment-draft";
import { asApiError, type FieldProblems, problemsByField } from "./form-errors";
import { emptyPilotDraft, type PilotDraft, pilotDefinition, pilotDraft, pilotYaml } from "./pilot-draft";

const NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/** The name a preview runs under before the pilot has one; the server needs a name, it saves nothing. */
const PREVIEW_NAME = "preview";

type Preview =
  | { status: "idle" }
  | { status: "running" }
  | { status: "ok"; report: PilotReport }
  | { status: "error"; error: ApiError };

/**
 * The form that defines a new pilot (`name` absent) or changes one: the KPI, the unit that changed and
 * those that did not, the date of the change and how to compare them. Preview analyses it without
 * saving; Save keeps it in opsloop.yaml once the server has analysed it.
 */
export function PilotForm({ name }: { name?: string }) {
  return (
    <DefinitionPage
      kind="pilot"
      name={name}
      load={getPilot}
      href={pilotHref}
      heading="New pilot"
      lede="A change tried in one place — a shop, a team — while others carried on as before. opsloop compares the place that changed with what the others suggest it would have done without the change."
    >
      {(existing) => {
        const read = existing ? pilotDraft(existing) : null;
        return (
          <PilotEditor initial={read && "draft" in read ? read.draft : emptyPilotDraft()} editing={name} />
        );
      }}
    </DefinitionPage>
  );
}

/** The values of a KPI's dimension, read from its series split by that dimension. */
async function dimensionValues(kpi: string, by: string): Promise<string[]> {
  const series = await getKpiSeries(kpi, { by, grain: "quarter" });
  const names = new Set<string>();
  for (const point of series.points)
    for (const segment of Object.keys(point.segments ?? {})) names.add(segment);
  return [...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

function PilotEditor({ initial, editing }: { initial: PilotDraft; editing: string | undefined }) {
  const kpis = useLoad(listKpis, []);
  const pilots = useLoad(() => (editing === undefined ? listPilots() : Promise.resolve([])), [editing]);
  const [draft, setDraft] = useState(initial);
  const [yamlMode, setYamlMode] = useState(false);
  const [yamlText, setYamlText] = useState("");
  const [yamlError, setYamlError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [preview, setPreview] = useState<Preview>({ status: "idle" });
  const latest = useRef(0);
  const previewRef = useRef<HTMLElement>(null);

  const kpi = kpis.data?.find((k) => k.name === draft.kpi);
  const values = useLoad(
    () => (draft.kpi && draft.by ? dimensionValues(draft.kpi, draft.by) : Promise.resolve(null)),
    [draft.kpi, draft.by],
  );
  const fields = useMemo(() => problemsByField(error), [error]);

  const update = (patch: Partial<PilotDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setError(null);
  };

  const chooseKpi = (value: string) => {
    const next = kpis.data?.find((k) => k.name === value);
    const dimensions = next?.dimensions ?? [];
    update({
      kpi: value,
      by: dimensions.includes(draft.by) ? draft.by : (dimensions[0] ?? ""),
      treated: "",
      controls: [],
    });
  };

  const switchMode = (toYaml: boolean) => {
    if (toYaml) {
      setYamlText(pilotYaml(draft));
      setYamlError(null);
      setYamlMode(true);
      return;
    }
    const parsed = parseDefinitionYaml(yamlText);
    const read = "error" in parsed ? parsed : pilotDraft(parsed.value);
    if ("error" in read) {
      setYamlError(read.error);
      return;
    }
    setDraft(read.draft);
    setYamlError(null);
    setYamlMode(false);
  };

  /** The definition as it stands, from the form or the YAML; null when the YAML cannot be read. */
  const current = (): Record<string, unknown> | null => {
    if (!yamlMode) return pilotDefinition(draft);
    const parsed = parseDefinitionYaml(yamlText);
    if ("error" in parsed) {
      setYamlError(parsed.error);
      return null;
    }
    setYamlError(null);
    const value = parsed.value;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { value };
  };

  const runPreview = () => {
    const definition = current();
    if (!definition) return;
    const call = ++latest.current;
    setPreview({ status: "running" });
    analyzePilot({ ...definition, name: definition.name ?? PREVIEW_NAME }).then(
      (report) => {
        if (call !== latest.current) return;
        setPreview({ status: "ok", report });
        window.requestAnimationFrame(() =>
          previewRef.current?.scrollIntoView({ block: "start", behavior: "smooth" }),
        );
      },
      (caught: unknown) => {
        if (call === latest.current) setPreview({ status: "error", error: asApiError(caught) });
      },
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const definition = current();
    if (!definition) return;
    const pilotName = typeof definition.name === "string" ? definition.name : "";
    const refuse = (message: string) => setError(new ApiError(0, "CLIENT", message, { field: "name" }));
    if (pilotName === "") return refuse("Give the pilot a name to save it.");
    if (editing === undefined && ROUTE_WORDS.includes(pilotName)) {
      return refuse(`“${pilotName}” is the name of a page of the dashboard; choose another name.`);
    }
    if (editing === undefined && pilots.data?.some((p) => p.name === pilotName)) {
      return refuse(`There is already a pilot called “${pilotName}”; choose another name.`);
    }
    if (editing !== undefined && pilotName !== editing) {
      return refuse(`The name stays “${editing}”; to use another, define a new pilot.`);
    }
    setSaving(true);
    setError(null);
    try {
      const saved = await savePilot(pilotName, definition);
      window.location.hash = pilotHref(saved.name);
    } catch (caught) {
      setError(asApiError(caught));
      setSaving(false);
    }
  };

  const remove = async () => {
    if (editing === undefined) return;
    await deletePilot(editing);
    window.location.hash = "#/experiments";
  };

  return (
    <>
      <form className="card form-card exp-form" onSubmit={submit} noValidate data-testid="pilot-form">
        <div className="exp-form-head">
          <EditModeSwitch yaml={yamlMode} onChange={switchMode} name="pilot-edit-mode" />
          <span className="field-hint">
            The YAML is what opsloop.yaml keeps under <code>pilots:</code>; see{" "}
            <code>docs/experiments.md</code>.
          </span>
        </div>
        <YamlProblem message={yamlError} />
        {yamlMode ? (
          <YamlEditor
            id="pilot-yaml"
            label="Pilot (YAML)"
            value={yamlText}
            onChange={(text) => {
              setYamlText(text);
              setError(null);
            }}
            hint={
              <>
                Needs <code>name</code>, <code>kpi</code>, <code>treated</code>, <code>controls</code> and{" "}
                <code>changeDate</code>.
              </>
            }
          />
        ) : (
          <PilotFields
            draft={draft}
            editing={editing !== undefined}
            kpis={kpis.data ?? []}
            kpisError={kpis.status === "error" ? kpis.error : null}
            kpi={kpi}
            values={values.data ?? null}
            valuesLoading={values.status === "loading"}
            fields={fields}
            update={update}
            chooseKpi={chooseKpi}
          />
        )}
        <SaveProblem error={error} title="Not saved" />
        <div className="form-actions">
          <button
            type="button"
            className="button"
            onClick={runPreview}
            disabled={preview.status === "running"}
            data-testid="preview-pilot"
          >
            {preview.status === "running" ? "Analysing…" : "Preview"}
          </button>
          <button type="submit" className="button button-primary" disabled={saving} data-testid="save-pilot">
            {saving ? "Analysing and saving…" : editing === undefined ? "Save pilot" : "Save changes"}
          </button>
          <a className="button" href={editing === undefined ? "#/experiments" : pilotHref(editing)}>
            Cancel
          </a>
          <span className="muted small">Preview analyses the pilot without saving it.</span>
        </div>
      </form>

      <section
        className="section exp-preview"
        aria-label="Preview"
        ref={previewRef}
        data-testid="pilot-preview"
      >
        {preview.status === "running" && (
          <div className="status status-loading" role="status">
            <span className="spinner" aria-hidden="true" />
            Analysing the pilot…
          </div>
        )}
        {preview.status === "error" && (
          <div className="notice notice-error" role="alert" data-testid="preview-error">
            <div className="notice-title">The pilot cannot be analysed like this</div>
            <div className="notice-body">{preview.error.message}</div>
          </div>
        )}
        {preview.status === "ok" && (
          <>
            <div className="section-head">
              <h2>Preview</h2>
              <p className="section-note">
                Not saved yet. Analysed in {formatDuration(preview.report.seconds * 1000)}.
              </p>
            </div>
            <PilotFacts report={preview.report} />
            <PilotResults report={preview.report} />
          </>
        )}
      </section>

      {editing !== undefined && (
        <RemoveZone
          what="pilot"
          testId="remove-pilot"
          onRemove={remove}
          question={
            <>
              Remove <strong>{editing}</strong> from opsloop.yaml? The data stays.
            </>
          }
        />
      )}
    </>
  );
}

const WEEKDAY_WORDS: Record<string, string> = {
  monday: "Mon",
  tuesday: "Tue",
  wednesday: "Wed",
  thursday: "Thu",
  friday: "Fri",
  saturday: "Sat",
  sunday: "Sun",
};

function PilotFields({
  draft,
  editing,
  kpis,
  kpisError,
  kpi,
  values,
  valuesLoading,
  fields,
  update,
  chooseKpi,
}: {
  draft: PilotDraft;
  editing: boolean;
  kpis: KpiSummary[];
  kpisError: ApiError | null;
  kpi: KpiSummary | undefined;
  values: string[] | null;
  valuesLoading: boolean;
  fields: FieldProblems;
  update: (patch: Partial<PilotDraft>) => void;
  chooseKpi: (name: string) => void;
}) {
  const invalid = (key: string) => fields.has(key) || undefined;
  const nameProblem =
    draft.name !== "" && !NAME.test(draft.name)
      ? "Start with a lower-case letter; use only a-z, 0-9, - and _."
      : ROUTE_WORDS.includes(draft.name)
        ? `“${draft.name}” is the name of a page of the dashboard; choose another.`
        : null;
  const dimensions = kpi?.dimensions ?? [];
  const unitWord = kpi?.unit === "%" ? "percentage points" : kpi?.unit || "the KPI's unit";
  const choices = values && values.length > 0 && values.length <= 60 ? values : null;
  const controlChoices = choices
    ? [...choices, ...draft.controls.filter((c) => !choices.includes(c))].filter((v) => v !== draft.treated)
    : [];

  return (
    <>
      <datalist id="pilot-values">
        {(values ?? []).map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>

      <fieldset className="form-group form-group-first">
        <legend>The pilot</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="pilot-name">Name</label>
            <input
              id="pilot-name"
              type="text"
              value={draft.name}
              readOnly={editing}
              placeholder="early-opening"
              onChange={(e) => update({ name: e.target.value.trim() })}
              aria-invalid={invalid("name") ?? (nameProblem ? true : undefined)}
              autoComplete="off"
              spellCheck={false}
              data-testid="pilot-name"
            />
            <span className={nameProblem ? "field-hint text-error" : "field-hint"}>
              {editing
                ? "The name stays; it is used in links and in opsloop.yaml."
                : (nameProblem ?? "needed to save; lower-case letters, digits, - and _")}
            </span>
            <FieldProblem problems={fields.get("name")} />
          </div>
          <div className="field">
            <label htmlFor="pilot-title">
              Title <span className="optional">optional</span>
            </label>
            <input
              id="pilot-title"
              type="text"
              value={draft.title}
              placeholder="Opening at 06:00"
              onChange={(e) => update({ title: e.target.value })}
              aria-invalid={invalid("title")}
            />
            <FieldProblem problems={fields.get("title")} />
          </div>
          <div className="field">
            <label htmlFor="pilot-owner">
              Owner <span className="optional">optional</span>
            </label>
            <input
              id="pilot-owner"
              type="text"
              value={draft.owner}
              placeholder="Who runs it"
              onChange={(e) => update({ owner: e.target.value })}
              aria-invalid={invalid("owner")}
            />
            <FieldProblem problems={fields.get("owner")} />
          </div>
          <div className="field exp-field-wide">
            <label htmlFor="pilot-hypothesis">
              Hypothesis <span className="optional">optional</span>
            </label>
            <textarea
              id="pilot-hypothesis"
              rows={2}
              value={draft.hypothesis}
              placeholder="Opening an hour earlier brings commuters in without taking sales from later hours."
              onChange={(e) => update({ hypothesis: e.target.value })}
              aria-invalid={invalid("hypothesis")}
            />
            <FieldProblem problems={fields.get("hypothesis")} />
          </div>
        </div>
      </fieldset>

      <fieldset className="form-group">
        <legend>What changed where</legend>
        {kpisError && <ErrorNotice error={kpisError} what="the KPIs" />}
        <div className="form-grid">
          <div className="field">
            <label htmlFor="pilot-kpi">KPI</label>
            <select
              id="pilot-kpi"
              value={draft.kpi}
              onChange={(e) => chooseKpi(e.target.value)}
              aria-invalid={invalid("kpi")}
              data-testid="pilot-kpi"
            >
              <option value="">Choose a KPI…</option>
              {draft.kpi && !kpis.some((k) => k.name === draft.kpi) && (
                <option value={draft.kpi}>{draft.kpi}</option>
              )}
              {kpis.map((k) => (
                <option key={k.name} value={k.name} disabled={k.dimensions.length === 0}>
                  {k.label ?? k.name}
                  {k.dimensions.length === 0 ? " (no dimension to split by)" : ""}
                </option>
              ))}
            </select>
            <span className="field-hint">measured per unit, e.g. revenue per shop</span>
            <FieldProblem problems={fields.get("kpi")} />
          </div>
          <div className="field">
            <label htmlFor="pilot-by">Units are values of</label>
            <select
              id="pilot-by"
              value={draft.by}
              onChange={(e) => update({ by: e.target.value })}
              aria-invalid={invalid("by")}
              data-testid="pilot-by"
            >
              <option value="">— find it from the values —</option>
              {draft.by && !dimensions.includes(draft.by) && <option value={draft.by}>{draft.by}</option>}
              {dimensions.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
            <span className="field-hint">the KPI's dimension that names the units</span>
            <FieldProblem problems={fields.get("by")} />
          </div>
          <div className="field">
            <label htmlFor="pilot-treated">Changed</label>
            {choices ? (
              <select
                id="pilot-treated"
                value={draft.treated}
                onChange={(e) =>
                  update({
                    treated: e.target.value,
                    controls: draft.controls.filter((c) => c !== e.target.value),
                  })
                }
                aria-invalid={invalid("treated")}
                data-testid="pilot-treated"
              >
                <option value="">Choose the unit that changed…</option>
                {draft.treated && !choices.includes(draft.treated) && (
                  <option value={draft.treated}>{draft.treated}</option>
                )}
                {choices.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id="pilot-treated"
                type="text"
                value={draft.treated}
                placeholder="shop-1"
                list="pilot-values"
                onChange={(e) => update({ treated: e.target.value })}
                aria-invalid={invalid("treated")}
                autoComplete="off"
                data-testid="pilot-treated"
              />
            )}
            <span className="field-hint">the unit that made the change</span>
            <FieldProblem problems={fields.get("treated")} />
          </div>
          <div className="field">
            <label htmlFor="pilot-change-date">Change from</label>
            <input
              id="pilot-change-date"
              type="date"
              value={draft.changeDate}
              onChange={(e) => update({ changeDate: e.target.value })}
              aria-invalid={invalid("changeDate")}
              data-testid="pilot-change-date"
            />
            <span className="field-hint">the first day of the change</span>
            <FieldProblem problems={fields.get("changeDate")} />
          </div>
          <fieldset className="field exp-field-wide" data-testid="pilot-controls">
            <legend>Compared with</legend>
            {choices ? (
              <div className="chips">
                {controlChoices.map((v) => {
                  const on = draft.controls.includes(v);
                  return (
                    <label key={v} className={on ? "chip chip-on" : "chip"}>
                      <input
                        type="checkbox"
                        checked={on}
                        onChange={() =>
                          update({
                            controls: on ? draft.controls.filter((c) => c !== v) : [...draft.controls, v],
                          })
                        }
                        data-testid={`pilot-control-${v}`}
                      />
                      {v}
                    </label>
                  );
                })}
                {controlChoices.length === 0 && (
                  <span className="muted small">No other unit to compare with.</span>
                )}
              </div>
            ) : (
              <input
                type="text"
                aria-label="Compared with"
                value={draft.controls.join(", ")}
                placeholder="shop-2, shop-3"
                onChange={(e) => update({ controls: e.target.value.split(",").map((c) => c.trimStart()) })}
                aria-invalid={invalid("controls")}
                autoComplete="off"
                data-testid="pilot-controls-text"
              />
            )}
            <span className="field-hint">
              {valuesLoading && draft.by
                ? `Reading the values of ${draft.by}…`
                : choices
                  ? "units that carried on as before; more controls give the synthetic control more to work with"
                  : "units that carried on as before, separated by commas"}
            </span>
            <FieldProblem problems={fields.get("controls")} />
          </fieldset>
        </div>
      </fieldset>

      <fieldset className="form-group">
        <legend>How to compare</legend>
        <div className="form-grid">
          <fieldset className="field exp-field-span">
            <legend>Compare</legend>
            <div className="segmented" role="radiogroup" aria-label="Compare">
              {(
                [
                  ["", "Automatically"],
                  ["log", "Percentage changes"],
                  ["level", `Changes in ${unitWord}`],
                ] as const
              ).map(([scale, word]) => (
                <label key={scale} className={draft.scale === scale ? "segment segment-on" : "segment"}>
                  <input
                    type="radio"
                    name="pilot-scale"
                    checked={draft.scale === scale}
                    onChange={() => update({ scale })}
                    data-testid={`pilot-scale-${scale || "auto"}`}
                  />
                  {word}
                </label>
              ))}
            </div>
            <span className="field-hint">
              {draft.scale === "log"
                ? "Right when units differ in size and share the same ups and downs in percent; needs every value above 0."
                : draft.scale === "level"
                  ? `Assumes the units would have moved by the same amount in ${unitWord}.`
                  : "Percentage changes when every value is above 0, otherwise changes in the KPI's unit."}
            </span>
            <FieldProblem problems={fields.get("scale")} />
          </fieldset>
          <fieldset className="field">
            <legend>Per</legend>
            <div className="segmented" role="radiogroup" aria-label="Per">
              {(
                [
                  ["day", "Day"],
                  ["week", "Week"],
                ] as const
              ).map(([grain, word]) => (
                <label key={grain} className={draft.grain === grain ? "segment segment-on" : "segment"}>
                  <input
                    type="radio"
                    name="pilot-grain"
                    checked={draft.grain === grain}
                    onChange={() => update({ grain })}
                    data-testid={`pilot-grain-${grain}`}
                  />
                  {word}
                </label>
              ))}
            </div>
            <FieldProblem problems={fields.get("grain")} />
          </fieldset>
          <div className="field">
            <label htmlFor="pilot-from">
              Data from <span className="optional">optional</span>
            </label>
            <input
              id="pilot-from"
              type="date"
              value={draft.from}
              onChange={(e) => update({ from: e.target.value })}
              aria-invalid={invalid("from")}
              data-testid="pilot-from"
            />
            <span className="field-hint">default: 12 weeks before the change</span>
            <FieldProblem problems={fields.get("from")} />
          </div>
          <div className="field">
            <label htmlFor="pilot-to">
              Data to <span className="optional">optional</span>
            </label>
            <input
              id="pilot-to"
              type="date"
              value={draft.to}
              onChange={(e) => update({ to: e.target.value })}
              aria-invalid={invalid("to")}
              data-testid="pilot-to"
            />
            <span className="field-hint">default: 12 weeks after the change</span>
            <FieldProblem problems={fields.get("to")} />
          </div>
          <div className="field">
            <label htmlFor="pilot-filter">
              Only rows where <span className="optional">optional</span>
            </label>
            <input
              id="pilot-filter"
              type="text"
              className="exp-expression"
              value={draft.filter}
              placeholder="channel = 'counter'"
              onChange={(e) => update({ filter: e.target.value })}
              aria-invalid={invalid("filter")}
              autoComplete="off"
              spellCheck={false}
              data-testid="pilot-filter"
            />
            <span className="field-hint">the part of the KPI the change could touch</span>
            <FieldProblem problems={fields.get("filter")} />
          </div>
          <fieldset className="field exp-field-wide">
            <legend>
              Leave out <span className="optional">optional</span>
            </legend>
            <div className="chips">
              {PILOT_WEEKDAYS.map((day) => {
                const on = draft.excludeWeekdays.includes(day);
                return (
                  <label key={day} className={on ? "chip chip-on" : "chip"}>
                    <input
                      type="checkbox"
                      checked={on}
                      onChange={() =>
                        update({
                          excludeWeekdays: on
                            ? draft.excludeWeekdays.filter((d) => d !== day)
                            : PILOT_WEEKDAYS.filter((d) => d === day || draft.excludeWeekdays.includes(d)),
                        })
                      }
                      data-testid={`pilot-exclude-${day}`}
                    />
                    {WEEKDAY_WORDS[day]}
                  </label>
                );
              })}
            </div>
            <span className="field-hint">
              days the change did not apply, e.g. Sunday when the new hours are on working days
            </span>
            <FieldProblem problems={fields.get("excludeWeekdays")} />
          </fieldset>
        </div>
      </fieldset>
    </>
  );
}
