/**
 * Experiment planning: power, sample size and minimum detectable effect (MDE) for a relative lift.
 *
 * The method is GrowthBook's frequentist power calculator, so plans here agree with theirs:
 * - the lift is relative, (μB − μA) / μA, and its variance comes from the delta method with the same
 *   per-unit variance σ² in both arms: Var = σ² / (n·μA²) · (1 + (1 + lift)²), n units per arm;
 * - the test is two-sided at level alpha and power counts both tails;
 * - with several arms, traffic is split equally and each treatment is compared with control at the
 *   full alpha (no correction for the number of comparisons);
 * - sequential testing (confidence sequences) widens the interval: the variance is multiplied by
 *   (z_seq / z_{1−α/2})², with z_seq the confidence-sequence multiplier at the pairwise size 2n;
 * - the MDE solves lift / SE(lift) = z_{1−α/2} − z_{1−power} for the lift, a quadratic because the
 *   standard error grows with the lift; for a proportion an MDE that would take the rate to 1 or
 *   beyond is reported as unreachable.
 * The sample size is the smallest whole number of units per arm whose power reaches the target.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { AppError } from "../../core/index.js";

export interface PlanInput {
  metric: "proportion" | "mean";
  /** Control mean per unit (proportion: the rate, 0 < p < 1). */
  baseline: number;
  /** Per-unit standard deviation, required for mean metrics. */
  standardDeviation?: number;
  /** Minimum detectable effect, relative (0.1 = +10%). */
  mde: number;
  /** Target power, default 0.8. */
  power?: number;
  /** Significance level, two-sided, default 0.05. */
  alpha?: number;
  /** Arms including control, default 2; traffic split equally. */
  variants?: number;
  /** Units entering the experiment per day, all arms together. */
  trafficPerDay?: number;
  /** Plan for sequential testing (confidence sequences), default false. */
  sequential?: boolean;
  /** Tuning parameter of the confidence sequence, in units, default 5000. */
  sequentialTuning?: number;
  /** Units per variant to report the MDE and power for. */
  users?: number;
}

export interface PlanResult {
  /** Whole units needed per arm to reach `power` at `mde`. */
  usersPerVariant: number;
  totalUsers: number;
  /** ceil(totalUsers / trafficPerDay), null without traffic. */
  days: number | null;
  /** Power achieved at usersPerVariant. */
  power: number;
  /** With `users`: the MDE at the target power and the power to detect `mde`, both at that many units per arm. */
  mdeForUsers: { users: number; mde: number; power: number } | null;
  /** About 20 points of power against units per arm, up to twice the need, for a chart. */
  curve: { users: number; power: number }[];
  /** The assumptions behind the figures, one line each. */
  assumptions: string[];
}

const DEFAULT_POWER = 0.8;
const DEFAULT_ALPHA = 0.05;
const DEFAULT_VARIANTS = 2;
const DEFAULT_SEQUENTIAL_TUNING = 5000;
/** Beyond a trillion units per arm no experiment is realistic; the search stops there. */
const MAX_USERS_PER_VARIANT = 1e12;
const CURVE_POINTS = 20;

interface Settings {
  metric: "proportion" | "mean";
  /** |baseline|: the relative lift's variance depends on the mean only through its square. */
  mean: number;
  baseline: number;
  variance: number;
  mde: number;
  power: number;
  alpha: number;
  variants: number;
  trafficPerDay: number | null;
  sequential: boolean;
  tuning: number;
  users: number | null;
}

function usage(message: string): AppError {
  return new AppError("USAGE", message);
}

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return String(value);
  if (value === undefined) return "nothing";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A number rounded to 4 significant digits, for messages and assumptions. */
function short(value: number): string {
  return String(Number(value.toPrecision(4)));
}

function settle(input: PlanInput): Settings {
  if (typeof input !== "object" || input === null)
    throw usage(`The plan input must be an object with metric, baseline and mde; got ${shown(input)}.`);
  const { metric, baseline, standardDeviation, mde } = input;

  if (metric !== "proportion" && metric !== "mean")
    throw usage(
      `metric must be "proportion" (a conversion rate) or "mean" (a value per unit); got ${shown(metric)}.`,
    );

  let variance: number;
  if (metric === "proportion") {
    if (!isNumber(baseline) || baseline <= 0 || baseline >= 1)
      throw usage(
        `baseline must be a rate between 0 and 1 for a proportion metric; got ${shown(baseline)}. Give 0.12 for 12%.`,
      );
    if (standardDeviation !== undefined)
      throw usage(
        `standardDeviation applies to mean metrics only; a proportion's variance is baseline × (1 − baseline). Remove standardDeviation or use metric "mean"; got ${shown(standardDeviation)}.`,
      );
    variance = baseline * (1 - baseline);
  } else {
    if (!isNumber(baseline) || baseline === 0)
      throw usage(
        `baseline must be the control mean per unit, a number other than 0 since the MDE is relative to it; got ${shown(baseline)}.`,
      );
    if (standardDeviation === undefined)
      throw usage(
        "standardDeviation is required for a mean metric: give the per-unit standard deviation of the metric, e.g. from recent data.",
      );
    if (!isNumber(standardDeviation) || standardDeviation <= 0)
      throw usage(
        `standardDeviation must be a positive number, the per-unit standard deviation of the metric; got ${shown(standardDeviation)}.`,
      );
    variance = standardDeviation ** 2;
  }

  if (!isNumber(mde) || mde <= 0)
    throw usage(`mde must be a relative lift above 0, e.g. 0.05 for +5%; got ${shown(mde)}.`);
  if (metric === "proportion" && baseline * (1 + mde) >= 1)
    throw usage(
      `mde ${short(mde)} on a baseline rate of ${short(baseline)} means a treatment rate of ${short(baseline * (1 + mde))}, which is not below 1; use an mde below ${short((1 - baseline) / baseline)}.`,
    );

  const alpha = input.alpha ?? DEFAULT_ALPHA;
  if (!isNumber(alpha) || alpha <= 0 || alpha >= 0.5)
    throw usage(
      `alpha must be a two-sided significance level between 0 and 0.5, e.g. 0.05; got ${shown(alpha)}.`,
    );

  const power = input.power ?? DEFAULT_POWER;
  if (!isNumber(power) || power <= alpha || power >= 1)
    throw usage(
      `power must be above alpha (${short(alpha)}) and below 1, e.g. 0.8 for 80%; got ${shown(power)}.`,
    );

  const variants = input.variants ?? DEFAULT_VARIANTS;
  if (!Number.isSafeInteger(variants) || variants < 2)
    throw usage(
      `variants must be a whole number of arms including control, at least 2; got ${shown(variants)}.`,
    );

  const trafficPerDay = input.trafficPerDay ?? null;
  if (trafficPerDay !== null && (!isNumber(trafficPerDay) || trafficPerDay <= 0))
    throw usage(
      `trafficPerDay must be a positive number of units per day across all arms; got ${shown(trafficPerDay)}. Leave it out to plan without a duration.`,
    );

  const sequential = input.sequential ?? false;
  if (typeof sequential !== "boolean")
    throw usage(`sequential must be true or false; got ${shown(sequential)}.`);

  const tuning = input.sequentialTuning ?? DEFAULT_SEQUENTIAL_TUNING;
  if (!isNumber(tuning) || tuning <= 0)
    throw usage(
      `sequentialTuning must be a positive number of units, e.g. ${DEFAULT_SEQUENTIAL_TUNING}; got ${shown(tuning)}.`,
    );

  const users = input.users ?? null;
  if (users !== null && (!isNumber(users) || users <= 0))
    throw usage(`users must be a positive number of units per variant; got ${shown(users)}.`);

  return {
    metric,
    mean: Math.abs(baseline),
    baseline,
    variance,
    mde,
    power,
    alpha,
    variants,
    trafficPerDay,
    sequential,
    tuning,
    users,
  };
}

function checkUsers(usersPerVariant: number): void {
  if (!isNumber(usersPerVariant) || usersPerVariant <= 0)
    throw usage(`usersPerVariant must be a positive number of units per arm; got ${shown(usersPerVariant)}.`);
}

/** z_{1−α/2}, the two-sided critical value. */
function critical(alpha: number): number {
  return normalQuantile(1 - alpha / 2, 0, 1);
}

/**
 * Factor by which sequential testing multiplies the variance at `usersPerVariant` units per arm:
 * (z_seq / z_{1−α/2})² with z_seq² = 2(Nρ² + 1)·ln(√(Nρ² + 1) / α) / (Nρ²), N = 2 × units per arm
 * and ρ² = (−2 ln α + ln(1 − 2 ln α)) / tuning. 1 without sequential testing.
 */
function sequentialInflation(s: Settings, usersPerVariant: number): number {
  if (!s.sequential) return 1;
  const logAlpha = Math.log(s.alpha);
  const rho2 = (-2 * logAlpha + Math.log(1 - 2 * logAlpha)) / s.tuning;
  const x = 2 * usersPerVariant * rho2;
  const zSeq2 = (2 * (x + 1) * (0.5 * Math.log1p(x) - logAlpha)) / x;
  return zSeq2 / critical(s.alpha) ** 2;
}

/** Variance of the estimated relative lift when the true lift is `lift`, sequential widening included. */
function liftVariance(s: Settings, usersPerVariant: number, lift: number): number {
  const fixed = (s.variance / (usersPerVariant * s.mean ** 2)) * (1 + (1 + lift) ** 2);
  return fixed * sequentialInflation(s, usersPerVariant);
}

function twoSidedPower(lift: number, standardError: number, alpha: number): number {
  const z = critical(alpha);
  const shift = lift / standardError;
  // 1 − Φ(z − shift) written as Φ(shift − z), which keeps its digits when power is near 1.
  return normalCdf(shift - z, 0, 1) + normalCdf(-z - shift, 0, 1);
}

function powerOf(s: Settings, usersPerVariant: number): number {
  return twoSidedPower(s.mde, Math.sqrt(liftVariance(s, usersPerVariant, s.mde)), s.alpha);
}

/**
 * q = k²·σ²_eff / (n·μ²) with k = z_{1−α/2} − z_{1−power}: the MDE exists only while q < 1, i.e. while
 * the relative standard error is small enough that some lift reaches the power.
 */
function mdeRatio(s: Settings, usersPerVariant: number): number {
  const k = critical(s.alpha) - normalQuantile(1 - s.power, 0, 1);
  const effectiveVariance = s.variance * sequentialInflation(s, usersPerVariant);
  return (k ** 2 * effectiveVariance) / (usersPerVariant * s.mean ** 2);
}

/** Smallest whole n in [1, limit] with ok(n), for ok false then true as n grows; null when none. */
function smallestWhole(ok: (n: number) => boolean, limit: number): number | null {
  let failing = 0;
  let passing = 1;
  while (!ok(passing)) {
    if (passing >= limit) return null;
    failing = passing;
    passing = Math.min(passing * 2, limit);
  }
  while (passing - failing > 1) {
    const middle = Math.floor((failing + passing) / 2);
    if (ok(middle)) passing = middle;
    else failing = middle;
  }
  return passing;
}

/**
 * The lift whose power is exactly the target when q = mdeRatio < 1. The treatment-to-control ratio r
 * solves r²(1 − q) − 2r + (1 − q) = 0; its larger root is r = (1 + √(q(2 − q))) / (1 − q), so the
 * lift r − 1 = (q + √(q(2 − q))) / (1 − q), written without the cancellation of r − 1.
 */
function liftFromRatio(q: number): number {
  return (q + Math.sqrt(q * (2 - q))) / (1 - q);
}

/** Whether some lift reaches the target power at this size, and for a proportion keeps the rate below 1. */
function mdeExists(s: Settings, usersPerVariant: number): boolean {
  const q = mdeRatio(s, usersPerVariant);
  if (!(q < 1)) return false;
  return s.metric === "mean" || s.baseline * (1 + liftFromRatio(q)) < 1;
}

function mdeOf(s: Settings, usersPerVariant: number): number {
  if (!mdeExists(s, usersPerVariant)) {
    const enough = smallestWhole((n) => mdeExists(s, n), MAX_USERS_PER_VARIANT);
    const advice =
      enough === null ? "" : ` Use at least ${enough} units per variant, or lower the power or raise alpha.`;
    const why =
      mdeRatio(s, usersPerVariant) < 1
        ? "the lift needed would take the rate above 1"
        : "the metric varies too much for so few units";
    throw usage(
      `No lift reaches power ${short(s.power)} with ${short(usersPerVariant)} units per variant: ${why}, so the MDE does not exist.${advice}`,
    );
  }
  return liftFromRatio(mdeRatio(s, usersPerVariant));
}

/** Power to detect `input.mde` with `usersPerVariant` units in each arm. */
export function powerAt(input: PlanInput, usersPerVariant: number): number {
  const s = settle(input);
  checkUsers(usersPerVariant);
  return powerOf(s, usersPerVariant);
}

/** Relative MDE at `input.power` with `usersPerVariant` units in each arm; throws when no lift reaches that power. */
export function mdeAt(input: PlanInput, usersPerVariant: number): number {
  const s = settle(input);
  checkUsers(usersPerVariant);
  return mdeOf(s, usersPerVariant);
}

function assumptionsOf(s: Settings, usersPerVariant: number): string[] {
  const comparisons = s.variants - 1;
  const variance =
    s.metric === "proportion"
      ? `Variance per unit ${short(s.variance)} = p(1 − p) at the baseline rate ${short(s.baseline)}`
      : `Variance per unit ${short(s.variance)} from the standard deviation ${short(Math.sqrt(s.variance))}`;
  const lines = [
    `alpha = ${short(s.alpha)}: the chance of a false positive in each comparison with control.`,
    `Two-sided test (critical z = ${critical(s.alpha).toFixed(3)}): a significant drop counts as well as a significant rise.`,
    `${variance}, the same in control and treatment; the relative lift's variance is σ²/(n·μ²)·(1 + (1 + lift)²) by the delta method.`,
    comparisons === 1
      ? "Two arms with traffic split equally: one comparison, so no multiple-comparison correction."
      : `${s.variants} arms with traffic split equally: each of the ${comparisons} treatments is compared with control at the full alpha, with no correction for multiple comparisons.`,
  ];
  if (s.sequential) {
    lines.push(
      `Sequential testing (confidence sequences, tuning ${short(s.tuning)}): the variance is ${short(sequentialInflation(s, usersPerVariant))}× that of a fixed-horizon test at the planned size; power assumes one final look, so it is a lower bound.`,
    );
  } else {
    lines.push(
      "Fixed-horizon test: read the result once, at the planned size; stopping early on a significant result raises the false-positive rate.",
    );
  }
  lines.push(
    `Sample size: the smallest whole number of units per arm whose power reaches ${short(s.power)} at a lift of ${short(s.mde)}.`,
  );
  return lines;
}

/** Units per arm, total units, duration, power curve and MDE for an experiment on one metric. */
export function planExperiment(input: PlanInput): PlanResult {
  const s = settle(input);

  const usersPerVariant = smallestWhole((n) => powerOf(s, n) >= s.power, MAX_USERS_PER_VARIANT);
  if (usersPerVariant === null)
    throw usage(
      `A lift of ${short(s.mde)} cannot be detected with power ${short(s.power)} at any realistic size: it would take more than ${MAX_USERS_PER_VARIANT.toExponential()} units per variant. Plan for a larger mde or a lower power.`,
    );
  const totalUsers = usersPerVariant * s.variants;
  if (!Number.isSafeInteger(totalUsers))
    throw usage(
      `${s.variants} variants of ${usersPerVariant} units each is more units than can be counted exactly; use fewer variants or a larger mde.`,
    );

  const curve: { users: number; power: number }[] = [];
  for (let i = 1; i <= CURVE_POINTS; i++) {
    const users = Math.max(1, Math.round((usersPerVariant * 2 * i) / CURVE_POINTS));
    if (curve.length > 0 && curve[curve.length - 1]?.users === users) continue;
    curve.push({ users, power: powerOf(s, users) });
  }

  const mdeForUsers =
    s.users === null ? null : { users: s.users, mde: mdeOf(s, s.users), power: powerOf(s, s.users) };

  return {
    usersPerVariant,
    totalUsers,
    days: s.trafficPerDay === null ? null : Math.ceil(totalUsers / s.trafficPerDay),
    power: powerOf(s, usersPerVariant),
    mdeForUsers,
    curve,
    assumptions: assumptionsOf(s, usersPerVariant),
  };
}
