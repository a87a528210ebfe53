import { existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDemoWorkspace } from "../src/demo-workspace/index.js";
import { analyzeWorkspaceExperiment, saveExperiment } from "../src/experiments/index.js";
import { sql } from "../src/store/index.js";
import { Workspace } from "../src/workspace/index.js";
import { median, seconds } from "./util.js";

/** The demo's web sessions at this scale hold about 10.7 million rows. */
const SCALE = 11;
const RUNS = 5;

/**
 * Experiment analysis over about 10 million exposure rows of the demo's web sessions: the checkout
 * test as defined (a two-month window of the table) and the same metrics compared across devices over
 * every row, so that all rows are units of the analysis.
 */
export async function benchExperiment(): Promise<Record<string, unknown>> {
  const dir = join(tmpdir(), `opsloop-bench-experiment-demo-${SCALE}`);
  if (!existsSync(join(dir, "opsloop.yaml"))) {
    rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`building the demo's web sessions at --scale ${SCALE} … `);
    const built = await createDemoWorkspace(dir, { seed: 1, scale: SCALE, only: ["web_sessions"] });
    process.stdout.write(`done in ${built.seconds.toFixed(0)} s\n`);
  }
  const workspace = await Workspace.open(dir);
  try {
    const rows = Number(await workspace.store.value(sql`select count(*) from data.web_sessions`));
    const checkout = workspace.config.experiments.find((e) => e.name === "one-page-checkout");
    if (!checkout) throw new Error("the demo has no one-page-checkout experiment");
    await saveExperiment(workspace, {
      ...JSON.parse(JSON.stringify(checkout)),
      name: "devices",
      variantColumn: "device",
      time: undefined,
      start: undefined,
      stop: undefined,
      variants: [
        { name: "desktop", weight: 1 },
        { name: "mobile", weight: 1 },
        { name: "tablet", weight: 1 },
      ],
    });
    const timed = async (name: string) => {
      const runs: number[] = [];
      let units = 0;
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const result = await analyzeWorkspaceExperiment(workspace, name);
        runs.push(performance.now() - started);
        units = result.variants.reduce((a, v) => a + v.users, 0);
      }
      return { runs, units };
    };
    const test = await timed("one-page-checkout");
    const all = await timed("devices");
    // The same with the rows grouped per unit first, as for a dataset with several rows per unit
    // (the key is hidden in memory only, so session_id is no longer known to be unique).
    const sources = workspace.config.sources;
    workspace.config.sources = sources.map(({ key: _key, ...rest }) => rest);
    const grouped = await timed("devices").finally(() => {
      workspace.config.sources = sources;
    });
    process.stdout.write(
      `${rows.toLocaleString("en")} exposure rows: checkout test (${test.units.toLocaleString("en")} units in its window) median ${seconds(median(test.runs))} s; every row a unit (${all.units.toLocaleString("en")} units, 3 metrics) median ${seconds(median(all.runs))} s; grouped per unit first ${seconds(median(grouped.runs))} s (target ≤ 2 s)\n`,
    );
    return {
      rows,
      runs: RUNS,
      checkoutTest: {
        units: test.units,
        seconds: test.runs.map(seconds),
        median: seconds(median(test.runs)),
      },
      everyRow: { units: all.units, seconds: all.runs.map(seconds), median: seconds(median(all.runs)) },
      groupedPerUnit: {
        units: grouped.units,
        seconds: grouped.runs.map(seconds),
        median: seconds(median(grouped.runs)),
      },
      target: 2,
      pass: median(test.runs) <= 2000 && median(all.runs) <= 2000,
    };
  } finally {
    workspace.close();
  }
}
