/**
 * Production planning for perishables: how many of each item to make on each weekday, by the
 * newsvendor. A unit short costs the margin (price − cost); a unit left over costs what it cost to
 * make less what it still brings in (cost − salvage).
 */
import { AppError } from "../core/index.js";
import { type Demand, wholeUnits } from "./newsvendor.js";
import {
  type DailyDemand,
  dailyDemandSchema,
  type ProductionLine,
  type ProductionPlan,
  type ProductionPrices,
  productionPricesSchema,
  WEEKDAYS,
  type Weekday,
  type WeekdayDemand,
  weekdayDemandSchema,
} from "./planning.schema.js";
import type { FieldNames } from "./staffing.js";
import { checkInput } from "./validate.js";

export type ProductionMethod = "normal" | "empirical";

export interface ProductionInput {
  /** Daily demand per item (days without sales of an item should be there with 0). */
  history?: readonly unknown[];
  /** Demand per item and weekday, e.g. from a forecast; normal method only. */
  weekdays?: readonly unknown[];
  /** Prices that apply to every item. */
  prices: ProductionPrices;
  /** Per-item prices (e.g. the mean selling price in the data); they win over `prices`. */
  itemPrices?: Record<string, ProductionPrices>;
  method?: ProductionMethod;
  source?: string;
}

/** The weekday of a date YYYY-MM-DD. */
export function weekdayOf(date: string): Weekday {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return WEEKDAYS[(day + 6) % 7] as Weekday;
}

function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, sd: 0 };
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}

function resolvePrices(item: string, input: ProductionInput, names: FieldNames) {
  const own = input.itemPrices?.[item] ?? {};
  const price = own.price ?? input.prices.price;
  if (price === undefined)
    throw new AppError("USAGE", `No price for "${item}": give ${names.price ?? "price"}.`);
  const share = own.costShare ?? input.prices.costShare;
  const unitCost = own.unitCost ?? input.prices.unitCost ?? (share !== undefined ? price * share : undefined);
  if (unitCost === undefined)
    throw new AppError(
      "USAGE",
      `No unit cost for "${item}": give ${names.unitCost ?? "unitCost"} or ${names.costShare ?? "costShare"}.`,
    );
  const salvage = own.salvage ?? input.prices.salvage ?? 0;
  if (!(price > unitCost))
    throw new AppError(
      "USAGE",
      `"${item}" sells for ${price} but costs ${unitCost} to make: the price must be above the unit cost (${names.price ?? "price"}, ${names.unitCost ?? "unitCost"}).`,
    );
  if (!(unitCost > salvage))
    throw new AppError(
      "USAGE",
      `"${item}" costs ${unitCost} and is worth ${salvage} left over: the unit cost must be above the salvage value (${names.salvage ?? "salvage"}).`,
    );
  return { price, unitCost, salvage };
}

/**
 * Quantity, expected sales, waste and profit per item and weekday. From history, demand per weekday
 * is either normal with the observed mean and standard deviation, or the observed days themselves.
 */
export function planProduction(input: ProductionInput, names: FieldNames = {}): ProductionPlan {
  const method = input.method ?? "normal";
  checkInput(productionPricesSchema, input.prices, names);
  for (const [item, prices] of Object.entries(input.itemPrices ?? {}))
    checkInput(productionPricesSchema, prices, names, `prices of "${item}"`);
  const groups = new Map<
    string,
    { item: string; weekday: Weekday; demand: Demand; days: number; mean: number; sd: number }
  >();
  if (input.history && input.history.length > 0) {
    const rows: DailyDemand[] = input.history.map((row, i) =>
      checkInput(dailyDemandSchema, row, {}, `${names.history ?? "history"}[${i}]`),
    );
    const byKey = new Map<string, { item: string; weekday: Weekday; values: number[] }>();
    for (const row of rows) {
      const weekday = weekdayOf(row.date);
      const key = `${row.item}\u0000${weekday}`;
      const entry = byKey.get(key) ?? { item: row.item, weekday, values: [] };
      entry.values.push(row.quantity);
      byKey.set(key, entry);
    }
    for (const [key, { item, weekday, values }] of byKey) {
      const { mean, sd } = meanAndSd(values);
      const demand: Demand =
        method === "empirical" ? { kind: "empirical", samples: values } : { kind: "normal", mean, sd };
      groups.set(key, { item, weekday, demand, days: values.length, mean, sd });
    }
  } else if (input.weekdays && input.weekdays.length > 0) {
    if (method === "empirical")
      throw new AppError(
        "USAGE",
        "A demand forecast gives a mean and a spread, not observed days: use the normal method.",
      );
    input.weekdays.forEach((row, i) => {
      const w: WeekdayDemand = checkInput(
        weekdayDemandSchema,
        row,
        {},
        `${names.weekdays ?? "weekdays"}[${i}]`,
      );
      groups.set(`${w.item}\u0000${w.weekday}`, {
        item: w.item,
        weekday: w.weekday,
        demand: { kind: "normal", mean: w.mean, sd: w.sd },
        days: 0,
        mean: w.mean,
        sd: w.sd,
      });
    });
  } else {
    throw new AppError(
      "USAGE",
      `No demand to plan from: ${names.history ?? "history"} (daily sales per item) or ${names.weekdays ?? "weekdays"} (demand per weekday) is empty.`,
    );
  }
  if (groups.size > 100_000)
    throw new AppError("USAGE", "The planner takes at most 100,000 item × weekday lines.");

  const lines: ProductionLine[] = [];
  for (const g of groups.values()) {
    const { price, unitCost, salvage } = resolvePrices(g.item, input, names);
    const costs = { underage: price - unitCost, overage: unitCost - salvage };
    const outcome = wholeUnits(g.demand, costs);
    lines.push({
      item: g.item,
      weekday: g.weekday,
      days: g.days,
      demandMean: g.mean,
      demandSd: g.sd,
      price,
      unitCost,
      salvage,
      criticalRatio: costs.underage / (costs.underage + costs.overage),
      quantity: outcome.quantity,
      expectedSales: outcome.expectedSales,
      expectedWaste: outcome.expectedLeftover,
      expectedShortage: outcome.expectedShortage,
      expectedProfit:
        price * outcome.expectedSales + salvage * outcome.expectedLeftover - unitCost * outcome.quantity,
      inStockProbability: outcome.inStockProbability,
    });
  }
  lines.sort((a, b) =>
    a.item === b.item ? WEEKDAYS.indexOf(a.weekday) - WEEKDAYS.indexOf(b.weekday) : a.item < b.item ? -1 : 1,
  );
  const items = [...new Set(lines.map((l) => l.item))];
  const weekdays = WEEKDAYS.filter((d) => lines.some((l) => l.weekday === d));
  return {
    method,
    source: input.source ?? (input.history ? "history" : "weekdays"),
    lines,
    table: {
      items,
      weekdays,
      quantity: items.map((item) =>
        weekdays.map((d) => lines.find((l) => l.item === item && l.weekday === d)?.quantity ?? null),
      ),
    },
    totals: {
      quantity: lines.reduce((s, l) => s + l.quantity, 0),
      expectedWaste: lines.reduce((s, l) => s + l.expectedWaste, 0),
      expectedProfit: lines.reduce((s, l) => s + l.expectedProfit, 0),
    },
  };
}
