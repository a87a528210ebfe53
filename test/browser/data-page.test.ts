import type { Browser } from "playwright-core";
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

/** 25 sales rows; line 3 has a field missing and line 5 has text where the amount should be. */
function badCsv(): string {
  const lines = ["sold_at,shop,amount"];
  for (let i = 0; i < 25; i++) {
    const day = String(1 + (i % 28)).padStart(2, "0");
    lines.push(`2025-02-${day} 09:${String(i).padStart(2, "0")}:00,north,${(3.5 + i).toFixed(2)}`);
  }
  lines[2] = "2025-02-02 09:01:00,north"; // line 3: ragged
  lines[4] = "2025-02-04 09:03:00,south,abc"; // line 5: text in a numeric column
  return `${lines.join("\n")}\n`;
}

function goodCsv(rows: number): string {
  const lines = ["sold_at,shop,product,amount"];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `2025-03-${String(1 + (i % 28)).padStart(2, "0")} 10:00:00,south,croissant,${(2.4 + i / 10).toFixed(2)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

describe.skipIf(!canRunBrowser)("Data page", () => {
  let server: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startDemoServer({ scale: 0.05 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the business, the navigation and every demo dataset with its row count", async () => {
    const { datasets } = await server.api<{ datasets: ApiDataset[] }>("/api/datasets");
    const workspace = await server.api<{ business: { name: string }; dir: string }>("/api/workspace");
    expect(datasets.length).toBeGreaterThanOrEqual(3);

    const { page, context, errors } = await openPage(browser, `${server.url}/#/data`);
    try {
      await expect.poll(() => page.getByTestId("business-name").textContent()).toBe(workspace.business.name);
      await expect.poll(() => page.getByTestId("workspace-dir").textContent()).toContain(workspace.dir);
      await page.getByTestId("datasets-table").waitFor();

      for (const dataset of datasets) {
        expect(dataset.rows, dataset.name).toBeGreaterThan(0);
        const row = page.getByTestId(`dataset-row-${dataset.name}`);
        await expect.poll(() => row.isVisible()).toBe(true);
        expect(await page.getByTestId(`dataset-rows-${dataset.name}`).textContent()).toBe(
          count(dataset.rows),
        );
        expect(await row.textContent()).toContain(dataset.name);
      }

      // Experiments and Improvements are live pages; capabilities still to come are listed but cannot be
      // opened, and say what they will do.
      for (const [id, href] of [
        ["experiments", "#/experiments"],
        ["improvements", "#/improvements"],
      ] as const) {
        const live = page.getByTestId(`nav-${id}`);
        expect(await live.getAttribute("href")).toBe(href);
        expect(await live.getAttribute("aria-disabled")).toBeNull();
        expect(await live.textContent()).not.toContain("soon");
      }
      const automation = page.getByTestId("nav-automation");
      expect(await automation.getAttribute("aria-disabled")).toBe("true");
      expect(await automation.getAttribute("href")).toBeNull();
      expect(await automation.textContent()).toContain("soon");
      await automation.hover();
      await expect.poll(() => page.getByRole("tooltip", { name: /Automation/ }).isVisible()).toBe(true);
      expect(await page.getByRole("tooltip", { name: /Automation/ }).textContent()).toMatch(
        /rules that act on signals/,
      );
      expect(await page.getByTestId("nav-data").getAttribute("aria-current")).toBe("page");

      await page.mouse.move(700, 600);
      await screenshot(page, "data-page.png");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows a bad CSV's problems in place, naming the file, the line and the column, and imports nothing", async () => {
    const before = await server.api<{ datasets: ApiDataset[] }>("/api/datasets");
    const { page, context, errors } = await openPage(browser, `${server.url}/#/data`);
    try {
      await page.getByTestId("datasets-table").waitFor();
      await page.getByTestId("upload-file").setInputFiles({
        name: "bad_sales.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(badCsv()),
      });
      // The dataset name is filled in from the file name.
      expect(await page.getByTestId("upload-name").inputValue()).toBe("bad_sales");
      await page.getByTestId("upload-submit").click();

      const error = page.getByTestId("upload-error");
      await error.waitFor();
      const message = (await page.getByTestId("upload-error-message").textContent()) ?? "";
      expect(message).toContain("bad_sales.csv:");

      const problems = await page.getByTestId("upload-problem").allTextContents();
      expect(problems.length).toBeGreaterThanOrEqual(2);
      const ragged = problems.find((p) => p.includes("bad_sales.csv:3"));
      expect(ragged, `a problem at line 3 in ${JSON.stringify(problems)}`).toBeDefined();
      const typed = problems.find((p) => p.includes("bad_sales.csv:5"));
      expect(typed, `a problem at line 5 in ${JSON.stringify(problems)}`).toBeDefined();
      expect(typed).toContain("amount");
      expect(typed).toContain("abc");
      expect(await page.getByTestId("upload-problem-field").allTextContents()).toContain("column amount");

      // Nothing else changed: no success, the form keeps its file and name, the list is as it was.
      expect(await page.getByTestId("upload-success").count()).toBe(0);
      expect(await page.getByTestId("upload-file-name").textContent()).toContain("bad_sales.csv");
      expect(await page.getByTestId("upload-name").inputValue()).toBe("bad_sales");
      expect(await page.getByTestId("dataset-row-bad_sales").count()).toBe(0);
      const after = await server.api<{ datasets: ApiDataset[] }>("/api/datasets");
      expect(after.datasets.map((d) => [d.name, d.rows])).toEqual(
        before.datasets.map((d) => [d.name, d.rows]),
      );

      await error.scrollIntoViewIfNeeded();
      await screenshot(page, "upload-error.png");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("on request imports the good rows of a bad CSV and says where the bad ones went", async () => {
    const { page, context, errors } = await openPage(browser, `${server.url}/#/data`);
    try {
      await page.getByTestId("datasets-table").waitFor();
      await page.getByTestId("upload-file").setInputFiles({
        name: "partly_bad.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(badCsv()),
      });
      await page.getByTestId("upload-submit").click();
      await page.getByTestId("upload-error").waitFor();
      await page.getByTestId("upload-skip-and-retry").click();

      const success = page.getByTestId("upload-success");
      await success.waitFor();
      expect(await success.textContent()).toContain("Imported 23 rows into partly_bad");
      expect(await page.getByTestId("upload-rejected").textContent()).toMatch(/2 rows did not fit.*rejects/);
      expect(await page.getByTestId("upload-skip-bad-rows").isChecked()).toBe(true);
      await expect.poll(() => page.getByTestId("dataset-rows-partly_bad").textContent()).toBe("23");

      // The dataset page points at the rejects file of its last import.
      await page.getByTestId("dataset-link-partly_bad").click();
      const notice = page.getByTestId("rejects-notice");
      await notice.waitFor();
      expect(await notice.textContent()).toContain("skipped 2 rows");
      expect(await page.getByTestId("rejects-file").textContent()).toMatch(/partly_bad/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("takes a file dropped on the upload area and names the dataset after it", async () => {
    const { page, context, errors } = await openPage(browser, `${server.url}/#/data`);
    try {
      await page.getByTestId("datasets-table").waitFor();
      const csv = JSON.stringify(goodCsv(4));
      const dataTransfer = await page.evaluateHandle(`(() => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([${csv}], "Dropped Orders 2025.csv", { type: "text/csv" }));
        return transfer;
      })()`);
      await page.getByTestId("upload-dropzone").dispatchEvent("drop", { dataTransfer });
      await expect
        .poll(() => page.getByTestId("upload-file-name").textContent())
        .toContain("Dropped Orders 2025.csv");
      expect(await page.getByTestId("upload-name").inputValue()).toBe("dropped_orders_2025");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("imports a good CSV and lists it, highlighted, with its row count", async () => {
    const { page, context, errors } = await openPage(browser, `${server.url}/#/data`);
    try {
      await page.getByTestId("datasets-table").waitFor();
      await page.getByTestId("upload-file").setInputFiles({
        name: "Weekend Sales.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(goodCsv(37)),
      });
      expect(await page.getByTestId("upload-name").inputValue()).toBe("weekend_sales");
      await page.getByTestId("upload-submit").click();

      const success = page.getByTestId("upload-success");
      await success.waitFor();
      expect(await success.textContent()).toContain("Imported 37 rows into weekend_sales");

      const row = page.getByTestId("dataset-row-weekend_sales");
      await row.waitFor();
      expect(await row.getAttribute("data-highlighted")).toBe("true");
      expect(await page.getByTestId("dataset-rows-weekend_sales").textContent()).toBe("37");
      expect(await page.getByTestId("upload-error").count()).toBe(0);

      const { dataset } = await server.api<{ dataset: ApiDataset }>("/api/datasets/weekend_sales");
      expect(dataset.rows).toBe(37);

      await screenshot(page, "upload-success.png");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
