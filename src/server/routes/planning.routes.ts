import {
  inventoryPlanSchema,
  inventoryRequestSchema,
  planInventoryFor,
  planProductionFor,
  planStaffingFor,
  productionPlanSchema,
  productionRequestSchema,
  staffingPlanSchema,
  staffingRequestSchema,
} from "../../planning/index.js";
import type { Workspace } from "../../workspace/index.js";
import type { Api } from "../api.js";
import { errorSchema } from "../schemas.js";

const failures = { 400: errorSchema, 404: errorSchema, 415: errorSchema, 422: errorSchema };

/** The planners over HTTP: the same JSON as `opsloop plan … --json`. */
export function registerPlanningRoutes(api: Api, workspace: Workspace): void {
  const tags = ["planning"];

  api.post(
    "/plan/staffing",
    {
      schema: {
        tags,
        summary: "Agents per interval to meet a service level (Erlang C with shrinkage and an occupancy cap)",
        body: staffingRequestSchema,
        response: { 200: staffingPlanSchema, ...failures },
      },
    },
    async (request) => planStaffingFor(request.body, workspace),
  );

  api.post(
    "/plan/inventory",
    {
      schema: {
        tags,
        summary: "Economic order quantity, reorder point and safety stock, newsvendor quantity per item",
        body: inventoryRequestSchema,
        response: { 200: inventoryPlanSchema, ...failures },
      },
    },
    async (request) => planInventoryFor(request.body),
  );

  api.post(
    "/plan/production",
    {
      schema: {
        tags,
        summary:
          "Units to make per item and weekday by the newsvendor, with expected sales, waste and profit",
        body: productionRequestSchema,
        response: { 200: productionPlanSchema, ...failures },
      },
    },
    async (request) => planProductionFor(request.body, workspace),
  );
}
