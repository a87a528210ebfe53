import { describe, expect, it } from "vitest";
import { minimiseNelderMead } from "./optimise.js";

describe("Nelder–Mead", () => {
  it("finds the minimum of the Rosenbrock valley at (1, 1)", () => {
    const rosenbrock = (x: Float64Array): number => {
      const a = x[0] as number;
      const b = x[1] as number;
      return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    };
    const result = minimiseNelderMead(rosenbrock, [-1.2, 1], { step: [0.5, 0.5], maxEvaluations: 5000 });
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
    expect(result.converged).toBe(true);
  });

  it("minimises a badly scaled quadratic in twelve dimensions", () => {
    const centre = Array.from({ length: 12 }, (_, i) => i - 5);
    const quadratic = (x: Float64Array): number =>
      centre.reduce((sum, c, i) => sum + (i + 1) * ((x[i] as number) - c) ** 2, 0);
    const result = minimiseNelderMead(quadratic, new Array(12).fill(0), {
      step: new Array(12).fill(1),
      maxEvaluations: 20_000,
      relativeTolerance: 1e-14,
      absoluteTolerance: 1e-14,
    });
    for (let i = 0; i < 12; i++) expect(result.x[i]).toBeCloseTo(centre[i] as number, 3);
  });

  it("stays inside the region where the objective is finite", () => {
    // Minimum of (x − 2)² subject to x ≤ 1, expressed as +Infinity outside.
    const bounded = (x: Float64Array): number =>
      (x[0] as number) > 1 ? Number.POSITIVE_INFINITY : ((x[0] as number) - 2) ** 2;
    const result = minimiseNelderMead(bounded, [0], { step: [0.5] });
    expect(result.x[0]).toBeLessThanOrEqual(1);
    expect(result.x[0]).toBeCloseTo(1, 4);
  });

  it("treats NaN as infeasible and respects the evaluation budget", () => {
    let calls = 0;
    const result = minimiseNelderMead(
      (x) => {
        calls++;
        return (x[0] as number) < 0 ? Number.NaN : ((x[0] as number) - 3) ** 2 + (x[1] as number) ** 2;
      },
      [1, 1],
      { step: [1, 1], maxEvaluations: 60 },
    );
    expect(calls).toBeLessThanOrEqual(60 + 3);
    expect(result.evaluations).toBe(calls);
    expect(Number.isFinite(result.value)).toBe(true);
  });
});
