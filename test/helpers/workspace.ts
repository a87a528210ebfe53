import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initWorkspace, STORE_FILE, Workspace } from "../../src/workspace/index.js";

/** A fresh workspace in a temp folder, business in Europe/Amsterdam. */
export async function tempWorkspace(prefix = "opsloop-test-"): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return initWorkspace(dir, {
    business: { name: "Test Bakery", currency: "EUR", timezone: "Europe/Amsterdam", weekStart: "monday" },
  });
}

/** sha256 of the store file and whether a write-ahead log is lying beside it. */
export function storeFileState(dir: string): { sha256: string; wal: boolean } {
  const path = join(dir, STORE_FILE);
  return {
    sha256: createHash("sha256").update(readFileSync(path)).digest("hex"),
    wal: existsSync(`${path}.wal`),
  };
}

export async function reopen(dir: string): Promise<Workspace> {
  return Workspace.open(dir);
}
