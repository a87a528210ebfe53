import type { PreparedPanel, UnitValues } from "./prepare.js";
import { differenceOf, mean, meanOfSeries, relativeTo, tInference } from "./stats.js";
import type { PilotResult } from "./types.js";

/** The mean of the controls at each period. */
export function controlMean(controls: readonly UnitValues[]): number[] {
  const first = controls[0]?.values ?? [];
  return first.map((_, t) => mean(controls.map((control) => control.values[t] as number)));
}

function method(df: number): string {
  return `Student t interval with ${df.toFixed(1)} degrees of freedom, where the standard error of each period's mean gap between treated and controls comes from its long-run variance (AR(1) prewhitening, then equal-weighted cosine projections), so runs of correlated periods count as fewer independent observations instead of overstating certainty.`;
}

export interface DifferenceInDifferences {
  result: PilotResult["differenceInDifferences"];
  /** Treated − mean of controls at each used period. */
  gaps: number[];
  /** True when the counterfactual level is so close to zero that relative changes are reported as 0. */
  noRelative: boolean;
}

/** (treated after − before) − (control after − before), with the control the mean of the controls. */
export function differenceInDifferences(
  panel: PreparedPanel,
  level: number,
  scale: number,
): DifferenceInDifferences {
  const control = controlMean(panel.controls);
  const gaps = panel.treated.values.map((value, t) => value - (control[t] as number));
  const change = differenceOf(meanOfSeries(gaps.slice(panel.pre)), meanOfSeries(gaps.slice(0, panel.pre)));
  const { ci, pValue } = tInference(change, level);
  const counterfactual = mean(panel.treated.values.slice(panel.pre)) - change.estimate;
  const relative = relativeTo(change.estimate, counterfactual, scale);
  const share = (value: number) => relativeTo(value, counterfactual, scale) ?? 0;
  return {
    result: {
      effect: change.estimate,
      relative: relative ?? 0,
      ci,
      relativeCi: [share(ci[0]), share(ci[1])],
      pValue,
      method: method(change.df),
    },
    gaps,
    noRelative: relative === null,
  };
}
