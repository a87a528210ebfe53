/**
 * From the sums of two arms to the statistics a test compares: checks the sums, builds each arm's
 * statistic and, for CUPED, fits θ on both arms together as gbstats does. When the pooled pre-period
 * (or post-period) values do not vary, θ is 0 and the arms are compared without the adjustment.
 */
import { type BaseStatistic, baseStatistic, baseVariance, sumsCovariance } from "./base.js";
import { messages } from "./messages.js";
import { type Quad, type RegressionRatioStatistic, regressionRatioTheta } from "./regression-ratio.js";
import type { RegressionStatistic, Statistic } from "./statistics.js";
import type { ArmStatistics, MetricType } from "./types.js";

export type ArmPair = { a: Statistic; b: Statistic; error?: undefined } | { error: string };

type Field = keyof ArmStatistics;

const RATIO_FIELDS: Field[] = ["denominatorSum", "denominatorSumSquares", "productSum"];

/** The pre-period sums CUPED needs, per metric type. */
const PRE_FIELDS: Record<MetricType, Field[]> = {
  proportion: ["preSum", "prePostSumProduct"],
  mean: ["preSum", "preSumSquares", "prePostSumProduct"],
  ratio: [
    "preSum",
    "preSumSquares",
    "prePostSumProduct",
    "preDenominatorSum",
    "preDenominatorSumSquares",
    "preProductSum",
    "denominatorPrePostSumProduct",
    "numeratorPostDenominatorPreSumProduct",
    "numeratorPreDenominatorPostSumProduct",
  ],
};

const ALL_FIELDS: Field[] = ["n", "sum", "sumSquares", ...RATIO_FIELDS, ...PRE_FIELDS.ratio];

function value(arm: ArmStatistics, field: Field): number {
  return arm[field] ?? 0;
}

/** Why the arm's sums cannot be used, or null. */
export function armProblem(type: MetricType, arm: ArmStatistics, label: string): string | null {
  for (const field of ALL_FIELDS) {
    const v = arm[field];
    if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v)))
      return messages.notFinite(label, field);
  }
  if (arm.n < 0) return messages.negativeUnits(label);
  if (type === "ratio") {
    const missing = RATIO_FIELDS.filter((f) => arm[f] === undefined);
    if (missing.length > 0) return messages.missingFields(label, missing);
  }
  return null;
}

function baseKind(type: MetricType): BaseStatistic["kind"] {
  return type === "proportion" ? "proportion" : "sampleMean";
}

/** The arm's statistic without CUPED. */
export function plainStatistic(type: MetricType, arm: ArmStatistics): Statistic {
  const kind = baseKind(type);
  const main = baseStatistic(kind, arm.n, arm.sum, arm.sumSquares);
  if (type !== "ratio") return main;
  return {
    kind: "ratio",
    n: arm.n,
    numerator: main,
    denominator: baseStatistic(
      kind,
      arm.n,
      value(arm, "denominatorSum"),
      value(arm, "denominatorSumSquares"),
    ),
    productSum: value(arm, "productSum"),
  };
}

export function regressionStatistic(type: MetricType, arm: ArmStatistics): RegressionStatistic {
  const kind = baseKind(type);
  return {
    kind: "regression",
    n: arm.n,
    post: baseStatistic(kind, arm.n, arm.sum, arm.sumSquares),
    pre: baseStatistic(kind, arm.n, value(arm, "preSum"), value(arm, "preSumSquares")),
    prePostSumProduct: value(arm, "prePostSumProduct"),
    theta: 0,
  };
}

export function regressionRatioStatistic(arm: ArmStatistics): RegressionRatioStatistic {
  const part = (sum: Field, squares: Field) =>
    baseStatistic("sampleMean", arm.n, value(arm, sum), value(arm, squares));
  const xy = value(arm, "productSum");
  const xz = value(arm, "prePostSumProduct");
  const xw = value(arm, "numeratorPostDenominatorPreSumProduct");
  const yz = value(arm, "numeratorPreDenominatorPostSumProduct");
  const yw = value(arm, "denominatorPrePostSumProduct");
  const zw = value(arm, "preProductSum");
  const rows: [Quad, Quad, Quad, Quad] = [
    [0, xy, xz, xw],
    [xy, 0, yz, yw],
    [xz, yz, 0, zw],
    [xw, yw, zw, 0],
  ];
  return {
    kind: "regressionRatio",
    n: arm.n,
    parts: [
      part("sum", "sumSquares"),
      part("denominatorSum", "denominatorSumSquares"),
      part("preSum", "preSumSquares"),
      part("preDenominatorSum", "preDenominatorSumSquares"),
    ],
    productSums: rows,
    theta: 0,
  };
}

function joint(a: BaseStatistic, b: BaseStatistic, n: number): BaseStatistic {
  return baseStatistic(a.kind, n, a.sum + b.sum, a.sumSquares + b.sumSquares);
}

/** θ of the post-period value on the covariate, fitted on both arms pooled; 0 when either does not vary. */
export function regressionTheta(a: RegressionStatistic, b: RegressionStatistic): number {
  const n = a.n + b.n;
  const post = joint(a.post, b.post, n);
  const pre = joint(a.pre, b.pre, n);
  const preVariance = baseVariance(pre);
  if (preVariance === 0 || baseVariance(post) === 0) return 0;
  return sumsCovariance(n, post, pre, a.prePostSumProduct + b.prePostSumProduct) / preVariance;
}

type PreState = "none" | "partial" | "complete";

function preState(type: MetricType, arm: ArmStatistics): PreState {
  const present = PRE_FIELDS[type].filter((f) => arm[f] !== undefined).length;
  if (present === 0) return "none";
  return present === PRE_FIELDS[type].length ? "complete" : "partial";
}

function cupedProblem(type: MetricType, control: ArmStatistics, treatment: ArmStatistics): string | null {
  const states = [preState(type, control), preState(type, treatment)];
  if (states.includes("partial")) return messages.incompletePreSums(PRE_FIELDS[type]);
  if (states[0] !== states[1]) return messages.preSumsInOneArm;
  return null;
}

/** Both arms with a shared θ, or without the adjustment when θ is (nearly) 0. */
function adjusted(type: MetricType, control: ArmStatistics, treatment: ArmStatistics): ArmPair {
  if (type === "ratio") {
    const a = regressionRatioStatistic(control);
    const b = regressionRatioStatistic(treatment);
    const theta = regressionRatioTheta(a, b);
    if (Math.abs(theta) < 1e-8)
      return { a: plainStatistic(type, control), b: plainStatistic(type, treatment) };
    return { a: { ...a, theta }, b: { ...b, theta } };
  }
  const a = regressionStatistic(type, control);
  const b = regressionStatistic(type, treatment);
  const theta = regressionTheta(a, b);
  if (theta === 0) return { a: a.post, b: b.post };
  return { a: { ...a, theta }, b: { ...b, theta } };
}

/** The statistics to compare, CUPED-adjusted when asked for and both arms carry pre-period sums. */
export function prepareArms(
  type: MetricType,
  control: ArmStatistics,
  treatment: ArmStatistics,
  cuped: boolean,
): ArmPair {
  const problem = armProblem(type, control, "control") ?? armProblem(type, treatment, "treatment");
  if (problem) return { error: problem };
  if (cuped) {
    const cupedError = cupedProblem(type, control, treatment);
    if (cupedError) return { error: cupedError };
    if (preState(type, control) === "complete") return adjusted(type, control, treatment);
  }
  return { a: plainStatistic(type, control), b: plainStatistic(type, treatment) };
}
