import { keysOf, parseWith, readTextFile, validateWith } from "./parse-model.js";
import {
  activitySchema,
  arrivalsSchema,
  resourceSchema,
  runSettingsSchema,
  type TwinModel,
  twinModelSchema,
} from "./schema.js";

export { parseWith, parseYamlText, problemsError, readTextFile, validateWith } from "./parse-model.js";
export * from "./schema.js";

const TOP_KEYS = [
  "name",
  "description",
  "timeUnit",
  "start",
  "timeZone",
  "arrivals",
  "resources",
  "activities",
  "flow",
  "costBasis",
  "run",
];

function knownModelKeys(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return TOP_KEYS;
  const top = path[0];
  if (top === "arrivals" && path.length === 1) return keysOf(arrivalsSchema);
  if (top === "resources" && path.length === 2) return keysOf(resourceSchema);
  if (top === "activities" && path.length === 2) return keysOf(activitySchema);
  if (top === "run") return keysOf(runSettingsSchema);
  return [];
}

/** Parses a model file's text (YAML or JSON); errors name file, line, field and fix. */
export function parseModel(text: string, file = "model.yaml"): TwinModel {
  return parseWith(twinModelSchema, text, file, knownModelKeys);
}

/** Validates a model given as data (e.g. a request body). */
export function validateModel(data: unknown, file = "model"): TwinModel {
  return validateWith(twinModelSchema, data, file, undefined, knownModelKeys);
}

/** Reads and validates a model file. */
export function loadModelFile(path: string): TwinModel {
  return parseModel(readTextFile(path), path);
}
