import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../src/ingest/index.js";
import { buildServer } from "../src/server/index.js";
import type { Workspace } from "../src/workspace/index.js";
import { tempWorkspace } from "./helpers/workspace.js";

/** A multipart body as a browser's FormData would send it. */
function multipart(fields: Record<string, string>, file?: { name: string; content: string | Buffer }) {
  const boundary = `----opsloop${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

const GOOD =
  "order_id,sold_at,shop,amount\n1,2025-03-01 08:10:00,shop-1,4.5\n2,2025-03-01 08:12:00,shop-2,3.2\n3,2025-03-01 09:01:00,shop-1,7.9\n";

describe("HTTP API", () => {
  let workspace: Workspace;
  let app: FastifyInstance;

  beforeAll(async () => {
    workspace = await tempWorkspace("opsloop-api-");
    app = await buildServer(workspace, { webDir: "/nonexistent" });
  });

  afterAll(async () => {
    await app.close();
    workspace.close();
  });

  it("uploads a good CSV and lists it with its row count", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/datasets",
      ...multipart({ dataset: "sales", key: "order_id" }, { name: "sales.csv", content: GOOD }),
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().import).toMatchObject({
      dataset: "sales",
      rows: 3,
      rowsAfter: 3,
      format: "csv",
      rejected: 0,
    });
    const list = (await app.inject("/api/datasets")).json();
    expect(list.datasets).toEqual([
      expect.objectContaining({ name: "sales", rows: 3, source: "sales.csv", kind: "table" }),
    ]);
    expect(readFileSync(workspace.configPath, "utf8")).toMatch(/path: uploads\/sales\/.*-sales\.csv/);
  });

  it("refuses a bad CSV with every problem located, and changes nothing", async () => {
    const bad =
      "order_id,sold_at,shop,amount\n4,2025-03-02 08:00:00,shop-1,1.0\n5,2025-03-02 08:05:00,shop-2\n6,2025-03-02 08:07:00,shop-1,abc\n";
    const before = (await app.inject("/api/datasets")).body;
    const response = await app.inject({
      method: "POST",
      url: "/api/datasets",
      ...multipart({ dataset: "sales" }, { name: "march.csv", content: bad }),
    });
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error.code).toBe("BAD_ROWS");
    expect(error.message).toContain("march.csv:3:");
    expect(error.details.problems).toEqual([
      expect.objectContaining({
        file: "march.csv",
        line: 3,
        message: "the row has 3 fields but the header has 4",
      }),
      expect.objectContaining({
        file: "march.csv",
        line: 4,
        field: "amount",
        message: 'column "amount": expected a number, found "abc"',
      }),
    ]);
    expect((await app.inject("/api/datasets")).body).toBe(before);
  });

  it("appends with a key as an upsert", async () => {
    const more =
      "order_id,sold_at,shop,amount\n3,2025-03-01 09:01:00,shop-1,8.9\n4,2025-03-02 10:00:00,shop-2,2.0\n";
    const response = await app.inject({
      method: "POST",
      url: "/api/datasets",
      ...multipart(
        { dataset: "sales", mode: "append", key: "order_id" },
        { name: "more.csv", content: more },
      ),
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().import).toMatchObject({ rows: 2, rowsAfter: 4 });
    const page = (await app.inject("/api/datasets/sales/rows?sort=order_id")).json();
    expect(page.rows.map((r: { order_id: number; amount: number }) => [r.order_id, r.amount])).toEqual([
      [1, 4.5],
      [2, 3.2],
      [3, 8.9],
      [4, 2],
    ]);
  });

  it("pages and sorts rows, and validates the query", async () => {
    const page = (
      await app.inject("/api/datasets/sales/rows?offset=1&limit=2&sort=amount&order=desc")
    ).json();
    expect(page).toMatchObject({ offset: 1, limit: 2, total: 4 });
    expect(page.rows.map((r: { amount: number }) => r.amount)).toEqual([4.5, 3.2]);
    expect(page.rows[0].sold_at).toBe("2025-03-01 08:10:00");
    const bad = await app.inject("/api/datasets/sales/rows?limit=5000");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("INVALID_REQUEST");
    const unknown = await app.inject("/api/datasets/sales/rows?sort=amonut");
    expect(unknown.json().error.message).toContain('did you mean "amount"');
  });

  it("profiles columns and counts rows over time", async () => {
    const profile = (await app.inject("/api/datasets/sales/profile")).json();
    const amount = profile.columns.find((c: { name: string }) => c.name === "amount");
    expect(amount).toMatchObject({ nulls: 0, min: 2, max: 8.9 });
    expect(amount.mean).toBeCloseTo((4.5 + 3.2 + 8.9 + 2) / 4, 10);
    expect(profile.timeline).toEqual({
      column: "sold_at",
      grain: "day",
      points: [
        { period: "2025-03-01", rows: 3 },
        { period: "2025-03-02", rows: 1 },
      ],
    });
  });

  it("answers unknown datasets and routes with JSON 404s", async () => {
    const missing = await app.inject("/api/datasets/sale");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toContain('did you mean "sales"');
    const route = await app.inject("/api/nothing-here");
    expect(route.statusCode).toBe(404);
    expect(route.json().error.code).toBe("NOT_FOUND");
  });

  it("refuses an upload without a file or with a bad dataset name", async () => {
    const noFile = await app.inject({ method: "POST", url: "/api/datasets", ...multipart({ dataset: "x" }) });
    expect(noFile.statusCode).toBe(400);
    const badName = await app.inject({
      method: "POST",
      url: "/api/datasets",
      ...multipart({ dataset: "drop table" }, { name: "a.csv", content: GOOD }),
    });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().error.message).toContain("dataset");
    const traversal = await app.inject({
      method: "POST",
      url: "/api/datasets",
      ...multipart({ dataset: "trav" }, { name: "../../etc/passwd.csv", content: GOOD }),
    });
    expect(traversal.statusCode).toBe(201);
    expect(readFileSync(workspace.configPath, "utf8")).toMatch(/path: uploads\/trav\/[^/\n]*passwd\.csv/);
  });

  it("keeps every upload of a burst of concurrent requests, each whole", async () => {
    const uploads = Array.from({ length: 6 }, (_, i) =>
      app.inject({
        method: "POST",
        url: "/api/datasets",
        ...multipart({ dataset: `burst_${i}` }, { name: `b${i}.csv`, content: GOOD }),
      }),
    );
    const responses = await Promise.all(uploads);
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    const names = (await app.inject("/api/datasets"))
      .json()
      .datasets.map((d: { name: string; rows: number }) => `${d.name}:${d.rows}`);
    for (let i = 0; i < 6; i++) expect(names).toContain(`burst_${i}:3`);
    const yaml = readFileSync(workspace.configPath, "utf8");
    for (let i = 0; i < 6; i++) expect(yaml).toContain(`dataset: burst_${i}`);
  });

  it("serves the OpenAPI document", async () => {
    const doc = (await app.inject("/api/openapi.json")).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/datasets", "/api/datasets/{name}/rows", "/api/logs"]),
    );
  });

  it("reports the workspace and its counts", async () => {
    await importFile(
      workspace,
      new URL("./fixtures/malformed/tabular/baseline.csv", import.meta.url).pathname,
      { dataset: "baseline" },
    );
    const info = (await app.inject("/api/workspace")).json();
    expect(info.business).toEqual({
      name: "Test Bakery",
      currency: "EUR",
      timezone: "Europe/Amsterdam",
      weekStart: "monday",
    });
    expect(info.counts.datasets).toBeGreaterThanOrEqual(9);
  });
});
