import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChartInput, ChartResult } from "./chart.schema.js";
import { computeControlChart } from "./control-chart.js";

const SEED = 20240611;
const RUNS = { seed: SEED, numRuns: 300 };

const beyondLimits = (chart: ChartResult) => chart.signals.filter((s) => s.rule === 1);

describe("a steady process", () => {
  it("with measurement jitter flags nothing under rule 1 on an XmR chart", () => {
    // Jitter that goes up and down at every step: each moving range is at least the amplitude a,
    // so 3 sigma ≥ 3a/1.128 = 2.66a, while no point is more than 2a from the mean.
    fc.assert(
      fc.property(
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e-2, noNaN: true }),
        fc.array(fc.double({ min: 0.5, max: 1, noNaN: true }), { minLength: 2, maxLength: 80 }),
        (level, amplitude, sizes) => {
          const values = sizes.map((size, i) => level + (i % 2 === 0 ? 1 : -1) * size * amplitude);
          expect(beyondLimits(computeControlChart({ kind: "xmr", values }))).toEqual([]);
        },
      ),
      RUNS,
    );
  });

  it("with a count that moves by at most one flags nothing under rule 1 on c, u, p and np charts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 400 }),
        fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 1, maxLength: 80 }),
        (level, jitter) => {
          const values = jitter.map((j) => level + j);
          const sizes = values.map(() => 1000);
          for (const input of [
            { kind: "c", values },
            { kind: "u", values, sizes },
            { kind: "p", values, sizes },
            { kind: "np", values, sizes },
          ] satisfies ChartInput[]) {
            expect(beyondLimits(computeControlChart(input)), input.kind).toEqual([]);
          }
        },
      ),
      RUNS,
    );
  });

  it("with subgroups that vary within but not between flags nothing under rule 1 on an X̄-R chart", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.integer({ min: 2, max: 25 }),
        fc.array(fc.double({ min: -1e-4, max: 1e-4, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (level, size, noise) => {
          const subgroups = noise.map((e) => [
            level - 1,
            level + 1,
            ...new Array<number>(size - 2).fill(level + e),
          ]);
          expect(beyondLimits(computeControlChart({ kind: "xbar-r", subgroups }))).toEqual([]);
        },
      ),
      RUNS,
    );
  });
});

describe("a process that shifts up by 2 sigma", () => {
  it("breaks the run rule at the 9th point after the shift: Nelson 2, and Western Electric 4 from the 8th", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 20, maxLength: 60 }),
        fc.array(fc.double({ min: -0.99, max: 0.99, noNaN: true }), { minLength: 9, maxLength: 9 }),
        (baseline, noise) => {
          const phase1 = computeControlChart({ kind: "xmr", values: baseline, rules: "none" });
          fc.pre(phase1.sigma > 1e-6);
          // The 9 later points come from the process moved up by 2 sigma, spread within ±1 sigma.
          const shifted = noise.map((e) => phase1.center + (2 + e) * phase1.sigma);
          const values = [...baseline, ...shifted];
          const last = values.length - 1;
          const window = { from: 0, to: baseline.length };
          const nelson = computeControlChart({ kind: "xmr", values, baseline: window, rules: "nelson" });
          expect(nelson.signals).toContainEqual(expect.objectContaining({ rule: 2, index: last }));
          const western = computeControlChart({ kind: "xmr", values, baseline: window });
          expect(western.signals).toContainEqual(expect.objectContaining({ rule: 4, index: last - 1 }));
          expect(western.signals).toContainEqual(
            expect.objectContaining({
              rule: 4,
              index: last,
              description: "8 points in a row above the centre line",
            }),
          );
        },
      ),
      RUNS,
    );
  });
});

describe("limits", () => {
  const series = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 100 });

  it("are symmetric about the centre line on an XmR chart", () => {
    fc.assert(
      fc.property(series, (values) => {
        const chart = computeControlChart({ kind: "xmr", values });
        const upper = (chart.ucl as number) - chart.center;
        const lower = chart.center - (chart.lcl as number);
        expect(Math.abs(upper - lower)).toBeLessThanOrEqual(
          1e-9 * (Math.abs(chart.center) + chart.sigma + 1),
        );
        expect(upper).toBeCloseTo(3 * chart.sigma, 6);
      }),
      RUNS,
    );
  });

  /** A series of `length` points and a baseline window in it. */
  const withBaseline = <T>(points: fc.Arbitrary<T[]>, minBaseline: number) =>
    points.chain((values) =>
      fc
        .integer({ min: 0, max: values.length - minBaseline })
        .chain((from) =>
          fc
            .integer({ min: from + minBaseline, max: values.length })
            .map((to) => ({ values, baseline: { from, to } })),
        ),
    );

  function expectSameLimits(full: ChartResult, alone: ChartResult, from: number): void {
    expect(full.center).toBe(alone.center);
    expect(full.sigma).toBe(alone.sigma);
    const at = (limit: number | number[], i: number) => (Array.isArray(limit) ? limit[i] : limit);
    for (let i = 0; i < alone.statistics.length; i++) {
      expect(at(full.ucl, from + i)).toBe(at(alone.ucl, i));
      expect(at(full.lcl, from + i)).toBe(at(alone.lcl, i));
    }
    expect(full.secondary?.center).toBe(alone.secondary?.center);
    expect(full.secondary?.ucl).toBe(alone.secondary?.ucl);
  }

  it("of phase II equal those of the baseline charted alone, for every chart", () => {
    const counts = fc.array(
      fc.record({
        size: fc.integer({ min: 1, max: 200 }),
        share: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { minLength: 1, maxLength: 60 },
    );
    const cases: fc.Arbitrary<ChartInput & { baseline: { from: number; to: number } }>[] = [
      withBaseline(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 60 }),
        2,
      ).map((c) => ({ kind: "xmr", ...c })),
      withBaseline(fc.array(fc.nat(60), { minLength: 1, maxLength: 60 }), 1).map((c) => ({
        kind: "c",
        ...c,
      })),
      withBaseline(counts, 1).map(({ values, baseline }) => ({
        kind: "p",
        values: values.map((v) => Math.floor(v.share * v.size)),
        sizes: values.map((v) => v.size),
        baseline,
      })),
      withBaseline(counts, 1).map(({ values, baseline }) => ({
        kind: "np",
        values: values.map((v) => Math.floor(v.share * 80)),
        sizes: values.map(() => 80),
        baseline,
      })),
      withBaseline(counts, 1).map(({ values, baseline }) => ({
        kind: "u",
        values: values.map((v) => Math.floor(v.share * v.size)),
        sizes: values.map((v) => v.size / 10),
        baseline,
      })),
      fc.integer({ min: 2, max: 25 }).chain((size) =>
        withBaseline(
          fc.array(
            fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: size, maxLength: size }),
            {
              minLength: 1,
              maxLength: 40,
            },
          ),
          1,
        ).map(({ values, baseline }) => ({ kind: "xbar-r" as const, subgroups: values, baseline })),
      ),
    ];
    fc.assert(
      fc.property(fc.oneof(...cases), (input) => {
        const { from, to } = input.baseline;
        const full = computeControlChart(input);
        const alone = computeControlChart({
          kind: input.kind,
          ...(input.values ? { values: input.values.slice(from, to) } : {}),
          ...(input.sizes ? { sizes: input.sizes.slice(from, to) } : {}),
          ...(input.subgroups ? { subgroups: input.subgroups.slice(from, to) } : {}),
        });
        expectSameLimits(full, alone, from);
        expect(full.phase1).toBe(to - from);
      }),
      RUNS,
    );
  });
});

describe("signals", () => {
  it("are reported once per rule and point, in order, for points that exist", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 120 }),
        fc.constantFrom("western-electric" as const, "nelson" as const),
        (values, rules) => {
          const chart = computeControlChart({ kind: "xmr", values, rules });
          const keys = chart.signals.map((s) => `${s.rule}@${s.index}`);
          expect(new Set(keys).size).toBe(keys.length);
          for (const [i, signal] of chart.signals.entries()) {
            expect(signal.index).toBeGreaterThanOrEqual(0);
            expect(signal.index).toBeLessThan(values.length);
            const next = chart.signals[i + 1];
            if (next) expect(next.index * 10 + next.rule).toBeGreaterThan(signal.index * 10 + signal.rule);
          }
        },
      ),
      RUNS,
    );
  });
});
