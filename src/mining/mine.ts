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
import { listVariants, traceLog, type Variant } from "./analysis/variants.js";
import { tokenReplay } from "./conformance/index.js";
import { discoverProcessTree, formatProcessTree, processTreeToPetriNet } from "./discovery/index.js";
import { casesWithValue, loadCaseAttributes } from "./log/case-attributes.js";
import type { EventLog } from "./log/event-log.js";
import { type MineFilterInput, type MineFilters, mineFilterSchema } from "./log/filters.js";
import { findLogConfig } from "./log/load-log.js";
import {
  bpmnToPetriNet,
  type PetriNet,
  petriNetToBpmn,
  readBpmn,
  readPnml,
  writeBpmn,
  writePnml,
} from "./model/index.js";
import { loadFilteredLog } from "./source.js";

export interface MineTarget {
  workspace: Workspace;
  config: EventLogConfig;
  /** The log already in memory (a file read straight in); then only in-memory filters apply. */
  memory?: EventLog;
}

function load(target: MineTarget, filters: MineFilters, options: { localTime?: boolean } = {}) {
  return loadFilteredLog(target.workspace, target.config, filters, {
    ...options,
    ...(target.memory ? { memory: target.memory } : {}),
  });
}

function filtersOf(input: MineFilterInput | MineFilters): MineFilters {
  return mineFilterSchema.parse(input);
}

export async function mineSummary(
  target: MineTarget,
  filters: MineFilterInput,
): Promise<LogSummary & { attributes: string[] }> {
  const { log } = await load(target, filtersOf(filters));
  const columns = await target.workspace.store.columns("data", target.config.dataset);
  const mapped = new Set(Object.values(target.config).filter((v): v is string => typeof v === "string"));
  return { ...summarize(log), attributes: columns.map((c) => c.name).filter((c) => !mapped.has(c)) };
}

export async function mineDfg(target: MineTarget, filters: MineFilterInput): Promise<Dfg> {
  const parsed = filtersOf(filters);
  const { log, hiddenActivities } = await load(target, parsed);
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
  const { log } = await load(target, filtersOf(filters));
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
  const { log } = await load(target, filtersOf(filters));
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
  const { log } = await load(target, filtersOf(filters), {
    localTime: by.length > 0,
  });
  return findBottlenecks(log, by);
}

export async function mineRework(target: MineTarget, filters: MineFilterInput): Promise<Rework> {
  const { log } = await load(target, filtersOf(filters));
  return findRework(log);
}

export async function mineHandover(
  target: MineTarget,
  filters: MineFilterInput,
  by: "resource" | "role",
): Promise<Handover> {
  const { log } = await load(target, filtersOf(filters));
  return handoverNetwork(log, by);
}

export async function mineValueStream(target: MineTarget, filters: MineFilterInput): Promise<ValueStream> {
  const { log } = await load(target, filtersOf(filters));
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
  const { log } = await load(target, filtersOf(filters), {
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

export type MinerAlgorithm = "im" | "imf";

export interface Discovery {
  algorithm: MinerAlgorithm;
  noise: number;
  /** Whether concurrency splits counted as PM4Py 2.7 does (see `InductiveMinerOptions.pm4pyCounting`). */
  pm4pyCounting: boolean;
  tree: string;
  petriNet: PetriNet;
  pnml: string;
  bpmn: string;
  seconds: number;
}

/**
 * Discovers a process model with the Inductive Miner (IM, or IMf with a noise threshold).
 * `pm4pyCounting` reproduces PM4Py 2.7's counting in concurrency splits, for side-by-side figures.
 */
export async function mineDiscover(
  target: MineTarget,
  filters: MineFilterInput,
  options: { algorithm?: MinerAlgorithm; noise?: number; pm4pyCounting?: boolean },
): Promise<Discovery> {
  const algorithm = options.algorithm ?? "imf";
  const pm4pyCounting = options.pm4pyCounting ?? false;
  const noise = algorithm === "im" ? 0 : (options.noise ?? 0.2);
  if (!(noise >= 0 && noise <= 1)) {
    throw new AppError("USAGE", `--noise must be between 0 and 1; got ${options.noise}.`, { field: "noise" });
  }
  const { log } = await load(target, filtersOf(filters));
  const started = performance.now();
  const tree = discoverProcessTree(traceLog(log), { variant: algorithm, noise, pm4pyCounting });
  const petriNet = processTreeToPetriNet(tree);
  const seconds = (performance.now() - started) / 1000;
  return {
    algorithm,
    noise,
    pm4pyCounting,
    tree: formatProcessTree(tree),
    petriNet,
    pnml: writePnml(petriNet),
    bpmn: await writeBpmn(petriNetToBpmn(petriNet)),
    seconds,
  };
}

/** Reads a PNML or BPMN model from its text; the format comes from the content, else the name. */
export function readModel(text: string, fileName = "model"): PetriNet {
  const head = text.slice(0, 4096);
  if (/<pnml[\s>]/.test(head) || /\.pnml$/i.test(fileName)) return readPnml(text, fileName);
  if (/<(\w+:)?definitions[\s>]/.test(head) || /\.bpmn$/i.test(fileName)) {
    return bpmnToPetriNet(readBpmn(text, fileName));
  }
  throw new AppError(
    "FORMAT_UNKNOWN",
    `${fileName} is neither PNML nor BPMN 2.0: give a .pnml or .bpmn file (as exported by opsloop, PM4Py, ProM, Camunda or bpmn.io).`,
    { file: fileName },
  );
}

export interface CaseConformance {
  case: string;
  fitness: number;
  missing: number;
  remaining: number;
  consumed: number;
  produced: number;
  unexpected: string[];
  skipped: string[];
}

export interface Conformance {
  fitness: number;
  averageCaseFitness: number;
  fittingCases: number;
  caseCount: number;
  /** Cases, least fitting first. */
  cases: CaseConformance[];
  deviations: { activity: string; missing: number; remaining: number; notInModel: number }[];
  model: { places: number; transitions: number; silent: number };
}

/** Token-based replay of the log on a model (PM4Py's fitness), per case and for the whole log. */
export async function mineConformance(
  target: MineTarget,
  filters: MineFilterInput,
  model: { text: string; fileName?: string },
  options: { limit?: number } = {},
): Promise<Conformance> {
  const net = readModel(model.text, model.fileName);
  const { log } = await load(target, filtersOf(filters));
  const traces = traceLog(log);
  const replay = tokenReplay(net, traces);
  const byVariant = new Map(replay.traces.map((t) => [t.index, t]));
  const cases: CaseConformance[] = log.caseIds.map((id, c) => {
    const t = byVariant.get(traces.variantOf[c] as number);
    return {
      case: id,
      fitness: t?.fitness ?? 0,
      missing: t?.missing ?? 0,
      remaining: t?.remaining ?? 0,
      consumed: t?.consumed ?? 0,
      produced: t?.produced ?? 0,
      unexpected: t?.missingActivities ?? [],
      skipped: t?.skippedActivities ?? [],
    };
  });
  cases.sort((a, b) => a.fitness - b.fitness || (a.case < b.case ? -1 : a.case > b.case ? 1 : 0));
  return {
    fitness: replay.fitness,
    averageCaseFitness: replay.averageTraceFitness,
    fittingCases: replay.fittingTraces,
    caseCount: replay.cases,
    cases: options.limit === undefined ? cases : cases.slice(0, options.limit),
    deviations: replay.deviations.map((d) => ({
      activity: d.activity,
      missing: d.unexpectedCases,
      remaining: d.skippedCases,
      notInModel: d.notInModelCases,
    })),
    model: {
      places: net.places.length,
      transitions: net.transitions.length,
      silent: net.transitions.filter((t) => t.label === null).length,
    },
  };
}
