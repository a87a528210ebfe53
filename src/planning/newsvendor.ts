/**
 * The newsvendor: how much of a perishable item to have when unsold units are wasted (overage cost h
 * per unit) and missing units are lost sales (underage cost p per unit). The best quantity S* is the
 * critical-ratio quantile of demand, CR = p / (p + h).
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalPdf from "@stdlib/stats-base-dists-normal-pdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { AppError } from "../core/index.js";
import type { NewsvendorResult } from "./planning.schema.js";

export type Demand =
  | { kind: "normal"; mean: number; sd: number }
  /** Observed demands of past periods, each equally likely. */
  | { kind: "empirical"; samples: readonly number[] };

export interface NewsvendorCosts {
  /** Cost of one unit short (p). */
  underage: number;
  /** Cost of one unit left over (h). */
  overage: number;
}

/** Expected sales, leftovers and shortage when `quantity` units are available. */
export interface QuantityOutcome {
  quantity: number;
  expectedSales: number;
  expectedLeftover: number;
  expectedShortage: number;
  expectedCost: number;
  /** Probability that demand does not exceed the quantity. */
  inStockProbability: number;
}

function checkCosts({ underage, overage }: NewsvendorCosts): void {
  if (!(underage > 0) || !(overage > 0) || !Number.isFinite(underage) || !Number.isFinite(overage))
    throw new AppError(
      "USAGE",
      `The newsvendor needs an underage cost and an overage cost above 0; got underage ${underage}, overage ${overage}.`,
    );
}

export function criticalRatio({ underage, overage }: NewsvendorCosts): number {
  return underage / (underage + overage);
}

/** Standard normal loss function L(z) = E[(Z − z)⁺] = φ(z) − z·(1 − Φ(z)). */
export function normalLoss(z: number): number {
  return normalPdf(z, 0, 1) - z * (1 - normalCdf(z, 0, 1));
}

/** Outcome of stocking `quantity` against `demand` (expected shortage from the loss function). */
export function evaluateQuantity(quantity: number, demand: Demand, costs: NewsvendorCosts): QuantityOutcome {
  let shortage: number;
  let mean: number;
  let inStock: number;
  if (demand.kind === "normal") {
    mean = demand.mean;
    if (demand.sd === 0) {
      shortage = Math.max(0, demand.mean - quantity);
      inStock = quantity >= demand.mean ? 1 : 0;
    } else {
      const z = (quantity - demand.mean) / demand.sd;
      shortage = demand.sd * normalLoss(z);
      inStock = normalCdf(z, 0, 1);
    }
  } else {
    const n = demand.samples.length;
    let total = 0;
    let short = 0;
    let covered = 0;
    for (const d of demand.samples) {
      total += d;
      short += Math.max(0, d - quantity);
      if (d <= quantity) covered++;
    }
    mean = total / n;
    shortage = short / n;
    inStock = covered / n;
  }
  const sales = mean - shortage;
  const leftover = quantity - sales;
  return {
    quantity,
    expectedSales: sales,
    expectedLeftover: leftover,
    expectedShortage: shortage,
    expectedCost: costs.overage * leftover + costs.underage * shortage,
    inStockProbability: inStock,
  };
}

/**
 * Normal demand: S* = μ + σ·z with z = Φ⁻¹(p / (p + h)), and the expected cost at S* is
 * (p + h)·σ·φ(z).
 */
export function newsvendorNormal(mean: number, sd: number, costs: NewsvendorCosts): NewsvendorResult {
  checkCosts(costs);
  if (!(mean >= 0) || !(sd >= 0))
    throw new AppError(
      "USAGE",
      `Demand needs a mean and a standard deviation of at least 0; got ${mean} and ${sd}.`,
    );
  const ratio = criticalRatio(costs);
  const z = normalQuantile(ratio, 0, 1);
  const quantity = mean + sd * z;
  const outcome = evaluateQuantity(quantity, { kind: "normal", mean, sd }, costs);
  return {
    method: "normal",
    criticalRatio: ratio,
    quantity,
    z,
    expectedCost: (costs.underage + costs.overage) * sd * normalPdf(z, 0, 1),
    expectedSales: outcome.expectedSales,
    expectedLeftover: outcome.expectedLeftover,
    expectedShortage: outcome.expectedShortage,
  };
}

/**
 * Demand from data: S* is the smallest observed demand whose empirical distribution reaches the
 * critical ratio, F̂(S*) ≥ p / (p + h); costs are averaged over the observations.
 */
export function newsvendorEmpirical(samples: readonly number[], costs: NewsvendorCosts): NewsvendorResult {
  checkCosts(costs);
  if (samples.length === 0)
    throw new AppError("USAGE", "The newsvendor from data needs at least one observed demand.");
  if (samples.some((s) => !(s >= 0) || !Number.isFinite(s)))
    throw new AppError("USAGE", "Observed demands must be numbers of at least 0.");
  const sorted = [...samples].sort((a, b) => a - b);
  const ratio = criticalRatio(costs);
  const k = Math.max(1, Math.ceil(ratio * sorted.length - 1e-9));
  const quantity = sorted[k - 1] as number;
  const outcome = evaluateQuantity(quantity, { kind: "empirical", samples: sorted }, costs);
  return {
    method: "empirical",
    criticalRatio: ratio,
    quantity,
    z: null,
    expectedCost: outcome.expectedCost,
    expectedSales: outcome.expectedSales,
    expectedLeftover: outcome.expectedLeftover,
    expectedShortage: outcome.expectedShortage,
  };
}

/**
 * The best whole number of units: for normal demand the cost is convex in the quantity, so the best
 * integer is the floor or the ceiling of S*; for data it is S* itself when the data are whole.
 */
export function wholeUnits(demand: Demand, costs: NewsvendorCosts): QuantityOutcome {
  const best =
    demand.kind === "normal"
      ? newsvendorNormal(demand.mean, demand.sd, costs).quantity
      : newsvendorEmpirical(demand.samples, costs).quantity;
  const low = Math.max(0, Math.floor(best));
  const high = Math.max(0, Math.ceil(best));
  const a = evaluateQuantity(low, demand, costs);
  if (high === low) return a;
  const b = evaluateQuantity(high, demand, costs);
  return b.expectedCost < a.expectedCost ? b : a;
}
