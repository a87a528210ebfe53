import { z } from "zod";
import { datasetNameSchema } from "../workspace/index.js";

/** Shapes of the HTTP API, shared by validation, serialisation and the OpenAPI document. */

export const problemSchema = z
  .object({
    file: z.string().optional(),
    line: z.number().int().optional(),
    column: z.number().int().optional(),
    field: z.string().optional(),
    message: z.string(),
    fix: z.string().optional(),
  })
  .describe("One problem found in an input, with its place and how to fix it.");

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe("Error code from the registry, e.g. BAD_ROWS."),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .describe("Every error response has this shape.");

export const columnSchema = z.object({ name: z.string(), type: z.string() });

export const datasetSchema = z.object({
  name: z.string(),
  kind: z.enum(["table", "eventlog"]),
  rows: z.number().int(),
  columns: z.array(columnSchema),
  source: z.string().nullable(),
  sha256: z.string().nullable(),
  importedAt: z.string().nullable(),
  description: z.string().nullable(),
});

export const importRecordSchema = z.object({
  id: z.number().int(),
  sourceName: z.string(),
  sourcePath: z.string().nullable(),
  sha256: z.string(),
  bytes: z.number().int(),
  format: z.string(),
  mode: z.string(),
  rowsLoaded: z.number().int(),
  rowsRejected: z.number().int(),
  rowsAfter: z.number().int(),
  importedAt: z.string(),
  durationMs: z.number().int(),
  rejectsFile: z.string().nullable(),
  options: z.record(z.string(), z.unknown()),
});

export const datasetNameParams = z.object({ name: datasetNameSchema });

export const rowsQuerySchema = z
  .object({
    offset: z.coerce.number().int().min(0).default(0).describe("First row, 0-based."),
    limit: z.coerce.number().int().min(1).max(1000).default(50).describe("Rows per page."),
    sort: z.string().min(1).optional().describe("Column to sort by."),
    order: z.enum(["asc", "desc"]).default("asc"),
  })
  .strict();

export const rowPageSchema = z.object({
  columns: z.array(columnSchema),
  rows: z.array(z.record(z.string(), z.unknown())),
  offset: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
});

export const profileSchema = z.object({
  columns: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      nulls: z.number().int(),
      distinct: z.number().int(),
      min: z.unknown(),
      max: z.unknown(),
      mean: z.number().nullable(),
      top: z.array(z.object({ value: z.unknown(), count: z.number().int() })),
    }),
  ),
  timeline: z
    .object({
      column: z.string(),
      grain: z.enum(["day", "week", "month"]),
      points: z.array(z.object({ period: z.string(), rows: z.number().int() })),
    })
    .nullable(),
});

const flag = z
  .enum(["true", "false", "on", "1", "0", ""])
  .transform((v) => v === "true" || v === "on" || v === "1");

/** Fields of the multipart upload form, next to the `file` part. */
export const uploadFieldsSchema = z
  .object({
    dataset: datasetNameSchema.optional().describe("Dataset name; defaults to one made from the file name."),
    mode: z.enum(["replace", "append"]).default("replace"),
    key: z.string().optional().describe("Comma-separated key columns."),
    delimiter: z.string().max(6).optional(),
    timestampFormat: z.string().max(100).optional(),
    sheet: z.string().max(100).optional(),
    skipBadRows: flag.optional(),
    format: z.enum(["csv", "tsv", "parquet", "json", "ndjson", "xlsx", "xes"]).optional(),
    encoding: z.enum(["utf-8", "latin-1", "utf-16"]).optional(),
    types: z.string().max(2000).optional().describe("Type overrides: column=TYPE pairs, comma-separated."),
    timezone: z.string().max(100).optional(),
  })
  .strict();

export const importResultSchema = z.object({
  import: z.object({
    importId: z.number().int(),
    dataset: z.string(),
    format: z.string(),
    mode: z.string(),
    rows: z.number().int(),
    rejected: z.number().int(),
    rowsAfter: z.number().int(),
    columns: z.array(columnSchema),
    sha256: z.string(),
    bytes: z.number().int(),
    rejectsFile: z.string().nullable(),
    durationMs: z.number().int(),
    log: z.record(z.string(), z.unknown()).nullable(),
    warnings: z.array(z.string()),
  }),
});

export const eventLogSummarySchema = z.object({
  name: z.string(),
  dataset: z.string(),
  case: z.string(),
  activity: z.string(),
  timestamp: z.string(),
  startTimestamp: z.string().optional(),
  resource: z.string().optional(),
  lifecycle: z.string().optional(),
  events: z.number().int(),
  cases: z.number().int(),
  activities: z.number().int(),
  from: z.string().nullable(),
  to: z.string().nullable(),
});

export const workspaceSchema = z.object({
  business: z.object({ name: z.string(), currency: z.string(), timezone: z.string(), weekStart: z.string() }),
  dir: z.string(),
  counts: z.object({ datasets: z.number().int(), rows: z.number().int(), logs: z.number().int() }),
  lastImportAt: z.string().nullable(),
});
