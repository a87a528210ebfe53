/**
 * Events per second of the twin's kernel on M/M/3 at ρ = 0.8 with 1M customers, and SimPy's on the
 * same model in the same run when a SimPy source is at hand (SIMPY_PATH, or /work/.mirror).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { compileModel, runReplication, validateModel } from "../src/twin/index.js";

const CUSTOMERS = 1_000_000;

function simpyPath(): string | undefined {
  const candidates = [process.env.SIMPY_PATH, "/work/.mirror"].filter((p): p is string => Boolean(p));
  for (const root of candidates) {
    if (!existsSync(root)) continue;
    if (existsSync(join(root, "simpy", "__init__.py"))) return root;
    for (const entry of readdirSync(root)) {
      if (!/simpy/i.test(entry)) continue;
      for (const sub of ["", "src"])
        if (existsSync(join(root, entry, sub, "simpy", "__init__.py"))) return join(root, entry, sub);
    }
  }
  return undefined;
}

export async function benchSimulate(): Promise<Record<string, unknown>> {
  const program = compileModel(
    validateModel({
      name: "M/M/3",
      arrivals: { interarrival: { dist: "exponential", mean: 1 / 2.4 } },
      resources: { servers: { capacity: 3 } },
      activities: [{ name: "serve", resource: "servers", duration: { dist: "exponential", mean: 1 } }],
      flow: ["serve"],
    }),
  );
  const runs: { seconds: number; events: number }[] = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    const res = runReplication(program, { seed: 1, replication: r, cases: CUSTOMERS });
    runs.push({ seconds: (performance.now() - t) / 1000, events: res.events });
  }
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const ours = {
    seconds: best.seconds,
    events: best.events,
    eventsPerSecond: Math.round(best.events / best.seconds),
    customersPerSecond: Math.round(CUSTOMERS / best.seconds),
  };
  process.stdout.write(
    `opsloop M/M/3 ρ=0.8, ${CUSTOMERS.toLocaleString("en")} customers: ${ours.seconds.toFixed(2)} s, ${ours.eventsPerSecond.toLocaleString("en")} events/s (arrival + completion per customer), ${ours.customersPerSecond.toLocaleString("en")} customers/s (best of 5)\n`,
  );
  const path = simpyPath();
  const script = "/work/shared/tools/simpy-mmc.py";
  if (!path || !existsSync(script)) {
    process.stdout.write("SimPy: no source found (set SIMPY_PATH); measured opsloop only\n");
    return { model: "M/M/3 rho=0.8", customers: CUSTOMERS, opsloop: ours, simpy: null };
  }
  const run = spawnSync("/usr/bin/python3", [script, String(CUSTOMERS), "1"], {
    env: { ...process.env, PYTHONPATH: path },
    encoding: "utf8",
  });
  const wall = /wall=([\d.]+)s/.exec(run.stdout ?? "");
  if (!wall) {
    process.stdout.write(`SimPy did not run: ${(run.stderr ?? "").split("\n").slice(-2).join(" ")}\n`);
    return { model: "M/M/3 rho=0.8", customers: CUSTOMERS, opsloop: ours, simpy: null };
  }
  const simpySeconds = Number(wall[1]);
  const simpy = { seconds: simpySeconds, customersPerSecond: Math.round(CUSTOMERS / simpySeconds) };
  const ratio = simpy.seconds / ours.seconds;
  process.stdout.write(
    `SimPy: ${simpySeconds.toFixed(2)} s, ${simpy.customersPerSecond.toLocaleString("en")} customers/s; opsloop ${ratio.toFixed(1)}× faster on the same customers\n`,
  );
  return { model: "M/M/3 rho=0.8", customers: CUSTOMERS, opsloop: ours, simpy, speedup: ratio };
}
