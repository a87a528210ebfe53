import { parseWith, readTextFile, validateWith } from "../model/index.js";
import { type Scenario, scenarioFileSchema, scenariosOf } from "./schema.js";

export { applyScenario, scaleDistribution } from "./apply-scenario.js";
export * from "./schema.js";

/** Parses a scenario file's text (YAML or JSON) into its scenarios. */
export function parseScenarios(text: string, file = "scenario.yaml"): Scenario[] {
  return scenariosOf(parseWith(scenarioFileSchema, text, file));
}

/** Validates scenarios given as data (e.g. a request body). */
export function validateScenarios(data: unknown, file = "scenarios"): Scenario[] {
  return scenariosOf(validateWith(scenarioFileSchema, data, file));
}

export function loadScenarioFile(path: string): Scenario[] {
  return parseScenarios(readTextFile(path), path);
}
