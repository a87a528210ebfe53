import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { sharedData } from "../../../test/helpers/shared-data.js";
import { readTraceLog } from "../../../test/helpers/trace-log.js";
import { AppError } from "../../core/index.js";
import { tokenReplay } from "../conformance/index.js";
import { type BpmnModel, readBpmn, writeBpmn } from "./bpmn.js";
import { bpmnToPetriNet } from "./bpmn-to-petri.js";
import { petriNetToBpmn } from "./petri-to-bpmn.js";
import { readPnml } from "./pnml.js";
import type { PetriNet, ProcessTree, TraceLog } from "./types.js";
import { parseXml, type XmlElement } from "./xml.js";

const MODELS = join(import.meta.dirname, "../../../test/fixtures/pm4py/models");
const fixture = (file: string): string => readFileSync(join(MODELS, file), "utf8");

interface Figures {
  log_fitness: number;
  average_trace_fitness: number;
  percentage_of_fitting_traces: number;
}
const PM4PY_MODELS = (
  JSON.parse(fixture("pm4py-token-replay.json")) as { models: Record<string, { bpmn: Figures }> }
).models;
/** PM4Py's figures on the BPMN files opsloop wrote (read with pm4py.read_bpmn). */
const PM4PY_ON_OURS = (
  JSON.parse(fixture("pm4py-on-opsloop-files.json")) as {
    models: Record<string, { bpmn: Figures; bpmn_nodes: number; bpmn_flows: number }>;
  }
).models;

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

function expectFigures(result: ReturnType<typeof tokenReplay>, figures: Figures | undefined): void {
  expect(figures).toBeDefined();
  expect(result.fitness).toBeCloseTo(figures?.log_fitness ?? Number.NaN, 6);
  expect(result.averageTraceFitness).toBeCloseTo(figures?.average_trace_fitness ?? Number.NaN, 6);
  expect(result.percentageFittingTraces).toBeCloseTo(figures?.percentage_of_fitting_traces ?? Number.NaN, 6);
}

const MODEL_FILES = [
  ["running-example", "eventlogs/running-example.xes", "running-example-im"],
  ["bpic2012", "eventlogs/bpic2012.xes.gz", "bpic2012-imf"],
  ["receipt", "eventlogs/receipt.xes.gz", "receipt-imf"],
] as const;

describe.each(MODEL_FILES)("BPMN of the %s model", (name, logPath, stem) => {
  let log: TraceLog;
  beforeAll(async () => {
    log = await readTraceLog(sharedData(logPath));
  });

  it("reads PM4Py's BPMN, and its Petri net replays with PM4Py's figures", () => {
    const model = readBpmn(fixture(`${stem}.bpmn`), `${stem}.bpmn`);
    expect(model.nodes.filter((node) => node.kind === "startEvent")).toHaveLength(1);
    expect(model.nodes.filter((node) => node.kind === "endEvent")).toHaveLength(1);
    const tasks = new Set(model.nodes.filter((node) => node.kind === "task").map((node) => node.name));
    const pnml = readPnml(fixture(`${stem}.pnml`));
    expect(tasks).toEqual(new Set(pnml.transitions.flatMap((t) => (t.label === null ? [] : [t.label]))));
    expectFigures(tokenReplay(bpmnToPetriNet(model), log), PM4PY_MODELS[name]?.bpmn);
  });

  it("writes BPMN that PM4Py read into a net with the same figures as ours", async () => {
    const written = readBpmn(await writeBpmn(petriNetToBpmn(readPnml(fixture(`${stem}.pnml`)))));
    // The file PM4Py checked is this very model.
    expect(written).toEqual(readBpmn(fixture(`opsloop-${stem}.bpmn`)));
    expect([written.nodes.length, written.flows.length]).toEqual([
      PM4PY_ON_OURS[name]?.bpmn_nodes,
      PM4PY_ON_OURS[name]?.bpmn_flows,
    ]);
    expectFigures(tokenReplay(bpmnToPetriNet(written), log), PM4PY_ON_OURS[name]?.bpmn);
  });
});

describe("diagram interchange", () => {
  it("gives every node a shape with bounds and every flow an edge with waypoints, without overlaps", async () => {
    const model = petriNetToBpmn(readPnml(fixture("receipt-imf.pnml")));
    const root = parseXml(await writeBpmn(model), "out.bpmn", "BPMN");
    const all: XmlElement[] = [];
    const walk = (element: XmlElement): void => {
      all.push(element);
      element.children.forEach(walk);
    };
    walk(root);
    const shapes = all.filter((e) => e.name === "BPMNShape");
    const edges = all.filter((e) => e.name === "BPMNEdge");
    expect(new Set(shapes.map((s) => s.attributes.bpmnElement))).toEqual(
      new Set(model.nodes.map((n) => n.id)),
    );
    expect(new Set(edges.map((e) => e.attributes.bpmnElement))).toEqual(
      new Set(model.flows.map((f) => f.id)),
    );
    const boxes = shapes.map((shape) => {
      const bounds = shape.children.find((c) => c.name === "Bounds");
      const [x, y, w, h] = ["x", "y", "width", "height"].map((k) => Number(bounds?.attributes[k]));
      return { x: x ?? 0, y: y ?? 0, w: w ?? 0, h: h ?? 0 };
    });
    for (const box of boxes) expect(box.w).toBeGreaterThan(0);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i] as (typeof boxes)[number];
        const b = boxes[j] as (typeof boxes)[number];
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `shapes ${i} and ${j} overlap`).toBe(false);
      }
    for (const edge of edges)
      expect(edge.children.filter((c) => c.name === "waypoint").length).toBeGreaterThanOrEqual(2);
    expect(root.uri).toBe("http://www.omg.org/spec/BPMN/20100524/MODEL");
  });
});

/** A Petri net for a process tree, built block by block between two places. */
function treeToNet(tree: ProcessTree): PetriNet {
  const net: PetriNet = {
    name: "tree",
    places: [{ id: "source" }, { id: "sink" }],
    transitions: [],
    arcs: [],
    initialMarking: { source: 1 },
    finalMarking: { sink: 1 },
  };
  let count = 0;
  const place = (): string => {
    const id = `p${++count}`;
    net.places.push({ id });
    return id;
  };
  const transition = (label: string | null, from: string[], to: string[]): void => {
    const id = `t${++count}`;
    net.transitions.push({ id, label });
    for (const p of from) net.arcs.push({ source: p, target: id });
    for (const p of to) net.arcs.push({ source: id, target: p });
  };
  const build = (node: ProcessTree, from: string, to: string): void => {
    if (node.kind === "activity") transition(node.label, [from], [to]);
    else if (node.kind === "tau") transition(null, [from], [to]);
    else if (node.kind === "xor" || node.kind === "or") {
      for (const child of node.children) build(child, from, to);
    } else if (node.kind === "sequence") {
      const children = node.children;
      let at = from;
      children.forEach((child, i) => {
        const next = i === children.length - 1 ? to : place();
        build(child, at, next);
        at = next;
      });
    } else if (node.kind === "parallel") {
      const starts = node.children.map(() => place());
      const ends = node.children.map(() => place());
      transition(null, [from], starts);
      transition(null, ends, [to]);
      for (const [i, child] of node.children.entries()) build(child, starts[i] as string, ends[i] as string);
    } else {
      const doStart = place();
      const doEnd = place();
      transition(null, [from], [doStart]);
      transition(null, [doEnd], [to]);
      build(node.children[0] as ProcessTree, doStart, doEnd);
      for (const redo of node.children.slice(1)) build(redo, doEnd, doStart);
    }
  };
  build(tree, "source", "sink");
  return net;
}

/** Every visible trace of at most `maxLength` events that takes the net from its initial to its final marking. */
function language(net: PetriNet, maxLength: number): Set<string> {
  const pre = new Map<string, string[]>();
  const post = new Map<string, string[]>();
  for (const t of net.transitions) {
    pre.set(t.id, []);
    post.set(t.id, []);
  }
  for (const arc of net.arcs) {
    if (pre.has(arc.target)) pre.get(arc.target)?.push(arc.source);
    else post.get(arc.source)?.push(arc.target);
  }
  const key = (marking: Map<string, number>): string =>
    [...marking.entries()]
      .filter(([, n]) => n > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([p, n]) => `${p}:${n}`)
      .join(",");
  const finalKey = key(new Map(Object.entries(net.finalMarking)));
  const accepted = new Set<string>();
  const seen = new Set<string>();
  const stack: { marking: Map<string, number>; trace: string[] }[] = [
    { marking: new Map(Object.entries(net.initialMarking)), trace: [] },
  ];
  while (stack.length > 0) {
    const { marking, trace } = stack.pop() as { marking: Map<string, number>; trace: string[] };
    const state = `${key(marking)}|${trace.join(">")}`;
    if (seen.has(state)) continue;
    seen.add(state);
    if (seen.size > 200_000) throw new Error("state space too large");
    if (key(marking) === finalKey) accepted.add(trace.join(">"));
    for (const t of net.transitions) {
      const inputs = pre.get(t.id) ?? [];
      if (!inputs.every((p) => (marking.get(p) ?? 0) > 0)) continue;
      if (t.label !== null && trace.length >= maxLength) continue;
      const next = new Map(marking);
      for (const p of inputs) next.set(p, (next.get(p) ?? 0) - 1);
      for (const p of post.get(t.id) ?? []) next.set(p, (next.get(p) ?? 0) + 1);
      if ([...next.values()].some((n) => n > 3)) continue;
      stack.push({ marking: next, trace: t.label === null ? trace : [...trace, t.label] });
    }
  }
  return accepted;
}

const treeArbitrary: fc.Arbitrary<ProcessTree> = fc.letrec<{ tree: ProcessTree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("a", "b", "c", "d").map((label): ProcessTree => ({ kind: "activity", label })),
    fc.constant<ProcessTree>({ kind: "tau" }),
    fc
      .tuple(
        fc.constantFrom("sequence", "xor", "parallel", "loop" as const),
        fc.array(tie("tree"), { minLength: 2, maxLength: 3 }),
      )
      .map(
        ([kind, children]): ProcessTree => ({
          kind,
          children: kind === "loop" ? children.slice(0, 2) : children,
        }),
      ),
  ),
})).tree;

describe("BPMN round trip", () => {
  it("keeps the language of generated process models through BPMN and back", async () => {
    await fc.assert(
      fc.asyncProperty(treeArbitrary, async (tree) => {
        const net = treeToNet(tree);
        const bpmn = readBpmn(await writeBpmn(petriNetToBpmn(net)));
        const back = bpmnToPetriNet(bpmn);
        expect([...language(back, 5)].sort()).toEqual([...language(net, 5)].sort());
      }),
      { seed: 4242, numRuns: 60 },
    );
  });

  it("replays the traces of a generated model with fitness 1 on its BPMN's net", async () => {
    const net = treeToNet({
      kind: "sequence",
      children: [
        { kind: "activity", label: "a" },
        {
          kind: "parallel",
          children: [
            { kind: "activity", label: "b" },
            { kind: "xor", children: [{ kind: "activity", label: "c" }, { kind: "tau" }] },
          ],
        },
        { kind: "loop", children: [{ kind: "activity", label: "d" }, { kind: "tau" }] },
      ],
    });
    const traces = [...language(net, 5)];
    expect(traces).toContain("a>b>c>d");
    expect(traces).toContain("a>b>d>d");
    const activities = ["a", "b", "c", "d"];
    const log: TraceLog = {
      activities,
      traces: traces.map((trace) => ({
        trace: trace.split(">").map((a) => activities.indexOf(a)),
        count: 1,
      })),
    };
    const back = bpmnToPetriNet(readBpmn(await writeBpmn(petriNetToBpmn(net))));
    expect(tokenReplay(back, log).fitness).toBe(1);
  });
});

describe("bad BPMN files", () => {
  const process = (body: string): string =>
    `<?xml version="1.0"?>\n<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">\n${body}\n</process></definitions>`;

  it("says an empty file is empty", () => {
    expect(thrown(() => readBpmn("", "empty.bpmn")).message).toMatch(/^empty\.bpmn: the file is empty/);
  });

  it("says text that is not XML is not well-formed", () => {
    const error = thrown(() => readBpmn('{"nodes": []}', "model.json"));
    expect(error.code).toBe("PARSE_ERROR");
    expect(error.message).toMatch(/^model\.json:1:\d+: the file is not well-formed XML/);
  });

  it("says a truncated file is not complete", () => {
    const error = thrown(() => readBpmn(fixture("running-example-im.bpmn").slice(0, 2000), "cut.bpmn"));
    expect(error.code).toBe("PARSE_ERROR");
    expect(error.message).toMatch(/^cut\.bpmn:\d+:\d+: .*complete BPMN export/);
  });

  it("names a sequence flow to an unknown element", () => {
    const error = thrown(() =>
      readBpmn(
        process(
          '<startEvent id="s"/>\n<task id="t" name="pay"/>\n<sequenceFlow id="f1" sourceRef="s" targetRef="nowhere"/>',
        ),
        "flow.bpmn",
      ),
    );
    expect(error.code).toBe("MODEL_INVALID");
    expect(error.message).toContain("flow.bpmn:5:");
    expect(error.message).toContain('sequence flow "f1" refers to unknown element "nowhere"');
  });

  it("says a PNML file is not BPMN", () => {
    const error = thrown(() => readBpmn(fixture("running-example-im.pnml"), "net.pnml"));
    expect(error.code).toBe("MODEL_INVALID");
    expect(error.message).toContain("this looks like a PNML file");
  });

  it("reports sub-processes as not supported", () => {
    const error = thrown(() => readBpmn(process('<startEvent id="s"/><subProcess id="sub"/>'), "sub.bpmn"));
    expect(error.message).toContain('<subProcess> "sub" is not supported');
  });

  it("reads tasks of any type and keeps the model", () => {
    const model: BpmnModel = readBpmn(
      process(
        '<startEvent id="s"/><userTask id="u" name="check"/><endEvent id="e"/>' +
          '<sequenceFlow id="f1" sourceRef="s" targetRef="u"/><sequenceFlow id="f2" sourceRef="u" targetRef="e"/>',
      ),
    );
    expect(model.nodes.map((n) => n.kind)).toEqual(["startEvent", "task", "endEvent"]);
    expect(bpmnToPetriNet(model).transitions.filter((t) => t.label !== null)).toEqual([
      { id: "u", label: "check" },
    ]);
  });
});
