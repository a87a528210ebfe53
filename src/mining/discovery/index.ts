/**
 * Process discovery: the Inductive Miner (IM, IMf) on a trace multiset, process trees in PM4Py's
 * notation, and their conversion to accepting Petri nets for replay.
 */
export { discoverProcessTree, type InductiveMinerOptions } from "./inductive.js";
export {
  formatProcessTree,
  parseProcessTree,
  simplifyProcessTree,
  sortProcessTree,
  treesEquivalent,
} from "./process-tree.js";
export { processTreeToPetriNet } from "./tree-to-petri.js";
