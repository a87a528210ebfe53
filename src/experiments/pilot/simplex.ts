/**
 * Least squares over the simplex: the weights w ≥ 0 with Σw = 1 that minimise ‖y − Σ w_j x_j‖², solved by
 * accelerated projected gradient (FISTA with adaptive restart) and Euclidean projection onto the simplex.
 */

/** Euclidean projection onto { w ≥ 0, Σw = 1 } (sort and threshold, Held, Wolfe & Crowder 1974). */
export function projectOntoSimplex(point: readonly number[]): number[] {
  const sorted = [...point].sort((a, b) => b - a);
  let running = 0;
  let threshold = 0;
  for (let i = 0; i < sorted.length; i++) {
    running += sorted[i] as number;
    const candidate = (running - 1) / (i + 1);
    if ((sorted[i] as number) - candidate > 0) threshold = candidate;
  }
  return point.map((value) => Math.max(0, value - threshold));
}

/** The normal equations Q = XᵀX / n and c = Xᵀy / n of the columns and target. */
function normalEquations(columns: readonly (readonly number[])[], target: readonly number[]) {
  const n = Math.max(1, target.length);
  const dot = (a: readonly number[], b: readonly number[]) => {
    let total = 0;
    for (let t = 0; t < target.length; t++) total += (a[t] as number) * (b[t] as number);
    return total / n;
  };
  const gram = columns.map((a) => columns.map((b) => dot(a, b)));
  return { gram, linear: columns.map((a) => dot(a, target)) };
}

function multiply(matrix: readonly number[][], vector: readonly number[]): number[] {
  return matrix.map((row) => row.reduce((total, value, j) => total + value * (vector[j] as number), 0));
}

/** Largest eigenvalue of a symmetric positive semi-definite matrix, by power iteration. */
function largestEigenvalue(matrix: readonly number[][]): number {
  let vector = matrix.map(() => 1 / Math.sqrt(matrix.length));
  let value = 0;
  for (let iteration = 0; iteration < 200; iteration++) {
    const next = multiply(matrix, vector);
    const norm = Math.hypot(...next);
    if (!(norm > 0)) return 0;
    const converged = Math.abs(norm - value) <= 1e-12 * norm;
    value = norm;
    vector = next.map((entry) => entry / norm);
    if (converged) break;
  }
  return value;
}

function objective(gram: readonly number[][], linear: readonly number[], w: readonly number[]): number {
  const qw = multiply(gram, w);
  return w.reduce((total, value, j) => total + value * (0.5 * (qw[j] as number) - (linear[j] as number)), 0);
}

export interface SimplexFit {
  weights: number[];
  iterations: number;
}

/**
 * Weights on the simplex minimising ‖y − Xw‖². Everything is centred on the target's mean first: with Σw = 1
 * that leaves the problem unchanged and keeps it well conditioned.
 */
export function simplexLeastSquares(
  columns: readonly (readonly number[])[],
  target: readonly number[],
  maxIterations = 50_000,
): SimplexFit {
  const k = columns.length;
  if (k === 1) return { weights: [1], iterations: 0 };
  const centre = target.reduce((total, value) => total + value, 0) / Math.max(1, target.length);
  const { gram, linear } = normalEquations(
    columns.map((column) => column.map((value) => value - centre)),
    target.map((value) => value - centre),
  );
  const lipschitz = largestEigenvalue(gram) * 1.01;
  if (!(lipschitz > 0)) return { weights: columns.map(() => 1 / k), iterations: 0 };
  return acceleratedProjectedGradient(gram, linear, 1 / lipschitz, maxIterations);
}

function acceleratedProjectedGradient(
  gram: readonly number[][],
  linear: readonly number[],
  step: number,
  maxIterations: number,
): SimplexFit {
  let weights = linear.map(() => 1 / linear.length);
  let momentum = weights;
  let speed = 1;
  let value = objective(gram, linear, weights);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const gradient = multiply(gram, momentum).map((g, j) => g - (linear[j] as number));
    const next = projectOntoSimplex(momentum.map((m, j) => m - step * (gradient[j] as number)));
    const nextValue = objective(gram, linear, next);
    const change = next.reduce((largest, w, j) => Math.max(largest, Math.abs(w - (weights[j] as number))), 0);
    if (nextValue > value && speed > 1) {
      // Restart the momentum when it overshoots (O'Donoghue & Candès 2015).
      momentum = weights;
      speed = 1;
      continue;
    }
    const nextSpeed = (1 + Math.sqrt(1 + 4 * speed * speed)) / 2;
    momentum = next.map((w, j) => w + ((speed - 1) / nextSpeed) * (w - (weights[j] as number)));
    speed = nextSpeed;
    weights = next;
    value = nextValue;
    if (change < 1e-15) return { weights, iterations: iteration };
  }
  return { weights, iterations: maxIterations };
}
