import { IMPROVEMENT_STAGES, type InitiativeRecord } from "../../api";
import { STAGE_HINTS, stageLabel } from "./improvement-format";

/**
 * The stages of the initiative's method, the current one marked, with buttons to move back and on.
 * The server decides whether a move is allowed; a refused one shows its reason beside the buttons.
 */
export function StageStepper({
  record,
  busy,
  onMove,
}: {
  record: InitiativeRecord;
  busy: boolean;
  onMove: (to: "next" | "back") => void;
}) {
  const { method, stage, outcome } = record.data;
  const stages = IMPROVEMENT_STAGES[method];
  const at = stages.indexOf(stage);
  const closed = outcome !== "open";
  const next = stages[at + 1];
  const previous = stages[at - 1];
  return (
    <div className="imp-stepper" data-testid="stage-stepper" data-stage={stage}>
      <ol className="imp-steps">
        {stages.map((s, i) => {
          const state = i < at ? "done" : i === at ? "current" : "later";
          return (
            <li
              key={s}
              className={`imp-step imp-step-${state}`}
              aria-current={i === at ? "step" : undefined}
              title={STAGE_HINTS[s]}
              data-testid={`stage-${s}`}
            >
              <span className="imp-step-mark" aria-hidden="true">
                {i < at ? "✓" : i + 1}
              </span>
              <span className="imp-step-name">{stageLabel(s)}</span>
            </li>
          );
        })}
      </ol>
      <div className="imp-stepper-actions">
        {closed ? (
          <span className="muted small">Closed: reopen it to move it.</span>
        ) : (
          <>
            <button
              type="button"
              className="button button-small"
              disabled={busy || previous === undefined}
              onClick={() => onMove("back")}
              data-testid="stage-back"
            >
              ← {previous ? `Back to ${stageLabel(previous)}` : "Back"}
            </button>
            {next ? (
              <button
                type="button"
                className="button button-small button-primary"
                disabled={busy}
                onClick={() => onMove("next")}
                data-testid="stage-next"
              >
                Move to {stageLabel(next)} →
              </button>
            ) : (
              <span className="muted small">Last stage: close it with its outcome.</span>
            )}
          </>
        )}
      </div>
    </div>
  );
}
