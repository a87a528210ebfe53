export type { BpmnFlow, BpmnModel, BpmnNode, BpmnNodeKind } from "./bpmn.js";
export { readBpmn, writeBpmn } from "./bpmn.js";
export { bpmnToPetriNet } from "./bpmn-to-petri.js";
export { petriNetToBpmn } from "./petri-to-bpmn.js";
export { readPnml, writePnml } from "./pnml.js";
export type * from "./types.js";
