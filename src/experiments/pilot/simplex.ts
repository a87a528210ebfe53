/**
 * Least squares over the simplex: the weights w ≥ 0 with Σw = 1 that minimise ‖y − Σ w_j x_j‖². Accelerated
 * projected gradient (FISTA with adaptive restart) finds which weights are positive; the equality-constrained
 * least squares on those is then solved exactly and kept once it satisfies the optimality conditions.
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

/** ½ wᵀQw − cᵀw with Q = XᵀX / n and c = Xᵀy / n: the squared error / 2n up to a constant. */
interface Quadratic {
  gram: number[][];
  linear: number[];
}

function quadratic(columns: readonly (readonly number[])[], target: readonly number[]): Quadratic {
  const n = Math.max(1, target.length);
  const dot = (a: readonly number[], b: readonly number[]) => {
    let total = 0;
    for (let t = 0; t < target.length; t++) total += (a[t] as number) * (b[t] as number);
    return total / n;
  };
  return {
    gram: columns.map((a) => columns.map((b) => dot(a, b))),
    linear: columns.map((a) => dot(a, target)),
  };
}

function multiply(matrix: readonly number[][], vector: readonly number[]): number[] {
  return matrix.map((row) => {
    let total = 0;
    for (let j = 0; j < row.length; j++) total += (row[j] as number) * (vector[j] as number);
    return total;
  });
}

function gradientAt(problem: Quadratic, w: readonly number[]): number[] {
  return multiply(problem.gram, w).map((value, j) => value - (problem.linear[j] as number));
}

function valueAt(problem: Quadratic, w: readonly number[]): number {
  const qw = multiply(problem.gram, w);
  let total = 0;
  for (let j = 0; j < w.length; j++)
    total += (w[j] as number) * (0.5 * (qw[j] as number) - (problem.linear[j] as number));
  return total;
}

/** Largest eigenvalue of a symmetric positive semi-definite matrix, by power iteration. */
function largestEigenvalue(matrix: readonly number[][]): number {
  let vector = matrix.map(() => 1 / Math.sqrt(matrix.length));
  let value = 0;
  for (let iteration = 0; iteration < 500; iteration++) {
    const next = multiply(matrix, vector);
    const norm = Math.hypot(...next);
    if (!(norm > 0)) return 0;
    const converged = Math.abs(norm - value) <= 1e-10 * norm;
    value = norm;
    vector = next.map((entry) => entry / norm);
    if (converged) break;
  }
  return value;
}

/** Solves A x = b by Gaussian elimination with partial pivoting; null when A is (nearly) singular. */
export function solveLinear(matrix: readonly number[][], rhs: readonly number[]): number[] | null {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i] as number]);
  const scale = Math.max(...matrix.flat().map(Math.abs), Number.MIN_VALUE);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(a[row]?.[col] as number) > Math.abs(a[pivot]?.[col] as number)) pivot = row;
    }
    if (Math.abs(a[pivot]?.[col] as number) <= 1e-13 * scale) return null;
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    const top = a[col] as number[];
    for (let row = col + 1; row < n; row++) {
      const current = a[row] as number[];
      const factor = (current[col] as number) / (top[col] as number);
      for (let k = col; k <= n; k++) current[k] = (current[k] as number) - factor * (top[k] as number);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    const current = a[row] as number[];
    let total = current[n] as number;
    for (let k = row + 1; k < n; k++) total -= (current[k] as number) * (x[k] as number);
    x[row] = total / (current[row] as number);
  }
  return x;
}

/**
 * The exact minimiser on the support of `w` (weights outside it held at 0, Σw = 1), when it has positive weights
 * there and no weight outside the support could lower the error; otherwise null.
 */
function exactOnSupport(problem: Quadratic, w: readonly number[]): number[] | null {
  const support = w.flatMap((value, j) => (value > 0 ? [j] : []));
  const pick = (row: readonly number[]) => support.map((j) => row[j] as number);
  const system = [
    ...support.map((i) => [...pick(problem.gram[i] as number[]), 1]),
    [...support.map(() => 1), 0],
  ];
  const solution = solveLinear(system, [...pick(problem.linear), 1]);
  if (solution === null || solution.slice(0, -1).some((value) => !(value > 0))) return null;
  const exact = w.map(() => 0);
  support.forEach((j, i) => {
    exact[j] = solution[i] as number;
  });
  const multiplier = solution[support.length] as number;
  const gradient = gradientAt(problem, exact);
  const scale = Math.max(1e-300, ...gradient.map(Math.abs), Math.abs(multiplier));
  return gradient.every((g) => g + multiplier >= -1e-10 * scale) ? exact : null;
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
  const problem = quadratic(
    columns.map((column) => column.map((value) => value - centre)),
    target.map((value) => value - centre),
  );
  const lipschitz = largestEigenvalue(problem.gram) * 1.01;
  if (!(lipschitz > 0)) return { weights: columns.map(() => 1 / k), iterations: 0 };
  return acceleratedProjectedGradient(problem, 1 / lipschitz, maxIterations);
}

/** Iterations between attempts to finish exactly on the current support. */
const POLISH_EVERY = 25;

function acceleratedProjectedGradient(problem: Quadratic, step: number, maxIterations: number): SimplexFit {
  let weights = problem.linear.map(() => 1 / problem.linear.length);
  let momentum = weights;
  let speed = 1;
  let value = valueAt(problem, weights);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const gradient = gradientAt(problem, momentum);
    const next = projectOntoSimplex(momentum.map((m, j) => m - step * (gradient[j] as number)));
    const nextValue = valueAt(problem, next);
    if (nextValue > value && speed > 1) {
      // Restart the momentum when it overshoots (O'Donoghue & Candès 2015).
      momentum = weights;
      speed = 1;
      continue;
    }
    const change = next.reduce((largest, w, j) => Math.max(largest, Math.abs(w - (weights[j] as number))), 0);
    const nextSpeed = (1 + Math.sqrt(1 + 4 * speed * speed)) / 2;
    momentum = next.map((w, j) => w + ((speed - 1) / nextSpeed) * (w - (weights[j] as number)));
    speed = nextSpeed;
    weights = next;
    value = nextValue;
    if (change < 1e-15) return { weights, iterations: iteration };
    const exact = iteration % POLISH_EVERY === 0 ? exactOnSupport(problem, weights) : null;
    if (exact !== null) return { weights: exact, iterations: iteration };
  }
  return { weights, iterations: maxIterations };
}
