import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { backtestSeries, createRandom, fitForecastModel, prepareSeries } from "../src/forecast/index.js";
import { median, seconds } from "./util.js";

const RUNS = 5;
const BREAD = join(import.meta.dirname, "../../shared/data/sales/bread-basket.csv");

/** Two years of daily sales with a weekly pattern, a slow trend and noise (positive: all 15 ETS models apply). */
function dailySales(): number[] {
  const random = createRandom(7);
  const week = [0.8, 0.9, 1, 1, 1.1, 1.5, 1.3];
  return Array.from({ length: 730 }, (_, t) =>
    Math.max(1, Math.round((100 + 0.05 * t) * (week[t % 7] as number) * (1 + 0.08 * random.normal()))),
  );
}

/** Two years of hourly sales: open 7:00–19:00, busier at lunch and on Saturdays, a yearly swing. */
function hourlySales(): number[] {
  const random = createRandom(3);
  const hour = [0, 0, 0, 0, 0, 0, 0, 2, 8, 12, 10, 8, 14, 16, 10, 8, 9, 11, 6, 2, 0, 0, 0, 0];
  const day = [1, 1, 1.05, 1.1, 1.3, 1.6, 0.6];
  return Array.from({ length: 2 * 8736 }, (_, t) => {
    const mean =
      (hour[t % 24] as number) *
      (day[Math.floor(t / 24) % 7] as number) *
      (1 + 0.1 * Math.sin((2 * Math.PI * t) / 8760));
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.normal()));
  });
}

function time(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** statsmodels' ETSModel fitting the same 15 models, if python3 has it (Debian: python3-statsmodels). */
function statsmodelsSeconds(values: number[]): number | null {
  const script = `
import json, sys, time, warnings
warnings.filterwarnings("ignore")
import numpy as np
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
y = np.array(json.load(sys.stdin), float)
start = time.perf_counter()
for error in ("add", "mul"):
    for trend, damped in ((None, False), ("add", False), ("add", True)):
        for seasonal in (None, "add", "mul"):
            if error == "add" and seasonal == "mul":
                continue
            ETSModel(y, error=error, trend=trend, damped_trend=damped, seasonal=seasonal,
                     seasonal_periods=7 if seasonal else None).fit(disp=False)
print(time.perf_counter() - start)
`;
  for (const python of ["python3", "/usr/bin/python3"]) {
    const result = spawnSync(python, ["-c", script], { input: JSON.stringify(values), encoding: "utf8" });
    const value = Number(result.stdout?.trim());
    if (result.status === 0 && Number.isFinite(value)) return value;
  }
  return null;
}

function breadBasketBacktest(): Record<string, unknown> | null {
  if (!existsSync(BREAD)) return null;
  const counts = new Map<string, number>();
  for (const line of readFileSync(BREAD, "utf8").split(/\r?\n/).slice(1)) {
    const match = /,(\d{2})-(\d{2})-(\d{4}) \d{2}:\d{2},/.exec(line);
    if (!match) continue;
    const day = `${match[3]}-${match[2]}-${match[1]}`;
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const days = [...counts.keys()].sort();
  const series = prepareSeries(
    { periods: days, values: days.map((d) => counts.get(d) as number), grain: "day" },
    "zero",
  );
  const result = backtestSeries(series, { horizon: 14, origins: 28 });
  return {
    modelsChosen: result.modelsChosen,
    mase: result.mase,
    seasonalNaiveMase: result.seasonalNaiveMase,
    relativeMase: result.relativeMase,
    smape: result.smape,
    seasonalNaiveSmape: result.seasonalNaiveSmape,
    seconds: result.seconds,
  };
}

export async function benchForecast(): Promise<Record<string, unknown>> {
  const daily = dailySales();
  const dailyMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    dailyMs.push(time(() => fitForecastModel(daily, "day")));
    process.stdout.write(`run ${run + 1}: auto ETS, 730 days, ${seconds(dailyMs[run] as number)} s\n`);
  }
  const hourly = hourlySales();
  const hourlyMs = median(Array.from({ length: 3 }, () => time(() => fitForecastModel(hourly, "hour"))));
  const ours = median(dailyMs);
  const statsmodels = statsmodelsSeconds(daily);
  const bread = breadBasketBacktest();
  process.stdout.write(
    `auto ETS (15 models) on 730 days: median ${seconds(ours)} s` +
      (statsmodels === null
        ? "; install python3-statsmodels to time statsmodels beside it\n"
        : `; statsmodels ETSModel on the same 15 models ${statsmodels.toFixed(3)} s, ${(statsmodels / (ours / 1000)).toFixed(1)}× slower\n`) +
      `double-seasonal Holt-Winters on two years of hours (${hourly.length} values): ${seconds(hourlyMs)} s\n` +
      (bread
        ? `Bread Basket backtest, h = 14, 28 origins: MASE ${Number(bread.mase).toFixed(3)} vs seasonal naive ${Number(bread.seasonalNaiveMase).toFixed(3)}\n`
        : "Bread Basket data missing (../shared/data); backtest skipped\n"),
  );
  return {
    runs: RUNS,
    autoEtsDailySeconds: dailyMs.map(seconds),
    autoEtsDailyMedianSeconds: seconds(ours),
    target: 1,
    pass: ours < 1000,
    statsmodelsSameModelsSeconds: statsmodels,
    speedupOverStatsmodels: statsmodels === null ? null : Math.round((statsmodels / (ours / 1000)) * 10) / 10,
    dshwHourlyTwoYearsSeconds: seconds(hourlyMs),
    breadBasketBacktest: bread,
    machine: `${process.platform}-${process.arch}, ${cpus().length} cores`,
  };
}
