/**
 * The mining commands: each loads a workspace log (or a file's scratch workspace) with the filters
 * and runs one analysis. The CLI and the HTTP API both call these.
 */
import { AppError } from "../core/errors.js";
import { type EventLogConfig, editConfigList, type Workspace } from "../workspace/index.js";
import { type BottleneckDimension, type Bottlenecks, findBottlenecks } from "./analysis/bottlenecks.js";
import { type Dfg, discoverDfg, type EdgeDetail, edgeDetail } from "./analysis/dfg.js";
import { type Handover, handoverNetwork } from "./analysis/handover.js";
import { findRework, type Rework } from "./analysis/rework.js";
import {
  type RootCauses,
  rankRootCauses,
  slowCases,
  slowDescription,
  startWeekdays,
} from "./analysis/root-cause.js";
import { type LogSummary, summarize } from "./analysis/summary.js";
import { type ValueStream, valueStream } from "./analysis/value-stream.js";
import { listVariants, type Variant } from "./analysis/variants.js";
import { casesWithValue, loadCaseAttributes } from "./log/case-attributes.js";
import { type MineFilterInput, type MineFilters, mineFilterSchema } from "./log/filters.js";
import { findLogConfig } from "./log/load-log.js";
import { loadFilteredLog } from "./source.js";

export interface MineTarget {
  workspace: Workspace;
  config: EventLogConfig;
}

function filtersOf(input: MineFilterInput | MineFilters): MineFilters {
  return mineFilterSchema.parse(input);
}

export async function mineSummary(
  target: MineTarget,
  filters: MineFilterInput,
): Promise<LogSummary & { attributes: string[] }> {
  const { log } = await loadFilteredLog(target.workspace, target.config, filtersOf(filters));
  const columns = await target.workspace.store.columns("data", target.config.dataset);
  const mapped = new Set(Object.values(target.config).filter((v): v is string => typeof v === "string"));
  return { ...summarize(log), attributes: columns.map((c) => c.name).filter((c) => !mapped.has(c)) };
}

export async function mineDfg(target: MineTarget, filters: MineFilterInput): Promise<Dfg> {
  const parsed = filtersOf(filters);
  const { log, hiddenActivities } = await loadFilteredLog(target.workspace, target.config, parsed);
  const dfg = discoverDfg(log, {
    ...(parsed.paths !== undefined ? { paths: parsed.paths } : {}),
    ...(parsed.minEdgeCount !== undefined ? { minEdgeCount: parsed.minEdgeCount } : {}),
  });
  return { ...dfg, hidden: { ...dfg.hidden, activities: hiddenActivities } };
}

export async function mineEdge(
  target: MineTarget,
  filters: MineFilterInput,
  from: string,
  to: string,
): Promise<EdgeDetail> {
  const { log } = await loadFilteredLog(target.workspace, target.config, filtersOf(filters));
  const detail = edgeDetail(log, from, to);
  if (!detail) {
    throw new AppError(
      "NOT_FOUND",
      `No case goes directly from "${from}" to "${to}" in this view of log "${target.config.name}".`,
      {
        from,
        to,
      },
    );
  }
  return detail;
}

export async function mineVariants(
  target: MineTarget,
  filters: MineFilterInput,
  limit?: number,
): Promise<{ cases: number; total: number; variants: Variant[] }> {
  const { log } = await loadFilteredLog(target.workspace, target.config, filtersOf(filters));
  return listVariants(log, limit);
}

export function parseDimensions(text: string | undefined): BottleneckDimension[] {
  if (!text) return [];
  const parts = text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of parts) {
    if (p !== "weekday" && p !== "hour") {
      throw new AppError("USAGE", `--by takes weekday, hour or weekday,hour; got "${p}".`, {
        field: "by",
        value: p,
      });
    }
  }
  return [...new Set(parts)] as BottleneckDimension[];
}

export async function mineBottlenecks(
  target: MineTarget,
  filters: MineFilterInput,
  by: readonly BottleneckDimension[],
): Promise<Bottlenecks> {
  const { log } = await loadFilteredLog(target.workspace, target.config, filtersOf(filters), {
    localTime: by.length > 0,
  });
  return findBottlenecks(log, by);
}

export async function mineRework(target: MineTarget, filters: MineFilterInput): Promise<Rework> {
  const { log } = await loadFilteredLog(target.workspace, target.config, filtersOf(filters));
  return findRework(log);
}

export async function mineHandover(
  target: MineTarget,
  filters: MineFilterInput,
  by: "resource" | "role",
): Promise<Handover> {
  const { log } = await loadFilteredLog(target.workspace, target.config, filtersOf(filters));
  return handoverNetwork(log, by);
}

export async function mineValueStream(target: MineTarget, filters: MineFilterInput): Promise<ValueStream> {
  const { log } = await loadFilteredLog(target.workspace, target.config, filtersOf(filters));
  return valueStream(log, target.config.valueAdding ?? []);
}

/** Saves which activities of a workspace log add value. */
export function saveValueAdding(workspace: Workspace, logName: string, activities: string[]): EventLogConfig {
  const config = findLogConfig(workspace, logName);
  const updated: EventLogConfig = { ...config, valueAdding: [...new Set(activities)] };
  workspace.updateConfig((doc) =>
    editConfigList<EventLogConfig>(doc, "logs", (l) => l.name !== logName, [updated]),
  );
  return updated;
}

/** `p80` → 0.8. */
export function parsePercentile(text: string): number {
  const m = /^p?(\d{1,2}(?:\.\d+)?)$/.exec(text.trim());
  const q = m ? Number(m[1]) / 100 : Number.NaN;
  if (!(q > 0 && q < 1)) {
    throw new AppError("USAGE", `--slow takes a percentile such as p80 or p90; got "${text}".`, {
      field: "slow",
      value: text,
    });
  }
  return q;
}

export async function mineRootCause(
  target: MineTarget,
  filters: MineFilterInput,
  options: { slow?: string; outcome?: string },
): Promise<RootCauses> {
  if (options.slow && options.outcome) {
    throw new AppError("USAGE", "Give either --slow or --outcome, not both.", { field: "outcome" });
  }
  const { log } = await loadFilteredLog(target.workspace, target.config, filtersOf(filters), {
    localTime: true,
  });
  const attributes = [
    ...(await loadCaseAttributes(target.workspace, target.config, log)),
    startWeekdays(log),
  ];
  if (options.outcome) {
    const hits = await casesWithValue(target.workspace, target.config, log, options.outcome);
    return rankRootCauses(
      hits,
      {
        kind: "outcome",
        description: `Cases with an event where ${options.outcome}.`,
        thresholdSeconds: null,
      },
      attributes.filter((a) => !options.outcome?.startsWith(`${a.name}=`)),
    );
  }
  const q = parsePercentile(options.slow ?? "p80");
  const slow = slowCases(log, q);
  return rankRootCauses(
    slow.target,
    {
      kind: "slow",
      description: slowDescription(q, slow.thresholdSeconds),
      thresholdSeconds: slow.thresholdSeconds,
    },
    attributes,
  );
}
