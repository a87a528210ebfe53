import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isAppError, type Problem } from "../../core/index.js";
import { modelJsonSchema, parseModel } from "./index.js";

const examples = join(import.meta.dirname, "examples");

function problemsOf(text: string): Problem[] {
  try {
    parseModel(text, "model.yaml");
  } catch (error) {
    if (isAppError(error)) return (error.details as { problems: Problem[] }).problems;
    throw error;
  }
  throw new Error("the model was accepted");
}

const GOOD = `name: coffee-counter
timeUnit: minute
arrivals: { interarrival: { dist: exponential, mean: 0.41667 } }
resources: { baristas: { capacity: 3 } }
activities:
  - { name: serve, resource: baristas, duration: { dist: exponential, mean: 1 } }
flow: [serve]
`;

describe("twin model file", () => {
  it("reads the M/M/c and the bakery examples", () => {
    const coffee = parseModel(readFileSync(join(examples, "coffee-counter.yaml"), "utf8"));
    expect(coffee.resources.baristas?.capacity).toBe(3);
    const bakery = parseModel(readFileSync(join(examples, "bakery-fulfilment.yaml"), "utf8"));
    expect(bakery.activities.map((a) => a.name)).toContain("Re-bake");
    expect(bakery.costBasis).toBe("available");
  });

  it("names the line and the field of an unknown activity in the flow, with a suggestion", () => {
    const [p] = problemsOf(GOOD.replace("flow: [serve]", "flow:\n  - serve\n  - Serve it"));
    expect(p).toMatchObject({ line: 9, field: "flow[1]" });
    expect(p?.message).toMatch(/"Serve it" is not an activity/);
  });

  it("flags choice probabilities that do not add up to 1", () => {
    const text = GOOD.replace(
      "flow: [serve]",
      "flow:\n  - choice:\n      - { p: 0.5, flow: [serve] }\n      - { p: 0.3, flow: [] }",
    );
    const [p] = problemsOf(text);
    expect(p).toMatchObject({ line: 8, field: "flow[0].choice" });
    expect(p?.message).toMatch(/add up to 0.8, not 1/);
  });

  it("flags bad distribution parameters where they are", () => {
    const [p] = problemsOf(GOOD.replace("mean: 1 }", "mean: -1 }"));
    expect(p).toMatchObject({ line: 6, field: "activities[0].duration.mean" });
    const [q] = problemsOf(
      GOOD.replace("{ dist: exponential, mean: 1 }", "{ dist: triangular, min: 1, mode: 5, max: 3 }"),
    );
    expect(q).toMatchObject({ line: 6, field: "activities[0].duration.mode" });
    const [r] = problemsOf(GOOD.replace("{ dist: exponential, mean: 1 }", "{ dist: gamma, shape: 2 }"));
    expect(r?.message).toMatch(/gamma needs both `shape` and `scale`/);
  });

  it("flags an unknown pool and an unknown key with suggestions", () => {
    const [p] = problemsOf(GOOD.replace("resource: baristas", "resource: barista"));
    expect(p).toMatchObject({ line: 6, field: "activities[0].resource" });
    expect(p?.message).toMatch(/did you mean "baristas"/);
    const [q] = problemsOf(GOOD.replace("timeUnit: minute", "timeUnt: minute"));
    expect(q).toMatchObject({ line: 2, field: "timeUnt", fix: "did you mean `timeUnit`?" });
  });

  it("exports a JSON Schema of the file", () => {
    const schema = modelJsonSchema();
    expect(JSON.stringify(schema)).toMatch(/repeatProbability/);
  });
});
