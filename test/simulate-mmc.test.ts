/**
 * M/M/c against the closed form: mean waiting time in queue within 2% of Erlang C and Little's
 * law (L = λW) within 1%, for ρ ∈ {0.5, 0.8} × c ∈ {1, 3, 8} (ρ = 0.95 in simulate-mmc-heavy).
 * Long runs with fixed seeds.
 */
import { describe, expect, it } from "vitest";
import { compileModel, runReplication } from "../src/twin/index.js";
import { RandomStream } from "../src/twin/sim/index.js";
import { checkMmc, mmcModel } from "./simulate-mmc.helpers.js";

describe("M/M/c waiting time matches Erlang C", () => {
  for (const rho of [0.5, 0.8]) {
    for (const c of [1, 3, 8]) {
      it(`ρ=${rho}, c=${c}: mean wait within 2% of Erlang C, Little's law within 1%`, () => {
        const r = checkMmc(rho, c, rho === 0.5 ? 1_000_000 : 2_000_000, 2);
        expect(Math.abs(r.relativeError)).toBeLessThan(0.02);
        expect(Math.abs(r.littleError)).toBeLessThan(0.01);
      });
    }
  }
});

describe("M/M/c kernel against an independent recursion", () => {
  it("gives exactly the waits of the first-come-first-served recursion on the same random numbers", () => {
    const c = 3;
    const n = 100_000;
    const seed = 42;
    const res = runReplication(compileModel(mmcModel(0.95, c)), { seed, replication: 0, cases: n });
    const arrivals = new RandomStream(seed, 0, "arrivals");
    const service = new RandomStream(seed, 0, "activity:serve");
    const free = new Float64Array(c);
    const gap = () => -(1 / (0.95 * c)) * Math.log(arrivals.uniform());
    let next = gap();
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const t = next;
      if (i + 1 < n) next = t + gap();
      let k = 0;
      for (let j = 1; j < c; j++) if ((free[j] as number) < (free[k] as number)) k = j;
      const start = Math.max(t, free[k] as number);
      sum += start - t;
      free[k] = start - Math.log(service.uniform());
    }
    let w = 0;
    for (const x of res.waiting) w += x;
    expect(w / res.waiting.length).toBeCloseTo(sum / n, 9);
  });
});
