/**
 * BPMN 2.0 process diagrams: the flow part (tasks, start and end events, exclusive, parallel and
 * inclusive gateways, sequence flows), read from and written to BPMN 2.0 XML with diagram interchange
 * (shapes and edges laid out by elkjs) so that Camunda Modeler, bpmn.io and PM4Py open the files.
 */
import { layoutDiagram } from "./layout.js";
import { childrenNamed, escapeXml, ProblemList, parseXml, type XmlElement } from "./xml.js";

export type BpmnNodeKind =
  | "task"
  | "startEvent"
  | "endEvent"
  | "intermediateEvent"
  | "exclusiveGateway"
  | "parallelGateway"
  | "inclusiveGateway";

export interface BpmnNode {
  id: string;
  kind: BpmnNodeKind;
  /** The activity of a task; may be empty for events and gateways. */
  name: string;
}

export interface BpmnFlow {
  id: string;
  source: string;
  target: string;
}

/** One BPMN process: its flow nodes and the sequence flows between them. */
export interface BpmnModel {
  id: string;
  name: string;
  nodes: BpmnNode[];
  flows: BpmnFlow[];
}

const MODEL_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
const BPMN_FIX =
  "export the process again as BPMN 2.0 XML (for example from Camunda Modeler, PM4Py or opsloop)";

const GATEWAYS: Record<string, BpmnNodeKind> = {
  exclusiveGateway: "exclusiveGateway",
  parallelGateway: "parallelGateway",
  inclusiveGateway: "inclusiveGateway",
};
const UNSUPPORTED = new Set([
  "subProcess",
  "transaction",
  "adHocSubProcess",
  "callActivity",
  "eventBasedGateway",
  "complexGateway",
  "boundaryEvent",
]);

function nodeKind(element: XmlElement): BpmnNodeKind | undefined {
  const name = element.name;
  if (name === "task" || (name.endsWith("Task") && name !== "Task")) return "task";
  if (name === "startEvent" || name === "endEvent") return name;
  if (name === "intermediateCatchEvent" || name === "intermediateThrowEvent") return "intermediateEvent";
  return GATEWAYS[name];
}

/**
 * Reads the processes of a BPMN 2.0 file into one model (PM4Py does the same). Tasks of any type
 * (user, service, manual…) count as tasks; intermediate events pass the flow on. Sub-processes and
 * other elements that change the flow in ways this model cannot express are reported as problems.
 */
export function readBpmn(text: string, fileName = "model.bpmn"): BpmnModel {
  const root = parseXml(text, fileName, "BPMN");
  const problems = new ProblemList(fileName, "BPMN");
  if (root.name !== "definitions" || (root.uri !== MODEL_NS && root.uri !== "")) {
    problems.fail(
      `the root element is <${root.name}>, not BPMN 2.0 <definitions>, so this is not a BPMN file`,
      root.name === "pnml" ? "this looks like a PNML file; read it as a Petri net" : BPMN_FIX,
      root,
    );
  }
  const processes = childrenNamed(root, "process");
  if (processes.length === 0) problems.fail("the file has no <process>", BPMN_FIX, root);

  const nodes: BpmnNode[] = [];
  const flowElements: XmlElement[] = [];
  const ids = new Set<string>();
  for (const process of processes) {
    const visit = (container: XmlElement): void => {
      for (const child of container.children) {
        if (child.name === "sequenceFlow") {
          flowElements.push(child);
          continue;
        }
        if (child.name === "laneSet") continue;
        if (UNSUPPORTED.has(child.name)) {
          problems.add(
            `<${child.name}> "${child.attributes.id ?? ""}" is not supported`,
            "flatten sub-processes and use tasks, events and exclusive, parallel or inclusive gateways",
            child,
          );
          continue;
        }
        const kind = nodeKind(child);
        if (!kind) continue;
        const id = child.attributes.id;
        if (!id) {
          problems.add(`a <${child.name}> has no id`, "give every flow element a unique id", child);
          continue;
        }
        if (ids.has(id)) {
          problems.add(`the id "${id}" is used twice`, "give every flow element its own id", child);
          continue;
        }
        ids.add(id);
        nodes.push({ id, kind, name: (child.attributes.name ?? "").replace(/[\r\n]+/g, " ").trim() });
      }
    };
    visit(process);
  }

  const flows: BpmnFlow[] = [];
  for (const element of flowElements) {
    const id = element.attributes.id ?? `flow${flows.length + 1}`;
    const source = element.attributes.sourceRef ?? "";
    const target = element.attributes.targetRef ?? "";
    const unknown = [source, target].filter((ref) => !ids.has(ref));
    if (unknown.length > 0) {
      problems.add(
        `sequence flow "${id}" ${unknown.map((ref) => (ref === "" ? "has no end" : `refers to unknown element "${ref}"`)).join(" and ")}`,
        "point sourceRef and targetRef at tasks, events or gateways of the process",
        element,
      );
      continue;
    }
    flows.push({ id, source, target });
  }
  if (nodes.length === 0)
    problems.add("the process has no tasks, events or gateways", BPMN_FIX, processes[0]);
  else if (!nodes.some((node) => node.kind === "startEvent"))
    problems.add(
      "the process has no start event",
      "add a <startEvent> and a sequence flow from it to the first step",
      processes[0],
    );
  problems.throwIfAny();
  const first = processes[0] as XmlElement;
  return { id: first.attributes.id ?? "process", name: first.attributes.name ?? "", nodes, flows };
}

const SIZES: Record<BpmnNodeKind, { width: number; height: number }> = {
  task: { width: 100, height: 80 },
  startEvent: { width: 36, height: 36 },
  endEvent: { width: 36, height: 36 },
  intermediateEvent: { width: 36, height: 36 },
  exclusiveGateway: { width: 50, height: 50 },
  parallelGateway: { width: 50, height: 50 },
  inclusiveGateway: { width: 50, height: 50 },
};

const ELEMENTS: Record<BpmnNodeKind, string> = {
  task: "task",
  startEvent: "startEvent",
  endEvent: "endEvent",
  intermediateEvent: "intermediateThrowEvent",
  exclusiveGateway: "exclusiveGateway",
  parallelGateway: "parallelGateway",
  inclusiveGateway: "inclusiveGateway",
};

/**
 * Writes the model as BPMN 2.0 XML with a diagram laid out left to right by elkjs. The same model
 * always gives the same text.
 */
export async function writeBpmn(model: BpmnModel): Promise<string> {
  const layout = await layoutDiagram(
    model.nodes.map((node) => ({ id: node.id, ...SIZES[node.kind] })),
    model.flows,
  );
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const flow of model.flows) {
    outgoing.set(flow.source, [...(outgoing.get(flow.source) ?? []), flow.id]);
    incoming.set(flow.target, [...(incoming.get(flow.target) ?? []), flow.id]);
  }
  const processId = xmlId(model.id || "process");
  const lines: string[] = [];
  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  lines.push(
    `<bpmn:definitions xmlns:bpmn="${MODEL_NS}" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" ` +
      'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" ' +
      'id="definitions" targetNamespace="https://opsloop.dev/bpmn" exporter="opsloop" exporterVersion="1">',
  );
  lines.push(
    `  <bpmn:process id="${escapeXml(processId)}"${model.name ? ` name="${escapeXml(model.name)}"` : ""} isExecutable="false">`,
  );
  for (const node of model.nodes) {
    const element = ELEMENTS[node.kind];
    const ins = incoming.get(node.id) ?? [];
    const outs = outgoing.get(node.id) ?? [];
    const direction = node.kind.endsWith("Gateway")
      ? ` gatewayDirection="${gatewayDirection(ins, outs)}"`
      : "";
    const name = node.name ? ` name="${escapeXml(node.name)}"` : "";
    lines.push(`    <bpmn:${element} id="${escapeXml(node.id)}"${name}${direction}>`);
    for (const id of ins) lines.push(`      <bpmn:incoming>${escapeXml(id)}</bpmn:incoming>`);
    for (const id of outs) lines.push(`      <bpmn:outgoing>${escapeXml(id)}</bpmn:outgoing>`);
    lines.push(`    </bpmn:${element}>`);
  }
  for (const flow of model.flows)
    lines.push(
      `    <bpmn:sequenceFlow id="${escapeXml(flow.id)}" sourceRef="${escapeXml(flow.source)}" targetRef="${escapeXml(flow.target)}"/>`,
    );
  lines.push("  </bpmn:process>");
  lines.push('  <bpmndi:BPMNDiagram id="diagram">');
  lines.push(`    <bpmndi:BPMNPlane id="plane" bpmnElement="${escapeXml(processId)}">`);
  for (const node of model.nodes) {
    const box = layout.boxes.get(node.id);
    if (!box) continue;
    const marker = node.kind === "exclusiveGateway" ? ' isMarkerVisible="true"' : "";
    lines.push(
      `      <bpmndi:BPMNShape id="${escapeXml(`${node.id}_di`)}" bpmnElement="${escapeXml(node.id)}"${marker}>`,
    );
    lines.push(`        <dc:Bounds x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}"/>`);
    lines.push("      </bpmndi:BPMNShape>");
  }
  for (const flow of model.flows) {
    const points = layout.edges.get(flow.id) ?? [];
    lines.push(
      `      <bpmndi:BPMNEdge id="${escapeXml(`${flow.id}_di`)}" bpmnElement="${escapeXml(flow.id)}">`,
    );
    for (const point of points) lines.push(`        <di:waypoint x="${point.x}" y="${point.y}"/>`);
    lines.push("      </bpmndi:BPMNEdge>");
  }
  lines.push("    </bpmndi:BPMNPlane>");
  lines.push("  </bpmndi:BPMNDiagram>");
  lines.push("</bpmn:definitions>");
  return `${lines.join("\n")}\n`;
}

function gatewayDirection(ins: string[], outs: string[]): string {
  if (ins.length > 1 && outs.length > 1) return "Mixed";
  if (outs.length > 1) return "Diverging";
  if (ins.length > 1) return "Converging";
  return "Unspecified";
}

/** An XML ID (NCName): ids that start with a digit or hold other characters get a safe form. */
export function xmlId(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.-]/g, "_");
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `id_${cleaned}`;
}
