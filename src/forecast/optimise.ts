/**
 * Nelder–Mead simplex minimisation with the dimension-adaptive coefficients of Gao & Han (2012),
 * which keep the simplex from stalling in ten or more dimensions, and restarts from the best point
 * until a restart no longer improves the minimum (a stalled simplex is the method's usual failure).
 *
 * Bounds are the caller's business: map bounded parameters to unbounded ones (logistic transforms)
 * and return +Infinity where the objective is undefined; the simplex then contracts away from there.
 */

export interface MinimiseOptions {
  /** Initial simplex edge per coordinate. */
  step: readonly number[];
  /** Stop after this many objective evaluations (all restarts together). */
  maxEvaluations?: number;
  /** Converged when the simplex's values differ by less than this, relative to the best value. */
  relativeTolerance?: number;
  /** ...and by less than this in absolute terms (for minima near zero). */
  absoluteTolerance?: number;
  /** At most this many restarts after the first convergence. */
  maxRestarts?: number;
}

export interface MinimiseResult {
  x: number[];
  value: number;
  evaluations: number;
  converged: boolean;
}

/** Minimises `f` from `x0`. `f` may return +Infinity (or NaN, treated as +Infinity) for infeasible points. */
export function minimiseNelderMead(
  f: (x: Float64Array) => number,
  x0: readonly number[],
  options: MinimiseOptions,
): MinimiseResult {
  const n = x0.length;
  const maxEvaluations = options.maxEvaluations ?? 200 * n + 400;
  const relTol = options.relativeTolerance ?? 1e-9;
  const absTol = options.absoluteTolerance ?? 1e-12;
  const maxRestarts = options.maxRestarts ?? 3;
  let evaluations = 0;
  const evaluate = (x: Float64Array): number => {
    evaluations++;
    const value = f(x);
    return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
  };

  let best = Float64Array.from(x0);
  let bestValue = evaluate(best);
  if (n === 0) return { x: [], value: bestValue, evaluations, converged: true };

  const alpha = 1;
  const gamma = 1 + 2 / n;
  const rho = 0.75 - 1 / (2 * n);
  const sigma = 1 - 1 / n;

  let converged = false;
  for (let restart = 0; restart <= maxRestarts && evaluations < maxEvaluations; restart++) {
    const points: Float64Array[] = [best];
    const values: number[] = [bestValue];
    for (let i = 0; i < n; i++) {
      const p = Float64Array.from(best);
      p[i] = (p[i] as number) + (options.step[i] ?? 0.1);
      points.push(p);
      values.push(evaluate(p));
    }
    const order = Array.from({ length: n + 1 }, (_, i) => i);
    const centroid = new Float64Array(n);
    const reflected = new Float64Array(n);
    const trial = new Float64Array(n);
    let localConverged = false;

    while (evaluations < maxEvaluations) {
      order.sort((a, b) => (values[a] as number) - (values[b] as number));
      const lo = order[0] as number;
      const hi = order[n] as number;
      const secondHi = order[n - 1] as number;
      const fLo = values[lo] as number;
      const fHi = values[hi] as number;
      if (Number.isFinite(fHi) && Math.abs(fHi - fLo) <= relTol * Math.abs(fLo) + absTol) {
        localConverged = true;
        break;
      }
      centroid.fill(0);
      for (let k = 0; k < n; k++) {
        const p = points[order[k] as number] as Float64Array;
        for (let j = 0; j < n; j++) centroid[j] = (centroid[j] as number) + (p[j] as number) / n;
      }
      const worst = points[hi] as Float64Array;
      for (let j = 0; j < n; j++) {
        reflected[j] = (centroid[j] as number) + alpha * ((centroid[j] as number) - (worst[j] as number));
      }
      const fR = evaluate(reflected);
      if (fR < fLo) {
        for (let j = 0; j < n; j++) {
          trial[j] = (centroid[j] as number) + gamma * ((reflected[j] as number) - (centroid[j] as number));
        }
        const fE = evaluate(trial);
        if (fE < fR) {
          worst.set(trial);
          values[hi] = fE;
        } else {
          worst.set(reflected);
          values[hi] = fR;
        }
        continue;
      }
      if (fR < (values[secondHi] as number)) {
        worst.set(reflected);
        values[hi] = fR;
        continue;
      }
      // Contraction: outside when the reflection beat the worst point, inside otherwise.
      const outside = fR < fHi;
      for (let j = 0; j < n; j++) {
        const towards = outside ? (reflected[j] as number) : (worst[j] as number);
        trial[j] = (centroid[j] as number) + rho * (towards - (centroid[j] as number));
      }
      const fC = evaluate(trial);
      if (fC < (outside ? fR : fHi)) {
        worst.set(trial);
        values[hi] = fC;
        continue;
      }
      // Shrink towards the best point.
      const bestPoint = points[lo] as Float64Array;
      for (let k = 1; k <= n; k++) {
        const index = order[k] as number;
        const p = points[index] as Float64Array;
        for (let j = 0; j < n; j++) {
          p[j] = (bestPoint[j] as number) + sigma * ((p[j] as number) - (bestPoint[j] as number));
        }
        values[index] = evaluate(p);
      }
    }

    let argmin = 0;
    for (let k = 1; k <= n; k++) if ((values[k] as number) < (values[argmin] as number)) argmin = k;
    const improvement = bestValue - (values[argmin] as number);
    if ((values[argmin] as number) <= bestValue) {
      best = Float64Array.from(points[argmin] as Float64Array);
      bestValue = values[argmin] as number;
    }
    converged = localConverged;
    if (restart > 0 && improvement <= relTol * Math.abs(bestValue) + absTol) break;
  }
  return { x: Array.from(best), value: bestValue, evaluations, converged };
}
