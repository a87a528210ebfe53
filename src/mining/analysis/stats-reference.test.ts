import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { articulation } from "./handover.js";
import { proportionDifference, riskRatio, wilson } from "./root-cause.js";
import { quantileSorted } from "./stats.js";

describe("interval estimates against published figures", () => {
  it("Wilson score interval: Newcombe (1998), Table I, 81/263", () => {
    const [low, high] = wilson(81, 263);
    expect(low).toBeCloseTo(0.2553, 4);
    expect(high).toBeCloseTo(0.3662, 4);
  });

  it("difference of proportions, Newcombe's method 10: 56/70 − 48/80 = 0.2000 (0.0524, 0.3339)", () => {
    const [d, low, high] = proportionDifference(56, 70, 48, 80);
    expect(d).toBeCloseTo(0.2, 10);
    expect(low).toBeCloseTo(0.0524, 4);
    expect(high).toBeCloseTo(0.3339, 4);
  });

  it("risk ratio with the Katz log interval: 20/100 vs 10/100 → 2.0 (0.99, 4.05)", () => {
    // ln 2 ± 1.96 √(1/20 − 1/100 + 1/10 − 1/100) = ln 2 ± 1.96 × 0.3606
    const [rr, low, high] = riskRatio(20, 100, 10, 100);
    expect(rr).toBeCloseTo(2, 10);
    expect(low).toBeCloseTo(2 * Math.exp(-1.959964 * Math.sqrt(0.13)), 6);
    expect(high).toBeCloseTo(2 * Math.exp(1.959964 * Math.sqrt(0.13)), 6);
    expect(low).toBeCloseTo(0.9866, 3);
    expect(high).toBeCloseTo(4.0546, 3);
  });

  it("quantiles interpolate as R's type 7 (NumPy's default)", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
  });
});

/** Connected parts of the graph without `removed`, counted by search: the definition itself. */
function partsWithout(neighbours: Set<number>[], removed: number): number {
  const seen = new Set<number>([removed]);
  let parts = 0;
  for (let start = 0; start < neighbours.length; start++) {
    if (seen.has(start) || (neighbours[start] as Set<number>).size === 0) continue;
    parts++;
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      const v = stack.pop() as number;
      for (const w of neighbours[v] as Set<number>) {
        if (!seen.has(w)) {
          seen.add(w);
          stack.push(w);
        }
      }
    }
  }
  return parts;
}

describe("articulation points", () => {
  it("finds the middle of a path, the centre of a star and nothing on a cycle", () => {
    const graph = (n: number, edges: [number, number][]) => {
      const g = Array.from({ length: n }, () => new Set<number>());
      for (const [a, b] of edges) {
        (g[a] as Set<number>).add(b);
        (g[b] as Set<number>).add(a);
      }
      return g;
    };
    expect(
      articulation(
        graph(3, [
          [0, 1],
          [1, 2],
        ]),
      ),
    ).toEqual([[1, 2]]);
    expect(
      articulation(
        graph(5, [
          [0, 1],
          [0, 2],
          [0, 3],
          [0, 4],
        ]),
      ),
    ).toEqual([[0, 4]]);
    expect(
      articulation(
        graph(4, [
          [0, 1],
          [1, 2],
          [2, 3],
          [3, 0],
        ]),
      ),
    ).toEqual([]);
  });

  it("agrees with removing each node and counting the parts, on random graphs", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), {
              maxLength: 20,
            }),
          ),
        ),
        ([n, edges]) => {
          const g = Array.from({ length: n }, () => new Set<number>());
          for (const [a, b] of edges) {
            if (a === b) continue;
            (g[a] as Set<number>).add(b);
            (g[b] as Set<number>).add(a);
          }
          const whole = partsWithout(g, -1);
          const expected: [number, number][] = [];
          for (let v = 0; v < n; v++) {
            if ((g[v] as Set<number>).size === 0) continue;
            const after = partsWithout(g, v);
            // Removing v splits its own part into `after − (whole − 1)` parts.
            const split = after - (whole - 1);
            if (split > 1) expected.push([v, split]);
          }
          expect(articulation(g)).toEqual(expected);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});
