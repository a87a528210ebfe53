/**
 * The mean and standard deviation of the range of n independent standard normal values (the
 * control-chart constants d2 and d3), by numerical integration. The chart code uses the published
 * table in `constants.ts`; this module is how that table is checked.
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Standard normal density. */
export function normalDensity(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/**
 * Standard normal distribution function, from the series Φ(x) = ½ + φ(x)·Σ x^(2k+1)/(1·3·…·(2k+1)),
 * whose terms are all positive, so it keeps full absolute precision; beyond |x| = 8.5 the tail is
 * below 1e-17 and the value is 0 or 1.
 */
export function normalCdf(x: number): number {
  if (x > 8.5) return 1;
  if (x < -8.5) return 0;
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let k = 1; k < 400; k++) {
    term *= x2 / (2 * k + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return 0.5 + normalDensity(x) * sum;
}

export interface RangeMoments {
  /** d2: expected range of n standard normal values. */
  mean: number;
  /** d3: standard deviation of that range. */
  sd: number;
}

/**
 * d2 and d3 for subgroups of n by quadrature:
 * - d2 = ∫ 1 − Φ(x)ⁿ − (1 − Φ(x))ⁿ dx (trapezoid rule, which converges geometrically for a smooth
 *   integrand that vanishes at both ends);
 * - E[R²] = 2 ∫₀^∞ r·(1 − F(r)) dr with F(r) = n ∫ φ(x)·(Φ(x + r) − Φ(x))ⁿ⁻¹ dx, the distribution
 *   function of the range (Simpson's rule in r, trapezoid in x); d3 = √(E[R²] − d2²).
 */
export function computeRangeMoments(n: number, step = 0.02): RangeMoments {
  if (!Number.isInteger(n) || n < 2)
    throw new RangeError(`subgroup size must be an integer of at least 2, got ${n}`);
  const half = 9;
  const points = Math.round((2 * half) / step);
  const cdf: number[] = [];
  const density: number[] = [];
  for (let i = 0; i <= 2 * points; i++) {
    const x = -half + i * step;
    cdf.push(normalCdf(x));
    density.push(normalDensity(x));
  }
  const at = (values: number[], i: number): number => values[i] ?? 0;

  let d2 = 0;
  for (let i = 0; i <= points; i++) {
    const p = at(cdf, i);
    d2 += 1 - p ** n - (1 - p) ** n;
  }
  d2 *= step;

  // r = j·step runs up to 12 standard deviations, far past where the range's tail matters.
  const rSteps = Math.round(12 / step / 2) * 2;
  let secondMoment = 0;
  for (let j = 0; j <= rSteps; j++) {
    let distribution = 0;
    for (let i = 0; i <= points; i++) {
      const width = (i + j <= 2 * points ? at(cdf, i + j) : 1) - at(cdf, i);
      distribution += at(density, i) * width ** (n - 1);
    }
    distribution *= n * step;
    const weight = j === 0 || j === rSteps ? 1 : j % 2 === 1 ? 4 : 2;
    secondMoment += weight * j * step * (1 - distribution);
  }
  secondMoment *= (2 * step) / 3;
  return { mean: d2, sd: Math.sqrt(secondMoment - d2 * d2) };
}
