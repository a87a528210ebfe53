/**
 * The planners over HTTP (POST /api/plan/*) on a small Fastify app with the zod type provider, as
 * the server builds it, and the production planner on the demo's sales.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toAppError } from "../src/core/index.js";
import { createDemoWorkspace } from "../src/demo-workspace/index.js";
import type { Api } from "../src/server/api.js";
import { registerPlanningRoutes } from "../src/server/routes/planning.routes.js";
import { Workspace } from "../src/workspace/index.js";

let app: FastifyInstance;
let workspace: Workspace;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "opsloop-plan-api-"));
  await createDemoWorkspace(dir, { seed: 3, scale: 0.2, only: ["sales"] });
  workspace = await Workspace.open(dir);
  app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error))
      return reply
        .status(400)
        .send({ error: { code: "INVALID_REQUEST", message: error.message, details: {} } });
    const appError = toAppError(error);
    return reply.status(appError.httpStatus).send({ error: appError.toJSON() });
  });
  await app.register(
    async (api) => registerPlanningRoutes(api.withTypeProvider<ZodTypeProvider>() as Api, workspace),
    {
      prefix: "/api",
    },
  );
});

afterAll(async () => {
  await app?.close();
  workspace?.close();
});

const post = (url: string, payload: unknown) =>
  app.inject({ method: "POST", url, payload: payload as object });

describe("POST /api/plan/staffing", () => {
  it("matches pyworkforce's reference for one interval", async () => {
    const res = await post("/api/plan/staffing", {
      arrivals: 100,
      intervalMinutes: 30,
      handlingTimeMinutes: 3,
      answerWithinSeconds: 20,
      serviceLevel: 0.8,
      shrinkage: 0.3,
      maxOccupancy: 0.85,
    });
    expect(res.statusCode).toBe(200);
    const [interval] = res.json().intervals;
    expect(interval).toMatchObject({ rawAgents: 14, scheduledAgents: 20 });
    expect(interval.serviceLevel.toFixed(3)).toBe("0.888");
  });

  it("returns a weekday × start heat map for a table", async () => {
    const res = await post("/api/plan/staffing", {
      handlingTimeMinutes: 3,
      intervalMinutes: 30,
      table: [
        { weekday: "saturday", start: "08:00", arrivals: 100 },
        { weekday: "saturday", start: "08:30", arrivals: 40 },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().heatMap.starts).toEqual(["08:00", "08:30"]);
  });

  it.each([
    [{ arrivals: 10, handlingTimeMinutes: 3, maxOccupancy: 1.5 }, /maxOccupancy/],
    [{ arrivals: 10, handlingTimeMinutes: 3, serviceLevel: 1 }, /serviceLevel/],
    [{ arrivals: 10, handlingTimeMinutes: -1 }, /handlingTimeMinutes/],
    [{ handlingTimeMinutes: 3, table: [] }, /table/],
    [{ handlingTimeMinutes: 3 }, /one of arrivals, table, kpi/],
  ])("refuses %o with 400", async (body, message) => {
    const res = await post("/api/plan/staffing", body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(message);
  });
});

describe("POST /api/plan/inventory", () => {
  it("matches stockpyl's EOQ and newsvendor", async () => {
    const res = await post("/api/plan/inventory", {
      items: [
        { item: "flour", demand: 1300, orderCost: 8, holdingCost: 0.225 },
        { item: "croissant", demand: 50, demandSd: 8, underageCost: 0.7, overageCost: 0.18 },
      ],
    });
    expect(res.statusCode).toBe(200);
    const [flour, croissant] = res.json().items;
    expect(Math.abs(flour.eoq.orderQuantity - 304.0467800264368)).toBeLessThan(1e-9);
    expect(Math.abs(flour.eoq.costPerPeriod - 68.410525505948272)).toBeLessThan(1e-9);
    expect(Math.abs(croissant.newsvendor.quantity - 56.603955927433887)).toBeLessThan(1e-9);
    expect(Math.abs(croissant.newsvendor.expectedCost - 1.997605193176645)).toBeLessThan(1e-9);
  });

  it("refuses a negative cost with 400 naming the field", async () => {
    const res = await post("/api/plan/inventory", { items: [{ demand: 10, orderCost: -1, holdingCost: 1 }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/orderCost/);
  });
});

describe("POST /api/plan/production", () => {
  it("plans bread from the demo's sales: more on Saturday than on Sunday, profit positive", async () => {
    const res = await post("/api/plan/production", {
      dataset: { name: "sales", priceColumn: "unit_price", where: { category: "bread" } },
      costShare: 0.4,
    });
    expect(res.statusCode).toBe(200);
    const plan = res.json();
    expect(plan.table.weekdays).toEqual([
      "monday",
      "tuesday",
      "wednesday",
      "thursday",
      "friday",
      "saturday",
      "sunday",
    ]);
    for (const row of plan.table.quantity as number[][]) expect(row[5]).toBeGreaterThan(row[6] as number);
    for (const line of plan.lines) {
      expect(line.expectedSales).toBeLessThanOrEqual(line.quantity + 1e-9);
      expect(line.expectedWaste).toBeGreaterThanOrEqual(-1e-9);
      expect(line.price).toBeGreaterThan(line.unitCost);
    }
    expect(plan.totals.expectedProfit).toBeGreaterThan(0);
  });

  it("plans from a history in the body with the observed days (empirical)", async () => {
    const history = Array.from({ length: 28 }, (_, i) => ({
      item: "sourdough",
      date: `2026-02-${String(i + 1).padStart(2, "0")}`,
      quantity: 20 + (i % 7) * 2 + (i % 3),
    }));
    const res = await post("/api/plan/production", { history, price: 4, unitCost: 1.2, method: "empirical" });
    expect(res.statusCode).toBe(200);
    const lines = res.json().lines as { weekday: string; days: number; quantity: number }[];
    expect(lines).toHaveLength(7);
    expect(lines.every((l) => l.days === 4)).toBe(true);
  });

  it.each([
    [
      { dataset: { name: "sales", itemColumn: "sku" }, price: 3, unitCost: 1 },
      400,
      /no column "sku" \(--item-column\)/,
    ],
    [{ dataset: { name: "sales" }, price: 3, unitCost: -1 }, 400, /unitCost/],
    [{ dataset: { name: "sales" }, price: 1, unitCost: 2 }, 400, /price must be above the unit cost/],
    [{ price: 3, unitCost: 1 }, 400, /one of dataset, kpi, history, weekdays/],
    [{ dataset: { name: "nope" }, price: 3, unitCost: 1 }, 404, /nope/],
  ])("refuses %o", async (body, status, message) => {
    const res = await post("/api/plan/production", body);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.message).toMatch(message);
  });
});
