import { getRows, type KpiSummary, listKpis, type PeriodValue } from "./api";
import { isPeriodComplete, wallClockTime } from "./format";

/** The name people read for a KPI: its label, or its name when it has none. */
export function kpiLabel(kpi: { name: string; label?: string | undefined }): string {
  return kpi.label ?? kpi.name;
}

/** The last moment a dataset has data in a time column (UTC wall clock), or null if unknown. */
export async function lastDataTime(dataset: string, time: string): Promise<number | null> {
  try {
    const page = await getRows(dataset, { offset: 0, limit: 1, sort: time, order: "desc" });
    return wallClockTime(page.rows[0]?.[time]);
  } catch {
    return null;
  }
}

export interface KpiWithData {
  kpi: KpiSummary;
  /** Last moment with data in the KPI's dataset, to tell a complete period from one still running. */
  lastData: number | null;
}

/** Every KPI with the last moment its data reaches: one small query per dataset and time column. */
export async function loadKpisWithData(): Promise<KpiWithData[]> {
  const kpis = await listKpis();
  const keys = [...new Set(kpis.map((k) => `${k.dataset}\u0000${k.time}`))];
  const times = await Promise.all(
    keys.map((key) => {
      const [dataset = "", time = ""] = key.split("\u0000");
      return lastDataTime(dataset, time);
    }),
  );
  const byKey = new Map(keys.map((key, i) => [key, times[i] ?? null]));
  return kpis.map((kpi) => ({ kpi, lastData: byKey.get(`${kpi.dataset}\u0000${kpi.time}`) ?? null }));
}

export interface Headline {
  /** The latest complete period, or the latest period when completeness is unknown. */
  latest: PeriodValue | null;
  /** The period before it. */
  previous: PeriodValue | null;
  /** The period still running after `latest`, if the data stops part-way through it. */
  running: PeriodValue | null;
}

/**
 * The value to show for a KPI: the latest period the data covers fully, compared with the one
 * before. A period still running (data that stops mid-week) is set aside, so it does not read as
 * a drop.
 */
export function headline(kpi: KpiSummary, lastData: number | null): Headline {
  const { latest, previous } = kpi;
  if (!latest || isPeriodComplete(latest.period, kpi.grain, lastData)) {
    return { latest, previous, running: null };
  }
  const line = kpi.sparkline;
  const at = line.findIndex((p) => p.period === latest.period);
  const before = at >= 1 ? line[at - 1] : previous;
  const beforeThat = at >= 2 ? line[at - 2] : null;
  return { latest: before ?? null, previous: beforeThat ?? null, running: latest };
}
