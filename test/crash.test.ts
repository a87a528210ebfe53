import { once } from "node:events";
import { createWriteStream, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { listDatasets } from "../src/data/index.js";
import { importFile } from "../src/ingest/index.js";
import { Workspace } from "../src/workspace/index.js";
import { startOpsloop } from "./helpers/cli.js";
import { sharedData } from "./helpers/shared-data.js";
import { tempWorkspace } from "./helpers/workspace.js";

/** Writes a CSV of `rows` sales lines, large enough that importing it takes seconds. */
async function writeBigCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write("line_id,sold_at,shop,product,quantity,amount\n");
  const chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    const minute = i % 1440;
    chunk.push(
      `${i},2025-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")} ${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:00,shop-${1 + (i % 3)},product ${i % 97},${1 + (i % 5)},${((i * 37) % 1000) / 10}\n`,
    );
    if (chunk.length === 10_000) {
      if (!out.write(chunk.join(""))) await once(out, "drain");
      chunk.length = 0;
    }
  }
  out.end(chunk.join(""));
  await once(out, "finish");
}

/** Starts an import in a separate process and kills it with SIGKILL after `ms` milliseconds. */
async function killImportAfter(
  args: string[],
  ms: number,
): Promise<{ code: number | null; signal: string | null }> {
  const child = startOpsloop(args);
  const timer = setTimeout(() => child.kill("SIGKILL"), ms);
  const [code, signal] = (await once(child, "exit")) as [number | null, string | null];
  clearTimeout(timer);
  return { code, signal };
}

describe("killing an import midway", () => {
  let dir: string;
  let before: string;
  let checksum: string;
  let big: string;

  beforeAll(async () => {
    const workspace = await tempWorkspace("opsloop-kill-");
    dir = workspace.dir;
    await importFile(workspace, join(import.meta.dirname, "fixtures/malformed/tabular/baseline.csv"), {
      dataset: "sales",
    });
    before = JSON.stringify(await listDatasets(workspace.store));
    checksum = await workspace.store.tableChecksum("data", "sales");
    workspace.close();
    big = join(mkdtempSync(join(tmpdir(), "opsloop-big-")), "big.csv");
    await writeBigCsv(big, 6_000_000);
  }, 120_000);

  async function expectUnchanged(): Promise<void> {
    const workspace = await Workspace.open(dir);
    try {
      expect(JSON.stringify(await listDatasets(workspace.store))).toBe(before);
      expect(await workspace.store.tableChecksum("data", "sales")).toBe(checksum);
    } finally {
      workspace.close();
    }
  }

  it("leaves the store as it was when a large CSV replace is killed", async () => {
    const result = await killImportAfter(["import", big, "--as", "sales", "-w", dir], 1_500);
    expect(result.signal, "the import finished before it could be killed; make the file bigger").toBe(
      "SIGKILL",
    );
    await expectUnchanged();
  });

  it("leaves the store as it was when an XES import is killed", async () => {
    const result = await killImportAfter(
      ["import", sharedData("eventlogs/bpic2012.xes.gz"), "--as", "bpic2012", "-w", dir],
      700,
    );
    expect(result.signal).toBe("SIGKILL");
    await expectUnchanged();
  });

  it("imports normally after the crash", async () => {
    const workspace = await Workspace.open(dir);
    try {
      const result = await importFile(
        workspace,
        join(import.meta.dirname, "fixtures/malformed/tabular/baseline.csv"),
        {
          dataset: "again",
        },
      );
      expect(result.rowsAfter).toBe(30);
    } finally {
      workspace.close();
    }
  });
});
