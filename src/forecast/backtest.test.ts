import { describe, expect, it } from "vitest";
import { AppError } from "../core/index.js";
import { backtestSeries } from "./backtest.js";
import { futurePeriods, type Series } from "./calendar.js";
import { backtestResultSchema } from "./forecast.schema.js";

function daily(values: number[], start = "2024-01-01"): Series {
  return { periods: [start, ...futurePeriods(start, "day", values.length - 1)], values, grain: "day" };
}

describe("rolling-origin backtest", () => {
  it("scores seasonal naive on a straight line as hand arithmetic does", () => {
    // y_t = t: in sample, y_t − y_{t−7} = 7, so the MASE scale is 7. Forecasting 14 days ahead,
    // the first week is off by 7 and the second by 14: MASE (7·7 + 7·14)/(14·7) = 1.5.
    const result = backtestSeries(daily(Array.from({ length: 60 }, (_, t) => t)), {
      horizon: 14,
      origins: 5,
      model: "seasonal-naive",
    });
    expect(result.seasonalPeriod).toBe(7);
    expect(result.seasonalNaiveMase).toBeCloseTo(1.5, 12);
    expect(result.mase).toBeCloseTo(1.5, 12);
    expect(result.relativeMase).toBeCloseTo(1, 12);
    expect(result.maseByHorizon).toEqual([...new Array(7).fill(1), ...new Array(7).fill(2)]);
    expect(result.modelsChosen).toEqual({ "seasonal naive": 5 });
    expect(backtestResultSchema.parse(result)).toEqual(result);
  });

  it("places the origins at the end of the series, step periods apart", () => {
    const result = backtestSeries(daily(Array.from({ length: 60 }, (_, t) => 10 + (t % 7))), {
      horizon: 7,
      origins: 3,
      step: 7,
      model: "seasonal-naive",
    });
    // 60 days from 2024-01-01: the last origin leaves 7 days, so it is day 53 (2024-02-22).
    expect(result.lastOrigin).toBe("2024-02-22");
    expect(result.firstOrigin).toBe("2024-02-08");
    // A purely weekly series is forecast exactly; its MASE is undefined (seasonal naive's in-sample
    // error, the scale, is zero too) and reported as null.
    expect(result.smape).toBe(0);
    expect(result.mase).toBeNull();
  });

  it("reports fitting time from the clock it is given", () => {
    let clock = 0;
    const result = backtestSeries(daily(Array.from({ length: 40 }, (_, t) => 5 + (t % 7) + t / 10)), {
      horizon: 3,
      origins: 4,
      now: () => {
        clock += 125;
        return clock;
      },
    });
    expect(result.seconds).toBe(0.5);
  });

  it("says how many origins the series allows", () => {
    let error: unknown;
    try {
      backtestSeries(daily(Array.from({ length: 30 }, (_, t) => t)), { horizon: 14, origins: 20 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe(
      "This series allows 1 to 9 origins with horizon 14 and step 1; got 20",
    );
    expect(() => backtestSeries(daily([1, 2, 3]), { horizon: 2 })).toThrow("needs at least");
  });
});
