import { z } from "zod";

export const CHART_KINDS = ["xmr", "xbar-r", "p", "np", "c", "u"] as const;
export const chartKindSchema = z
  .enum(CHART_KINDS)
  .describe(
    "Chart type: `xmr` individuals and moving range (one measurement per period), `xbar-r` averages and ranges of subgroups, `p` share of defective items, `np` number of defective items, `c` defects per equal-sized sample, `u` defects per unit when sample sizes vary.",
  );
export type ChartKind = z.infer<typeof chartKindSchema>;

export const RULE_SETS = ["western-electric", "nelson", "none"] as const;
export const ruleSetSchema = z
  .enum(RULE_SETS)
  .describe(
    "Which special-cause rules flag points: the 4 Western Electric rules, the 8 Nelson rules (numbered as in Minitab and R qcc), or none.",
  );
export type RuleSet = z.infer<typeof ruleSetSchema>;

export const baselineSchema = z
  .object({
    from: z.number().int().describe("First point of the baseline (0-based)."),
    to: z.number().int().describe("Point after the last one of the baseline (0-based, exclusive)."),
  })
  .strict()
  .describe(
    "Points [from, to) whose centre line and limits are estimated (phase I); the limits are then applied to every point, including later ones (phase II). All points when left out.",
  );
export type Baseline = z.infer<typeof baselineSchema>;

export const specSchema = z
  .object({
    lsl: z.number().optional().describe("Lower specification limit: the smallest acceptable value."),
    usl: z.number().optional().describe("Upper specification limit: the largest acceptable value."),
    target: z.number().optional().describe("Ideal value; the middle of the two limits when left out."),
  })
  .strict()
  .describe(
    "Specification limits for process capability (xmr and xbar-r charts only); at least one of lsl and usl.",
  );
export type Spec = z.infer<typeof specSchema>;

export const chartInputSchema = z
  .object({
    kind: chartKindSchema,
    values: z
      .array(z.number())
      .optional()
      .describe(
        "One number per point: the measurement (xmr) or the count of defective items or defects (p, np, c, u). Not used by xbar-r.",
      ),
    sizes: z
      .array(z.number())
      .optional()
      .describe("Sample size of each point: items inspected (p, np) or units of opportunity (u)."),
    subgroups: z
      .array(z.array(z.number()))
      .optional()
      .describe("xbar-r only: the measurements of each subgroup, all subgroups of one size from 2 to 25."),
    periods: z
      .array(z.string())
      .optional()
      .describe("Label of each point, such as a date; copied into the signals."),
    baseline: baselineSchema.optional(),
    rules: ruleSetSchema.optional().describe("Rule set; western-electric when left out."),
    ruleNumbers: z
      .array(z.number().int())
      .optional()
      .describe("Only these rules of the set, e.g. [1, 4]; all of them when left out."),
    spec: specSchema.optional(),
  })
  .strict()
  .describe("A series to chart, with its baseline, rules and specification limits.");
export type ChartInput = z.infer<typeof chartInputSchema>;

const numberOrSeries = z
  .union([z.number(), z.array(z.number())])
  .describe("One number when it is the same for every point, otherwise one number per point.");

export const signalSchema = z
  .object({
    rule: z.number().int().describe("Rule number within the rule set."),
    index: z.number().int().describe("Point that completes the pattern (0-based)."),
    period: z.string().optional().describe("Label of the point, when periods were given."),
    description: z.string().describe("What the rule saw, in plain words."),
  })
  .describe("A point where a special-cause rule fired.");
export type Signal = z.infer<typeof signalSchema>;

export const secondaryChartSchema = z
  .object({
    name: z.enum(["MR", "R"]).describe("Moving ranges (xmr) or subgroup ranges (xbar-r)."),
    center: z.number(),
    ucl: z.number(),
    lcl: z.number(),
    statistics: z
      .array(z.number().nullable())
      .describe("One per point; the first moving range is null because it has no point before it."),
    signals: z.array(signalSchema).describe("Ranges beyond their control limits (rule 1 only)."),
  })
  .describe("The chart of variation within the series that accompanies an xmr or xbar-r chart.");
export type SecondaryChart = z.infer<typeof secondaryChartSchema>;

export const capabilitySchema = z
  .object({
    lsl: z.number().optional(),
    usl: z.number().optional(),
    target: z.number().optional(),
    observations: z.number().int().describe("Measurements of the baseline the indices are computed from."),
    sigmaWithin: z.number().describe("The chart's sigma (short-term), used by Cp, Cpk, Cpl, Cpu and Cpm."),
    sigmaOverall: z
      .number()
      .describe("Sample standard deviation of all baseline measurements, used by the Pp family."),
    cp: z
      .number()
      .optional()
      .describe("(USL − LSL) / 6·sigmaWithin: how many times the spread fits the specification."),
    cpl: z.number().optional().describe("(centre − LSL) / 3·sigmaWithin."),
    cpu: z.number().optional().describe("(USL − centre) / 3·sigmaWithin."),
    cpk: z
      .number()
      .optional()
      .describe("The smaller of Cpl and Cpu: capability allowing for an off-centre process."),
    cpm: z.number().optional().describe("Cp penalised for distance from the target (both limits needed)."),
    pp: z.number().optional().describe("Cp with the overall standard deviation."),
    ppl: z.number().optional(),
    ppu: z.number().optional(),
    ppk: z.number().optional(),
    ppm: z.number().optional(),
  })
  .describe(
    "Process capability indices, as R qcc's processCapability computes them; an index is left out when its limits are missing or the sigma it divides by is zero.",
  );
export type Capability = z.infer<typeof capabilitySchema>;

export const chartResultSchema = z
  .object({
    kind: chartKindSchema,
    ruleSet: ruleSetSchema,
    center: z.number().describe("Centre line, estimated from the baseline."),
    ucl: numberOrSeries.describe("Upper control limit (per point when sample sizes vary)."),
    lcl: numberOrSeries.describe("Lower control limit (per point when sample sizes vary)."),
    sigma: z
      .number()
      .describe(
        "Standard deviation of one measurement (xmr, xbar-r: from moving ranges or subgroup ranges over d2), of one item's defective-or-not (p, np: √(p̄(1 − p̄))), of one sample's count (c: √c̄) or of one unit's count (u: √ū).",
      ),
    standardError: numberOrSeries.describe(
      "Standard deviation of each plotted point (sigma / √n for xbar-r, p and u; sigma·√n for np): the zones behind the rules are centre ± 1, 2 and 3 times it.",
    ),
    statistics: z
      .array(z.number())
      .describe("The plotted points: values, subgroup averages, proportions or rates."),
    baseline: z
      .object({ from: z.number().int(), to: z.number().int() })
      .describe("Points the limits were estimated from (phase I)."),
    phase1: z.number().int().describe("Number of baseline points."),
    signals: z
      .array(signalSchema)
      .describe("Every rule that fired at every point, ordered by point then rule."),
    secondary: secondaryChartSchema.optional(),
    capability: capabilitySchema.optional(),
  })
  .describe("A control chart: centre line, limits, plotted points and the special causes found.");
export type ChartResult = z.infer<typeof chartResultSchema>;
