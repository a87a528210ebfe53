import { createContext, useContext } from "react";
import type { Workspace } from "./api";

export interface WorkspaceState {
  workspace: Workspace | undefined;
  /** Reloads the header and counts, e.g. after an import. */
  refresh: () => void;
}

export const WorkspaceContext = createContext<WorkspaceState>({ workspace: undefined, refresh: () => {} });

export function useWorkspace(): WorkspaceState {
  return useContext(WorkspaceContext);
}
