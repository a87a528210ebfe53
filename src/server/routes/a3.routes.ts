import { z } from "zod";
import type { Effects } from "../../core/index.js";
import { buildA3, htmlToPdf } from "../../improve/index.js";
import type { Workspace } from "../../workspace/index.js";
import type { Api } from "../api.js";

const idParams = z.object({ id: z.string().regex(/^I-\d{1,9}$/, "must be an initiative id such as I-3") });

/** An initiative's A3 report: print-ready HTML, and PDF where Chromium is installed. */
export function registerA3Routes(api: Api, workspace: Workspace, effects: Effects): void {
  const tags = ["improvements"];
  api.get(
    "/initiatives/:id/a3",
    { schema: { tags, summary: "The initiative's A3 report as a print-ready HTML page", params: idParams } },
    async (request, reply) =>
      reply.type("text/html; charset=utf-8").send(await buildA3(workspace, request.params.id, effects.clock)),
  );
  api.get(
    "/initiatives/:id/a3.pdf",
    {
      schema: {
        tags,
        summary: "The initiative's A3 report as PDF (needs Chromium on the server)",
        params: idParams,
      },
    },
    async (request, reply) => {
      const pdf = await htmlToPdf(await buildA3(workspace, request.params.id, effects.clock));
      return reply
        .type("application/pdf")
        .header("content-disposition", `inline; filename="${request.params.id}-a3.pdf"`)
        .send(pdf);
    },
  );
}
