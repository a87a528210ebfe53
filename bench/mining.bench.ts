/**
 * Process mining speed on bpic2012 beside PM4Py (same machine, same run), and on a demo order log
 * of about ten million events for time and peak memory.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { discoverDfg } from "../src/mining/analysis/dfg.js";
import { listVariants, traceLog } from "../src/mining/analysis/variants.js";
import { tokenReplay } from "../src/mining/conformance/index.js";
import { discoverProcessTree, processTreeToPetriNet } from "../src/mining/discovery/index.js";
import { mineFilterSchema } from "../src/mining/log/filters.js";
import { loadFilteredLog, openXesInMemory } from "../src/mining/source.js";
import { median, seconds } from "./util.js";

const LOG = resolve(import.meta.dirname, "../../shared/data/eventlogs/bpic2012.xes.gz");
const RUNS = 5;
const ROOT = resolve(import.meta.dirname, "..");

interface Pm4pySeconds {
  import: number;
  dfg: number;
  variants: number;
  imf: number;
  token_replay: number;
}

/** PM4Py's seconds per step on the same file, when PM4PY_SRC points at its source. */
function pm4py(): { seconds: Pm4pySeconds; fitness: number } | null {
  const source = process.env.PM4PY_SRC;
  const script = resolve(import.meta.dirname, "../../shared/tools/pm4py-reference.py");
  if (!source || !existsSync(script)) return null;
  process.stdout.write("PM4Py: import, DFG, variants, IMf and token replay on bpic2012 …\n");
  const out = execFileSync("/usr/bin/python3", [script, LOG, "--slow"], {
    env: { ...process.env, PYTHONPATH: source, TQDM_DISABLE: "1" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const parsed = JSON.parse(out) as {
    seconds: Pm4pySeconds;
    imf_token_replay_fitness: { log_fitness: number };
  };
  return { seconds: parsed.seconds, fitness: parsed.imf_token_replay_fitness.log_fitness };
}

async function oursOnce(): Promise<{
  importDfgVariants: number;
  imf: number;
  replay: number;
  fitness: number;
}> {
  const t0 = performance.now();
  // As `opsloop mine dfg FILE.xes` does: the file read straight into memory.
  const { workspace, config, memory } = await openXesInMemory(LOG);
  try {
    const { log } = await loadFilteredLog(workspace, config, mineFilterSchema.parse({}), { memory });
    const dfg = discoverDfg(log);
    const variants = listVariants(log);
    const t1 = performance.now();
    if (dfg.edges.length !== 125 || variants.total !== 4366)
      throw new Error("bpic2012: unexpected DFG or variants");
    const traces = traceLog(log);
    const net = processTreeToPetriNet(
      discoverProcessTree(traces, { variant: "imf", noise: 0.2, pm4pyCounting: true }),
    );
    const t2 = performance.now();
    const fit = tokenReplay(net, traces);
    const t3 = performance.now();
    return { importDfgVariants: t1 - t0, imf: t2 - t1, replay: t3 - t2, fitness: fit.fitness };
  } finally {
    workspace.close();
  }
}

/** A demo order log of about ten million events: DFG with times, variants and bottlenecks. */
function large(): Record<string, unknown> | null {
  const scale = Number(process.env.MINING_BENCH_SCALE ?? 46);
  if (!(scale > 0)) return null;
  const dir = process.env.MINING_BENCH_DIR ?? join(tmpdir(), `opsloop-bench-orders-${scale}`);
  if (!existsSync(join(dir, "opsloop.yaml"))) {
    process.stdout.write(`Building the demo at scale ${scale} in ${dir} (once; kept for later runs) …\n`);
    execFileSync(
      process.execPath,
      [
        join(ROOT, "bin/opsloop.js"),
        "demo",
        "--dir",
        dir,
        "--scale",
        String(scale),
        "--only",
        "order_events",
      ],
      {
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
  }
  // A fresh process, so its peak resident memory is this work's alone.
  const out = execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "bench/mining-large.ts"), dir], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out) as Record<string, unknown>;
}

export async function benchMining(): Promise<Record<string, unknown>> {
  if (!existsSync(LOG)) throw new Error(`${LOG} is missing; the benchmark needs ../shared/data`);
  const runs: Awaited<ReturnType<typeof oursOnce>>[] = [];
  for (let run = 0; run < RUNS; run++) {
    runs.push(await oursOnce());
    const r = runs[run] as Awaited<ReturnType<typeof oursOnce>>;
    process.stdout.write(
      `run ${run + 1}: import+DFG+variants ${seconds(r.importDfgVariants)} s, IMf ${seconds(r.imf)} s, token replay ${seconds(r.replay)} s\n`,
    );
  }
  const ours = {
    importDfgVariants: median(runs.map((r) => r.importDfgVariants)) / 1000,
    imf: median(runs.map((r) => r.imf)) / 1000,
    tokenReplay: median(runs.map((r) => r.replay)) / 1000,
  };
  const reference = pm4py();
  const theirs = reference
    ? {
        importDfgVariants: reference.seconds.import + reference.seconds.dfg + reference.seconds.variants,
        imf: reference.seconds.imf,
        tokenReplay: reference.seconds.token_replay,
      }
    : null;
  const speedup = theirs
    ? Object.fromEntries(
        (Object.keys(ours) as (keyof typeof ours)[]).map((k) => [
          k,
          Math.round((theirs[k] / ours[k]) * 10) / 10,
        ]),
      )
    : null;
  for (const key of Object.keys(ours) as (keyof typeof ours)[]) {
    process.stdout.write(
      `${key}: opsloop ${ours[key].toFixed(3)} s` +
        (theirs ? `, PM4Py ${theirs[key].toFixed(3)} s, ${speedup?.[key]}× faster (target ≥ 10×)\n` : "\n"),
    );
  }
  if (!theirs)
    process.stdout.write("set PM4PY_SRC to time PM4Py beside it (see ../shared/tools/pm4py-reference.py)\n");
  const big = large();
  if (big) process.stdout.write(`large log: ${JSON.stringify(big)}\n`);
  return {
    log: "bpic2012.xes.gz",
    runs: RUNS,
    opsloopSeconds: ours,
    pm4pySeconds: theirs,
    speedupOverPm4py: speedup,
    pass: speedup ? Object.values(speedup).every((s) => s >= 10) : null,
    fitness: { opsloop: runs[0]?.fitness, pm4py: reference?.fitness ?? null },
    large: big,
    machine: `${process.platform}-${process.arch}, ${cpus().length} cores`,
  };
}
