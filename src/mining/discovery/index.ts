export { discoverProcessTree, type InductiveMinerOptions } from "./inductive.js";
export {
  formatProcessTree,
  parseProcessTree,
  simplifyProcessTree,
  sortProcessTree,
  treesEquivalent,
} from "./process-tree.js";
export { processTreeToPetriNet } from "./tree-to-petri.js";
