import type { Workspace } from "../workspace/index.js";
import { type Initiative, METHODS, type Method, OUTCOMES, STAGES, type Stage } from "./improve.schema.js";
import { type InitiativeRecord, listInitiatives, matchesFilter } from "./initiatives.js";
import type { ClosingOutcome, InitiativeFilter } from "./initiatives.schema.js";
import { initiativeRoi, type Roi, returnOnCost } from "./roi.js";

/**
 * The improvement board (open initiatives in their method's stages, closed ones by outcome) and the
 * figures of the improvement cycle as a whole: how fast ideas become verified results, how many of
 * the closed ones worked, and what the verified ones are worth together.
 */

const DAY_MS = 86_400_000;
const CLOSING = OUTCOMES.filter((o): o is ClosingOutcome => o !== "open");

export interface BoardCard {
  id: string;
  version: number;
  title: string;
  owner: string;
  area: string;
  kpi: string | null;
  method: Method;
  stage: string;
  outcome: Initiative["outcome"];
  start: string | null;
  due: string | null;
  closedAt: string | null;
  result: { summary: string; significant: boolean; better: boolean } | null;
  roi: Pick<Roi, "benefit" | "cost" | "roi"> | null;
  updatedAt: string;
  updatedBy: string;
}

export interface Board {
  filter: Pick<InitiativeFilter, "owner" | "area" | "kpi">;
  /** Open initiatives, one column per stage of each method. */
  methods: { method: Method; columns: { stage: Stage; initiatives: BoardCard[] }[] }[];
  /** Closed initiatives, one column per outcome. */
  closed: { outcome: ClosingOutcome; initiatives: BoardCard[] }[];
}

function card(record: InitiativeRecord): BoardCard {
  const d = record.data;
  const roi = initiativeRoi(d);
  return {
    id: record.id,
    version: record.version,
    title: d.title,
    owner: d.owner,
    area: d.area,
    kpi: d.kpis[0] ?? null,
    method: d.method,
    stage: d.stage,
    outcome: d.outcome,
    start: d.start,
    due: d.due,
    closedAt: d.closedAt,
    result: d.result
      ? { summary: d.result.summary, significant: d.result.significant, better: d.result.better }
      : null,
    roi: roi.benefit === null ? null : { benefit: roi.benefit, cost: roi.cost, roi: roi.roi },
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
  };
}

function boardFilter(filter: InitiativeFilter): Board["filter"] {
  return {
    ...(filter.owner !== undefined ? { owner: filter.owner } : {}),
    ...(filter.area !== undefined ? { area: filter.area } : {}),
    ...(filter.kpi !== undefined ? { kpi: filter.kpi } : {}),
  };
}

/** Groups initiatives into the board's columns, after the owner, area and KPI filters. */
export function arrangeBoard(records: readonly InitiativeRecord[], filter: InitiativeFilter = {}): Board {
  const only = boardFilter(filter);
  const shown = records.filter((r) => matchesFilter(r.data, only));
  const open = shown.filter((r) => r.data.outcome === "open");
  return {
    filter: only,
    methods: METHODS.map((method) => ({
      method,
      columns: STAGES[method].map((stage) => ({
        stage,
        initiatives: open.filter((r) => r.data.method === method && r.data.stage === stage).map(card),
      })),
    })),
    closed: CLOSING.map((outcome) => ({
      outcome,
      initiatives: shown.filter((r) => r.data.outcome === outcome).map(card),
    })),
  };
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export interface ImprovementMetrics {
  initiatives: number;
  open: number;
  closed: number;
  /** Median days from the idea (ideaAt, else when the initiative was created) to its verified close. */
  learningRate: { medianDays: number | null; verified: number };
  /** Verified share of the closed initiatives; null when none is closed. */
  verifiedShare: number | null;
  /**
   * Benefit and cost of the verified initiatives summed, and the ROI of the sums. The interval of
   * the sum treats the results as independent: each side's half-widths add in quadrature.
   */
  verifiedRoi: {
    initiatives: string[];
    benefit: number;
    benefitCi: [number, number];
    cost: number;
    roi: number | null;
    roiCi: [number, number] | null;
    notes: string[];
  };
  /** Open initiatives per method and stage; closed ones per outcome. */
  counts: {
    pdca: Record<string, number>;
    dmaic: Record<string, number>;
    closed: Record<ClosingOutcome, number>;
  };
}

/** The improvement cycle's figures over a set of initiatives. */
export function computeImprovementMetrics(records: readonly InitiativeRecord[]): ImprovementMetrics {
  const open = records.filter((r) => r.data.outcome === "open");
  const closed = records.filter((r) => r.data.outcome !== "open");
  const verified = closed.filter((r) => r.data.outcome === "verified");
  const days = verified
    .map((r) => {
      const from = Date.parse(r.data.ideaAt ?? r.createdAt);
      const to = Date.parse(r.data.closedAt ?? r.updatedAt);
      return (to - from) / DAY_MS;
    })
    .filter((d) => Number.isFinite(d));

  let benefit = 0;
  let cost = 0;
  let below = 0;
  let above = 0;
  const counted: string[] = [];
  const missing: string[] = [];
  for (const r of verified) {
    const roi = initiativeRoi(r.data);
    if (roi.benefit === null || roi.benefitCi === null) {
      missing.push(r.id);
      continue;
    }
    counted.push(r.id);
    benefit += roi.benefit;
    cost += roi.cost;
    below += (roi.benefit - roi.benefitCi[0]) ** 2;
    above += (roi.benefitCi[1] - roi.benefit) ** 2;
  }
  const benefitCi: [number, number] = [benefit - Math.sqrt(below), benefit + Math.sqrt(above)];
  const total = returnOnCost(benefit, benefitCi, cost);
  const notes: string[] = [];
  if (missing.length > 0) {
    notes.push(
      `Left out ${missing.join(", ")}: verified, but without a value per unit (or units per month) to count the benefit.`,
    );
  }
  if (counted.length > 0 && total.note) notes.push(total.note);

  const counts: ImprovementMetrics["counts"] = {
    pdca: Object.fromEntries(STAGES.pdca.map((s) => [s, 0])),
    dmaic: Object.fromEntries(STAGES.dmaic.map((s) => [s, 0])),
    closed: Object.fromEntries(CLOSING.map((o) => [o, 0])) as Record<ClosingOutcome, number>,
  };
  for (const r of open) {
    const column = counts[r.data.method];
    column[r.data.stage] = (column[r.data.stage] ?? 0) + 1;
  }
  for (const r of closed) counts.closed[r.data.outcome as ClosingOutcome] += 1;

  return {
    initiatives: records.length,
    open: open.length,
    closed: closed.length,
    learningRate: { medianDays: median(days), verified: verified.length },
    verifiedShare: closed.length > 0 ? verified.length / closed.length : null,
    verifiedRoi: {
      initiatives: counted,
      benefit,
      benefitCi,
      cost,
      roi: total.roi,
      roiCi: total.roiCi,
      notes,
    },
    counts,
  };
}

export async function readImprovementBoard(
  workspace: Workspace,
  filter: InitiativeFilter = {},
): Promise<Board> {
  return arrangeBoard(await listInitiatives(workspace), filter);
}

export async function readImprovementMetrics(
  workspace: Workspace,
  filter: InitiativeFilter = {},
): Promise<ImprovementMetrics> {
  return computeImprovementMetrics(await listInitiatives(workspace, filter));
}
