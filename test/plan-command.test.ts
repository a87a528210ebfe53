/**
 * `opsloop plan` run in-process through commander, with the exit codes runCli gives: 0, 1 for
 * errors, 2 for usage.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { buildPlanCommand } from "../src/cli/plan.command.js";
import { buildProgram } from "../src/cli/program.js";
import { toAppError } from "../src/core/index.js";

const dir = mkdtempSync(join(tmpdir(), "opsloop-plan-command-"));

async function plan(
  args: string[],
): Promise<{ code: number; stdout: string; json: () => Record<string, unknown> }> {
  let stdout = "";
  const io = {
    stdout: (t: string) => {
      stdout += t;
    },
    stderr: () => {},
    isTTY: false,
    cwd: dir,
  };
  const { program, context } = buildProgram(io);
  if (!program.commands.some((c) => c.name() === "plan")) buildPlanCommand(program, context);
  program.exitOverride();
  let code = 0;
  try {
    await program.parseAsync(["plan", ...args], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) code = 2;
    else {
      const appError = toAppError(error);
      stdout += appError.message;
      code = appError.exitCode;
    }
  }
  return { code, stdout, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

const REFERENCE = [
  "--interval",
  "30",
  "--handling-time",
  "3",
  "--answer-within",
  "20",
  "--service-level",
  "0.8",
  "--shrinkage",
  "0.3",
];

describe("opsloop plan staffing", () => {
  it("prints pyworkforce's reference in words and in JSON", async () => {
    const human = await plan(["staffing", "--arrivals", "100", ...REFERENCE, "--max-occupancy", "0.85"]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("need 14 agents on the floor and 20 scheduled");
    const json = await plan([
      "staffing",
      "--arrivals",
      "100",
      ...REFERENCE,
      "--max-occupancy",
      "0.7",
      "--json",
    ]);
    const [interval] = json.json().intervals as {
      rawAgents: number;
      scheduledAgents: number;
      serviceLevel: number;
    }[];
    expect(interval?.rawAgents).toBe(15);
    expect(interval?.scheduledAgents).toBe(22);
    expect(interval?.serviceLevel.toFixed(3)).toBe("0.941");
  });

  it("reads a table file and draws the weekday × start table", async () => {
    const file = join(dir, "arrivals.csv");
    writeFileSync(file, "weekday,start,arrivals\nMon,8,40\nmonday,9:00,100\nsaturday,08:00,120\n");
    const run = await plan(["staffing", "--table", file, "--handling-time", "3", "--json"]);
    expect(run.code).toBe(0);
    const map = run.json().heatMap as { weekdays: string[]; starts: string[] };
    expect(map.weekdays).toEqual(["monday", "saturday"]);
    expect(map.starts).toEqual(["08:00", "09:00"]);
  });

  it.each([
    [
      ["--arrivals", "100", "--handling-time", "3", "--max-occupancy", "1.5"],
      /--max-occupancy must be at most 1; got 1.5/,
    ],
    [
      ["--arrivals", "100", "--handling-time", "3", "--max-occupancy", "0"],
      /--max-occupancy must be above 0/,
    ],
    [
      ["--arrivals", "100", "--handling-time", "3", "--service-level", "1"],
      /--service-level must be below 1/,
    ],
    [
      ["--arrivals", "100", "--handling-time", "3", "--service-level", "0"],
      /--service-level must be above 0/,
    ],
    [["--arrivals", "100", "--handling-time", "-3"], /--handling-time must be above 0/],
    [["--arrivals", "-1", "--handling-time", "3"], /--arrivals must be at least 0/],
    [["--arrivals", "ten", "--handling-time", "3"], /--arrivals must be a number; got "ten"/],
    [["--handling-time", "3"], /Give the arrivals/],
  ])("exits 2 on %o", async (args, message) => {
    const run = await plan(["staffing", ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(message);
  });

  it("names the missing column of a table file", async () => {
    const file = join(dir, "no-start.csv");
    writeFileSync(file, "weekday,hour,arrivals\nmonday,8,10\n");
    const run = await plan(["staffing", "--table", file, "--handling-time", "3"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/has no column "start" \(--start-column\)/);
    const fixed = await plan(["staffing", "--table", file, "--start-column", "hour", "--handling-time", "3"]);
    expect(fixed.code).toBe(0);
  });

  it("reports bad cells with their line (exit 1)", async () => {
    const file = join(dir, "bad.csv");
    writeFileSync(file, "weekday,start,arrivals\nfunday,8,10\nmonday,8,-4\n");
    const run = await plan(["staffing", "--table", file, "--handling-time", "3"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/bad\.csv:2: "weekday" must be a weekday/);
    expect(run.stdout).toMatch(/bad\.csv:3: "arrivals" must be at least 0/);
  });
});

describe("opsloop plan inventory", () => {
  it("matches stockpyl's EOQ and newsvendor from flags", async () => {
    const eoq = await plan([
      "inventory",
      "--demand",
      "1300",
      "--order-cost",
      "8",
      "--holding-cost",
      "0.225",
      "--json",
    ]);
    const [item] = eoq.json().items as { eoq: { orderQuantity: number; costPerPeriod: number } }[];
    expect(Math.abs((item?.eoq.orderQuantity ?? 0) - 304.0467800264368)).toBeLessThan(1e-9);
    expect(Math.abs((item?.eoq.costPerPeriod ?? 0) - 68.410525505948272)).toBeLessThan(1e-9);
    const nv = await plan([
      "inventory",
      "--demand",
      "50",
      "--demand-sd",
      "8",
      "--underage-cost",
      "0.7",
      "--overage-cost",
      "0.18",
      "--json",
    ]);
    const [paper] = nv.json().items as { newsvendor: { quantity: number; expectedCost: number } }[];
    expect(Math.abs((paper?.newsvendor.quantity ?? 0) - 56.603955927433887)).toBeLessThan(1e-9);
    expect(Math.abs((paper?.newsvendor.expectedCost ?? 0) - 1.997605193176645)).toBeLessThan(1e-9);
  });

  it("reads items from a file, empty cells left out", async () => {
    const file = join(dir, "items.csv");
    writeFileSync(
      file,
      "item,demand,demand_sd,lead_time,lead_time_sd,service_level,order_cost,holding_cost\nflour,20,5,4,1,0.95,30,0.01\nyeast,2,0.5,2,,0.9,,\n",
    );
    const run = await plan(["inventory", "--items", file, "--json"]);
    expect(run.code).toBe(0);
    const items = run.json().items as {
      item: string;
      eoq: unknown;
      reorderPoint: { reorderPoint: number };
    }[];
    expect(items.map((i) => i.item)).toEqual(["flour", "yeast"]);
    expect(items[1]?.eoq).toBeNull();
    expect(items[0]?.reorderPoint.reorderPoint).toBeCloseTo(80 + 1.6448536269514722 * Math.sqrt(500), 9);
  });

  it.each([
    [
      ["--demand", "10", "--order-cost", "-8", "--holding-cost", "1"],
      /--order-cost must be at least 0; got -8/,
    ],
    [["--demand", "10", "--holding-cost", "-1", "--order-cost", "1"], /--holding-cost must be above 0/],
    [["--demand", "10", "--lead-time", "2", "--service-level", "1.2"], /--service-level must be below 1/],
    [["--demand", "10"], /Nothing to plan/],
    [["--order-cost", "1"], /Give --demand/],
  ])("exits 2 on %o", async (args, message) => {
    const run = await plan(["inventory", ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(message);
  });
});

describe("opsloop plan production", () => {
  const sales = join(dir, "sales.csv");
  const rows = ["item,date,quantity"];
  // Four weeks from Monday 2 February 2026: more on Saturdays, nothing on Sundays.
  for (let i = 0; i < 28; i++) {
    const date = `2026-02-${String(i + 2).padStart(2, "0")}`;
    const weekday = i % 7;
    if (weekday !== 6) rows.push(`rye,${date},${weekday === 5 ? 40 + (i % 3) : 20 + (i % 4)}`);
    rows.push(`spelt,${date},${5 + (i % 2)}`);
  }
  writeFileSync(sales, `${rows.join("\n")}\n`);

  it("plans per item and weekday from a daily sales file", async () => {
    const run = await plan([
      "production",
      "--file",
      sales,
      "--price",
      "4",
      "--unit-cost",
      "1.5",
      "--salvage",
      "0.5",
      "--json",
    ]);
    expect(run.code).toBe(0);
    const plan_ = run.json() as {
      table: { items: string[]; quantity: number[][] };
      lines: { item: string; weekday: string; quantity: number; expectedProfit: number }[];
    };
    expect(plan_.table.items).toEqual(["rye", "spelt"]);
    const rye = plan_.table.quantity[0] ?? [];
    expect(rye[5]).toBeGreaterThan(rye[0] ?? 0);
    expect(rye[6]).toBe(0);
  });

  it.each([
    [["--file", sales, "--price", "4", "--unit-cost", "5"], /price must be above the unit cost/],
    [
      ["--file", sales, "--price", "4", "--unit-cost", "1", "--salvage", "2"],
      /unit cost must be above the salvage value \(--salvage\)/,
    ],
    [["--file", sales, "--price", "-4", "--unit-cost", "1"], /--price must be at least 0/],
    [["--file", sales, "--unit-cost", "1"], /No price for "rye": give --price/],
    [["--price", "4", "--unit-cost", "1"], /Say where demand comes from/],
    [
      ["--file", sales, "--price", "4", "--unit-cost", "1", "--quantity-column", "units"],
      /no column "units" \(--quantity-column\)/,
    ],
  ])("exits 2 on %o", async (args, message) => {
    const run = await plan(["production", ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(message);
  });
});
