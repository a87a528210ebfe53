import { readFileSync } from "node:fs";
import type { z } from "zod";
import {
  AppError,
  type Clock,
  describeIssues,
  fileProblemsError,
  parseYaml,
  systemClock,
} from "../core/index.js";
import { closest } from "../core/validation.js";
import { editConfigList, type Workspace } from "../workspace/index.js";
import { type AnalysisInput, analyzeExperiment, type ExperimentResult } from "./analyze.js";
import {
  type AnalysisSettings,
  analysisSettingsSchema,
  type Experiment,
  experimentSchema,
  type Pilot,
  pilotSchema,
} from "./experiment.schema.js";
import { collectExperimentData } from "./experiment-data.js";

function notFound(kind: string, name: string, names: string[], add: string): AppError {
  const hint = closest(name, names);
  return new AppError(
    "NOT_FOUND",
    `No ${kind} "${name}"${hint ? `; did you mean "${hint}"?` : names.length ? `; ${kind}s are ${names.join(", ")}.` : `; ${add}.`}`,
    { [kind]: name, names },
  );
}

export function findExperiment(workspace: Workspace, name: string): Experiment {
  const found = workspace.config.experiments.find((e) => e.name === name);
  if (found) return found;
  throw notFound(
    "experiment",
    name,
    workspace.config.experiments.map((e) => e.name),
    "add one with `opsloop experiment add FILE.yaml`",
  );
}

export function findPilot(workspace: Workspace, name: string): Pilot {
  const found = workspace.config.pilots.find((p) => p.name === name);
  if (found) return found;
  throw notFound(
    "pilot",
    name,
    workspace.config.pilots.map((p) => p.name),
    "add one with `opsloop pilot add`",
  );
}

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = describeIssues(parsed.error.issues);
  throw new AppError("USAGE", `${what}: ${problems.map((p) => p.message).join("; ")}`, { problems });
}

/**
 * Reads an experiment or pilot definition from a YAML (or JSON) file and validates it; errors name
 * the file, line and field. Returns the text's own values (to save as written) and the parsed one.
 */
export function readDefinitionFile<S extends z.ZodType>(
  file: string,
  schema: S,
): { raw: unknown; definition: z.infer<S> } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new AppError("FILE_NOT_FOUND", `${file}: no such file, or it cannot be read.`, { file });
  }
  const { document, problems, locate } = parseYaml(text, file);
  if (problems.length > 0) throw fileProblemsError("PARSE_ERROR", file, problems, "invalid YAML");
  const raw: unknown = document.toJS();
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new AppError(
      "USAGE",
      `${file}: expected one definition, a mapping such as name: …, kpi: … or dataset: ….`,
      {
        file,
      },
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw fileProblemsError(
      "CONFIG_INVALID",
      file,
      describeIssues(parsed.error.issues, { file, locate }),
      "invalid definition",
    );
  }
  return { raw, definition: parsed.data };
}

/** Checks an experiment against its dataset: the columns exist and every metric compiles. */
export async function checkExperiment(workspace: Workspace, experiment: Experiment): Promise<void> {
  // Reading the data checks the dataset, the columns and every metric's expressions on the way.
  await collectExperimentData(workspace, experiment).catch((error: unknown) => {
    // An experiment may be defined before its first units arrive.
    if (!(error instanceof AppError && error.code === "NO_DATA")) throw error;
  });
}

/** Parses, checks and saves an experiment in opsloop.yaml; nothing is written when it is invalid. */
export async function saveExperiment(
  workspace: Workspace,
  input: unknown,
  options: { replace?: boolean } = {},
): Promise<Experiment> {
  const experiment = parseOrThrow(experimentSchema, input, "Experiment definition");
  await checkExperiment(workspace, experiment);
  if (options.replace === false && workspace.config.experiments.some((e) => e.name === experiment.name)) {
    throw new AppError(
      "CONFLICT",
      `An experiment named "${experiment.name}" already exists; choose another name or remove it first.`,
      { experiment: experiment.name },
    );
  }
  workspace.updateConfig((doc) =>
    editConfigList<Experiment>(doc, "experiments", (e) => e.name !== experiment.name, [
      JSON.parse(JSON.stringify(input)),
    ]),
  );
  return findExperiment(workspace, experiment.name);
}

export function removeExperiment(workspace: Workspace, name: string): void {
  findExperiment(workspace, name);
  workspace.updateConfig((doc) => editConfigList<Experiment>(doc, "experiments", (e) => e.name !== name));
}

/** Parses and saves a pilot in opsloop.yaml. */
export function savePilot(workspace: Workspace, input: unknown): Pilot {
  const pilot = parseOrThrow(pilotSchema, input, "Pilot definition");
  workspace.updateConfig((doc) =>
    editConfigList<Pilot>(doc, "pilots", (p) => p.name !== pilot.name, [JSON.parse(JSON.stringify(input))]),
  );
  return findPilot(workspace, pilot.name);
}

export function removePilot(workspace: Workspace, name: string): void {
  findPilot(workspace, name);
  workspace.updateConfig((doc) => editConfigList<Pilot>(doc, "pilots", (p) => p.name !== name));
}

/** Today's date in the business's time zone. */
export function localToday(clock: Clock, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(clock.now());
}

export interface WorkspaceExperimentResult extends ExperimentResult {
  definition: Experiment;
  seconds: number;
}

/** Overrides of the saved analysis settings, validated. */
export function settingsWith(
  base: AnalysisSettings,
  overrides: Partial<AnalysisSettings> = {},
): AnalysisSettings {
  return parseOrThrow(analysisSettingsSchema, { ...base, ...overrides }, "Analysis settings");
}

/** Analyses a saved experiment on the workspace's data. */
export async function analyzeWorkspaceExperiment(
  workspace: Workspace,
  name: string,
  overrides: Partial<AnalysisSettings> = {},
  clock: Clock = systemClock,
): Promise<WorkspaceExperimentResult> {
  const started = performance.now();
  const experiment = findExperiment(workspace, name);
  const data = await collectExperimentData(workspace, experiment);
  const today = localToday(clock, workspace.config.business.timezone);
  const input: AnalysisInput = {
    experiment: experiment.name,
    variants: experiment.variants,
    units: data.units,
    metrics: data.metrics.map(({ metric, arms }) => ({
      name: metric.name,
      label: metric.label,
      role: metric.role,
      type: metric.type,
      better: metric.better,
      arms,
    })),
    settings: settingsWith(experiment.analysis, overrides),
    running: experiment.stop === undefined || experiment.stop >= today,
    ...(experiment.mde !== undefined ? { mde: experiment.mde } : {}),
    unknownVariants: data.unknownVariants,
    multipleVariantUnits: data.multipleVariantUnits,
  };
  const result = analyzeExperiment(input);
  return { ...result, definition: experiment, seconds: (performance.now() - started) / 1000 };
}
