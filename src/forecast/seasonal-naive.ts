/**
 * Seasonal naive: every period is forecast by the same period one season earlier (the naive method
 * when the period is 1). It is the benchmark a forecasting model has to beat.
 *
 * With residuals r_t = y_t − y_{t−m} and σ² their mean square, the h-step forecast variance is
 * σ²(k + 1) with k = ⌊(h − 1)/m⌋, the number of whole seasons between the forecast and its source
 * (Hyndman & Athanasopoulos, Forecasting: Principles and Practice, §5.5).
 */
import type { FittedModel } from "./model.js";
import type { RandomSource } from "./random.js";

export class SeasonalNaiveModel implements FittedModel {
  readonly name = "seasonal naive";
  readonly seasonalPeriods: number[];
  readonly parameters: Record<string, number>;
  readonly logLik = null;
  readonly aicc = null;
  readonly parameterCount = 0;
  readonly fitted: Float64Array;
  readonly sigma2: number;
  readonly period: number;
  private readonly last: number[];

  /** Seasonal naive with period `period`, or naive when the history is shorter than one season. */
  constructor(y: readonly number[], period: number) {
    if (y.length === 0) throw new RangeError("seasonal naive needs at least one value");
    const m = period >= 1 && y.length > period ? Math.floor(period) : 1;
    this.period = m;
    this.seasonalPeriods = m > 1 ? [m] : [];
    this.fitted = new Float64Array(y.length).fill(Number.NaN);
    let sum = 0;
    for (let t = m; t < y.length; t++) {
      const previous = y[t - m] as number;
      this.fitted[t] = previous;
      const r = (y[t] as number) - previous;
      sum += r * r;
    }
    this.sigma2 = y.length > m ? sum / (y.length - m) : 0;
    this.parameters = { period: m, sigma2: this.sigma2 };
    this.last = y.slice(Math.max(0, y.length - m));
  }

  forecastMean(h: number): number[] {
    const m = this.last.length;
    return Array.from({ length: h }, (_, i) => this.last[i % m] as number);
  }

  forecastVariance(h: number): number[] {
    const m = this.last.length;
    return Array.from({ length: h }, (_, i) => this.sigma2 * (Math.floor(i / m) + 1));
  }

  simulatePath(random: RandomSource, out: Float64Array): void {
    const m = this.last.length;
    const sigma = Math.sqrt(this.sigma2);
    for (let i = 0; i < out.length; i++) {
      const source = i < m ? (this.last[i] as number) : (out[i - m] as number);
      out[i] = source + sigma * random.normal();
    }
  }
}

/** In-sample mean absolute error of seasonal naive: the scale of MASE (Hyndman & Koehler 2006). */
export function seasonalNaiveMae(y: readonly number[], period: number): number {
  const m = period >= 1 && y.length > period ? Math.floor(period) : 1;
  let sum = 0;
  for (let t = m; t < y.length; t++) sum += Math.abs((y[t] as number) - (y[t - m] as number));
  return y.length > m ? sum / (y.length - m) : Number.NaN;
}
