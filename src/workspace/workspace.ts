import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { Document } from "yaml";
import type { z } from "zod";
import { AppError, describeIssues, fileProblemsError, type Problem, parseYaml } from "../core/index.js";
import { Store } from "../store/index.js";
import {
  type BusinessSettings,
  businessSchema,
  eventLogSchema,
  experimentMetricSchema,
  experimentSchema,
  goalSchema,
  kpiSchema,
  pilotSchema,
  sourceSchema,
  type WorkspaceConfig,
  workspaceConfigSchema,
} from "./workspace.schema.js";

export const CONFIG_FILE = "opsloop.yaml";
export const STATE_DIR = ".opsloop";
export const STORE_FILE = join(STATE_DIR, "store.duckdb");

function keysOf(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function knownKeys(path: readonly PropertyKey[]): readonly string[] {
  const top = path[0];
  if (path.length === 0) return keysOf(workspaceConfigSchema);
  if (top === "business") return keysOf(businessSchema);
  if (top === "sources") return keysOf(sourceSchema);
  if (top === "logs") return keysOf(eventLogSchema);
  if (top === "kpis") return path.length === 2 ? keysOf(kpiSchema) : [];
  if (top === "goals") return path.length === 2 ? keysOf(goalSchema) : [];
  if (top === "experiments") return experimentKeys(path);
  if (top === "pilots") return path.length === 2 ? keysOf(pilotSchema) : [];
  return [];
}

function experimentKeys(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 2) return keysOf(experimentSchema);
  if (path.length === 4 && path[2] === "metrics") return keysOf(experimentMetricSchema);
  return [];
}

/** Parses and validates opsloop.yaml text; errors name the line, the setting and the fix. */
export function parseWorkspaceConfig(
  text: string,
  file = CONFIG_FILE,
): { config: WorkspaceConfig; document: Document } {
  const { document, problems, locate } = parseYaml(text, file);
  if (problems.length > 0) throw configError(file, problems);
  const data: unknown = document.toJS() ?? {};
  const parsed = workspaceConfigSchema.safeParse(data);
  if (!parsed.success) {
    throw configError(file, describeIssues(parsed.error.issues, { file, locate, knownKeys }));
  }
  return { config: parsed.data, document };
}

function configError(file: string, problems: Problem[]): AppError {
  return fileProblemsError("CONFIG_INVALID", file, problems, "invalid settings");
}

const HEADER = `# opsloop workspace settings. Keep this file in git.
# Reference: the JSON Schema from \`opsloop schema\`; docs in the opsloop README.
`;

function renderConfig(config: WorkspaceConfig): string {
  const document = new Document(config);
  document.commentBefore = HEADER.trimEnd().replace(/^# ?/gm, " ");
  return document.toString({ lineWidth: 0 });
}

function writeAtomically(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temp, text);
  renameSync(temp, path);
}

export interface InitOptions {
  business: BusinessSettings;
}

/**
 * Rewrites a list in opsloop.yaml (sources, logs, kpis, goals): keeps the entries `keep` accepts and
 * appends `add`. Used inside `Workspace.updateConfig`.
 */
export function editConfigList<T>(
  document: Document,
  key: string,
  keep: (entry: T) => boolean,
  add: unknown[] = [],
): void {
  const entries = ((document.get(key) as { toJSON(): T[] } | undefined)?.toJSON() ?? []).filter(keep);
  document.set(key, document.createNode([...entries, ...add]));
}

/** Creates a workspace folder with opsloop.yaml and an empty, migrated store. */
export async function initWorkspace(dir: string, options: InitOptions): Promise<Workspace> {
  const root = resolve(dir);
  const configPath = join(root, CONFIG_FILE);
  if (existsSync(configPath)) {
    throw new AppError(
      "WORKSPACE_EXISTS",
      `${configPath} already exists; this folder is already a workspace.`,
      {
        path: configPath,
      },
    );
  }
  const business = businessSchema.safeParse(options.business);
  if (!business.success) {
    throw configError(
      CONFIG_FILE,
      describeIssues(business.error.issues.map((i) => ({ ...i, path: ["business", ...i.path] }))),
    );
  }
  mkdirSync(join(root, STATE_DIR), { recursive: true });
  const config = workspaceConfigSchema.parse({ version: 1, business: business.data, sources: [], logs: [] });
  writeAtomically(configPath, renderConfig(config));
  return Workspace.open(root);
}

/** A workspace: a folder with opsloop.yaml and .opsloop/store.duckdb. */
export class Workspace {
  private constructor(
    readonly dir: string,
    private document: Document,
    public config: WorkspaceConfig,
    readonly store: Store,
    /** A scratch workspace keeps its settings and data in memory and leaves nothing behind. */
    readonly scratch = false,
  ) {}

  /**
   * A workspace in memory, for working on a file without a workspace folder: an in-memory store,
   * settings that are never written, and a temporary folder for staging files that `close` removes.
   */
  static async scratch(business: BusinessSettings): Promise<Workspace> {
    const config = workspaceConfigSchema.parse({ version: 1, business, sources: [], logs: [] });
    const dir = mkdtempSync(join(tmpdir(), "opsloop-scratch-"));
    const { document } = parseWorkspaceConfig(renderConfig(config), join(dir, CONFIG_FILE));
    const store = await Store.open(":memory:", { timeZone: business.timezone });
    return new Workspace(dir, document, config, store, true);
  }

  get configPath(): string {
    return join(this.dir, CONFIG_FILE);
  }

  /** Opens an existing workspace; errors name the yaml path and the fix. */
  static async open(dir: string, options: { readOnly?: boolean } = {}): Promise<Workspace> {
    const root = resolve(dir);
    const configPath = join(root, CONFIG_FILE);
    if (!existsSync(configPath)) {
      throw new AppError(
        "WORKSPACE_NOT_FOUND",
        `No ${CONFIG_FILE} in ${root}. Run \`opsloop init\` there, or pass --workspace DIR (or run \`opsloop demo\` for the demo business).`,
        { dir: root },
      );
    }
    const { config, document } = parseWorkspaceConfig(readFileSync(configPath, "utf8"), configPath);
    mkdirSync(join(root, STATE_DIR), { recursive: true });
    const store = await Store.open(join(root, STORE_FILE), {
      timeZone: config.business.timezone,
      ...(options.readOnly ? { readOnly: true } : {}),
    });
    return new Workspace(root, document, config, store);
  }

  /**
   * Changes opsloop.yaml through `edit` on its YAML document (so comments survive), validates the
   * result and writes it atomically. Nothing is written when the result is invalid.
   */
  updateConfig(edit: (document: Document) => void): WorkspaceConfig {
    const document = this.document.clone();
    edit(document);
    const text = document.toString({ lineWidth: 0 });
    const { config, document: reparsed } = parseWorkspaceConfig(text, this.configPath);
    if (!this.scratch) writeAtomically(this.configPath, text);
    this.document = reparsed;
    this.config = config;
    return config;
  }

  /**
   * Resolves a user-given path against the workspace folder. With `inside`, paths that leave the
   * workspace (`..`, absolute paths elsewhere, symlink tricks aside) are refused.
   */
  resolvePath(path: string, options: { inside?: boolean } = {}): string {
    const full = isAbsolute(path) ? resolve(path) : resolve(this.dir, path);
    if (options.inside) assertInside(this.dir, full, path);
    return full;
  }

  /** A path relative to the workspace when inside it, else absolute; for recording in opsloop.yaml. */
  displayPath(path: string): string {
    const rel = relative(this.dir, path);
    return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
  }

  close(): void {
    this.store.close();
    if (this.scratch) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Refuses a path that resolves outside `root`. */
export function assertInside(root: string, full: string, given = full): void {
  const rel = relative(resolve(root), resolve(full));
  if (rel.startsWith("..") || isAbsolute(rel)) {
    throw new AppError(
      "PATH_OUTSIDE_WORKSPACE",
      `${given} is outside the workspace ${root}; use a path inside it.`,
      {
        path: given,
      },
    );
  }
}
