import { useState } from "react";
import {
  type ClosingOutcome,
  closeInitiative,
  getInitiative,
  type InitiativeRecord,
  type InitiativeReport,
  initiativeA3Url,
  moveInitiativeStage,
  reopenInitiative,
  updateInitiative,
} from "../../api";
import { useActor } from "../../components/improvements/actor";
import { HistoryList } from "../../components/improvements/HistoryList";
import {
  CLOSING_OUTCOMES,
  formatMoney,
  METHOD_LABELS,
  OUTCOME_LABELS,
  stageLabel,
} from "../../components/improvements/improvement-format";
import { StageStepper } from "../../components/improvements/StageStepper";
import { useAction } from "../../components/improvements/use-action";
import { WriteError } from "../../components/improvements/WriteError";
import { ErrorNotice, Loading } from "../../components/Status";
import { formatDate, formatDateTime, formatKpiValue, plural } from "../../format";
import { improvementsHref, kpiHref } from "../../router";
import { useLoad } from "../../use-load";
import { useWorkspace } from "../../workspace-context";
import { EvidenceSection } from "./EvidenceSection";
import { InitiativeEditor } from "./InitiativeForm";
import { ResultSection, RoiSection } from "./ResultSection";
import { suggestionQuery } from "./view-state";

/**
 * One initiative from its problem to its verified result: the stage stepper, the problem and baseline,
 * the evidence, the measured result and what it is worth, the learnings and every change made to it.
 */
export function InitiativeDetail({ id }: { id: string }) {
  const report = useLoad(() => getInitiative(id), [id]);
  // A write answers with the new record at once; the report (ROI, history) follows when it reloads.
  const [latest, setLatest] = useState<InitiativeRecord | null>(null);
  const crumbs = (title?: string) => (
    <nav className="crumbs" aria-label="Breadcrumb">
      <a href={improvementsHref("board")}>Improvements</a>
      <span aria-hidden="true">/</span>
      <span aria-current="page">{title ? `${id} ${title}` : id}</span>
    </nav>
  );
  if (!report.data) {
    return (
      <>
        {crumbs()}
        {report.status === "error" ? (
          report.error.status === 404 ? (
            <div className="empty" data-testid="initiative-missing">
              <div className="empty-title">There is no initiative {id}</div>
              <div className="empty-body">
                See the <a href={improvementsHref("board")}>board</a>.
              </div>
            </div>
          ) : (
            <ErrorNotice error={report.error} what={`initiative ${id}`} onRetry={report.reload} />
          )
        ) : (
          <Loading what={`initiative ${id}`} />
        )}
      </>
    );
  }
  const loaded = report.data.initiative;
  const record = latest && latest.version > loaded.version ? latest : loaded;
  const changed = (next: InitiativeRecord) => {
    setLatest(next);
    report.reload();
  };
  const reload = () => {
    setLatest(null);
    report.reload();
  };
  return (
    <>
      {crumbs()}
      <InitiativeView
        report={report.data}
        record={record}
        fresh={record === loaded}
        onChanged={changed}
        onReload={reload}
      />
    </>
  );
}

function InitiativeView({
  report,
  record,
  fresh,
  onChanged,
  onReload,
}: {
  report: InitiativeReport;
  record: InitiativeRecord;
  /** Whether ROI and history belong to this version (they follow a write when the report reloads). */
  fresh: boolean;
  onChanged: (record: InitiativeRecord) => void;
  onReload: () => void;
}) {
  const actor = useActor();
  const stage = useAction();
  const { workspace } = useWorkspace();
  const currency = workspace?.business.currency;
  const [editing, setEditing] = useState(false);
  const [closing, setClosing] = useState(false);
  const d = record.data;
  const closed = d.outcome !== "open";

  const move = async (to: "next" | "back") => {
    const saved = await stage.run(() => moveInitiativeStage(actor, record.id, record.version, to));
    if (saved) onChanged(saved);
  };
  const reopen = async () => {
    const saved = await stage.run(() => reopenInitiative(actor, record.id, record.version));
    if (saved) onChanged(saved);
  };

  return (
    <div
      className="imp-initiative"
      data-testid="initiative"
      data-id={record.id}
      data-version={record.version}
    >
      <div className="page-head">
        <div className="page-head-actions">
          <div className="imp-title">
            <span className="imp-id imp-id-big">{record.id}</span>
            <h1 data-testid="initiative-title">{d.title}</h1>
            <span className={`imp-outcome imp-outcome-${d.outcome}`} data-testid="initiative-outcome">
              {closed ? OUTCOME_LABELS[d.outcome] : `${stageLabel(d.stage)} · open`}
            </span>
          </div>
          <div className="exp-head-actions">
            <a
              className="button"
              href={initiativeA3Url(record.id)}
              target="_blank"
              rel="noopener"
              data-testid="open-a3"
            >
              A3 report
            </a>
            <a
              className="button"
              href={initiativeA3Url(record.id, true)}
              target="_blank"
              rel="noopener"
              data-testid="open-a3-pdf"
            >
              PDF
            </a>
            {!editing && (
              <button
                type="button"
                className="button"
                onClick={() => setEditing(true)}
                data-testid="edit-initiative"
              >
                Edit
              </button>
            )}
            {closed ? (
              <button
                type="button"
                className="button"
                onClick={() => void reopen()}
                disabled={stage.busy}
                data-testid="reopen"
              >
                Reopen
              </button>
            ) : (
              <button
                type="button"
                className="button"
                onClick={() => setClosing((c) => !c)}
                aria-expanded={closing}
                data-testid="close-initiative"
              >
                Close…
              </button>
            )}
          </div>
        </div>
        <dl className="facts imp-facts" data-testid="initiative-facts">
          <div>
            <dt>Owner</dt>
            <dd>{d.owner || "—"}</dd>
          </div>
          <div>
            <dt>Area</dt>
            <dd>{d.area || "—"}</dd>
          </div>
          <div>
            <dt>KPIs</dt>
            <dd>
              {d.kpis.length === 0
                ? "—"
                : d.kpis.map((k, i) => (
                    <span key={k}>
                      {i > 0 && ", "}
                      <a href={kpiHref(k)}>{k}</a>
                      {i === 0 && d.kpis.length > 1 && <span className="muted small"> (main)</span>}
                    </span>
                  ))}
            </dd>
          </div>
          <div>
            <dt>Method</dt>
            <dd>{METHOD_LABELS[d.method]}</dd>
          </div>
          <div>
            <dt>Start</dt>
            <dd>{d.start ? formatDate(d.start) : "—"}</dd>
          </div>
          {d.due && (
            <div>
              <dt>Due</dt>
              <dd>{formatDate(d.due)}</dd>
            </div>
          )}
          {d.suggestion && (
            <div data-testid="initiative-suggestion">
              <dt>From suggestion</dt>
              <dd>
                <a
                  href={improvementsHref("suggestions", undefined, suggestionQuery(d.suggestion))}
                  data-testid="suggestion-link"
                >
                  {d.suggestion}
                </a>
                {d.credit.length > 0 && <span className="imp-credit"> · idea by {d.credit.join(", ")}</span>}
              </dd>
            </div>
          )}
          {!d.suggestion && d.credit.length > 0 && (
            <div>
              <dt>Idea by</dt>
              <dd className="imp-credit">{d.credit.join(", ")}</dd>
            </div>
          )}
          {d.closedAt && (
            <div>
              <dt>Closed</dt>
              <dd>{formatDateTime(d.closedAt)}</dd>
            </div>
          )}
          <div>
            <dt>Last change</dt>
            <dd className="imp-fact-light">
              {record.updatedBy}, {formatDateTime(record.updatedAt)}
            </dd>
          </div>
        </dl>
      </div>

      <StageStepper record={record} busy={stage.busy} onMove={(to) => void move(to)} />
      <WriteError
        error={stage.error}
        title="The stage did not change"
        onReload={onReload}
        testId="stage-error"
      />

      {closing && !closed && (
        <CloseForm
          record={record}
          onClosed={(saved) => {
            setClosing(false);
            onChanged(saved);
          }}
          onCancel={() => setClosing(false)}
          onReload={onReload}
        />
      )}

      {editing && (
        <InitiativeEditor
          key={record.version}
          record={record}
          onSaved={(saved) => {
            setEditing(false);
            onChanged(saved);
          }}
          onCancel={() => setEditing(false)}
          onReload={onReload}
        />
      )}

      <div className="imp-detail-grid">
        <section
          className="section imp-section"
          aria-labelledby="problem-title"
          data-testid="problem-section"
        >
          <div className="section-head">
            <h2 id="problem-title">Problem and plan</h2>
          </div>
          <TextBlock label="Problem" text={d.problem} empty="No problem statement yet." />
          <TextBlock label="Goal" text={d.goal} />
          <TextBlock label="Hypothesis" text={d.hypothesis} />
          <TextBlock label="Change" text={d.change} empty="No change planned yet." />
          <TextBlock label="Expected benefit" text={d.expectedBenefit} />
          <p className="imp-text">
            <span className="imp-text-label">Costs</span>
            {formatMoney(d.costs.oneOff, currency)} once, {formatMoney(d.costs.running, currency)} a month
            {d.value && (
              <>
                {" · "}one unit of {d.kpis[0] ?? "the KPI"} is worth {formatMoney(d.value.perUnit, currency)}
                {d.value.unitsPerMonth !== undefined && `, ${d.value.unitsPerMonth} units a month`}
              </>
            )}
          </p>
        </section>
        <section
          className="section imp-section"
          aria-labelledby="baseline-title"
          data-testid="baseline-section"
        >
          <div className="section-head">
            <h2 id="baseline-title">Baseline</h2>
          </div>
          {d.baseline ? (
            <dl className="facts facts-first">
              <div>
                <dt>{d.baseline.kpi}</dt>
                <dd className="imp-baseline-value" data-testid="baseline-value">
                  {formatKpiValue(d.baseline.value, d.baseline.unit)}
                  {d.baseline.grain && <span className="muted small"> per {d.baseline.grain}</span>}
                </dd>
              </div>
              <div>
                <dt>Window</dt>
                <dd>
                  {formatDate(d.baseline.from)} – {formatDate(d.baseline.to)}
                  {d.baseline.periods !== undefined && (
                    <span className="imp-fact-sub">
                      average of{" "}
                      {plural(
                        d.baseline.periods,
                        d.baseline.grain ? `complete ${d.baseline.grain}` : "complete period",
                      )}
                    </span>
                  )}
                </dd>
              </div>
            </dl>
          ) : (
            <p className="muted" data-testid="baseline-empty">
              {d.kpis.length === 0
                ? "No KPI yet: choose the KPI this should move, and its baseline is taken from the 8 weeks before the start."
                : "Not captured yet: it is taken from the main KPI over the 8 weeks before the start, when the initiative leaves its first stage (and there is data then)."}
            </p>
          )}
        </section>
      </div>

      <EvidenceSection record={record} onChanged={onChanged} onReload={onReload} />
      <ResultSection record={record} onChanged={onChanged} onReload={onReload} />
      <div className={fresh ? undefined : "is-stale-block"}>
        <RoiSection
          roi={report.roi}
          hasResult={d.result !== null}
          currency={currency}
          onEdit={() => setEditing(true)}
        />
      </div>
      <LearningsSection
        key={`${record.id}:${d.learnings}`}
        record={record}
        onChanged={onChanged}
        onReload={onReload}
      />

      <section className="section imp-section" aria-labelledby="history-title" data-testid="history-section">
        <div className="section-head">
          <h2 id="history-title">History</h2>
          <p className="section-note">Who changed what and when.</p>
        </div>
        <div className={fresh ? undefined : "is-stale-block"}>
          <HistoryList history={report.history} />
        </div>
      </section>
    </div>
  );
}

function TextBlock({ label, text, empty }: { label: string; text: string; empty?: string }) {
  if (!text && !empty) return null;
  return (
    <p className="imp-text">
      <span className="imp-text-label">{label}</span>
      {text || <span className="muted">{empty}</span>}
    </p>
  );
}

function CloseForm({
  record,
  onClosed,
  onCancel,
  onReload,
}: {
  record: InitiativeRecord;
  onClosed: (record: InitiativeRecord) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const actor = useActor();
  const action = useAction();
  const result = record.data.result;
  const [outcome, setOutcome] = useState<ClosingOutcome>(
    result?.significant && result.better ? "verified" : result ? "not-verified" : "abandoned",
  );
  const [learnings, setLearnings] = useState(record.data.learnings);
  const close = async () => {
    const saved = await action.run(() =>
      closeInitiative(
        actor,
        record.id,
        record.version,
        outcome,
        learnings.trim() === "" ? undefined : learnings,
      ),
    );
    if (saved) onClosed(saved);
  };
  return (
    <form
      className="card form-card imp-form imp-close-form"
      onSubmit={(e) => {
        e.preventDefault();
        void close();
      }}
      data-testid="close-form"
    >
      <div className="form-card-head">
        <h2>Close {record.id}</h2>
        <span className="section-note">
          How did it end? Verified needs a result that is significant and better.
        </span>
      </div>
      <div className="imp-outcome-choices" role="radiogroup" aria-label="Outcome">
        {CLOSING_OUTCOMES.map((o) => (
          <label key={o.id} className={outcome === o.id ? "imp-choice imp-choice-on" : "imp-choice"}>
            <input
              type="radio"
              name="close-outcome"
              checked={outcome === o.id}
              onChange={() => setOutcome(o.id)}
              data-testid={`close-outcome-${o.id}`}
            />
            <span className="strong">{o.label}</span>
            <span className="small muted">{o.hint}</span>
          </label>
        ))}
      </div>
      <div className="field">
        <label htmlFor="close-learnings">Learnings</label>
        <textarea
          id="close-learnings"
          rows={3}
          maxLength={4000}
          value={learnings}
          onChange={(e) => setLearnings(e.target.value)}
          placeholder="What did this teach you, whether it worked or not?"
          data-testid="close-learnings"
        />
      </div>
      <WriteError error={action.error} title="It was not closed" onReload={onReload} testId="close-error" />
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={action.busy}
          data-testid="close-submit"
        >
          {action.busy ? "Closing…" : "Close initiative"}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function LearningsSection({
  record,
  onChanged,
  onReload,
}: {
  record: InitiativeRecord;
  onChanged: (record: InitiativeRecord) => void;
  onReload: () => void;
}) {
  const actor = useActor();
  const action = useAction();
  const [text, setText] = useState(record.data.learnings);
  const dirty = text !== record.data.learnings;
  const save = async () => {
    const saved = await action.run(() =>
      updateInitiative(actor, record.id, record.version, { learnings: text }),
    );
    if (saved) onChanged(saved);
  };
  return (
    <section
      className="section imp-section"
      aria-labelledby="learnings-title"
      data-testid="learnings-section"
    >
      <div className="section-head">
        <h2 id="learnings-title">Learnings</h2>
        <p className="section-note">
          What this taught the business, whether it worked or not. The journal keeps it.
        </p>
      </div>
      <form
        className="imp-learnings"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <textarea
          aria-label="Learnings"
          rows={4}
          maxLength={4000}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="e.g. Customers finish a short checkout on their phones; the extra steps cost us orders."
          data-testid="learnings-input"
        />
        <WriteError
          error={action.error}
          title="The learnings were not saved"
          onReload={onReload}
          testId="learnings-error"
        />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-small button-primary"
            disabled={!dirty || action.busy}
            data-testid="save-learnings"
          >
            {action.busy ? "Saving…" : "Save learnings"}
          </button>
          {dirty && (
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={() => setText(record.data.learnings)}
            >
              Undo
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
