/**
 * Process mining finds what the demo generator injected into its order log (ground-truth.json):
 * the Saturday-morning baking bottleneck, the quality-check re-bake loop and the case attribute that
 * makes orders slow.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoWorkspace } from "../src/demo-workspace/index.js";
import {
  findLogConfig,
  type MineTarget,
  mineBottlenecks,
  mineHandover,
  mineRework,
  mineRootCause,
  mineValueStream,
} from "../src/mining/index.js";
import { Workspace } from "../src/workspace/index.js";

interface Effect {
  id: string;
  segment: Record<string, string>;
  details?: Record<string, unknown>;
}

describe("mining the demo's order log", () => {
  let workspace: Workspace;
  let target: MineTarget;
  let effects: Map<string, Effect>;

  beforeAll(async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "opsloop-mine-demo-")), "demo");
    await createDemoWorkspace(dir, { seed: 1, scale: 1 });
    workspace = await Workspace.open(dir);
    target = { workspace, config: findLogConfig(workspace, "order-fulfilment") };
    const truth = JSON.parse(readFileSync(join(dir, "data/ground-truth.json"), "utf8")) as {
      effects: Effect[];
    };
    effects = new Map(truth.effects.map((e) => [e.id, e]));
  }, 180_000);

  afterAll(() => workspace.close());

  it("ranks the injected Saturday-morning wait before baking first", async () => {
    const truth = effects.get("saturday-oven-bottleneck") as Effect;
    const [from, to] = (truth.segment.hours as string).split("-").map((h) => Number(h.slice(0, 2))) as [
      number,
      number,
    ];
    const result = await mineBottlenecks(target, {}, ["weekday", "hour"]);
    const top = result.segments?.[0];
    expect(top?.activity).toBe(truth.segment.activity);
    expect(top?.weekday?.toLowerCase()).toBe(truth.segment.weekday);
    expect(top?.hour).toBeGreaterThanOrEqual(from);
    expect(top?.hour).toBeLessThan(to);
    expect(result.sentence).toContain("Bake");
    // By weekday alone, Saturday's Bake wait also comes first.
    const byDay = await mineBottlenecks(target, {}, ["weekday"]);
    expect(byDay.segments?.[0]).toMatchObject({ activity: "Bake", weekday: "Saturday" });
  });

  it("finds the re-bake loop at the injected failure rate within one percentage point", async () => {
    const truth = effects.get("quality-rework") as Effect;
    const injected = truth.details?.reworkRate as number;
    const result = await mineRework(target, {});
    const check = result.activities.find((a) => a.name === "Quality check");
    expect(result.activities[0]?.name).toBe("Quality check");
    expect(Math.abs((check?.share ?? 0) - injected)).toBeLessThanOrEqual(0.01);
    expect(result.loops[0]).toMatchObject({ from: "Re-bake", to: "Quality check" });
  });

  it("names the injected attribute first as the cause of slow orders", async () => {
    const truth = effects.get("slow-payment") as Effect;
    const [[attribute, value]] = Object.entries(truth.segment) as [[string, string]];
    const result = await mineRootCause(target, {}, { slow: "p80" });
    expect(result.target.rate).toBeCloseTo(0.2, 2);
    expect(result.factors[0]).toMatchObject({ attribute, value });
    expect(result.factors[0]?.liftLow).toBeGreaterThan(1);
    expect(result.factors[0]?.sentence).toContain(`${attribute} = ${value}`);
  });

  it("splits lead time into value-adding, other work and waiting that add up", async () => {
    const result = await mineValueStream(target, {});
    const o = result.overall;
    expect(result.valueAdding).toEqual(expect.arrayContaining(["Bake", "Pack"]));
    expect(o.valueAddingSeconds + o.nonValueAddingSeconds + o.waitingSeconds).toBeCloseTo(o.leadSeconds, 0);
    expect(o.efficiency).toBeGreaterThan(0);
    expect(o.efficiency).toBeLessThan(1);
  });

  it("finds the payment provider as the only one who records payments", async () => {
    const result = await mineHandover(target, {}, "resource");
    expect(result.singlePerson).toContainEqual(
      expect.objectContaining({ activity: "Payment received", resource: "payment-provider" }),
    );
    expect(result.edges.length).toBeGreaterThan(0);
  });
});
