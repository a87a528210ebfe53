import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runJson } from "./helpers/cli.js";

interface DatasetsJson {
  datasets: { name: string; rows: number; checksum: string }[];
}

async function buildDemo(
  seed: number,
  scale: number,
): Promise<{ dir: string; checksums: Record<string, string>; rows: Record<string, number> }> {
  const dir = join(mkdtempSync(join(tmpdir(), "opsloop-demo-")), "demo");
  const { run } = await runJson(["demo", "--dir", dir, "--seed", String(seed), "--scale", String(scale)]);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  const { json } = await runJson<DatasetsJson>(["datasets", "--checksums", "-w", dir]);
  return {
    dir,
    checksums: Object.fromEntries(json.datasets.map((d) => [d.name, d.checksum])),
    rows: Object.fromEntries(json.datasets.map((d) => [d.name, d.rows])),
  };
}

describe("opsloop demo", () => {
  it("gives identical dataset checksums for one seed, and different data for another", async () => {
    const first = await buildDemo(7, 0.05);
    const second = await buildDemo(7, 0.05);
    const other = await buildDemo(8, 0.05);
    expect(Object.keys(first.checksums).sort()).toEqual([
      "deliveries",
      "inventory",
      "order_events",
      "ratings",
      "sales",
      "shifts",
      "tickets",
      "web_sessions",
    ]);
    expect(second.checksums).toEqual(first.checksums);
    expect(other.checksums.sales).not.toBe(first.checksums.sales);
    expect(other.checksums.order_events).not.toBe(first.checksums.order_events);
  }, 180_000);

  it("defines the order event log and writes the ground truth with its row counts", async () => {
    const demo = await buildDemo(1, 0.05);
    const { json } = await runJson<{
      logs: { name: string; events: number; cases: number; activities: number; startTimestamp?: string }[];
    }>(["logs", "-w", demo.dir]);
    expect(json.logs).toHaveLength(1);
    const log = json.logs[0];
    expect(log?.events).toBe(demo.rows.order_events);
    expect(log?.startTimestamp).toBeDefined();
    const truth = JSON.parse(readFileSync(join(demo.dir, "data/ground-truth.json"), "utf8")) as {
      rows: Record<string, number>;
    };
    for (const [name, rows] of Object.entries(demo.rows)) expect(truth.rows[name], name).toBe(rows);
  }, 120_000);

  it("builds only the datasets named in --only, with their event log, and refuses unknown names", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "opsloop-demo-")), "demo");
    const { run, json } = await runJson<{ datasets: { name: string; rows: number }[] }>([
      "demo",
      "--dir",
      dir,
      "--scale",
      "0.02",
      "--only",
      "order_events",
    ]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(json.datasets.map((d) => d.name)).toEqual(["order_events"]);
    const logs = await runJson<{ logs: { name: string; events: number }[] }>(["logs", "-w", dir]);
    expect(logs.json.logs.map((l) => [l.name, l.events])).toEqual([
      ["order-fulfilment", json.datasets[0]?.rows],
    ]);
    const bad = await runJson<{ error: { code: string; message: string } }>([
      "demo",
      "--dir",
      join(dir, "other"),
      "--only",
      "orders",
    ]);
    expect(bad.run.code).not.toBe(0);
    expect(bad.json.error.code).toBe("USAGE");
    expect(bad.json.error.message).toContain("order_events");
  }, 120_000);

  it("refuses to overwrite a workspace, and keeps it with --if-missing", async () => {
    const demo = await buildDemo(1, 0.02);
    const again = await runJson<{ error: { code: string } }>(["demo", "--dir", demo.dir]);
    expect(again.run.code).toBe(1);
    expect(again.json.error.code).toBe("WORKSPACE_EXISTS");
    const keep = await runJson<{ created: boolean }>(["demo", "--dir", demo.dir, "--if-missing"]);
    expect(keep.run.code).toBe(0);
    expect(keep.json.created).toBe(false);
  }, 120_000);
});
