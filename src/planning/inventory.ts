/**
 * Stock planning: the economic order quantity, the reorder point with safety stock against both
 * demand and lead-time variability, and the newsvendor quantity for perishables.
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { AppError } from "../core/index.js";
import { newsvendorEmpirical, newsvendorNormal } from "./newsvendor.js";
import {
  type EoqResult,
  type InventoryPlan,
  inventoryItemSchema,
  type ReorderPointResult,
} from "./planning.schema.js";
import type { FieldNames } from "./staffing.js";
import { checkInput } from "./validate.js";

/** EOQ (Harris 1913): Q* = √(2KD/h), with ordering plus holding cost per period √(2KDh). */
export function economicOrderQuantity(orderCost: number, holdingCost: number, demand: number): EoqResult {
  if (!(orderCost >= 0) || !(holdingCost > 0) || !(demand >= 0))
    throw new AppError(
      "USAGE",
      `EOQ needs an order cost ≥ 0, a holding cost > 0 and a demand ≥ 0; got ${orderCost}, ${holdingCost}, ${demand}.`,
    );
  const quantity = Math.sqrt((2 * orderCost * demand) / holdingCost);
  return {
    orderQuantity: quantity,
    costPerPeriod: Math.sqrt(2 * orderCost * demand * holdingCost),
    ordersPerPeriod: quantity > 0 ? demand / quantity : 0,
    periodsBetweenOrders: demand > 0 && quantity > 0 ? quantity / demand : null,
  };
}

/**
 * Reorder point with random demand and random lead time: the demand over the lead time has mean d·L
 * and standard deviation √(L·σd² + d²·σL²); safety stock is z times that, z the normal quantile of the
 * cycle service level, and the reorder point is d·L plus the safety stock.
 */
export function reorderPoint(options: {
  demand: number;
  demandSd: number;
  leadTime: number;
  leadTimeSd: number;
  serviceLevel: number;
}): ReorderPointResult {
  const { demand, demandSd, leadTime, leadTimeSd, serviceLevel } = options;
  if (!(serviceLevel > 0 && serviceLevel < 1))
    throw new AppError("USAGE", `The cycle service level must be above 0 and below 1; got ${serviceLevel}.`);
  if (![demand, demandSd, leadTime, leadTimeSd].every((v) => v >= 0 && Number.isFinite(v)))
    throw new AppError("USAGE", "Demand, lead time and their standard deviations must be numbers ≥ 0.");
  const z = normalQuantile(serviceLevel, 0, 1);
  const mean = demand * leadTime;
  const sd = Math.sqrt(leadTime * demandSd ** 2 + demand ** 2 * leadTimeSd ** 2);
  const safetyStock = z * sd;
  return { z, leadTimeDemand: mean, leadTimeDemandSd: sd, safetyStock, reorderPoint: mean + safetyStock };
}

/**
 * Plans each item with what its inputs allow: EOQ when order and holding costs are given, a reorder
 * point when a lead time and a service level are, the newsvendor when underage and overage costs are.
 */
export function planInventory(items: readonly unknown[], names: FieldNames = {}): InventoryPlan {
  if (items.length === 0) throw new AppError("USAGE", "Give at least one item to plan.");
  if (items.length > 10_000) throw new AppError("USAGE", "The planner takes at most 10,000 items at once.");
  return {
    items: items.map((raw, i) => {
      const item = checkInput(inventoryItemSchema, raw, names, items.length > 1 ? `items[${i}]` : undefined);
      const eoq =
        item.orderCost !== undefined && item.holdingCost !== undefined
          ? economicOrderQuantity(item.orderCost, item.holdingCost, item.demand)
          : null;
      const rop =
        item.leadTime !== undefined && item.serviceLevel !== undefined
          ? reorderPoint({
              demand: item.demand,
              demandSd: item.demandSd,
              leadTime: item.leadTime,
              leadTimeSd: item.leadTimeSd,
              serviceLevel: item.serviceLevel,
            })
          : null;
      const costs =
        item.underageCost !== undefined && item.overageCost !== undefined
          ? { underage: item.underageCost, overage: item.overageCost }
          : null;
      const newsvendor = costs
        ? item.samples
          ? newsvendorEmpirical(item.samples, costs)
          : newsvendorNormal(item.demand, item.demandSd, costs)
        : null;
      if (!eoq && !rop && !newsvendor)
        throw new AppError(
          "USAGE",
          `Nothing to plan for "${item.item}": give ${names.orderCost ?? "orderCost"} and ${names.holdingCost ?? "holdingCost"} for EOQ, ${names.leadTime ?? "leadTime"} and ${names.serviceLevel ?? "serviceLevel"} for a reorder point, or ${names.underageCost ?? "underageCost"} and ${names.overageCost ?? "overageCost"} for the newsvendor.`,
        );
      return { item: item.item, eoq, reorderPoint: rop, newsvendor };
    }),
  };
}
