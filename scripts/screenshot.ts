/**
 * Makes the README's screenshot: builds the demo workspace in a temp folder, serves it with the real
 * server, opens the dashboard in Chromium at 1400×900 and saves docs/dashboard.png.
 *
 *   npm run build && node --import tsx scripts/screenshot.ts [--scale 0.25] [--page overview|kpis|revenue|data|processes|process-map] [--out docs/dashboard.png]
 *
 * `--page` also takes a hash such as `#/kpis/orders`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { launchBrowser, openPage, ROOT, startDemoServer } from "../test/browser/harness.js";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "0.25" },
    page: { type: "string", default: "overview" },
    out: { type: "string", default: join("docs", "dashboard.png") },
  },
});

const hashes: Record<string, string> = {
  overview: "#/",
  kpis: "#/kpis",
  revenue: "#/kpis/revenue",
  data: "#/data",
  processes: "#/processes",
  "process-map": "#/processes/order-fulfilment",
};
const hash = hashes[values.page] ?? values.page;
const out = resolve(ROOT, values.out);

// A short folder name reads better in the header of the picture than a random temp name.
const preferred = join(tmpdir(), "opsloop-demo");
const base = existsSync(preferred) ? mkdtempSync(join(tmpdir(), "opsloop-shot-")) : null;
const dir = base ? join(base, "opsloop-demo") : preferred;
const server = await startDemoServer({ scale: Number(values.scale), dir });
const browser = await launchBrowser();
try {
  const { page, errors } = await openPage(browser, `${server.url}/${hash}`);
  const timeout = 120_000;
  await page.getByTestId("workspace-dir").waitFor({ timeout });
  if (hash === "#/") {
    await page.getByTestId("kpi-cards").waitFor({ timeout });
    await page.getByTestId("timelines").locator("svg").first().waitFor({ timeout });
  } else if (hash === "#/kpis") {
    await page.getByTestId("kpi-list").waitFor({ timeout });
  } else if (hash.startsWith("#/kpis/")) {
    await page.getByTestId("kpi-chart").locator("svg").first().waitFor({ timeout });
    await page.getByTestId("explain-sentence").waitFor({ timeout });
  } else if (hash.startsWith("#/processes/")) {
    await page.locator('[data-testid="process-map"][data-state="ready"]').waitFor({ timeout });
  } else {
    await page.locator("table").first().waitFor({ timeout });
  }
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(300);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  if (errors.length > 0) process.stderr.write(`the page reported errors:\n${errors.join("\n")}\n`);
  process.stdout.write(`saved ${out}\n`);
} finally {
  await browser.close();
  await server.stop();
  if (base) rmSync(base, { recursive: true, force: true });
}
