import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, renameSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { AppError, describeIssues, type Effects } from "../../core/index.js";
import {
  deleteDataset,
  getDataset,
  listDatasets,
  profileDataset,
  readDatasetRows,
} from "../../data/index.js";
import { type ImportResult, importFile, suggestName } from "../../ingest/index.js";
import { STATE_DIR, type Workspace } from "../../workspace/index.js";
import type { Api } from "../api.js";
import {
  datasetNameParams,
  datasetSchema,
  errorSchema,
  importRecordSchema,
  importResultSchema,
  profileSchema,
  rowPageSchema,
  rowsQuerySchema,
  uploadFieldsSchema,
} from "../schemas.js";

/** A file name safe to keep in the workspace: no folders, no control characters. */
function safeFileName(name: string): string {
  const base = [...basename(name.replaceAll("\\", "/"))]
    .map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? "_" : c))
    .join("")
    .trim();
  return base && base !== "." && base !== ".." ? base.slice(0, 200) : "upload";
}

export function registerDatasetRoutes(api: Api, workspace: Workspace, effects: Effects): void {
  api.get(
    "/datasets",
    {
      schema: {
        summary: "Datasets with rows, columns and source",
        response: { 200: z.object({ datasets: z.array(datasetSchema) }) },
      },
    },
    async () => ({ datasets: await listDatasets(workspace.store) }),
  );

  api.get(
    "/datasets/:name",
    {
      schema: {
        summary: "A dataset with its import history",
        params: datasetNameParams,
        response: {
          200: z.object({ dataset: datasetSchema, imports: z.array(importRecordSchema) }),
          404: errorSchema,
        },
      },
    },
    async (request) => getDataset(workspace.store, request.params.name),
  );

  api.get(
    "/datasets/:name/rows",
    {
      schema: {
        summary: "A page of a dataset's rows",
        params: datasetNameParams,
        querystring: rowsQuerySchema,
        response: { 200: rowPageSchema, 400: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { offset, limit, sort, order } = request.query;
      return readDatasetRows(workspace.store, request.params.name, {
        offset,
        limit,
        order,
        ...(sort ? { sort } : {}),
      });
    },
  );

  api.get(
    "/datasets/:name/profile",
    {
      schema: {
        summary: "Per-column statistics and rows over time",
        params: datasetNameParams,
        response: { 200: profileSchema, 404: errorSchema },
      },
    },
    async (request) => profileDataset(workspace.store, request.params.name),
  );

  api.delete(
    "/datasets/:name",
    {
      schema: {
        summary: "Remove a dataset (its import history is kept)",
        params: datasetNameParams,
        response: { 204: z.null(), 404: errorSchema },
      },
    },
    async (request, reply) => {
      await deleteDataset(workspace.store, request.params.name);
      return reply.status(204).send(null);
    },
  );

  api.post(
    "/datasets",
    {
      schema: {
        summary:
          "Upload a file into a dataset (multipart/form-data: `file` plus option fields), all or nothing",
        consumes: ["multipart/form-data"],
        response: {
          201: importResultSchema,
          400: errorSchema,
          413: errorSchema,
          415: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new AppError("INVALID_REQUEST", "Send the file as multipart/form-data with a `file` part.");
      }
      const uploads = join(workspace.dir, STATE_DIR, "uploads");
      mkdirSync(uploads, { recursive: true });
      const temp = join(uploads, `.incoming-${randomBytes(8).toString("hex")}`);
      let fileName: string | undefined;
      const fields: Record<string, string> = {};
      try {
        for await (const part of request.parts()) {
          if (part.type === "file") {
            if (part.fieldname !== "file") {
              part.file.resume();
              throw new AppError(
                "INVALID_REQUEST",
                `Unexpected file field "${part.fieldname}"; send the upload as \`file\`.`,
              );
            }
            fileName = safeFileName(part.filename || "upload");
            await pipeline(part.file, createWriteStream(temp));
          } else {
            fields[part.fieldname] = String(part.value ?? "");
          }
        }
        if (!fileName)
          throw new AppError("INVALID_REQUEST", "No file in the request; send it in a `file` part.");
        const parsed = uploadFieldsSchema.safeParse(
          Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== "")),
        );
        if (!parsed.success) {
          const problems = describeIssues(parsed.error.issues);
          throw new AppError("INVALID_REQUEST", problems.map((p) => p.message).join("; "), { problems });
        }
        const form = parsed.data;
        const dataset = form.dataset ?? suggestName(fileName);
        const types = form.types
          ? Object.fromEntries(
              form.types.split(",").map((pair) => {
                const [column, type] = pair.split("=");
                if (!column || !type)
                  throw new AppError("INVALID_REQUEST", `types: "${pair}" is not column=TYPE.`);
                return [column.trim(), type.trim()];
              }),
            )
          : undefined;
        // The upload is kept in the workspace, so opsloop.yaml's sources can be imported again; a failed
        // import removes it.
        const keptDir = join(workspace.dir, "uploads", dataset);
        mkdirSync(keptDir, { recursive: true });
        const stamp = `${new Date().toISOString().replace(/[-:.]/g, "")}-${randomBytes(3).toString("hex")}`;
        const kept = join(keptDir, `${stamp}-${fileName}`);
        renameSync(temp, kept);
        let result: ImportResult;
        try {
          result = await importFile(
            workspace,
            kept,
            {
              dataset,
              mode: form.mode,
              sourceName: fileName,
              ...(form.key
                ? {
                    key: form.key
                      .split(",")
                      .map((k) => k.trim())
                      .filter(Boolean),
                  }
                : {}),
              ...(form.delimiter ? { delimiter: form.delimiter } : {}),
              ...(form.timestampFormat ? { timestampFormat: form.timestampFormat } : {}),
              ...(form.sheet ? { sheet: form.sheet } : {}),
              ...(form.skipBadRows ? { skipBadRows: true } : {}),
              ...(form.format ? { format: form.format } : {}),
              ...(form.encoding ? { encoding: form.encoding } : {}),
              ...(form.timezone ? { timezone: form.timezone } : {}),
              ...(types ? { types } : {}),
            },
            effects,
          );
        } catch (error) {
          rmSync(kept, { force: true });
          throw error;
        }
        return reply.status(201).send({ import: result });
      } finally {
        rmSync(temp, { force: true });
      }
    },
  );
}
