import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../core/index.js";
import { analyzePilot, type PilotPanel, type PilotResult } from "./index.js";
import { normalDraw, seededRandom } from "./random.js";
import { simulatePilot } from "./simulate.js";

const days = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    new Date(Date.UTC(2024, 2, 4) + i * 86_400_000).toISOString().slice(0, 10),
  );

const cafe = (seed: number, overrides: Partial<Parameters<typeof simulatePilot>[0]> = {}) =>
  simulatePilot({ seed, effect: 0, preDays: 70, postDays: 56, controls: 3, phi: 0.5, ...overrides });

/** For expectations that are additive: effects added in the metric's unit, mixes of controls' values. */
const LEVEL = { scale: "level" } as const;

/** Every number anywhere in the result. */
function numbersIn(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(numbersIn);
  return [];
}

function noiselessPanel(effect: number): PilotPanel {
  const dates = days(60);
  const wave = (level: number, amplitude: number, speed: number, slope: number) =>
    dates.map((_, t) => level + amplitude * Math.sin(speed * t) + slope * t);
  const a = wave(100, 10, 1, 0.4);
  const b = wave(130, 6, 0.45, -0.3);
  const c = wave(90, 12, 0.8, 0.1);
  const d = wave(150, 4, 1.7, 0.2);
  const treated = a.map((value, t) => 0.3 * value + 0.7 * (b[t] as number) + (t >= 40 ? effect : 0));
  return {
    dates,
    changeDate: dates[40] as string,
    treated: { name: "Harbour St", values: treated },
    controls: [
      { name: "A", values: a },
      { name: "B", values: b },
      { name: "C", values: c },
      { name: "D", values: d },
    ],
  };
}

/** Four controls and a treated shop that is a mix of two of them plus its own noise. */
function placeboPanel(effect: number): PilotPanel {
  const panel = cafe(11, { controls: 5 });
  const random = seededRandom(12);
  const [first, second] = panel.controls.map((control) => control.values as number[]);
  const pre = panel.dates.indexOf(panel.changeDate);
  const treated = (first as number[]).map(
    (value, t) =>
      0.4 * value +
      0.6 * ((second as number[])[t] as number) +
      3 * normalDraw(random) +
      (t >= pre ? effect : 0),
  );
  return { ...panel, treated: { name: "Harbour St", values: treated } };
}

describe("synthetic control", () => {
  it("recovers the weights of treated = 0.3·A + 0.7·B to 1e-6 on a noiseless panel", () => {
    const { syntheticControl: sc } = analyzePilot(noiselessPanel(0), LEVEL);
    const weight = (name: string) => sc.weights.find((w) => w.name === name)?.weight ?? Number.NaN;
    expect(Math.abs(weight("A") - 0.3)).toBeLessThan(1e-6);
    expect(Math.abs(weight("B") - 0.7)).toBeLessThan(1e-6);
    expect(weight("C") + weight("D")).toBeLessThan(1e-6);
    expect(sc.preRmspe).toBeLessThan(1e-6);
  });

  it("measures an added effect of 12.5 exactly, and its relative size against the synthetic", () => {
    const result = analyzePilot(noiselessPanel(12.5), LEVEL);
    const sc = result.syntheticControl;
    expect(Math.abs(sc.effect - 12.5)).toBeLessThan(1e-6);
    expect(Math.abs(sc.postRmspe - 12.5)).toBeLessThan(1e-6);
    const syntheticPost = result.series.slice(40).map((row) => row.synthetic as number);
    const level = syntheticPost.reduce((a, b) => a + b, 0) / syntheticPost.length;
    expect(sc.relative).toBeCloseTo(12.5 / level, 9);
    for (const row of result.series.slice(40)) expect(row.effect).toBeCloseTo(12.5, 6);
  });

  it("weights are ≥ 0, sum to 1 and are fitted on the pre-period only", () => {
    const panel = cafe(21, { controls: 4 });
    const before = analyzePilot(panel).syntheticControl.weights;
    const pre = panel.dates.indexOf(panel.changeDate);
    const changedAfter = {
      ...panel,
      treated: {
        ...panel.treated,
        values: panel.treated.values.map((v, t) => (t >= pre ? (v as number) * 3 : v)),
      },
    };
    expect(analyzePilot(changedAfter).syntheticControl.weights).toEqual(before);
    expect(before.every((w) => w.weight >= 0)).toBe(true);
    expect(before.reduce((total, w) => total + w.weight, 0)).toBeCloseTo(1, 12);
  });

  it("ranks the treated unit first among the placebo ratios when it has a large effect (5 controls: p = 1/6)", () => {
    const sc = analyzePilot(placeboPanel(40)).syntheticControl;
    expect(sc.placebos).toHaveLength(6);
    expect(sc.placebos[0]?.name).toBe("Harbour St");
    expect(sc.pValue).toBeCloseTo(1 / 6, 12);
  });

  it("gives an interval covering the effect when the synthetic matches the treated shop, and a band after the change", () => {
    const result = analyzePilot(placeboPanel(8));
    const ci = result.syntheticControl.ci;
    expect(ci).not.toBeNull();
    expect((ci as [number, number])[0]).toBeLessThan(8);
    expect((ci as [number, number])[1]).toBeGreaterThan(8);
    const pre = result.periods.pre;
    expect(result.series[pre - 1]?.effectLow).toBeNull();
    const row = result.series[pre] as PilotResult["series"][number];
    expect(row.effectLow as number).toBeLessThan(row.effect as number);
    expect(row.effectHigh as number).toBeGreaterThan(row.effect as number);
  });
});

describe("pre-trend check", () => {
  it("flags a treated shop drifting away from the controls before the change", () => {
    const panel = cafe(31);
    const drifting = {
      ...panel,
      treated: { ...panel.treated, values: panel.treated.values.map((v, t) => (v as number) + 0.25 * t) },
    };
    const result = analyzePilot(drifting, LEVEL);
    expect(result.preTrend.ok).toBe(false);
    expect(result.preTrend.slope).toBeGreaterThan(0.1);
    expect(result.preTrend.ci[0]).toBeGreaterThan(0);
    expect(result.warnings.some((w) => w.startsWith("Pre-trends differ"))).toBe(true);
  });

  it("passes a shop moving in parallel with the controls", () => {
    const result = analyzePilot(cafe(31));
    expect(result.preTrend.ok).toBe(true);
    expect(result.preTrend.ci[0]).toBeLessThan(0);
    expect(result.preTrend.ci[1]).toBeGreaterThan(0);
    expect(result.warnings.some((w) => w.startsWith("Pre-trends differ"))).toBe(false);
  });
});

describe("warnings", () => {
  const has = (result: PilotResult, start: string) => result.warnings.some((w) => w.startsWith(start));

  it("has none for a well-behaved panel with several controls", () => {
    expect(analyzePilot(placeboPanel(8)).warnings).toEqual([]);
  });

  it("says placebo tests cannot run with one control only", () => {
    const result = analyzePilot(cafe(41, { controls: 1 }));
    expect(has(result, "Only one control")).toBe(true);
    expect(result.syntheticControl.placebos).toHaveLength(1);
    expect(result.syntheticControl.pValue).toBeNull();
  });

  it("says the synthetic control cannot fit a treated shop above every control, and gives it no interval", () => {
    const panel = cafe(42);
    const top = panel.dates.map((_, t) => Math.max(...panel.controls.map((c) => c.values[t] as number)));
    const result = analyzePilot({ ...panel, treated: { name: "Flagship", values: top.map((v) => v + 40) } });
    expect(has(result, "The treated unit lies outside the controls' range in 100%")).toBe(true);
    expect(has(result, "The synthetic control fits the period before the change badly")).toBe(true);
    expect(result.syntheticControl.ci).toBeNull();
    expect(result.series.every((row) => row.effectLow === null)).toBe(true);
  });

  it("says there are too few periods before the change (6 days, under two weeks)", () => {
    const result = analyzePilot(cafe(43, { preDays: 6 }));
    expect(result.periods.pre).toBe(6);
    expect(has(result, "Too few periods before the change: 6")).toBe(true);
  });

  it("says missing values were dropped, and leaves out a mostly missing control", () => {
    const panel = cafe(44);
    const gappy = structuredClone(panel);
    gappy.treated.values[3] = null;
    gappy.controls[0]?.values.splice(10, 2, null, null);
    const mostlyMissing = gappy.controls[2] as PilotPanel["controls"][number];
    mostlyMissing.values = mostlyMissing.values.map((v, t) => (t % 2 === 0 ? null : v));
    const result = analyzePilot(gappy);
    expect(result.periods).toEqual({ pre: 67, post: 56 });
    expect(has(result, "Missing values dropped: 3 periods")).toBe(true);
    expect(has(result, 'Left out control "control 3"')).toBe(true);
    expect(result.syntheticControl.weights.map((w) => w.name)).toEqual(["control 1", "control 2"]);
    expect(result.series[3]?.treated).toBeNull();
    expect(result.series[3]?.effect).toBeNull();
    expect(result.series).toHaveLength(panel.dates.length);
  });
});

describe("periods and options", () => {
  it("starts the change at the first period on or after a change date that has no row (a closed day)", () => {
    const panel = cafe(61);
    const closed = panel.dates.indexOf(panel.changeDate);
    const keep = (_: unknown, t: number) => t !== closed;
    const gappy: PilotPanel = {
      dates: panel.dates.filter(keep),
      changeDate: panel.changeDate,
      treated: { ...panel.treated, values: panel.treated.values.filter(keep) },
      controls: panel.controls.map((c) => ({ ...c, values: c.values.filter(keep) })),
    };
    expect(analyzePilot(gappy).periods).toEqual({ pre: 70, post: 55 });
  });

  it("narrows the intervals at a lower level, and seed and resamples leave the result unchanged", () => {
    const panel = cafe(62, { effect: 5 });
    const at95 = analyzePilot(panel);
    const at80 = analyzePilot(panel, { level: 0.8 });
    const width = (r: PilotResult) => r.differenceInDifferences.ci[1] - r.differenceInDifferences.ci[0];
    expect(width(at80)).toBeLessThan(width(at95));
    expect(at80.differenceInDifferences.effect).toBe(at95.differenceInDifferences.effect);
    expect(analyzePilot(panel, { seed: 99, resamples: 500 })).toEqual(at95);
  });
});

describe("bad input", () => {
  const good = () => cafe(51);
  const usage = (panel: PilotPanel, message: RegExp) => {
    let thrown: unknown;
    try {
      analyzePilot(panel);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe("USAGE");
    expect((thrown as AppError).message).toMatch(message);
  };

  it("refuses dates that are not strictly increasing", () => {
    const panel = good();
    [panel.dates[5], panel.dates[6]] = [panel.dates[6] as string, panel.dates[5] as string];
    usage(
      panel,
      /^Dates must be strictly increasing.*"2024-01-06" \(position 7\) follows "2024-01-07"\. Sort/,
    );
  });

  it("refuses a change date outside the data", () => {
    usage(
      { ...good(), changeDate: "2030-01-01" },
      /^The change date "2030-01-01" is outside the data \(2024-01-01 … 2024-05-05\)/,
    );
    usage(
      { ...good(), changeDate: "2023-12-01" },
      /is outside the data.*Pick a change date after the first period/,
    );
  });

  it("refuses fewer than 4 periods before or 2 after the change", () => {
    const panel = good();
    usage(
      { ...panel, changeDate: panel.dates[3] as string },
      /^Only 3 periods before the change; at least 4 are needed/,
    );
    usage(
      { ...panel, changeDate: panel.dates.at(-1) as string },
      /^Only 1 period from the change on; at least 2/,
    );
  });

  it("refuses a series of the wrong length", () => {
    const panel = good();
    panel.controls[1]?.values.pop();
    usage(panel, /^Series "control 2" has 125 values but there are 126 dates\. Give one value per date/);
  });

  it("refuses a panel without controls", () => {
    usage({ ...good(), controls: [] }, /^The panel has no controls\. Add at least one unit/);
  });

  it("refuses a series with no values", () => {
    const panel = good();
    panel.treated.values = panel.treated.values.map(() => null);
    usage(panel, /^Series "treated" has no values\. Fill in its data/);
  });

  it("refuses a value that is not a number, and too few periods once missing ones are left out", () => {
    const panel = good();
    panel.controls[0]?.values.splice(2, 1, Number.NaN);
    usage(panel, /^Series "control 1" has a value that is not a finite number on 2024-01-03\. Use null/);
    const sparse = good();
    sparse.treated.values = sparse.treated.values.map((v, t) => (t < 67 ? null : v));
    usage(sparse, /^Only 3 periods before the change once periods with missing values are left out/);
  });

  it("refuses a confidence level outside (0, 1) and a season length that is not a whole number", () => {
    expect(() => analyzePilot(good(), { level: 95 })).toThrow(/confidence level must be between 0 and 1/);
    expect(() => analyzePilot(good(), { seasonLength: 0 })).toThrow(/season length must be a whole number/);
  });
});

describe("properties", () => {
  const panels = fc.record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    preDays: fc.integer({ min: 4, max: 40 }),
    postDays: fc.integer({ min: 2, max: 30 }),
    controls: fc.integer({ min: 1, max: 4 }),
    phi: fc.double({ min: -0.5, max: 0.9, noNaN: true }),
  });

  it("adding a constant to every treated value after the change shifts the DiD effect by exactly that constant", () => {
    fc.assert(
      fc.property(panels, fc.double({ min: -1000, max: 1000, noNaN: true }), (spec, shift) => {
        const panel = simulatePilot({ ...spec, effect: 0 });
        const pre = panel.dates.indexOf(panel.changeDate);
        const shifted = {
          ...panel,
          treated: {
            ...panel.treated,
            values: panel.treated.values.map((v, t) => (t >= pre ? (v as number) + shift : v)),
          },
        };
        const before = analyzePilot(panel, LEVEL).differenceInDifferences;
        const after = analyzePilot(shifted, LEVEL).differenceInDifferences;
        expect(Math.abs(after.effect - before.effect - shift)).toBeLessThan(1e-9 * (1 + Math.abs(shift)));
        expect(Math.abs(after.ci[0] - before.ci[0] - shift)).toBeLessThan(1e-9 * (1 + Math.abs(shift)));
      }),
      { numRuns: 60 },
    );
  });

  it("gives finite zeros, a relative-change warning and a perfect fit for an all-zero panel", () => {
    const dates = days(12);
    const zeros = () => dates.map(() => 0);
    const result = analyzePilot({
      dates,
      changeDate: dates[8] as string,
      treated: { name: "T", values: zeros() },
      controls: [
        { name: "A", values: zeros() },
        { name: "B", values: zeros() },
      ],
    });
    expect(numbersIn(result).every(Number.isFinite)).toBe(true);
    expect(result.differenceInDifferences).toMatchObject({ effect: 0, relative: 0, ci: [0, 0], pValue: 1 });
    expect(
      result.warnings.some((w) => w.startsWith("The expected level without the change is close to zero")),
    ).toBe(true);
  });

  it("never returns NaN or Infinity, even for constant, zero or gappy series", () => {
    const odd = fc.record({
      spec: panels,
      constant: fc.constantFrom(null, 0, 5),
      holes: fc.array(fc.nat(200), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(odd, ({ spec, constant, holes }) => {
        const panel = simulatePilot({ ...spec, effect: 3 });
        if (constant !== null) panel.treated.values = panel.treated.values.map(() => constant);
        for (const hole of holes)
          if (hole < panel.dates.length && hole % 3 === 0) panel.treated.values[hole] = null;
        let result: PilotResult;
        try {
          result = analyzePilot(panel);
        } catch (error) {
          expect((error as AppError).code).toBe("USAGE");
          return;
        }
        expect(numbersIn(result).every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
