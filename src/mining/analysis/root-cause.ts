import type { CaseAttribute } from "../log/case-attributes.js";
import { caseCount, type EventLog } from "../log/event-log.js";
import { formatDuration } from "./bottlenecks.js";
import { quantileSorted } from "./stats.js";
import { caseDuration } from "./variants.js";

const Z = 1.959963984540054;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export interface RootCauseTarget {
  kind: "slow" | "outcome";
  description: string;
  thresholdSeconds: number | null;
  cases: number;
  targetCases: number;
  rate: number;
}

export interface RootCauseFactor {
  attribute: string;
  value: string;
  cases: number;
  targetCases: number;
  /** Share of target cases among cases with this value. */
  rate: number;
  /** Share of target cases among all other cases. */
  otherRate: number;
  /** rate / otherRate, with a 95% confidence interval (Katz log method). */
  lift: number;
  liftLow: number;
  liftHigh: number;
  /** rate − otherRate, with a 95% confidence interval (Newcombe's hybrid Wilson score method). */
  difference: number;
  differenceLow: number;
  differenceHigh: number;
  sentence: string;
}

export interface RootCauses {
  target: RootCauseTarget;
  factors: RootCauseFactor[];
}

/** Wilson score interval of a proportion. */
export function wilson(x: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const p = x / n;
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Difference of two proportions with Newcombe's hybrid score interval (his method 10). */
export function proportionDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): [number, number, number] {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const [l1, u1] = wilson(x1, n1);
  const [l2, u2] = wilson(x2, n2);
  const d = p1 - p2;
  return [d, d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)];
}

/** Risk ratio with the Katz log interval; a half is added to every cell when one is empty. */
export function riskRatio(x1: number, n1: number, x2: number, n2: number): [number, number, number] {
  let [a, b, c, d] = [x1, n1, x2, n2];
  if (a === 0 || c === 0 || a === b || c === d) [a, b, c, d] = [a + 0.5, b + 1, c + 0.5, d + 1];
  const rr = a / b / (c / d);
  const se = Math.sqrt(1 / a - 1 / b + 1 / c - 1 / d);
  return [x2 === 0 ? rr : x1 / n1 / (x2 / n2), rr * Math.exp(-Z * se), rr * Math.exp(Z * se)];
}

function percent(x: number): string {
  return `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
}

/** The weekday each case started on, in the business's time zone. */
export function startWeekdays(log: EventLog): CaseAttribute {
  const values: string[] = [];
  for (let c = 0; c < caseCount(log); c++) {
    const e = log.caseOffsets[c] as number;
    const s = log.start ? (log.start[e] as number) : Number.NaN;
    const t =
      (Number.isNaN(s) ? (log.time[e] as number) : s) +
      (log.localOffset ? (log.localOffset[e] as number) : 0) * 60_000;
    values.push(WEEKDAYS[new Date(t).getUTCDay()] as string);
  }
  return { name: "weekday started", values };
}

/** Slow cases: throughput time above the q-quantile of all cases. */
export function slowCases(log: EventLog, q: number): { target: Uint8Array; thresholdSeconds: number } {
  const n = caseCount(log);
  const durations = Float64Array.from({ length: n }, (_, c) => caseDuration(log, c));
  const threshold = quantileSorted(Float64Array.from(durations).sort(), q);
  return {
    target: Uint8Array.from(durations, (d) => (d > threshold ? 1 : 0)),
    thresholdSeconds: threshold / 1000,
  };
}

/**
 * Case attributes ranked by how strongly a value goes with the target (slow or failed) cases: by
 * the lower end of the lift's 95% interval, so a strong link on few cases does not beat a clear one.
 */
export function rankRootCauses(
  target: Uint8Array,
  description: Omit<RootCauseTarget, "cases" | "targetCases" | "rate">,
  attributes: readonly CaseAttribute[],
  options: { minCases?: number } = {},
): RootCauses {
  const n = target.length;
  let total = 0;
  for (const t of target) total += t;
  const minCases = options.minCases ?? Math.max(10, Math.ceil(n * 0.005));
  const noun = description.kind === "slow" ? "slow" : "the outcome";
  const factors: RootCauseFactor[] = [];
  for (const attribute of attributes) {
    const groups = new Map<string, { cases: number; hits: number }>();
    attribute.values.forEach((v, c) => {
      if (v === null) return;
      const g = groups.get(v) ?? { cases: 0, hits: 0 };
      g.cases++;
      g.hits += target[c] as number;
      groups.set(v, g);
    });
    if (groups.size < 2) continue;
    for (const [value, g] of groups) {
      const others = n - g.cases;
      const otherHits = total - g.hits;
      if (g.cases < minCases || others < minCases) continue;
      const [lift, liftLow, liftHigh] = riskRatio(g.hits, g.cases, otherHits, others);
      const [difference, differenceLow, differenceHigh] = proportionDifference(
        g.hits,
        g.cases,
        otherHits,
        others,
      );
      const rate = g.hits / g.cases;
      const otherRate = otherHits / others;
      const direction =
        liftLow > 1
          ? `${lift.toFixed(1)} times as often (95% CI ${liftLow.toFixed(2)}–${liftHigh.toFixed(2)})`
          : liftHigh < 1
            ? `less often: ${lift.toFixed(2)} times the rate (95% CI ${liftLow.toFixed(2)}–${liftHigh.toFixed(2)})`
            : `no clear difference (95% CI of the ratio ${liftLow.toFixed(2)}–${liftHigh.toFixed(2)})`;
      factors.push({
        attribute: attribute.name,
        value,
        cases: g.cases,
        targetCases: g.hits,
        rate,
        otherRate,
        lift,
        liftLow,
        liftHigh,
        difference,
        differenceLow,
        differenceHigh,
        sentence: `Cases with ${attribute.name} = ${value} are ${noun} in ${percent(rate)} of ${g.cases.toLocaleString("en")} cases, against ${percent(otherRate)} of the others: ${direction}.`,
      });
    }
  }
  factors.sort((x, y) => y.liftLow - x.liftLow || y.lift - x.lift);
  return { target: { ...description, cases: n, targetCases: total, rate: n ? total / n : 0 }, factors };
}

export function slowDescription(q: number, thresholdSeconds: number): string {
  return `Slow cases: throughput time above the ${Math.round(q * 100)}th percentile, ${formatDuration(thresholdSeconds)}.`;
}
