import { type ReactNode, useMemo, useState } from "react";
import {
  createInitiative,
  type InitiativeRecord,
  type KpiSummary,
  listInitiatives,
  listKpis,
  updateInitiative,
} from "../../api";
import { useActor } from "../../components/improvements/actor";
import { useAction } from "../../components/improvements/use-action";
import { WriteError } from "../../components/improvements/WriteError";
import { improvementsHref, initiativeHref } from "../../router";
import { useLoad } from "../../use-load";
import { useWorkspace } from "../../workspace-context";
import { type DraftProblems, draftOf, EMPTY_DRAFT, type InitiativeDraft, inputOf } from "./initiative-draft";

/** The form for a new initiative; saving opens it. */
export function NewInitiative() {
  const actor = useActor();
  const action = useAction();
  const [draft, setDraft] = useState<InitiativeDraft>(() => ({ ...EMPTY_DRAFT, owner: actor }));
  const [problems, setProblems] = useState<DraftProblems>({});

  const save = async () => {
    const built = inputOf(draft);
    if (!built.ok) {
      setProblems(built.problems);
      return;
    }
    setProblems({});
    const created = await action.run(() => createInitiative(actor, built.input));
    if (created) window.location.hash = initiativeHref(created.id);
  };

  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href={improvementsHref("board")}>Improvements</a>
        <span aria-hidden="true">/</span>
        <span aria-current="page">New initiative</span>
      </nav>
      <div className="page-head">
        <h1>New initiative</h1>
        <p className="lede">
          A problem worth solving, the KPI that shows it, and the change you mean to try. It starts at the
          first stage of its method; the main KPI's baseline is taken from the 8 weeks before the start.
        </p>
      </div>
      <form
        className="card form-card imp-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        data-testid="initiative-form"
      >
        <InitiativeFields draft={draft} onChange={setDraft} problems={problems} />
        <WriteError error={action.error} title="The initiative was not saved" />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={action.busy}
            data-testid="save-initiative"
          >
            {action.busy ? "Saving…" : "Start initiative"}
          </button>
          <a className="button button-quiet" href={improvementsHref("board")}>
            Cancel
          </a>
        </div>
      </form>
    </>
  );
}

/** Changing an initiative's fields at the version read; a stale version is refused with the current record. */
export function InitiativeEditor({
  record,
  onSaved,
  onCancel,
  onReload,
}: {
  record: InitiativeRecord;
  onSaved: (record: InitiativeRecord) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const actor = useActor();
  const action = useAction();
  const [draft, setDraft] = useState<InitiativeDraft>(() => draftOf(record.data));
  const [problems, setProblems] = useState<DraftProblems>({});
  const stages = record.data.method === "pdca" ? "plan" : "define";
  const methodLocked = record.data.stage !== stages || record.data.result !== null;

  const save = async () => {
    const built = inputOf(draft);
    if (!built.ok) {
      setProblems(built.problems);
      return;
    }
    setProblems({});
    const { method, ...rest } = built.input;
    const changes = methodLocked ? rest : built.input;
    const saved = await action.run(() => updateInitiative(actor, record.id, record.version, changes));
    if (saved) onSaved(saved);
  };

  return (
    <form
      className="card form-card imp-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      data-testid="initiative-editor"
    >
      <div className="form-card-head">
        <h2>Edit {record.id}</h2>
        <span className="section-note">
          Version {record.version}. The stage, outcome and result change by their own buttons.
        </span>
      </div>
      <InitiativeFields draft={draft} onChange={setDraft} problems={problems} methodLocked={methodLocked} />
      <WriteError
        error={action.error}
        title="The change was not saved"
        onReload={() => {
          action.clear();
          onReload();
        }}
        testId="edit-error"
      />
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={action.busy}
          data-testid="save-initiative"
        >
          {action.busy ? "Saving…" : "Save changes"}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Field({
  id,
  label,
  hint,
  problem,
  wide,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  problem?: string | undefined;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={wide ? "field imp-field-wide" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <span className="field-hint">{hint}</span>}
      {problem && (
        <span className="field-error" data-testid={`problem-${id}`}>
          {problem}
        </span>
      )}
    </div>
  );
}

function InitiativeFields({
  draft,
  onChange,
  problems,
  methodLocked = false,
}: {
  draft: InitiativeDraft;
  onChange: (draft: InitiativeDraft) => void;
  problems: DraftProblems;
  methodLocked?: boolean;
}) {
  const kpis = useLoad(listKpis, []);
  const initiatives = useLoad(() => listInitiatives(), []);
  const { workspace } = useWorkspace();
  const currency = workspace?.business.currency ?? "EUR";
  const set = <K extends keyof InitiativeDraft>(key: K, value: InitiativeDraft[K]) =>
    onChange({ ...draft, [key]: value });
  const text = (key: keyof InitiativeDraft) => ({
    id: `initiative-${key}`,
    value: String(draft[key]),
    "aria-invalid": problems[key] ? true : undefined,
    onChange: (e: { target: { value: string } }) => set(key, e.target.value as never),
    "data-testid": `initiative-${key}`,
  });
  const known = useMemo(() => {
    const records = initiatives.data ?? [];
    const distinct = (values: string[]) => [...new Set(values.filter(Boolean))].sort();
    return {
      owners: distinct(records.map((r) => r.data.owner)),
      areas: distinct(records.map((r) => r.data.area)),
    };
  }, [initiatives.data]);
  const mainKpi = kpis.data?.find((k) => k.name === draft.kpis[0]);

  return (
    <>
      <div className="form-grid imp-form-grid">
        <Field id="initiative-title" label="Title" problem={problems.title} wide>
          <input
            type="text"
            maxLength={200}
            placeholder="e.g. Second oven on Saturday mornings"
            {...text("title")}
          />
        </Field>
        <Field
          id="initiative-problem"
          label="Problem"
          hint="What hurts, where and how much, in plain words."
          problem={problems.problem}
          wide
        >
          <textarea rows={3} maxLength={4000} {...text("problem")} />
        </Field>
        <Field id="initiative-owner" label="Owner" hint="Who runs it.">
          <input type="text" maxLength={100} list="initiative-owners" {...text("owner")} />
        </Field>
        <Field id="initiative-area" label="Area" hint="Area or process, e.g. web shop.">
          <input type="text" maxLength={100} list="initiative-areas" {...text("area")} />
        </Field>
        <Field
          id="initiative-team"
          label={
            <>
              Team <span className="optional">optional</span>
            </>
          }
          hint="Names, separated by commas."
        >
          <input type="text" {...text("team")} />
        </Field>
        <fieldset className="field imp-field-wide">
          <legend>Method</legend>
          <div className="segmented" role="radiogroup" aria-label="Method">
            {(
              [
                ["pdca", "PDCA", "Plan, do, check, act: most improvements"],
                [
                  "dmaic",
                  "DMAIC",
                  "Define, measure, analyze, improve, control: larger problems with more data",
                ],
              ] as const
            ).map(([id, word, hint]) => (
              <label key={id} className={draft.method === id ? "segment segment-on" : "segment"} title={hint}>
                <input
                  type="radio"
                  name="initiative-method"
                  checked={draft.method === id}
                  disabled={methodLocked}
                  onChange={() => set("method", id)}
                  data-testid={`initiative-method-${id}`}
                />
                {word}
              </label>
            ))}
          </div>
          {methodLocked && (
            <span className="field-hint">The method changes only in the first stage, before a result.</span>
          )}
        </fieldset>
      </div>
      <datalist id="initiative-owners">
        {known.owners.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
      <datalist id="initiative-areas">
        {known.areas.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>

      <fieldset className="form-group">
        <legend>KPIs it should move</legend>
        <KpiPicker kpis={kpis.data ?? []} chosen={draft.kpis} onChange={(k) => set("kpis", k)} />
        <span className="field-hint">
          The first one chosen is the main KPI: its baseline is kept and results are measured on it.
        </span>
      </fieldset>

      <fieldset className="form-group">
        <legend>The change</legend>
        <div className="form-grid imp-form-grid">
          <Field id="initiative-goal" label="Goal" hint="e.g. conversion from 3.0% to 3.5% by June." wide>
            <input type="text" maxLength={1000} {...text("goal")} />
          </Field>
          <Field id="initiative-hypothesis" label="Hypothesis" hint="If we …, then … because …" wide>
            <textarea rows={2} maxLength={2000} {...text("hypothesis")} />
          </Field>
          <Field id="initiative-change" label="Change" hint="The countermeasure you will try." wide>
            <textarea rows={2} maxLength={4000} {...text("change")} />
          </Field>
          <Field
            id="initiative-expectedBenefit"
            label={
              <>
                Expected benefit <span className="optional">optional</span>
              </>
            }
            wide
          >
            <input type="text" maxLength={1000} {...text("expectedBenefit")} />
          </Field>
        </div>
      </fieldset>

      <fieldset className="form-group">
        <legend>Costs and value</legend>
        <div className="form-grid imp-form-grid imp-form-grid-numbers">
          <Field id="initiative-oneOff" label={`One-off cost (${currency})`} problem={problems.oneOff}>
            <input type="text" inputMode="decimal" {...text("oneOff")} />
          </Field>
          <Field
            id="initiative-running"
            label={`Running cost per month (${currency})`}
            problem={problems.running}
          >
            <input type="text" inputMode="decimal" {...text("running")} />
          </Field>
          <Field
            id="initiative-perUnit"
            label={`Value per unit (${currency})`}
            hint={
              mainKpi
                ? `What a rise of one ${mainKpi.unit === "%" ? "percentage point" : (mainKpi.unit ?? "unit")} of ${mainKpi.label ?? mainKpi.name} is worth; negative where lower is better.`
                : "What a rise of one unit of the main KPI is worth; negative where lower is better."
            }
            problem={problems.perUnit}
          >
            <input type="text" inputMode="decimal" {...text("perUnit")} />
          </Field>
          <Field
            id="initiative-unitsPerMonth"
            label={
              <>
                Units per month <span className="optional">optional</span>
              </>
            }
            hint="For a rate per session or order: how many a month the change reaches."
            problem={problems.unitsPerMonth}
          >
            <input type="text" inputMode="decimal" {...text("unitsPerMonth")} />
          </Field>
          <Field
            id="initiative-horizonMonths"
            label={
              <>
                Horizon in months <span className="optional">12 if empty</span>
              </>
            }
            problem={problems.horizonMonths}
          >
            <input type="text" inputMode="numeric" {...text("horizonMonths")} />
          </Field>
        </div>
      </fieldset>

      <fieldset className="form-group">
        <legend>When</legend>
        <div className="form-grid imp-form-grid">
          <Field id="initiative-start" label="Start" hint="Today if empty." problem={problems.start}>
            <input type="date" {...text("start")} />
          </Field>
          <Field
            id="initiative-due"
            label={
              <>
                Due <span className="optional">optional</span>
              </>
            }
            problem={problems.due}
          >
            <input type="date" {...text("due")} />
          </Field>
        </div>
      </fieldset>
    </>
  );
}

/** KPIs as chips in the order chosen; the first is the main one. */
function KpiPicker({
  kpis,
  chosen,
  onChange,
}: {
  kpis: KpiSummary[];
  chosen: string[];
  onChange: (kpis: string[]) => void;
}) {
  if (kpis.length === 0) {
    return (
      <p className="muted small">
        No KPIs yet: add one on the <a href="#/kpis">KPIs page</a> first, or start without.
      </p>
    );
  }
  return (
    <div className="chips" data-testid="initiative-kpis">
      {kpis.map((k) => {
        const at = chosen.indexOf(k.name);
        return (
          <label key={k.name} className={at >= 0 ? "chip chip-on" : "chip"}>
            <input
              type="checkbox"
              checked={at >= 0}
              onChange={() => onChange(at >= 0 ? chosen.filter((c) => c !== k.name) : [...chosen, k.name])}
              data-testid={`initiative-kpi-${k.name}`}
            />
            {k.label ?? k.name}
            {at === 0 && <span className="imp-main-kpi">main</span>}
          </label>
        );
      })}
    </div>
  );
}
