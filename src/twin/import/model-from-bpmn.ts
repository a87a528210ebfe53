/**
 * A twin model from a BPMN 2.0 process (control flow) and a parameter file: ours (YAML/JSON) or
 * Prosimos's simulation parameters (JSON, recognised by its keys).
 */
import { basename } from "node:path";
import { AppError, closest } from "../../core/index.js";
import { type BpmnModel, readBpmn } from "../../mining/model/index.js";
import {
  type Activity,
  parseYamlText,
  readTextFile,
  type TwinModel,
  validateModel,
  validateWith,
} from "../model/index.js";
import { bpmnToFlow } from "./bpmn-flow.js";
import { type BpmnParams, bpmnParamsSchema } from "./params.schema.js";
import { isProsimosParams, prosimosToParams } from "./prosimos.js";

export interface ImportedModel {
  model: TwinModel;
  /** What was approximated or left out, in words. */
  warnings: string[];
}

export interface ImportFiles {
  /** BPMN file name, for messages and the default model name. */
  bpmnFile?: string | undefined;
  /** Parameter file name, for messages. */
  paramsFile?: string | undefined;
}

/** Builds a model from BPMN text and our parameters (data as parsed from YAML/JSON). */
export function modelFromBpmn(bpmnText: string, params: unknown, files: ImportFiles = {}): ImportedModel {
  const bpmnFile = files.bpmnFile ?? "model.bpmn";
  const bpmn = readBpmn(bpmnText, bpmnFile);
  const parsed = validateWith(bpmnParamsSchema, params, files.paramsFile ?? "parameters");
  return buildModel(bpmn, parsed, { ...files, bpmnFile }, []);
}

export interface ProsimosOptions extends ImportFiles {
  /** Time unit of the model; Prosimos's seconds are converted to it. Default minute. */
  timeUnit?: TwinModel["timeUnit"] | undefined;
  name?: string | undefined;
  start?: string | undefined;
  timeZone?: string | undefined;
}

/** Builds a model from BPMN text and Prosimos simulation parameters (JSON data). */
export function modelFromProsimos(
  bpmnText: string,
  prosimosJson: unknown,
  options: ProsimosOptions = {},
): ImportedModel {
  const bpmnFile = options.bpmnFile ?? "model.bpmn";
  const bpmn = readBpmn(bpmnText, bpmnFile);
  const { params, warnings } = prosimosToParams(bpmn, prosimosJson, {
    file: options.paramsFile ?? "prosimos.json",
    timeUnit: options.timeUnit ?? "minute",
  });
  const withOptions = {
    ...params,
    ...(options.name ? { name: options.name } : {}),
    ...(options.start ? { start: options.start } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  };
  const parsed = validateWith(bpmnParamsSchema, withOptions, options.paramsFile ?? "prosimos.json");
  return buildModel(bpmn, parsed, { ...options, bpmnFile }, warnings);
}

/**
 * Reads a BPMN file and its parameter file (ours in YAML/JSON, or Prosimos JSON) into a model.
 * Warnings are handed to `warn` as well as returned.
 */
export function loadBpmnModel(
  bpmnPath: string,
  paramsPath: string | undefined,
  warn: (warning: string) => void = () => {},
): ImportedModel {
  if (!paramsPath)
    throw new AppError(
      "USAGE",
      `${bpmnPath}: a BPMN model needs a parameter file: --params FILE (YAML/JSON with arrivals, resources and durations, or Prosimos JSON).`,
    );
  const bpmnText = readTextFile(bpmnPath);
  const paramsText = readTextFile(paramsPath);
  const { data, locate } = parseYamlText(paramsText, paramsPath);
  const files = { bpmnFile: bpmnPath, paramsFile: paramsPath };
  let result: ImportedModel;
  if (isProsimosParams(data)) result = modelFromProsimos(bpmnText, data, files);
  else {
    const bpmn = readBpmn(bpmnText, bpmnPath);
    const parsed = validateWith(bpmnParamsSchema, data, paramsPath, locate);
    result = buildModel(bpmn, parsed, files, []);
  }
  for (const warning of result.warnings) warn(warning);
  return result;
}

function buildModel(
  bpmn: BpmnModel,
  params: BpmnParams,
  files: ImportFiles,
  warnings: string[],
): ImportedModel {
  const bpmnFile = files.bpmnFile ?? "model.bpmn";
  const paramsFile = files.paramsFile ?? "parameters";
  const flow = bpmnToFlow(bpmn, { probabilities: params.probabilities, loops: params.loops, file: bpmnFile });

  const tasks = bpmn.nodes.filter((n) => n.kind === "task");
  const activityName = (task: { id: string; name: string }) => task.name || task.id;
  const byKey = new Map<string, string>();
  for (const task of tasks) {
    byKey.set(task.id, activityName(task));
    if (task.name) byKey.set(task.name, activityName(task));
  }
  const settings = new Map<string, { key: string; value: BpmnParams["activities"][string] }>();
  const clashes: string[] = [];
  for (const [key, value] of Object.entries(params.activities)) {
    const name = byKey.get(key);
    if (name === undefined) {
      const hint = closest(key, [...byKey.keys()]);
      throw new AppError(
        "MODEL_INVALID",
        `${paramsFile}: activities: "${key}" is not a task of ${bpmnFile}${hint ? ` (did you mean "${hint}"?)` : ""}; name tasks by their name or id`,
        { file: paramsFile, field: `activities.${key}` },
      );
    }
    const earlier = settings.get(name);
    if (earlier) {
      if (JSON.stringify(earlier.value) !== JSON.stringify(value)) clashes.push(name);
      continue;
    }
    settings.set(name, { key, value });
  }
  if (clashes.length > 0)
    warnings.push(
      `several tasks share the name ${clashes.map((n) => `"${n}"`).join(", ")} with different settings; the twin runs them as one activity with the first settings`,
    );

  const names = [...new Set(tasks.map(activityName))];
  const activities: Activity[] = names.map((name) => {
    const value = settings.get(name)?.value;
    return {
      name,
      ...(value?.resource !== undefined ? { resource: value.resource } : {}),
      ...(value?.duration !== undefined ? { duration: value.duration } : {}),
      ...(value?.priority !== undefined ? { priority: value.priority } : {}),
    };
  });
  const timeless = activities.filter((a) => a.duration === undefined).map((a) => `"${a.name}"`);
  if (timeless.length > 0)
    warnings.push(`no duration is given for ${timeless.join(", ")}; they take no time in the twin`);

  const model = {
    name: params.name ?? (bpmn.name || basename(bpmnFile).replace(/\.bpmn$/i, "") || "bpmn-model"),
    ...(params.description !== undefined ? { description: params.description } : {}),
    timeUnit: params.timeUnit,
    ...(params.start !== undefined ? { start: params.start } : {}),
    ...(params.timeZone !== undefined ? { timeZone: params.timeZone } : {}),
    arrivals: params.arrivals,
    resources: params.resources,
    activities,
    flow,
    ...(params.costBasis !== undefined ? { costBasis: params.costBasis } : {}),
    ...(params.run !== undefined ? { run: params.run } : {}),
  };
  return { model: validateModel(model, `${bpmnFile} with ${paramsFile}`), warnings };
}
