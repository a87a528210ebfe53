import { type EventLog, loadEventLog, type MineTarget, mineFilterSchema } from "../../mining/index.js";

/** The whole log of a mining target (a workspace log, a file's scratch workspace, or a log in memory). */
export async function loadTwinLog(target: MineTarget): Promise<EventLog> {
  if (target.memory) return target.memory;
  return loadEventLog(target.workspace, target.config, {
    filters: mineFilterSchema.parse({}),
    localTime: true,
  });
}
