/**
 * CUPED for ratio metrics (gbstats' RegressionAdjustedRatioStatistic): the post-period ratio x̄/ȳ is
 * adjusted by θ times the pre-period ratio z̄/w̄, and its variance follows by the delta method from the
 * 4 × 4 covariance matrix of (x, y, z, w).
 */
import { type BaseStatistic, baseMean, baseVariance, sumsCovariance } from "./base.js";

/** The four per-unit values, in this order: post numerator x, post denominator y, pre numerator z, pre denominator w. */
export type Quad = [number, number, number, number];
type Matrix = [Quad, Quad, Quad, Quad];

export interface RegressionRatioStatistic {
  kind: "regressionRatio";
  n: number;
  /** Sums of x, y, z and w, in that order. */
  parts: [BaseStatistic, BaseStatistic, BaseStatistic, BaseStatistic];
  /** productSums[i][j] = Σ value_i · value_j for i ≠ j (symmetric; the diagonal is unused). */
  productSums: Matrix;
  theta: number;
}

function means(s: RegressionRatioStatistic): Quad {
  return [baseMean(s.parts[0]), baseMean(s.parts[1]), baseMean(s.parts[2]), baseMean(s.parts[3])];
}

/** Covariance matrix of the per-unit values (x, y, z, w). */
export function lambdaMatrix(s: RegressionRatioStatistic): Matrix {
  const row = (i: number): Quad =>
    [0, 1, 2, 3].map((j) =>
      i === j
        ? baseVariance(s.parts[i] as BaseStatistic)
        : sumsCovariance(
            s.n,
            s.parts[i] as BaseStatistic,
            s.parts[j] as BaseStatistic,
            s.productSums[i]?.[j] ?? 0,
          ),
    ) as Quad;
  return [row(0), row(1), row(2), row(3)];
}

/** Gradient of x̄/ȳ − θ z̄/w̄ with respect to the four means. */
export function nabla(s: RegressionRatioStatistic, theta = s.theta): Quad {
  const [mx, my, mz, mw] = means(s);
  if (my === 0 || mw === 0) return [0, 0, 0, 0];
  return [1 / my, -mx / my ** 2, -theta / mw, (theta * mz) / mw ** 2];
}

/** uᵀ M v over the rows `rows` and columns `cols` of M (u indexed by rows, v by columns). */
export function bilinear(
  u: readonly number[],
  m: Matrix,
  v: readonly number[],
  rows: number[],
  cols: number[],
): number {
  let total = 0;
  for (const i of rows) {
    for (const j of cols) total += (u[i] ?? 0) * (m[i]?.[j] ?? 0) * (v[j] ?? 0);
  }
  return total;
}

const ALL = [0, 1, 2, 3];
const POST = [0, 1];
const PRE = [2, 3];

export function regressionRatioVariance(s: RegressionRatioStatistic): number {
  const g = nabla(s);
  return bilinear(g, lambdaMatrix(s), g, ALL, ALL);
}

/** The observed post-period ratio Σx/Σy, before adjustment. */
export function regressionRatioUnadjustedMean(s: RegressionRatioStatistic): number {
  const [x, y] = s.parts;
  return y.sum === 0 ? 0 : x.sum / y.sum;
}

export function regressionRatioMean(s: RegressionRatioStatistic): number {
  const [x, y, z, w] = s.parts;
  if (y.sum === 0 || w.sum === 0) return 0;
  return x.sum / y.sum - (s.theta * z.sum) / w.sum;
}

/**
 * θ minimising the variance of the adjusted difference, pooled over both arms: minus the summed
 * covariance of the post and pre ratios over the summed variance of the pre ratio.
 */
export function regressionRatioTheta(a: RegressionRatioStatistic, b: RegressionRatioStatistic): number {
  const parts = [a, b].map((s) => {
    const g = nabla(s, 1);
    const lambda = lambdaMatrix(s);
    return { cov: bilinear(g, lambda, g, PRE, POST), varPre: bilinear(g, lambda, g, PRE, PRE) };
  });
  const varPre = parts.reduce((t, p) => t + p.varPre, 0);
  if (varPre === 0) return 0;
  return -parts.reduce((t, p) => t + p.cov, 0) / varPre;
}

/** Variance of the relative difference (b − a)/|a's unadjusted mean| when both arms are CUPED ratios. */
export function relativeRegressionRatioVariance(
  a: RegressionRatioStatistic,
  b: RegressionRatioStatistic,
): number {
  const [ax, ay] = a.parts;
  const baseline = regressionRatioUnadjustedMean(a);
  const meanY = baseMean(ay);
  if (baseline === 0 || meanY === 0) return 0;
  const gAbs = (regressionRatioMean(b) - regressionRatioMean(a)) * Math.sign(baseline);
  const scale = Math.abs(baseline);
  const meanX = baseMean(ax);
  const gradA = nabla(a);
  const controlGradient: Quad = [
    -(scale + gAbs) / meanY / scale ** 2,
    ((meanX * scale) / meanY ** 2 + (meanX * gAbs) / meanY ** 2) / scale ** 2,
    -gradA[2] / scale,
    -gradA[3] / scale,
  ];
  const treatmentGradient = nabla(b).map((v) => v / scale);
  return (
    bilinear(controlGradient, lambdaMatrix(a), controlGradient, ALL, ALL) / a.n +
    bilinear(treatmentGradient, lambdaMatrix(b), treatmentGradient, ALL, ALL) / b.n
  );
}
