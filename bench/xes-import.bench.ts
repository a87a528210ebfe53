import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { importFile } from "../src/ingest/index.js";
import { freshWorkspace, median, seconds } from "./util.js";

const LOG = resolve(import.meta.dirname, "../../shared/data/eventlogs/bpic2012.xes.gz");
const EVENTS = 262_200;
const RUNS = 3;

async function opsloopImport(): Promise<number> {
  const workspace = await freshWorkspace();
  const started = performance.now();
  const result = await importFile(workspace, LOG, { dataset: "bpic2012" });
  const ms = performance.now() - started;
  workspace.close();
  rmSync(workspace.dir, { recursive: true, force: true });
  if (result.rowsAfter !== EVENTS) throw new Error(`imported ${result.rowsAfter} events, expected ${EVENTS}`);
  return ms;
}

/** PM4Py's read_xes on the same file, when PM4PY_SRC points at its source (see ../shared/tools). */
function pm4pyImport(): number | null {
  const source = process.env.PM4PY_SRC;
  const script = resolve(import.meta.dirname, "../../shared/tools/pm4py-reference.py");
  if (!source || !existsSync(script)) return null;
  const out = execFileSync("/usr/bin/python3", [script, LOG], {
    env: { ...process.env, PYTHONPATH: source, TQDM_DISABLE: "1" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = JSON.parse(out) as { seconds: { import: number }; events: number };
  if (result.events !== EVENTS) throw new Error(`PM4Py read ${result.events} events, expected ${EVENTS}`);
  return result.seconds.import * 1000;
}

export async function benchXesImport(): Promise<Record<string, unknown>> {
  if (!existsSync(LOG)) throw new Error(`${LOG} is missing; the benchmark needs ../shared/data`);
  const ours: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    ours.push(await opsloopImport());
    process.stdout.write(`run ${run + 1}: opsloop ${seconds(ours[run] as number)} s\n`);
  }
  const pm4py = pm4pyImport();
  const ms = median(ours);
  const eventsPerSecond = Math.round(EVENTS / (ms / 1000));
  process.stdout.write(
    `median ${seconds(ms)} s, ${eventsPerSecond.toLocaleString("en")} events/s (target ≤ 2 s)` +
      (pm4py
        ? `; PM4Py read_xes ${seconds(pm4py)} s, ${(pm4py / ms).toFixed(1)}× slower\n`
        : "; set PM4PY_SRC to time PM4Py beside it\n"),
  );
  return {
    log: "bpic2012.xes.gz",
    events: EVENTS,
    runs: RUNS,
    opsloopSeconds: ours.map(seconds),
    medianSeconds: seconds(ms),
    eventsPerSecond,
    target: 2,
    pass: ms <= 2000,
    pm4pyReadXesSeconds: pm4py === null ? null : seconds(pm4py),
    speedupOverPm4py: pm4py === null ? null : Math.round((pm4py / ms) * 10) / 10,
    machine: `${process.platform}-${process.arch}, ${cpus().length} cores`,
  };
}
