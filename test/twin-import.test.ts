/**
 * BPMN + parameters → twin model: the flow shape of a hand-written block-structured process,
 * routing frequencies in simulation against the given probabilities, the refusal of a model that is
 * not block-structured, Prosimos parameters mapped field by field, our BPMN writer's round trip and
 * `opsloop simulate MODEL.bpmn --params FILE`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildProgram } from "../src/cli/program.js";
import { AppError, toAppError } from "../src/core/index.js";
import { readBpmn, writeBpmn } from "../src/mining/model/index.js";
import { bpmnToFlow, modelFromBpmn, modelFromProsimos, simulateModel } from "../src/twin/index.js";

const dir = join(import.meta.dirname, "fixtures", "twin");
const read = (name: string) => readFileSync(join(dir, name), "utf8");
const ORDER = read("order-process.bpmn");
const PARAMS = parse(read("order-process.params.yaml")) as unknown;

describe("a BPMN model with our parameter file", () => {
  it("turns sequence, rework loop, exclusive choice and parallel block into the twin's flow", () => {
    const { model, warnings } = modelFromBpmn(ORDER, PARAMS, { bpmnFile: "order-process.bpmn" });
    expect(warnings).toEqual([]);
    expect(model.name).toBe("order-handling");
    expect(model.flow).toEqual([
      "Receive order",
      "Check order",
      { name: "Order complete?", loop: ["Fix order", "Check order"], repeatProbability: 0.2 },
      {
        name: "Fulfilment",
        choice: [
          { name: "Prepare collection", p: 0.7, flow: ["Prepare collection"] },
          { name: "Prepare shipping", p: 0.3, flow: ["Prepare shipping"] },
        ],
      },
      { name: "Pack and invoice", parallel: [["Pack"], ["Invoice"]] },
      "Close order",
    ]);
    expect(model.activities.find((a) => a.name === "Prepare shipping")).toEqual({
      name: "Prepare shipping",
      duration: { dist: "fixed", value: 2 },
    });
  });

  it("routes cases as often as the probabilities say (±3% over 20,000 cases)", () => {
    const { model } = modelFromBpmn(ORDER, PARAMS);
    const { report } = simulateModel(model, [], { cases: 20_000, warmup: 0, replications: 1, seed: 11 });
    const base = report.scenarios[0];
    if (!base) throw new Error("no baseline");
    const count = (name: string) => base.activities.find((a) => a.name === name)?.count ?? 0;
    const cases = base.cases.counted;
    expect(cases).toBe(20_000);
    // Choice: 70% collection, 30% shipping.
    expect(Math.abs(count("Prepare collection") / cases - 0.7)).toBeLessThan(0.03);
    expect(Math.abs(count("Prepare shipping") / cases - 0.3)).toBeLessThan(0.03);
    // Loop with repeat probability 0.2: expected reworks per case p / (1 − p) = 0.25 (geometric).
    expect(Math.abs(count("Fix order") / cases - 0.25)).toBeLessThan(0.03);
    expect(count("Check order")).toBe(cases + count("Fix order"));
    // Parallel block: both branches for every case.
    expect(count("Pack")).toBe(cases);
    expect(count("Invoice")).toBe(cases);
  });

  it("shares the probability left over equally and defaults to equal branches", () => {
    const params = { ...(PARAMS as object), probabilities: { g_how: { f_collect: 0.5 } }, loops: {} };
    const flow = modelFromBpmn(ORDER, params).model.flow;
    const choice = flow[3] as { choice: { p: number }[] };
    expect(choice.choice.map((b) => b.p)).toEqual([0.5, 0.5]);
    const loop = flow[2] as { repeatProbability: number };
    expect(loop.repeatProbability).toBe(0.5);
  });

  it("refuses a task in the parameters that the model does not have, with a hint", () => {
    const params = { ...(PARAMS as object), activities: { "Chek order": {} } };
    expect(() => modelFromBpmn(ORDER, params)).toThrow(
      /"Chek order" is not a task.*did you mean "Check order"/,
    );
  });
});

describe("a model that is not block-structured", () => {
  it("fails with MODEL_INVALID naming the gateway and suggesting to restructure", () => {
    let error: unknown;
    try {
      bpmnToFlow(readBpmn(read("unstructured.bpmn"), "unstructured.bpmn"), { file: "unstructured.bpmn" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe("MODEL_INVALID");
    expect(appError.message).toMatch(
      /^unstructured\.bpmn: .*exclusive gateway "More" \(id g_more\).*not block-structured; restructure/,
    );
    expect(appError.details.gateway).toEqual({ id: "g_more", name: "More" });
  });
});

describe("Prosimos parameters", () => {
  const json = JSON.parse(read("order-process.prosimos.json")) as unknown;
  const { model, warnings } = modelFromProsimos(ORDER, json, { paramsFile: "order-process.prosimos.json" });
  const activity = (name: string) => model.activities.find((a) => a.name === name);

  it("converts arrival distribution and calendar from seconds to the model's minutes", () => {
    expect(model.timeUnit).toBe("minute");
    // expon [mean 600 s, min 0, max 6000 s] → 10 min, truncated at 100 min.
    expect(model.arrivals.interarrival).toEqual({ dist: "exponential", mean: 10, max: 100 });
    // One arrival every 600 s inside the calendar → 6 per hour.
    expect(model.arrivals.calendar).toEqual([
      { days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00", perHour: 6 },
    ]);
  });

  it("maps resource profiles and calendars to pools with capacity, shifts and average cost", () => {
    // Profiles with the same resources become one pool.
    expect(Object.keys(model.resources).sort()).toEqual(["Clerks", "Packers"]);
    expect(model.resources.Clerks).toEqual({
      capacity: 1, // Clerk_2's calendar is the whole week
      shifts: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "08:00", to: "18:00", capacity: 1 }],
      costPerHour: 22,
    });
    expect(model.resources.Packers).toEqual({
      shifts: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "08:00", to: "18:00", capacity: 2 }],
      costPerHour: 16,
    });
  });

  it("maps task durations (first resource's distribution) from seconds to minutes", () => {
    expect(activity("Receive order")).toEqual({
      name: "Receive order",
      resource: "Clerks",
      duration: { dist: "fixed", value: 1 },
    });
    expect(activity("Check order")?.duration).toEqual({ dist: "normal", mean: 2, sd: 0.5, max: 10 });
    const fix = activity("Fix order")?.duration as { dist: string; mean: number; sd: number; max: number };
    expect(fix.dist).toBe("gamma");
    expect(fix.mean).toBe(2);
    expect(fix.sd).toBeCloseTo(Math.sqrt(1800) / 60, 12); // variance 1800 s² → sd 0.7071 min
    expect(fix.max).toBe(10);
    expect(activity("Prepare collection")?.duration).toEqual({ dist: "exponential", mean: 1, max: 10 });
    const ship = activity("Prepare shipping")?.duration as { dist: string; mu: number; sigma: number };
    expect(ship.dist).toBe("lognormal");
    expect(ship.mu).toBeCloseTo(Math.log(1.5), 12); // scipy scale 90 s = 1.5 min
    expect(ship.sigma).toBe(0.5);
    expect(activity("Pack")).toEqual({
      name: "Pack",
      resource: "Packers",
      duration: { dist: "uniform", min: 1, max: 3 },
    });
    expect(activity("Invoice")?.duration).toEqual({ dist: "triangular", min: 1, mode: 1.5, max: 3 });
    expect(activity("Close order")?.duration).toBeUndefined();
  });

  it("uses the gateway branching probabilities for choices and the loop", () => {
    const loop = model.flow[2] as { repeatProbability: number };
    expect(loop.repeatProbability).toBeCloseTo(0.1, 12);
    const choice = model.flow[3] as { choice: { p: number }[] };
    expect(choice.choice.map((b) => b.p)).toEqual([0.6, 0.4]);
  });

  it("lists what has no counterpart or was approximated", () => {
    expect(warnings.some((w) => /"case_attributes" has no counterpart/.test(w))).toBe(true);
    expect(warnings.some((w) => /batch_processing/.test(w))).toBe(false); // empty: nothing lost
    expect(warnings.some((w) => /first resource's distribution: "Check order"/.test(w))).toBe(true);
    expect(warnings.some((w) => /"Clerks" mix costs per hour/.test(w))).toBe(true);
    expect(warnings.some((w) => /no duration is given for "Close order"/.test(w))).toBe(true);
  });
});

describe("our BPMN writer", () => {
  it("writes a block-structured model that reads back into the same flow", async () => {
    const bpmn = readBpmn(ORDER, "order-process.bpmn");
    const again = readBpmn(await writeBpmn(bpmn), "written.bpmn");
    const options = { probabilities: { Fulfilment: { f_collect: 0.7, f_ship: 0.3 } }, loops: { g_ok: 0.2 } };
    expect(bpmnToFlow(again, options)).toEqual(bpmnToFlow(bpmn, options));
  });
});

describe("opsloop simulate MODEL.bpmn --params FILE", () => {
  async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const io = {
      stdout: (t: string) => {
        stdout += t;
      },
      stderr: (t: string) => {
        stderr += t;
      },
      isTTY: false,
      cwd: dir,
    };
    const { program } = buildProgram(io);
    program.exitOverride();
    let code = 0;
    try {
      await program.parseAsync(args, { from: "user" });
    } catch (error) {
      const appError = toAppError(error);
      stdout += appError.message;
      code = appError.exitCode;
    }
    return { code, stdout, stderr };
  }

  it("simulates with our parameter file", async () => {
    const out = await run([
      "--json",
      "simulate",
      "order-process.bpmn",
      "--params",
      "order-process.params.yaml",
      "--cases",
      "500",
      "--replications",
      "2",
      "--seed",
      "1",
    ]);
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.model).toBe("order-handling");
    expect(report.scenarios[0].activities.map((a: { name: string }) => a.name)).toContain("Fix order");
  });

  it("recognises Prosimos parameters and notes what was not used", async () => {
    const out = await run([
      "--json",
      "simulate",
      "order-process.bpmn",
      "--params",
      "order-process.prosimos.json",
      "--cases",
      "300",
      "--replications",
      "2",
    ]);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).scenarios[0].utilization.Clerks.mean).toBeGreaterThan(0);
    expect(out.stderr).toMatch(/note: .*"case_attributes" has no counterpart/);
  });

  it("asks for --params when a BPMN model comes without one", async () => {
    const out = await run(["simulate", "order-process.bpmn"]);
    expect(out.code).toBe(2);
    expect(out.stdout).toMatch(/needs a parameter file: --params FILE/);
  });
});
