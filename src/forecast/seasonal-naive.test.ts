import { describe, expect, it } from "vitest";
import { predictionIntervals } from "./intervals.js";
import { createRandom } from "./random.js";
import { SeasonalNaiveModel, seasonalNaiveMae } from "./seasonal-naive.js";

describe("seasonal naive", () => {
  const y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const model = new SeasonalNaiveModel(y, 4);

  it("repeats the last season exactly", () => {
    expect(model.forecastMean(6)).toEqual([7, 8, 9, 10, 7, 8]);
    expect(Array.from(model.fitted)).toEqual([
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      1,
      2,
      3,
      4,
      5,
      6,
    ]);
  });

  it("widens its variance by one σ² per whole season ahead", () => {
    // Residuals y_t − y_{t−4} are all 4, so σ² = 16.
    expect(model.sigma2).toBe(16);
    expect(model.forecastVariance(9)).toEqual([16, 16, 16, 16, 32, 32, 32, 32, 48]);
  });

  it("has a simulated spread that matches its variance", () => {
    const random = createRandom(4);
    const paths = 20_000;
    const out = new Float64Array(6);
    let sum = 0;
    let squares = 0;
    for (let k = 0; k < paths; k++) {
      model.simulatePath(random, out);
      const d = (out[5] as number) - 8;
      sum += d;
      squares += d * d;
    }
    // Variance 32 at h = 6; the sample variance of 20,000 draws has a standard error of 32·√(2/n) ≈ 0.32.
    expect(squares / paths - (sum / paths) ** 2).toBeCloseTo(32, -0.5);
  });

  it("falls back to naive when the history is shorter than a season", () => {
    const short = new SeasonalNaiveModel([3, 5, 4], 7);
    expect(short.period).toBe(1);
    expect(short.forecastMean(3)).toEqual([4, 4, 4]);
    expect(predictionIntervals(short, 1).method).toBe("analytical");
  });

  it("scales MASE by its in-sample mean absolute error", () => {
    expect(seasonalNaiveMae([1, 3, 2, 6, 4, 9], 2)).toBe((1 + 3 + 2 + 3) / 4);
    expect(seasonalNaiveMae([5, 7], 1)).toBe(2);
  });
});
