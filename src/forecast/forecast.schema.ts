/**
 * Schemas of what forecasting takes and returns, for validating requests and documenting the API;
 * the module's types are inferred from them.
 */
import { z } from "zod";

export const GRAINS = ["hour", "day", "week", "month", "quarter"] as const;

/** Largest horizon accepted: more than a year of hours, 27 years of days. */
export const MAX_HORIZON = 10_000;

export const grainSchema = z
  .enum(GRAINS)
  .describe(
    "Length of one period: the seasonal periods follow from it (day: weekday; hour: hour of day and of week).",
  );

export const seriesSchema = z
  .object({
    periods: z
      .array(z.string())
      .describe(
        "Period labels in increasing order, each the start of its period: YYYY-MM-DD for day, week, month and quarter, YYYY-MM-DDTHH:00 for hours.",
      ),
    values: z.array(z.number()).describe("One finite value per period."),
    grain: grainSchema,
  })
  .describe("A regular time series.");

export const gapFillSchema = z
  .enum(["error", "zero"])
  .describe('Missing periods: refuse the series ("error") or count them as zero ("zero").');

const horizonSchema = z
  .number()
  .int()
  .min(1)
  .max(MAX_HORIZON)
  .describe("Number of periods to forecast ahead.");
const modelSchema = z
  .string()
  .describe(
    'Model: "auto" (lowest AICc), "seasonal-naive", "ets" (ETS models only), "dshw" or "dshw-ar" (hourly), or a name such as "ETS(A,Ad,A)".',
  );
const seedSchema = z.number().describe("Seed of the random source for simulated prediction intervals.");

export const forecastOptionsSchema = z.object({
  horizon: horizonSchema,
  model: modelSchema.optional(),
  seed: seedSchema.optional(),
  fill: gapFillSchema.optional(),
  paths: z
    .number()
    .int()
    .min(100)
    .optional()
    .describe("Simulated paths where intervals are simulated (default 5,000)."),
});

export const backtestOptionsSchema = z.object({
  horizon: horizonSchema,
  origins: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("Number of forecast origins (default 28, or as many as the series allows)."),
  step: z.number().int().min(1).optional().describe("Periods between consecutive origins (default 1)."),
  model: modelSchema.optional(),
  seed: seedSchema
    .optional()
    .describe("Accepted for symmetry with forecasts; point forecasts use no random numbers."),
  fill: gapFillSchema.optional(),
});

export const forecastPointSchema = z.object({
  period: z.string().describe("Label of the forecast period."),
  mean: z
    .number()
    .describe("Point forecast: the conditional mean (for multiplicative models the path without errors)."),
  lo80: z.number().describe("Lower end of the 80% prediction interval."),
  hi80: z.number().describe("Upper end of the 80% prediction interval."),
  lo95: z.number().describe("Lower end of the 95% prediction interval."),
  hi95: z.number().describe("Upper end of the 95% prediction interval."),
});

export const candidateSchema = z.object({
  model: z.string(),
  aicc: z.number().nullable().describe("AICc of the fitted candidate; null when it could not be fitted."),
});

export const forecastResultSchema = z.object({
  model: z.string().describe('The model used, e.g. "ETS(A,Ad,A)", "seasonal naive".'),
  grain: grainSchema,
  seasonalPeriods: z
    .array(z.number().int())
    .describe("Seasonal periods the model uses, in periods of the grain."),
  aicc: z.number().nullable().describe("AICc of the fitted model; null for seasonal naive and exact fits."),
  logLik: z
    .number()
    .nullable()
    .describe("Gaussian log-likelihood at the estimates; null where there is none."),
  parameters: z
    .record(z.string(), z.number())
    .describe(
      "Smoothing parameters (alpha, beta, gamma, phi; delta, omega for double-seasonal), sigma2, level0, trend0.",
    ),
  intervals: z
    .enum(["analytical", "simulated"])
    .describe("Intervals from the analytical forecast variance or from simulated future paths."),
  points: z.array(forecastPointSchema),
  fitted: z
    .array(z.number().nullable())
    .describe(
      "One-step-ahead fitted values over the history after gap filling; null where the model has none.",
    ),
  filledPeriods: z.array(z.string()).describe("Periods missing from the series and filled with zero."),
  candidates: z.array(candidateSchema).describe('The models "auto" compared, lowest AICc first.'),
});

export const backtestResultSchema = z.object({
  horizon: z.number().int(),
  origins: z.number().int(),
  step: z.number().int(),
  model: z.string().describe('The model evaluated, as asked for ("auto" or a name).'),
  modelsChosen: z
    .record(z.string(), z.number().int())
    .describe("How often each model was chosen across origins."),
  firstOrigin: z.string().describe("Last period of the history at the first origin."),
  lastOrigin: z.string().describe("Last period of the history at the last origin."),
  seasonalPeriod: z.number().int().describe("Period of the seasonal naive benchmark and of the MASE scale."),
  mase: z
    .number()
    .nullable()
    .describe("Mean absolute scaled error (Hyndman & Koehler 2006); null when the scale is zero."),
  smape: z.number().nullable().describe("Symmetric mean absolute percentage error, in percent."),
  seasonalNaiveMase: z.number().nullable(),
  seasonalNaiveSmape: z.number().nullable(),
  relativeMase: z.number().nullable().describe("mase / seasonalNaiveMase: below 1 beats seasonal naive."),
  maseByHorizon: z.array(z.number().nullable()).describe("MASE for 1..horizon periods ahead."),
  seasonalNaiveMaseByHorizon: z.array(z.number().nullable()),
  seconds: z
    .number()
    .describe("Time spent choosing, fitting and forecasting with the model over all origins."),
});

export type Grain = z.infer<typeof grainSchema>;
export type Series = z.infer<typeof seriesSchema>;
export type GapFill = z.infer<typeof gapFillSchema>;
export type ForecastOptions = z.infer<typeof forecastOptionsSchema>;
export type BacktestOptions = z.infer<typeof backtestOptionsSchema> & {
  /** Clock in milliseconds for the fit times (default performance.now). */
  now?: () => number;
};
export type ForecastPoint = z.infer<typeof forecastPointSchema>;
export type Candidate = z.infer<typeof candidateSchema>;
export type ForecastResult = z.infer<typeof forecastResultSchema>;
export type BacktestResult = z.infer<typeof backtestResultSchema>;
