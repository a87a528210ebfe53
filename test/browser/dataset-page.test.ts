import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiDataset,
  canRunBrowser,
  count,
  type DemoServer,
  launchBrowser,
  openPage,
  screenshot,
  startDemoServer,
} from "./harness.js";

interface RowsPage {
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  total: number;
}

/** The one browser global used here; the test project is typed for Node, not the DOM. */
interface BrowserGlobals {
  getComputedStyle(element: unknown): { textAlign: string };
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|FLOAT|REAL|DOUBLE|DECIMAL)/i;

/** The text of the preview's cells in one column, top to bottom. */
async function columnTexts(page: Page, columnIndex: number): Promise<string[]> {
  // +2: nth-child is 1-based and the first cell holds the row number.
  return page
    .locator(`[data-testid="preview-table"] tbody tr td:nth-child(${columnIndex + 2})`)
    .allTextContents();
}

/** A number as the preview shows it: grouped, at most two decimals; empty as a dash. */
function asShown(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return Number(value).toLocaleString("en-US", { maximumFractionDigits: 2 });
}

async function firstRowNumber(page: Page): Promise<string | null> {
  return page.locator('[data-testid="preview-table"] tbody tr:first-child td.rownum').textContent();
}

describe.skipIf(!canRunBrowser)("Dataset page", () => {
  let server: DemoServer;
  let browser: Browser;
  let dataset: ApiDataset;

  beforeAll(async () => {
    server = await startDemoServer({ scale: 0.05 });
    browser = await launchBrowser();
    const { datasets } = await server.api<{ datasets: ApiDataset[] }>("/api/datasets");
    // The biggest dataset, so the preview has many pages.
    const biggest = [...datasets].sort((a, b) => b.rows - a.rows)[0];
    if (!biggest) throw new Error("the demo workspace has no datasets");
    dataset = biggest;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("opens a dataset from the list and pages through its preview, 50 rows a page", async () => {
    expect(dataset.rows).toBeGreaterThan(150);
    const pages = Math.ceil(dataset.rows / 50);
    const { page, context, errors } = await openPage(browser, `${server.url}/#/data`);
    try {
      await page.getByTestId(`dataset-link-${dataset.name}`).click();
      await expect.poll(() => new URL(page.url()).hash).toBe(`#/data/${dataset.name}`);
      expect(await page.getByTestId("dataset-title").textContent()).toContain(dataset.name);
      expect(await page.getByTestId("dataset-row-count").textContent()).toBe(count(dataset.rows));

      const pageLabel = page.getByTestId("preview-page");
      const range = page.getByTestId("preview-range");
      await expect.poll(() => pageLabel.textContent()).toBe(`Page 1 of ${count(pages)}`);
      await expect.poll(() => range.textContent()).toBe(`Rows 1–50 of ${count(dataset.rows)}`);
      expect(await page.locator('[data-testid="preview-table"] tbody tr').count()).toBe(50);
      expect(await page.getByTestId("preview-prev").isDisabled()).toBe(true);

      await page.getByTestId("preview-next").click();
      await expect.poll(() => range.textContent()).toBe(`Rows 51–100 of ${count(dataset.rows)}`);
      expect(await pageLabel.textContent()).toBe(`Page 2 of ${count(pages)}`);
      await expect.poll(() => firstRowNumber(page)).toBe("51");

      // The rows shown are the rows the API serves for that page, in the same order.
      const second = await server.api<RowsPage>(`/api/datasets/${dataset.name}/rows?offset=50&limit=50`);
      const textColumn = second.columns.findIndex((c) => /VARCHAR/i.test(c.type));
      if (textColumn >= 0) {
        const name = second.columns[textColumn]?.name ?? "";
        const expected = second.rows.map((r) => (r[name] === null ? "—" : String(r[name])));
        await expect.poll(() => columnTexts(page, textColumn)).toEqual(expected);
      }

      await page.getByTestId("preview-prev").click();
      await expect.poll(() => range.textContent()).toBe(`Rows 1–50 of ${count(dataset.rows)}`);
      await expect.poll(() => firstRowNumber(page)).toBe("1");

      await page.getByTestId("preview-last").click();
      const lastFirst = (pages - 1) * 50 + 1;
      await expect
        .poll(() => range.textContent())
        .toBe(`Rows ${count(lastFirst)}–${count(dataset.rows)} of ${count(dataset.rows)}`);
      expect(await pageLabel.textContent()).toBe(`Page ${count(pages)} of ${count(pages)}`);
      expect(await page.getByTestId("preview-next").isDisabled()).toBe(true);
      expect(await page.locator('[data-testid="preview-table"] tbody tr').count()).toBe(
        dataset.rows - lastFirst + 1,
      );
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("sorts the preview by a clicked column header, numbers right-aligned", async () => {
    const first = await server.api<RowsPage>(`/api/datasets/${dataset.name}/rows?offset=0&limit=1`);
    // The last numeric column: the first is often a row number, already in order.
    const numericIndex = first.columns.findLastIndex((c) => NUMERIC.test(c.type));
    expect(numericIndex, "the dataset has a numeric column").toBeGreaterThanOrEqual(0);
    const column = first.columns[numericIndex]?.name ?? "";

    const { page, context, errors } = await openPage(browser, `${server.url}/#/data/${dataset.name}`);
    try {
      const header = page.getByTestId(`preview-sort-${column}`);
      await header.click();
      await expect
        .poll(() => page.getByTestId("preview-range").textContent())
        .toContain(`sorted by ${column}`);
      const th = page.locator('[data-testid="preview-table"] thead th', { has: header });
      expect(await th.getAttribute("aria-sort")).toBe("ascending");

      const ascending = await server.api<RowsPage>(
        `/api/datasets/${dataset.name}/rows?offset=0&limit=50&sort=${encodeURIComponent(column)}&order=asc`,
      );
      const values = ascending.rows.map((r) => r[column]);
      const numbers = values.filter((v): v is number | string => v !== null).map(Number);
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      await expect.poll(() => columnTexts(page, numericIndex)).toEqual(values.map(asShown));

      const cell = page.locator(
        `[data-testid="preview-table"] tbody tr:first-child td:nth-child(${numericIndex + 2})`,
      );
      const textAlign = await cell.evaluate(
        (el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).textAlign,
      );
      expect(textAlign).toBe("right");

      await header.click();
      await expect.poll(() => th.getAttribute("aria-sort")).toBe("descending");
      const descending = await server.api<RowsPage>(
        `/api/datasets/${dataset.name}/rows?offset=0&limit=50&sort=${encodeURIComponent(column)}&order=desc`,
      );
      await expect
        .poll(() => columnTexts(page, numericIndex))
        .toEqual(descending.rows.map((r) => asShown(r[column])));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows every column's type and profile, the import history and the rows over time", async () => {
    const detail = await server.api<{ dataset: ApiDataset; imports: { sourceName: string }[] }>(
      `/api/datasets/${dataset.name}`,
    );
    const profile = await server.api<{ timeline: unknown }>(`/api/datasets/${dataset.name}/profile`);
    const { page, context, errors } = await openPage(browser, `${server.url}/#/data/${dataset.name}`);
    try {
      await page.getByTestId("columns-table").waitFor();
      for (const column of detail.dataset.columns) {
        await expect.poll(() => page.getByTestId(`column-row-${column.name}`).isVisible()).toBe(true);
      }
      // Profiled figures replace the placeholder once the profile arrives.
      await expect.poll(() => page.getByTestId("columns-table").textContent()).not.toContain("Profiling");

      const imports = page.getByTestId("import-row");
      expect(await imports.count()).toBe(detail.imports.length);
      expect(detail.imports.length).toBeGreaterThan(0);
      expect(await imports.first().textContent()).toContain(detail.imports[0]?.sourceName ?? "");

      if (profile.timeline) {
        await page.getByTestId("dataset-timeline").locator("svg").first().waitFor();
      }
      await screenshot(page, "dataset-page.png", true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("says so in plain words when a dataset does not exist", async () => {
    const { page, context } = await openPage(browser, `${server.url}/#/data/no_such_dataset`);
    try {
      await page.getByTestId("dataset-missing").waitFor();
      expect(await page.getByTestId("dataset-missing").textContent()).toContain("no_such_dataset");
    } finally {
      await context.close();
    }
  });
});
