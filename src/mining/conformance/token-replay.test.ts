import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sharedData } from "../../../test/helpers/shared-data.js";
import { readTraceLog } from "../../../test/helpers/trace-log.js";
import { readPnml } from "../model/pnml.js";
import type { PetriNet, TraceLog } from "../model/types.js";
import { tokenReplay } from "./token-replay.js";

const MODELS = join(import.meta.dirname, "../../../test/fixtures/pm4py/models");

interface Pm4pyFigures {
  log_fitness: number;
  average_trace_fitness: number;
  percentage_of_fitting_traces: number;
}

interface Pm4pyTrace {
  case: string;
  activities: string[];
  fitness: number;
  is_fit: boolean;
  missing: number;
  consumed: number;
  remaining: number;
  produced: number;
}

interface Pm4pyModel {
  log: string;
  cases: number;
  pnml: Pm4pyFigures;
  bpmn: Pm4pyFigures;
  traces?: Pm4pyTrace[];
}

const PM4PY = JSON.parse(readFileSync(join(MODELS, "pm4py-token-replay.json"), "utf8")) as {
  models: Record<string, Pm4pyModel>;
};

function model(name: string): Pm4pyModel {
  const found = PM4PY.models[name];
  if (!found) throw new Error(`no PM4Py figures for ${name}`);
  return found;
}

function readNet(file: string): PetriNet {
  return readPnml(readFileSync(join(MODELS, file), "utf8"), file);
}

/** A trace log from activity sequences, one case each. */
function logOf(...traces: string[][]): TraceLog {
  const activities: string[] = [];
  const toIndex = (name: string): number => {
    const i = activities.indexOf(name);
    if (i >= 0) return i;
    activities.push(name);
    return activities.length - 1;
  };
  return { activities, traces: traces.map((trace) => ({ trace: trace.map(toIndex), count: 1 })) };
}

/** p0 → a → p1 → b → p2, with a silent skip of b. */
const SEQUENCE: PetriNet = {
  name: "sequence",
  places: [{ id: "p0" }, { id: "p1" }, { id: "p2" }],
  transitions: [
    { id: "a", label: "a" },
    { id: "b", label: "b" },
    { id: "skip", label: null },
  ],
  arcs: [
    { source: "p0", target: "a" },
    { source: "a", target: "p1" },
    { source: "p1", target: "b" },
    { source: "b", target: "p2" },
    { source: "p1", target: "skip" },
    { source: "skip", target: "p2" },
  ],
  initialMarking: { p0: 1 },
  finalMarking: { p2: 1 },
};

describe("token-based replay on hand-worked nets", () => {
  it("gives fitness 1 to a trace the net allows, counting the start and end tokens", () => {
    const result = tokenReplay(SEQUENCE, logOf(["a", "b"]));
    expect(result.traces[0]).toMatchObject({
      fitness: 1,
      fits: true,
      missing: 0,
      remaining: 0,
      consumed: 3,
      produced: 3,
    });
    expect(result.fitness).toBe(1);
    expect(result.percentageFittingTraces).toBe(100);
  });

  it("reaches the final marking through a silent transition at the end", () => {
    const result = tokenReplay(SEQUENCE, logOf(["a"]));
    expect(result.traces[0]).toMatchObject({
      fitness: 1,
      missing: 0,
      remaining: 0,
      consumed: 3,
      produced: 3,
    });
  });

  it("counts a missing token for an activity that happened before it was enabled", () => {
    // b fires with a token added to p1 (m=1); a then puts a token in p1 that nothing consumes (r=1).
    const result = tokenReplay(SEQUENCE, logOf(["b", "a"]));
    const trace = result.traces[0];
    expect(trace).toMatchObject({ missing: 1, remaining: 1, consumed: 3, produced: 3, fits: false });
    expect(trace?.fitness).toBeCloseTo(0.5 * (1 - 1 / 3) + 0.5 * (1 - 1 / 3), 12);
    expect(trace?.missingActivities).toEqual(["b"]);
    expect(result.deviations[0]).toMatchObject({ activity: "b", unexpectedCases: 1 });
  });

  it("leaves activities the model does not know out of the replay and reports them", () => {
    const result = tokenReplay(SEQUENCE, logOf(["a", "x", "b"]));
    expect(result.traces[0]).toMatchObject({ fitness: 1, unknownActivities: ["x"] });
    expect(result.deviations).toEqual([
      { activity: "x", unexpectedCases: 0, skippedCases: 0, notInModelCases: 1 },
    ]);
  });

  it("reports the activity a skipped step left tokens waiting for", () => {
    const net: PetriNet = { ...SEQUENCE, transitions: SEQUENCE.transitions.filter((t) => t.id !== "skip") };
    net.arcs = SEQUENCE.arcs.filter((arc) => arc.source !== "skip" && arc.target !== "skip");
    const result = tokenReplay(net, logOf(["a"]));
    expect(result.traces[0]).toMatchObject({ missing: 1, remaining: 1, skippedActivities: ["b"] });
    expect(result.deviations[0]).toMatchObject({ activity: "b", skippedCases: 1 });
  });

  it("weights variants by their number of cases", () => {
    const log = logOf(["a", "b"], ["b", "a"]);
    (log.traces[0] as { count: number }).count = 3;
    const result = tokenReplay(SEQUENCE, log);
    expect(result.cases).toBe(4);
    expect(result.fittingTraces).toBe(3);
    expect(result.fitness).toBeCloseTo(0.5 * (1 - 1 / 12) + 0.5 * (1 - 1 / 12), 12);
    expect(result.averageTraceFitness).toBeCloseTo((3 + 2 / 3) / 4, 12);
  });
});

describe("token-based replay matches PM4Py on the same logs and nets", () => {
  it("running example on PM4Py's inductive miner net: fitness 1 and PM4Py's token counts per case", async () => {
    const figures = model("running-example");
    const log = await readTraceLog(sharedData("eventlogs/running-example.xes"));
    const result = tokenReplay(readNet("running-example-im.pnml"), log);
    expect(result.fitness).toBeCloseTo(figures.pnml.log_fitness, 6);
    expect(result.averageTraceFitness).toBeCloseTo(figures.pnml.average_trace_fitness, 6);
    expect(result.percentageFittingTraces).toBeCloseTo(figures.pnml.percentage_of_fitting_traces, 6);
    for (const expected of figures.traces ?? []) {
      const index = log.traces.findIndex(
        ({ trace }) => trace.map((i) => log.activities[i]).join("|") === expected.activities.join("|"),
      );
      expect(index, `case ${expected.case}`).toBeGreaterThanOrEqual(0);
      const trace = result.traces[index];
      expect(trace?.fitness).toBeCloseTo(expected.fitness, 9);
      expect(trace).toMatchObject({
        fits: expected.is_fit,
        missing: expected.missing,
        consumed: expected.consumed,
        remaining: expected.remaining,
        produced: expected.produced,
      });
    }
  });

  describe.each([
    ["bpic2012", "eventlogs/bpic2012.xes.gz"],
    ["receipt", "eventlogs/receipt.xes.gz"],
  ])("%s on PM4Py's inductive miner infrequent net (noise 0.2)", (name, path) => {
    let log: TraceLog;
    beforeAll(async () => {
      log = await readTraceLog(sharedData(path));
    });

    it("gives PM4Py's log fitness, average trace fitness and share of fitting cases", () => {
      const figures = model(name);
      const result = tokenReplay(readNet(`${name}-imf.pnml`), log);
      expect(result.cases).toBe(figures.cases);
      expect(result.fitness).toBeCloseTo(figures.pnml.log_fitness, 6);
      expect(result.averageTraceFitness).toBeCloseTo(figures.pnml.average_trace_fitness, 6);
      expect(result.percentageFittingTraces).toBeCloseTo(figures.pnml.percentage_of_fitting_traces, 6);
      expect(result.fitness).toBeLessThan(1);
      expect(result.deviations.length).toBeGreaterThan(0);
    });
  });

  it("replays bpic2012 on its IMf net in under 3 seconds", async () => {
    const log = await readTraceLog(sharedData("eventlogs/bpic2012.xes.gz"));
    const net = readNet("bpic2012-imf.pnml");
    const started = performance.now();
    tokenReplay(net, log);
    const elapsed = performance.now() - started;
    console.log(
      `bpic2012 token replay on the IMf net: ${elapsed.toFixed(0)} ms for ${log.traces.length} variants`,
    );
    expect(elapsed).toBeLessThan(3000);
  });
});
