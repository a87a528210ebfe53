import { caseCount, type EventLog } from "../log/event-log.js";

export interface Rework {
  cases: number;
  casesWithRework: number;
  activities: { name: string; cases: number; share: number; extraOccurrences: number; secondsLost: number }[];
  /** Steps back: an edge into an activity the case has already done, with the cases that took it. */
  loops: { from: string; to: string; count: number; cases: number }[];
}

/**
 * Activities done more than once in a case. Time lost is, for each repeat, the time from the
 * previous step's completion to the repeat's completion.
 */
export function findRework(log: EventLog): Rework {
  const k = log.activities.length;
  const cases = caseCount(log);
  const affected = new Float64Array(k);
  const extra = new Float64Array(k);
  const lost = new Float64Array(k);
  const seenAt = new Int32Array(k).fill(-1);
  const repeatedAt = new Int32Array(k).fill(-1);
  const loops = new Map<number, { count: number; cases: number; lastCase: number }>();
  let withRework = 0;
  for (let c = 0; c < cases; c++) {
    const from = log.caseOffsets[c] as number;
    const to = log.caseOffsets[c + 1] as number;
    let reworked = false;
    for (let e = from; e < to; e++) {
      const a = log.activity[e] as number;
      if (seenAt[a] === c) {
        extra[a] = (extra[a] as number) + 1;
        if (e > from)
          lost[a] = (lost[a] as number) + Math.max(0, (log.time[e] as number) - (log.time[e - 1] as number));
        if (repeatedAt[a] !== c) {
          repeatedAt[a] = c;
          affected[a] = (affected[a] as number) + 1;
        }
        reworked = true;
        if (e > from) {
          const key = (log.activity[e - 1] as number) * k + a;
          const loop = loops.get(key) ?? { count: 0, cases: 0, lastCase: -1 };
          loop.count++;
          if (loop.lastCase !== c) {
            loop.cases++;
            loop.lastCase = c;
          }
          loops.set(key, loop);
        }
      }
      seenAt[a] = c;
    }
    if (reworked) withRework++;
  }
  const activities = log.activities
    .map((name, a) => ({
      name,
      cases: affected[a] as number,
      share: cases ? (affected[a] as number) / cases : 0,
      extraOccurrences: extra[a] as number,
      secondsLost: (lost[a] as number) / 1000,
    }))
    .filter((a) => a.cases > 0)
    .sort((x, y) => y.cases - x.cases || y.secondsLost - x.secondsLost);
  return {
    cases,
    casesWithRework: withRework,
    activities,
    loops: [...loops.entries()]
      .map(([key, loop]) => ({
        from: log.activities[Math.floor(key / k)] as string,
        to: log.activities[key % k] as string,
        count: loop.count,
        cases: loop.cases,
      }))
      .sort((x, y) => y.cases - x.cases || y.count - x.count),
  };
}
