/**
 * Ingredient inventory of the central bakery: daily usage follows from the demand model and the
 * recipes, purchase orders follow a reorder-point policy that the owner reviews each quarter, and
 * suppliers' lead times vary (sometimes a delivery is days late). When an ingredient runs out the
 * products that need it sell out for the rest of the day: those are the lost sales.
 */

import type { Progress } from "../core/effects.js";
import {
  type DayPlan,
  expectedQuantity,
  hourSegment,
  PERIOD_DAYS,
  PRODUCT_COUNT,
  PRODUCTS,
  type ProductMix,
  SHOP_COUNT,
  shopDay,
  webMix,
} from "./business.js";
import { daysFromCivil, formatDay, HOUR, weekdayOf } from "./calendar.js";
import { addAt, TextFileWriter } from "./output.js";
import { Random } from "./random.js";
import { expectedConversionShape, phoneOrderLevel, planWebDay, TREATMENT_LIFT } from "./web.js";

export interface Ingredient {
  name: string;
  unit: "kg" | "l" | "pcs";
  supplier: string;
  /** Unit cost in cents at the start, and later steps [day number, relative to start]. */
  unitCostCents: number;
  costSteps: readonly (readonly [number, number])[];
  /** Lead time in days: minimum and spread (uniform 0..spread added). */
  leadMin: number;
  leadSpread: number;
  /** Probability that a delivery is 2–5 days late. */
  delayProbability: number;
  /** Safety stock in days of usage in the owner's reorder point. */
  safetyDays: number;
  /** Days of usage ordered at once. */
  cycleDays: number;
  packSize: number;
  decimals: number;
}

export const INGREDIENTS: readonly Ingredient[] = [
  ingredient(
    "flour",
    "kg",
    "Meelfabriek De Hoop",
    62,
    [[daysFromCivil(2025, 9, 1), 0.95]],
    2,
    2,
    0.03,
    3,
    10,
    25,
    1,
  ),
  ingredient(
    "wholegrain flour",
    "kg",
    "Meelfabriek De Hoop",
    85,
    [[daysFromCivil(2025, 9, 1), 0.96]],
    2,
    2,
    0.03,
    3,
    10,
    25,
    1,
  ),
  ingredient(
    "butter",
    "kg",
    "Zuivel Noord",
    780,
    [[daysFromCivil(2025, 5, 1), 1.18]],
    1,
    2,
    0.04,
    3,
    5,
    10,
    1,
  ),
  ingredient(
    "milk",
    "l",
    "Zuivel Noord",
    105,
    [[daysFromCivil(2025, 5, 1), 1.06]],
    1,
    1,
    0.02,
    2.5,
    3,
    12,
    1,
  ),
  ingredient(
    "eggs",
    "pcs",
    "Eierhandel Jansen",
    28,
    [[daysFromCivil(2025, 1, 15), 1.1]],
    2,
    2,
    0.02,
    3,
    7,
    180,
    0,
  ),
  ingredient("sugar", "kg", "Groothandel Bakkersland", 110, [], 3, 3, 0.02, 4, 14, 25, 1),
  ingredient("yeast", "kg", "Groothandel Bakkersland", 450, [], 3, 3, 0.02, 4, 14, 5, 2),
  ingredient(
    "chocolate",
    "kg",
    "Cacao Import Zaandam",
    1120,
    [[daysFromCivil(2025, 3, 1), 1.3]],
    5,
    4,
    0.05,
    3,
    14,
    5,
    1,
  ),
  ingredient(
    "coffee beans",
    "kg",
    "Koffiebranderij Utrecht",
    2400,
    [[daysFromCivil(2025, 2, 1), 1.22]],
    3,
    4,
    0.04,
    3,
    10,
    6,
    1,
  ),
  ingredient("cheese", "kg", "Kaashandel Gouda", 1250, [], 2, 2, 0.02, 3, 7, 5, 1),
  ingredient("ham", "kg", "Slagerij Verbeek", 1500, [], 1, 2, 0.02, 3, 4, 2, 1),
  ingredient(
    "apples",
    "kg",
    "Fruitteelt Betuwe",
    220,
    [[daysFromCivil(2025, 8, 1), 0.9]],
    2,
    2,
    0.03,
    3,
    7,
    10,
    1,
  ),
];

function ingredient(
  name: string,
  unit: Ingredient["unit"],
  supplier: string,
  unitCostCents: number,
  costSteps: readonly (readonly [number, number])[],
  leadMin: number,
  leadSpread: number,
  delayProbability: number,
  safetyDays: number,
  cycleDays: number,
  packSize: number,
  decimals: number,
): Ingredient {
  return {
    name,
    unit,
    supplier,
    unitCostCents,
    costSteps,
    leadMin,
    leadSpread,
    delayProbability,
    safetyDays,
    cycleDays,
    packSize,
    decimals,
  };
}

/** Emergency purchases at the wholesaler, delivered the next day, when an ingredient runs out. */
export const EMERGENCY_SUPPLIER = "Cash & carry (emergency)";

export function unitCostOn(item: Ingredient, dayNumber: number): number {
  let factor = 1;
  for (const [from, value] of item.costSteps) if (dayNumber >= from) factor = value;
  return Math.round(item.unitCostCents * factor);
}

const INGREDIENT_INDEX = new Map(INGREDIENTS.map((item, index) => [item.name, index]));

/** Ingredient use per unit of each product, as a dense matrix [product][ingredient]. */
const RECIPES: readonly Float64Array[] = PRODUCTS.map((p) => {
  const row = new Float64Array(INGREDIENTS.length);
  for (const [name, amount] of Object.entries(p.recipe)) {
    const index = INGREDIENT_INDEX.get(name);
    if (index === undefined) throw new Error(`recipe of ${p.name} uses unknown ingredient ${name}`);
    row[index] = amount;
  }
  return row;
});

/** Products per ingredient. */
const USED_BY: readonly number[][] = INGREDIENTS.map((_, i) =>
  PRODUCTS.filter((p) => (RECIPES[p.index]?.[i] ?? 0) > 0).map((p) => p.index),
);

const WEB_ITEMS_PER_ORDER = 0.92 * 5 + 0.08 * 22;
const PHONE_ITEMS_PER_ORDER = 0.35 * 5 + 0.65 * 22;

/** Expected units sold per product on a day (both shops, counter and orders). */
export function expectedUnits(plan: DayPlan, scale: number, conversionBase: number): Float64Array {
  const units = new Float64Array(PRODUCT_COUNT);
  for (let shop = 0; shop < SHOP_COUNT; shop++) {
    const sd = shopDay(plan, shop);
    if (!sd.open) continue;
    for (let h = 0; h < 24; h++) {
      const lines = sd.hourly[h] ?? 0;
      if (lines === 0) continue;
      const mix = sd.mixes[hourSegment(h)] as ProductMix;
      for (const p of PRODUCTS) {
        const share = mix.shares[p.index] ?? 0;
        if (share > 0) addAt(units, p.index, lines * scale * share * expectedQuantity(p, sd.conditions));
      }
    }
  }
  const web = planWebDay(plan);
  const shape = expectedConversionShape(web);
  const webOrders = shape.conversions * conversionBase * scale * (TREATMENT_LIFT + 1) * 0.5;
  const items = webOrders * WEB_ITEMS_PER_ORDER + phoneOrderLevel(plan) * scale * PHONE_ITEMS_PER_ORDER;
  const mix = webMix(shopDay(plan, 0).conditions);
  for (const p of PRODUCTS) addAt(units, p.index, (items * (mix.shares[p.index] ?? 0)) / mix.volume);
  return units;
}

export interface Stockout {
  day: number;
  ingredient: string;
  /** Share of the day's need that was not there. */
  shortShare: number;
  /** Local time (seconds) from which products sold out, per shop. */
  soldOutAt: number[];
  products: string[];
}

export interface InventoryResult {
  inventoryRows: number;
  deliveryRows: number;
  stockouts: Stockout[];
  /** Sold-out second per product, for (day, shop) pairs with a stock-out. */
  soldOut: Map<number, Float64Array>;
}

function formatAmount(value: number, decimals: number): string {
  return decimals === 0 ? String(Math.round(value)) : value.toFixed(decimals);
}

/** The local second at which a share of a shop's counter demand has been served. */
function timeOfShare(plan: DayPlan, shop: number, share: number): number {
  const sd = shopDay(plan, shop);
  let total = 0;
  for (let h = 0; h < 24; h++) total += sd.hourly[h] ?? 0;
  if (total === 0) return 0;
  let cumulative = 0;
  for (let h = 0; h < 24; h++) {
    const lines = sd.hourly[h] ?? 0;
    if (lines > 0 && cumulative + lines >= share * total) {
      return Math.round(h * HOUR + ((share * total - cumulative) / lines) * HOUR);
    }
    cumulative += lines;
  }
  return sd.closeSec;
}

export async function writeInventory(options: {
  seed: number;
  scale: number;
  plans: readonly DayPlan[];
  conversionBase: number;
  inventoryPath: string;
  deliveriesPath: string;
  progress: Progress;
}): Promise<InventoryResult> {
  const { seed, scale, plans, conversionBase, inventoryPath, deliveriesPath, progress } = options;
  const rng = new Random(seed, "inventory");
  const inventory = new TextFileWriter(inventoryPath);
  inventory.append("date,ingredient,unit,on_hand,reorder_point,unit_cost\n");
  const deliveries = new TextFileWriter(deliveriesPath);
  deliveries.append("delivery_id,ingredient,supplier,ordered_on,delivered_on,quantity,lead_time_days\n");
  progress.start("inventory", PERIOD_DAYS);

  // Planned usage per day and ingredient (the owner's view of demand).
  const n = INGREDIENTS.length;
  const planned = new Float64Array(PERIOD_DAYS * n);
  for (const plan of plans) {
    const units = expectedUnits(plan, scale, conversionBase);
    for (let p = 0; p < PRODUCT_COUNT; p++) {
      const u = units[p] ?? 0;
      if (u === 0) continue;
      const recipe = RECIPES[p] as Float64Array;
      for (let i = 0; i < n; i++) addAt(planned, plan.index * n + i, u * (recipe[i] ?? 0));
    }
  }
  const averageUsage = (i: number, day: number): number => {
    let sum = 0;
    let days = 0;
    for (let d = Math.max(0, day - 28); d < Math.max(day, 28) && d < PERIOD_DAYS; d++) {
      sum += planned[d * n + i] ?? 0;
      days++;
    }
    return days ? sum / days : 0;
  };
  const roundUp = (quantity: number, item: Ingredient): number =>
    Math.max(1, Math.ceil(quantity / item.packSize)) * item.packSize;

  const onHand = new Float64Array(n);
  const reorderPoint = new Float64Array(n);
  const orderUpTo = new Float64Array(n);
  // Open purchase orders: [ingredient, arrival day, quantity].
  const open: { i: number; arrives: number; quantity: number }[] = [];
  const result: InventoryResult = { inventoryRows: 0, deliveryRows: 0, stockouts: [], soldOut: new Map() };
  let deliverySeq = 0;

  const review = (day: number): void => {
    for (let i = 0; i < n; i++) {
      const item = INGREDIENTS[i] as Ingredient;
      const usage = averageUsage(i, day);
      const lead = item.leadMin + item.leadSpread / 2;
      reorderPoint[i] = usage * (lead + item.safetyDays);
      orderUpTo[i] = (reorderPoint[i] ?? 0) + usage * item.cycleDays;
    }
  };
  review(0);
  for (let i = 0; i < n; i++) onHand[i] = roundUp(orderUpTo[i] ?? 0, INGREDIENTS[i] as Ingredient);

  const deliveryDay = (day: number): number => {
    const weekday = weekdayOf((plans[0]?.dayNumber ?? 0) + day);
    return weekday === 6 ? day + 1 : day;
  };

  for (const plan of plans) {
    const day = plan.index;
    const month = Number(plan.date.slice(5, 7));
    const dom = Number(plan.date.slice(8, 10));
    if (dom === 1 && (month === 1 || month === 4 || month === 7 || month === 10) && day > 0) review(day);
    // Morning: deliveries arrive.
    for (let k = open.length - 1; k >= 0; k--) {
      const po = open[k];
      if (po && po.arrives === day) {
        addAt(onHand, po.i, po.quantity);
        open.splice(k, 1);
      }
    }
    // The day's usage.
    const open0 = shopDay(plan, 0).open || shopDay(plan, 1).open;
    for (let i = 0; i < n; i++) {
      const item = INGREDIENTS[i] as Ingredient;
      const need = open0 ? (planned[day * n + i] ?? 0) * rng.lognormal(0, 0.1) : 0;
      const have = onHand[i] ?? 0;
      if (need > have && need > 0) {
        const servedShare = have / need;
        onHand[i] = 0;
        const soldOutAt: number[] = [];
        for (let shop = 0; shop < SHOP_COUNT; shop++) {
          const at = timeOfShare(plan, shop, servedShare);
          soldOutAt.push(at);
          const key = day * SHOP_COUNT + shop;
          let table = result.soldOut.get(key);
          if (!table) {
            table = new Float64Array(PRODUCT_COUNT).fill(Number.POSITIVE_INFINITY);
            result.soldOut.set(key, table);
          }
          for (const p of USED_BY[i] ?? []) table[p] = Math.min(table[p] ?? Number.POSITIVE_INFINITY, at);
        }
        result.stockouts.push({
          day,
          ingredient: item.name,
          shortShare: Math.round((1 - servedShare) * 1000) / 1000,
          soldOutAt,
          products: (USED_BY[i] ?? []).map((p) => PRODUCTS[p]?.name ?? ""),
        });
        // Emergency purchase for tomorrow, unless a delivery is already coming tomorrow.
        if (!open.some((po) => po.i === i && po.arrives <= day + 1)) {
          const quantity = roundUp(averageUsage(i, day) * 3, item);
          const arrives = day + 1;
          open.push({ i, arrives, quantity });
          deliverySeq++;
          deliveries.row(
            `D${String(deliverySeq).padStart(6, "0")},${item.name},${EMERGENCY_SUPPLIER},${plan.date},${formatDay(plan.dayNumber + 1)},${formatAmount(quantity, item.decimals)},1\n`,
          );
        }
      } else {
        onHand[i] = have - need;
      }
    }
    // Evening: purchase orders where the position is at or below the reorder point (not on Sundays).
    if (plan.weekday !== 6) {
      for (let i = 0; i < n; i++) {
        const item = INGREDIENTS[i] as Ingredient;
        let position = onHand[i] ?? 0;
        for (const po of open) if (po.i === i) position += po.quantity;
        if (position > (reorderPoint[i] ?? 0)) continue;
        const quantity = roundUp((orderUpTo[i] ?? 0) - position, item);
        let lead = item.leadMin + rng.int(item.leadSpread + 1);
        if (rng.bernoulli(item.delayProbability)) lead += rng.intBetween(2, 5);
        const arrives = Math.min(deliveryDay(day + lead), day + 30);
        open.push({ i, arrives, quantity });
        deliverySeq++;
        // Orders still open at the end of the period have no delivery date yet.
        const delivered = arrives < PERIOD_DAYS;
        deliveries.row(
          `D${String(deliverySeq).padStart(6, "0")},${item.name},${item.supplier},${plan.date},${delivered ? formatDay(plan.dayNumber + (arrives - day)) : ""},${formatAmount(quantity, item.decimals)},${delivered ? arrives - day : ""}\n`,
        );
      }
    }
    for (let i = 0; i < n; i++) {
      const item = INGREDIENTS[i] as Ingredient;
      inventory.row(
        `${plan.date},${item.name},${item.unit},${formatAmount(onHand[i] ?? 0, item.decimals)},${formatAmount(reorderPoint[i] ?? 0, item.decimals)},${(unitCostOn(item, plan.dayNumber) / 100).toFixed(2)}\n`,
      );
    }
    progress.update(day + 1, PERIOD_DAYS);
  }
  await inventory.close();
  await deliveries.close();
  progress.finish();
  result.inventoryRows = inventory.rows;
  result.deliveryRows = deliveries.rows;
  return result;
}
