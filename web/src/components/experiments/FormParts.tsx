/**
 * Pieces the experiment and pilot forms share: the Form/YAML switch, the YAML box, a field's problem,
 * the server's message when nothing was saved, and removal with a confirmation.
 */
import { type ReactNode, useEffect, useRef, useState } from "react";
import type { ApiError } from "../../api";

/** "Edit as: Form | YAML". */
export function EditModeSwitch({
  yaml,
  onChange,
  name,
}: {
  yaml: boolean;
  onChange: (yaml: boolean) => void;
  name: string;
}) {
  return (
    <fieldset className="field">
      <legend>Edit as</legend>
      <div className="segmented" role="radiogroup" aria-label="Edit as">
        {(
          [
            [false, "Form"],
            [true, "YAML"],
          ] as const
        ).map(([mode, word]) => (
          <label key={word} className={yaml === mode ? "segment segment-on" : "segment"}>
            <input
              type="radio"
              name={name}
              checked={yaml === mode}
              onChange={() => onChange(mode)}
              data-testid={`edit-${word.toLowerCase()}`}
            />
            {word}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function YamlEditor({
  id,
  label,
  value,
  onChange,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
  hint: ReactNode;
}) {
  return (
    <div className="field exp-yaml">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="twin-textarea exp-yaml-text"
        spellCheck={false}
        value={value}
        rows={Math.min(40, Math.max(12, value.split("\n").length + 2))}
        onChange={(e) => onChange(e.target.value)}
        data-testid="definition-yaml"
      />
      <span className="field-hint">{hint}</span>
    </div>
  );
}

/** Why the YAML cannot be shown as a form; the YAML stays as typed. */
export function YamlProblem({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="notice notice-error" role="alert" data-testid="yaml-error">
      <div className="notice-title">The YAML cannot be read</div>
      <div className="notice-body exp-pre">{message}</div>
    </div>
  );
}

/** A field's problems as the server gave them. */
export function FieldProblem({ problems, testId }: { problems: string[] | undefined; testId?: string }) {
  if (!problems || problems.length === 0) return null;
  return (
    <span className="field-error" data-testid={testId ?? "field-error"}>
      {problems.join(" ")}
    </span>
  );
}

/** The server's answer when a definition was not saved (or not analysed), in its own words. */
export function SaveProblem({
  error,
  title,
  extra,
}: {
  error: ApiError | null;
  title: string;
  extra?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [error]);
  if (!error) return null;
  return (
    <div className="notice notice-error exp-save-error" role="alert" data-testid="save-error" ref={ref}>
      <div className="notice-title">{title}</div>
      <div className="notice-body" data-testid="save-error-message">
        {error.message}
      </div>
      {error.problems.length > 1 && (
        <ul className="notice-list">
          {error.problems.map((p) => (
            <li key={`${p.field}:${p.message}`}>
              {p.message}
              {p.fix ? ` — ${p.fix}` : ""}
            </li>
          ))}
        </ul>
      )}
      {extra}
    </div>
  );
}

/** "Remove this experiment…", then a confirmation naming what goes and what stays. */
export function RemoveZone({
  what,
  question,
  onRemove,
  testId,
}: {
  what: string;
  question: ReactNode;
  onRemove: () => Promise<void>;
  testId: string;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await onRemove();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
    }
  };
  return (
    <section className="section danger-zone" aria-label={`Remove the ${what}`}>
      {confirming ? (
        <div className="danger-confirm" data-testid={`${testId}-confirmation`}>
          <span>{question}</span>
          <button
            type="button"
            className="button button-danger"
            onClick={remove}
            disabled={busy}
            data-testid={`${testId}-confirm`}
          >
            {busy ? "Removing…" : "Remove"}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)} disabled={busy}>
            Keep it
          </button>
          {error && <span className="text-error">{error}</span>}
        </div>
      ) : (
        <button
          type="button"
          className="button button-quiet"
          onClick={() => setConfirming(true)}
          data-testid={testId}
        >
          Remove this {what}…
        </button>
      )}
    </section>
  );
}
