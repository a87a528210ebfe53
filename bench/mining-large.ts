/**
 * Runs in its own process (see mining.bench.ts): loads a workspace's order log and times the map
 * with waiting times, the variants and the bottlenecks; prints JSON with seconds and peak memory.
 */
import { findBottlenecks } from "../src/mining/analysis/bottlenecks.js";
import { discoverDfg } from "../src/mining/analysis/dfg.js";
import { listVariants } from "../src/mining/analysis/variants.js";
import { mineFilterSchema } from "../src/mining/log/filters.js";
import { findLogConfig } from "../src/mining/log/load-log.js";
import { loadFilteredLog } from "../src/mining/source.js";
import { Workspace } from "../src/workspace/index.js";

const dir = process.argv[2] as string;
const workspace = await Workspace.open(dir, { readOnly: true });
const t0 = performance.now();
const { log } = await loadFilteredLog(
  workspace,
  findLogConfig(workspace, "order-fulfilment"),
  mineFilterSchema.parse({}),
  {
    localTime: true,
  },
);
const t1 = performance.now();
const dfg = discoverDfg(log);
const t2 = performance.now();
const variants = listVariants(log, 100);
const t3 = performance.now();
const bottlenecks = findBottlenecks(log, ["weekday", "hour"]);
const t4 = performance.now();
workspace.close();
const peakMiB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(
  `${JSON.stringify({
    events: dfg.events,
    cases: dfg.cases,
    edges: dfg.edges.length,
    variants: variants.total,
    topBottleneck: bottlenecks.segments?.[0] ?? null,
    seconds: {
      load: (t1 - t0) / 1000,
      dfg: (t2 - t1) / 1000,
      variants: (t3 - t2) / 1000,
      bottlenecks: (t4 - t3) / 1000,
      total: (t4 - t0) / 1000,
    },
    peakMiB,
    targets: { seconds: 30, peakMiB: 4096 },
    pass: (t4 - t0) / 1000 <= 30 && peakMiB <= 4096,
  })}\n`,
);
