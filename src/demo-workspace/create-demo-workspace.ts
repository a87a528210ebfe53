import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { AppError, defaultEffects, type Effects } from "../core/index.js";
import { type DemoManifest, generateDemo } from "../demo/index.js";
import { defineEventLog } from "../eventlog/index.js";
import { type ImportResult, importFile } from "../ingest/index.js";
import { CONFIG_FILE, initWorkspace, STATE_DIR, Workspace } from "../workspace/index.js";

export interface DemoWorkspaceOptions {
  seed: number;
  scale: number;
}

export interface DemoWorkspaceResult {
  dir: string;
  created: boolean;
  manifest: DemoManifest | null;
  imports: ImportResult[];
  seconds: number;
}

/**
 * Builds the demo bakery's workspace in `dir`: generates its data files under `data/` with the
 * ground truth, creates opsloop.yaml, imports every file and defines the event logs.
 */
export async function createDemoWorkspace(
  dir: string,
  options: DemoWorkspaceOptions,
  effects: Effects = defaultEffects,
): Promise<DemoWorkspaceResult> {
  const started = performance.now();
  const root = resolve(dir);
  if (!Number.isInteger(options.seed) || options.seed < 0) {
    throw new AppError("USAGE", `--seed must be a whole number ≥ 0; got ${options.seed}.`);
  }
  if (!(options.scale > 0) || options.scale > 1000) {
    throw new AppError("USAGE", `--scale must be a number above 0 and at most 1000; got ${options.scale}.`);
  }
  if (existsSync(join(root, CONFIG_FILE))) {
    throw new AppError(
      "WORKSPACE_EXISTS",
      `${root} already holds a workspace; choose another --dir, or pass --if-missing to keep it.`,
      {
        dir: root,
      },
    );
  }
  const existed = existsSync(root);
  const imports: ImportResult[] = [];
  let workspace: Workspace | undefined;
  try {
    const manifest = await generateDemo(
      { outDir: join(root, "data"), seed: options.seed, scale: options.scale },
      effects.progress,
    );
    const { name, currency, timeZone, weekStart } = manifest.business;
    workspace = await initWorkspace(root, { business: { name, currency, timezone: timeZone, weekStart } });
    for (const dataset of manifest.datasets) {
      imports.push(
        await importFile(
          workspace,
          join(root, "data", dataset.file),
          {
            dataset: dataset.name,
            mode: "replace",
            ...(dataset.key ? { key: dataset.key } : {}),
            ...(dataset.timestampFormat ? { timestampFormat: dataset.timestampFormat } : {}),
          },
          effects,
        ),
      );
    }
    for (const log of manifest.logs) await defineEventLog(workspace, log);
    workspace.close();
    workspace = undefined;
    return { dir: root, created: true, manifest, imports, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    // Nothing half-built stays behind.
    workspace?.close();
    if (existed) {
      for (const part of ["data", CONFIG_FILE, STATE_DIR])
        rmSync(join(root, part), { recursive: true, force: true });
    } else rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
/** Opens the demo workspace in `dir` if it is there, else builds it. */
export async function ensureDemoWorkspace(
  dir: string,
  options: DemoWorkspaceOptions,
  effects: Effects = defaultEffects,
): Promise<DemoWorkspaceResult> {
  const root = resolve(dir);
  if (existsSync(join(root, CONFIG_FILE))) {
    const workspace = await Workspace.open(root);
    workspace.close();
    return { dir: root, created: false, manifest: null, imports: [], seconds: 0 };
  }
  return createDemoWorkspace(root, options, effects);
}
