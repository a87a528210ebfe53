import { importFile } from "../../src/ingest/index.js";
import type { TraceLog } from "../../src/mining/model/types.js";
import { ident, sql } from "../../src/store/index.js";
import { tempWorkspace } from "./workspace.js";

/**
 * The traces of an XES log as a multiset, events of a case ordered by time and then by their place
 * in the file (the order PM4Py uses).
 */
export async function readTraceLog(path: string): Promise<TraceLog> {
  const workspace = await tempWorkspace("opsloop-traces-");
  try {
    await importFile(workspace, path, { dataset: "log" });
    const rows = await workspace.store.all(
      sql`select list(${ident("concept:name")} order by ${ident("time:timestamp")}, rowid)::varchar[] as trace
          from ${ident("data", "log")} group by ${ident("case:concept:name")}`,
    );
    const activities: string[] = [];
    const index = new Map<string, number>();
    const counts = new Map<string, { trace: number[]; count: number }>();
    for (const row of rows) {
      const names = row.trace as unknown as string[];
      const trace = names.map((name) => {
        let i = index.get(name);
        if (i === undefined) {
          i = activities.length;
          index.set(name, i);
          activities.push(name);
        }
        return i;
      });
      const key = trace.join(",");
      const found = counts.get(key);
      if (found) found.count++;
      else counts.set(key, { trace, count: 1 });
    }
    return { activities, traces: [...counts.values()].sort((a, b) => b.count - a.count) };
  } finally {
    workspace.close();
  }
}
