/**
 * `opsloop plan` through the built binary, as a user runs it (needs `npm run build`).
 */
import { describe, expect, it } from "vitest";
import { runOpsloop } from "./helpers/cli.js";

async function json(args: string[]): Promise<{ code: number | null; body: Record<string, unknown> }> {
  const run = await runOpsloop([...args, "--json"]);
  return { code: run.code, body: JSON.parse(run.stdout || "{}") };
}

describe("opsloop plan (built CLI)", () => {
  it("staffing matches pyworkforce: 14 raw, 20 scheduled, service level 0.888, occupancy 0.714, P(wait) 0.174", async () => {
    const { code, body } = await json([
      "plan",
      "staffing",
      "--arrivals",
      "100",
      "--interval",
      "30",
      "--handling-time",
      "3",
      "--answer-within",
      "20",
      "--service-level",
      "0.8",
      "--shrinkage",
      "0.3",
      "--max-occupancy",
      "0.85",
    ]);
    expect(code).toBe(0);
    const [i] = body.intervals as Record<string, number>[];
    expect([i?.rawAgents, i?.scheduledAgents]).toEqual([14, 20]);
    expect([i?.serviceLevel, i?.occupancy, i?.waitingProbability].map((x) => x?.toFixed(3))).toEqual([
      "0.888",
      "0.714",
      "0.174",
    ]);
  });

  it("inventory matches stockpyl's EOQ", async () => {
    const { code, body } = await json([
      "plan",
      "inventory",
      "--demand",
      "1300",
      "--order-cost",
      "8",
      "--holding-cost",
      "0.225",
    ]);
    expect(code).toBe(0);
    const [item] = body.items as { eoq: { orderQuantity: number } }[];
    expect(Math.abs((item?.eoq.orderQuantity ?? 0) - 304.0467800264368)).toBeLessThan(1e-9);
  });

  it("exits 2 with a JSON error naming the flag", async () => {
    const { code, body } = await json([
      "plan",
      "staffing",
      "--arrivals",
      "100",
      "--handling-time",
      "3",
      "--max-occupancy",
      "1.2",
    ]);
    expect(code).toBe(2);
    expect((body.error as { code: string; message: string }).message).toMatch(
      /--max-occupancy must be at most 1/,
    );
  });
});
