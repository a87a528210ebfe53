import { describe, expect, it } from "vitest";
import { AppError } from "../core/index.js";
import { futurePeriods, type Grain, periodOrdinal, prepareSeries, seasonalPeriods } from "./calendar.js";

function caught(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("period labels", () => {
  it("fills future labels for every grain, across month, year and leap-day boundaries", () => {
    expect(futurePeriods("2024-02-27", "day", 3)).toEqual(["2024-02-28", "2024-02-29", "2024-03-01"]);
    expect(futurePeriods("2023-12-25", "week", 2)).toEqual(["2024-01-01", "2024-01-08"]);
    expect(futurePeriods("2024-11-01", "month", 3)).toEqual(["2024-12-01", "2025-01-01", "2025-02-01"]);
    expect(futurePeriods("2024-07-01", "quarter", 3)).toEqual(["2024-10-01", "2025-01-01", "2025-04-01"]);
    expect(futurePeriods("2024-12-31T22:00", "hour", 3)).toEqual([
      "2024-12-31T23:00",
      "2025-01-01T00:00",
      "2025-01-01T01:00",
    ]);
  });

  it("rejects labels that do not name the start of a period of the grain", () => {
    const invalid: [string, Grain][] = [
      ["2024-02-30", "day"],
      ["2024-2-03", "day"],
      ["2024-03-02", "month"],
      ["2024-02-01", "quarter"],
      ["2024-03-01T24:00", "hour"],
      ["2024-03-01T10:30", "hour"],
      ["2024-03-01", "hour"],
    ];
    for (const [label, grain] of invalid)
      expect(periodOrdinal(label, grain), `${label} as ${grain}`).toBeNull();
    expect(periodOrdinal("2024-03-01 10:00", "hour")).toBe(periodOrdinal("2024-03-01T10:00", "hour"));
  });

  it("infers the seasonal periods from the grain", () => {
    expect(seasonalPeriods("day", 100)).toEqual([7]);
    expect(seasonalPeriods("hour", 100)).toEqual([24, 168]);
    expect(seasonalPeriods("month", 10)).toEqual([12]);
    expect(seasonalPeriods("quarter", 10)).toEqual([4]);
    expect(seasonalPeriods("week", 103)).toEqual([]);
    expect(seasonalPeriods("week", 104)).toEqual([52]);
  });
});

describe("preparing a series", () => {
  const days = ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04"];

  it("passes a regular series through unchanged", () => {
    const prepared = prepareSeries({ periods: days, values: [1, 2, 3, 4], grain: "day" });
    expect(prepared).toEqual({ grain: "day", periods: days, values: [1, 2, 3, 4], filledPeriods: [] });
  });

  it("refuses a gap, naming the missing periods and how to fill them", () => {
    const error = caught(() =>
      prepareSeries({ periods: ["2024-03-01", "2024-03-04", "2024-03-05"], values: [1, 2, 3], grain: "day" }),
    );
    expect(error.code).toBe("BAD_ROWS");
    expect(error.message).toBe(
      "Periods 2024-03-02 to 2024-03-03 are missing (2 days between 2024-03-01 and 2024-03-04)",
    );
    expect(error.details.period).toBe("2024-03-02");
    expect(JSON.stringify(error.details.problems)).toContain('fill: \\"zero\\"');
  });

  it("fills gaps with zero when asked and lists the filled periods", () => {
    const prepared = prepareSeries(
      { periods: ["2024-01-01", "2024-04-01", "2024-05-01"], values: [5, 6, 7], grain: "month" },
      "zero",
    );
    expect(prepared.periods).toEqual(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"]);
    expect(prepared.values).toEqual([5, 0, 0, 6, 7]);
    expect(prepared.filledPeriods).toEqual(["2024-02-01", "2024-03-01"]);
  });

  it("refuses a duplicated period with DUPLICATE_KEY", () => {
    const error = caught(() =>
      prepareSeries({ periods: ["2024-03-01", "2024-03-02", "2024-03-02"], values: [1, 2, 3], grain: "day" }),
    );
    expect(error.code).toBe("DUPLICATE_KEY");
    expect(error.message).toBe("Period 2024-03-02 appears twice (periods[1] and periods[2])");
  });

  it("refuses non-finite values, naming the period, and lists every problem", () => {
    const error = caught(() =>
      prepareSeries({ periods: days, values: [1, Number.NaN, Number.POSITIVE_INFINITY, 4], grain: "day" }),
    );
    expect(error.code).toBe("BAD_ROWS");
    expect(error.message).toBe("The value for 2024-03-02 (values[1]) is NaN (and 1 more problem)");
    expect(error.details.problemCount).toBe(2);
    expect(JSON.stringify(error.details.problems)).toContain("2024-03-03 (values[2]) is Infinity");
  });

  it("refuses periods out of order and labels of another grain", () => {
    expect(
      caught(() => prepareSeries({ periods: [days[1], days[0]] as string[], values: [1, 2], grain: "day" }))
        .message,
    ).toBe("Period 2024-03-01 (periods[1]) comes after 2024-03-02; periods must be in increasing order");
    expect(caught(() => prepareSeries({ periods: ["2024-03"], values: [1], grain: "month" })).message).toBe(
      'Period "2024-03" (periods[0]) is not a month label',
    );
  });

  it("refuses weeks that do not start on the same weekday", () => {
    const error = caught(() =>
      prepareSeries({ periods: ["2024-03-04", "2024-03-12"], values: [1, 2], grain: "week" }),
    );
    expect(error.message).toBe(
      "Week 2024-03-12 (periods[1]) starts on a Tuesday but the series' weeks start on Mondays",
    );
  });

  it("refuses mismatched lengths, empty series and unknown grains", () => {
    expect(caught(() => prepareSeries({ periods: days, values: [1], grain: "day" })).code).toBe("BAD_ROWS");
    expect(caught(() => prepareSeries({ periods: [], values: [], grain: "day" })).code).toBe("FILE_EMPTY");
    expect(
      caught(() => prepareSeries({ periods: days, values: [1, 2, 3, 4], grain: "year" as Grain })).code,
    ).toBe("USAGE");
  });
});
