import { useMemo, useState } from "react";
import {
  addInitiativeEvidence,
  EVIDENCE_KINDS,
  type Evidence,
  type EvidenceKind,
  type InitiativeRecord,
  listAnalyses,
  listSavedParetos,
  removeInitiativeEvidence,
} from "../../api";
import { useActor } from "../../components/improvements/actor";
import { useAction } from "../../components/improvements/use-action";
import { WriteError } from "../../components/improvements/WriteError";
import { improvementsHref } from "../../router";
import { useLoad } from "../../use-load";
import { EVIDENCE_LABELS, EVIDENCE_REF_HINTS, evidenceHref } from "./evidence-links";

interface AttachOption {
  id: string;
  kind: EvidenceKind;
  title: string;
  mine: boolean;
}

async function loadAttachable(initiative: string): Promise<AttachOption[]> {
  const [paretos, analyses] = await Promise.all([listSavedParetos(), listAnalyses()]);
  return [
    ...paretos.map((p) => ({ id: p.id, kind: "pareto" as const, title: p.data.title, mine: false })),
    ...analyses.map((a) => ({
      id: a.record.id,
      kind: a.kind,
      title: a.record.data.problem,
      mine: a.record.data.initiative === initiative,
    })),
  ];
}

/**
 * The evidence behind the problem and the change: links to experiments, pilots, processes, KPIs, and
 * Pareto, 5 Whys and fishbone analyses. Analyses are attached by their id or made from here.
 */
export function EvidenceSection({
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
  const id = record.id;
  const evidence = record.data.evidence;
  const attachable = useLoad(() => loadAttachable(id), [id, evidence.length]);
  const [kind, setKind] = useState<EvidenceKind>("note");
  const [ref, setRef] = useState("");
  const [title, setTitle] = useState("");
  const [attach, setAttach] = useState("");

  const attached = useMemo(() => new Set(evidence.map((e) => `${e.kind}:${e.ref}`)), [evidence]);
  const options = (attachable.data ?? [])
    .filter((o) => !attached.has(`${o.kind}:${o.id}`))
    .sort((a, b) => Number(b.mine) - Number(a.mine));

  const add = async (item: Evidence) => {
    const saved = await action.run(() => addInitiativeEvidence(actor, id, record.version, item));
    if (saved) {
      onChanged(saved);
      return true;
    }
    return false;
  };

  const remove = async (index: number) => {
    const saved = await action.run(() => removeInitiativeEvidence(actor, id, record.version, index));
    if (saved) onChanged(saved);
  };

  const forThis = `for=${encodeURIComponent(id)}`;

  return (
    <section className="section imp-section" aria-labelledby="evidence-title" data-testid="evidence-section">
      <div className="section-head">
        <h2 id="evidence-title">Evidence</h2>
        <p className="section-note">What shows the problem and its cause.</p>
      </div>
      {evidence.length === 0 ? (
        <p className="muted" data-testid="evidence-empty">
          No evidence linked yet. Find the biggest categories with a Pareto, ask why with 5 Whys, or sort the
          possible causes on a fishbone.
        </p>
      ) : (
        <ul className="imp-evidence" data-testid="evidence-list">
          {evidence.map((e, i) => {
            const link = evidenceHref(e);
            return (
              <li
                // biome-ignore lint/suspicious/noArrayIndexKey: evidence is removed by its place in the list, as the server numbers it
                key={`${e.kind}:${e.ref}:${i}`}
                className="imp-evidence-item"
                data-testid={`evidence-${e.ref}`}
              >
                <span className={`imp-evidence-kind imp-evidence-kind-${e.kind}`}>
                  {EVIDENCE_LABELS[e.kind]}
                </span>
                <span className="imp-evidence-body">
                  {link ? (
                    <a href={link} target={link.startsWith("http") ? "_blank" : undefined} rel="noreferrer">
                      {e.title ?? e.ref}
                    </a>
                  ) : (
                    <span className="strong">{e.title ?? e.ref}</span>
                  )}
                  {e.title && <span className="muted small"> · {e.ref}</span>}
                  {e.note && <span className="imp-evidence-note">{e.note}</span>}
                </span>
                <button
                  type="button"
                  className="button button-quiet button-small"
                  onClick={() => void remove(i)}
                  disabled={action.busy}
                  aria-label={`Remove ${e.ref}`}
                  data-testid="remove-evidence"
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <WriteError error={action.error} onReload={onReload} testId="evidence-error" />

      <div className="imp-evidence-tools">
        <div className="imp-evidence-new">
          <span className="imp-tool-label">Analyse</span>
          <a
            className="button button-small"
            href={improvementsHref("pareto", undefined, forThis)}
            data-testid="new-pareto"
          >
            New Pareto
          </a>
          <a
            className="button button-small"
            href={improvementsHref("root-causes", undefined, `new=five-whys&${forThis}`)}
            data-testid="new-five-whys"
          >
            New 5 Whys
          </a>
          <a
            className="button button-small"
            href={improvementsHref("root-causes", undefined, `new=fishbone&${forThis}`)}
            data-testid="new-fishbone"
          >
            New fishbone
          </a>
        </div>
        <form
          className="imp-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const option = options.find((o) => o.id === attach);
            if (!option) return;
            void add({ kind: option.kind, ref: option.id, title: option.title.slice(0, 200) }).then(
              (ok) => ok && setAttach(""),
            );
          }}
        >
          <div className="field">
            <label htmlFor="attach-analysis">Attach an analysis</label>
            <select
              id="attach-analysis"
              value={attach}
              onChange={(e) => setAttach(e.target.value)}
              data-testid="attach-analysis"
            >
              <option value="">{options.length === 0 ? "none to attach" : "Choose…"}</option>
              {options.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.id} · {EVIDENCE_LABELS[o.kind]} · {o.title.slice(0, 60)}
                  {o.mine ? " (made for this)" : ""}
                </option>
              ))}
            </select>
          </div>
          <button
            type="submit"
            className="button button-small"
            disabled={!attach || action.busy}
            data-testid="attach-submit"
          >
            Attach
          </button>
        </form>
        <form
          className="imp-inline-form imp-link-evidence"
          onSubmit={(e) => {
            e.preventDefault();
            if (!ref.trim()) return;
            void add({ kind, ref: ref.trim(), ...(title.trim() ? { title: title.trim() } : {}) }).then(
              (ok) => {
                if (ok) {
                  setRef("");
                  setTitle("");
                }
              },
            );
          }}
        >
          <div className="field">
            <label htmlFor="evidence-kind">Link evidence</label>
            <select
              id="evidence-kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as EvidenceKind)}
              data-testid="evidence-kind"
            >
              {EVIDENCE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {EVIDENCE_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
          <div className="field imp-grow">
            <label htmlFor="evidence-ref">Reference</label>
            <input
              id="evidence-ref"
              type="text"
              value={ref}
              maxLength={300}
              placeholder={EVIDENCE_REF_HINTS[kind]}
              onChange={(e) => setRef(e.target.value)}
              data-testid="evidence-ref"
            />
          </div>
          <div className="field imp-grow">
            <label htmlFor="evidence-title">
              Title <span className="optional">optional</span>
            </label>
            <input
              id="evidence-title"
              type="text"
              value={title}
              maxLength={200}
              onChange={(e) => setTitle(e.target.value)}
              data-testid="evidence-title"
            />
          </div>
          <button
            type="submit"
            className="button button-small"
            disabled={!ref.trim() || action.busy}
            data-testid="evidence-add"
          >
            Add
          </button>
        </form>
      </div>
    </section>
  );
}
