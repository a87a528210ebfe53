/** The one place that reads process.env. */

export interface Environment {
  /** Folder used when no --workspace is given. */
  workspace: string | undefined;
  /** Port for `opsloop serve` when no --port is given. */
  port: number | undefined;
  /** Path of the Chromium binary for browser tests and screenshots. */
  chromium: string;
  /** Set when output should have no colours or progress bars. */
  noColor: boolean;
  /** Who makes changes to improvement records when no --actor is given (OPSLOOP_ACTOR). */
  actor: string | undefined;
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const port = env.OPSLOOP_PORT ? Number(env.OPSLOOP_PORT) : undefined;
  return {
    workspace: env.OPSLOOP_WORKSPACE || undefined,
    port: port !== undefined && Number.isInteger(port) && port > 0 ? port : undefined,
    chromium: env.CHROMIUM_PATH || "/usr/bin/chromium",
    noColor: Boolean(env.NO_COLOR) || env.TERM === "dumb",
    actor: env.OPSLOOP_ACTOR?.trim() || undefined,
  };
}
