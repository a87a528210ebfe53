/**
 * Exponential smoothing in the innovations state-space framework of Hyndman, Koehler, Ord & Snyder
 * (Forecasting with Exponential Smoothing, 2008): ETS(error, trend, season) with additive or
 * multiplicative errors, no / additive / damped trend and no / additive / multiplicative season.
 *
 * With e_t = y_t − μ_t, T = ℓ + φb and s = s_{t−m}, the state updates are the same for both error
 * types (the error type only changes the likelihood and how the future is simulated):
 *
 *   season N or A:  μ = T + s,  ℓ ← T + αe,    b ← φb + βe,    s ← s + γe
 *   season M:       μ = T·s,    ℓ ← T + αe/s,  b ← φb + βe/s,  s ← s + γe/T
 *
 * (φ = 1 for an undamped trend; ℓ alone without a trend.) Parameters and initial states are
 * estimated by maximum likelihood: the Gaussian log-likelihood with σ² concentrated out is
 * −n/2·(log 2π + log(SSE/n) + 1) for additive errors, where multiplicative errors use the relative
 * errors e/μ in SSE and subtract Σ log μ. The search starts from a classical decomposition of the
 * first seasons and a line through the first seasonally adjusted values, and runs the simplex over
 * the smoothing parameters and the initial states together, in the usual region
 * 1e-4 < α < 0.9999, 1e-4 < β < α, 1e-4 < γ < 1 − α, 0.8 < φ < 0.98, and only where the model is
 * also forecastable (admissible): the roots of its moving-average polynomial lie outside the unit
 * circle. One initial seasonal state follows from the others (additive states sum to zero,
 * multiplicative ones to m). Above 24 seasons (weekly data with a yearly cycle) the seasonal initial
 * states stay at the decomposition's estimates, as a simplex search in 50 and more dimensions does
 * not converge; they still count as estimated parameters in the AICc.
 */
import { aiccOf, type FittedModel, LOG_2PI } from "./model.js";
import { type MinimiseResult, minimiseNelderMead } from "./optimise.js";
import type { RandomSource } from "./random.js";

export type ErrorType = "A" | "M";
export type TrendType = "N" | "A" | "Ad";
export type SeasonType = "N" | "A" | "M";

export interface EtsSpec {
  error: ErrorType;
  trend: TrendType;
  season: SeasonType;
  /** Seasonal period m; ignored (taken as 1) when the season is N. */
  period: number;
}

export interface EtsParameters {
  alpha: number;
  /** 0 without a trend. */
  beta: number;
  /** 0 without a season. */
  gamma: number;
  /** 1 for an undamped trend; ignored without a trend. */
  phi: number;
}

export interface EtsState {
  level: number;
  /** 0 without a trend. */
  trend: number;
  /** Seasonal states oldest first: `seasonal[j]` is used j + 1 periods ahead. Empty without a season. */
  seasonal: number[];
}

/** The usual parameter region (Hyndman et al. 2008, §5.2) as `forecast::ets` bounds it. */
export const ETS_BOUNDS = { lower: 1e-4, upper: 0.9999, phiLower: 0.8, phiUpper: 0.98 } as const;

/** Seasonal initial states are optimised up to this period (`forecast::ets` refuses longer ones). */
export const MAX_OPTIMISED_PERIOD = 24;

export function etsName(spec: Pick<EtsSpec, "error" | "trend" | "season">): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}

const NAME = /^\s*ETS\s*\(\s*([AM])\s*,\s*(N|A|Ad)\s*,\s*(N|A|M)\s*\)\s*$/i;

/** Parses "ETS(M,Ad,A)" (case-insensitive) into its components, or returns null. */
export function parseEtsName(name: string): Pick<EtsSpec, "error" | "trend" | "season"> | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const trend =
    (match[2] as string).toUpperCase() === "AD" ? "Ad" : ((match[2] as string).toUpperCase() as "N" | "A");
  return {
    error: (match[1] as string).toUpperCase() as ErrorType,
    trend,
    season: (match[3] as string).toUpperCase() as SeasonType,
  };
}

function periodOf(spec: EtsSpec): number {
  return spec.season === "N" ? 1 : spec.period;
}

function phiOf(spec: EtsSpec, p: EtsParameters): number {
  return spec.trend === "Ad" ? p.phi : spec.trend === "A" ? 1 : 0;
}

/** Number of estimated parameters and initial states (σ² not included). */
export function etsParameterCount(spec: EtsSpec): number {
  const smoothing =
    1 + (spec.trend === "N" ? 0 : 1) + (spec.season === "N" ? 0 : 1) + (spec.trend === "Ad" ? 1 : 0);
  const states = 1 + (spec.trend === "N" ? 0 : 1) + (spec.season === "N" ? 0 : spec.period - 1);
  return smoothing + states;
}

// ---------------------------------------------------------------------------------------------
// Admissibility

function polyMul(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++)
      out[i + j] = (out[i + j] as number) + (a[i] as number) * (b[j] as number);
  }
  return out;
}

function polyAdd(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(Math.max(a.length, b.length)).fill(0);
  for (let i = 0; i < a.length; i++) out[i] = (out[i] as number) + (a[i] as number);
  for (let i = 0; i < b.length; i++) out[i] = (out[i] as number) + (b[i] as number);
  return out;
}

/**
 * The moving-average polynomial θ(B) of the linear model ETS(A,Ad,A) (trend N: φ = β = 0; trend A:
 * φ = 1; no season: m = 1, γ = 0), from (1 − φB)(1 − B^m) y_t = θ(B) ε_t. Derived from the state
 * equations: with S(B) = 1 + B + … + B^(m−1),
 *   θ(B) = (1 − φB)(1 − B^m) + B·S(B)·(α(1 − φB) + φβB) + φβB(1 − B^m) + γB^m(1 − φB).
 * Coefficients in increasing powers of B.
 */
export function movingAveragePolynomial(spec: EtsSpec, p: EtsParameters): number[] {
  const m = periodOf(spec);
  const phi = phiOf(spec, p);
  const beta = spec.trend === "N" ? 0 : p.beta;
  const gamma = spec.season === "N" ? 0 : p.gamma;
  const oneMinusBm = new Array<number>(m + 1).fill(0);
  oneMinusBm[0] = 1;
  oneMinusBm[m] = -1;
  const bTimesS = [0, ...new Array<number>(m).fill(1)];
  let theta = polyMul([1, -phi], oneMinusBm);
  theta = polyAdd(theta, polyMul(bTimesS, [p.alpha, phi * beta - p.alpha * phi]));
  theta = polyAdd(theta, polyMul([0, phi * beta], oneMinusBm));
  const gammaTerm = new Array<number>(m + 2).fill(0);
  gammaTerm[m] = gamma;
  gammaTerm[m + 1] = -gamma * phi;
  return polyAdd(theta, gammaTerm);
}

/**
 * Schur–Cohn (Levinson step-down) test: true when every root of θ lies strictly outside the unit
 * circle, i.e. every root of the reversed polynomial lies inside it.
 */
export function rootsOutsideUnitCircle(theta: readonly number[]): boolean {
  let c = [...theta];
  while (c.length > 1 && Math.abs(c[c.length - 1] as number) < 1e-300) c.pop();
  while (c.length > 1) {
    const d = c.length - 1;
    const lead = c[0] as number;
    if (lead === 0) return false;
    const k = (c[d] as number) / lead;
    if (!(Math.abs(k) < 1)) return false;
    const next = new Array<number>(d);
    for (let i = 0; i < d; i++) next[i] = ((c[i] as number) - k * (c[d - i] as number)) / (1 - k * k);
    c = next;
  }
  return true;
}

/** Whether the parameters give a forecastable model (Hyndman et al. 2008, ch. 10). */
export function isAdmissible(spec: EtsSpec, p: EtsParameters, scratch?: Float64Array): boolean {
  const m = periodOf(spec);
  const phi = phiOf(spec, p);
  const phiBeta = spec.trend === "N" ? 0 : phi * p.beta;
  const a = p.alpha;
  // θ's coefficients written out from the formula of movingAveragePolynomial, without allocating:
  // the test runs once per likelihood evaluation.
  const c = scratch && scratch.length >= m + 2 ? scratch : new Float64Array(m + 2);
  let degree: number;
  if (spec.season === "N") {
    c[0] = 1;
    c[1] = a + phiBeta - 1 - phi;
    c[2] = phi * (1 - a);
    degree = 2;
  } else {
    const g = p.gamma;
    c[0] = 1;
    c[1] = a + phiBeta - phi;
    for (let i = 2; i < m; i++) c[i] = a + phiBeta - a * phi;
    c[m] = a + phiBeta - a * phi + g - 1;
    c[m + 1] = phi * (1 - a - g);
    degree = m + 1;
  }
  return schurCohnStable(c, degree);
}

/** rootsOutsideUnitCircle on c[0..degree], in place (c is overwritten). */
function schurCohnStable(c: Float64Array, degree: number): boolean {
  let d = degree;
  while (d > 0 && Math.abs(c[d] as number) < 1e-300) d--;
  while (d > 0) {
    const lead = c[0] as number;
    if (lead === 0) return false;
    const k = (c[d] as number) / lead;
    if (!(Math.abs(k) < 1)) return false;
    const scale = 1 / (1 - k * k);
    // c'[i] = (c[i] − k·c[d−i]) / (1 − k²), for i and d − i together so that the update is in place.
    for (let i = 0, j = d; i <= j; i++, j--) {
      const ci = c[i] as number;
      const cj = c[j] as number;
      c[i] = (ci - k * cj) * scale;
      c[j] = (cj - k * ci) * scale;
    }
    d--;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The recursion

interface FilterSums {
  sse: number;
  sumLogMu: number;
}

/**
 * Runs the model through `y` from the initial state. Writes one-step means into `fitted` when
 * given and leaves the final seasonal states in `ring` (rotated so that `ring[n mod m]` is next).
 * Returns null when the path leaves the model's domain (a non-positive mean under multiplicative
 * errors, a non-positive trend or seasonal state under a multiplicative season) or overflows.
 */
function filterEts(
  y: Float64Array,
  spec: EtsSpec,
  p: EtsParameters,
  level0: number,
  trend0: number,
  ring: Float64Array,
  fitted: Float64Array | null,
  final: { level: number; trend: number } | null,
): FilterSums | null {
  const phi = phiOf(spec, p);
  const beta = spec.trend === "N" ? 0 : p.beta;
  const trend = spec.trend === "N" ? 0 : trend0;
  const relative = spec.error === "M";
  // One loop per kind of season, so that each stays small and monomorphic for the JIT.
  if (spec.season === "M") {
    return filterMultiplicativeSeason(
      y,
      relative,
      p.alpha,
      beta,
      p.gamma,
      phi,
      level0,
      trend,
      ring,
      fitted,
      final,
    );
  }
  const seasonal = spec.season === "A";
  if (!seasonal) ring[0] = 0;
  return filterAdditiveSeason(
    y,
    relative,
    p.alpha,
    beta,
    seasonal ? p.gamma : 0,
    phi,
    level0,
    trend,
    ring,
    seasonal ? spec.period : 1,
    fitted,
    final,
  );
}

/** Σ log μ is kept as the log of a running product, renormalised far from overflow: one log per many steps. */
const PRODUCT_LIMIT = 1e150;

function filterAdditiveSeason(
  y: Float64Array,
  relative: boolean,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  level0: number,
  trend0: number,
  ring: Float64Array,
  m: number,
  fitted: Float64Array | null,
  final: { level: number; trend: number } | null,
): FilterSums | null {
  const n = y.length;
  let level = level0;
  let trend = trend0;
  let pos = 0;
  let sse = 0;
  let sumLogMu = 0;
  let product = 1;
  for (let t = 0; t < n; t++) {
    const base = level + phi * trend;
    const s = ring[pos] as number;
    const mu = base + s;
    const e = (y[t] as number) - mu;
    level = base + alpha * e;
    trend = phi * trend + beta * e;
    ring[pos] = s + gamma * e;
    if (relative) {
      if (!(mu > 0)) return null;
      const r = e / mu;
      sse += r * r;
      product *= mu;
      if (product > PRODUCT_LIMIT || product < 1 / PRODUCT_LIMIT) {
        sumLogMu += Math.log(product);
        product = 1;
      }
    } else sse += e * e;
    if (fitted !== null) fitted[t] = mu;
    if (++pos === m) pos = 0;
  }
  if (!Number.isFinite(sse) || !Number.isFinite(level) || !Number.isFinite(trend)) return null;
  if (final !== null) {
    final.level = level;
    final.trend = trend;
  }
  return { sse, sumLogMu: sumLogMu + Math.log(product) };
}

function filterMultiplicativeSeason(
  y: Float64Array,
  relative: boolean,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  level0: number,
  trend0: number,
  ring: Float64Array,
  fitted: Float64Array | null,
  final: { level: number; trend: number } | null,
): FilterSums | null {
  const n = y.length;
  const m = ring.length;
  let level = level0;
  let trend = trend0;
  let pos = 0;
  let sse = 0;
  let sumLogMu = 0;
  let product = 1;
  for (let t = 0; t < n; t++) {
    const base = level + phi * trend;
    const s = ring[pos] as number;
    if (!(base > 0 && s > 0)) return null;
    const mu = base * s;
    const e = (y[t] as number) - mu;
    const es = e / s;
    const eb = e / base;
    level = base + alpha * es;
    trend = phi * trend + beta * es;
    ring[pos] = s + gamma * eb;
    if (relative) {
      const r = e / mu;
      sse += r * r;
      product *= mu;
      if (product > PRODUCT_LIMIT || product < 1 / PRODUCT_LIMIT) {
        sumLogMu += Math.log(product);
        product = 1;
      }
    } else sse += e * e;
    if (fitted !== null) fitted[t] = mu;
    if (++pos === m) pos = 0;
  }
  if (!Number.isFinite(sse) || !Number.isFinite(level) || !Number.isFinite(trend)) return null;
  if (final !== null) {
    final.level = level;
    final.trend = trend;
  }
  return { sse, sumLogMu: sumLogMu + Math.log(product) };
}

/** −2 × the Gaussian log-likelihood with σ² at its maximum-likelihood value SSE/n. */
function minusTwoLogLik(sums: FilterSums, n: number, varianceFloor: number): number {
  const variance = Math.max(sums.sse / n, varianceFloor);
  return n * (LOG_2PI + Math.log(variance) + 1) + 2 * sums.sumLogMu;
}

interface RunningState {
  level: number;
  trend: number;
  ring: Float64Array;
  pos: number;
}

function stateMean(spec: EtsSpec, p: EtsParameters, st: RunningState): number {
  const base = st.level + phiOf(spec, p) * st.trend;
  if (spec.season === "N") return base;
  const s = st.ring[st.pos] as number;
  return spec.season === "M" ? base * s : base + s;
}

/** Advances the state by one period with error e = y − μ. */
function stateUpdate(spec: EtsSpec, p: EtsParameters, st: RunningState, e: number): void {
  const phi = phiOf(spec, p);
  const beta = spec.trend === "N" ? 0 : p.beta;
  const base = st.level + phi * st.trend;
  if (spec.season === "M") {
    const s = st.ring[st.pos] as number;
    st.level = base + (p.alpha * e) / s;
    st.trend = phi * st.trend + (beta * e) / s;
    st.ring[st.pos] = s + (p.gamma * e) / base;
  } else {
    st.level = base + p.alpha * e;
    st.trend = phi * st.trend + beta * e;
    if (spec.season === "A") st.ring[st.pos] = (st.ring[st.pos] as number) + p.gamma * e;
  }
  if (spec.season !== "N") st.pos = (st.pos + 1) % spec.period;
}

// ---------------------------------------------------------------------------------------------
// A fitted model

export interface EtsFit {
  spec: EtsSpec;
  parameters: EtsParameters;
  initial: EtsState;
}

/** An ETS model with known parameters and initial state, run over a history. */
export class EtsModel implements FittedModel {
  readonly name: string;
  readonly seasonalPeriods: number[];
  readonly parameters: Record<string, number>;
  readonly logLik: number;
  readonly aicc: number;
  readonly parameterCount: number;
  readonly fitted: Float64Array;
  /** Innovation variance, SSE / (n − parameterCount) (relative errors under multiplicative errors). */
  readonly sigma2: number;
  /** State after the last observation. */
  readonly final: EtsState;
  readonly spec: EtsSpec;
  readonly smoothing: EtsParameters;
  readonly initial: EtsState;
  /** Likelihood evaluations the estimation used (0 when the parameters were given). */
  evaluations = 0;

  constructor(y: readonly number[], fit: EtsFit, options: { varianceFloor?: number } = {}) {
    const { spec, parameters: p, initial } = fit;
    const m = periodOf(spec);
    const n = y.length;
    const data = Float64Array.from(y);
    const ring = new Float64Array(m);
    if (spec.season !== "N") ring.set(initial.seasonal.slice(0, m));
    const fitted = new Float64Array(n);
    const end = { level: 0, trend: 0 };
    const sums = filterEts(data, spec, p, initial.level, initial.trend, ring, fitted, end);
    if (!sums)
      throw new RangeError(`${etsName(spec)} leaves its domain on this series with these parameters`);
    const floor = options.varianceFloor ?? 0;
    this.spec = spec;
    this.smoothing = { ...p };
    this.initial = {
      level: initial.level,
      trend: spec.trend === "N" ? 0 : initial.trend,
      seasonal: spec.season === "N" ? [] : initial.seasonal.slice(0, m),
    };
    this.name = etsName(spec);
    this.seasonalPeriods = spec.season === "N" ? [] : [m];
    this.parameterCount = etsParameterCount(spec);
    this.logLik = n > 0 ? -0.5 * minusTwoLogLik(sums, n, floor) : Number.NaN;
    this.aicc = aiccOf(this.logLik, this.parameterCount + 1, n);
    this.sigma2 = Math.max(sums.sse / Math.max(1, n - this.parameterCount), floor);
    this.fitted = fitted;
    const pos = n % m;
    const seasonal =
      spec.season === "N" ? [] : Array.from({ length: m }, (_, j) => ring[(pos + j) % m] as number);
    this.final = { level: end.level, trend: end.trend, seasonal };
    const parameters: Record<string, number> = { alpha: p.alpha };
    if (spec.trend !== "N") parameters.beta = p.beta;
    if (spec.season !== "N") parameters.gamma = p.gamma;
    if (spec.trend === "Ad") parameters.phi = p.phi;
    parameters.sigma2 = this.sigma2;
    parameters.level0 = this.initial.level;
    if (spec.trend !== "N") parameters.trend0 = this.initial.trend;
    this.parameters = parameters;
  }

  private start(): RunningState {
    return {
      level: this.final.level,
      trend: this.final.trend,
      ring: Float64Array.from(this.final.seasonal.length ? this.final.seasonal : [0]),
      pos: 0,
    };
  }

  forecastMean(h: number): number[] {
    const st = this.start();
    const out: number[] = [];
    for (let i = 0; i < h; i++) {
      out.push(stateMean(this.spec, this.smoothing, st));
      stateUpdate(this.spec, this.smoothing, st, 0);
    }
    return out;
  }

  /** True when the model is linear in its errors, so that the forecast variance has a closed form. */
  get isLinear(): boolean {
    return this.spec.error === "A" && this.spec.season !== "M";
  }

  /**
   * For linear models: v_h = σ²(1 + Σ_{j<h} c_j²) with c_j = w′F^(j−1)g (Hyndman et al. 2008,
   * §6.1), where c_j is the response j periods later to a unit error, read off the model's own
   * recursion started from a zero state. For ETS(A,N,N) this is σ²(1 + (h − 1)α²).
   */
  forecastVariance(h: number): number[] | undefined {
    if (!this.isLinear) return undefined;
    const m = periodOf(this.spec);
    const st: RunningState = { level: 0, trend: 0, ring: new Float64Array(m), pos: 0 };
    stateUpdate(this.spec, this.smoothing, st, 1);
    const out: number[] = [];
    let sum = 1;
    for (let i = 0; i < h; i++) {
      out.push(this.sigma2 * sum);
      const c = stateMean(this.spec, this.smoothing, st);
      sum += c * c;
      stateUpdate(this.spec, this.smoothing, st, 0);
    }
    return out;
  }

  simulatePath(random: RandomSource, out: Float64Array): void {
    const st = this.start();
    const sigma = Math.sqrt(this.sigma2);
    const multiplicative = this.spec.error === "M";
    for (let i = 0; i < out.length; i++) {
      const mu = stateMean(this.spec, this.smoothing, st);
      const shock = sigma * random.normal();
      const e = multiplicative ? mu * shock : shock;
      out[i] = mu + e;
      stateUpdate(this.spec, this.smoothing, st, e);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Starting values

function mean(values: ArrayLike<number>, from = 0, to = values.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i] as number;
  return sum / Math.max(1, to - from);
}

/** Centred moving average of order m (2×m when m is even); NaN where it is not defined. */
function centredMovingAverage(y: ArrayLike<number>, m: number): Float64Array {
  const n = y.length;
  const out = new Float64Array(n).fill(Number.NaN);
  const half = Math.floor(m / 2);
  for (let t = half; t < n - half; t++) {
    let sum = 0;
    if (m % 2 === 1) {
      for (let k = -half; k <= half; k++) sum += y[t + k] as number;
      out[t] = sum / m;
    } else {
      if (t + half >= n) continue;
      sum += 0.5 * (y[t - half] as number) + 0.5 * (y[t + half] as number);
      for (let k = -half + 1; k < half; k++) sum += y[t + k] as number;
      out[t] = sum / m;
    }
  }
  return out;
}

/**
 * Seasonal indices from a classical decomposition of the first (up to four) full seasons:
 * the deviation (or ratio) of each value from a centred moving average, averaged by position and
 * normalised to sum to zero (or average one).
 */
export function seasonalIndices(y: ArrayLike<number>, m: number, multiplicative: boolean): number[] {
  const seasons = Math.min(4, Math.floor(y.length / m));
  const window = Array.from({ length: seasons * m }, (_, i) => y[i] as number);
  const trend = centredMovingAverage(window, m);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = 0; t < window.length; t++) {
    const ma = trend[t] as number;
    if (Number.isNaN(ma)) continue;
    if (multiplicative && !(ma > 0)) continue;
    const v = window[t] as number;
    sums[t % m] = (sums[t % m] as number) + (multiplicative ? v / ma : v - ma);
    counts[t % m] = (counts[t % m] as number) + 1;
  }
  const raw = sums.map((s, j) =>
    (counts[j] as number) > 0 ? s / (counts[j] as number) : multiplicative ? 1 : 0,
  );
  const centre = mean(raw);
  return raw.map((v) => (multiplicative ? (centre > 0 ? v / centre : 1) : v - centre));
}

/** Heuristic initial state: decomposition for the season, a line through the first adjusted values. */
export function heuristicState(y: readonly number[], spec: EtsSpec): EtsState {
  const m = periodOf(spec);
  const seasonal = spec.season === "N" ? [] : seasonalIndices(y, m, spec.season === "M");
  const count = Math.min(y.length, Math.max(10, spec.season === "N" ? 10 : m));
  const adjusted = Array.from({ length: count }, (_, t) => {
    const v = y[t] as number;
    if (spec.season === "N") return v;
    const s = seasonal[t % m] as number;
    return spec.season === "M" ? v / s : v - s;
  });
  let level = mean(adjusted);
  let trend = 0;
  if (spec.trend !== "N" && count >= 2) {
    // Least-squares line over t = 1..count; the level is its value at t = 0.
    const tMean = (count + 1) / 2;
    let sxy = 0;
    let sxx = 0;
    for (let t = 1; t <= count; t++) {
      sxy += (t - tMean) * ((adjusted[t - 1] as number) - level);
      sxx += (t - tMean) * (t - tMean);
    }
    trend = sxy / sxx;
    level -= trend * tMean;
    const multiplicative = spec.season === "M" || spec.error === "M";
    if (multiplicative && !(level + trend > 0)) {
      level = mean(adjusted);
      trend = 0;
    }
  }
  return { level, trend, seasonal };
}

// ---------------------------------------------------------------------------------------------
// Estimation

const logistic = (u: number): number => 1 / (1 + Math.exp(-u));
const logit = (p: number): number => Math.log(p / (1 - p));

export interface EtsFitOptions {
  /** Cap on likelihood evaluations for the simplex search. */
  maxEvaluations?: number;
}

/** Fits `spec` to `y` by maximum likelihood. Throws a RangeError when no admissible start exists. */
export function fitEts(y: readonly number[], spec: EtsSpec, options: EtsFitOptions = {}): EtsModel {
  const n = y.length;
  const m = periodOf(spec);
  const data = Float64Array.from(y);
  const { lower, upper, phiLower, phiUpper } = ETS_BOUNDS;
  const hasTrend = spec.trend !== "N";
  const hasSeason = spec.season !== "N";
  const damped = spec.trend === "Ad";
  if (hasSeason && (m < 2 || n < 2 * m)) {
    throw new RangeError(
      `${etsName(spec)} needs a seasonal period of at least 2 and two full seasons of data`,
    );
  }
  const optimiseSeasonal = hasSeason && m <= MAX_OPTIMISED_PERIOD;
  const multiplicativeSeason = spec.season === "M";

  const start = heuristicState(y, spec);
  let spread = 0;
  const centre = mean(data);
  for (const v of data) spread += (v - centre) * (v - centre);
  const scale = Math.sqrt(spread / Math.max(1, n)) || Math.abs(centre) || 1;
  // Variance floor: keeps the likelihood finite for series the model fits exactly.
  const typical = mean(Array.from(data, Math.abs)) || 1;
  const varianceFloor = spec.error === "M" ? 1e-20 : (1e-10 * typical) ** 2;
  const levelScale = multiplicativeSeason ? Math.max(Math.abs(start.level), 1e-8) * 0.1 : scale;
  const trendScale = levelScale * 0.1;
  const seasonalScale = multiplicativeSeason ? 0.1 : scale;

  const p: EtsParameters = { alpha: 0, beta: 0, gamma: 0, phi: 1 };
  const ring = new Float64Array(m);
  const scratch = new Float64Array(m + 2);
  const seasonal0 = new Float64Array(m);
  if (hasSeason) seasonal0.set(start.seasonal);

  const decode = (x: ArrayLike<number>): { level: number; trend: number } => {
    let i = 0;
    p.alpha = lower + (upper - lower) * logistic(x[i++] as number);
    p.beta = hasTrend ? lower + (p.alpha - lower) * logistic(x[i++] as number) : 0;
    p.gamma = hasSeason ? lower + (1 - p.alpha - lower) * logistic(x[i++] as number) : 0;
    p.phi = damped ? phiLower + (phiUpper - phiLower) * logistic(x[i++] as number) : 1;
    const level = start.level + levelScale * (x[i++] as number);
    const trend = hasTrend ? start.trend + trendScale * (x[i++] as number) : 0;
    if (optimiseSeasonal) {
      let sum = 0;
      for (let j = 0; j < m - 1; j++) {
        const s = (start.seasonal[j] as number) + seasonalScale * (x[i++] as number);
        seasonal0[j] = s;
        sum += s;
      }
      seasonal0[m - 1] = multiplicativeSeason ? m - sum : -sum;
    }
    return { level, trend };
  };

  const objective = (x: Float64Array): number => {
    const { level, trend } = decode(x);
    if (hasSeason && !isAdmissible(spec, p, scratch)) return Number.POSITIVE_INFINITY;
    if (multiplicativeSeason) {
      for (let j = 0; j < m; j++) if (!((seasonal0[j] as number) > 0)) return Number.POSITIVE_INFINITY;
    }
    if (hasSeason) ring.set(seasonal0);
    const sums = filterEts(data, spec, p, level, trend, ring, null, null);
    return sums ? minusTwoLogLik(sums, n, varianceFloor) : Number.POSITIVE_INFINITY;
  };

  // The likelihood has several basins, and a simplex finds the one it starts in. Phase 1 searches
  // the smoothing parameters alone, with the initial states held at the heuristic, from a few
  // values of α. Phase 2 searches everything together from the best of them and, for seasonal
  // models, also from a nearly fixed season (γ, β small, φ = 0.9): a basin that only shows once the
  // seasonal initial states can move, which the heuristic states of phase 1 hide.
  const smoothingCount = 1 + (hasTrend ? 1 : 0) + (hasSeason ? 1 : 0) + (damped ? 1 : 0);
  const stateCount = 1 + (hasTrend ? 1 : 0) + (optimiseSeasonal ? m - 1 : 0);
  const full = new Float64Array(smoothingCount + stateCount);
  const smoothingOnly = (x: Float64Array): number => {
    full.set(x);
    return objective(full);
  };
  const encode = (alpha: number, betaShare: number, gammaShare: number, phi: number): number[] => {
    const u = [logit((alpha - lower) / (upper - lower))];
    if (hasTrend) u.push(logit(betaShare));
    if (hasSeason) u.push(logit(gammaShare));
    if (damped) u.push(logit((phi - phiLower) / (phiUpper - phiLower)));
    return u;
  };
  let evaluations = 0;
  const searchSmoothing = (): MinimiseResult | undefined => {
    let best: MinimiseResult | undefined;
    for (const alpha0 of hasSeason ? [0.05, 0.3, 0.7] : [0.2, 0.7]) {
      const x0 = encode(alpha0, 0.1, 0.1, 0.95);
      const local = minimiseNelderMead(smoothingOnly, x0, {
        step: x0.map(() => 1),
        maxEvaluations: 300,
        relativeTolerance: 1e-6,
        maxRestarts: 1,
      });
      evaluations += local.evaluations;
      if (Number.isFinite(local.value) && (!best || local.value < best.value)) best = local;
    }
    return best;
  };
  let phase1 = searchSmoothing();
  if (!phase1 && hasTrend) {
    // A steep starting trend can drive a multiplicative model's mean below zero: start flat.
    const flat = heuristicState(y, { ...spec, trend: "N" });
    start.level = flat.level;
    start.trend = 0;
    phase1 = searchSmoothing();
  }
  if (!phase1) throw new RangeError(`${etsName(spec)}: no admissible starting point on this series`);
  const starts = [phase1.x];
  if (hasSeason) {
    const alpha = lower + (upper - lower) * logistic(phase1.x[0] as number);
    starts.push(encode(alpha, 0.01, 0.01, 0.9));
  }
  let result: MinimiseResult | undefined;
  const dimension = smoothingCount + stateCount;
  const budget = options.maxEvaluations ?? 300 + 100 * dimension;
  for (const smoothing of starts) {
    const x0 = [...smoothing, ...new Array<number>(stateCount).fill(0)];
    const local = minimiseNelderMead(objective, x0, {
      step: [...smoothing.map(() => 0.5), ...new Array<number>(stateCount).fill(0.2)],
      maxEvaluations: budget,
      relativeTolerance: 1e-8,
      maxRestarts: 1,
    });
    evaluations += local.evaluations;
    if (!result || local.value < result.value) result = local;
  }
  if (result && Number.isFinite(result.value)) {
    // Polish the winner with fresh simplices.
    const polished = minimiseNelderMead(objective, result.x, {
      step: [...new Array<number>(smoothingCount).fill(0.3), ...new Array<number>(stateCount).fill(0.1)],
      maxEvaluations: budget,
      relativeTolerance: 1e-9,
      maxRestarts: 2,
    });
    evaluations += polished.evaluations;
    if (polished.value <= result.value) result = polished;
  }
  if (!result || !Number.isFinite(result.value)) {
    throw new RangeError(`${etsName(spec)}: no admissible starting point on this series`);
  }
  const { level, trend } = decode(result.x);
  const model = new EtsModel(
    y,
    {
      spec,
      parameters: { ...p },
      initial: { level, trend, seasonal: hasSeason ? Array.from(seasonal0) : [] },
    },
    { varianceFloor },
  );
  model.evaluations = evaluations;
  return model;
}
