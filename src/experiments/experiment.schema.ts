import { z } from "zod";
import { datasetNameSchema } from "../core/names.js";
import { kpiNameSchema } from "../kpi/kpi.schema.js";

/** Experiments (randomised tests) and pilots (a change tried in one place) as kept in opsloop.yaml. */

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");
const expression = z.string().min(1).max(2000);
const name = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{0,62}$/,
    "must start with a lower-case letter and hold only a-z, 0-9, _ and - (at most 63)",
  );

/** Names the dashboard uses for its own pages under #/experiments. */
const RESERVED = ["plan", "pilots", "new"];

export const METRIC_TYPES = ["proportion", "mean", "ratio"] as const;
export const METRIC_ROLES = ["primary", "secondary", "guardrail"] as const;

export const experimentMetricSchema = z
  .object({
    name: name.optional().describe("Name shown in results; defaults to the KPI's name."),
    label: z.string().min(1).max(100).optional().describe("Name shown to people, e.g. `Conversion`."),
    role: z
      .enum(METRIC_ROLES)
      .default("primary")
      .describe("primary: what the test decides on; secondary: also watched; guardrail: must not get worse."),
    kpi: kpiNameSchema
      .optional()
      .describe("A KPI over the experiment's dataset (count, sum, avg or ratio of counts and sums)."),
    type: z
      .enum(METRIC_TYPES)
      .optional()
      .describe(
        "proportion: a yes/no per unit; mean: a number per unit; ratio: numerator over denominator, both summed per variant. Taken from the KPI when one is named.",
      ),
    value: expression
      .optional()
      .describe("Per-row value (summed per unit) for proportion and mean metrics, e.g. `converted`."),
    numerator: expression.optional().describe("Ratio metrics: the per-row numerator, e.g. `order_value`."),
    denominator: expression
      .optional()
      .describe("Ratio metrics: the per-row denominator, e.g. `if(converted, 1, 0)`."),
    where: expression.optional().describe("Only rows where this holds count towards the metric."),
    covariate: expression
      .optional()
      .describe(
        "CUPED: a per-row pre-period value of the same metric (e.g. `orders_before`), to narrow the interval.",
      ),
    better: z
      .enum(["higher", "lower"])
      .optional()
      .describe("Whether higher or lower is better; taken from the KPI, else higher."),
  })
  .strict()
  .describe("A metric the experiment compares between variants: a KPI reference or expressions.");

export const analysisSettingsSchema = z
  .object({
    engine: z
      .enum(["frequentist", "bayesian"])
      .default("frequentist")
      .describe(
        "frequentist: confidence interval and p-value; bayesian: credible interval, chance to win and risk.",
      ),
    difference: z.enum(["relative", "absolute"]).default("relative").describe("Lift as a share or in units."),
    alpha: z
      .number()
      .gt(0)
      .lt(0.5)
      .default(0.05)
      .describe("Error rate: 0.05 gives 95% intervals and calls p < 0.05 significant."),
    sides: z
      .enum(["two-sided", "greater", "less"])
      .default("two-sided")
      .describe("one-sided tests ask only whether the variant is greater (or less) than control."),
    sequential: z
      .boolean()
      .default(false)
      .describe("Confidence sequences: results may be looked at every day without raising false alarms."),
    sequentialTuning: z
      .number()
      .positive()
      .default(5000)
      .describe("Units at which the sequential interval is tightest (GrowthBook's tuning parameter)."),
    correction: z
      .enum(["none", "holm-bonferroni", "benjamini-hochberg"])
      .default("none")
      .describe("Multiple-testing correction across variants and metrics."),
    prior: z
      .object({
        mean: z.number().default(0),
        variance: z.number().positive().default(0.3),
      })
      .strict()
      .optional()
      .describe("Bayesian: a proper normal prior on the lift, e.g. mean 0, variance 0.3."),
    cuped: z.boolean().default(true).describe("Use metrics' pre-period covariates when they have one."),
  })
  .strict()
  .describe("How results are computed.");

export const experimentSchema = z
  .object({
    name: name.describe("Short name, e.g. `one-page-checkout`."),
    title: z.string().min(1).max(200).optional(),
    hypothesis: z.string().max(2000).optional(),
    owner: z.string().max(100).optional(),
    dataset: datasetNameSchema.describe("Assignment/exposure dataset: which unit saw which variant."),
    variantColumn: z.string().min(1).describe("Column holding the variant a unit was assigned."),
    unit: z
      .string()
      .min(1)
      .optional()
      .describe("Column identifying the unit (user, session); each row is a unit when left out."),
    time: z.string().min(1).optional().describe("Exposure date or time column, for start and stop."),
    start: date.optional().describe("First day of the test (local date, inclusive)."),
    stop: date.optional().describe("Last day of the test (inclusive); still running when left out."),
    variants: z
      .array(
        z
          .object({
            name: z.string().min(1).max(100).describe("Value of the variant column."),
            weight: z.number().positive().describe("Share of units meant to get it; weights are normalised."),
          })
          .strict(),
      )
      .min(2, "needs a control and at least one variant")
      .max(20)
      .describe("The first variant is the control."),
    metrics: z.array(experimentMetricSchema).min(1, "needs at least one metric").max(50),
    analysis: analysisSettingsSchema.default(analysisSettingsSchema.parse({})),
    mde: z
      .number()
      .positive()
      .optional()
      .describe("Smallest relative effect worth finding on the primary metric, e.g. 0.1 for 10%."),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (RESERVED.includes(e.name))
      ctx.addIssue({
        code: "custom",
        path: ["name"],
        message: `"${e.name}" is reserved for the dashboard's ${e.name} page; choose another name`,
      });
    const seen = new Set<string>();
    e.variants.forEach((v, i) => {
      if (seen.has(v.name))
        ctx.addIssue({
          code: "custom",
          path: ["variants", i, "name"],
          message: `variant "${v.name}" is listed twice`,
        });
      seen.add(v.name);
    });
    if (e.start && e.stop && e.stop < e.start)
      ctx.addIssue({ code: "custom", path: ["stop"], message: `stop ${e.stop} is before start ${e.start}` });
    if ((e.start || e.stop) && !e.time)
      ctx.addIssue({
        code: "custom",
        path: ["time"],
        message: "start and stop need `time`, the exposure column",
      });
  })
  .describe("A randomised experiment (A/B test): variants, the exposure dataset and the metrics.");

export const pilotSchema = z
  .object({
    name: name.describe("Short name, e.g. `early-opening`."),
    title: z.string().min(1).max(200).optional(),
    hypothesis: z.string().max(2000).optional(),
    owner: z.string().max(100).optional(),
    kpi: kpiNameSchema.describe("KPI measured per unit, split by `by`."),
    by: z
      .string()
      .min(1)
      .optional()
      .describe(
        "KPI dimension whose values are the units, e.g. `shop`; found among the KPI's dimensions when left out.",
      ),
    treated: z.string().min(1).describe("Value of `by` that got the change, e.g. `shop-1`."),
    controls: z.array(z.string().min(1)).min(1).describe("Values of `by` that carried on as before."),
    changeDate: date.describe("First day of the change."),
    from: date.optional().describe("First day of data used (default: 12 weeks before the change)."),
    to: date.optional().describe("Last day of data used (default: 12 weeks after the change)."),
    grain: z.enum(["day", "week"]).default("day").describe("Period of the panel."),
    filter: expression.optional().describe("Only rows where this holds, e.g. `channel = 'counter'`."),
    scale: z
      .enum(["level", "log"])
      .optional()
      .describe(
        "log: compare percentage changes (shops of different size, shared seasonality); level: compare changes in the KPI's units. Log when every value is above 0.",
      ),
    excludeWeekdays: z
      .array(z.enum(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]))
      .default([])
      .describe("Weekdays left out of a daily panel, e.g. [sunday] when the change did not apply then."),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.name === "new")
      ctx.addIssue({
        code: "custom",
        path: ["name"],
        message: `"new" is reserved for the dashboard's new-pilot page; choose another name`,
      });
    if (p.controls.includes(p.treated))
      ctx.addIssue({
        code: "custom",
        path: ["controls"],
        message: `${p.treated} is both treated and a control`,
      });
  })
  .describe("A pilot: a change tried in one unit (a shop) while others carry on, judged against them.");

export type ExperimentMetric = z.infer<typeof experimentMetricSchema>;
export type AnalysisSettings = z.infer<typeof analysisSettingsSchema>;
export type Experiment = z.infer<typeof experimentSchema>;
export type Pilot = z.infer<typeof pilotSchema>;
export type MetricRole = (typeof METRIC_ROLES)[number];
