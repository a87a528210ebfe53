/**
 * Benchmarks, run with `npm run bench` (never part of `npm test`). Each benchmark prints what it
 * measured and writes bench/results/<name>.json. Ratios compare tools measured in the same run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchCsvImport } from "./csv-import.bench.js";
import { benchExperiment } from "./experiment.bench.js";
import { benchForecast } from "./forecast.bench.js";
import { benchKpi } from "./kpi.bench.js";
import { benchMining } from "./mining.bench.js";
import { benchSimulate } from "./simulate.bench.js";
import { benchTwin } from "./twin.bench.js";
import { benchXesImport } from "./xes-import.bench.js";

const RESULTS = join(import.meta.dirname, "results");
mkdirSync(RESULTS, { recursive: true });

const only = process.argv[2];
const benches: [string, () => Promise<Record<string, unknown>>][] = [
  ["csv-import", benchCsvImport],
  ["xes-import", benchXesImport],
  ["kpi", benchKpi],
  ["forecast", benchForecast],
  ["mining", benchMining],
  ["simulate", benchSimulate],
  ["twin", benchTwin],
  ["experiment", benchExperiment],
];
for (const [name, run] of benches) {
  if (only && name !== only) continue;
  process.stdout.write(`\n== ${name}\n`);
  const result = { name, measuredAt: new Date().toISOString(), node: process.version, ...(await run()) };
  writeFileSync(join(RESULTS, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`wrote bench/results/${name}.json\n`);
}
