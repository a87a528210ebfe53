import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { AppError } from "../core/index.js";

/** Chromium to print with: CHROMIUM_PATH, else Debian's. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((c): c is string => Boolean(c) && existsSync(c as string)) ?? null;
}

/**
 * Prints an HTML page to PDF with headless Chromium (the page's own @page size and margins). Refused
 * with UNAVAILABLE when no Chromium is installed; the HTML report works without it.
 */
export async function htmlToPdf(html: string, timeoutMs = 60_000): Promise<Buffer> {
  const chromium = findChromium();
  if (!chromium) {
    throw new AppError(
      "UNAVAILABLE",
      "PDF needs Chromium (apt-get install chromium, or set CHROMIUM_PATH); the HTML report prints from any browser.",
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "opsloop-pdf-"));
  try {
    const page = join(dir, "report.html");
    const out = join(dir, "report.pdf");
    writeFileSync(page, html);
    const args = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${join(dir, "profile")}`,
      "--no-pdf-header-footer",
      `--print-to-pdf=${out}`,
      pathToFileURL(page).href,
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(chromium, args, { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        if (code === 0 && existsSync(out)) resolve();
        else
          reject(
            new AppError(
              "INTERNAL",
              `Chromium could not print the report (exit ${code}): ${stderr.split("\n").slice(-3).join(" ")}`,
            ),
          );
      });
    });
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
