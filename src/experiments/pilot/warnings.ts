import type { FitCheck } from "./synthetic.js";
import type { PilotResult, PilotScale } from "./types.js";

export interface WarningFacts {
  pre: number;
  post: number;
  seasonLength: number;
  controls: number;
  preTrend: PilotResult["preTrend"];
  fit: FitCheck;
  noRelative: boolean;
  scale: PilotScale;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const round = (value: number) => Number(value.toPrecision(3));
const pText = (p: number) => (p < 0.001 ? "p < 0.001" : `p = ${round(p)}`);

function periodWarnings({ pre, post, seasonLength }: WarningFacts): string[] {
  const warnings: string[] = [];
  const enoughPre = Math.max(2 * seasonLength, 8);
  if (pre < enoughPre) {
    const cycles = seasonLength > 1 ? `two full cycles (${enoughPre})` : `${enoughPre}`;
    warnings.push(
      `Too few periods before the change: ${pre}, fewer than ${cycles}; the usual gap between the treated unit and the controls is poorly known, so read the results as rough.`,
    );
  }
  if (seasonLength > 1 && post < seasonLength) {
    warnings.push(
      `Only ${post} periods since the change, less than one full cycle of ${seasonLength}; the result may reflect which days fell in that stretch. Let the pilot run longer.`,
    );
  }
  return warnings;
}

function trendWarnings({ preTrend, scale }: WarningFacts): string[] {
  if (preTrend.ok) return [];
  // Under log the slope is in log points per period: e^slope − 1 is the relative drift per period.
  const drift = scale === "log" ? `${round(Math.expm1(preTrend.slope) * 100)}%` : `${round(preTrend.slope)}`;
  return [
    `Pre-trends differ: before the change the treated unit was already drifting away from the controls by ${drift} per period (${pText(preTrend.pValue)}), so part of the measured effect may be that drift rather than the change.`,
  ];
}

function syntheticWarnings({ controls, fit }: WarningFacts): string[] {
  const warnings: string[] = [];
  if (controls < 2) {
    warnings.push(
      "Only one control: the synthetic control is just that unit, and placebo tests (treating each control as if it had changed) cannot run. Add more controls if you can.",
    );
  }
  if (fit.outside) {
    warnings.push(
      `The treated unit lies outside the controls' range in ${percent(fit.outsideShare)} of the periods before the change (above or below every control), so no mix of controls can match it; rely on the difference-in-differences estimate, which compares changes rather than levels.`,
    );
  }
  if (fit.poor) {
    warnings.push(
      `The synthetic control fits the period before the change badly: it misses the treated unit by ${percent(fit.relativeRmspe)} of its level on a typical period, so its estimate is unreliable.`,
    );
  } else if (fit.levelMissed) {
    warnings.push(
      "The synthetic control does not match the treated unit's level on periods it was not fitted to, so it gives no interval; rely on the difference-in-differences estimate.",
    );
  }
  return warnings;
}

function relativeWarnings({ noRelative }: WarningFacts): string[] {
  if (!noRelative) return [];
  return [
    "The expected level without the change is close to zero, so relative changes are shown as 0; read the effect in the metric's own unit.",
  ];
}

/** Plain-words warnings for an owner about what limits the analysis. */
export function pilotWarnings(facts: WarningFacts): string[] {
  return [
    ...periodWarnings(facts),
    ...trendWarnings(facts),
    ...syntheticWarnings(facts),
    ...relativeWarnings(facts),
  ];
}
