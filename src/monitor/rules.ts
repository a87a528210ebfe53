import type { RuleSet, Signal } from "./chart.schema.js";

/**
 * Special-cause rules. Numbering and behaviour follow R's qcc (`R/rules.R`, version 3.0), whose
 * Nelson numbering is also Minitab's "tests for special causes" 1–8:
 *
 * | pattern                                           | Western Electric | Nelson / Minitab |
 * |---------------------------------------------------|------------------|------------------|
 * | 1 point beyond 3 sigma                            | 1                | 1                |
 * | 2 of 3 in a row beyond 2 sigma, same side         | 2                | 5                |
 * | 4 of 5 in a row beyond 1 sigma, same side         | 3                | 6                |
 * | 8 in a row on one side of the centre line         | 4                | —                |
 * | 9 in a row on one side of the centre line         | —                | 2                |
 * | 6 in a row steadily increasing or decreasing      | —                | 3                |
 * | 14 in a row alternating up and down               | —                | 4                |
 * | 15 in a row within 1 sigma of the centre line     | —                | 7                |
 * | 8 in a row beyond 1 sigma, on both sides          | —                | 8                |
 *
 * Details that follow qcc: the point a signal is reported at is the one that completes the pattern,
 * and every later point while the pattern lasts (a run of 10 on one side flags its 9th and 10th
 * points under Nelson 2); for "2 of 3" and "4 of 5" the reported point must itself be beyond the
 * zone line; points exactly on the centre line break a run; equal neighbours break a trend or an
 * alternation; "within 1 sigma" includes the 1-sigma lines. One deliberate difference: when sample
 * sizes vary, qcc judges the earlier points of a "2 of 3" or "4 of 5" window against the zone line
 * of the window's last point; here every point is judged against its own zone lines.
 */

export type RulePattern =
  | "beyond-limits"
  | "two-of-three"
  | "four-of-five"
  | "run-8"
  | "run-9"
  | "trend"
  | "alternating"
  | "hugging"
  | "mixture";

export interface RuleDefinition {
  rule: number;
  pattern: RulePattern;
  /** The rule in plain words, for legends and help. */
  description: string;
}

const DEFINITIONS: Record<RulePattern, string> = {
  "beyond-limits": "1 point beyond a control limit (more than 3 sigma from the centre line)",
  "two-of-three": "2 of 3 points in a row more than 2 sigma from the centre line, on the same side",
  "four-of-five": "4 of 5 points in a row more than 1 sigma from the centre line, on the same side",
  "run-8": "8 points in a row on one side of the centre line",
  "run-9": "9 points in a row on one side of the centre line",
  trend: "6 points in a row steadily increasing or decreasing",
  alternating: "14 points in a row alternating up and down",
  hugging: "15 points in a row within 1 sigma of the centre line",
  mixture: "8 points in a row more than 1 sigma from the centre line, on both sides of it",
};

const define = (rule: number, pattern: RulePattern): RuleDefinition => ({
  rule,
  pattern,
  description: DEFINITIONS[pattern],
});

/** The rules of each set, by number. */
export const RULES: Record<Exclude<RuleSet, "none">, readonly RuleDefinition[]> = {
  "western-electric": [
    define(1, "beyond-limits"),
    define(2, "two-of-three"),
    define(3, "four-of-five"),
    define(4, "run-8"),
  ],
  nelson: [
    define(1, "beyond-limits"),
    define(2, "run-9"),
    define(3, "trend"),
    define(4, "alternating"),
    define(5, "two-of-three"),
    define(6, "four-of-five"),
    define(7, "hugging"),
    define(8, "mixture"),
  ],
};

/** A plotted series with, for every point, its centre line and the standard deviation of the point. */
export interface RuleSeries {
  statistics: readonly number[];
  center: readonly number[];
  standardError: readonly number[];
  /** Control limits when they are clipped (at 0 for counts, at 1 for proportions); centre ± 3 standard errors otherwise. */
  lcl?: readonly number[];
  ucl?: readonly number[];
}

type Side = "above" | "below";
interface Hit {
  index: number;
  words: string;
}

/** Indexes of points in runs of `condition` at least `length` long, from the point that completes the run on. */
function runPoints(condition: readonly boolean[], length: number): number[] {
  const out: number[] = [];
  let run = 0;
  condition.forEach((holds, i) => {
    run = holds ? run + 1 : 0;
    if (run >= length) out.push(i);
  });
  return out;
}

class Zones {
  constructor(private readonly series: RuleSeries) {}

  private at(values: readonly number[], i: number): number {
    return values[i] ?? Number.NaN;
  }

  value(i: number): number {
    return this.at(this.series.statistics, i);
  }

  /** Whether point i lies beyond `k` standard errors from the centre on `side` (strictly). */
  beyond(i: number, k: number, side: Side): boolean {
    const x = this.value(i);
    const c = this.at(this.series.center, i);
    const se = this.at(this.series.standardError, i);
    if (k === 3) {
      const limit = side === "above" ? this.series.ucl?.[i] : this.series.lcl?.[i];
      if (limit !== undefined) return side === "above" ? x > limit : x < limit;
    }
    return side === "above" ? x > c + k * se : x < c - k * se;
  }

  within(i: number, k: number): boolean {
    const x = this.value(i);
    const c = this.at(this.series.center, i);
    const se = this.at(this.series.standardError, i);
    return x >= c - k * se && x <= c + k * se;
  }

  side(i: number, side: Side): boolean {
    const d = this.value(i) - this.at(this.series.center, i);
    return side === "above" ? d > 0 : d < 0;
  }
}

const SIDES: readonly Side[] = ["above", "below"];

function beyondLimits(z: Zones, n: number): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < n; i++) {
    if (z.beyond(i, 3, "above")) hits.push({ index: i, words: "Point above the upper control limit" });
    else if (z.beyond(i, 3, "below")) hits.push({ index: i, words: "Point below the lower control limit" });
  }
  return hits;
}

/** `count` of `window` points in a row beyond `k` sigma on one side, the last of them included. */
function countOfWindow(z: Zones, n: number, count: number, window: number, k: number): Hit[] {
  const hits: Hit[] = [];
  for (const side of SIDES) {
    for (let i = window - 1; i < n; i++) {
      if (!z.beyond(i, k, side)) continue;
      let beyond = 0;
      for (let j = i - window + 1; j <= i; j++) if (z.beyond(j, k, side)) beyond++;
      if (beyond >= count) {
        hits.push({
          index: i,
          words: `${count} of ${window} points in a row more than ${k} sigma ${side} the centre line`,
        });
      }
    }
  }
  return hits;
}

function runOnOneSide(z: Zones, n: number, length: number): Hit[] {
  return SIDES.flatMap((side) =>
    runPoints(
      Array.from({ length: n }, (_, i) => z.side(i, side)),
      length,
    ).map((index) => ({ index, words: `${length} points in a row ${side} the centre line` })),
  );
}

function trend(z: Zones, n: number): Hit[] {
  const steps = Array.from({ length: Math.max(0, n - 1) }, (_, j) => z.value(j + 1) - z.value(j));
  const up = runPoints(
    steps.map((d) => d > 0),
    5,
  ).map((j) => ({ index: j + 1, words: "6 points in a row steadily increasing" }));
  const down = runPoints(
    steps.map((d) => d < 0),
    5,
  ).map((j) => ({ index: j + 1, words: "6 points in a row steadily decreasing" }));
  return [...up, ...down];
}

function alternating(z: Zones, n: number): Hit[] {
  const turns = Array.from(
    { length: Math.max(0, n - 2) },
    (_, j) => (z.value(j + 1) - z.value(j)) * (z.value(j + 2) - z.value(j + 1)) < 0,
  );
  return runPoints(turns, 12).map((j) => ({
    index: j + 2,
    words: "14 points in a row alternating up and down",
  }));
}

function hugging(z: Zones, n: number): Hit[] {
  return runPoints(
    Array.from({ length: n }, (_, i) => z.within(i, 1)),
    15,
  ).map((index) => ({ index, words: "15 points in a row within 1 sigma of the centre line" }));
}

function mixture(z: Zones, n: number): Hit[] {
  const hits: Hit[] = [];
  for (let i = 7; i < n; i++) {
    let above = false;
    let below = false;
    let all = true;
    for (let j = i - 7; j <= i && all; j++) {
      const up = z.beyond(j, 1, "above");
      const down = z.beyond(j, 1, "below");
      above ||= up;
      below ||= down;
      all = up || down;
    }
    if (all && above && below) {
      hits.push({
        index: i,
        words: "8 points in a row more than 1 sigma from the centre line, on both sides of it",
      });
    }
  }
  return hits;
}

function findPattern(pattern: RulePattern, z: Zones, n: number): Hit[] {
  switch (pattern) {
    case "beyond-limits":
      return beyondLimits(z, n);
    case "two-of-three":
      return countOfWindow(z, n, 2, 3, 2);
    case "four-of-five":
      return countOfWindow(z, n, 4, 5, 1);
    case "run-8":
      return runOnOneSide(z, n, 8);
    case "run-9":
      return runOnOneSide(z, n, 9);
    case "trend":
      return trend(z, n);
    case "alternating":
      return alternating(z, n);
    case "hugging":
      return hugging(z, n);
    case "mixture":
      return mixture(z, n);
  }
}

/**
 * Every point where a rule of `ruleSet` fires, ordered by point and then rule. A point can break
 * several rules; each (rule, point) pair is reported once.
 */
export function detectSignals(
  series: RuleSeries,
  ruleSet: RuleSet,
  options: { ruleNumbers?: readonly number[]; periods?: readonly string[] } = {},
): Signal[] {
  if (ruleSet === "none") return [];
  const zones = new Zones(series);
  const n = series.statistics.length;
  const signals: Signal[] = [];
  for (const definition of RULES[ruleSet]) {
    if (options.ruleNumbers && !options.ruleNumbers.includes(definition.rule)) continue;
    const seen = new Set<number>();
    for (const hit of findPattern(definition.pattern, zones, n)) {
      if (seen.has(hit.index)) continue;
      seen.add(hit.index);
      const period = options.periods?.[hit.index];
      signals.push({
        rule: definition.rule,
        index: hit.index,
        ...(period !== undefined ? { period } : {}),
        description: hit.words,
      });
    }
  }
  return signals.sort((a, b) => a.index - b.index || a.rule - b.rule);
}
