/** M/M/c at ρ = 0.95 (the long runs): mean wait within 2% of Erlang C, Little's law within 1%. */
import { describe, expect, it } from "vitest";
import { checkMmc } from "./simulate-mmc.helpers.js";

describe("M/M/c waiting time matches Erlang C under heavy load", () => {
  // At ρ = 0.95 one 2M-customer run's mean wait scatters by about 3% (c = 3), so these runs are
  // long: 12–32M customers bring the standard error to about 1%.
  for (const [c, cases, replications] of [
    [1, 6_000_000, 3],
    [3, 4_000_000, 8],
    [8, 4_000_000, 3],
  ] as const) {
    it(`ρ=0.95, c=${c}: mean wait within 2% of Erlang C, Little's law within 1%`, () => {
      const r = checkMmc(0.95, c, cases, replications);
      expect(Math.abs(r.relativeError)).toBeLessThan(0.02);
      expect(Math.abs(r.littleError)).toBeLessThan(0.01);
    });
  }
});
