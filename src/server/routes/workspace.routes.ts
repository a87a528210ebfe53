import { z } from "zod";
import { listDatasets } from "../../data/index.js";
import { sql } from "../../store/index.js";
import type { Workspace } from "../../workspace/index.js";
import type { Api } from "../api.js";
import { errorSchema, workspaceSchema } from "../schemas.js";

export function registerWorkspaceRoutes(api: Api, workspace: Workspace): void {
  api.get(
    "/health",
    {
      schema: {
        summary: "Is the server up",
        response: { 200: z.object({ ok: z.boolean(), version: z.string() }) },
      },
    },
    async () => ({ ok: true, version: "0.1.0" }),
  );
  api.get(
    "/workspace",
    {
      schema: {
        summary: "Business settings and what the workspace holds",
        response: { 200: workspaceSchema, 500: errorSchema },
      },
    },
    async () => {
      const datasets = await listDatasets(workspace.store);
      const last = await workspace.store.value<string>(sql`select max(imported_at) from app.imports`);
      const { business } = workspace.config;
      return {
        business: {
          name: business.name,
          currency: business.currency,
          timezone: business.timezone,
          weekStart: business.weekStart,
        },
        dir: workspace.dir,
        counts: {
          datasets: datasets.length,
          rows: datasets.reduce((n, d) => n + d.rows, 0),
          logs: workspace.config.logs.length,
        },
        lastImportAt: last ?? null,
      };
    },
  );
}
