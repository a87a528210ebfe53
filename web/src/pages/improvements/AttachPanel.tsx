import { useState } from "react";
import {
  addInitiativeEvidence,
  type EvidenceKind,
  getInitiative,
  type InitiativeRecord,
  listInitiatives,
} from "../../api";
import { useActor } from "../../components/improvements/actor";
import { useAction } from "../../components/improvements/use-action";
import { WriteError } from "../../components/improvements/WriteError";
import { initiativeHref } from "../../router";
import { useLoad } from "../../use-load";

/**
 * Attaches an analysis (a Pareto, a 5 Whys, a fishbone) to an initiative as evidence, so its page and
 * its A3 report show it. Lists the initiatives that already carry it.
 */
export function AttachPanel({
  id,
  kind,
  title,
  preferred,
}: {
  id: string;
  kind: EvidenceKind;
  title: string;
  /** The initiative the analysis was made for. */
  preferred?: string | null | undefined;
}) {
  const actor = useActor();
  const action = useAction();
  const initiatives = useLoad(() => listInitiatives(), []);
  const [target, setTarget] = useState(preferred ?? "");
  const [done, setDone] = useState<InitiativeRecord | null>(null);
  const records = initiatives.data ?? [];
  const carrying = records.filter((r) => r.data.evidence.some((e) => e.kind === kind && e.ref === id));
  const choices = records.filter((r) => !carrying.includes(r));
  const chosen = target || (preferred && choices.some((c) => c.id === preferred) ? preferred : "");

  const attach = async () => {
    if (!chosen) return;
    // The version is read just before the write: attaching adds to the evidence, whatever else changed.
    const saved = await action.run(async () => {
      const { initiative } = await getInitiative(chosen);
      return addInitiativeEvidence(actor, chosen, initiative.version, {
        kind,
        ref: id,
        title: title.slice(0, 200),
      });
    });
    if (saved) {
      setDone(saved);
      initiatives.reload();
    }
  };

  return (
    <div className="card imp-attach" data-testid="attach-panel">
      <div className="imp-attach-head">
        <h2>Evidence for an initiative</h2>
        {carrying.length > 0 ? (
          <span className="small" data-testid="attached-to">
            Attached to{" "}
            {carrying.map((r, i) => (
              <span key={r.id}>
                {i > 0 && ", "}
                <a href={initiativeHref(r.id)}>
                  {r.id} {r.data.title}
                </a>
              </span>
            ))}
          </span>
        ) : (
          <span className="small muted">Not attached to an initiative yet.</span>
        )}
      </div>
      {done && (
        <div className="notice notice-success" role="status" data-testid="attach-done">
          <div className="notice-title">
            Attached to {done.id}.{" "}
            <a href={initiativeHref(done.id)} data-testid="back-to-initiative">
              Back to {done.id} {done.data.title}
            </a>
          </div>
        </div>
      )}
      {choices.length > 0 && (
        <form
          className="imp-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void attach();
          }}
        >
          <div className="field imp-grow">
            <label htmlFor={`attach-${id}`}>Initiative</label>
            <select
              id={`attach-${id}`}
              value={chosen}
              onChange={(e) => setTarget(e.target.value)}
              data-testid="attach-target"
            >
              <option value="">Choose…</option>
              {choices.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.id} {r.data.title}
                </option>
              ))}
            </select>
          </div>
          <button
            type="submit"
            className="button button-primary button-small"
            disabled={!chosen || action.busy}
            data-testid="attach-to-initiative"
          >
            Attach as evidence
          </button>
        </form>
      )}
      <WriteError error={action.error} title="It was not attached" />
    </div>
  );
}
