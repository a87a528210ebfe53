import type { ExperimentDecision, ExperimentResult } from "../../api";
import { DECISION_TONES, DECISION_WORDS, formatP } from "./experiment-format";

/** What the result says to do, as a coloured word. */
export function DecisionBadge({
  decision,
  variant,
  testId,
}: {
  decision: ExperimentDecision;
  variant?: string | null;
  testId?: string;
}) {
  const words = decision === "ship" && variant ? `Ship ${variant}` : DECISION_WORDS[decision];
  return (
    <span
      className={`exp-badge exp-badge-${DECISION_TONES[decision]}`}
      data-testid={testId}
      data-decision={decision}
    >
      <span className="exp-badge-dot" aria-hidden="true" />
      {words}
    </span>
  );
}

/**
 * Whether units were split between variants as planned (the sample-ratio check). A broken split means
 * something sorted units unevenly, so the comparison cannot be trusted.
 */
export function SrmBadge({
  ok,
  srm,
  testId,
}: {
  ok: boolean;
  srm?: ExperimentResult["srm"];
  testId?: string;
}) {
  const title = ok
    ? "Units were split between the variants as planned."
    : "Units were not split between the variants as planned: something sorted them unevenly, so the results cannot be trusted until the cause is fixed.";
  return (
    <span
      className={ok ? "exp-badge exp-badge-quiet" : "exp-badge exp-badge-broken"}
      title={srm ? `${title} Chi-square ${srm.chiSquare.toFixed(2)}, ${formatP(srm.pValue)}.` : title}
      data-testid={testId}
      data-ok={String(ok)}
    >
      <span className="exp-badge-dot" aria-hidden="true" />
      {ok ? "Split OK" : "Split broken"}
      {srm && " "}
      {srm && <span className="exp-badge-note">{formatP(srm.pValue)}</span>}
    </span>
  );
}
