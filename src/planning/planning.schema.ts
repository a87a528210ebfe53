/**
 * Schemas of what the planners take and return: one source for validating API requests, the OpenAPI
 * document and the module's types.
 */
import { z } from "zod";

export const WEEKDAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const weekdaySchema = z.enum(WEEKDAYS).describe("Day of the week, in lower case.");

const fraction = (what: string) => z.number().gt(0).lt(1).describe(what);
const money = (what: string) => z.number().min(0).max(1e9).describe(what);
const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time of day HH:MM")
  .describe("Start of the interval, HH:MM.");

// ── staffing ──────────────────────────────────────────────────────────────────────────────────────

export const staffingParametersSchema = z.object({
  intervalMinutes: z
    .number()
    .gt(0)
    .max(1440)
    .default(60)
    .describe("Length of one interval in minutes; arrivals are counted per interval."),
  handlingTimeMinutes: z
    .number()
    .gt(0)
    .max(1440)
    .describe("Average handling time of one arrival (a call, a customer served), in minutes."),
  answerWithinSeconds: z
    .number()
    .min(0)
    .max(86_400)
    .default(20)
    .describe("Target answer time: the service level counts arrivals answered within it."),
  serviceLevel: fraction("Share of arrivals to answer within the target time, e.g. 0.8.").default(0.8),
  shrinkage: z
    .number()
    .min(0)
    .lt(1)
    .default(0)
    .describe("Share of paid time agents are not available (breaks, training, absence), e.g. 0.3."),
  maxOccupancy: z
    .number()
    .gt(0)
    .max(1)
    .default(0.85)
    .describe("Highest share of their time agents may spend handling, e.g. 0.85."),
});
export type StaffingParameters = z.infer<typeof staffingParametersSchema>;

export const intervalArrivalsSchema = z.object({
  weekday: weekdaySchema.nullable().default(null),
  start: clock.nullable().default(null),
  arrivals: z.number().min(0).max(1e7).describe("Expected arrivals in the interval."),
});
export type IntervalArrivals = z.infer<typeof intervalArrivalsSchema>;

export const intervalStaffingSchema = z.object({
  weekday: weekdaySchema.nullable(),
  start: z.string().nullable(),
  arrivals: z.number(),
  load: z.number().describe("Offered load in Erlangs: arrivals × handling time / interval length."),
  rawAgents: z
    .number()
    .int()
    .describe("Agents needed on the floor: the least meeting the service level within the occupancy cap."),
  scheduledAgents: z.number().int().describe("Agents to schedule: raw agents / (1 − shrinkage), rounded up."),
  serviceLevel: z.number().describe("Share answered within the target time with the raw agents."),
  occupancy: z.number(),
  waitingProbability: z.number().describe("Probability that an arrival waits at all (Erlang C)."),
  averageSpeedOfAnswerSeconds: z.number().describe("Mean wait over all arrivals, in seconds."),
});
export type IntervalStaffing = z.infer<typeof intervalStaffingSchema>;

export const staffingHeatMapSchema = z
  .object({
    weekdays: z.array(weekdaySchema),
    starts: z.array(z.string()),
    scheduledAgents: z
      .array(z.array(z.number().int().nullable()))
      .describe("One row per weekday, one column per start; null where no arrivals were given."),
    rawAgents: z.array(z.array(z.number().int().nullable())),
    arrivals: z.array(z.array(z.number().nullable())),
  })
  .describe("Weekday × interval table of agents, for a heat map.");

export const staffingPlanSchema = z.object({
  parameters: staffingParametersSchema.required(),
  source: z.string().describe("Where the arrivals came from: a number, a table, a file or a KPI forecast."),
  intervals: z.array(intervalStaffingSchema),
  heatMap: staffingHeatMapSchema.nullable(),
  simulation: z
    .object({
      weekday: weekdaySchema.nullable(),
      start: z.string().nullable(),
      agents: z.number().int(),
      replications: z.number().int(),
      casesPerReplication: z.number().int(),
      averageSpeedOfAnswerSeconds: z.object({
        erlang: z.number(),
        simulated: z.number(),
        ci95: z.tuple([z.number(), z.number()]),
      }),
      occupancy: z.object({
        erlang: z.number(),
        simulated: z.number(),
        ci95: z.tuple([z.number(), z.number()]),
      }),
    })
    .optional()
    .describe("With simulate: the busiest interval run in the twin's kernel beside Erlang C's figures."),
  totals: z.object({
    arrivals: z.number(),
    scheduledAgentHours: z.number().describe("Sum over intervals of scheduled agents × interval length."),
    peakScheduledAgents: z.number().int(),
  }),
});
export type StaffingPlan = z.infer<typeof staffingPlanSchema>;

// ── inventory ─────────────────────────────────────────────────────────────────────────────────────

export const inventoryItemSchema = z.object({
  item: z.string().min(1).max(200).default("item").describe("Name of the item."),
  demand: z
    .number()
    .min(0)
    .max(1e12)
    .describe("Mean demand per period (a day, a week, a year: your choice)."),
  demandSd: z.number().min(0).max(1e12).default(0).describe("Standard deviation of demand per period."),
  leadTime: z.number().min(0).max(1e6).optional().describe("Mean lead time of a replenishment, in periods."),
  leadTimeSd: z
    .number()
    .min(0)
    .max(1e6)
    .default(0)
    .describe("Standard deviation of the lead time, in periods."),
  serviceLevel: fraction(
    "Cycle service level: probability of no stock-out in a replenishment cycle.",
  ).optional(),
  orderCost: money("Fixed cost of placing one order (K).").optional(),
  holdingCost: z.number().gt(0).max(1e9).optional().describe("Cost of holding one unit for one period (h)."),
  underageCost: z
    .number()
    .gt(0)
    .max(1e9)
    .optional()
    .describe("Newsvendor: cost of one unit short (p), e.g. the margin lost: price − cost."),
  overageCost: z
    .number()
    .gt(0)
    .max(1e9)
    .optional()
    .describe("Newsvendor: cost of one unit left over (h), e.g. cost − salvage value."),
  samples: z
    .array(z.number().min(0))
    .min(1)
    .max(100_000)
    .optional()
    .describe("Newsvendor from data: observed demands of past periods instead of mean and sd."),
});
export type InventoryItem = z.input<typeof inventoryItemSchema>;

export const eoqSchema = z.object({
  orderQuantity: z.number().describe("Economic order quantity Q* = √(2KD/h)."),
  costPerPeriod: z.number().describe("Ordering plus holding cost per period at Q*: √(2KDh)."),
  ordersPerPeriod: z.number(),
  periodsBetweenOrders: z.number().nullable(),
});
export type EoqResult = z.infer<typeof eoqSchema>;

export const reorderPointSchema = z.object({
  z: z.number().describe("Standard normal quantile of the cycle service level."),
  leadTimeDemand: z.number().describe("Mean demand over the lead time: d·L."),
  leadTimeDemandSd: z.number().describe("√(L·σd² + d²·σL²)."),
  safetyStock: z.number(),
  reorderPoint: z.number(),
});
export type ReorderPointResult = z.infer<typeof reorderPointSchema>;

export const newsvendorSchema = z.object({
  method: z.enum(["normal", "empirical"]),
  criticalRatio: z.number().describe("p / (p + h): the service level that balances shortage and waste."),
  quantity: z.number().describe("Order-up-to level S*."),
  z: z.number().nullable().describe("Standard normal quantile of the critical ratio (normal demand)."),
  expectedCost: z.number().describe("Expected shortage plus leftover cost at S*."),
  expectedSales: z.number(),
  expectedLeftover: z.number(),
  expectedShortage: z.number(),
});
export type NewsvendorResult = z.infer<typeof newsvendorSchema>;

export const inventoryPlanSchema = z.object({
  items: z.array(
    z.object({
      item: z.string(),
      eoq: eoqSchema.nullable(),
      reorderPoint: reorderPointSchema.nullable(),
      newsvendor: newsvendorSchema.nullable(),
    }),
  ),
});
export type InventoryPlan = z.infer<typeof inventoryPlanSchema>;

// ── production ────────────────────────────────────────────────────────────────────────────────────

export const productionPricesSchema = z.object({
  price: money("Selling price of one unit.").optional(),
  unitCost: money("Cost of making one unit.").optional(),
  costShare: z
    .number()
    .gt(0)
    .lt(1)
    .optional()
    .describe("Cost of making one unit as a share of its price, when no unit cost is given."),
  salvage: money("Value of one unit left over at the end of the day (0 when thrown away).").default(0),
});
export type ProductionPrices = z.input<typeof productionPricesSchema>;

export const dailyDemandSchema = z.object({
  item: z.string().min(1).max(200),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD"),
  quantity: z.number().min(0).max(1e9),
});
export type DailyDemand = z.infer<typeof dailyDemandSchema>;

export const weekdayDemandSchema = z.object({
  item: z.string().min(1).max(200),
  weekday: weekdaySchema,
  mean: z.number().min(0).max(1e9).describe("Mean demand on that weekday."),
  sd: z.number().min(0).max(1e9).describe("Standard deviation of demand on that weekday."),
});
export type WeekdayDemand = z.infer<typeof weekdayDemandSchema>;

export const productionLineSchema = z.object({
  item: z.string(),
  weekday: weekdaySchema,
  days: z.number().int().describe("Days of history behind the figures (0 for a forecast)."),
  demandMean: z.number(),
  demandSd: z.number(),
  price: z.number(),
  unitCost: z.number(),
  salvage: z.number(),
  criticalRatio: z.number(),
  quantity: z.number().describe("Units to make: the newsvendor quantity in whole units."),
  expectedSales: z.number(),
  expectedWaste: z.number(),
  expectedShortage: z.number(),
  expectedProfit: z.number().describe("price × sales + salvage × waste − cost × quantity."),
  inStockProbability: z.number().describe("Probability that demand does not exceed the quantity."),
});
export type ProductionLine = z.infer<typeof productionLineSchema>;

export const productionPlanSchema = z.object({
  method: z.enum(["normal", "empirical"]),
  source: z.string(),
  lines: z.array(productionLineSchema),
  table: z
    .object({
      items: z.array(z.string()),
      weekdays: z.array(weekdaySchema),
      quantity: z.array(z.array(z.number().nullable())).describe("One row per item, one column per weekday."),
    })
    .describe("Item × weekday quantities, for a table or heat map."),
  totals: z.object({
    quantity: z.number(),
    expectedWaste: z.number(),
    expectedProfit: z.number().describe("Per week: the sum over items and weekdays."),
  }),
});
export type ProductionPlan = z.infer<typeof productionPlanSchema>;

// ── requests (HTTP bodies; the CLI builds the same) ─────────────────────────────────────────────────

const kpiName = z.string().min(1).max(63);

export const staffingRequestSchema = staffingParametersSchema
  .extend({
    arrivals: z.number().min(0).max(1e7).optional().describe("Arrivals of one interval."),
    table: z
      .array(intervalArrivalsSchema)
      .min(1)
      .max(10_000)
      .optional()
      .describe("Arrivals per weekday and start."),
    kpi: kpiName
      .optional()
      .describe(
        "A KPI counted per hour (e.g. orders per hour): arrivals from its forecast of the next week.",
      ),
    weeks: z
      .number()
      .int()
      .min(1)
      .max(8)
      .optional()
      .describe("With kpi: weeks of forecast averaged (default 1)."),
    simulate: z
      .boolean()
      .optional()
      .describe(
        "Check the busiest interval by simulation (M/M/n in the twin's kernel, 10 × 20,000 arrivals).",
      ),
  })
  .strict()
  .describe("Give exactly one of arrivals, table and kpi.");
export type StaffingRequest = z.input<typeof staffingRequestSchema>;

export const inventoryRequestSchema = z
  .object({ items: z.array(inventoryItemSchema).min(1).max(10_000) })
  .strict();
export type InventoryRequest = z.input<typeof inventoryRequestSchema>;

export const salesSourceSchema = z
  .object({
    name: z.string().min(1).max(63).describe("Dataset of sales lines, e.g. sales."),
    itemColumn: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Column naming the item (default "item" or "product").'),
    quantityColumn: z.string().min(1).max(200).optional().describe('Units sold (default "quantity").'),
    timeColumn: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe("Date or time of the sale (default: the first one)."),
    priceColumn: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe("Unit price column; its mean per item becomes the price."),
    where: z
      .record(z.string().min(1).max(200), z.string().max(2000))
      .optional()
      .describe("column = value conditions."),
    from: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .describe("First day of history."),
    to: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .describe("Day after the last day of history."),
  })
  .strict();

export const productionRequestSchema = productionPricesSchema
  .extend({
    dataset: salesSourceSchema.optional(),
    kpi: kpiName.optional().describe("A KPI counted per day: demand from its forecast of the next week."),
    history: z.array(dailyDemandSchema).min(1).max(1_000_000).optional(),
    weekdays: z.array(weekdayDemandSchema).min(1).max(100_000).optional(),
    items: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(10_000)
      .optional()
      .describe("Plan only these items."),
    method: z
      .enum(["normal", "empirical"])
      .default("normal")
      .describe("Demand per weekday as normal (mean, sd) or as the observed days themselves."),
  })
  .strict()
  .describe("Give exactly one of dataset, kpi, history and weekdays.");
export type ProductionRequest = z.input<typeof productionRequestSchema>;
