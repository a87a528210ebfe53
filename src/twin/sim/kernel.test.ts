import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateModel } from "../model/index.js";
import { simulateModel } from "../simulate.js";
import { compileModel } from "./compile.js";
import { runReplication } from "./kernel.js";

const BAKERY = {
  name: "bakery",
  arrivals: {
    interarrival: { dist: "exponential", mean: 1 },
    calendar: [
      { days: ["mon", "tue", "wed", "thu", "fri"], from: "07:00", to: "19:00", perHour: 6 },
      { days: ["sat"], from: "06:00", to: "13:00", perHour: 14 },
    ],
  },
  resources: {
    bakers: {
      shifts: [
        { days: ["mon", "tue", "wed", "thu", "fri"], from: "05:00", to: "19:00", capacity: 2 },
        { days: ["sat"], from: "05:00", to: "14:00", capacity: 1 },
      ],
    },
    clerks: { capacity: 1 },
  },
  activities: [
    { name: "Bake", resource: "bakers", duration: { dist: "gamma", mean: 7, sd: 2 } },
    {
      name: "Check",
      resource: "clerks",
      duration: { dist: "triangular", min: 0.5, mode: 1, max: 3 },
      priority: 1,
    },
    { name: "Re-bake", resource: "bakers", duration: { dist: "normal", mean: 6, sd: 1.5, min: 2 } },
    { name: "Pack", resource: "clerks", duration: { dist: "uniform", min: 1, max: 3 } },
    { name: "Label", duration: { dist: "lognormal", mean: 2, sd: 1 } },
    { name: "Ship", duration: { dist: "empirical", values: [1, 2, 5], weights: [1, 1, 2] } },
  ],
  flow: [
    "Bake",
    "Check",
    { loop: ["Re-bake", "Check"], repeatProbability: 0.065, max: 2 },
    { parallel: [["Pack"], ["Label"]] },
    {
      choice: [
        { p: 0.6, flow: [] },
        { p: 0.4, flow: ["Ship"] },
      ],
    },
  ],
};

describe("simulation kernel", () => {
  it("conserves cases and never starts work beyond a pool's capacity (any seed, any size)", () => {
    const program = compileModel(validateModel(BAKERY));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 400 }),
        (seed, cases) => {
          const open = new Set<number>();
          let arrivals = 0;
          let finished = 0;
          let overCapacity = 0;
          const res = runReplication(program, {
            seed,
            replication: 0,
            cases,
            horizon: 2 * 7 * 24 * 60,
            hooks: {
              onArrival: (id) => {
                arrivals++;
                open.add(id);
              },
              onCaseEnd: (id) => {
                if (!open.delete(id)) throw new Error(`case ${id} ended twice or never arrived`);
                finished++;
              },
              onStart: (_pool, busy, capacity) => {
                if (busy > capacity) overCapacity++;
              },
            },
          });
          expect(overCapacity).toBe(0);
          expect(arrivals).toBe(res.arrived);
          expect(finished + open.size).toBe(arrivals);
          expect(res.inSystemAtEnd).toBe(open.size);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("gives the same result for the same seed and a different one for another seed", () => {
    const model = validateModel(BAKERY);
    const a = simulateModel(model, [], { cases: 500, replications: 2, seed: 5 }).report;
    const b = simulateModel(model, [], { cases: 500, replications: 2, seed: 5 }).report;
    const c = simulateModel(model, [], { cases: 500, replications: 2, seed: 6 }).report;
    expect(a.scenarios).toEqual(b.scenarios);
    expect(a.scenarios[0]?.cycleTime.mean).not.toBe(c.scenarios[0]?.cycleTime.mean);
  });

  it("narrows the interval of a scenario difference with common random numbers (c=3 vs c=4)", () => {
    const model = validateModel({
      name: "mm3",
      arrivals: { interarrival: { dist: "exponential", mean: 1 / 2.4 } },
      resources: { s: { capacity: 3 } },
      activities: [{ name: "serve", resource: "s", duration: { dist: "exponential", mean: 1 } }],
      flow: ["serve"],
    });
    const scenario = { name: "four", changes: [{ capacity: { pool: "s", add: 1 } }] };
    const width = (independentStreams: boolean) => {
      const { report } = simulateModel(model, [scenario], {
        cases: 20_000,
        replications: 10,
        seed: 3,
        independentStreams,
      });
      const d = report.comparisons.find((x) => x.metric === "waitingTime");
      if (!d) throw new Error("no comparison");
      return d.ci95[1] - d.ci95[0];
    };
    const crn = width(false);
    const independent = width(true);
    expect(crn).toBeLessThan(independent);
  });

  it("holds work in progress when a shift ends and starts queued work when the next begins", () => {
    const model = validateModel({
      name: "shift",
      timeUnit: "hour",
      arrivals: { replay: [0, 0, 0] },
      resources: { bakers: { shifts: [{ days: ["mon"], from: "00:00", to: "01:00", capacity: 1 }] } },
      activities: [{ name: "Bake", resource: "bakers", duration: { dist: "fixed", value: 1.5 } }],
      flow: ["Bake"],
    });
    const res = runReplication(compileModel(model), { seed: 1, replication: 0, log: true });
    // The first bake runs past the shift's end; the second starts at next Monday's shift and also
    // finishes after it; the third waits another week.
    expect(Array.from(res.records?.ends ?? [])).toEqual([1.5, 169.5, 337.5]);
  });
});
