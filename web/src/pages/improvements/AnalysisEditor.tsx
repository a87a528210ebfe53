import { useState } from "react";
import {
  type Analysis,
  changeAnalysisBy,
  EVIDENCE_KINDS,
  type Evidence,
  type EvidenceKind,
  FISHBONE_CATEGORIES,
  type Fishbone,
  type FishboneCategory,
  type FiveWhys,
  getAnalysis,
  getFishboneLayout,
  type RcaAction,
  type StoredRecord,
} from "../../api";
import { useActor } from "../../components/improvements/actor";
import { FishboneDiagram } from "../../components/improvements/FishboneDiagram";
import { useAction } from "../../components/improvements/use-action";
import { WriteError } from "../../components/improvements/WriteError";
import { ErrorNotice, Loading } from "../../components/Status";
import { formatDateTime } from "../../format";
import { improvementsHref, initiativeHref } from "../../router";
import { useLoad } from "../../use-load";
import { AttachPanel } from "./AttachPanel";
import { EVIDENCE_LABELS, EVIDENCE_REF_HINTS, evidenceHref } from "./evidence-links";
import { parseFor } from "./view-state";

const CATEGORY_LABELS: Record<FishboneCategory, string> = {
  people: "People",
  methods: "Methods",
  machines: "Machines",
  materials: "Materials",
  measurement: "Measurement",
  environment: "Environment",
};

/** A 5 Whys analysis (W-n) or a fishbone diagram (F-n), edited one change at a time. */
export function AnalysisEditor({ id, query }: { id: string; query: string }) {
  const loaded = useLoad(() => getAnalysis(id), [id]);
  const [latest, setLatest] = useState<Analysis | null>(null);
  const forInitiative = parseFor(query);
  const label = id.startsWith("W-") ? "5 Whys" : "Fishbone";
  const crumbs = (
    <nav className="crumbs" aria-label="Breadcrumb">
      <a href={improvementsHref("root-causes")}>Root causes</a>
      <span aria-hidden="true">/</span>
      <span aria-current="page">
        {label} {id}
      </span>
      {forInitiative && (
        <>
          <span aria-hidden="true">·</span>
          <a href={initiativeHref(forInitiative)}>back to {forInitiative}</a>
        </>
      )}
    </nav>
  );
  if (!loaded.data) {
    return (
      <>
        {crumbs}
        {loaded.status === "error" ? (
          <ErrorNotice error={loaded.error} what={`${label} ${id}`} onRetry={loaded.reload} />
        ) : (
          <Loading what={`${label} ${id}`} />
        )}
      </>
    );
  }
  const analysis: Analysis =
    latest && latest.record.version > loaded.data.record.version ? latest : (loaded.data as Analysis);
  const reload = () => {
    setLatest(null);
    loaded.reload();
  };
  const record = analysis.record;
  return (
    <>
      {crumbs}
      <div className="page-head">
        <div className="imp-title">
          <span className="imp-id imp-id-big">{record.id}</span>
          <h1 data-testid="analysis-problem">{record.data.problem}</h1>
        </div>
        <p className="lede lede-small">
          {analysis.kind === "five-whys"
            ? "Ask why the problem happens, then why that happens, until the answer is a cause you can act on."
            : "Every possible cause, sorted into the 6M. Vote for the causes you think matter most, then choose the root cause."}{" "}
          <span className="muted small">
            Version {record.version}, changed by {record.updatedBy} {formatDateTime(record.updatedAt)}.
          </span>
        </p>
      </div>
      {analysis.kind === "five-whys" ? (
        <FiveWhysEditor record={analysis.record} onChanged={setLatest} onReload={reload} />
      ) : (
        <FishboneEditor record={analysis.record} onChanged={setLatest} onReload={reload} />
      )}
      <AttachPanel
        id={record.id}
        kind={analysis.kind}
        title={record.data.problem}
        preferred={forInitiative ?? record.data.initiative}
      />
    </>
  );
}

function useRcaChange(id: string, version: number, onChanged: (analysis: Analysis) => void) {
  const actor = useActor();
  const action = useAction();
  const change = async (rca: RcaAction) => {
    const saved = await action.run(() => changeAnalysisBy(actor, id, version, rca));
    if (saved) onChanged(saved);
    return saved !== undefined;
  };
  return { action, change };
}

// ── 5 Whys ────────────────────────────────────────────────────────────────────

function FiveWhysEditor({
  record,
  onChanged,
  onReload,
}: {
  record: StoredRecord<FiveWhys>;
  onChanged: (analysis: Analysis) => void;
  onReload: () => void;
}) {
  const { action, change } = useRcaChange(record.id, record.version, onChanged);
  const w = record.data;
  const last = w.whys[w.whys.length - 1];
  const [question, setQuestion] = useState("");
  const [answer, setAnswer] = useState("");
  const [evidenceKind, setEvidenceKind] = useState<EvidenceKind | "">("");
  const [evidenceRef, setEvidenceRef] = useState("");
  const [root, setRoot] = useState(w.rootCause);
  const suggestedQuestion = last
    ? `Why ${lowerFirst(last.answer.replace(/[.!]$/, ""))}?`
    : `Why does this happen: ${w.problem}?`;

  const add = async () => {
    const evidence: Evidence | null =
      evidenceKind && evidenceRef.trim() ? { kind: evidenceKind, ref: evidenceRef.trim() } : null;
    const typed = { question, answer };
    setQuestion("");
    setAnswer("");
    const ok = await change({
      action: "add-why",
      question: (typed.question.trim() || suggestedQuestion).slice(0, 500),
      answer: typed.answer.trim(),
      ...(evidence ? { evidence } : {}),
    });
    if (ok) {
      setEvidenceKind("");
      setEvidenceRef("");
    } else {
      setQuestion((q) => q || typed.question);
      setAnswer((a) => a || typed.answer);
    }
  };

  return (
    <section className="section section-first" aria-label="The chain of whys" data-testid="five-whys">
      <ol className="imp-whys" data-testid="whys">
        {w.whys.map((step, i) => {
          const link = step.evidence ? evidenceHref(step.evidence) : null;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: a step is known by its place in the chain, as the server numbers it
            <li key={`${i}:${step.question}`} className="imp-why" data-testid={`why-${i}`}>
              <span className="imp-why-number">{i + 1}</span>
              <div className="imp-why-body">
                <div className="imp-why-question">{step.question}</div>
                <div className="imp-why-answer">
                  <span className="muted">Because </span>
                  {step.answer}
                </div>
                {step.evidence && (
                  <div className="small">
                    Evidence: {EVIDENCE_LABELS[step.evidence.kind]}{" "}
                    {link ? <a href={link}>{step.evidence.title ?? step.evidence.ref}</a> : step.evidence.ref}
                  </div>
                )}
              </div>
              <button
                type="button"
                className="button button-quiet button-small"
                disabled={action.busy}
                onClick={() => void change({ action: "remove-why", index: i })}
                aria-label={`Remove why ${i + 1}`}
              >
                Remove
              </button>
            </li>
          );
        })}
        {w.whys.length === 0 && (
          <li className="muted imp-why-empty">No whys yet: ask the first one below.</li>
        )}
      </ol>

      {w.whys.length < 10 && (
        <form
          className="card form-card imp-form imp-why-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (answer.trim()) void add();
          }}
        >
          <div className="form-card-head">
            <h2>Why {w.whys.length + 1}</h2>
          </div>
          <div className="form-grid imp-form-grid">
            <div className="field imp-field-wide">
              <label htmlFor="why-question">Why …?</label>
              <input
                id="why-question"
                type="text"
                maxLength={500}
                value={question}
                placeholder={suggestedQuestion}
                onChange={(e) => setQuestion(e.target.value)}
                data-testid="why-question"
              />
            </div>
            <div className="field imp-field-wide">
              <label htmlFor="why-answer">Because …</label>
              <input
                id="why-answer"
                type="text"
                maxLength={1000}
                value={answer}
                onChange={(e) => setAnswer(e.target.value)}
                data-testid="why-answer"
              />
            </div>
            <div className="field">
              <label htmlFor="why-evidence-kind">
                Evidence <span className="optional">optional</span>
              </label>
              <select
                id="why-evidence-kind"
                value={evidenceKind}
                onChange={(e) => setEvidenceKind(e.target.value as EvidenceKind | "")}
                data-testid="why-evidence-kind"
              >
                <option value="">None</option>
                {EVIDENCE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {EVIDENCE_LABELS[k]}
                  </option>
                ))}
              </select>
            </div>
            {evidenceKind && (
              <div className="field">
                <label htmlFor="why-evidence-ref">Reference</label>
                <input
                  id="why-evidence-ref"
                  type="text"
                  maxLength={300}
                  value={evidenceRef}
                  placeholder={EVIDENCE_REF_HINTS[evidenceKind]}
                  onChange={(e) => setEvidenceRef(e.target.value)}
                  data-testid="why-evidence-ref"
                />
              </div>
            )}
          </div>
          <div className="form-actions">
            <button
              type="submit"
              className="button button-primary"
              disabled={action.busy || !answer.trim()}
              data-testid="add-why"
            >
              Add why
            </button>
          </div>
        </form>
      )}

      <form
        className="card form-card imp-form imp-root-form"
        onSubmit={(e) => {
          e.preventDefault();
          void change({ action: "root", cause: root.trim() });
        }}
      >
        <div className="form-card-head">
          <h2>Root cause</h2>
          {w.rootCause ? (
            <span className="imp-root-set" data-testid="root-cause">
              ★ {w.rootCause}
            </span>
          ) : (
            <span className="section-note">
              Not set yet: the cause the chain arrives at, one you can act on.
            </span>
          )}
        </div>
        <div className="imp-inline-form">
          <div className="field imp-grow">
            <label htmlFor="root-cause" className="visually-hidden">
              Root cause
            </label>
            <input
              id="root-cause"
              type="text"
              maxLength={1000}
              value={root}
              onChange={(e) => setRoot(e.target.value)}
              data-testid="root-cause-input"
            />
          </div>
          {last && (
            <button
              type="button"
              className="button button-small"
              onClick={() => setRoot(last.answer)}
              data-testid="use-last-answer"
            >
              Use the last answer
            </button>
          )}
          <button
            type="submit"
            className="button button-small button-primary"
            disabled={action.busy || root.trim() === w.rootCause}
            data-testid="set-root-cause"
          >
            Set root cause
          </button>
        </div>
      </form>
      <WriteError error={action.error} onReload={onReload} testId="rca-error" />
    </section>
  );
}

function lowerFirst(text: string): string {
  return text ? text[0]?.toLowerCase() + text.slice(1) : text;
}

// ── Fishbone ──────────────────────────────────────────────────────────────────

function FishboneEditor({
  record,
  onChanged,
  onReload,
}: {
  record: StoredRecord<Fishbone>;
  onChanged: (analysis: Analysis) => void;
  onReload: () => void;
}) {
  const actor = useActor();
  const layout = useLoad(() => getFishboneLayout(record.id), [record.id, record.version]);
  const { action, change } = useRcaChange(record.id, record.version, onChanged);
  const [selected, setSelected] = useState<number | null>(null);
  const [category, setCategory] = useState<FishboneCategory>("methods");
  const [text, setText] = useState("");
  const f = record.data;
  const cause = selected !== null ? f.causes[selected] : undefined;
  const voted = cause ? cause.votes.includes(actor) : false;

  return (
    <section className="section section-first" aria-label="Fishbone diagram" data-testid="fishbone">
      <div className="card imp-fishbone-card">
        {layout.data ? (
          <FishboneDiagram
            layout={layout.data.layout}
            selected={selected}
            onSelect={setSelected}
            onCategory={(c) => {
              setCategory(c);
              document.getElementById("cause-text")?.focus();
            }}
          />
        ) : layout.status === "error" ? (
          <ErrorNotice error={layout.error} what="the diagram" onRetry={layout.reload} />
        ) : (
          <Loading what="the diagram" />
        )}
      </div>

      <div className="imp-fishbone-tools">
        <form
          className="card form-card imp-form"
          onSubmit={(e) => {
            e.preventDefault();
            const cause = text.trim();
            if (!cause) return;
            // The field is free for the next cause at once; the text comes back if it was not added.
            setText("");
            void change({ action: "add-cause", category, text: cause }).then((ok) => {
              if (!ok) setText((typed) => typed || cause);
            });
          }}
          data-testid="add-cause-form"
        >
          <div className="form-card-head">
            <h2>Add a possible cause</h2>
            <span className="section-note">Click a category's name on the diagram to choose it.</span>
          </div>
          <div className="imp-inline-form">
            <div className="field">
              <label htmlFor="cause-category">Category</label>
              <select
                id="cause-category"
                value={category}
                onChange={(e) => setCategory(e.target.value as FishboneCategory)}
                data-testid="cause-category"
              >
                {FISHBONE_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {CATEGORY_LABELS[c]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field imp-grow">
              <label htmlFor="cause-text">Cause</label>
              <input
                id="cause-text"
                type="text"
                maxLength={500}
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder="e.g. One oven for every Saturday order"
                data-testid="cause-text"
              />
            </div>
            <button
              type="submit"
              className="button button-small button-primary"
              disabled={action.busy || !text.trim()}
              data-testid="add-cause"
            >
              Add
            </button>
          </div>
        </form>

        <div className="card form-card imp-cause-panel" data-testid="cause-panel">
          {cause && selected !== null ? (
            <>
              <div className="form-card-head">
                <h2>{cause.text}</h2>
                <span className="section-note">
                  {CATEGORY_LABELS[cause.category]} · {cause.votes.length}{" "}
                  {cause.votes.length === 1 ? "vote" : "votes"}
                  {cause.votes.length > 0 && `: ${cause.votes.join(", ")}`}
                  {f.rootCause === selected && " · the root cause"}
                </span>
              </div>
              <div className="form-actions">
                <button
                  type="button"
                  className="button button-small"
                  disabled={action.busy}
                  onClick={() => void change({ action: "vote", index: selected, remove: voted })}
                  data-testid="vote-cause"
                >
                  {voted ? "Take back my vote" : "Vote for it"}
                </button>
                <button
                  type="button"
                  className="button button-small button-primary"
                  disabled={action.busy}
                  onClick={() =>
                    void change({ action: "root", cause: f.rootCause === selected ? null : selected })
                  }
                  data-testid="choose-root"
                >
                  {f.rootCause === selected ? "Not the root cause" : "Choose as root cause"}
                </button>
                <button
                  type="button"
                  className="button button-small button-quiet"
                  disabled={action.busy}
                  onClick={() =>
                    void change({ action: "remove-cause", index: selected }).then(
                      (ok) => ok && setSelected(null),
                    )
                  }
                >
                  Remove
                </button>
              </div>
            </>
          ) : (
            <p className="muted">
              {f.causes.length === 0
                ? "No causes yet: add the first one."
                : "Select a cause on the diagram to vote on it or choose it as the root cause."}
              {f.rootCause !== null && f.causes[f.rootCause] && (
                <span className="imp-root-set" data-testid="fishbone-root">
                  {" "}
                  Root cause: ★ {f.causes[f.rootCause]?.text}
                </span>
              )}
            </p>
          )}
        </div>
      </div>
      <WriteError error={action.error} onReload={onReload} testId="rca-error" />
    </section>
  );
}
