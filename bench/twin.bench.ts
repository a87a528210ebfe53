/**
 * Twin calibration and validation on LoanApp (Simod's example log): build the model from the train log,
 * simulate it from the test log's first arrival (5 replications of 1,000 cases) and compare with the test
 * log by Simod's four measures. The bar: build + validation ≤ 10 s (Simod: hours).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadEventLog, mineFilterSchema, openLogFile } from "../src/mining/index.js";
import { calibrateTwin } from "../src/twin/calibrate/index.js";
import { measureLogDistances, validateTwin } from "../src/twin/validate/index.js";

const DATA = join(import.meta.dirname, "../../shared/data/eventlogs");
const COLUMNS = {
  case: "case_id",
  activity: "activity",
  timestamp: "end_time",
  startTimestamp: "start_time",
  resource: "resource",
  role: "role",
};

async function load(file: string) {
  const { workspace, config } = await openLogFile(join(DATA, file), COLUMNS);
  try {
    return await loadEventLog(workspace, config, { filters: mineFilterSchema.parse({}), localTime: true });
  } finally {
    workspace.close();
  }
}

export async function benchTwin(): Promise<Record<string, unknown>> {
  const train = "LoanApp_simplified_train.csv.gz";
  const test = "LoanApp_simplified_test.csv.gz";
  if (!existsSync(join(DATA, train)))
    throw new Error(`${join(DATA, train)} is missing (see ../shared/data).`);
  const t0 = performance.now();
  const trainLog = await load(train);
  const testLog = await load(test);
  const t1 = performance.now();
  const calibration = calibrateTwin(trainLog);
  const t2 = performance.now();
  const validation = validateTwin(calibration.model, testLog, { replications: 5, seed: 1 });
  const t3 = performance.now();
  const reference = measureLogDistances(testLog, trainLog);
  const seconds = {
    load: (t1 - t0) / 1000,
    build: (t2 - t1) / 1000,
    validate: (t3 - t2) / 1000,
    total: (t3 - t0) / 1000,
  };
  const show = (d: Record<string, number>) =>
    Object.entries(d)
      .map(([k, v]) => `${k} ${v.toFixed(3)}`)
      .join(", ");
  process.stdout.write(
    `LoanApp twin: load ${seconds.load.toFixed(2)} s, build ${seconds.build.toFixed(2)} s, validate (5 × 1,000 cases) ${seconds.validate.toFixed(2)} s; total ${seconds.total.toFixed(2)} s (bar: 10 s)\n` +
      `  simulated vs test: ${show({ ...validation.distances })}\n` +
      `  train vs test:     ${show({ ...reference })}\n`,
  );
  return {
    log: { train, test, cases: testLog.caseIds.length, events: testLog.time.length },
    seconds,
    withinTenSeconds: seconds.total <= 10,
    distances: validation.distances,
    perReplication: validation.perReplication,
    trainVsTest: reference,
    fit: calibration.fit.map((f) => ({
      activity: f.activity,
      distribution: f.distribution,
      wasserstein: f.wasserstein,
      ks: f.ks,
    })),
  };
}
