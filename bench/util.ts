import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initWorkspace, type Workspace } from "../src/workspace/index.js";

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function freshWorkspace(): Promise<Workspace> {
  return initWorkspace(mkdtempSync(join(tmpdir(), "opsloop-bench-")), {
    business: { name: "Bench", currency: "EUR", timezone: "Europe/Amsterdam", weekStart: "monday" },
  });
}

export function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}
