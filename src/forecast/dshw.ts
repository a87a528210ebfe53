/**
 * Double-seasonal Holt–Winters (Taylor 2003, "Short-term electricity demand forecasting using
 * double seasonal exponential smoothing", JORS 54) for hourly series: a level, an hour-of-day
 * cycle (m1 = 24) and an hour-of-week cycle (m2 = 168), all additive, optionally with Taylor's
 * first-order autoregressive adjustment of the errors.
 *
 * Why this and not ETS with one long period: ETS with m = 168 updates each hour-of-week state once a
 * week, so it learns a change in the daily profile seven times slower, and it has 167 seasonal
 * initial states with no structure; ETS with m = 24 alone cannot tell a Saturday from a Tuesday.
 * Taylor's model updates the intraday profile every day and keeps a weekly correction on top of
 * it, which is how hourly demand behaves (Taylor found it beat single-seasonal Holt–Winters on
 * half-hourly load). It is additive because hourly shop series have closed hours with zero sales,
 * where multiplicative seasonality is undefined.
 *
 * In error-correction form, with u_t = y_t − (ℓ_{t−1} + d_{t−m1} + w_{t−m2}) the error before the
 * adjustment, Taylor's smoothing equations are
 *   ℓ_t = ℓ_{t−1} + αu_t,  d_t = d_{t−m1} + δ(1 − α)u_t,  w_t = w_{t−m2} + ω(1 − α)u_t,
 * and with the adjustment the one-step mean is μ_t = ℓ_{t−1} + d_{t−m1} + w_{t−m2} + φu_{t−1}, so
 * that the innovation is ε_t = u_t − φu_{t−1}. α, δ, ω lie in (0, 1) as in Taylor's paper and
 * φ in (−0.99, 0.99). The parameters are estimated by maximum likelihood (least squares of ε).
 * Point forecasts are the conditional means of this innovations model: the expected future errors
 * φ^k u_n also feed the level and the cycles, so they differ slightly from Taylor's shortcut
 * (unadjusted forecast + φ^k u_n). The model is linear, so forecast variances are analytical.
 *
 * The 1 + 23 + 144 initial states (level; hour-of-day indices summing to zero; hour-of-week
 * corrections summing to zero within each hour of the day) are estimated by a decomposition, not
 * by the likelihood, as in Taylor's paper — a simplex cannot search 168 dimensions — but they are
 * counted as estimated parameters in the AICc.
 */
import { aiccOf, type FittedModel, LOG_2PI } from "./model.js";
import { minimiseNelderMead } from "./optimise.js";
import type { RandomSource } from "./random.js";

export interface DshwParameters {
  alpha: number;
  delta: number;
  omega: number;
  /** Autoregressive adjustment; 0 without it. */
  phi: number;
}

export interface DshwState {
  level: number;
  /** Hour-of-day states, oldest first (`daily[j]` is used j + 1 periods ahead). */
  daily: number[];
  /** Hour-of-week states, oldest first. */
  weekly: number[];
  /** Last error before the adjustment. */
  error: number;
}

const LOWER = 1e-4;
const UPPER = 0.9999;
const PHI_LIMIT = 0.99;

export function dshwName(periods: readonly [number, number], ar: boolean): string {
  return `double-seasonal Holt-Winters (${periods[0]}, ${periods[1]})${ar ? " with AR(1) errors" : ""}`;
}

/**
 * Heuristic initial states: the level is the first week's mean; the cycles are the deviations from
 * each week's own mean, averaged over all full weeks (the estimate a likelihood search would also
 * base on the whole history, while the smoothing parameters stay free to follow changes).
 */
export function dshwInitialState(y: readonly number[], m1: number, m2: number): DshwState {
  const weeks = Math.floor(y.length / m2);
  if (weeks < 1) throw new RangeError(`double-seasonal Holt-Winters needs at least ${m2} values`);
  const deviation = new Array<number>(m2).fill(0);
  let level = 0;
  for (let w = 0; w < weeks; w++) {
    let sum = 0;
    for (let p = 0; p < m2; p++) sum += y[w * m2 + p] as number;
    const weekMean = sum / m2;
    if (w === 0) level = weekMean;
    for (let p = 0; p < m2; p++)
      deviation[p] = (deviation[p] as number) + ((y[w * m2 + p] as number) - weekMean) / weeks;
  }
  const days = m2 / m1;
  const daily = Array.from({ length: m1 }, (_, h) => {
    let sum = 0;
    for (let k = 0; k < days; k++) sum += deviation[h + k * m1] as number;
    return sum / days;
  });
  const weekly = deviation.map((d, p) => d - (daily[p % m1] as number));
  return { level, daily, weekly, error: 0 };
}

interface Running {
  level: number;
  daily: Float64Array;
  weekly: Float64Array;
  error: number;
  posD: number;
  posW: number;
}

function meanOf(st: Running, phi: number): number {
  return st.level + (st.daily[st.posD] as number) + (st.weekly[st.posW] as number) + phi * st.error;
}

/** Advances by one period with innovation `innovation` (= y − μ). */
function update(st: Running, p: DshwParameters, innovation: number): void {
  const u = p.phi * st.error + innovation;
  const gain = 1 - p.alpha;
  st.level += p.alpha * u;
  st.daily[st.posD] = (st.daily[st.posD] as number) + p.delta * gain * u;
  st.weekly[st.posW] = (st.weekly[st.posW] as number) + p.omega * gain * u;
  st.error = u;
  st.posD = (st.posD + 1) % st.daily.length;
  st.posW = (st.posW + 1) % st.weekly.length;
}

function filterDshw(
  y: Float64Array,
  p: DshwParameters,
  init: DshwState,
  daily: Float64Array,
  weekly: Float64Array,
  fitted: Float64Array | null,
): { sse: number; final: Running } | null {
  daily.set(init.daily);
  weekly.set(init.weekly);
  const m1 = daily.length;
  const m2 = weekly.length;
  const a = p.alpha;
  const gd = p.delta * (1 - a);
  const gw = p.omega * (1 - a);
  const phi = p.phi;
  let level = init.level;
  let error = init.error;
  let posD = 0;
  let posW = 0;
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const d = daily[posD] as number;
    const w = weekly[posW] as number;
    const base = level + d + w;
    const mu = base + phi * error;
    const v = y[t] as number;
    const innovation = v - mu;
    sse += innovation * innovation;
    const u = v - base;
    level += a * u;
    daily[posD] = d + gd * u;
    weekly[posW] = w + gw * u;
    error = u;
    if (fitted !== null) fitted[t] = mu;
    if (++posD === m1) posD = 0;
    if (++posW === m2) posW = 0;
  }
  if (!Number.isFinite(sse) || !Number.isFinite(level)) return null;
  return { sse, final: { level, daily, weekly, error, posD, posW } };
}

export class DshwModel implements FittedModel {
  readonly name: string;
  readonly seasonalPeriods: number[];
  readonly parameters: Record<string, number>;
  readonly logLik: number;
  readonly aicc: number;
  readonly parameterCount: number;
  readonly fitted: Float64Array;
  readonly sigma2: number;
  readonly smoothing: DshwParameters;
  readonly initial: DshwState;
  private readonly final: Running;

  constructor(
    y: readonly number[],
    periods: readonly [number, number],
    smoothing: DshwParameters,
    initial: DshwState,
    ar: boolean,
    varianceFloor = 0,
  ) {
    const [m1, m2] = periods;
    const n = y.length;
    const fitted = new Float64Array(n);
    const run = filterDshw(
      Float64Array.from(y),
      smoothing,
      initial,
      new Float64Array(m1),
      new Float64Array(m2),
      fitted,
    );
    if (!run) throw new RangeError("double-seasonal Holt-Winters overflows on this series");
    this.name = dshwName(periods, ar);
    this.seasonalPeriods = [m1, m2];
    this.smoothing = { ...smoothing };
    this.initial = initial;
    this.parameterCount = 3 + (ar ? 1 : 0) + 1 + (m1 - 1) + (m2 - m2 / m1);
    const variance = Math.max(run.sse / n, varianceFloor);
    this.logLik = -0.5 * n * (LOG_2PI + Math.log(variance) + 1);
    this.aicc = aiccOf(this.logLik, this.parameterCount + 1, n);
    this.sigma2 = Math.max(run.sse / Math.max(1, n - this.parameterCount), varianceFloor);
    this.fitted = fitted;
    this.final = run.final;
    this.parameters = {
      alpha: smoothing.alpha,
      delta: smoothing.delta,
      omega: smoothing.omega,
      ...(ar ? { phi: smoothing.phi } : {}),
      sigma2: this.sigma2,
      level0: initial.level,
    };
  }

  private start(): Running {
    return {
      ...this.final,
      daily: Float64Array.from(this.final.daily),
      weekly: Float64Array.from(this.final.weekly),
    };
  }

  forecastMean(h: number): number[] {
    const st = this.start();
    const out: number[] = [];
    for (let i = 0; i < h; i++) {
      out.push(meanOf(st, this.smoothing.phi));
      update(st, this.smoothing, 0);
    }
    return out;
  }

  /** v_h = σ²(1 + Σ_{j<h} c_j²), c_j the response j periods after a unit innovation. */
  forecastVariance(h: number): number[] {
    const st: Running = {
      level: 0,
      daily: new Float64Array(this.final.daily.length),
      weekly: new Float64Array(this.final.weekly.length),
      error: 0,
      posD: 0,
      posW: 0,
    };
    update(st, this.smoothing, 1);
    const out: number[] = [];
    let sum = 1;
    for (let i = 0; i < h; i++) {
      out.push(this.sigma2 * sum);
      const c = meanOf(st, this.smoothing.phi);
      sum += c * c;
      update(st, this.smoothing, 0);
    }
    return out;
  }

  simulatePath(random: RandomSource, out: Float64Array): void {
    const st = this.start();
    const sigma = Math.sqrt(this.sigma2);
    for (let i = 0; i < out.length; i++) {
      const innovation = sigma * random.normal();
      out[i] = meanOf(st, this.smoothing.phi) + innovation;
      update(st, this.smoothing, innovation);
    }
  }
}

const logistic = (u: number): number => 1 / (1 + Math.exp(-u));
const logit = (p: number): number => Math.log(p / (1 - p));

/**
 * Fits double-seasonal Holt–Winters with periods m1 < m2 (m2 a multiple of m1) to `y`, which must
 * hold at least two full periods m2.
 */
export function fitDshw(y: readonly number[], periods: readonly [number, number], ar: boolean): DshwModel {
  const [m1, m2] = periods;
  if (!(m1 > 1 && m2 > m1 && m2 % m1 === 0))
    throw new RangeError(`periods ${m1}, ${m2}: m2 must be a multiple of m1`);
  if (y.length < 2 * m2) throw new RangeError(`double-seasonal Holt-Winters needs at least ${2 * m2} values`);
  const data = Float64Array.from(y);
  const initial = dshwInitialState(y, m1, m2);
  const daily = new Float64Array(m1);
  const weekly = new Float64Array(m2);
  let typical = 0;
  for (const v of data) typical += Math.abs(v);
  typical = typical / data.length || 1;
  const varianceFloor = (1e-10 * typical) ** 2;
  const n = data.length;
  const p: DshwParameters = { alpha: 0, delta: 0, omega: 0, phi: 0 };
  const decode = (x: ArrayLike<number>): void => {
    p.alpha = LOWER + (UPPER - LOWER) * logistic(x[0] as number);
    p.delta = LOWER + (UPPER - LOWER) * logistic(x[1] as number);
    p.omega = LOWER + (UPPER - LOWER) * logistic(x[2] as number);
    p.phi = ar ? PHI_LIMIT * (2 * logistic(x[3] as number) - 1) : 0;
  };
  const objective = (x: Float64Array): number => {
    decode(x);
    const run = filterDshw(data, p, initial, daily, weekly, null);
    return run ? n * Math.log(Math.max(run.sse / n, varianceFloor)) : Number.POSITIVE_INFINITY;
  };
  const toU = (v: number): number => logit((v - LOWER) / (UPPER - LOWER));
  let best: { x: number[]; value: number } | undefined;
  for (const [alpha, delta, omega] of [
    [0.05, 0.2, 0.2],
    [0.3, 0.05, 0.05],
  ] as const) {
    const x0 = [toU(alpha), toU(delta), toU(omega)];
    if (ar) x0.push(logit((0.5 / PHI_LIMIT + 1) / 2));
    const found = minimiseNelderMead(objective, x0, {
      step: x0.map(() => 1),
      maxEvaluations: 400 + 100 * x0.length,
      relativeTolerance: 1e-9,
      maxRestarts: 2,
    });
    if (!best || found.value < best.value) best = found;
  }
  if (!best || !Number.isFinite(best.value))
    throw new RangeError("double-seasonal Holt-Winters could not be fitted");
  decode(best.x);
  return new DshwModel(y, periods, { ...p }, initial, ar, varianceFloor);
}
