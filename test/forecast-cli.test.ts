import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runJson, runOpsloop } from "./helpers/cli.js";
import { sharedData } from "./helpers/shared-data.js";

interface ForecastJson {
  model: string;
  points: { period: string; mean: number; lo80: number; hi80: number; lo95: number; hi95: number }[];
  backtest: { mase: number; smape: number; seasonalNaiveMase: number };
}

describe("forecasting the bread basket's daily item counts", () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "opsloop-forecast-"));
    expect((await runOpsloop(["init", dir, "--timezone", "Europe/London", "--currency", "GBP"])).code).toBe(
      0,
    );
    const imported = await runOpsloop([
      "import",
      sharedData("sales/bread-basket.csv"),
      "--as",
      "bread",
      "--timestamp-format",
      "dd-MM-yyyy HH:mm",
      "-w",
      dir,
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    const added = await runOpsloop([
      "kpi",
      "add",
      "items",
      "--dataset",
      "bread",
      "--time",
      "date_time",
      "--measure",
      "count",
      "--grain",
      "day",
      "-w",
      dir,
    ]);
    expect(added.code, added.stderr).toBe(0);
  });

  it("beats seasonal naive by at least 15% in MASE on a rolling-origin backtest, from the KPI", async () => {
    const { run, json } = await runJson<ForecastJson>([
      "forecast",
      "items",
      "--horizon",
      "14",
      "--backtest",
      "-w",
      dir,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(json.points).toHaveLength(14);
    expect(json.points[0]?.period).toBe("2017-04-10");
    expect(json.backtest.mase).toBeLessThanOrEqual(0.85 * json.backtest.seasonalNaiveMase);
  });

  it("gives the same answer from a plain file of daily counts, with no workspace", async () => {
    const { json: series } = await runJson<{ points: { period: string; value: number }[] }>([
      "kpi",
      "eval",
      "items",
      "-w",
      dir,
    ]);
    expect(series.points).toHaveLength(162);
    const file = join(dir, "daily.csv");
    writeFileSync(file, `ds,y\n${series.points.map((p) => `${p.period},${p.value}`).join("\n")}\n`);
    const fromFile = await runJson<ForecastJson>([
      "forecast",
      "--series",
      file,
      "--time-column",
      "ds",
      "--value-column",
      "y",
      "--horizon",
      "14",
      "--backtest",
    ]);
    const fromKpi = await runJson<ForecastJson>([
      "forecast",
      "items",
      "--horizon",
      "14",
      "--backtest",
      "-w",
      dir,
    ]);
    expect(fromFile.run.code, fromFile.run.stderr).toBe(0);
    expect(fromFile.json.model).toBe(fromKpi.json.model);
    expect(fromFile.json.backtest).toMatchObject({
      mase: fromKpi.json.backtest.mase,
      seasonalNaiveMase: fromKpi.json.backtest.seasonalNaiveMase,
    });
  });
});
