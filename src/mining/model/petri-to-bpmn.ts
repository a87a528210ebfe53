/**
 * An accepting Petri net as a BPMN process, the way PM4Py converts one: every place becomes an
 * exclusive gateway, a silent transition a parallel gateway when it joins or splits (otherwise an
 * exclusive one), a visible transition a task between gateways, the initial marking a start event and
 * the final marking an end event. Exclusive gateways with one way in and one way out are then removed.
 */
import type { BpmnFlow, BpmnModel, BpmnNode, BpmnNodeKind } from "./bpmn.js";
import { xmlId } from "./bpmn.js";
import type { PetriNet } from "./types.js";

export function petriNetToBpmn(net: PetriNet): BpmnModel {
  const nodes: BpmnNode[] = [];
  const flows: BpmnFlow[] = [];
  let gateways = 0;
  let tasks = 0;
  let flowCount = 0;
  const addNode = (kind: BpmnNodeKind, name = ""): string => {
    const id =
      kind === "task"
        ? `Task_${++tasks}`
        : kind === "startEvent"
          ? "StartEvent_1"
          : kind === "endEvent"
            ? "EndEvent_1"
            : `Gateway_${++gateways}`;
    nodes.push({ id, kind, name });
    return id;
  };
  const addFlow = (source: string, target: string): void => {
    flows.push({ id: `Flow_${++flowCount}`, source, target });
  };

  const inputs = new Map<string, number>();
  const outputs = new Map<string, number>();
  for (const arc of net.arcs) {
    outputs.set(arc.source, (outputs.get(arc.source) ?? 0) + 1);
    inputs.set(arc.target, (inputs.get(arc.target) ?? 0) + 1);
  }
  /** The BPMN node a flow into a Petri-net node enters, and the one a flow out of it leaves. */
  const entering = new Map<string, string>();
  const exiting = new Map<string, string>();
  for (const place of net.places) {
    const gateway = addNode("exclusiveGateway");
    entering.set(place.id, gateway);
    exiting.set(place.id, gateway);
  }
  for (const transition of net.transitions) {
    const ins = inputs.get(transition.id) ?? 0;
    const outs = outputs.get(transition.id) ?? 0;
    if (transition.label === null) {
      const gateway = addNode(ins > 1 || outs > 1 ? "parallelGateway" : "exclusiveGateway");
      entering.set(transition.id, gateway);
      exiting.set(transition.id, gateway);
      continue;
    }
    const before = addNode(ins > 1 ? "parallelGateway" : "exclusiveGateway");
    const after = addNode(outs > 1 ? "parallelGateway" : "exclusiveGateway");
    const task = addNode("task", transition.label);
    addFlow(before, task);
    addFlow(task, after);
    entering.set(transition.id, before);
    exiting.set(transition.id, after);
  }
  for (const arc of net.arcs) {
    const source = exiting.get(arc.source);
    const target = entering.get(arc.target);
    if (source !== undefined && target !== undefined) addFlow(source, target);
  }
  const start = addNode("startEvent", "start");
  const end = addNode("endEvent", "end");
  for (const place of net.places) {
    if ((net.initialMarking[place.id] ?? 0) > 0) addFlow(start, entering.get(place.id) ?? "");
    if ((net.finalMarking[place.id] ?? 0) > 0) addFlow(exiting.get(place.id) ?? "", end);
  }
  return removePassThroughGateways({ id: xmlId(`process_${net.name}`), name: net.name, nodes, flows });
}

/** Removes exclusive gateways with exactly one incoming and one outgoing flow, joining the flows. */
function removePassThroughGateways(model: BpmnModel): BpmnModel {
  const flows = new Map(model.flows.map((flow) => [flow.id, { ...flow }]));
  const incoming = new Map<string, Set<string>>();
  const outgoing = new Map<string, Set<string>>();
  for (const node of model.nodes) {
    incoming.set(node.id, new Set());
    outgoing.set(node.id, new Set());
  }
  for (const flow of flows.values()) {
    outgoing.get(flow.source)?.add(flow.id);
    incoming.get(flow.target)?.add(flow.id);
  }
  const removed = new Set<string>();
  for (const node of model.nodes) {
    if (node.kind !== "exclusiveGateway") continue;
    const ins = incoming.get(node.id) as Set<string>;
    const outs = outgoing.get(node.id) as Set<string>;
    if (ins.size !== 1 || outs.size !== 1) continue;
    const [inId] = ins;
    const [outId] = outs;
    const inFlow = flows.get(inId as string);
    const outFlow = flows.get(outId as string);
    if (!inFlow || !outFlow || inFlow === outFlow) continue;
    // The incoming flow now goes where the outgoing one went.
    flows.delete(outFlow.id);
    incoming.get(outFlow.target)?.delete(outFlow.id);
    inFlow.target = outFlow.target;
    incoming.get(outFlow.target)?.add(inFlow.id);
    removed.add(node.id);
  }
  return {
    ...model,
    nodes: model.nodes.filter((node) => !removed.has(node.id)),
    flows: model.flows.filter((flow) => flows.has(flow.id)).map((flow) => flows.get(flow.id) as BpmnFlow),
  };
}
