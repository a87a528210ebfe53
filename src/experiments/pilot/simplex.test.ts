import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalDraw, seededRandom } from "./random.js";
import { projectOntoSimplex, simplexLeastSquares } from "./simplex.js";

function squaredError(columns: number[][], target: number[], weights: number[]): number {
  return target.reduce((total, y, t) => {
    const fitted = columns.reduce(
      (sum, column, j) => sum + (weights[j] as number) * (column[t] as number),
      0,
    );
    return total + (y - fitted) ** 2;
  }, 0);
}

function randomPanel(seed: number, k: number, n: number) {
  const random = seededRandom(seed);
  const common = Array.from({ length: n }, () => 10 * normalDraw(random));
  const columns = Array.from({ length: k }, () => {
    const level = 50 + 50 * random();
    return common.map((c) => level + c + 3 * normalDraw(random));
  });
  const target = common.map((c) => 70 + c + 3 * normalDraw(random));
  return { columns, target };
}

describe("projection onto the simplex", () => {
  it("lands on the simplex and leaves points already on it in place", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (point) => {
          const projected = projectOntoSimplex(point);
          expect(projected.every((w) => w >= 0)).toBe(true);
          expect(projected.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          const again = projectOntoSimplex(projected);
          for (const [j, w] of again.entries()) expect(w).toBeCloseTo(projected[j] as number, 12);
        },
      ),
    );
  });

  it("is the nearest point: (0.5, 0.5, −1) → (0.5, 0.5, 0); (2, 0) → (1, 0); (0, 0) → (0.5, 0.5)", () => {
    expect(projectOntoSimplex([0.5, 0.5, -1])).toEqual([0.5, 0.5, 0]);
    expect(projectOntoSimplex([2, 0])).toEqual([1, 0]);
    expect(projectOntoSimplex([0, 0])).toEqual([0.5, 0.5]);
  });
});

describe("least squares over the simplex", () => {
  it("recovers a known mix 0.3·A + 0.7·B exactly, with an unused C at 0", () => {
    const a = Array.from({ length: 40 }, (_, t) => 100 + 10 * Math.sin(t) + t);
    const b = Array.from({ length: 40 }, (_, t) => 120 + 5 * Math.cos(1.3 * t) - 0.5 * t);
    const c = Array.from({ length: 40 }, (_, t) => 90 + 8 * Math.sin(0.7 * t));
    const target = a.map((value, t) => 0.3 * value + 0.7 * (b[t] as number));
    const { weights } = simplexLeastSquares([a, b, c], target);
    expect(Math.abs((weights[0] as number) - 0.3)).toBeLessThan(1e-9);
    expect(Math.abs((weights[1] as number) - 0.7)).toBeLessThan(1e-9);
    expect(weights[2]).toBe(0);
  });

  it("puts all weight on the nearest column when the target lies beyond every column", () => {
    const a = [1, 2, 3, 4, 5];
    const b = [2, 3, 4, 5, 6];
    const { weights } = simplexLeastSquares([a, b], [10, 11, 12, 13, 14]);
    expect(weights).toEqual([0, 1]);
  });

  it("never does worse than the best point of a 0.01 grid over three columns", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { columns, target } = randomPanel(seed, 3, 30);
      const solved = squaredError(columns, target, simplexLeastSquares(columns, target).weights);
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i <= 100; i++) {
        for (let j = 0; i + j <= 100; j++) {
          best = Math.min(best, squaredError(columns, target, [i / 100, j / 100, (100 - i - j) / 100]));
        }
      }
      expect(solved).toBeLessThanOrEqual(best * (1 + 1e-12));
    }
  });

  it("meets the optimality conditions on nearly collinear columns: equal gradient on the support, no lower off it", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { columns, target } = randomPanel(100 + seed, 8, 60);
      const { weights } = simplexLeastSquares(columns, target);
      const residual = target.map(
        (y, t) =>
          y - columns.reduce((sum, column, j) => sum + (weights[j] as number) * (column[t] as number), 0),
      );
      const gradient = columns.map(
        (column) => -column.reduce((sum, x, t) => sum + x * (residual[t] as number), 0) / 60,
      );
      const support = gradient.filter((_, j) => (weights[j] as number) > 1e-9);
      const multiplier = Math.min(...support);
      const scale = Math.max(...gradient.map(Math.abs), 1);
      for (const g of support) expect(Math.abs(g - multiplier) / scale).toBeLessThan(1e-7);
      for (const g of gradient) expect((g - multiplier) / scale).toBeGreaterThan(-1e-7);
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });
});
