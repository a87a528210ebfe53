import { describe, expect, it } from "vitest";
import type { BpmnModel, BpmnNodeKind } from "../../mining/model/index.js";
import { bpmnToFlow } from "./bpmn-flow.js";

/** A BPMN model from `a>b` edges; names starting with a capital are tasks, x/p/o… are gateways. */
function model(edges: string[], kinds: Record<string, BpmnNodeKind> = {}): BpmnModel {
  const ids = new Set(edges.flatMap((e) => e.split(">")));
  const kindOf = (id: string): BpmnNodeKind =>
    kinds[id] ??
    (id === "start"
      ? "startEvent"
      : id.startsWith("end")
        ? "endEvent"
        : id.startsWith("x")
          ? "exclusiveGateway"
          : id.startsWith("p")
            ? "parallelGateway"
            : id.startsWith("o")
              ? "inclusiveGateway"
              : "task");
  return {
    id: "p",
    name: "",
    nodes: [...ids].map((id) => ({ id, kind: kindOf(id), name: kindOf(id) === "task" ? id : "" })),
    flows: edges.map((e, i) => {
      const [source = "", target = ""] = e.split(">");
      return { id: `f${i}`, source, target };
    }),
  };
}

describe("bpmnToFlow", () => {
  it("keeps a plain sequence", () => {
    expect(bpmnToFlow(model(["start>A", "A>B", "B>end"]))).toEqual(["A", "B"]);
  });

  it("lets branches that end the process stay in the choice and gives the rest to the others", () => {
    const flow = bpmnToFlow(
      model(["start>A", "A>x1", "x1>Reject", "Reject>end1", "x1>Accept", "Accept>B", "B>end2"]),
    );
    expect(flow).toEqual([
      "A",
      {
        name: "x1",
        choice: [
          { name: "Reject", p: 0.5, flow: ["Reject"] },
          { name: "Accept", p: 0.5, flow: ["Accept", "B"] },
        ],
      },
    ]);
  });

  it("reads a task with two outgoing flows as a parallel split and two incoming as a merge", () => {
    const flow = bpmnToFlow(model(["start>A", "A>B", "A>C", "B>p2", "C>p2", "p2>D", "D>end"]));
    expect(flow).toEqual(["A", { name: "A", parallel: [["B"], ["C"]] }, "D"]);
  });

  it("nests a loop inside a loop", () => {
    const flow = bpmnToFlow(
      model(["start>x1", "x1>x2", "x2>A", "A>x3", "x3>x2", "x3>B", "B>x4", "x4>x1", "x4>end"]),
      { loops: { x3: 0.3, x4: { repeatProbability: 0.1, max: 3 } } },
    );
    expect(flow).toEqual([
      "A",
      { name: "x3", loop: ["A"], repeatProbability: 0.3 },
      "B",
      {
        name: "x4",
        loop: ["A", { name: "x3 (again)", loop: ["A"], repeatProbability: 0.3 }, "B"],
        repeatProbability: 0.1,
        max: 3,
      },
    ]);
  });

  it("refuses an inclusive split, naming it", () => {
    expect(() => bpmnToFlow(model(["start>o1", "o1>A", "o1>B", "A>o2", "B>o2", "o2>end"]))).toThrow(
      /inclusive gateway o1 is an inclusive \(OR\) split/,
    );
  });

  it("refuses an exclusive split closed by a parallel join", () => {
    expect(() => bpmnToFlow(model(["start>x1", "x1>A", "x1>B", "A>p1", "B>p1", "p1>end"]))).toThrow(
      /exclusive gateway x1 is closed by parallel gateway p1 of another type/,
    );
  });

  it("refuses probabilities for a flow the gateway does not have", () => {
    expect(() =>
      bpmnToFlow(model(["start>x1", "x1>A", "x1>B", "A>x2", "B>x2", "x2>end"]), {
        probabilities: { x1: { C: 1 } },
      }),
    ).toThrow(/probabilities of exclusive gateway x1 name "C"/);
  });

  it("refuses probabilities for a gateway the model does not have", () => {
    expect(() => bpmnToFlow(model(["start>A", "A>end"]), { probabilities: { x9: { A: 1 } } })).toThrow(
      /probabilities: "x9" is not a gateway/,
    );
  });
});
