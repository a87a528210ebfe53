import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { economicOrderQuantity, planInventory, reorderPoint } from "./inventory.js";
import { evaluateQuantity, newsvendorEmpirical, newsvendorNormal, wholeUnits } from "./newsvendor.js";

describe("economic order quantity", () => {
  it("matches stockpyl: K = 8, h = 0.225, D = 1300", () => {
    const r = economicOrderQuantity(8, 0.225, 1300);
    expect(Math.abs(r.orderQuantity - 304.0467800264368)).toBeLessThan(1e-9);
    expect(Math.abs(r.costPerPeriod - 68.410525505948272)).toBeLessThan(1e-9);
    expect(r.ordersPerPeriod).toBeCloseTo(1300 / 304.0467800264368, 12);
  });
});

describe("newsvendor", () => {
  it("matches stockpyl for normal demand: h = 0.18, p = 0.7, μ = 50, σ = 8", () => {
    const r = newsvendorNormal(50, 8, { underage: 0.7, overage: 0.18 });
    expect(Math.abs(r.quantity - 56.603955927433887)).toBeLessThan(1e-9);
    expect(Math.abs(r.expectedCost - 1.997605193176645)).toBeLessThan(1e-9);
    expect(r.criticalRatio).toBeCloseTo(0.7 / 0.88, 15);
  });

  it("gives the same expected cost from the loss function as from the closed form", () => {
    const costs = { underage: 0.7, overage: 0.18 };
    const r = newsvendorNormal(50, 8, costs);
    const outcome = evaluateQuantity(r.quantity, { kind: "normal", mean: 50, sd: 8 }, costs);
    expect(outcome.expectedCost).toBeCloseTo(r.expectedCost, 10);
    expect(outcome.inStockProbability).toBeCloseTo(r.criticalRatio, 10);
  });

  it("from data takes the critical-ratio quantile: 10 days, ratio 0.75 → the 8th smallest", () => {
    const samples = [12, 7, 9, 15, 10, 11, 8, 14, 13, 6];
    const r = newsvendorEmpirical(samples, { underage: 3, overage: 1 });
    expect(r.quantity).toBe(13);
    // Hand-worked: leftovers 13−d for d ≤ 13 sum to 1+6+4+3+2+5+0+7 = 28 → 2.8 × 1; shortages 1+2 = 3 → 0.3 × 3.
    expect(r.expectedCost).toBeCloseTo(2.8 + 0.9, 12);
  });

  it("in whole units picks the cheaper of the two integers around S*", () => {
    const demand = { kind: "normal", mean: 50, sd: 8 } as const;
    const costs = { underage: 0.7, overage: 0.18 };
    const best = wholeUnits(demand, costs);
    expect([56, 57]).toContain(best.quantity);
    for (const q of [55, 56, 57, 58])
      expect(evaluateQuantity(q, demand, costs).expectedCost).toBeGreaterThanOrEqual(
        best.expectedCost - 1e-12,
      );
  });

  it("stocks more as the critical ratio rises (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        (p, extra, h, mean, sd) => {
          const a = newsvendorNormal(mean, sd, { underage: p, overage: h });
          const b = newsvendorNormal(mean, sd, { underage: p + extra, overage: h });
          expect(b.criticalRatio).toBeGreaterThan(a.criticalRatio);
          expect(b.quantity).toBeGreaterThanOrEqual(a.quantity - 1e-9);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe("reorder point", () => {
  it("adds lead-time variability to demand variability: d = 20, σd = 5, L = 4, σL = 1, 95%", () => {
    const r = reorderPoint({ demand: 20, demandSd: 5, leadTime: 4, leadTimeSd: 1, serviceLevel: 0.95 });
    const sd = Math.sqrt(4 * 25 + 400 * 1); // √500
    expect(r.leadTimeDemand).toBe(80);
    expect(r.leadTimeDemandSd).toBeCloseTo(sd, 12);
    expect(r.safetyStock).toBeCloseTo(1.6448536269514722 * sd, 9);
    expect(r.reorderPoint).toBeCloseTo(80 + 1.6448536269514722 * sd, 9);
  });

  it("needs no safety stock at a 50% service level", () => {
    const r = reorderPoint({ demand: 20, demandSd: 5, leadTime: 4, leadTimeSd: 1, serviceLevel: 0.5 });
    expect(r.safetyStock).toBeCloseTo(0, 12);
    expect(normalQuantile(0.5, 0, 1)).toBe(0);
  });
});

describe("planInventory", () => {
  it("plans what each item's inputs allow", () => {
    const plan = planInventory([
      { item: "flour", demand: 1300, orderCost: 8, holdingCost: 0.225 },
      { item: "croissants", demand: 50, demandSd: 8, underageCost: 0.7, overageCost: 0.18 },
    ]);
    expect(plan.items[0]?.eoq?.orderQuantity).toBeCloseTo(304.0467800264368, 9);
    expect(plan.items[0]?.newsvendor).toBeNull();
    expect(plan.items[1]?.newsvendor?.quantity).toBeCloseTo(56.603955927433887, 9);
  });

  it.each([
    [{ demand: 10, orderCost: -8, holdingCost: 1 }, /orderCost must be at least 0; got -8/],
    [{ demand: 10, orderCost: 8, holdingCost: 0 }, /holdingCost must be above 0/],
    [{ demand: -1, orderCost: 8, holdingCost: 1 }, /demand must be at least 0/],
    [{ demand: 10, leadTime: 2, serviceLevel: 1 }, /serviceLevel must be below 1/],
    [{ demand: 10, underageCost: -1, overageCost: 1 }, /underageCost must be above 0/],
    [{ demand: 10 }, /Nothing to plan/],
  ])("refuses %o", (item, message) => {
    expect(() => planInventory([item])).toThrow(message);
  });
});
