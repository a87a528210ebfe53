import { caseCount, type EventLog } from "../log/event-log.js";
import { caseDuration, groupVariants } from "./variants.js";

export interface ValueStreamFigures {
  cases: number;
  /** Mean per case, seconds. */
  leadSeconds: number;
  valueAddingSeconds: number;
  nonValueAddingSeconds: number;
  waitingSeconds: number;
  /** Process cycle efficiency: value-adding time over lead time. */
  efficiency: number;
}

export interface ValueStream {
  valueAdding: string[];
  hasProcessingTimes: boolean;
  overall: ValueStreamFigures;
  variants: (ValueStreamFigures & { activities: string[] })[];
  activities: { name: string; valueAdding: boolean; processingSeconds: number }[];
}

/**
 * Splits each case's lead time into value-adding work (processing time of the activities marked as
 * adding value), non-value-adding work (processing time of the others) and waiting (the rest).
 * Without start times, processing time is unknown and all of the lead time counts as waiting.
 */
export function valueStream(log: EventLog, valueAdding: readonly string[]): ValueStream {
  const marked = new Uint8Array(log.activities.length);
  log.activities.forEach((name, a) => {
    if (valueAdding.includes(name)) marked[a] = 1;
  });
  const groups = groupVariants(log);
  const v = groups.cases.length;
  const sums = Array.from({ length: v }, () => ({ lead: 0, va: 0, nva: 0 }));
  const processing = new Float64Array(log.activities.length);
  const n = caseCount(log);
  for (let c = 0; c < n; c++) {
    const lead = caseDuration(log, c);
    let va = 0;
    let nva = 0;
    for (let e = log.caseOffsets[c] as number; e < (log.caseOffsets[c + 1] as number); e++) {
      const s = log.start ? (log.start[e] as number) : Number.NaN;
      if (Number.isNaN(s)) continue;
      const a = log.activity[e] as number;
      const p = Math.max(0, (log.time[e] as number) - s);
      processing[a] = (processing[a] as number) + p;
      if (marked[a]) va += p;
      else nva += p;
    }
    const sum = sums[groups.variantOf[c] as number] as { lead: number; va: number; nva: number };
    sum.lead += lead;
    sum.va += va;
    sum.nva += nva;
  }
  const figures = (cases: number, lead: number, va: number, nva: number): ValueStreamFigures => ({
    cases,
    leadSeconds: cases ? lead / cases / 1000 : 0,
    valueAddingSeconds: cases ? va / cases / 1000 : 0,
    nonValueAddingSeconds: cases ? nva / cases / 1000 : 0,
    waitingSeconds: cases ? Math.max(0, lead - va - nva) / cases / 1000 : 0,
    efficiency: lead > 0 ? va / lead : 0,
  });
  const total = sums.reduce((t, s) => ({ lead: t.lead + s.lead, va: t.va + s.va, nva: t.nva + s.nva }), {
    lead: 0,
    va: 0,
    nva: 0,
  });
  const order = [...sums.keys()].sort(
    (x, y) => (groups.cases[y] as number) - (groups.cases[x] as number) || x - y,
  );
  const present = new Uint8Array(log.activities.length);
  for (const a of log.activity) present[a] = 1;
  return {
    valueAdding: log.activities.filter((_, a) => marked[a] && present[a]),
    hasProcessingTimes: log.start !== null,
    overall: figures(n, total.lead, total.va, total.nva),
    variants: order.map((i) => {
      const s = sums[i] as { lead: number; va: number; nva: number };
      const c = groups.firstCase[i] as number;
      return {
        activities: Array.from(
          log.activity.subarray(log.caseOffsets[c] as number, log.caseOffsets[c + 1] as number),
          (a) => log.activities[a] as string,
        ),
        ...figures(groups.cases[i] as number, s.lead, s.va, s.nva),
      };
    }),
    activities: log.activities
      .map((name, a) => ({
        name,
        valueAdding: marked[a] === 1,
        processingSeconds: n ? (processing[a] as number) / n / 1000 : 0,
      }))
      .filter((_, a) => present[a] === 1),
  };
}
