import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../core/index.js";
import { analyzePilot, type PilotPanel, type PilotResult } from "./index.js";
import { simulateMultiplicativePilot } from "./simulate.js";

const PRE = 56;
const POST = 56;
const dates = Array.from({ length: PRE + POST }, (_, i) =>
  new Date(Date.UTC(2024, 8, 2) + i * 86_400_000).toISOString().slice(0, 10),
);
const WEEK = [1, 0.9, 0.95, 1.05, 1.2, 1.4, 0.7];

/**
 * The market every shop shares: a weekly pattern, a seasonal decline of 0.3% a day and a 10% step down
 * half-way through the period after the change.
 */
const market = dates.map(
  (_, t) => (WEEK[t % 7] as number) * Math.exp(-0.003 * t) * (t >= PRE + POST / 2 ? 0.9 : 1),
);
/** What the treated shop would have sold without the change: 1.8 × the 100-sized control's market. */
const counterfactual = market.map((m) => 180 * m);
const treated = counterfactual.map((value, t) => (t >= PRE ? value * 1.05 : value));

/** Noiseless: treated = 1.8 × control, × 1.05 from the change on; every unit follows the same market. */
function multiplicativePanel(controls: { name: string; size: number }[]): PilotPanel {
  return {
    dates,
    changeDate: dates[PRE] as string,
    treated: { name: "Harbour St", values: treated },
    controls: controls.map(({ name, size }) => ({ name, values: market.map((m) => size * m) })),
  };
}

const close = (actual: number | null, expected: number, tolerance: number) =>
  expect(Math.abs((actual as number) - expected)).toBeLessThan(tolerance * Math.max(1, Math.abs(expected)));

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe("log scale on a noiseless multiplicative panel", () => {
  const oneControl = multiplicativePanel([{ name: "Mill Rd", size: 100 }]);
  /** The controls' geometric mean and their even log mix are both the counterfactual: √(100 · 324) = 180. */
  const twoControls = multiplicativePanel([
    { name: "Mill Rd", size: 100 },
    { name: "Quay", size: 324 },
  ]);
  const treatedAfter = mean(treated.slice(PRE));
  const amount = mean(treated.slice(PRE).map((value, i) => value - (counterfactual[PRE + i] as number)));

  it("recovers +5% exactly by default, while level DiD is biased by the shared decline", () => {
    const log = analyzePilot(oneControl);
    expect(log.scale).toBe("log");
    const did = log.differenceInDifferences;
    close(did.relative, 0.05, 1e-9);
    close(did.relativeCi[0], 0.05, 1e-9);
    close(did.relativeCi[1], 0.05, 1e-9);
    expect(did.method).toMatch(/percentage changes/);
    // The effect in euros a period: treated after × r / (1 + r), which here is exactly treated − counterfactual.
    close(did.effect, treatedAfter * (0.05 / 1.05), 1e-9);
    close(did.effect, amount, 1e-9);
    close(did.ci[0], amount, 1e-9);
    // No drift in percentages before the change (only rounding is left; its p-value means nothing here).
    close(log.preTrend.slope, 0, 1e-12);

    const level = analyzePilot(oneControl, { scale: "level" });
    expect(level.scale).toBe("level");
    expect(level.differenceInDifferences.method).toMatch(/own unit/);
    // Treated falls 1.8 times as many euros as the control in the decline, which level DiD counts against the
    // change: it comes out at −5.2%.
    expect(level.differenceInDifferences.relative).toBeLessThan(0);
    // The shared decline is a linear drift in euros, too.
    expect(level.preTrend.slope).toBeLessThan(0);
  });

  it("fits a synthetic control on the logs that equals the counterfactual in euros", () => {
    const result = analyzePilot(twoControls);
    const sc = result.syntheticControl;
    close(sc.weights[0]?.weight ?? Number.NaN, 0.5, 1e-9);
    close(sc.weights[1]?.weight ?? Number.NaN, 0.5, 1e-9);
    close(sc.relative, 0.05, 1e-9);
    close(sc.effect, amount, 1e-9);
    expect(sc.preRmspe).toBeLessThan(1e-9);
    close(
      sc.postRmspe,
      Math.sqrt(
        mean(
          treated
            .slice(PRE)
            .map((value) => (value * 0.05) / 1.05)
            .map((x) => x * x),
        ),
      ),
      1e-9,
    );
    expect(sc.ci).not.toBeNull();
    close(sc.ci?.[0] ?? Number.NaN, amount, 1e-9);
    close(result.differenceInDifferences.relative, 0.05, 1e-9);
    for (const [t, row] of result.series.entries()) {
      close(row.synthetic, counterfactual[t] as number, 1e-9);
      close(row.control, counterfactual[t] as number, 1e-9);
      expect(row.treated).toBe(treated[t]);
      close(row.effect, (treated[t] as number) - (counterfactual[t] as number), 1e-9);
      if (t < PRE) {
        expect(row.effectLow).toBeNull();
      } else {
        close(row.effectLow, row.effect as number, 1e-9);
        close(row.effectHigh, row.effect as number, 1e-9);
      }
    }
    expect(result.warnings.filter((w) => /synthetic control/.test(w))).toEqual([]);
    // With the controls' arithmetic mean (212 for a shop of 180) level DiD is off the other way: +9.7%.
    expect(analyzePilot(twoControls, { scale: "level" }).differenceInDifferences.relative).toBeGreaterThan(
      0.09,
    );
  });

  it("says how far the synthetic control misses as a share of the treated level", () => {
    // One control 100 against a treated shop of 180: it misses by 80 / 180 = 44% of the treated level.
    const result = analyzePilot(oneControl);
    expect(result.syntheticControl.weights).toEqual([{ name: "Mill Rd", weight: 1 }]);
    expect(result.syntheticControl.ci).toBeNull();
    expect(result.warnings).toContain(
      "The synthetic control fits the period before the change badly: it misses the treated unit by 44% of its level on a typical period, so its estimate is unreliable.",
    );
    close(
      result.syntheticControl.preRmspe,
      Math.sqrt(
        mean(
          counterfactual
            .slice(0, PRE)
            .map((value) => (value * 0.8) / 1.8)
            .map((x) => x * x),
        ),
      ),
      1e-9,
    );
  });

  it("reads a pre-period drift in percentages", () => {
    const drifting = {
      ...twoControls,
      treated: { ...twoControls.treated, values: treated.map((value, t) => value * Math.exp(0.004 * t)) },
    };
    const result = analyzePilot(drifting);
    close(result.preTrend.slope, 0.004, 1e-9);
    expect(result.preTrend.ok).toBe(false);
    expect(
      result.warnings.some((w) => w.includes("drifting away from the controls by 0.401% per period")),
    ).toBe(true);
  });
});

describe("choice of scale", () => {
  const panel = () =>
    simulateMultiplicativePilot({ seed: 3, effect: 0.05, preDays: 56, postDays: 56, controls: 3, phi: 0.5 });
  const refused = (run: () => unknown): AppError => {
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe("USAGE");
    return thrown as AppError;
  };

  it("is log by default when every value is above 0", () => {
    const result = analyzePilot(panel());
    expect(result.scale).toBe("log");
    expect(analyzePilot(panel(), { scale: "log" })).toEqual(result);
  });

  it("is level by default when a value is 0 or below, and log with a 0 is refused naming the unit and period", () => {
    const zero = panel();
    zero.treated.values[20] = 0;
    expect(analyzePilot(zero).scale).toBe("level");
    expect(analyzePilot(zero)).toEqual(analyzePilot(zero, { scale: "level" }));
    const negative = panel();
    (negative.controls[1] as PilotPanel["controls"][number]).values[70] = -3;
    expect(analyzePilot(negative).scale).toBe("level");

    expect(refused(() => analyzePilot(zero, { scale: "log" })).message).toBe(
      `The log scale needs every value above 0, but "treated" has 0 on 2024-01-21. Use scale "level" to compare differences in the metric's own unit, or leave the scale out to choose it from the data.`,
    );
    expect(refused(() => analyzePilot(negative, { scale: "log" })).message).toMatch(
      /^The log scale needs every value above 0, but "control 2" has -3 on 2024-03-11\. Use scale "level"/,
    );
  });

  it("looks only at the values used: a 0 in a period left out for a missing value, or in a left-out control, does not count", () => {
    const gappy = panel();
    gappy.treated.values[20] = 0;
    for (const control of gappy.controls.slice(0, 2)) control.values[20] = null;
    const mostlyMissing = gappy.controls[2] as PilotPanel["controls"][number];
    mostlyMissing.values = mostlyMissing.values.map((v, t) => (t % 2 === 0 ? null : t === 1 ? 0 : v));
    const result = analyzePilot(gappy);
    expect(result.scale).toBe("log");
    expect(result.syntheticControl.weights).toHaveLength(2);
    // The left-out period still has a row in the chart, in the metric's unit, with no log of 0 taken.
    expect(result.series[20]).toMatchObject({ treated: 0, control: null, synthetic: null, effect: null });
  });

  it("refuses a scale that is neither level nor log", () => {
    const error = refused(() => analyzePilot(panel(), { scale: "percent" as "log" }));
    expect(error.message).toMatch(/^The scale must be "level" or "log" \(got "percent"\)/);
  });
});

describe("log scale properties", () => {
  const panels = fc.record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    preDays: fc.integer({ min: 4, max: 40 }),
    postDays: fc.integer({ min: 2, max: 30 }),
    controls: fc.integer({ min: 1, max: 4 }),
    phi: fc.double({ min: -0.5, max: 0.9, noNaN: true }),
  });
  const scaled = (panel: PilotPanel, factor: (t: number) => number, unit: "treated" | 0): PilotPanel => {
    const times = (values: (number | null)[]) => values.map((v, t) => (v === null ? v : v * factor(t)));
    if (unit === "treated")
      return { ...panel, treated: { ...panel.treated, values: times(panel.treated.values) } };
    const [first, ...rest] = panel.controls as [PilotPanel["controls"][number]];
    return { ...panel, controls: [{ ...first, values: times(first.values) }, ...rest] };
  };
  const relative = (r: PilotResult) => r.differenceInDifferences;

  it("multiplying the treated unit by k after the change multiplies 1 + relative effect and its interval by k", () => {
    fc.assert(
      fc.property(panels, fc.double({ min: 0.2, max: 5, noNaN: true }), (spec, k) => {
        const panel = simulateMultiplicativePilot({ ...spec, effect: 0 });
        const pre = panel.dates.indexOf(panel.changeDate);
        const before = relative(analyzePilot(panel));
        const after = relative(analyzePilot(scaled(panel, (t) => (t >= pre ? k : 1), "treated")));
        expect(Math.abs((1 + after.relative) / (1 + before.relative) - k)).toBeLessThan(1e-9 * k);
        expect(Math.abs((1 + after.relativeCi[0]) / (1 + before.relativeCi[0]) - k)).toBeLessThan(1e-9 * k);
      }),
      { numRuns: 40 },
    );
  });

  it("the size of a unit does not change the relative effects, the p-values or the pre-trend", () => {
    fc.assert(
      fc.property(panels, fc.double({ min: 0.1, max: 10, noNaN: true }), (spec, k) => {
        const panel = simulateMultiplicativePilot({ ...spec, effect: 0.03 });
        const base = analyzePilot(panel);
        for (const resized of [
          analyzePilot(scaled(panel, () => k, "treated")),
          analyzePilot(scaled(panel, () => k, 0)),
        ]) {
          expect(Math.abs(relative(resized).relative - relative(base).relative)).toBeLessThan(1e-9);
          expect(Math.abs(relative(resized).pValue - relative(base).pValue)).toBeLessThan(1e-9);
          expect(Math.abs(resized.preTrend.slope - base.preTrend.slope)).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("the effect and its interval in the metric's unit follow the relative ones: treated after × r / (1 + r)", () => {
    fc.assert(
      fc.property(panels, (spec) => {
        const panel = simulateMultiplicativePilot({ ...spec, effect: 0.05 });
        const result = analyzePilot(panel);
        const after = result.series.slice(result.periods.pre).map((row) => row.treated as number);
        const level = mean(after);
        const amount = (r: number) => (level * r) / (1 + r);
        const did = result.differenceInDifferences;
        expect(Math.abs(did.effect - amount(did.relative))).toBeLessThan(1e-9 * level);
        expect(Math.abs(did.ci[0] - amount(did.relativeCi[0]))).toBeLessThan(1e-9 * level);
        expect(Math.abs(did.ci[1] - amount(did.relativeCi[1]))).toBeLessThan(1e-9 * level);
        expect(did.ci[0]).toBeLessThanOrEqual(did.effect);
        expect(did.effect).toBeLessThanOrEqual(did.ci[1]);
        const sc = result.syntheticControl;
        expect(Math.abs(sc.effect - amount(sc.relative))).toBeLessThan(1e-9 * level);
        for (const row of result.series.slice(result.periods.pre)) {
          if (row.effectLow === null) continue;
          expect(row.effectLow).toBeLessThanOrEqual(row.effect as number);
          expect(row.effectHigh as number).toBeGreaterThanOrEqual(row.effect as number);
          expect(row.effectHigh as number).toBeLessThan(row.treated as number);
        }
      }),
      { numRuns: 60 },
    );
  });
});
