import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../src/cli/program.js";
import { buildTwinCommand } from "../src/cli/twin.command.js";
import { parseModel } from "../src/twin/model/index.js";
import { sharedData } from "./helpers/shared-data.js";

const TRAIN = sharedData("eventlogs/LoanApp_simplified_train.csv.gz");
const TEST = sharedData("eventlogs/LoanApp_simplified_test.csv.gz");
const COLUMNS = [
  "--case",
  "case_id",
  "--activity",
  "activity",
  "--timestamp",
  "end_time",
  "--start-timestamp",
  "start_time",
  "--resource",
  "resource",
  "--role",
  "role",
];

/** Runs `opsloop twin …` in this process and returns its JSON output. */
async function twin<T>(args: string[], cwd: string): Promise<T> {
  let stdout = "";
  const { program, context } = buildProgram({
    stdout: (t) => {
      stdout += t;
    },
    stderr: () => {},
    isTTY: false,
    cwd,
  });
  if (!program.commands.some((c) => c.name() === "twin")) buildTwinCommand(program, context);
  await program.parseAsync(["twin", ...args, "--json"], { from: "user" });
  return JSON.parse(stdout) as T;
}

interface BuildOutput {
  model: {
    activities: { name: string; resource?: string }[];
    resources: Record<string, { shifts?: unknown[] }>;
  };
  out: string;
  fit: { activity: string; distribution: string; wasserstein: number; ks: number; n: number; mean: number }[];
  calendar: {
    arrivals: { cases: number; calendar: { perHour: number }[] };
    pools: { name: string; capacity: number }[];
  };
  processTree: string;
}

describe("twin build on LoanApp", () => {
  it("writes a valid model with every activity fitted, pools by role and an arrival calendar", async () => {
    const dir = mkdtempSync(join(tmpdir(), "twin-build-"));
    const out = await twin<BuildOutput>(["build", TRAIN, ...COLUMNS, "--out", "loan.yaml"], dir);
    const model = parseModel(readFileSync(join(dir, "loan.yaml"), "utf8"), "loan.yaml");
    expect(model.activities.map((a) => a.name).sort()).toEqual(out.fit.map((f) => f.activity).sort());
    expect(out.fit).toHaveLength(12);
    // Roles: Clerk (8 people), Loan Officer (4), …
    const pools = Object.fromEntries(out.calendar.pools.map((p) => [p.name, p.capacity]));
    expect(pools).toMatchObject({ Clerk: 8, "Loan Officer": 4, "Senior Officer": 2, Appraiser: 2 });
    expect(out.calendar.arrivals.cases).toBe(1000);
    // Two applications an hour in the working day.
    expect(Math.max(...out.calendar.arrivals.calendar.map((w) => w.perHour))).toBeCloseTo(2, 1);
    // Every activity's processing time is matched within a fifth of its mean.
    for (const f of out.fit) expect(f.wasserstein).toBeLessThan(0.2 * f.mean);
    const check = out.fit.find((f) => f.activity === "Check application form completeness");
    expect(check?.n).toBe(1108);
  });
});

describe("twin compare", () => {
  it("gives 0 for a log against itself and Simod's measures between the LoanApp train and test logs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "twin-compare-"));
    const same = await twin<{ distances: Record<string, number> }>(
      ["compare", TRAIN, TRAIN, ...COLUMNS],
      dir,
    );
    expect(same.distances).toEqual({
      cycleTimeEmd: 0,
      absoluteHourEmd: 0,
      circadianEmd: 0,
      nGramDistance: 0,
    });
    const split = await twin<{ distances: Record<string, number> }>(
      ["compare", TEST, TRAIN, ...COLUMNS],
      dir,
    );
    // Two samples of the same process: small but not zero.
    expect(split.distances.nGramDistance).toBeGreaterThan(0);
    expect(split.distances.nGramDistance).toBeLessThan(0.1);
    expect(split.distances.cycleTimeEmd).toBeLessThan(5);
    expect(split.distances.circadianEmd).toBeLessThan(1);
  });
});

describe("twin validate", () => {
  it("simulates the LoanApp twin against the test log and reports the four measures", async () => {
    const dir = mkdtempSync(join(tmpdir(), "twin-validate-"));
    await twin(["build", TRAIN, ...COLUMNS, "--out", "loan.yaml"], dir);
    const out = await twin<{
      cases: number;
      replications: number;
      distances: Record<string, number>;
      perReplication: { simulatedCases: number }[];
    }>(["validate", "loan.yaml", TEST, ...COLUMNS, "--replications", "2"], dir);
    expect(out.cases).toBe(1000);
    expect(out.perReplication.map((r) => r.simulatedCases)).toEqual([1000, 1000]);
    // Same routing as the log: the 3-gram frequencies differ by a few percent.
    expect(out.distances.nGramDistance).toBeLessThan(0.1);
    expect(out.distances.circadianEmd).toBeLessThan(1);
    expect(out.distances.cycleTimeEmd).toBeLessThan(12);
    expect(out.distances.absoluteHourEmd).toBeLessThan(48);
  });
});
