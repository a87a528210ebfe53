import { integerDraw, normalDraw, type Random, seededRandom } from "./random.js";
import type { PilotPanel } from "./types.js";

/** How to draw a simulated pilot: daily sales of a few shops sharing a weekly pattern and a trend. */
export interface PilotSimulation {
  seed: number;
  /** Added to the treated unit from the change date on. */
  effect: number;
  preDays: number;
  postDays: number;
  controls: number;
  /** AR(1) coefficient of each unit's own noise. */
  phi: number;
  /** Standard deviation of the AR(1) innovations. */
  noise?: number;
  /** How far each unit's weekly swing may differ from the shared one, as a fraction. */
  weeklySpread?: number;
}

const WEEKLY = [-12, -6, -2, 3, 10, 22, -15];

function isoDay(offset: number): string {
  return new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** A panel of `n` days: the treated unit with the effect, the controls without, the change after `preDays`. */
function assemble(
  n: number,
  spec: { effect: number; preDays: number; controls: number },
  unit: (effect: number) => number[],
): PilotPanel {
  const dates = Array.from({ length: n }, (_, t) => isoDay(t));
  const treated = { name: "treated", values: unit(spec.effect) };
  const controls = Array.from({ length: spec.controls }, (_, j) => ({
    name: `control ${j + 1}`,
    values: unit(0),
  }));
  return { dates, changeDate: dates[spec.preDays] as string, treated, controls };
}

/** A stationary AR(1) path. */
function ar1(random: Random, phi: number, sd: number, n: number): number[] {
  const path: number[] = [];
  let value = (normalDraw(random) * sd) / Math.sqrt(1 - phi * phi);
  for (let t = 0; t < n; t++) {
    path.push(value);
    value = phi * value + sd * normalDraw(random);
  }
  return path;
}

/** A panel of daily values: shared trend, shared shocks and weekly pattern, own level and own AR(1) noise. */
export function simulatePilot(spec: PilotSimulation): PilotPanel {
  const random = seededRandom(spec.seed);
  const n = spec.preDays + spec.postDays;
  const slope = 0.05 + 0.15 * random();
  const shared = ar1(random, 0.7, 6, n);
  const unit = (effect: number) => {
    const level = 80 + 80 * random();
    const swing = 1 + (spec.weeklySpread ?? 0.2) * (2 * random() - 1);
    const noise = ar1(random, spec.phi, spec.noise ?? 6, n);
    return noise.map((e, t) => {
      const after = t >= spec.preDays ? effect : 0;
      return level + slope * t + (shared[t] as number) + swing * (WEEKLY[t % 7] as number) + e + after;
    });
  };
  return assemble(n, spec, unit);
}

/** Draws the settings of the i-th panel of a coverage study: 8–12 weeks before, 8 after, 1–3 controls. */
export function coverageSimulation(index: number, effect: number): PilotSimulation {
  const random = seededRandom(1000 + index);
  return {
    seed: 7919 * (index + 1),
    effect,
    preDays: integerDraw(random, 56, 84),
    postDays: 56,
    controls: integerDraw(random, 1, 3),
    phi: 0.4 + 0.2 * random(),
  };
}

/** How to draw a simulated pilot whose shops differ in size and share multiplicative swings. */
export interface MultiplicativeSimulation {
  seed: number;
  /** Relative effect: the treated unit is multiplied by 1 + effect from the change date on. */
  effect: number;
  preDays: number;
  postDays: number;
  controls: number;
  /** AR(1) coefficient of each unit's own noise in logs. */
  phi: number;
  /** Standard deviation of the AR(1) innovations in logs (0.05 ≈ 5% a day). */
  noise?: number;
}

/** Log of the shared weekly factor, Monday first: quiet early in the week, busy on Saturday, closed-ish Sunday. */
const WEEKLY_LOG = [-0.12, -0.06, -0.02, 0.03, 0.1, 0.22, -0.15];

/**
 * A panel of daily values as size × market × own noise: each unit a size of its own (spread about 5 to 1), a
 * shared market path (a trend of up to ±0.3% a day and shared AR(1) shocks), a shared weekly pattern whose swing
 * differs a little by unit, and own log-normal AR(1) noise. The treated unit is multiplied by 1 + effect from the
 * change on. In logs everything adds up, so percentage changes run in parallel while amounts do not.
 */
export function simulateMultiplicativePilot(spec: MultiplicativeSimulation): PilotPanel {
  const random = seededRandom(spec.seed);
  const n = spec.preDays + spec.postDays;
  const slope = 0.006 * random() - 0.003;
  const shared = ar1(random, 0.7, 0.03, n);
  const unit = (effect: number) => {
    const size = 150 * Math.exp(1.6 * random() - 0.8);
    const swing = 1 + 0.2 * (2 * random() - 1);
    const noise = ar1(random, spec.phi, spec.noise ?? 0.05, n);
    return noise.map((e, t) => {
      const log = slope * t + (shared[t] as number) + swing * (WEEKLY_LOG[t % 7] as number) + e;
      return size * Math.exp(log) * (t >= spec.preDays ? 1 + effect : 1);
    });
  };
  return assemble(n, spec, unit);
}

/** Draws the settings of the i-th multiplicative panel of a coverage study: 8–12 weeks before, 8 after, 1–3 controls. */
export function multiplicativeCoverageSimulation(index: number, effect: number): MultiplicativeSimulation {
  const random = seededRandom(5000 + index);
  return {
    seed: 104_729 * (index + 1),
    effect,
    preDays: integerDraw(random, 56, 84),
    postDays: 56,
    controls: integerDraw(random, 1, 3),
    phi: 0.4 + 0.2 * random(),
  };
}
