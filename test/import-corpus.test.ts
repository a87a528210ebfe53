import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../src/core/index.js";
import { listDatasets } from "../src/data/index.js";
import { type ImportOptions, importFile } from "../src/ingest/index.js";
import type { Workspace } from "../src/workspace/index.js";
import { reopen, storeFileState, tempWorkspace } from "./helpers/workspace.js";

interface CorpusCase {
  file: string;
  options?: Partial<ImportOptions> & { sheet?: string };
  code: string;
  message: string;
  also?: string;
}

const root = join(import.meta.dirname, "fixtures/malformed");
const cases: { folder: string; item: CorpusCase }[] = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, "cases.json")))
  .flatMap((entry) =>
    (JSON.parse(readFileSync(join(root, entry.name, "cases.json"), "utf8")) as CorpusCase[]).map((item) => ({
      folder: join(root, entry.name),
      item,
    })),
  );

describe("malformed inputs", () => {
  let dir: string;
  let before: { sha256: string; wal: boolean };
  let datasetsBefore: string;

  beforeAll(async () => {
    // Generated cases too big to keep in the repository.
    const generated = join(root, "tabular");
    const huge = join(generated, ".huge-line.csv");
    if (!existsSync(huge)) writeFileSync(huge, `id,text\n1,${"x".repeat(20 * 1024 * 1024)}\n2,short\n`);
    let workspace: Workspace = await tempWorkspace();
    dir = workspace.dir;
    await importFile(workspace, join(generated, "baseline.csv"), { dataset: "baseline", key: ["order_id"] });
    datasetsBefore = JSON.stringify(await listDatasets(workspace.store));
    workspace.close();
    before = storeFileState(dir);
    workspace = await reopen(dir);
    workspace.close();
    expect(storeFileState(dir)).toEqual(before);
  });

  afterAll(() => undefined);

  it("has at least 40 cases", () => {
    expect(cases.length + 1).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((c) => [c.item.file, c]))(
    "%s gives its own precise error and leaves the store as it was",
    async (_name, c) => {
      const workspace = await reopen(dir);
      let error: unknown;
      try {
        await importFile(workspace, join(c.folder, c.item.file), {
          dataset: "target",
          ...(c.item.options as Partial<ImportOptions>),
        } as ImportOptions);
      } catch (caught) {
        error = caught;
      } finally {
        expect(JSON.stringify(await listDatasets(workspace.store))).toBe(datasetsBefore);
        workspace.close();
      }
      expect(error, "the import should have failed").toBeInstanceOf(AppError);
      const appError = error as AppError;
      expect({ code: appError.code, message: appError.message }).toMatchObject({ code: c.item.code });
      expect(appError.message).toContain(c.item.message);
      if (c.item.also) expect(appError.message).toContain(c.item.also);
      expect(storeFileState(dir)).toEqual(before);
    },
  );

  it("refuses a 20 MB single line with the line number and leaves the store as it was", async () => {
    const workspace = await reopen(dir);
    const error = await importFile(workspace, join(root, "tabular/.huge-line.csv"), {
      dataset: "target",
    }).catch((e) => e);
    workspace.close();
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toMatch(/\.huge-line\.csv:2.*longer than/);
    expect(storeFileState(dir)).toEqual(before);
  });
});
