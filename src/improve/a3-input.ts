import type { Clock } from "../core/index.js";
import { evaluateKpi, findKpi } from "../kpi/index.js";
import type { Workspace } from "../workspace/index.js";
import { type A3Input, type ParetoView, renderA3 } from "./a3.js";
import type { Fishbone, FiveWhys } from "./improve.schema.js";
import { describeInitiative } from "./initiatives.js";
import { getPareto } from "./pareto.js";
import { getRecord, type StoredRecord } from "./records.js";

const DAY_MS = 86_400_000;

function shift(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The main KPI from 12 weeks before the start to the end of its result's window (or today). */
async function kpiSeries(
  workspace: Workspace,
  name: string | undefined,
  start: string | null,
  clock: Clock,
): Promise<A3Input["kpiSeries"]> {
  if (!name || !workspace.config.kpis.some((k) => k.name === name)) return null;
  const kpi = findKpi(workspace, name);
  const today = clock.now().toISOString().slice(0, 10);
  const from = shift(start ?? today, -84);
  // Twenty weeks after the start, or today when that is sooner (dates as text sort in time order).
  const [to] = [shift(start ?? today, 140), today].sort() as [string];
  try {
    const series = await evaluateKpi(workspace, kpi, { from, to: shift(to, 1) });
    return {
      label: kpi.label ?? kpi.name,
      unit: kpi.unit ?? null,
      points: series.points
        .filter((p) => !p.partial)
        .map((p) => ({ label: p.period.slice(0, 10), value: p.value })),
    };
  } catch {
    return null;
  }
}

/** Evidence records an initiative links to, read as they are now; links to removed records are skipped. */
async function linked<T>(
  workspace: Workspace,
  kind: "five-whys" | "fishbone",
  ids: string[],
): Promise<StoredRecord<T>[]> {
  const out: StoredRecord<T>[] = [];
  for (const id of ids) {
    const found = await getRecord<T>(workspace.store, kind, id).catch(() => null);
    if (found) out.push(found);
  }
  return out;
}

/** Gathers an initiative's A3: the record, its history, the KPI around it, ROI and linked analyses. */
export async function buildA3(workspace: Workspace, id: string, clock: Clock): Promise<string> {
  const { initiative, roi, history } = await describeInitiative(workspace, id);
  const refs = (kind: string) => initiative.data.evidence.filter((e) => e.kind === kind).map((e) => e.ref);
  const paretos: ParetoView[] = [];
  for (const ref of refs("pareto")) {
    const saved = await getPareto(workspace, ref).catch(() => null);
    if (!saved) continue;
    const result = saved.data.result;
    paretos.push({
      id: saved.id,
      title: saved.data.title,
      categories: result.categories.map((c) => ({ name: c.name, value: c.value, cumulative: c.cumulative })),
      vitalFew: result.vitalFew,
    });
  }
  const input: A3Input = {
    business: workspace.config.business.name,
    currency: workspace.config.business.currency,
    record: initiative,
    history,
    kpiSeries: await kpiSeries(workspace, initiative.data.kpis[0], initiative.data.start, clock),
    roi:
      roi.benefit !== null && roi.benefitCi !== null
        ? {
            benefit: { value: roi.benefit, ci: roi.benefitCi },
            cost: roi.cost,
            roi: roi.roi !== null && roi.roiCi !== null ? { value: roi.roi, ci: roi.roiCi } : null,
          }
        : null,
    paretos,
    whys: await linked<FiveWhys>(workspace, "five-whys", refs("five-whys")),
    fishbones: await linked<Fishbone>(workspace, "fishbone", refs("fishbone")),
    printedAt: clock.now().toISOString(),
  };
  return renderA3(input);
}
