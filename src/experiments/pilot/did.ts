import type { PreparedPanel, UnitValues } from "./prepare.js";
import { amountOfLog, relativeOfLog } from "./scale.js";
import { differenceOf, mean, meanOfSeries, relativeTo, type TEstimate, tInference } from "./stats.js";
import type { PilotResult, PilotScale } from "./types.js";

/** The mean of the controls at each period. */
export function controlMean(controls: readonly UnitValues[]): number[] {
  const first = controls[0]?.values ?? [];
  return first.map((_, t) => mean(controls.map((control) => control.values[t] as number)));
}

function method(scale: PilotScale, df: number): string {
  const compared =
    scale === "log"
      ? "Compares percentage changes (the difference in differences of the logarithms, so the control is the controls' geometric mean and a shop twice the size counts a shared swing twice in its own unit); "
      : "Compares changes in the metric's own unit (the difference in differences of the values, the control the controls' mean); ";
  return `${compared}Student t interval with ${df.toFixed(1)} degrees of freedom, where the standard error of each period's mean gap between treated and controls comes from its long-run variance (AR(1) prewhitening, then equal-weighted cosine projections), so runs of correlated periods count as fewer independent observations instead of overstating certainty.`;
}

export interface DifferenceInDifferences {
  result: PilotResult["differenceInDifferences"];
  /** Treated − mean of controls at each used period, on the analysis scale. */
  gaps: number[];
  /** True when the counterfactual level is so close to zero that relative changes are reported as 0. */
  noRelative: boolean;
}

interface Options {
  level: number;
  scale: PilotScale;
  /** Mean absolute treated value on the analysis scale, against which a base counts as near zero. */
  magnitude: number;
  /** Mean treated level (metric's unit) over the periods from the change on. */
  treatedAfter: number;
}

function onLevels(change: TEstimate, panel: PreparedPanel, options: Options) {
  const { ci, pValue } = tInference(change, options.level);
  const counterfactual = mean(panel.treated.values.slice(panel.pre)) - change.estimate;
  const relative = relativeTo(change.estimate, counterfactual, options.magnitude);
  const share = (value: number) => relativeTo(value, counterfactual, options.magnitude) ?? 0;
  const result: DifferenceInDifferences["result"] = {
    effect: change.estimate,
    relative: relative ?? 0,
    ci,
    relativeCi: [share(ci[0]), share(ci[1])],
    pValue,
    method: method("level", change.df),
  };
  return { result, noRelative: relative === null };
}

function onLogs(change: TEstimate, options: Options): DifferenceInDifferences["result"] {
  const { ci, pValue } = tInference(change, options.level);
  const amount = (difference: number) => amountOfLog(difference, options.treatedAfter);
  return {
    effect: amount(change.estimate),
    relative: relativeOfLog(change.estimate),
    ci: [amount(ci[0]), amount(ci[1])],
    relativeCi: [relativeOfLog(ci[0]), relativeOfLog(ci[1])],
    pValue,
    method: method("log", change.df),
  };
}

/**
 * (treated after − before) − (control after − before), with the control the mean of the controls, on the panel's
 * analysis scale; under log the result is taken back to a relative change and an amount in the metric's unit.
 */
export function differenceInDifferences(panel: PreparedPanel, options: Options): DifferenceInDifferences {
  const control = controlMean(panel.controls);
  const gaps = panel.treated.values.map((value, t) => value - (control[t] as number));
  const change = differenceOf(meanOfSeries(gaps.slice(panel.pre)), meanOfSeries(gaps.slice(0, panel.pre)));
  if (options.scale === "log") return { result: onLogs(change, options), gaps, noRelative: false };
  return { ...onLevels(change, panel, options), gaps };
}
