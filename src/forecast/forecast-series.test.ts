import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../core/index.js";
import { futurePeriods, type Grain, type Series } from "./calendar.js";
import { forecastResultSchema } from "./forecast.schema.js";
import { type ForecastResult, forecastSeries } from "./forecast-series.js";
import { createRandom } from "./random.js";
import { fitForecastModel } from "./select-model.js";

const STARTS: Record<Grain, string> = {
  hour: "2024-03-01T00:00",
  day: "2024-03-01",
  week: "2024-03-04",
  month: "2024-03-01",
  quarter: "2024-01-01",
};

function seriesOf(values: number[], grain: Grain = "day"): Series {
  const start = STARTS[grain];
  return { periods: [start, ...futurePeriods(start, grain, values.length - 1)], values, grain };
}

function caught(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

/** Two years of daily sales with a weekly pattern, a slow trend and noise. */
function twoYearsDaily(seed: number): number[] {
  const random = createRandom(seed);
  const week = [0.8, 0.9, 1, 1, 1.1, 1.5, 1.3];
  return Array.from({ length: 730 }, (_, t) =>
    Math.max(1, Math.round((100 + 0.05 * t) * (week[t % 7] as number) * (1 + 0.08 * random.normal()))),
  );
}

function expectNested(result: ForecastResult): void {
  for (const p of result.points) {
    expect(p.lo95).toBeLessThanOrEqual(p.lo80);
    expect(p.lo80).toBeLessThanOrEqual(p.mean);
    expect(p.mean).toBeLessThanOrEqual(p.hi80);
    expect(p.hi80).toBeLessThanOrEqual(p.hi95);
  }
}

describe("forecastSeries", () => {
  it("forecasts a constant series as that constant with zero-width intervals", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom<Grain>("day", "week", "month", "quarter", "hour"),
        (value, length, grain) => {
          const result = forecastSeries(seriesOf(new Array(length).fill(value), grain), { horizon: 5 });
          for (const p of result.points) {
            for (const v of [p.mean, p.lo80, p.hi80, p.lo95, p.hi95]) expect(Math.abs(v - value)).toBe(0);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("nests the intervals: lo95 ≤ lo80 ≤ mean ≤ hi80 ≤ hi95", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 500, noNaN: true }), { minLength: 2, maxLength: 50 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        (values, positive, seed) => {
          const y = positive ? values.map((v) => Math.abs(v) + 1) : values;
          expectNested(forecastSeries(seriesOf(y), { horizon: 10, seed, paths: 500 }));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("gives the same result for the same seed, simulated intervals included", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: 8, maxLength: 30 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (values, seed) => {
          // A forced model may not fit every series; then both runs must refuse it the same way.
          const run = () => {
            try {
              return {
                forecast: forecastSeries(seriesOf(values), {
                  horizon: 4,
                  model: "ETS(M,A,N)",
                  seed,
                  paths: 300,
                }),
              };
            } catch (error) {
              return { refused: error instanceof Error ? error.message : String(error) };
            }
          };
          const first = run();
          if (first.forecast) expect(first.forecast.intervals).toBe("simulated");
          else expect(first.refused).toMatch(/cannot be fitted to this series/);
          expect(run()).toEqual(first);
        },
      ),
      { numRuns: 15 },
    );
    const values = twoYearsDaily(3).slice(0, 60);
    const a = forecastSeries(seriesOf(values), { horizon: 3, model: "ETS(M,N,M)", seed: 1 });
    const b = forecastSeries(seriesOf(values), { horizon: 3, model: "ETS(M,N,M)", seed: 2 });
    expect(a.points.map((p) => p.mean)).toEqual(b.points.map((p) => p.mean));
    expect(a.points[2]?.hi95).not.toBe(b.points[2]?.hi95);
  });

  it("returns plain JSON: labels continuing the series, fitted values aligned, no NaN or infinity", () => {
    const values = twoYearsDaily(5).slice(0, 56);
    const result = forecastSeries(seriesOf(values), { horizon: 3, model: "seasonal-naive" });
    expect(result.points.map((p) => p.period)).toEqual(["2024-04-26", "2024-04-27", "2024-04-28"]);
    expect(result.fitted).toHaveLength(56);
    expect(result.fitted.slice(0, 7)).toEqual(new Array(7).fill(null));
    expect(result.fitted[7]).toBe(values[0]);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    const auto = forecastSeries(seriesOf(values), { horizon: 3 });
    expect(JSON.parse(JSON.stringify(auto))).toEqual(auto);
    expect(forecastResultSchema.parse(auto)).toEqual(auto);
    expect(forecastResultSchema.parse(result)).toEqual(result);
    expect(auto.candidates.length).toBeGreaterThan(5);
  });

  it("fills gaps with zero when asked and says which", () => {
    const series = seriesOf([5, 6, 7, 8, 9, 10, 11, 12]);
    series.periods.splice(3, 2);
    series.values.splice(3, 2);
    expect(caught(() => forecastSeries(series, { horizon: 2 })).details.period).toBe("2024-03-04");
    const result = forecastSeries(series, { horizon: 2, fill: "zero" });
    expect(result.filledPeriods).toEqual(["2024-03-04", "2024-03-05"]);
    expect(result.fitted).toHaveLength(8);
  });

  it("uses no season for weekly series shorter than two years and 52 weeks from then on", () => {
    const random = createRandom(12);
    const values = Array.from(
      { length: 110 },
      (_, t) => 50 + 10 * Math.sin((2 * Math.PI * t) / 52) + random.normal(),
    );
    const seasonal = (result: ForecastResult) => result.candidates.filter((c) => /,[AM]\)$/.test(c.model));
    expect(seasonal(forecastSeries(seriesOf(values.slice(0, 103), "week"), { horizon: 4 }))).toEqual([]);
    const long = forecastSeries(seriesOf(values, "week"), { horizon: 4 });
    expect(seasonal(long).map((c) => c.model)).toContain("ETS(A,N,A)");
    expect(
      forecastSeries(seriesOf(values, "week"), { horizon: 1, model: "ETS(A,N,A)" }).seasonalPeriods,
    ).toEqual([52]);
    expect(
      forecastSeries(seriesOf(values.slice(0, 103), "week"), { horizon: 1, model: "seasonal-naive" })
        .parameters.period,
    ).toBe(1);
  });

  it("refuses bad horizons, unknown models and models the series cannot carry", () => {
    const series = seriesOf([3, 4, 5, 0, 6, 7, 8, 4, 5]);
    for (const horizon of [0, 1.5, -2, Number.NaN]) {
      expect(caught(() => forecastSeries(series, { horizon })).code).toBe("USAGE");
    }
    expect(caught(() => forecastSeries(series, { horizon: 1, model: "seasonal-naiv" })).message).toContain(
      "did you mean seasonal-naive?",
    );
    expect(caught(() => forecastSeries(series, { horizon: 1, model: "ETS(A,N,A)" })).message).toBe(
      "ETS(A,N,A) needs at least two full seasons (14 days); the series has 9",
    );
    expect(caught(() => forecastSeries(series, { horizon: 1, model: "ETS(M,N,N)" })).message).toContain(
      "needs positive values",
    );
    expect(caught(() => forecastSeries(series, { horizon: 1, model: "dshw" })).message).toContain("hourly");
    const fromJson = JSON.parse('{"horizon": 3, "model": 7, "fill": "zeros", "seed": "x"}');
    expect(caught(() => forecastSeries(series, fromJson)).message).toContain("The model must be a name");
    expect(caught(() => forecastSeries(series, { ...fromJson, model: "auto" })).message).toBe(
      'fill must be "error" or "zero", got "zeros"',
    );
    expect(caught(() => forecastSeries(series, { horizon: 3, seed: Number.NaN })).code).toBe("USAGE");
  });

  it("fits and chooses among the ETS models on two years of daily data well within a second", () => {
    const values = twoYearsDaily(7);
    // CPU time of this process, which other test files running beside it on the same cores do not
    // inflate the way they inflate wall-clock time; both are printed.
    const cpu: number[] = [];
    const wall: number[] = [];
    let name = "";
    for (let run = 0; run < 3; run++) {
      const startedCpu = process.cpuUsage();
      const started = performance.now();
      const { model, candidates } = fitForecastModel(values, "day");
      wall.push(performance.now() - started);
      const used = process.cpuUsage(startedCpu);
      cpu.push((used.user + used.system) / 1000);
      expect(candidates).toHaveLength(15);
      name = model.name;
    }
    const median = [...cpu].sort((a, b) => a - b)[1] as number;
    const format = (ms: number[]) => ms.map((t) => `${t.toFixed(0)} ms`).join(", ");
    console.info(`auto ETS on 730 daily values: ${name}; CPU ${format(cpu)}; wall clock ${format(wall)}`);
    expect(name).toMatch(/^ETS\(M,/);
    expect(median).toBeLessThan(1000);
  });
});
