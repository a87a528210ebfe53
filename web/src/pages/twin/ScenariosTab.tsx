import { useEffect, useMemo, useRef, useState } from "react";
import { ApiError, simulateTwin, type TwinModel, type TwinSimulation } from "../../api";
import { Empty, ErrorNotice } from "../../components/Status";
import { NumberField } from "../../components/twin/NumberField";
import { ScenarioResults } from "../../components/twin/ScenarioResults";
import { formatCount } from "../../format";
import type { TwinBuildState, TwinViewPatch } from "../TwinPage";
import {
  CHANGE_KINDS,
  type ChangeDraft,
  type ChangeKind,
  describeChange,
  newChange,
  newKey,
  parseScenariosYaml,
  type ScenarioDraft,
  scenariosYaml,
  TWIN_WEEKDAYS,
  toScenario,
  WEEKDAY_WORDS,
} from "./scenarios";
import type { TwinView } from "./view-state";

type RunState =
  | { status: "idle" }
  | { status: "running"; started: number; scenarios: number }
  | { status: "ok"; result: TwinSimulation; model: TwinModel }
  | { status: "error"; error: ApiError };

/** The pool that waits longest is where extra capacity most likely helps: the editor starts there. */
function firstScenario(model: TwinModel): ScenarioDraft {
  const pools = Object.keys(model.resources ?? {});
  const bakeLike = model.activities.find((a) => /bake/i.test(a.name) && a.resource)?.resource;
  const pool = bakeLike ?? pools[0] ?? "";
  return {
    key: newKey(),
    name: `one-more-${pool || "unit"}`,
    description: "",
    changes: [
      newChange(
        "capacity",
        pool ? [pool] : pools,
        model.activities.map((a) => a.name),
      ),
    ],
  };
}

export function ScenariosTab({
  twin,
  view,
  update,
}: {
  twin: TwinBuildState;
  view: TwinView;
  update: (patch: TwinViewPatch) => void;
}) {
  const model = twin.status === "ok" ? twin.build.model : null;
  const [drafts, setDrafts] = useState<ScenarioDraft[]>([]);
  const [yamlMode, setYamlMode] = useState(false);
  const [yamlText, setYamlText] = useState("");
  const [yamlError, setYamlError] = useState<string | null>(null);
  const [run, setRun] = useState<RunState>({ status: "idle" });
  const [elapsed, setElapsed] = useState(0);
  const latest = useRef(0);

  // A newly built twin starts the editor with one scenario for it.
  useEffect(() => {
    if (model) {
      setDrafts([firstScenario(model)]);
      setRun({ status: "idle" });
      setYamlMode(false);
    }
  }, [model]);

  useEffect(() => {
    if (run.status !== "running") return;
    const timer = window.setInterval(() => setElapsed((Date.now() - run.started) / 1000), 200);
    return () => window.clearInterval(timer);
  }, [run]);

  const pools = useMemo(() => Object.keys(model?.resources ?? {}), [model]);
  const activities = useMemo(() => model?.activities.map((a) => a.name) ?? [], [model]);

  if (!model) {
    return (
      <Empty title={twin.status === "building" ? "The twin is being built…" : "Build the twin first"}>
        Scenarios change a calibrated model. Build one on the{" "}
        <button type="button" className="link-button" onClick={() => update({ tab: "model" })}>
          Model tab
        </button>
        .
      </Empty>
    );
  }

  const setDraft = (key: number, patch: Partial<ScenarioDraft>) =>
    setDrafts((list) => list.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  const setChange = (key: number, index: number, change: ChangeDraft) =>
    setDrafts((list) =>
      list.map((d) =>
        d.key === key ? { ...d, changes: d.changes.map((c, i) => (i === index ? change : c)) } : d,
      ),
    );

  const problems = yamlMode ? [] : draftProblems(drafts);

  const switchMode = (toYaml: boolean) => {
    if (toYaml) {
      setYamlText(scenariosYaml(drafts));
      setYamlError(null);
      setYamlMode(true);
      return;
    }
    const parsed = parseScenariosYaml(yamlText);
    if ("error" in parsed) {
      setYamlError(parsed.error);
      return;
    }
    setDrafts(parsed.drafts);
    setYamlError(null);
    setYamlMode(false);
  };

  const start = () => {
    const call = ++latest.current;
    const scenarios = yamlMode ? yamlText : drafts.map(toScenario);
    const count = yamlMode ? 1 : drafts.length;
    setElapsed(0);
    setRun({ status: "running", started: Date.now(), scenarios: count });
    simulateTwin({
      model,
      scenarios,
      cases: view.cases,
      replications: view.replications,
      seed: view.seed,
    }).then(
      (result) => {
        if (call === latest.current) setRun({ status: "ok", result, model });
      },
      (error: unknown) => {
        if (call !== latest.current) return;
        setRun({
          status: "error",
          error:
            error instanceof ApiError
              ? error
              : new ApiError(0, "CLIENT", error instanceof Error ? error.message : String(error)),
        });
      },
    );
  };

  return (
    <>
      <div className="section-head">
        <h2>What if…</h2>
        <p className="section-note">
          Each scenario changes the twin of <strong>{twin.status === "ok" ? twin.log : model.name}</strong>,
          and the baseline is the twin as calibrated. All run with the same random numbers, so differences
          come from the change, not from chance.
        </p>
      </div>
      <div className="twin-editor-head">
        <fieldset className="field">
          <legend>Edit as</legend>
          <div className="segmented" role="radiogroup" aria-label="Edit scenarios as">
            {(
              [
                [false, "Form"],
                [true, "YAML"],
              ] as const
            ).map(([mode, word]) => (
              <label key={word} className={yamlMode === mode ? "segment segment-on" : "segment"}>
                <input
                  type="radio"
                  name="twin-edit-mode"
                  checked={yamlMode === mode}
                  onChange={() => switchMode(mode)}
                  data-testid={`edit-${word.toLowerCase()}`}
                />
                {word}
              </label>
            ))}
          </div>
        </fieldset>
        {!yamlMode && (
          <button
            type="button"
            className="button button-small"
            onClick={() =>
              setDrafts((list) => [
                ...list,
                {
                  key: newKey(),
                  name: `scenario-${list.length + 1}`,
                  description: "",
                  changes: [newChange("demand", pools, activities)],
                },
              ])
            }
            data-testid="add-scenario"
          >
            Add a scenario
          </button>
        )}
      </div>
      {yamlError && (
        <div className="notice notice-error" role="alert" data-testid="yaml-error">
          <div className="notice-title">The YAML cannot be shown as a form</div>
          <div className="notice-body">{yamlError}</div>
        </div>
      )}
      {yamlMode ? (
        <div className="field twin-yaml-editor">
          <label htmlFor="twin-scenarios-yaml">Scenario file (YAML)</label>
          <textarea
            id="twin-scenarios-yaml"
            className="twin-textarea"
            spellCheck={false}
            value={yamlText}
            rows={Math.min(24, Math.max(8, yamlText.split("\n").length + 1))}
            onChange={(e) => setYamlText(e.target.value)}
            data-testid="scenarios-yaml"
          />
          <span className="field-hint">
            Changes: <code>capacity</code>, <code>duration</code>, <code>automate</code>, <code>routing</code>
            , <code>demand</code>, <code>arrivals</code> — see <code>docs/twin-model.md</code>. Pools:{" "}
            {pools.join(", ") || "none"}.
          </span>
        </div>
      ) : (
        <div className="twin-scenarios" data-testid="scenario-list">
          {drafts.length === 0 && (
            <Empty title="No scenarios">Add one to compare it with the baseline.</Empty>
          )}
          {drafts.map((draft, si) => (
            <ScenarioCard
              key={draft.key}
              index={si}
              draft={draft}
              pools={pools}
              activities={activities}
              onChange={(patch) => setDraft(draft.key, patch)}
              onChangeRow={(i, change) => setChange(draft.key, i, change)}
              onRemove={() => setDrafts((list) => list.filter((d) => d.key !== draft.key))}
            />
          ))}
        </div>
      )}
      <div className="controls controls-plain twin-run">
        <NumberField
          id="twin-cases"
          label="Cases per run"
          value={view.cases}
          min={10}
          max={100_000}
          step={100}
          onChange={(cases) => update({ cases: Math.round(cases) })}
          testId="run-cases"
        />
        <NumberField
          id="twin-replications"
          label="Replications"
          value={view.replications}
          min={2}
          max={50}
          step={1}
          onChange={(replications) => update({ replications: Math.round(replications) })}
          testId="run-replications"
        />
        <NumberField
          id="twin-seed"
          label="Seed"
          value={view.seed}
          min={0}
          step={1}
          onChange={(seed) => update({ seed: Math.round(seed) })}
        />
        <button
          type="button"
          className="button button-primary"
          onClick={start}
          disabled={run.status === "running" || problems.length > 0 || (!yamlMode && drafts.length === 0)}
          data-testid="run-scenarios"
        >
          {run.status === "running" ? "Running…" : "Run"}
        </button>
        <span className="field-hint twin-hint">
          {formatCount(view.cases)} cases × {view.replications} replications for the baseline and each
          scenario.
        </span>
      </div>
      {problems.length > 0 && (
        <ul className="twin-problems" data-testid="scenario-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {run.status === "running" && (
        <div className="status status-loading" role="status" data-testid="simulation-running">
          <span className="spinner" aria-hidden="true" />
          Simulating the baseline and {run.scenarios === 1 ? "the scenario" : `${run.scenarios} scenarios`}…{" "}
          {elapsed.toFixed(1)} s
        </div>
      )}
      {run.status === "error" && <ErrorNotice error={run.error} what="the simulation" onRetry={start} />}
      {run.status === "idle" && (
        <p className="muted" data-testid="simulation-idle">
          Press <strong>Run</strong> to compare the scenarios with the baseline.
        </p>
      )}
      {run.status === "ok" && <ScenarioResults result={run.result} model={run.model} />}
    </>
  );
}

function draftProblems(drafts: ScenarioDraft[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const [i, d] of drafts.entries()) {
    const name = d.name.trim();
    if (!name) problems.push(`Scenario ${i + 1} needs a name.`);
    else if (name === "baseline")
      problems.push(`“baseline” is the name of the model as it is; pick another.`);
    else if (names.has(name)) problems.push(`Two scenarios are called “${name}”.`);
    names.add(name);
    if (d.changes.length === 0) problems.push(`Scenario “${name || i + 1}” has no change.`);
    for (const c of d.changes) {
      if (c.kind === "capacity" && c.inShift && (c.days.length === 0 || !c.from || !c.to)) {
        problems.push(`Scenario “${name}”: a shift needs days and hours.`);
      }
    }
  }
  return problems;
}

function ScenarioCard({
  index,
  draft,
  pools,
  activities,
  onChange,
  onChangeRow,
  onRemove,
}: {
  index: number;
  draft: ScenarioDraft;
  pools: string[];
  activities: string[];
  onChange: (patch: Partial<ScenarioDraft>) => void;
  onChangeRow: (index: number, change: ChangeDraft) => void;
  onRemove: () => void;
}) {
  const [adding, setAdding] = useState<Exclude<ChangeKind, "other">>("capacity");
  const id = `scenario-${index}`;
  return (
    <div className="card twin-scenario" data-testid={id}>
      <div className="twin-scenario-head">
        <div className="field">
          <label htmlFor={`${id}-name`}>Scenario name</label>
          <input
            id={`${id}-name`}
            type="text"
            value={draft.name}
            onChange={(e) => onChange({ name: e.target.value })}
            data-testid={`${id}-name`}
          />
        </div>
        <div className="field twin-grow">
          <label htmlFor={`${id}-description`}>In words (optional)</label>
          <input
            id={`${id}-description`}
            type="text"
            placeholder="One more baker on Saturday morning"
            value={draft.description}
            onChange={(e) => onChange({ description: e.target.value })}
          />
        </div>
        <button
          type="button"
          className="button button-small button-quiet"
          onClick={onRemove}
          aria-label={`Remove the scenario ${draft.name}`}
          data-testid={`${id}-remove`}
        >
          Remove
        </button>
      </div>
      <ol className="twin-changes">
        {draft.changes.map((change, ci) => (
          <li
            key={change.id}
            className="twin-change"
            data-testid={`${id}-change-${ci}`}
            data-kind={change.kind}
          >
            <ChangeRow
              id={`${id}-change-${ci}`}
              change={change}
              pools={pools}
              activities={activities}
              onChange={(next) => onChangeRow(ci, next)}
            />
            <button
              type="button"
              className="button button-small button-quiet twin-change-remove"
              onClick={() => onChange({ changes: draft.changes.filter((_, i) => i !== ci) })}
              aria-label="Remove this change"
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <div className="inline-input twin-add-change">
        <label className="visually-hidden" htmlFor={`${id}-add-kind`}>
          Kind of change to add
        </label>
        <select
          id={`${id}-add-kind`}
          value={adding}
          onChange={(e) => setAdding(e.target.value as Exclude<ChangeKind, "other">)}
          data-testid={`${id}-add-kind`}
        >
          {CHANGE_KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button-small"
          onClick={() => onChange({ changes: [...draft.changes, newChange(adding, pools, activities)] })}
          data-testid={`${id}-add-change`}
        >
          Add change
        </button>
      </div>
    </div>
  );
}

function ChangeRow({
  id,
  change,
  pools,
  activities,
  onChange,
}: {
  id: string;
  change: ChangeDraft;
  pools: string[];
  activities: string[];
  onChange: (change: ChangeDraft) => void;
}) {
  const activitySelect = (value: string, set: (activity: string) => void) => (
    <div className="field">
      <label htmlFor={`${id}-activity`}>Activity</label>
      <select
        id={`${id}-activity`}
        value={value}
        onChange={(e) => set(e.target.value)}
        data-testid={`${id}-activity`}
      >
        {activities.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
    </div>
  );
  switch (change.kind) {
    case "capacity":
      return (
        <div className="twin-change-fields">
          <span className="twin-change-kind">Capacity</span>
          <div className="field">
            <label htmlFor={`${id}-pool`}>Pool</label>
            <select
              id={`${id}-pool`}
              value={change.pool}
              onChange={(e) => onChange({ ...change, pool: e.target.value })}
              data-testid={`${id}-pool`}
            >
              {pools.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
          <NumberField
            id={`${id}-add`}
            label="Units to add (negative removes)"
            value={change.add}
            step={1}
            min={-1000}
            max={1000}
            onChange={(add) => onChange({ ...change, add: Math.round(add) })}
            testId={`${id}-add`}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={change.inShift}
              onChange={(e) => onChange({ ...change, inShift: e.target.checked })}
              data-testid={`${id}-in-shift`}
            />
            Only in a shift
          </label>
          {change.inShift && (
            <>
              <fieldset className="field">
                <legend>Days</legend>
                <div className="twin-days">
                  {TWIN_WEEKDAYS.map((day) => (
                    <label key={day} className={change.days.includes(day) ? "chip chip-on" : "chip"}>
                      <input
                        type="checkbox"
                        className="visually-hidden"
                        checked={change.days.includes(day)}
                        onChange={(e) =>
                          onChange({
                            ...change,
                            days: e.target.checked
                              ? TWIN_WEEKDAYS.filter((d) => d === day || change.days.includes(d))
                              : change.days.filter((d) => d !== day),
                          })
                        }
                      />
                      {WEEKDAY_WORDS[day]}
                    </label>
                  ))}
                </div>
              </fieldset>
              <div className="field">
                <label htmlFor={`${id}-from`}>From</label>
                <input
                  id={`${id}-from`}
                  type="time"
                  value={change.from}
                  onChange={(e) => onChange({ ...change, from: e.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-to`}>To</label>
                <input
                  id={`${id}-to`}
                  type="time"
                  value={change.to}
                  onChange={(e) => onChange({ ...change, to: e.target.value })}
                />
              </div>
            </>
          )}
        </div>
      );
    case "duration":
      return (
        <div className="twin-change-fields">
          <span className="twin-change-kind">Duration</span>
          {activitySelect(change.activity, (activity) => onChange({ ...change, activity }))}
          <NumberField
            id={`${id}-scale`}
            label="Takes this many times as long"
            value={change.scale}
            min={0}
            max={100}
            step={0.05}
            hint="0.8 = 20% faster"
            onChange={(scale) => onChange({ ...change, scale })}
            testId={`${id}-scale`}
          />
        </div>
      );
    case "automate":
      return (
        <div className="twin-change-fields">
          <span className="twin-change-kind">Automate</span>
          {activitySelect(change.activity, (activity) => onChange({ ...change, activity }))}
          <label className="check">
            <input
              type="checkbox"
              checked={change.remove}
              onChange={(e) => onChange({ ...change, remove: e.target.checked })}
              data-testid={`${id}-remove-step`}
            />
            Remove the step (no time, no person)
          </label>
          {!change.remove && (
            <NumberField
              id={`${id}-scale`}
              label="Still takes this many times as long"
              value={change.scale}
              min={0}
              max={100}
              step={0.05}
              onChange={(scale) => onChange({ ...change, scale })}
            />
          )}
        </div>
      );
    case "demand":
      return (
        <div className="twin-change-fields">
          <span className="twin-change-kind">Demand</span>
          <NumberField
            id={`${id}-demand`}
            label="Cases arrive this many times as often"
            value={change.scale}
            min={0.01}
            max={100}
            step={0.05}
            hint="1.3 = 30% more cases"
            onChange={(scale) => onChange({ ...change, scale })}
            testId={`${id}-demand`}
          />
        </div>
      );
    case "other":
      return (
        <div className="twin-change-fields">
          <span className="twin-change-kind">Other</span>
          <span>{describeChange(change.change)}</span>
          <span className="field-hint">Edit it as YAML.</span>
        </div>
      );
  }
}
