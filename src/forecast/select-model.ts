/**
 * Which model to fit to a series, and automatic selection by AICc.
 *
 * "auto" fits every candidate and keeps the one with the lowest AICc:
 * - hourly series with at least two weeks: double-seasonal Holt–Winters (24, 168) with and
 *   without the AR(1) error adjustment;
 * - everything else: the ETS models with additive or multiplicative errors, no / additive / damped
 *   trend and no / additive / multiplicative season, where
 *   - multiplicative errors and seasons need strictly positive data,
 *   - seasonal models need at least two full seasons (and a seasonal period: hourly series shorter
 *     than two weeks use 24),
 *   - additive errors with a multiplicative season are left out, as in `forecast::ets` (its
 *     `restrict = TRUE`): that combination is numerically unstable (Hyndman et al. 2008, §15.1). It
 *     can still be asked for by name,
 *   - a model needs more observations than estimated quantities plus one, so that its AICc exists.
 * A series whose values are all equal gets ETS(A,N,N) at that value with zero variance, because
 * every likelihood is infinite there.
 */
import { AppError, closest } from "../core/index.js";
import { type Grain, seasonalPeriods } from "./calendar.js";
import { type DshwModel, dshwName, fitDshw } from "./dshw.js";
import {
  ETS_BOUNDS,
  EtsModel,
  type EtsSpec,
  etsName,
  etsParameterCount,
  fitEts,
  parseEtsName,
} from "./ets.js";
import type { Candidate } from "./forecast.schema.js";
import type { FittedModel } from "./model.js";
import { SeasonalNaiveModel } from "./seasonal-naive.js";

export type { Candidate };

export interface ModelChoice {
  model: FittedModel;
  /** The models "auto" compared, best first; empty when one model was asked for by name. */
  candidates: Candidate[];
}

/**
 * The seasonal naive benchmark's period for a series: the longest seasonal period of the grain
 * that the history covers at least once, else 1 (naive).
 */
export function benchmarkPeriod(grain: Grain, length: number): number {
  const periods = seasonalPeriods(grain, length).filter((m) => length > m);
  return periods.length > 0 ? Math.max(...periods) : 1;
}

/** The single seasonal period ETS uses on this grain (1 when there is none). */
export function etsPeriod(grain: Grain, length: number): number {
  const periods = seasonalPeriods(grain, length);
  return periods[0] ?? 1;
}

const HOURS_PER_WEEK = 168;

function isConstant(y: readonly number[]): boolean {
  return y.every((v) => v === y[0]);
}

function constantModel(y: readonly number[]): EtsModel {
  const value = y[0] as number;
  return new EtsModel(
    y,
    {
      spec: { error: "A", trend: "N", season: "N", period: 1 },
      parameters: { alpha: ETS_BOUNDS.lower, beta: 0, gamma: 0, phi: 1 },
      initial: { level: value, trend: 0, seasonal: [] },
    },
    { varianceFloor: 0 },
  );
}

/** The ETS candidates "auto" considers for a series. */
export function etsCandidates(y: readonly number[], period: number): EtsSpec[] {
  const positive = y.every((v) => v > 0);
  const seasonal = period > 1 && y.length >= 2 * period;
  const specs: EtsSpec[] = [];
  for (const error of ["A", "M"] as const) {
    if (error === "M" && !positive) continue;
    for (const trend of ["N", "A", "Ad"] as const) {
      for (const season of ["N", "A", "M"] as const) {
        if (season !== "N" && !seasonal) continue;
        if (season === "M" && (!positive || error === "A")) continue;
        const spec: EtsSpec = { error, trend, season, period: season === "N" ? 1 : period };
        if (y.length < etsParameterCount(spec) + 3) continue;
        specs.push(spec);
      }
    }
  }
  return specs;
}

function pickBest(fits: { name: string; estimate: () => FittedModel }[]): ModelChoice | null {
  const candidates: Candidate[] = [];
  let best: FittedModel | null = null;
  for (const { name, estimate } of fits) {
    let model: FittedModel;
    try {
      model = estimate();
    } catch (error) {
      if (error instanceof RangeError) {
        candidates.push({ model: name, aicc: null });
        continue;
      }
      throw error;
    }
    const aicc = model.aicc;
    candidates.push({ model: name, aicc: aicc !== null && Number.isFinite(aicc) ? aicc : null });
    if (aicc !== null && Number.isFinite(aicc) && (best === null || aicc < (best.aicc as number)))
      best = model;
  }
  if (best === null) return null;
  candidates.sort((a, b) => (a.aicc ?? Number.POSITIVE_INFINITY) - (b.aicc ?? Number.POSITIVE_INFINITY));
  return { model: best, candidates };
}

function usage(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError("USAGE", message, details);
}

/** Fits the model named by `model` ("auto" by default) to a regular series of `grain`. */
export function fitForecastModel(y: readonly number[], grain: Grain, model = "auto"): ModelChoice {
  const n = y.length;
  if (n === 0) throw new AppError("FILE_EMPTY", "The series has no values to forecast from");
  const name = model.trim();
  const key = name.toLowerCase().replace(/[\s_]+/g, "-");

  if (key === "seasonal-naive" || key === "snaive" || key === "naive") {
    const period = key === "naive" ? 1 : benchmarkPeriod(grain, n);
    return { model: new SeasonalNaiveModel(y, period), candidates: [] };
  }

  if (key === "auto" || key === "ets") {
    if (isConstant(y)) return { model: constantModel(y), candidates: [] };
    if (key === "auto" && grain === "hour" && n >= 2 * HOURS_PER_WEEK) {
      const periods = [24, HOURS_PER_WEEK] as const;
      const choice = pickBest([
        { name: dshwName(periods, false), estimate: () => fitDshw(y, periods, false) },
        { name: dshwName(periods, true), estimate: () => fitDshw(y, periods, true) },
      ]);
      if (choice) return choice;
    }
    const period = etsPeriod(grain, n);
    const choice = pickBest(
      etsCandidates(y, period).map((spec) => ({ name: etsName(spec), estimate: () => fitEts(y, spec) })),
    );
    if (choice) return choice;
    // Too short for any model with a likelihood.
    return { model: new SeasonalNaiveModel(y, benchmarkPeriod(grain, n)), candidates: [] };
  }

  if (key === "dshw" || key === "dshw-ar") {
    if (grain !== "hour") throw usage(`Model "${name}" is for hourly series; this one is by ${grain}`);
    if (n < 2 * HOURS_PER_WEEK) {
      throw usage(
        `Model "${name}" needs at least two weeks (${2 * HOURS_PER_WEEK} hours); the series has ${n}`,
      );
    }
    const fitted: DshwModel = fitDshw(y, [24, HOURS_PER_WEEK], key === "dshw-ar");
    return { model: fitted, candidates: [] };
  }

  const parsed = parseEtsName(name);
  if (parsed) {
    const period = etsPeriod(grain, n);
    const spec: EtsSpec = { ...parsed, period: parsed.season === "N" ? 1 : period };
    if (parsed.season !== "N") {
      if (period <= 1)
        throw usage(`${etsName(parsed)} is seasonal, but ${grain} series of ${n} periods have no season`);
      if (n < 2 * period) {
        throw usage(
          `${etsName(parsed)} needs at least two full seasons (${2 * period} ${grain}s); the series has ${n}`,
        );
      }
    }
    if ((parsed.error === "M" || parsed.season === "M") && !y.every((v) => v > 0)) {
      throw usage(
        `${etsName(parsed)} is multiplicative and needs positive values; the series has zeros or negatives`,
      );
    }
    if (n < etsParameterCount(spec) + 3) {
      throw usage(
        `${etsName(parsed)} estimates ${etsParameterCount(spec)} quantities; the series has only ${n} values`,
      );
    }
    if (isConstant(y) && parsed.error === "A" && parsed.trend === "N" && parsed.season === "N") {
      return { model: constantModel(y), candidates: [] };
    }
    try {
      return { model: fitEts(y, spec), candidates: [] };
    } catch (error) {
      if (error instanceof RangeError)
        throw usage(`${etsName(parsed)} cannot be fitted to this series: ${error.message}`);
      throw error;
    }
  }

  const suggestion = closest(name, ["auto", "seasonal-naive", "ets", "dshw", "dshw-ar"]);
  throw usage(
    `Unknown model "${name}"; use auto, seasonal-naive, ets, dshw, dshw-ar or a name such as ETS(A,Ad,A)${suggestion ? ` (did you mean ${suggestion}?)` : ""}`,
    { model: name },
  );
}
