/**
 * The dashboard's only way to the opsloop server: typed functions over the HTTP API.
 * Every failure becomes an `ApiError` carrying the server's code, message and problems.
 */

export interface Business {
  name: string;
  currency: string;
  timezone: string;
  weekStart: string;
}

export interface Workspace {
  business: Business;
  dir: string;
  counts: { datasets: number; rows: number; logs: number };
  lastImportAt: string | null;
}

export interface Column {
  name: string;
  type: string;
}

export interface Dataset {
  name: string;
  kind: "table" | "eventlog";
  rows: number;
  columns: Column[];
  source: string | null;
  sha256: string | null;
  importedAt: string | null;
  description?: string | null;
}

export interface ImportRecord {
  id: string | number;
  sourceName: string;
  sha256: string;
  bytes: number;
  format: string;
  mode: "replace" | "append" | string;
  rowsLoaded: number;
  rowsRejected: number;
  rowsAfter: number;
  importedAt: string;
  durationMs: number;
  rejectsFile: string | null;
}

export interface DatasetDetail {
  dataset: Dataset;
  imports: ImportRecord[];
}

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface RowsPage {
  columns: Column[];
  rows: Row[];
  offset: number;
  limit: number;
  total: number;
}

export interface TopValue {
  value: Cell;
  count: number;
}

export interface ColumnProfile {
  name: string;
  type: string;
  nulls: number;
  distinct: number;
  min: Cell;
  max: Cell;
  mean: number | null;
  top: TopValue[];
}

export type Grain = "day" | "week" | "month";

export interface Timeline {
  column: string;
  grain: Grain;
  points: { period: string; rows: number }[];
}

export interface Profile {
  columns: ColumnProfile[];
  timeline: Timeline | null;
}

export interface EventLog {
  name: string;
  dataset: string;
  case: string;
  activity: string;
  timestamp: string;
  startTimestamp?: string | null;
  resource?: string | null;
  lifecycle?: string | null;
  events: number;
  cases: number;
  activities: number;
  /** First and last event time, when the server knows them. */
  from?: string | null;
  to?: string | null;
}

export interface ImportResult {
  dataset: string;
  /** Rows taken from the file. */
  rows: number;
  /** Rows skipped because they did not fit (only when skipping bad rows). */
  rejected: number;
  /** Rows in the dataset after the import (differs from `rows` when appending). */
  rowsAfter?: number;
  mode?: string;
  /** Things worth knowing that did not stop the import. */
  warnings?: string[];
  format: string;
  sha256: string;
  rejectsFile: string | null;
  columns: Column[];
}

/** One problem in an uploaded file: where it is, what is wrong and how to fix it. */
export interface Problem {
  file?: string;
  line?: number;
  /** The column of a file, or the character of an expression where the problem is. */
  column?: number;
  field?: string;
  message: string;
  fix?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problems: Problem[];
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.problems = Array.isArray(details.problems) ? details.problems.filter(isProblem) : [];
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && typeof (value as Problem).message === "string";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Turns an error response body (or its absence) into an ApiError. */
function toApiError(status: number, statusText: string, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (error) {
    const code = typeof error.code === "string" ? error.code : `HTTP_${status}`;
    const message = typeof error.message === "string" ? error.message : statusText || "Request failed";
    return new ApiError(status, code, message, isRecord(error.details) ? error.details : {});
  }
  if (status === 0) {
    return new ApiError(0, "NETWORK", "The opsloop server cannot be reached. Is `opsloop serve` running?");
  }
  return new ApiError(status, `HTTP_${status}`, `The server answered ${status} ${statusText}`.trim());
}

function parseJson(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: "application/json" }, ...init });
  } catch {
    throw toApiError(0, "", null);
  }
  const body = parseJson(await response.text());
  if (!response.ok) throw toApiError(response.status, response.statusText, body);
  if (body === null) {
    throw new ApiError(response.status, "BAD_RESPONSE", `The server sent no JSON for ${path}`);
  }
  return body as T;
}

const ds = (name: string) => `/api/datasets/${encodeURIComponent(name)}`;

export function getWorkspace(): Promise<Workspace> {
  return request<Workspace>("/api/workspace");
}

export async function listDatasets(): Promise<Dataset[]> {
  return (await request<{ datasets: Dataset[] }>("/api/datasets")).datasets;
}

export function getDataset(name: string): Promise<DatasetDetail> {
  return request<DatasetDetail>(ds(name));
}

export interface RowsQuery {
  offset: number;
  limit: number;
  sort?: string | undefined;
  order?: "asc" | "desc" | undefined;
}

export function getRows(name: string, query: RowsQuery): Promise<RowsPage> {
  const params = new URLSearchParams({ offset: String(query.offset), limit: String(query.limit) });
  if (query.sort) {
    params.set("sort", query.sort);
    params.set("order", query.order ?? "asc");
  }
  return request<RowsPage>(`${ds(name)}/rows?${params}`);
}

export function getProfile(name: string): Promise<Profile> {
  return request<Profile>(`${ds(name)}/profile`);
}

export async function listLogs(): Promise<EventLog[]> {
  return (await request<{ logs: EventLog[] }>("/api/logs")).logs;
}

export interface UploadOptions {
  file: File;
  dataset: string;
  mode: "replace" | "append";
  key?: string;
  delimiter?: string;
  timestampFormat?: string;
  sheet?: string;
  skipBadRows: boolean;
}

/**
 * Uploads a file into a dataset. Uses XMLHttpRequest rather than fetch so that the upload
 * progress of a large export can be shown.
 */
export function uploadDataset(
  options: UploadOptions,
  onProgress?: (fraction: number) => void,
): Promise<ImportResult> {
  const form = new FormData();
  form.set("dataset", options.dataset);
  form.set("mode", options.mode);
  if (options.key) form.set("key", options.key);
  if (options.delimiter) form.set("delimiter", options.delimiter);
  if (options.timestampFormat) form.set("timestampFormat", options.timestampFormat);
  if (options.sheet) form.set("sheet", options.sheet);
  form.set("skipBadRows", options.skipBadRows ? "true" : "false");
  // The file goes last so that a streaming server sees the fields before the bytes.
  form.set("file", options.file, options.file.name);

  return new Promise<ImportResult>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/datasets");
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(toApiError(0, "", null));
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(toApiError(xhr.status, xhr.statusText, body));
        return;
      }
      if (isRecord(body) && isRecord(body.import)) {
        resolve(body.import as unknown as ImportResult);
      } else {
        reject(new ApiError(xhr.status, "BAD_RESPONSE", "The server accepted the file but sent no result"));
      }
    };
    xhr.send(form);
  });
}

// ── KPIs, goals and signals ───────────────────────────────────────────────────

export type KpiGrain = "hour" | "day" | "week" | "month" | "quarter";
export const KPI_GRAINS: KpiGrain[] = ["hour", "day", "week", "month", "quarter"];

export type Better = "higher" | "lower";

export interface PeriodValue {
  period: string;
  value: number | null;
}

export type GoalState = "on track" | "at risk" | "off track";

export interface GoalHistoryEntry {
  evaluatedAt: string;
  status: GoalState;
  current: number | null;
  projected: number | null;
}

export interface GoalStatus {
  kpi: string;
  baseline: { value: number | null; from: string; to: string };
  target: number;
  deadline: string;
  atRisk: number;
  status: GoalState;
  current: number | null;
  projected: number | null;
  /** Share of the way from baseline to target covered so far. */
  progress: number | null;
  /** The status rule in plain words. */
  rule: string;
  /** Why the goal has its status, in one sentence. */
  explanation: string;
  history: GoalHistoryEntry[];
}

export interface Signal {
  chart: string;
  /** The rule's number in its set (Nelson 1–8, Western Electric 1–4). */
  rule: number | string;
  period: string;
  description: string;
}

export interface KpiSummary {
  name: string;
  /** Left out when the definition has none; the name stands in. */
  label?: string;
  description?: string;
  unit?: string | null;
  better: Better;
  grain: KpiGrain;
  dataset: string;
  time: string;
  dimensions: string[];
  measure: { kind: string } & Record<string, unknown>;
  filter?: string | null;
  template?: string | null;
  latest: PeriodValue | null;
  previous: PeriodValue | null;
  sparkline: PeriodValue[];
  goal: GoalStatus | null;
  lastSignal: Signal | null;
}

export interface SeriesPoint {
  period: string;
  value: number | null;
  segments?: Record<string, number | null>;
  /** The data covers only part of this period (the first or the last week, month or quarter). */
  partial?: boolean;
}

export interface KpiSeries {
  kpi: string;
  label: string;
  unit: string | null;
  better: Better;
  grain: KpiGrain;
  by?: string;
  points: SeriesPoint[];
}

export type RuleSet = "nelson" | "western-electric";

export interface MonitorResult {
  kpi: string;
  chart: string;
  rules?: string;
  center: number | null;
  ucl: number | null;
  lcl: number | null;
  sigma: number | null;
  points: { period: string; value: number | null; ucl: number | null; lcl: number | null }[];
  signals: { rule: number | string; index: number; period: string; description: string }[];
}

export interface ForecastPoint {
  period: string;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export interface ForecastResult {
  kpi: string;
  model: string;
  points: ForecastPoint[];
}

export interface PeriodSpan {
  label: string;
  from: string;
  to: string;
}

export interface Driver {
  dimension: string;
  segment: string;
  before: number | null;
  after: number | null;
  contribution: number;
  share: number | null;
  mix?: number;
  rate?: number;
}

export interface Explanation {
  kpi: string;
  label: string;
  unit: string | null;
  grain: KpiGrain;
  period: PeriodSpan;
  vs: PeriodSpan;
  before: number | null;
  after: number | null;
  change: number | null;
  relativeChange: number | null;
  method: "additive" | "mix-rate" | "segment-change";
  drivers: Driver[];
  sentence: string;
}

export interface KpiTemplate {
  id: string;
  label: string;
  description: string;
  unit: string;
  better: Better;
  grain: KpiGrain;
  roles: { role: string; description: string; optional?: boolean }[];
}

export interface KpiFromTemplate {
  template: string;
  dataset: string;
  time: string;
  map: Record<string, string>;
  name?: string;
  label?: string;
  grain?: KpiGrain;
  dimensions?: string[];
}

export interface GoalInput {
  baseline: { from: string; to: string; value?: number };
  target: number;
  deadline: string;
  atRisk?: number;
}

export interface SignalRecord extends Signal {
  kpi: string;
  createdAt: string;
}

const kpi = (name: string) => `/api/kpis/${encodeURIComponent(name)}`;

/** A query string of the options that are set, in the order given. */
function query(options: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

function sendJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  return request<T>(path, {
    method,
    headers: {
      accept: "application/json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** For DELETE: a 204 has no body. */
async function sendEmpty(method: string, path: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, { method, headers: { accept: "application/json" } });
  } catch {
    throw toApiError(0, "", null);
  }
  if (!response.ok) throw toApiError(response.status, response.statusText, parseJson(await response.text()));
}

export async function listKpis(): Promise<KpiSummary[]> {
  return (await request<{ kpis: KpiSummary[] }>("/api/kpis")).kpis;
}

export interface SeriesQuery {
  from?: string | undefined;
  to?: string | undefined;
  grain?: KpiGrain | undefined;
  by?: string | undefined;
  filter?: string | undefined;
}

export function getKpiSeries(name: string, options: SeriesQuery = {}): Promise<KpiSeries> {
  const { from, to, grain, by, filter } = options;
  return request<KpiSeries>(`${kpi(name)}/series${query({ from, to, grain, by, filter })}`);
}

export interface MonitorQuery {
  chart?: string | undefined;
  rules?: RuleSet | undefined;
  grain?: KpiGrain | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function getKpiMonitor(name: string, options: MonitorQuery = {}): Promise<MonitorResult> {
  const { chart = "xmr", rules, grain, from, to } = options;
  return request<MonitorResult>(`${kpi(name)}/monitor${query({ chart, rules, grain, from, to })}`);
}

export function getKpiForecast(
  name: string,
  options: { horizon?: number | undefined; grain?: KpiGrain | undefined } = {},
): Promise<ForecastResult> {
  return request<ForecastResult>(`${kpi(name)}/forecast${query(options)}`);
}

export function explainKpi(name: string, period: string, vs: string, by: string[]): Promise<Explanation> {
  return request<Explanation>(
    `${kpi(name)}/explain${query({ period, vs, by: by.length > 0 ? by.join(",") : undefined })}`,
  );
}

export async function listKpiTemplates(): Promise<KpiTemplate[]> {
  return (await request<{ templates: KpiTemplate[] }>("/api/kpi-templates")).templates;
}

/** A KPI as it is defined in opsloop.yaml. */
export interface KpiDefinition {
  name: string;
  label?: string;
  dataset: string;
  time: string;
  measure: { kind: string } & Record<string, unknown>;
  grain?: KpiGrain;
  dimensions?: string[];
  unit?: string;
  better?: Better;
  filter?: string;
  template?: string;
}

export async function createKpi(body: KpiFromTemplate): Promise<KpiDefinition> {
  return (await sendJson<{ kpi: KpiDefinition }>("POST", "/api/kpis", body)).kpi;
}

export function deleteKpi(name: string): Promise<void> {
  return sendEmpty("DELETE", kpi(name));
}

export async function listGoals(): Promise<GoalStatus[]> {
  return (await request<{ goals: GoalStatus[] }>("/api/goals")).goals;
}

export async function saveGoal(name: string, goal: GoalInput): Promise<GoalStatus> {
  return (await sendJson<{ goal: GoalStatus }>("PUT", `/api/goals/${encodeURIComponent(name)}`, goal)).goal;
}

export function deleteGoal(name: string): Promise<void> {
  return sendEmpty("DELETE", `/api/goals/${encodeURIComponent(name)}`);
}

export async function listSignals(name?: string): Promise<SignalRecord[]> {
  return (await request<{ signals: SignalRecord[] }>(`/api/signals${query({ kpi: name })}`)).signals;
}

// ── Process mining ────────────────────────────────────────────────────────────
// Everything below talks to /api/logs/NAME/mine/…: the process map, its paths, variants,
// bottlenecks, rework, a discovered model and conformance to it, value stream, handover of
// work and root causes. Every call takes the same case filters.

/** Which cases count when a time range is set. */
export type TimeMode = "intersecting" | "contained" | "started" | "events";
export const TIME_MODES: TimeMode[] = ["intersecting", "contained", "started", "events"];

/** The filters every mining call accepts; unset fields are left out of the query. */
export interface MiningFilters {
  from?: string | undefined;
  to?: string | undefined;
  timeMode?: TimeMode | undefined;
  /** `column=value`, `column=v1|v2` or `column!=value`; all must hold. */
  where?: string[] | undefined;
  /** Keep the most frequent variants that cover this % of cases (0–100). */
  variants?: number | undefined;
  /** Keep this % of activities, most frequent first (0–100). */
  activities?: number | undefined;
  /** Keep this % of paths, most frequent first (0–100); the process map only. */
  paths?: number | undefined;
  mergeLifecycle?: boolean | undefined;
}

/** Seconds in a case's or a path's duration. */
export interface DurationStats {
  meanSeconds: number;
  medianSeconds: number;
  p90Seconds: number;
  minSeconds: number;
  maxSeconds: number;
}

export interface DurationBin {
  fromSeconds: number;
  toSeconds: number;
  /** Cases whose duration falls in the bin. */
  count: number;
}

export interface MiningSummary {
  log: string;
  events: number;
  cases: number;
  activities: number;
  variants: number;
  from: string | null;
  to: string | null;
  start: Record<string, number>;
  end: Record<string, number>;
  caseDuration: DurationStats;
  histogram: DurationBin[];
  hasStartTimes: boolean;
  hasResources: boolean;
  hasRoles: boolean;
  /** Case attributes that filters and root causes can use, when the server lists them. */
  caseAttributes?: string[];
}

export interface DfgActivity {
  name: string;
  count: number;
  cases: number;
  meanProcessingSeconds: number | null;
}

export interface DfgEdge {
  from: string;
  to: string;
  count: number;
  meanSeconds: number;
  medianSeconds: number;
  p90Seconds: number;
  totalSeconds: number;
}

export interface Dfg {
  events: number;
  cases: number;
  activities: DfgActivity[];
  edges: DfgEdge[];
  /** Edges from the artificial start node: how many cases begin with each activity. */
  start: Record<string, number>;
  /** Edges to the artificial end node: how many cases end with each activity. */
  end: Record<string, number>;
  /** What the activity and path sliders left out. */
  hidden: { activities: number; edges: number };
}

export interface EdgeDetail {
  from: string;
  to: string;
  count: number;
  cases: number;
  meanSeconds: number;
  medianSeconds: number;
  p90Seconds: number;
  histogram: { fromSeconds: number; toSeconds: number; count: number }[];
  /** The longest waits on this path. */
  examples: { case: string; fromTime: string; toTime: string; seconds: number }[];
}

export interface Variant {
  activities: string[];
  cases: number;
  share: number;
  meanSeconds: number;
}

export interface Variants {
  cases: number;
  /** Variants in the log; `variants` holds the most frequent of them. */
  total: number;
  variants: Variant[];
}

export interface TimeStats {
  totalSeconds: number;
  meanSeconds: number;
  medianSeconds: number;
}

export interface BottleneckSegment {
  activity: string;
  weekday?: number | string;
  hour?: number;
  count: number;
  medianWaitingSeconds: number;
  meanWaitingSeconds: number;
  /** Waiting beyond the activity's usual, summed over the segment's events. */
  excessSeconds: number;
}

export interface Bottlenecks {
  edges: {
    from: string;
    to: string;
    count: number;
    totalSeconds: number;
    meanSeconds: number;
    medianSeconds: number;
  }[];
  activities: { name: string; count: number; waiting: TimeStats; processing: TimeStats | null }[];
  segments: BottleneckSegment[] | null;
  sentence: string;
}

export interface Rework {
  cases: number;
  casesWithRework: number;
  activities: { name: string; cases: number; share: number; extraOccurrences: number; secondsLost: number }[];
  loops: { from: string; to: string; count: number; cases?: number }[];
}

export interface PetriNet {
  places: unknown[];
  transitions: unknown[];
  arcs: unknown[];
  initialMarking: unknown;
  finalMarking: unknown;
}

export interface DiscoveredModel {
  algorithm: string;
  noise: number;
  /** The process tree in its text notation. */
  tree: string;
  petriNet: PetriNet;
  /** The model as PNML file text. */
  pnml: string;
  /** The model as BPMN file text. */
  bpmn: string;
  seconds: number;
}

export interface CaseConformance {
  case: string;
  fitness: number;
  missing: number;
  remaining: number;
  consumed: number;
  produced: number;
  /** Activities the case did where the model did not allow them. */
  unexpected?: string[];
  /** Activities the model expected that the case skipped. */
  skipped?: string[];
}

export interface Conformance {
  fitness: number;
  averageCaseFitness: number;
  fittingCases: number;
  /** How many cases were replayed. */
  caseCount: number;
  /** Cases, least fitting first (the server may send only the worst). */
  cases: CaseConformance[];
  deviations: { activity: string; missing: number; remaining: number; notInModel?: number }[];
  model: { places: number; transitions: number; silent: number };
}

export interface ValueStreamFigures {
  cases: number;
  leadSeconds: number;
  valueAddingSeconds: number;
  nonValueAddingSeconds: number;
  waitingSeconds: number;
  /** Value-adding time as a share of lead time: process cycle efficiency. */
  efficiency: number;
}

export interface ValueStream {
  valueAdding: string[];
  /** Without start times, processing time is unknown and all lead time counts as waiting. */
  hasProcessingTimes?: boolean;
  overall: ValueStreamFigures;
  variants: (ValueStreamFigures & { activities: string[] })[];
  activities: { name: string; valueAdding: boolean; processingSeconds: number }[];
}

export type HandoverBy = "resource" | "role";

export interface Handover {
  by: HandoverBy;
  nodes: { name: string; events: number; cases: number }[];
  edges: { from: string; to: string; count: number }[];
  /** People or roles whose absence splits the network, with how many parts it falls into. */
  articulationPoints: { name: string; components: number }[];
  /** Activities only one person does. */
  singlePerson: { activity: string; resource: string; events: number }[];
}

export interface RootCauseFactor {
  attribute: string;
  value: string | number | boolean | null;
  cases: number;
  targetCases: number;
  rate: number;
  otherRate: number;
  lift: number;
  liftLow: number;
  liftHigh: number;
  difference: number;
  differenceLow: number;
  differenceHigh: number;
  sentence: string;
}

export interface RootCauses {
  target: {
    kind: string;
    description: string;
    thresholdSeconds: number | null;
    cases: number;
    targetCases: number;
    rate: number;
  };
  factors: RootCauseFactor[];
}

const mine = (log: string, what: string) => `/api/logs/${encodeURIComponent(log)}/mine/${what}`;

/** The query string of filters and extra options, with `where` repeated once per condition. */
export function miningQuery(
  filters: MiningFilters,
  extra: Record<string, string | number | undefined | null> = {},
): string {
  const params = new URLSearchParams();
  const { where, ...rest } = filters;
  for (const [key, value] of Object.entries({ ...rest, ...extra })) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  for (const condition of where ?? []) params.append("where", condition);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The path slider applies to the process map only. */
function withoutPaths(filters: MiningFilters): MiningFilters {
  return { ...filters, paths: undefined };
}

export async function getMiningSummary(log: string, filters: MiningFilters): Promise<MiningSummary> {
  const summary = await request<MiningSummary & { attributes?: string[] }>(
    `${mine(log, "summary")}${miningQuery(withoutPaths(filters))}`,
  );
  // Bins may count `cases` rather than `count`, and the attributes may be named `attributes`.
  const histogram = summary.histogram.map((b) => {
    const bin = b as DurationBin & { cases?: number };
    return { fromSeconds: bin.fromSeconds, toSeconds: bin.toSeconds, count: bin.count ?? bin.cases ?? 0 };
  });
  return { ...summary, histogram, caseAttributes: summary.caseAttributes ?? summary.attributes ?? [] };
}

export function getDfg(log: string, filters: MiningFilters): Promise<Dfg> {
  return request<Dfg>(`${mine(log, "dfg")}${miningQuery(filters)}`);
}

export function getEdgeDetail(
  log: string,
  from: string,
  to: string,
  filters: MiningFilters,
): Promise<EdgeDetail> {
  const rest = withoutPaths(filters);
  // `from` and `to` are the time range; the edge's ends are `edgeFrom` and `edgeTo`.
  return request<EdgeDetail>(`${mine(log, "edge")}${miningQuery(rest, { edgeFrom: from, edgeTo: to })}`);
}

export function getVariants(log: string, filters: MiningFilters, limit = 50): Promise<Variants> {
  const rest = withoutPaths(filters);
  return request<Variants>(`${mine(log, "variants")}${miningQuery(rest, { limit })}`);
}

export function getBottlenecks(
  log: string,
  filters: MiningFilters,
  by = "weekday,hour",
): Promise<Bottlenecks> {
  const rest = withoutPaths(filters);
  return request<Bottlenecks>(`${mine(log, "bottlenecks")}${miningQuery(rest, { by })}`);
}

export function getRework(log: string, filters: MiningFilters): Promise<Rework> {
  const rest = withoutPaths(filters);
  return request<Rework>(`${mine(log, "rework")}${miningQuery(rest)}`);
}

export function discoverModel(
  log: string,
  filters: MiningFilters,
  options: { algorithm?: string; noise?: number } = {},
): Promise<DiscoveredModel> {
  const rest = withoutPaths(filters);
  const { algorithm = "imf", noise = 0.2 } = options;
  return request<DiscoveredModel>(`${mine(log, "discover")}${miningQuery(rest, { algorithm, noise })}`);
}

export async function checkConformance(
  log: string,
  filters: MiningFilters,
  model: string,
  fileName?: string,
): Promise<Conformance> {
  const rest = withoutPaths(filters);
  const answer = await sendJson<Conformance & { caseResults?: CaseConformance[] }>(
    "POST",
    `${mine(log, "conformance")}${miningQuery(rest)}`,
    { model, ...(fileName ? { fileName } : {}) },
  );
  // The cases came as `caseResults` (with `cases` their count) in earlier answers.
  if (Array.isArray(answer.caseResults)) {
    const count = typeof answer.cases === "number" ? answer.cases : answer.caseResults.length;
    return { ...answer, caseCount: count, cases: answer.caseResults };
  }
  return answer;
}

export function getValueStream(log: string, filters: MiningFilters): Promise<ValueStream> {
  const rest = withoutPaths(filters);
  return request<ValueStream>(`${mine(log, "value-stream")}${miningQuery(rest)}`);
}

/** Saves which activities add value for the customer. */
export function saveValueAdding(log: string, activities: string[]): Promise<unknown> {
  return sendJson<unknown>("PUT", `/api/logs/${encodeURIComponent(log)}/value-adding`, { activities });
}

export function getHandover(log: string, filters: MiningFilters, by: HandoverBy): Promise<Handover> {
  const rest = withoutPaths(filters);
  return request<Handover>(`${mine(log, "handover")}${miningQuery(rest, { by })}`);
}

/** What makes cases slow (`slow=p80`) or end in an outcome (`outcome=column=value`). */
export type RootCauseTarget = { slow: string } | { outcome: string };

export function getRootCauses(
  log: string,
  filters: MiningFilters,
  target: RootCauseTarget,
): Promise<RootCauses> {
  const rest = withoutPaths(filters);
  return request<RootCauses>(`${mine(log, "root-cause")}${miningQuery(rest, target)}`);
}

// ── Digital twin and planning ──────────────────────────────────────────────────────────────────────
// Calibrating a twin from an event log, simulating what-if scenarios, and the staffing, inventory and
// production planners (`POST /api/logs/:name/twin`, `/api/twin/simulate`, `/api/plan/*`).

export type TwinTimeUnit = "second" | "minute" | "hour";
export type TwinWeekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
export const TWIN_WEEKDAYS: TwinWeekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** A distribution of a duration or a gap, as the model file writes it. */
export interface TwinDistribution {
  dist: string;
  mean?: number;
  sd?: number;
  value?: number;
  mu?: number;
  sigma?: number;
  shape?: number;
  scale?: number;
  min?: number;
  mode?: number;
  max?: number;
  values?: number[];
  weights?: number[];
}

export interface TwinShift {
  days: TwinWeekday[];
  from: string;
  to: string;
  capacity: number;
}

export interface TwinPool {
  capacity?: number;
  shifts?: TwinShift[];
  costPerHour?: number;
}

export interface TwinActivity {
  name: string;
  resource?: string;
  duration?: TwinDistribution;
  priority?: number;
}

export interface TwinChoiceBranch {
  name?: string;
  p: number;
  flow: TwinFlowStep[];
}

/** One step of a case's route: an activity, a choice, a parallel split or a loop. */
export type TwinFlowStep =
  | string
  | { name?: string; choice: TwinChoiceBranch[] }
  | { name?: string; parallel: TwinFlowStep[][] }
  | { name?: string; loop: TwinFlowStep[]; repeatProbability: number; max?: number };

export interface TwinModel {
  name: string;
  description?: string;
  timeUnit?: TwinTimeUnit;
  start?: string;
  timeZone?: string;
  arrivals: {
    interarrival?: TwinDistribution;
    calendar?: { days: TwinWeekday[]; from: string; to: string; perHour: number }[];
    replay?: (number | string)[];
  };
  resources?: Record<string, TwinPool>;
  activities: TwinActivity[];
  flow: TwinFlowStep[];
  costBasis?: "available" | "busy";
}

export interface TwinFit {
  activity: string;
  pool?: string;
  distribution: string;
  wasserstein: number;
  ks: number;
  n: number;
  mean: number;
  sd: number;
}

export interface TwinCalibratedPool {
  name: string;
  capacity: number;
  resources: string[];
  activities: string[];
  days: TwinWeekday[];
  hours: number[];
}

export interface TwinDistances {
  cycleTimeEmd: number;
  absoluteHourEmd: number;
  circadianEmd: number;
  nGramDistance: number;
}

export interface TwinValidation {
  cases: number;
  replications: number;
  start: string;
  distances: TwinDistances;
  perReplication: (TwinDistances & { simulatedCases: number; simulatedEvents: number })[];
  seconds: number;
}

export interface TwinBuild {
  model: TwinModel;
  yaml: string;
  calibration: {
    fit: TwinFit[];
    arrivals: {
      cases: number;
      interarrival: { distribution: string; wasserstein: number; ks: number; n: number; mean: number };
    };
    pools: TwinCalibratedPool[];
    processingTime: { method: string; description: string };
    processTree: string;
  };
  validation: TwinValidation | null;
}

export interface TwinBuildOptions {
  timeUnit?: TwinTimeUnit;
  validate?: boolean;
  replications?: number;
  cases?: number;
  seed?: number;
}

/** Calibrates a twin from a workspace event log and, with `validate`, measures it against the log. */
export function buildTwin(log: string, options: TwinBuildOptions = {}): Promise<TwinBuild> {
  return sendJson<TwinBuild>("POST", `/api/logs/${encodeURIComponent(log)}/twin`, options);
}

/** A change a scenario makes to the baseline model. */
export type TwinScenarioChange =
  | {
      capacity: {
        pool: string;
        add?: number;
        set?: number;
        shift?: { days: TwinWeekday[]; from: string; to: string };
      };
    }
  | { duration: { activity: string; scale?: number; set?: TwinDistribution } }
  | { automate: { activity: string; remove?: true; scale?: number } }
  | {
      routing: {
        choice?: string;
        probabilities?: Record<string, number>;
        loop?: string;
        repeatProbability?: number;
      };
    }
  | { demand: { scale: number } }
  | { arrivals: { calendar?: TwinModel["arrivals"]["calendar"]; interarrival?: TwinDistribution } };

export interface TwinScenario {
  name: string;
  description?: string;
  changes: TwinScenarioChange[];
}

/** A mean over replications with its 95% interval; times also carry median and 90th percentile. */
export interface TwinStat {
  mean: number;
  p50?: number;
  p90?: number;
  ci95: [number, number];
}

export interface TwinScenarioResult {
  name: string;
  verdict?: string;
  cases?: { counted: number; completed: number; unfinished: number };
  cycleTime: TwinStat;
  waitingTime: TwinStat;
  processingTime: TwinStat;
  throughputPerHour: TwinStat;
  utilization: Record<string, TwinStat>;
  cost: TwinStat & { per?: string; basis?: string };
  activities: { name: string; count: number; waitingTime: TwinStat; processingTime: TwinStat }[];
}

export interface TwinComparison {
  scenario: string;
  vs: string;
  metric: string;
  difference: number;
  ci95: [number, number];
}

export interface TwinSimulation {
  timeUnit: TwinTimeUnit;
  replications: number;
  seed: number;
  cases: number;
  warmup: number;
  scenarios: TwinScenarioResult[];
  comparisons: TwinComparison[];
  eventsSimulated: number;
  eventsPerSecond: number;
}

export interface TwinSimulationRequest {
  /** The model as an object or as YAML text. */
  model: TwinModel | string;
  /** Scenarios as a list or as YAML text. */
  scenarios?: TwinScenario[] | string;
  cases?: number;
  warmup?: number;
  replications?: number;
  seed?: number;
}

/** Runs a model's baseline and scenarios with common random numbers and compares them. */
export function simulateTwin(body: TwinSimulationRequest): Promise<TwinSimulation> {
  return sendJson<TwinSimulation>("POST", "/api/twin/simulate", body);
}

export type PlanWeekday = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
export const PLAN_WEEKDAYS: PlanWeekday[] = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
];

export interface StaffingParameters {
  intervalMinutes?: number;
  handlingTimeMinutes: number;
  answerWithinSeconds?: number;
  serviceLevel?: number;
  shrinkage?: number;
  maxOccupancy?: number;
}

/** Staffing from one interval's arrivals, a weekday × start table, or an hourly KPI's forecast. */
export type StaffingRequest = StaffingParameters & {
  arrivals?: number;
  table?: { weekday: PlanWeekday | null; start: string | null; arrivals: number }[];
  kpi?: string;
  weeks?: number;
  simulate?: boolean;
};

export interface IntervalStaffing {
  weekday: PlanWeekday | null;
  start: string | null;
  arrivals: number;
  load: number;
  rawAgents: number;
  scheduledAgents: number;
  serviceLevel: number;
  occupancy: number;
  waitingProbability: number;
  averageSpeedOfAnswerSeconds: number;
}

export interface StaffingPlan {
  parameters: Required<StaffingParameters>;
  source: string;
  intervals: IntervalStaffing[];
  heatMap: {
    weekdays: PlanWeekday[];
    starts: string[];
    scheduledAgents: (number | null)[][];
    rawAgents: (number | null)[][];
    arrivals: (number | null)[][];
  } | null;
  totals: { arrivals: number; scheduledAgentHours: number; peakScheduledAgents: number };
}

export function planStaffing(body: StaffingRequest): Promise<StaffingPlan> {
  return sendJson<StaffingPlan>("POST", "/api/plan/staffing", body);
}

export interface InventoryItemInput {
  item: string;
  demand: number;
  demandSd?: number;
  leadTime?: number;
  leadTimeSd?: number;
  serviceLevel?: number;
  orderCost?: number;
  holdingCost?: number;
  underageCost?: number;
  overageCost?: number;
}

export interface InventoryPlan {
  items: {
    item: string;
    eoq: {
      orderQuantity: number;
      costPerPeriod: number;
      ordersPerPeriod: number;
      periodsBetweenOrders: number | null;
    } | null;
    reorderPoint: {
      z: number;
      leadTimeDemand: number;
      leadTimeDemandSd: number;
      safetyStock: number;
      reorderPoint: number;
    } | null;
    newsvendor: {
      method: "normal" | "empirical";
      criticalRatio: number;
      quantity: number;
      z: number | null;
      expectedCost: number;
      expectedSales: number;
      expectedLeftover: number;
      expectedShortage: number;
    } | null;
  }[];
}

export function planInventory(items: InventoryItemInput[]): Promise<InventoryPlan> {
  return sendJson<InventoryPlan>("POST", "/api/plan/inventory", { items });
}

export interface ProductionRequest {
  dataset?: {
    name: string;
    itemColumn?: string;
    quantityColumn?: string;
    timeColumn?: string;
    priceColumn?: string;
    where?: Record<string, string>;
    from?: string;
    to?: string;
  };
  kpi?: string;
  price?: number;
  unitCost?: number;
  costShare?: number;
  salvage?: number;
  items?: string[];
  method?: "normal" | "empirical";
}

export interface ProductionLine {
  item: string;
  weekday: PlanWeekday;
  days: number;
  demandMean: number;
  demandSd: number;
  price: number;
  unitCost: number;
  salvage: number;
  criticalRatio: number;
  quantity: number;
  expectedSales: number;
  expectedWaste: number;
  expectedShortage: number;
  expectedProfit: number;
  inStockProbability: number;
}

export interface ProductionPlan {
  method: "normal" | "empirical";
  source: string;
  lines: ProductionLine[];
  table: { items: string[]; weekdays: PlanWeekday[]; quantity: (number | null)[][] };
  totals: { quantity: number; expectedWaste: number; expectedProfit: number };
}

export function planProduction(body: ProductionRequest): Promise<ProductionPlan> {
  return sendJson<ProductionPlan>("POST", "/api/plan/production", body);
}

// ── Experiments and pilots ────────────────────────────────────────────────────────────────────────
// Randomised experiments (A/B tests) with their results and the plan of a new one, and pilots: a change
// tried in one unit, judged against units that carried on (`/api/experiments`, `/api/pilots`).

export type ExperimentEngine = "frequentist" | "bayesian";
export type ExperimentCorrection = "none" | "holm-bonferroni" | "benjamini-hochberg";
export type ExperimentDifference = "relative" | "absolute";
export type ExperimentDecision = "ship" | "keep-control" | "keep-running" | "no-difference" | "fix-the-split";
export type MetricRole = "primary" | "secondary" | "guardrail";
export type MetricType = "proportion" | "mean" | "ratio";
export type Verdict = "better" | "worse" | "inconclusive" | "error";

export interface AnalysisSettings {
  engine: ExperimentEngine;
  difference: ExperimentDifference;
  alpha: number;
  sides: "two-sided" | "greater" | "less";
  sequential: boolean;
  sequentialTuning: number;
  correction: ExperimentCorrection;
  prior?: { mean: number; variance: number };
  cuped: boolean;
}

export interface ExperimentMetricDefinition {
  name?: string;
  label?: string;
  role: MetricRole;
  kpi?: string;
  type?: MetricType;
  value?: string;
  numerator?: string;
  denominator?: string;
  where?: string;
  covariate?: string;
  better?: Better;
}

/** An experiment as it is defined in opsloop.yaml; the first variant is the control. */
export interface ExperimentDefinition {
  name: string;
  title?: string;
  hypothesis?: string;
  owner?: string;
  dataset: string;
  variantColumn: string;
  unit?: string;
  time?: string;
  start?: string;
  stop?: string;
  variants: { name: string; weight: number }[];
  metrics: ExperimentMetricDefinition[];
  analysis: AnalysisSettings;
  /** Smallest relative effect worth finding on the primary metric. */
  mde?: number;
}

/** One variant against the control on one metric. */
export interface ExperimentComparison {
  variant: string;
  metric: string;
  label: string;
  role: MetricRole;
  type: MetricType;
  better: Better;
  lift: number;
  /** Interval at `level`; an open end of a one-sided interval is null. */
  ci95: [number | null, number | null];
  level: number;
  se: number;
  pValue: number | null;
  adjustedPValue: number | null;
  chanceToWin: number | null;
  risk: { control: number; treatment: number } | null;
  verdict: Verdict;
  /** Relative effect this comparison could find with 80% power. */
  detectable: number | null;
  errorMessage: string | null;
}

export interface ExperimentSummary {
  definition: ExperimentDefinition;
  decision: ExperimentDecision | null;
  primary: ExperimentComparison | null;
  srmOk: boolean | null;
  /** Why the experiment could not be analysed, when it could not. */
  error: string | null;
}

export interface ExperimentVariant {
  name: string;
  users: number;
  weight: number;
  expectedShare: number;
  observedShare: number;
  mean: number;
  variance: number;
  metrics: Record<string, { mean: number; variance: number }>;
}

export interface ExperimentResult {
  experiment: string | null;
  settings: AnalysisSettings;
  variants: ExperimentVariant[];
  comparisons: ExperimentComparison[];
  srm: {
    pValue: number;
    ok: boolean;
    chiSquare: number;
    threshold: number;
    observed: number[];
    expected: number[];
  };
  warnings: string[];
  paragraphs: { metric: string; text: string }[];
  recommendation: { decision: ExperimentDecision; variant: string | null; text: string };
  summary: string;
  definition: ExperimentDefinition;
  seconds: number;
}

/** Settings a results request may override; unset ones come from the experiment's definition. */
export interface ExperimentResultsQuery {
  engine?: ExperimentEngine;
  sequential?: boolean;
  correction?: ExperimentCorrection;
  difference?: ExperimentDifference;
}

export interface ExperimentPlanInput {
  metric: "proportion" | "mean";
  baseline: number;
  standardDeviation?: number;
  mde: number;
  power?: number;
  alpha?: number;
  variants?: number;
  trafficPerDay?: number;
  sequential?: boolean;
  sequentialTuning?: number;
  users?: number;
}

export interface ExperimentPlan {
  usersPerVariant: number;
  totalUsers: number;
  days: number | null;
  power: number;
  mdeForUsers: { users: number; mde: number; power: number } | null;
  curve: { users: number; power: number }[];
  assumptions: string[];
}

/** A pilot as it is defined in opsloop.yaml. */
export interface PilotDefinition {
  name: string;
  title?: string;
  hypothesis?: string;
  owner?: string;
  kpi: string;
  by?: string;
  treated: string;
  controls: string[];
  changeDate: string;
  from?: string;
  to?: string;
  grain: "day" | "week";
  filter?: string;
  /** "log" compares percentage changes, "level" changes in the KPI's unit; chosen from the data when left out. */
  scale?: PilotScale;
  excludeWeekdays: PilotWeekday[];
}

export type PilotScale = "level" | "log";
export type PilotWeekday = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
export const PILOT_WEEKDAYS: PilotWeekday[] = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
];

export interface PilotPoint {
  date: string;
  treated: number | null;
  control: number | null;
  synthetic: number | null;
  effect: number | null;
  effectLow: number | null;
  effectHigh: number | null;
}

export interface PilotReport {
  pilot: PilotDefinition;
  /**
   * Scale the comparison ran on: "level" compares amounts, "log" percentage changes. Effects, intervals,
   * the series and the synthetic control's misfit (RMSPE) are in the KPI's unit either way; the pre-trend
   * slope is in log points per period under "log" (about the relative drift per period).
   */
  scale: PilotScale;
  kpi: { name: string; label: string; unit: string | null; better: Better };
  window: { from: string; to: string };
  periods: { pre: number; post: number };
  differenceInDifferences: {
    effect: number;
    relative: number;
    ci: [number, number];
    relativeCi: [number, number];
    pValue: number;
    method: string;
  };
  syntheticControl: {
    weights: { name: string; weight: number }[];
    preRmspe: number;
    postRmspe: number;
    effect: number;
    relative: number;
    ci: [number, number] | null;
    placebos: { name: string; ratio: number }[];
    pValue: number | null;
  };
  preTrend: { slope: number; ci: [number, number]; pValue: number; ok: boolean };
  series: PilotPoint[];
  warnings: string[];
  paragraph: string;
  seconds: number;
}

const experimentPath = (name: string) => `/api/experiments/${encodeURIComponent(name)}`;

export async function listExperiments(): Promise<ExperimentSummary[]> {
  return (await request<{ experiments: ExperimentSummary[] }>("/api/experiments")).experiments;
}

/** Lift, interval, p-value, chance to win, risk, the split check and the result in plain words. */
export function getExperimentResults(
  name: string,
  options: ExperimentResultsQuery = {},
): Promise<ExperimentResult> {
  return request<ExperimentResult>(
    `${experimentPath(name)}/results${query({
      engine: options.engine,
      sequential: options.sequential === undefined ? undefined : String(options.sequential),
      correction: options.correction,
      difference: options.difference,
    })}`,
  );
}

/** Users and days needed to find an effect, and the power curve. */
export function planExperiment(body: ExperimentPlanInput): Promise<ExperimentPlan> {
  return sendJson<ExperimentPlan>("POST", "/api/experiments/plan", body);
}

export async function listPilots(): Promise<PilotDefinition[]> {
  return (await request<{ pilots: PilotDefinition[] }>("/api/pilots")).pilots;
}

/** Difference in differences, synthetic control with placebos, the pre-trend check and warnings. */
export function getPilotResults(name: string): Promise<PilotReport> {
  return request<PilotReport>(`/api/pilots/${encodeURIComponent(name)}/results`);
}

/** An experiment's definition as saved in opsloop.yaml. */
export async function getExperiment(name: string): Promise<ExperimentDefinition> {
  return (await request<{ experiment: ExperimentDefinition }>(experimentPath(name))).experiment;
}

/**
 * Adds an experiment; the server checks it against its dataset (columns, metric expressions, KPIs) and
 * answers 409 when the name is taken. The body is sent as given, so a definition typed as YAML is
 * checked by the server as it is.
 */
export async function createExperiment(definition: unknown): Promise<ExperimentDefinition> {
  return (await sendJson<{ experiment: ExperimentDefinition }>("POST", "/api/experiments", definition))
    .experiment;
}

/** Replaces an experiment's definition; its name cannot change. */
export async function updateExperiment(name: string, definition: unknown): Promise<ExperimentDefinition> {
  return (await sendJson<{ experiment: ExperimentDefinition }>("PUT", experimentPath(name), definition))
    .experiment;
}

/** Removes an experiment from opsloop.yaml; its data stays. */
export function deleteExperiment(name: string): Promise<void> {
  return sendEmpty("DELETE", experimentPath(name));
}

const pilotPath = (name: string) => `/api/pilots/${encodeURIComponent(name)}`;

export async function getPilot(name: string): Promise<PilotDefinition> {
  return (await request<{ pilot: PilotDefinition }>(pilotPath(name))).pilot;
}

/** Adds or replaces a pilot; the server analyses it first and saves nothing when that fails. */
export async function savePilot(name: string, definition: unknown): Promise<PilotDefinition> {
  return (await sendJson<{ pilot: PilotDefinition }>("PUT", pilotPath(name), definition)).pilot;
}

export function deletePilot(name: string): Promise<void> {
  return sendEmpty("DELETE", pilotPath(name));
}

/** Analyses a pilot given in full, without saving it. */
export function analyzePilot(definition: unknown): Promise<PilotReport> {
  return sendJson<PilotReport>("POST", "/api/pilots/analyze", definition);
}

// ── Improvements ──────────────────────────────────────────────────────────────────────────────────────
// The improvement cycle: initiatives through PDCA or DMAIC with their evidence, measured result, ROI and
// history; the board and the cycle's figures; the learnings journal; suggestions; 5 Whys, fishbone and
// Pareto analyses (`/api/initiatives`, `/api/improvements`, `/api/journal`, `/api/suggestions`,
// `/api/rca`, `/api/pareto`). Every write names who makes it (X-Actor) and the version it was made on;
// a stale version is refused with 409 CONFLICT and the current record in `details.current`.

/** A versioned record as the server keeps it: initiatives, suggestions, analyses and saved Paretos. */
export interface StoredRecord<T> {
  kind: string;
  id: string;
  version: number;
  data: T;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export type ImprovementMethod = "pdca" | "dmaic";
export type InitiativeOutcome = "open" | "verified" | "not-verified" | "abandoned";
export type ClosingOutcome = Exclude<InitiativeOutcome, "open">;

export const IMPROVEMENT_STAGES: Record<ImprovementMethod, string[]> = {
  pdca: ["plan", "do", "check", "act"],
  dmaic: ["define", "measure", "analyze", "improve", "control"],
};

export const EVIDENCE_KINDS = [
  "process-finding",
  "pareto",
  "five-whys",
  "fishbone",
  "control-chart",
  "simulation",
  "experiment",
  "pilot",
  "kpi",
  "note",
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface Evidence {
  kind: EvidenceKind;
  /** An experiment or pilot name, a record id (P-2, W-1), a log or KPI name, a URL path. */
  ref: string;
  title?: string;
  note?: string;
}

export type ResultSource =
  | { kind: "experiment"; experiment: string; metric?: string; variant?: string }
  | { kind: "pilot"; pilot: string }
  | {
      kind: "pre-post";
      kpi: string;
      before: { from: string; to: string };
      after: { from: string; to: string };
    };

/** A result measured from the workspace's data, never typed in. */
export interface MeasuredResult {
  source: ResultSource;
  kpi: string;
  unit: string | null;
  before: number;
  after: number;
  change: number;
  /** Period the before and after figures are per; null when per unit (an experiment's per-user mean). */
  grain: KpiGrain | null;
  changeCi: [number, number];
  relative: number;
  relativeCi: [number, number];
  pValue: number | null;
  significant: boolean;
  better: boolean;
  method: string;
  checks: string[];
  summary: string;
  measuredAt: string;
}

export interface InitiativeBaseline {
  kpi: string;
  value: number;
  from: string;
  to: string;
  grain?: KpiGrain;
  periods?: number;
  unit: string | null;
  capturedAt: string;
}

export interface InitiativeCosts {
  oneOff: number;
  /** Per month. */
  running: number;
}

export interface InitiativeValue {
  perUnit: number;
  unitsPerMonth?: number;
  horizonMonths: number;
}

export interface Initiative {
  title: string;
  problem: string;
  area: string;
  owner: string;
  team: string[];
  /** The first is the main KPI. */
  kpis: string[];
  goal: string;
  baseline: InitiativeBaseline | null;
  method: ImprovementMethod;
  stage: string;
  outcome: InitiativeOutcome;
  hypothesis: string;
  change: string;
  costs: InitiativeCosts;
  expectedBenefit: string;
  value: InitiativeValue | null;
  start: string | null;
  due: string | null;
  evidence: Evidence[];
  result: MeasuredResult | null;
  learnings: string;
  suggestion: string | null;
  credit: string[];
  closedAt: string | null;
  ideaAt: string | null;
}

export type InitiativeRecord = StoredRecord<Initiative>;

/** Fields a new initiative may set; the rest have defaults. */
export type InitiativeInput = Partial<
  Omit<Initiative, "stage" | "outcome" | "result" | "baseline" | "closedAt" | "value">
> & { title: string; value?: (Partial<InitiativeValue> & { perUnit: number }) | null };

/** Fields to change; those left out stay, objects are replaced whole. */
export type InitiativeChanges = Partial<InitiativeInput>;

export interface Roi {
  benefit: number | null;
  benefitCi: [number, number] | null;
  cost: number;
  roi: number | null;
  roiCi: [number, number] | null;
  horizonMonths: number;
  unitsPerMonth: number | null;
  unitsFrom: "value" | "grain" | null;
  notes: string[];
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface HistoryEntry {
  kind: string;
  id: string;
  version: number;
  action: string;
  actor: string;
  at: string;
  changes: FieldChange[];
}

export interface InitiativeReport {
  initiative: InitiativeRecord;
  roi: Roi;
  history: HistoryEntry[];
}

export interface BoardCard {
  id: string;
  version: number;
  title: string;
  owner: string;
  area: string;
  kpi: string | null;
  method: ImprovementMethod;
  stage: string;
  outcome: InitiativeOutcome;
  start: string | null;
  due: string | null;
  closedAt: string | null;
  result: { summary: string; significant: boolean; better: boolean } | null;
  roi: { benefit: number | null; cost: number; roi: number | null } | null;
  updatedAt: string;
  updatedBy: string;
}

export interface ImprovementFilter {
  owner?: string | undefined;
  area?: string | undefined;
  kpi?: string | undefined;
}

export interface ImprovementBoard {
  filter: ImprovementFilter;
  methods: { method: ImprovementMethod; columns: { stage: string; initiatives: BoardCard[] }[] }[];
  closed: { outcome: ClosingOutcome; initiatives: BoardCard[] }[];
}

export interface ImprovementMetrics {
  initiatives: number;
  open: number;
  closed: number;
  /** Median days from the idea to its verified close. */
  learningRate: { medianDays: number | null; verified: number };
  verifiedShare: number | null;
  verifiedRoi: {
    initiatives: string[];
    benefit: number;
    benefitCi: [number, number];
    cost: number;
    roi: number | null;
    roiCi: [number, number] | null;
    notes: string[];
  };
  counts: {
    pdca: Record<string, number>;
    dmaic: Record<string, number>;
    closed: Record<ClosingOutcome, number>;
  };
}

export interface JournalQuery {
  text?: string | undefined;
  area?: string | undefined;
  kpi?: string | undefined;
  outcome?: ClosingOutcome | undefined;
}

export interface JournalEntry {
  id: string;
  title: string;
  area: string;
  owner: string;
  kpis: string[];
  outcome: ClosingOutcome;
  closedAt: string | null;
  problem: string;
  change: string;
  result: string | null;
  learnings: string;
}

export type SuggestionStatus = "new" | "triaged" | "converted" | "declined";
export type SuggestionSort = "votes" | "ice" | "rice" | "newest";

export interface Ice {
  impact: number;
  confidence: number;
  ease: number;
}

export interface Rice {
  reach: number;
  impact: number;
  confidence: number;
  effort: number;
}

export interface Suggestion {
  title: string;
  description: string;
  area: string;
  kpi: string | null;
  by: string;
  votes: string[];
  comments: { by: string; at: string; text: string }[];
  ice: Ice | null;
  rice: Rice | null;
  status: SuggestionStatus;
  initiative: string | null;
  declined: { reason: string; by: string; at: string } | null;
}

export type SuggestionRecord = StoredRecord<Suggestion>;

export interface RankedSuggestion extends SuggestionRecord {
  rank: number;
  scores: { votes: number; ice: number | null; rice: number | null };
}

export interface SuggestionInput {
  title: string;
  description?: string;
  area?: string;
  kpi?: string | null;
}

export const FISHBONE_CATEGORIES = [
  "people",
  "methods",
  "machines",
  "materials",
  "measurement",
  "environment",
] as const;
export type FishboneCategory = (typeof FISHBONE_CATEGORIES)[number];

export interface FiveWhys {
  problem: string;
  initiative: string | null;
  whys: { question: string; answer: string; evidence: Evidence | null }[];
  rootCause: string;
}

export interface Fishbone {
  problem: string;
  initiative: string | null;
  causes: { category: FishboneCategory; text: string; votes: string[]; evidence: Evidence | null }[];
  rootCause: number | null;
}

export type Analysis =
  | { kind: "five-whys"; record: StoredRecord<FiveWhys> }
  | { kind: "fishbone"; record: StoredRecord<Fishbone> };

export type AnalysisKind = Analysis["kind"];

/** One named change to an analysis. */
export type RcaAction =
  | { action: "add-why"; question: string; answer: string; evidence?: Evidence | null }
  | { action: "edit-why"; index: number; question?: string; answer?: string; evidence?: Evidence | null }
  | { action: "remove-why"; index: number }
  | { action: "add-cause"; category: FishboneCategory; text: string; evidence?: Evidence | null }
  | { action: "remove-cause"; index: number }
  | { action: "vote"; index: number; remove?: boolean }
  | { action: "root"; cause: string | number | null };

export interface FishbonePoint {
  x: number;
  y: number;
}

export interface FishboneLayout {
  problem: string;
  width: number;
  height: number;
  spine: { from: FishbonePoint; to: FishbonePoint };
  head: { x: number; y: number; width: number; height: number };
  bones: {
    category: FishboneCategory;
    label: string;
    side: "top" | "bottom";
    slot: number;
    tip: FishbonePoint;
    join: FishbonePoint;
    causes: {
      index: number;
      text: string;
      votes: number;
      voters: string[];
      root: boolean;
      evidence: Evidence | null;
      at: FishbonePoint;
      ribStart: FishbonePoint;
    }[];
  }[];
  rootCause: number | null;
  causeCount: number;
}

export interface ParetoRequest {
  dataset: string;
  by: string;
  weight?: string;
  where?: string;
  time?: string;
  from?: string;
  to?: string;
  top?: number;
}

export interface ParetoCategory {
  name: string;
  value: number;
  rows: number;
  share: number;
  cumulative: number;
  vital: boolean;
}

export interface ParetoResult {
  request: ParetoRequest;
  measure: { kind: "count" | "sum"; column: string | null; label: string };
  time: string | null;
  total: number;
  rows: number;
  categoryCount: number;
  categories: ParetoCategory[];
  others: { categories: number; value: number; rows: number; share: number } | null;
  vitalFew: string[];
  rule: string;
  summary: string;
  computedAt: string;
}

export interface SavedPareto {
  title: string;
  request: ParetoRequest;
  result: ParetoResult;
}

export type SavedParetoRecord = StoredRecord<SavedPareto>;

/** The record as it is now, sent with a 409 CONFLICT answer. */
export function conflictCurrent<T>(error: unknown): StoredRecord<T> | null {
  if (!(error instanceof ApiError) || error.code !== "CONFLICT") return null;
  const current = error.details.current;
  return isRecord(current) && typeof current.version === "number"
    ? (current as unknown as StoredRecord<T>)
    : null;
}

/**
 * The X-Actor header for a name. Header values are bytes: names in Latin-1 go as they are; others are
 * percent-encoded, which the suggestion and analysis routes decode.
 */
function actorHeader(actor: string): string {
  const name = actor.trim();
  return [...name].every((c) => (c.codePointAt(0) ?? 0) <= 0xff) ? name : encodeURIComponent(name);
}

/** A write made by someone: refused here, before it is sent, when nobody is named. */
function write<T>(actor: string, method: string, path: string, body?: unknown): Promise<T> {
  if (actor.trim() === "") {
    return Promise.reject(
      new ApiError(
        0,
        "NO_ACTOR",
        "Say who you are first: type your name in “You are” at the top of the page. Every change is recorded with its author.",
      ),
    );
  }
  return request<T>(path, {
    method,
    headers: {
      accept: "application/json",
      "x-actor": actorHeader(actor),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A write whose answer is the initiative as it now is. */
async function writeInitiative(
  actor: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<InitiativeRecord> {
  return (await write<{ initiative: InitiativeRecord }>(actor, method, path, body)).initiative;
}

const initiativePath = (id: string) => `/api/initiatives/${encodeURIComponent(id)}`;

export async function listInitiatives(filter: ImprovementFilter = {}): Promise<InitiativeRecord[]> {
  return (
    await request<{ initiatives: InitiativeRecord[] }>(
      `/api/initiatives${query({ owner: filter.owner, area: filter.area, kpi: filter.kpi })}`,
    )
  ).initiatives;
}

/** An initiative with its benefit, ROI and every change made to it. */
export function getInitiative(id: string): Promise<InitiativeReport> {
  return request<InitiativeReport>(initiativePath(id));
}

export async function createInitiative(actor: string, input: InitiativeInput): Promise<InitiativeRecord> {
  return (await write<{ initiative: InitiativeRecord }>(actor, "POST", "/api/initiatives", input)).initiative;
}

export async function updateInitiative(
  actor: string,
  id: string,
  version: number,
  changes: InitiativeChanges,
): Promise<InitiativeRecord> {
  return writeInitiative(actor, "PATCH", initiativePath(id), { version, changes });
}

/** Moves to `next`, `back` or a named stage; the server refuses a move its rules do not allow. */
export async function moveInitiativeStage(
  actor: string,
  id: string,
  version: number,
  to: string,
): Promise<InitiativeRecord> {
  return writeInitiative(actor, "POST", `${initiativePath(id)}/stage`, {
    version,
    to,
  });
}

export async function addInitiativeEvidence(
  actor: string,
  id: string,
  version: number,
  evidence: Evidence,
): Promise<InitiativeRecord> {
  return writeInitiative(actor, "POST", `${initiativePath(id)}/evidence`, {
    version,
    evidence,
  });
}

export async function removeInitiativeEvidence(
  actor: string,
  id: string,
  version: number,
  index: number,
): Promise<InitiativeRecord> {
  return writeInitiative(actor, "DELETE", `${initiativePath(id)}/evidence/${index}${query({ version })}`);
}

/** Measures the result from an experiment, a pilot or the KPI before and after. */
export async function recordInitiativeResult(
  actor: string,
  id: string,
  version: number,
  source: ResultSource,
): Promise<InitiativeRecord> {
  return writeInitiative(actor, "POST", `${initiativePath(id)}/result`, {
    version,
    source,
  });
}

export async function closeInitiative(
  actor: string,
  id: string,
  version: number,
  outcome: ClosingOutcome,
  learnings?: string,
): Promise<InitiativeRecord> {
  return writeInitiative(actor, "POST", `${initiativePath(id)}/close`, {
    version,
    outcome,
    ...(learnings === undefined ? {} : { learnings }),
  });
}

export async function reopenInitiative(
  actor: string,
  id: string,
  version: number,
): Promise<InitiativeRecord> {
  return writeInitiative(actor, "POST", `${initiativePath(id)}/reopen`, { version });
}

/** The initiative's A3 report: a print-ready HTML page, and the same as PDF. */
export function initiativeA3Url(id: string, pdf = false): string {
  return `${initiativePath(id)}/a3${pdf ? ".pdf" : ""}`;
}

export function getImprovementBoard(filter: ImprovementFilter = {}): Promise<ImprovementBoard> {
  return request<ImprovementBoard>(
    `/api/improvements/board${query({ owner: filter.owner, area: filter.area, kpi: filter.kpi })}`,
  );
}

export function getImprovementMetrics(filter: ImprovementFilter = {}): Promise<ImprovementMetrics> {
  return request<ImprovementMetrics>(
    `/api/improvements/metrics${query({ owner: filter.owner, area: filter.area, kpi: filter.kpi })}`,
  );
}

export async function searchJournal(q: JournalQuery = {}): Promise<JournalEntry[]> {
  return (
    await request<{ entries: JournalEntry[] }>(
      `/api/journal${query({ text: q.text, area: q.area, kpi: q.kpi, outcome: q.outcome })}`,
    )
  ).entries;
}

const suggestionPath = (id: string) => `/api/suggestions/${encodeURIComponent(id)}`;

export async function listSuggestions(
  sort: SuggestionSort = "votes",
  status?: SuggestionStatus,
): Promise<RankedSuggestion[]> {
  return (await request<{ suggestions: RankedSuggestion[] }>(`/api/suggestions${query({ sort, status })}`))
    .suggestions;
}

export async function addSuggestion(actor: string, input: SuggestionInput): Promise<SuggestionRecord> {
  return (await write<{ suggestion: SuggestionRecord }>(actor, "POST", "/api/suggestions", input)).suggestion;
}

/** Votes once per person; `remove` takes the vote back. */
export async function voteSuggestion(
  actor: string,
  id: string,
  version: number,
  remove = false,
): Promise<SuggestionRecord> {
  return (
    await write<{ suggestion: SuggestionRecord }>(actor, "POST", `${suggestionPath(id)}/vote`, {
      version,
      remove,
    })
  ).suggestion;
}

export async function commentOnSuggestion(
  actor: string,
  id: string,
  version: number,
  text: string,
): Promise<SuggestionRecord> {
  return (
    await write<{ suggestion: SuggestionRecord }>(actor, "POST", `${suggestionPath(id)}/comment`, {
      version,
      text,
    })
  ).suggestion;
}

export async function scoreSuggestion(
  actor: string,
  id: string,
  version: number,
  score: { ice?: Ice; rice?: Rice },
): Promise<SuggestionRecord> {
  return (
    await write<{ suggestion: SuggestionRecord }>(actor, "POST", `${suggestionPath(id)}/score`, {
      version,
      ...score,
    })
  ).suggestion;
}

export async function declineSuggestion(
  actor: string,
  id: string,
  version: number,
  reason: string,
): Promise<SuggestionRecord> {
  return (
    await write<{ suggestion: SuggestionRecord }>(actor, "POST", `${suggestionPath(id)}/decline`, {
      version,
      reason,
    })
  ).suggestion;
}

/** Turns a suggestion into an initiative that links back to it and credits who suggested it. */
export function convertSuggestion(
  actor: string,
  id: string,
  version: number,
  owner: string,
  method: ImprovementMethod = "pdca",
): Promise<{ suggestion: SuggestionRecord; initiative: InitiativeRecord }> {
  return write(actor, "POST", `${suggestionPath(id)}/convert`, { version, owner, method });
}

const rcaPath = (id: string) => `/api/rca/${encodeURIComponent(id)}`;

export async function listAnalyses(
  options: { kind?: AnalysisKind; initiative?: string } = {},
): Promise<Analysis[]> {
  return (await request<{ analyses: Analysis[] }>(`/api/rca${query(options)}`)).analyses;
}

/** Starts a 5 Whys analysis or a fishbone diagram. */
export function createAnalysis(
  actor: string,
  input: { kind: AnalysisKind; problem: string; initiative?: string | null },
): Promise<Analysis> {
  return write<Analysis>(actor, "POST", "/api/rca", input);
}

export function getAnalysis(id: string): Promise<Analysis & { history: HistoryEntry[] }> {
  return request<Analysis & { history: HistoryEntry[] }>(rcaPath(id));
}

/** One named change (add a why, add a cause, vote, choose the root cause …) at the version read. */
export function changeAnalysisBy(
  actor: string,
  id: string,
  version: number,
  action: RcaAction,
): Promise<Analysis> {
  return write<Analysis>(actor, "PATCH", rcaPath(id), { version, ...action });
}

/** Replaces fields of an analysis: problem, initiative, root cause; for 5 Whys also the chain. */
export function changeAnalysis(
  actor: string,
  id: string,
  version: number,
  changes: Record<string, unknown>,
): Promise<Analysis> {
  return write<Analysis>(actor, "PATCH", rcaPath(id), { version, changes });
}

/** A fishbone's diagram as geometry: the spine, six bones and each cause on its bone. */
export function getFishboneLayout(
  id: string,
): Promise<{ id: string; version: number; layout: FishboneLayout }> {
  return request(`${rcaPath(id)}/layout`);
}

/** Counts or sums per category, largest first, with the vital few; nothing is kept. */
export function runPareto(body: ParetoRequest): Promise<ParetoResult> {
  return sendJson<ParetoResult>("POST", "/api/pareto", body);
}

/** Runs a Pareto and keeps it as a record (P-n) that evidence can point at. */
export async function savePareto(
  actor: string,
  body: ParetoRequest,
  title?: string,
): Promise<SavedParetoRecord> {
  return (
    await write<{ pareto: SavedParetoRecord }>(actor, "POST", "/api/pareto", {
      ...body,
      save: true,
      ...(title ? { title } : {}),
    })
  ).pareto;
}

export async function listSavedParetos(): Promise<SavedParetoRecord[]> {
  return (await request<{ paretos: SavedParetoRecord[] }>("/api/pareto")).paretos;
}

export async function getSavedPareto(id: string): Promise<SavedParetoRecord> {
  return (await request<{ pareto: SavedParetoRecord }>(`/api/pareto/${encodeURIComponent(id)}`)).pareto;
}
