export {
  createDemoWorkspace,
  type DemoWorkspaceOptions,
  type DemoWorkspaceResult,
  ensureDemoWorkspace,
} from "./create-demo-workspace.js";
