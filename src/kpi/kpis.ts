import { AppError } from "../core/errors.js";
import { describeIssues } from "../core/validation.js";
import { requireDataset } from "../data/index.js";
import { editConfigList, type Workspace } from "../workspace/index.js";
import { compileKpiQuery, requireColumn } from "./compile-kpi.js";
import { findKpi } from "./evaluate.js";
import { type Kpi, kpiSchema } from "./kpi.schema.js";

/** Checks a KPI against its dataset: columns, expressions and dimensions compile. */
export async function checkKpi(workspace: Workspace, kpi: Kpi): Promise<void> {
  await requireDataset(workspace.store, kpi.dataset);
  const columns = await workspace.store.columns("data", kpi.dataset);
  for (const d of kpi.dimensions) requireColumn(columns, d, "dimension");
  compileKpiQuery(kpi, columns, {
    grain: kpi.grain,
    timeZone: workspace.config.business.timezone,
    weekStart: workspace.config.business.weekStart,
  });
}

/** Parses, checks and saves a KPI in opsloop.yaml (replacing one of the same name). */
export async function saveKpi(
  workspace: Workspace,
  input: unknown,
  options: { replace?: boolean } = {},
): Promise<Kpi> {
  const parsed = kpiSchema.safeParse(input);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error.issues);
    throw new AppError("USAGE", `KPI definition: ${problems.map((p) => p.message).join("; ")}`, { problems });
  }
  const kpi = parsed.data;
  await checkKpi(workspace, kpi);
  const exists = workspace.config.kpis.some((k) => k.name === kpi.name);
  if (exists && options.replace === false) {
    throw new AppError(
      "CONFLICT",
      `A KPI named "${kpi.name}" already exists; choose another --name or remove it first.`,
      { kpi: kpi.name },
    );
  }
  workspace.updateConfig((doc) =>
    editConfigList<Kpi>(doc, "kpis", (k) => k.name !== kpi.name, [withoutDefaults(kpi)]),
  );
  return kpi;
}

/** Keeps opsloop.yaml short: leaves out settings that equal their defaults. */
function withoutDefaults(kpi: Kpi): Record<string, unknown> {
  const out: Record<string, unknown> = { ...kpi };
  if (kpi.dimensions.length === 0) delete out.dimensions;
  if (kpi.better === "higher") delete out.better;
  const measure = { ...kpi.measure } as Record<string, unknown>;
  if (measure.scale === 1) delete measure.scale;
  out.measure = measure;
  return out;
}

/** Removes a KPI and its goal from opsloop.yaml. */
export function removeKpi(workspace: Workspace, name: string): void {
  findKpi(workspace, name);
  workspace.updateConfig((doc) => {
    editConfigList<Kpi>(doc, "kpis", (k) => k.name !== name);
    editConfigList<{ kpi: string }>(doc, "goals", (g) => g.kpi !== name);
  });
}
