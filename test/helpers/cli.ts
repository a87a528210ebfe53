import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "../..");
export const BIN = join(ROOT, "bin/opsloop.js");

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, in `cwd`, and collects its output. */
export function runOpsloop(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: "1", ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = options.timeoutMs
      ? setTimeout(() => {
          child.kill("SIGKILL");
          reject(new Error(`opsloop ${args.join(" ")} took longer than ${options.timeoutMs} ms\n${stderr}`));
        }, options.timeoutMs)
      : undefined;
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs the CLI with --json and parses its output. */
export async function runJson<T = Record<string, unknown>>(
  args: string[],
  options: { cwd?: string } = {},
): Promise<{ run: CliRun; json: T }> {
  const run = await runOpsloop([...args, "--json"], options);
  try {
    return { run, json: JSON.parse(run.stdout) as T };
  } catch {
    throw new Error(
      `opsloop ${args.join(" ")} printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`,
    );
  }
}

/** Starts the CLI without waiting for it, for tests that stop it midway. */
export function startOpsloop(args: string[], options: { cwd?: string } = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: "1" },
  });
}
