export {
  assertInside,
  CONFIG_FILE,
  editConfigList,
  type InitOptions,
  initWorkspace,
  parseWorkspaceConfig,
  STATE_DIR,
  STORE_FILE,
  Workspace,
} from "./workspace.js";
export * from "./workspace.schema.js";
