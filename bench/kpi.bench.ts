import { existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDemoWorkspace } from "../src/demo-workspace/index.js";
import { evaluateKpi, findKpi } from "../src/kpi/index.js";
import { buildServer } from "../src/server/index.js";
import { sql } from "../src/store/index.js";
import { Workspace } from "../src/workspace/index.js";
import { median, seconds } from "./util.js";

const SCALE = 9;
const RUNS = 5;

/** Daily revenue over the demo's sales at a scale where the table has about 10 million rows. */
export async function benchKpi(): Promise<Record<string, unknown>> {
  // The demo at this scale takes minutes to build; it is kept between runs in the system's temp folder.
  const dir = join(tmpdir(), `opsloop-bench-kpi-demo-${SCALE}`);
  if (!existsSync(join(dir, "opsloop.yaml"))) {
    rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`building the demo at --scale ${SCALE} … `);
    const built = await createDemoWorkspace(dir, { seed: 1, scale: SCALE });
    process.stdout.write(`done in ${built.seconds.toFixed(0)} s\n`);
  }
  const workspace = await Workspace.open(dir);
  const rows = Number(await workspace.store.value(sql`select count(*) from data.sales`));
  try {
    const kpi = findKpi(workspace, "revenue");
    const engine: number[] = [];
    let periods = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const series = await evaluateKpi(workspace, kpi, { grain: "day" });
      engine.push(performance.now() - started);
      periods = series.points.length;
    }
    const app = await buildServer(workspace, { webDir: "/nonexistent" });
    const api: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const response = await app.inject("/api/kpis/revenue/series?grain=day&by=shop");
      if (response.statusCode !== 200) throw new Error(response.body);
      api.push(performance.now() - started);
    }
    await app.close();
    process.stdout.write(
      `daily revenue, ${periods} days over ${rows.toLocaleString("en")} rows: engine median ${seconds(median(engine))} s; API (split by shop) median ${seconds(median(api))} s (target ≤ 1 s)\n`,
    );
    return {
      rows,
      periods,
      runs: RUNS,
      engineSeconds: engine.map(seconds),
      apiBySegmentSeconds: api.map(seconds),
      medianEngineSeconds: seconds(median(engine)),
      medianApiSeconds: seconds(median(api)),
      target: 1,
      pass: median(engine) <= 1000 && median(api) <= 1000,
    };
  } finally {
    workspace.close();
  }
}
