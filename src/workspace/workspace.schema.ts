import { z } from "zod";
import { DATASET_NAME, datasetNameSchema } from "../core/names.js";
import { experimentMetricSchema, experimentSchema, pilotSchema } from "../experiments/experiment.schema.js";
import { goalSchema, kpiSchema } from "../kpi/kpi.schema.js";

/** True when `name` is an IANA time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const currencies = new Set(Intl.supportedValuesOf("currency"));

export {
  DATASET_NAME,
  datasetNameSchema,
  experimentMetricSchema,
  experimentSchema,
  goalSchema,
  kpiSchema,
  pilotSchema,
};

export const businessSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "must be a non-empty name")
      .describe("The business's name, shown on the dashboard."),
    currency: z
      .string()
      .refine(
        (c) => /^[A-Z]{3}$/.test(c) && currencies.has(c),
        "must be an ISO 4217 code such as EUR, USD or GBP",
      )
      .describe("ISO 4217 currency of money amounts, such as EUR."),
    timezone: z
      .string()
      .refine(isTimeZone, "must be an IANA time zone such as Europe/Amsterdam or America/New_York")
      .describe("IANA time zone the business runs in; timestamps without an offset are read in it."),
    weekStart: z
      .enum(["monday", "sunday", "saturday"])
      .default("monday")
      .describe("First day of the business week, for weekly figures."),
  })
  .strict()
  .describe("Business settings.");

export const importModeSchema = z
  .enum(["replace", "append"])
  .describe(
    "replace: the file becomes the dataset; append: its rows are added (upserted when a key is set).",
  );

export const fileFormatSchema = z
  .enum(["csv", "tsv", "parquet", "json", "ndjson", "xlsx", "xes"])
  .describe("File format; detected from the content and name when left out.");

export const sourceSchema = z
  .object({
    dataset: datasetNameSchema,
    path: z.string().min(1).describe("File path, relative to the workspace folder or absolute."),
    format: fileFormatSchema.optional(),
    mode: importModeSchema.default("replace"),
    key: z.array(z.string().min(1)).optional().describe("Columns that identify a row; must be unique."),
    delimiter: z.string().min(1).max(2).optional().describe("CSV field delimiter, e.g. `;` or `\\t`."),
    timestampFormat: z.string().min(1).optional().describe("Timestamp pattern such as yyyy-MM-dd HH:mm:ss."),
    sheet: z.string().min(1).optional().describe("Worksheet of an XLSX file."),
    types: z
      .record(z.string(), z.string())
      .optional()
      .describe("Column type overrides, e.g. {order_id: VARCHAR}."),
    encoding: z.enum(["utf-8", "latin-1", "utf-16"]).optional().describe("Text encoding of a CSV file."),
  })
  .strict()
  .describe("A file imported into a dataset; `opsloop import` records it here.");

export const eventLogSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/,
        "must start with a letter or _ and hold only letters, digits, _ and - (at most 63)",
      )
      .describe("Name of the event log, such as `orders` or `order-fulfilment`."),
    dataset: datasetNameSchema.describe("Dataset holding one row per event."),
    case: z.string().min(1).describe("Column with the case id (order, ticket, patient…)."),
    activity: z.string().min(1).describe("Column with the activity name."),
    timestamp: z.string().min(1).describe("Column with the time the event completed."),
    startTimestamp: z.string().min(1).optional().describe("Column with the time the activity started."),
    resource: z.string().min(1).optional().describe("Column with who or what did the work."),
    lifecycle: z
      .string()
      .min(1)
      .optional()
      .describe("Column with the lifecycle transition (start, complete…)."),
    role: z.string().min(1).optional().describe("Column with the role or team of the resource."),
    valueAdding: z
      .array(z.string().min(1))
      .optional()
      .describe(
        "Activities that add value for the customer (value-stream analysis); every other activity is non-value-adding.",
      ),
  })
  .strict()
  .describe("An event log: which columns of a dataset are case, activity and timestamps.");

export const workspaceConfigSchema = z
  .object({
    version: z.literal(1).default(1).describe("Version of this file's format."),
    business: businessSchema,
    sources: z.array(sourceSchema).default([]).describe("Files imported into datasets."),
    logs: z.array(eventLogSchema).default([]).describe("Event logs defined over datasets."),
    kpis: z.array(kpiSchema).default([]).describe("KPIs: what the business measures."),
    goals: z.array(goalSchema).default([]).describe("Goals: where each KPI should be by when."),
    experiments: z.array(experimentSchema).default([]).describe("Experiments (A/B tests) and their metrics."),
    pilots: z
      .array(pilotSchema)
      .default([])
      .describe("Pilots: a change tried in one place, judged against others."),
  })
  .strict()
  .describe("opsloop workspace settings (opsloop.yaml).");

export type WorkspaceConfig = z.infer<typeof workspaceConfigSchema>;
export type BusinessSettings = z.infer<typeof businessSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
export type EventLogConfig = z.infer<typeof eventLogSchema>;
export type ImportMode = z.infer<typeof importModeSchema>;
export type FileFormat = z.infer<typeof fileFormatSchema>;

/** The JSON Schema of opsloop.yaml, for editors and docs. */
export function workspaceJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(workspaceConfigSchema, { io: "input" }) as Record<string, unknown>;
}
