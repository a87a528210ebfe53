import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { backtestSeries } from "./backtest.js";
import { prepareSeries, type Series } from "./calendar.js";
import { EtsModel, fitEts, parseEtsName } from "./ets.js";
import { forecastSeries } from "./forecast-series.js";

/**
 * The "Bread Basket" transactions of a bakery in Edinburgh (shared test data, see
 * ../shared/data/README.md): one row per item sold, `date_time` as dd-MM-yyyy HH:mm. We count
 * items per calendar day. Three days have no sales at all — 2016-12-25, 2016-12-26 and
 * 2017-01-02, when the bakery was closed — and 2017-01-01 has a single item; the missing days are
 * filled with 0 (`fill: "zero"`): they are real days without sales, not missing data.
 */
const CSV = join(import.meta.dirname, "../../../shared/data/sales/bread-basket.csv");

function readDailyItems(): { series: Series; filled: string[] } {
  if (!existsSync(CSV)) {
    throw new Error(
      `The shared test data is missing: ${CSV} should hold the Bread Basket sales (see ../shared/data/README.md beside the repository)`,
    );
  }
  const counts = new Map<string, number>();
  const lines = readFileSync(CSV, "utf8").split(/\r?\n/);
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const match = /,(\d{2})-(\d{2})-(\d{4}) \d{2}:\d{2},/.exec(line);
    if (!match) throw new Error(`${CSV}: cannot read the date_time of "${line}"`);
    const day = `${match[3]}-${match[2]}-${match[1]}`;
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const days = [...counts.keys()].sort();
  const series: Series = { periods: days, values: days.map((d) => counts.get(d) as number), grain: "day" };
  return { series, filled: prepareSeries(series, "zero").filledPeriods };
}

/**
 * statsmodels 0.13.5 on the same 162 daily counts (zeros filled), ETSModel with period 7: estimates,
 * log-likelihood, AICc, forecasts and 95% intervals. Order of `seasonal` as in reference.test.ts.
 */
const STATSMODELS = {
  ANA: {
    alpha: 0.23344134012862175,
    beta: 0.0,
    gamma: 7.665586598713784e-5,
    phi: 1.0,
    level: 187.58067814746832,
    trend: 0.0,
    seasonal: [
      73.35500225536349, 8.526190829243244, -12.765868956924441, -27.315657985023925, -24.677983462215398,
      -28.088210534423215, 0.0,
    ],
    logLik: -774.2737996389843,
    aicc: 1572.3075992779686,
    k: 11,
    forecast: [
      86.44498119668381, 89.85521777623151, 87.21754825319319, 101.76739404941421, 123.05934263870726,
      187.888202366779, 114.53319638351358, 86.44498119668381, 89.85521777623151, 87.21754825319319,
      101.76739404941421, 123.05934263870726,
    ],
    pi95: [
      [29.98932614507529, 142.90063624829233],
      [31.881695920092326, 147.82873963237068],
      [27.76489914903396, 146.6701973573524],
      [40.87153430016424, 162.6632537986642],
      [60.753692945454254, 185.36499233196028],
      [124.20396387092828, 251.57244086262975],
      [49.499585981703405, 179.56680678532376],
      [20.088573677645044, 152.80138871572257],
      [22.202715472689334, 157.5077200797737],
      [18.293319443370308, 156.14177706301606],
      [31.594482138001723, 171.9403059608267],
      [51.659582028290004, 194.45910324912452],
    ],
  },
  AAdA: {
    alpha: 0.1558478521263125,
    beta: 1.558478521263125e-5,
    gamma: 8.441521478736876e-5,
    phi: 0.9522966458136329,
    level: 208.20322543257598,
    trend: -5.383254048637398,
    seasonal: [
      73.99463061330647, 9.322020580122762, -11.98344260033029, -26.52480855486001, -24.044885333748148,
      -27.767373925975622, 0.0,
    ],
    logLik: -771.6127505352721,
    aicc: 1574.082643927687,
    k: 14,
    forecast: [
      91.99189425066821, 95.71129066556837, 93.22869700968054, 107.76784911432375, 129.07090727397636,
      193.74165579532922, 119.74474676350245, 91.97546209272295, 95.69564237667362, 93.21379519665335,
      107.75365816776142, 129.05739328316412,
    ],
    pi95: [
      [36.45601779116002, 147.5277707101764],
      [39.50489055774851, 151.91769077338824],
      [36.35955914968097, 150.09783486968013],
      [50.2434959183709, 165.2922023102766],
      [70.8986122722282, 187.2432022757245],
      [134.92845711180485, 252.5548544788536],
      [60.29745958944383, 179.19203393756106],
      [31.90001425422846, 152.05090993121743],
      [34.9991199685465, 156.39216478480074],
      [31.902410540359256, 154.52517985294745],
      [45.83344223615153, 169.6738740993713],
      [66.53420436980862, 191.58058219651963],
    ],
  },
};

describe("Bread Basket daily item counts", () => {
  let series: Series;
  let filled: string[];
  let values: number[];
  beforeAll(() => {
    ({ series, filled } = readDailyItems());
    values = forecastSeries(series, { horizon: 1, model: "seasonal-naive", fill: "zero" }).fitted.map(
      () => 0,
    );
    const byDay = new Map(series.periods.map((p, i) => [p, series.values[i] as number]));
    const first = new Date(`${series.periods[0]}T00:00:00Z`).getTime();
    values = values.map(
      (_, i) => byDay.get(new Date(first + i * 86_400_000).toISOString().slice(0, 10)) ?? 0,
    );
  });

  it("covers 2016-10-30 to 2017-04-09 with three closed days filled with zero", () => {
    expect(series.periods[0]).toBe("2016-10-30");
    expect(series.periods.at(-1)).toBe("2017-04-09");
    expect(series.values.reduce((a, b) => a + b, 0)).toBe(20_507);
    expect(filled).toEqual(["2016-12-25", "2016-12-26", "2017-01-02"]);
    expect(values).toHaveLength(162);
    expect(() => forecastSeries(series, { horizon: 14 })).toThrow(
      "Periods 2016-12-25 to 2016-12-26 are missing",
    );
  });

  it("gives statsmodels' log-likelihood, forecasts and interval shape at its estimates", () => {
    for (const [code, name] of [
      ["ANA", "ETS(A,N,A)"],
      ["AAdA", "ETS(A,Ad,A)"],
    ] as const) {
      const ref = STATSMODELS[code];
      const parsed = parseEtsName(name);
      if (!parsed) throw new Error(name);
      const model = new EtsModel(values, {
        spec: { ...parsed, period: 7 },
        parameters: { alpha: ref.alpha, beta: ref.beta, gamma: ref.gamma, phi: ref.phi },
        initial: { level: ref.level, trend: ref.trend, seasonal: [...ref.seasonal].reverse() },
      });
      expect(Math.abs(model.logLik / ref.logLik - 1)).toBeLessThan(1e-12);
      model.forecastMean(12).forEach((f, i) => {
        expect(f).toBeCloseTo(ref.forecast[i] as number, 9);
      });
      const variance = model.forecastVariance(12) as number[];
      const halfWidth = ref.pi95.map(([low, high]) => ((high as number) - (low as number)) / 2);
      for (let h = 1; h < 12; h++) {
        const theirs = (halfWidth[h] as number) / (halfWidth[0] as number);
        expect(Math.sqrt((variance[h] as number) / (variance[0] as number))).toBeCloseTo(theirs, 9);
      }
    }
  });

  it("estimates ETS(A,N,A) and ETS(A,Ad,A) as statsmodels does", () => {
    for (const [code, name] of [
      ["ANA", "ETS(A,N,A)"],
      ["AAdA", "ETS(A,Ad,A)"],
    ] as const) {
      const ref = STATSMODELS[code];
      const parsed = parseEtsName(name);
      if (!parsed) throw new Error(name);
      const model = fitEts(values, { ...parsed, period: 7 });
      // Within 0.05 of its maximum (0.1 in AICc): see reference.test.ts for the tolerance.
      expect(model.logLik).toBeGreaterThan(ref.logLik - 0.05);
      expect(model.smoothing.alpha).toBeCloseTo(ref.alpha, 2);
      // Point forecasts within 0.5%, 95% intervals within 3% of statsmodels' (which use σ² = SSE/n;
      // ours SSE/(n − k), rescaled here).
      const n = values.length;
      const scale = Math.sqrt((n - model.parameterCount) / n);
      const ours = forecastSeries(series, { horizon: 12, model: name, fill: "zero" });
      ours.points.forEach((p, i) => {
        const [low, high] = ref.pi95[i] as [number, number];
        expect(Math.abs(p.mean / (ref.forecast[i] as number) - 1)).toBeLessThan(0.005);
        expect(Math.abs(((p.hi95 - p.lo95) * scale) / (high - low) - 1)).toBeLessThan(0.03);
      });
    }
  });

  it("beats seasonal naive by at least 15% in MASE over four weeks of daily origins, 14 days ahead", () => {
    // Origins: each of the last 28 days that leave 14 days to forecast (2017-02-27 to 2017-03-26),
    // four of every weekday, the model chosen again by AICc at each origin.
    const result = backtestSeries(series, { horizon: 14, origins: 28, fill: "zero" });
    expect(result.firstOrigin).toBe("2017-02-27");
    expect(result.lastOrigin).toBe("2017-03-26");
    expect(result.mase).not.toBeNull();
    expect(result.seasonalNaiveMase).not.toBeNull();
    expect(result.mase as number).toBeLessThanOrEqual(0.85 * (result.seasonalNaiveMase as number));
    expect(result.smape as number).toBeLessThan(result.seasonalNaiveSmape as number);
    console.info(
      `Bread Basket backtest (h = 14, 28 origins): ${JSON.stringify(result.modelsChosen)} MASE ${result.mase?.toFixed(3)} ` +
        `vs seasonal naive ${result.seasonalNaiveMase?.toFixed(3)} (ratio ${result.relativeMase?.toFixed(3)}), ` +
        `sMAPE ${result.smape?.toFixed(2)}% vs ${result.seasonalNaiveSmape?.toFixed(2)}%, ${result.seconds.toFixed(2)} s of fitting`,
    );
  });
});
