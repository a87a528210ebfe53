import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRandom } from "./random.js";

describe("seeded random source", () => {
  it("gives the same numbers for the same seed and different ones for another", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (seed) => {
        const a = createRandom(seed);
        const b = createRandom(seed);
        const c = createRandom(seed + 1);
        const first = Array.from({ length: 5 }, () => a.uniform());
        expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(first);
        expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(first);
      }),
    );
  });

  it("draws uniforms in [0, 1) and standard normals with mean 0 and variance 1", () => {
    const random = createRandom(42);
    const n = 200_000;
    let sum = 0;
    let squares = 0;
    let beyond = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = random.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      const z = random.normal();
      sum += z;
      squares += z * z;
      if (Math.abs(z) > 1.959963984540054) beyond++;
    }
    expect(outside).toBe(0);
    // Standard errors: mean 1/√n ≈ 0.0022, variance √(2/n) ≈ 0.0032, tail share √(0.05·0.95/n) ≈ 0.0005.
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(squares / n - 1)).toBeLessThan(0.015);
    expect(Math.abs(beyond / n - 0.05)).toBeLessThan(0.0025);
  });
});
