import { describe, expect, it } from "vitest";
import { backtestSeries } from "./backtest.js";
import { futurePeriods, type Series } from "./calendar.js";
import { DshwModel, dshwInitialState, fitDshw } from "./dshw.js";
import { forecastSeries } from "./forecast-series.js";
import type { FittedModel } from "./model.js";
import { createRandom } from "./random.js";

/** Hourly sales of a shop open 7:00–19:00, busier at lunch and on Saturdays, closed on Sundays. */
function trueMean(t: number): number {
  const hour = t % 24;
  const day = Math.floor(t / 24) % 7; // day 0 is a Monday
  const profile = [0, 0, 0, 0, 0, 0, 0, 4, 10, 12, 10, 9, 16, 18, 11, 9, 10, 12, 7, 3, 0, 0, 0, 0][
    hour
  ] as number;
  const weekday = [1, 1, 1.05, 1.1, 1.25, 1.6, 0][day] as number;
  return profile * weekday;
}

function hourly(weeks: number, noise: (t: number) => number): Series {
  const values = Array.from({ length: weeks * 168 }, (_, t) => trueMean(t) + noise(t));
  const start = "2024-01-01T00:00";
  return { periods: [start, ...futurePeriods(start, "hour", values.length - 1)], values, grain: "hour" };
}

/** Sample variance of simulated values at each horizon. */
function simulatedVariance(model: FittedModel, h: number, paths: number): number[] {
  const random = createRandom(17);
  const out = new Float64Array(h);
  const sum = new Float64Array(h);
  const squares = new Float64Array(h);
  for (let k = 0; k < paths; k++) {
    model.simulatePath(random, out);
    for (let i = 0; i < h; i++) {
      sum[i] = (sum[i] as number) + (out[i] as number);
      squares[i] = (squares[i] as number) + (out[i] as number) ** 2;
    }
  }
  return Array.from(sum, (s, i) => (squares[i] as number) / paths - (s / paths) ** 2);
}

describe("double-seasonal Holt-Winters", () => {
  const random = createRandom(1);
  const series = hourly(6, () => random.normal());

  it("starts from an hour-of-day profile summing to zero and hour-of-week corrections summing to zero per hour", () => {
    const state = dshwInitialState(series.values, 24, 168);
    expect(state.daily.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9);
    for (let hour = 0; hour < 24; hour++) {
      let sum = 0;
      for (let day = 0; day < 7; day++) sum += state.weekly[hour + 24 * day] as number;
      expect(sum).toBeCloseTo(0, 9);
    }
  });

  it("is chosen for hourly series and forecasts the next week's profile", () => {
    const result = forecastSeries(series, { horizon: 168 });
    expect(result.model).toMatch(/^double-seasonal Holt-Winters \(24, 168\)/);
    expect(result.seasonalPeriods).toEqual([24, 168]);
    expect(result.intervals).toBe("analytical");
    expect(result.points[0]?.period).toBe("2024-02-12T00:00");
    expect(result.points[31]?.period).toBe("2024-02-13T07:00");
    const n = series.values.length;
    const error = result.points.reduce((sum, p, i) => sum + Math.abs(p.mean - trueMean(n + i)), 0) / 168;
    // Noise has standard deviation 1; the profile is averaged over six weeks.
    expect(error).toBeLessThan(0.6);
  });

  it("beats seasonal naive (same hour last week) a day ahead", () => {
    const result = backtestSeries(series, { horizon: 24, origins: 7, step: 24 });
    expect(result.seasonalPeriod).toBe(168);
    expect(result.relativeMase as number).toBeLessThan(0.85);
  });

  it("finds autocorrelated errors and estimates their coefficient", () => {
    const noise = createRandom(2);
    let u = 0;
    const correlated = hourly(8, () => {
      u = 0.6 * u + noise.normal();
      return u;
    });
    const plain = fitDshw(correlated.values, [24, 168], false);
    const ar = fitDshw(correlated.values, [24, 168], true);
    expect(ar.aicc).toBeLessThan(plain.aicc - 100);
    // Level and profiles absorb a little of the autocorrelation: φ̂ a little below 0.6.
    expect(ar.smoothing.phi).toBeGreaterThan(0.45);
    expect(ar.smoothing.phi).toBeLessThan(0.7);
    expect(forecastSeries(correlated, { horizon: 1 }).model).toBe(
      "double-seasonal Holt-Winters (24, 168) with AR(1) errors",
    );
  });

  it("has analytical forecast variances that match its simulated paths", () => {
    for (const ar of [false, true]) {
      // Noticeable smoothing, so that the variance grows with the horizon.
      const strong = new DshwModel(
        series.values,
        [24, 168],
        { alpha: 0.3, delta: 0.4, omega: 0.3, phi: ar ? 0.5 : 0 },
        dshwInitialState(series.values, 24, 168),
        ar,
      );
      const h = 30;
      const analytical = strong.forecastVariance(h);
      const simulated = simulatedVariance(strong, h, 20_000);
      // Relative standard error of a sample variance from 20,000 normal draws: √(2/n) = 1%.
      for (const i of [0, 1, 5, 23, 24, 29]) {
        expect(Math.abs((simulated[i] as number) / (analytical[i] as number) - 1)).toBeLessThan(0.05);
      }
      expect(analytical[29] as number).toBeGreaterThan(1.5 * (analytical[0] as number));
    }
  });
});
