import { useId } from "react";
import type { GoalStatus } from "../api";

const tone: Record<GoalStatus["status"], string> = {
  "on track": "goal-on-track",
  "at risk": "goal-at-risk",
  "off track": "goal-off-track",
};

/**
 * The goal's status in words and colour; its one-sentence explanation shows on hover and on
 * keyboard focus.
 */
export function GoalBadge({
  kpi,
  goal,
  testId = `goal-status-${kpi}`,
  placement = "below",
}: {
  kpi: string;
  goal: GoalStatus | null;
  testId?: string;
  placement?: "below" | "above";
}) {
  const tipId = useId();
  const status = goal?.status ?? "no goal";
  const explanation = goal ? goal.explanation : "No goal is set for this KPI yet. Set one on its page.";
  return (
    <span
      className={`goal ${goal ? tone[goal.status] : "goal-none"}`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users can read the explanation
      tabIndex={0}
      aria-describedby={tipId}
      data-testid={testId}
      data-status={status}
    >
      <span className="goal-dot" aria-hidden="true" />
      {status}
      <span
        className={`hint hint-${placement}`}
        role="tooltip"
        id={tipId}
        data-testid={`${testId}-explanation`}
      >
        {explanation}
      </span>
    </span>
  );
}
