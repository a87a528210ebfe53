import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runJson, runOpsloop } from "./helpers/cli.js";
import { sharedData } from "./helpers/shared-data.js";

interface LogsJson {
  logs: { name: string; events: number; cases: number; activities: number }[];
}
interface DatasetsJson {
  datasets: {
    name: string;
    rows: number;
    columns: { name: string; type: string }[];
    source: string;
    sha256: string;
    importedAt: string;
  }[];
}

describe("opsloop CLI on the reference data", () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "opsloop-cli-"));
    const init = await runOpsloop(["init", dir, "--name", "Reference", "--timezone", "Europe/Amsterdam"]);
    expect(init.code, init.stderr).toBe(0);
  });

  it("imports the three XES logs and reports the published event, case and activity counts", async () => {
    for (const [file, name] of [
      ["eventlogs/bpic2012.xes.gz", "bpic2012"],
      ["eventlogs/receipt.xes.gz", "receipt"],
      ["eventlogs/running-example.xes", "running_example"],
    ]) {
      const { run } = await runJson([
        "import",
        sharedData(file as string),
        "--as",
        name as string,
        "-w",
        dir,
      ]);
      expect(run.code, run.stdout + run.stderr).toBe(0);
    }
    const { json } = await runJson<LogsJson>(["logs", "-w", dir]);
    const byName = Object.fromEntries(json.logs.map((l) => [l.name, [l.events, l.cases, l.activities]]));
    // Reference figures from ../shared/data/README.md (PM4Py 2.7 on the same files).
    expect(byName).toEqual({
      bpic2012: [262_200, 13_087, 24],
      receipt: [8_577, 1_434, 27],
      running_example: [42, 6, 8],
    });
  });

  it("reads the sepsis CSV's timestamps with its pattern and keeps every row", async () => {
    const file = sharedData("eventlogs/sepsis.csv");
    const { run } = await runJson([
      "import",
      file,
      "--as",
      "sepsis",
      "--delimiter",
      ";",
      "--timestamp-format",
      "yyyy/MM/dd HH:mm:ss.SSS",
      "-w",
      dir,
    ]);
    expect(run.code, run.stdout).toBe(0);
    const lines =
      readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "").length - 1;
    const { json } = await runJson<DatasetsJson>(["datasets", "-w", dir]);
    const sepsis = json.datasets.find((d) => d.name === "sepsis");
    expect(sepsis?.rows).toBe(lines);
    expect(lines).toBe(15_214);
    expect(sepsis?.columns.find((c) => c.name === "Complete Timestamp")?.type).toBe("TIMESTAMP");
    const { json: rows } = await runJson<{ rows: Record<string, string>[] }>([
      "dataset",
      "rows",
      "sepsis",
      "--limit",
      "1",
      "-w",
      dir,
    ]);
    // The first data line is `A;ER Registration;2014/10/22 11:15:41.000;…`.
    expect(rows.rows[0]?.["Complete Timestamp"]).toBe("2014-10-22 11:15:41");
  });

  it("reads the bread basket's day-first timestamps and keeps every row", async () => {
    const file = sharedData("sales/bread-basket.csv");
    const { run } = await runJson([
      "import",
      file,
      "--as",
      "bread",
      "--timestamp-format",
      "dd-MM-yyyy HH:mm",
      "-w",
      dir,
    ]);
    expect(run.code, run.stdout).toBe(0);
    const lines =
      readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "").length - 1;
    const { json } = await runJson<DatasetsJson>(["datasets", "-w", dir]);
    const bread = json.datasets.find((d) => d.name === "bread");
    expect(bread?.rows).toBe(lines);
    expect(lines).toBe(20_507);
    expect(bread?.columns.find((c) => c.name === "date_time")?.type).toBe("TIMESTAMP");
    const { json: rows } = await runJson<{ rows: Record<string, string>[] }>([
      "dataset",
      "rows",
      "bread",
      "--limit",
      "1",
      "--sort",
      "date_time",
      "-w",
      dir,
    ]);
    expect(rows.rows[0]?.date_time).toBe("2016-10-30 09:58:00");
  });

  it("lists datasets in the documented JSON shape with provenance", async () => {
    const { json } = await runJson<DatasetsJson>(["datasets", "-w", dir]);
    const bpic = json.datasets.find((d) => d.name === "bpic2012");
    expect(bpic).toMatchObject({ name: "bpic2012", rows: 262_200, source: "bpic2012.xes.gz" });
    expect(bpic?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(bpic?.importedAt ?? "")).not.toBeNaN();
    expect(bpic?.columns).toEqual(
      expect.arrayContaining([{ name: "time:timestamp", type: "TIMESTAMP WITH TIME ZONE" }]),
    );
  });

  it("records sources and logs in opsloop.yaml", () => {
    const yaml = readFileSync(join(dir, "opsloop.yaml"), "utf8");
    expect(yaml).toContain("dataset: sepsis");
    expect(yaml).toContain("timestampFormat: yyyy/MM/dd HH:mm:ss.SSS");
    expect(yaml).toMatch(/- name: bpic2012\n\s+dataset: bpic2012\n\s+case: case:concept:name/);
  });

  it("prints errors as JSON with a code and exits 1", async () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "id,amount\n1,2\n2\n");
    const { run, json } = await runJson<{
      error: { code: string; message: string; details: { problems: { line: number }[] } };
    }>(["import", bad, "--as", "bad", "-w", dir]);
    expect(run.code).toBe(1);
    expect(json.error.code).toBe("BAD_ROWS");
    expect(json.error.message).toContain("bad.csv:3:");
    expect(json.error.details.problems[0]?.line).toBe(3);
  });

  it("exits 2 on a usage error, with a JSON error under --json", async () => {
    const { run, json } = await runJson<{ error: { code: string } }>(["import", "x.csv", "-w", dir]);
    expect(run.code).toBe(2);
    expect(json.error.code).toBe("USAGE");
    const plain = await runOpsloop(["frobnicate"]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain("unknown command");
  });

  it("names the yaml line and the fix when opsloop.yaml is wrong", async () => {
    const broken = mkdtempSync(join(tmpdir(), "opsloop-yaml-"));
    writeFileSync(
      join(broken, "opsloop.yaml"),
      "business:\n  name: X\n  currency: EUR\n  timezone: Mars/Olympus\n",
    );
    const { run, json } = await runJson<{ error: { code: string; message: string } }>([
      "datasets",
      "-w",
      broken,
    ]);
    expect(run.code).toBe(1);
    expect(json.error.code).toBe("CONFIG_INVALID");
    expect(json.error.message).toContain("opsloop.yaml:4:3: `business.timezone` must be an IANA time zone");
  });

  it("says where the workspace is missing", async () => {
    const empty = mkdtempSync(join(tmpdir(), "opsloop-none-"));
    const run = await runOpsloop(["datasets", "-w", empty]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`No opsloop.yaml in ${empty}`);
  });
});
