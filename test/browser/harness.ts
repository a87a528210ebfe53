/**
 * Support for browser tests: a demo workspace served by the real `opsloop serve`, and Debian's
 * Chromium driven by playwright-core. Nothing here is mocked: the dashboard talks to the server
 * over HTTP exactly as it does for a user.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { runOpsloop } from "../helpers/cli.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = join(ROOT, "bin", "opsloop.js");
export const RESULTS_DIR = join(ROOT, "test-results", "browser");

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Browser tests need Chromium. CI installs it, so there a missing browser fails the run; on a
 * developer's machine without it the browser tests are skipped with a note.
 */
export const canRunBrowser = existsSync(CHROMIUM_PATH) || Boolean(process.env.CI);
if (!canRunBrowser) {
  process.stderr.write(
    `browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)\n`,
  );
}

const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface DemoServer {
  /** Base URL of the dashboard, e.g. http://127.0.0.1:43121 */
  url: string;
  /** The workspace folder. */
  dir: string;
  /** GETs a JSON API path such as `/api/datasets`. */
  api<T>(path: string): Promise<T>;
  /** What the server printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

function assertBuilt(): void {
  const missing = [join(ROOT, "dist", "cli", "main.js"), join(ROOT, "dist", "web", "index.html")].filter(
    (p) => !existsSync(p),
  );
  if (missing.length > 0) {
    throw new Error(`opsloop is not built (missing ${missing.join(", ")}): run \`npm run build\` first.`);
  }
}

async function waitForServer(urls: string[], child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`opsloop serve exited with code ${child.exitCode} before it answered:\n${output()}`);
    }
    for (const url of urls) {
      try {
        const response = await fetch(`${url}/api/workspace`);
        if (response.ok) return url;
      } catch {
        // not listening yet
      }
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`opsloop serve did not answer within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Builds a demo workspace in a temp folder (small scale keeps it quick) and serves it on a free
 * port with the real server.
 */
export async function startDemoServer(options: { scale?: number; dir?: string } = {}): Promise<DemoServer> {
  assertBuilt();
  if (options.dir && existsSync(options.dir)) throw new Error(`${options.dir} exists; pick a new folder`);
  // The folder removed on stop: a fresh temp folder, or the new folder the caller named.
  const base = options.dir ?? mkdtempSync(join(tmpdir(), "opsloop-browser-"));
  const dir = options.dir ?? join(base, "workspace");
  const demo = await runOpsloop(["demo", "--dir", dir, "--scale", String(options.scale ?? 0.05)], {
    timeoutMs: 120_000,
  });
  if (demo.code !== 0) {
    rmSync(base, { recursive: true, force: true });
    throw new Error(`opsloop demo failed (exit ${demo.code}):\n${demo.stderr}\n${demo.stdout}`);
  }
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, "serve", "-w", dir, "--port", String(port)], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", TZ: "UTC" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (chunk) => {
    log += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    log += chunk;
  });
  const output = () => log;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(base, { recursive: true, force: true });
  };

  let url: string;
  try {
    url = await waitForServer(
      [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
      child,
      output,
      30_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    dir,
    output,
    stop,
    async api<T>(path: string): Promise<T> {
      const response = await fetch(url + path);
      if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  // launch() gives every browser a fresh temporary profile (user-data dir), removed on close.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface OpenPage {
  page: Page;
  context: BrowserContext;
  /** Errors the page threw or logged, for asserting a clean run. */
  errors: string[];
}

/** A page at 1400×900 in UTC and British English, recording page errors. */
export async function openPage(browser: Browser, url: string): Promise<OpenPage> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    deviceScaleFactor: 1,
    locale: "en-GB",
    timezoneId: "UTC",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // A 4xx answer to a deliberately bad upload is logged by the browser; it is not a page error.
    if (message.type() === "error" && !/Failed to load resource/.test(message.text())) {
      errors.push(`console: ${message.text()}`);
    }
  });
  await page.goto(url);
  return { page, context, errors };
}

/** Saves a screenshot under test-results/browser/. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, name);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Numbers as the dashboard writes them: 12,345. */
export function count(n: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: 0 });
}

export interface ApiDataset {
  name: string;
  kind: string;
  rows: number;
  columns: { name: string; type: string }[];
}
