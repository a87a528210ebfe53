/**
 * The discrete-event kernel: runs one replication of a compiled model. Cases arrive, walk the
 * flow as tokens (one per parallel branch), queue for one unit of a pool (first come, first served,
 * or by priority), hold it for their drawn duration and release it. Pool capacities follow their
 * shift calendars: work in progress finishes when capacity drops; new work waits for a free unit.
 *
 * Statistics are collected over a window that opens when the first counted case arrives (after the
 * warm-up) and closes when the last counted case arrives (or at the horizon); counted cases are
 * followed until they finish.
 */
import { MINUTES_PER_WEEK, segmentAt, segmentEnd } from "./calendar.js";
import { OP_ACTIVITY, OP_CHOICE, OP_FORK, OP_GOTO, OP_LOOP, type Program } from "./compile.js";
import { EventQueue } from "./event-queue.js";
import { RandomStream } from "./random.js";

/** Instrumentation for tests: called on every case arrival, start of work and case end. */
export interface KernelHooks {
  onArrival?(caseId: number, time: number): void;
  onStart?(pool: number, busyAfter: number, capacity: number, time: number): void;
  onCaseEnd?(caseId: number, time: number): void;
}

export interface ReplicationOptions {
  seed: number;
  replication: number;
  /** Counted cases (after the warm-up); the run stops arriving after them. */
  cases?: number | undefined;
  /** Cases simulated first and not counted. */
  warmup?: number | undefined;
  /** Or: time simulated first; cases arriving before it are not counted. */
  warmupTime?: number | undefined;
  /** Stop at this time instead. */
  horizon?: number | undefined;
  /** Record every activity instance for an event log. */
  log?: boolean | undefined;
  hooks?: KernelHooks | undefined;
  /** Called now and then with the number of counted cases that have arrived. */
  onProgress?: ((arrived: number) => void) | undefined;
}

export interface ActivityRecords {
  count: number;
  caseIds: Int32Array;
  activities: Int32Array;
  starts: Float64Array;
  ends: Float64Array;
}

export interface ReplicationResult {
  events: number;
  endTime: number;
  /** All cases that arrived, warm-up included. */
  arrived: number;
  /** Counted cases that arrived. */
  counted: number;
  /** Counted cases that finished. */
  completed: number;
  /** Cases of any kind still in the system when the run stopped. */
  inSystemAtEnd: number;
  windowStart: number;
  windowEnd: number;
  /** Per finished counted case, in the model's time unit. */
  cycle: Float64Array;
  waiting: Float64Array;
  processing: Float64Array;
  /** Per activity, per instance in a counted case. */
  activityWaiting: Float64Array[];
  activityProcessing: Float64Array[];
  /** Per pool, over the window: unit-time busy and available. */
  poolBusy: Float64Array;
  poolAvailable: Float64Array;
  /** Time-average number of cases in the system over the window (L in Little's law). */
  meanInSystem: number;
  /** Counted arrivals per time unit over the window (λ). */
  arrivalRate: number;
  /** Cases finished per hour over the window. */
  throughputPerHour: number;
  /** Pool cost over the window (on the model's cost basis) and per counted case. */
  cost: number;
  costPerCase: number;
  records: ActivityRecords | null;
}

const EV_ARRIVAL = 0;
const EV_COMPLETE = 1;
const EV_CAPACITY = 2;
const EV_STOP = 3;

class Growable {
  data: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  toArray(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

function growF64(a: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> {
  const next = new Float64Array(size);
  next.set(a);
  return next;
}
function growI32(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(a);
  return next;
}

export function runReplication(program: Program, options: ReplicationOptions): ReplicationResult {
  const { ops, arg0, arg1 } = program;
  const seed = options.seed;
  const rep = options.replication;
  const hooks = options.hooks;
  const horizon = options.horizon ?? Number.POSITIVE_INFINITY;
  const warmupCases = options.warmup ?? 0;
  const warmupTime = options.warmupTime ?? 0;
  const casesWanted =
    options.cases ??
    (Number.isFinite(horizon) || program.arrivals.kind === "replay" ? Number.POSITIVE_INFINITY : 10_000);
  const minutesPerUnit = program.minutesPerUnit;
  const unitsPerHour = 60 / minutesPerUnit;
  const startMow = program.startMinuteOfWeek;

  // Streams: one per source of randomness, keyed by name, so scenarios share them.
  const arrivalStream = new RandomStream(seed, rep, "arrivals");
  const nActivities = program.activities.length;
  const actStream = program.activities.map((a) => new RandomStream(seed, rep, a.stream));
  const actSampler = program.activities.map((a) => a.sampler);
  const actPool = Int32Array.from(program.activities.map((a) => a.pool));
  const actPriority = Int32Array.from(program.activities.map((a) => a.priority));
  const choiceStream = program.choices.map((c) => new RandomStream(seed, rep, c.stream));
  const loopStream = program.loops.map((l) => new RandomStream(seed, rep, l.stream));
  const nLoops = program.loops.length;

  const queue = new EventQueue(1024);
  let now = 0;
  let events = 0;

  // Pools.
  const nPools = program.pools.length;
  const cap = new Int32Array(nPools);
  const busy = new Int32Array(nPools);
  const lastT = new Float64Array(nPools);
  const busyArea = new Float64Array(nPools);
  const capArea = new Float64Array(nPools);
  const capSegment = new Int32Array(nPools);
  // FIFO ring buffers, or a heap keyed by (−priority, arrival order) for pools with priorities.
  const ringHead = new Int32Array(nPools);
  const ringSize = new Int32Array(nPools);
  const rings: Int32Array[] = [];
  const prioQueues: (EventQueue | null)[] = [];
  for (let p = 0; p < nPools; p++) {
    const pool = program.pools[p];
    if (!pool) continue;
    rings.push(new Int32Array(64));
    prioQueues.push(pool.byPriority ? new EventQueue(64) : null);
    if (pool.steps) {
      const k = segmentAt(pool.steps, startMow % MINUTES_PER_WEEK);
      capSegment[p] = k;
      cap[p] = pool.steps.values[k] as number;
      const untilEnd = segmentEnd(pool.steps, k) - (startMow % MINUTES_PER_WEEK);
      queue.push(untilEnd / minutesPerUnit, (p << 2) | EV_CAPACITY);
    } else {
      cap[p] = pool.capacity;
    }
  }
  let prioSeq = 0;

  // Tokens (one per case, plus one per running parallel branch).
  let tokCap = 1024;
  let tCase = new Int32Array(tokCap);
  let tPc = new Int32Array(tokCap);
  let tParent = new Int32Array(tokCap);
  let tPending = new Int32Array(tokCap);
  let tAct = new Int32Array(tokCap);
  let tEnq = new Float64Array(tokCap);
  let tStart = new Float64Array(tokCap);
  let tDur = new Float64Array(tokCap);
  let tLoop = new Int32Array(tokCap * nLoops);
  let freeTokens = new Int32Array(tokCap);
  let freeCount = 0;
  let tokNext = 0;

  // Cases.
  const expected = Number.isFinite(casesWanted) ? Math.min(warmupCases + casesWanted + 1, 1 << 24) : 1024;
  let caseCap = Math.max(1024, expected);
  let cArrival = new Float64Array(caseCap);
  let cWait = new Float64Array(caseCap);
  let cProc = new Float64Array(caseCap);
  let cCounted = new Uint8Array(caseCap);
  let arrived = 0;
  let counted = 0;
  let completed = 0;
  let openCounted = 0;
  let inSystem = 0;
  let arrivalsDone = false;

  const cycle = new Growable(caseCap);
  const waiting = new Growable(caseCap);
  const processing = new Growable(caseCap);
  const actWaiting = Array.from({ length: nActivities }, () => new Growable(256));
  const actProcessing = Array.from({ length: nActivities }, () => new Growable(256));

  // Window statistics.
  let windowOpen = false;
  let windowStart = Number.NaN;
  let windowEnd = Number.NaN;
  let systemArea = 0;
  let systemLast = 0;
  let completionsInWindow = 0;

  // Event log.
  const logging = options.log === true;
  let recCap = logging ? 4096 : 0;
  let recCase = new Int32Array(recCap);
  let recAct = new Int32Array(recCap);
  let recStart = new Float64Array(recCap);
  let recEnd = new Float64Array(recCap);
  let recCount = 0;

  const touchPool = (p: number, t: number) => {
    if (windowOpen) {
      const dt = t - (lastT[p] as number);
      busyArea[p] = (busyArea[p] as number) + (busy[p] as number) * dt;
      capArea[p] = (capArea[p] as number) + (cap[p] as number) * dt;
    }
    lastT[p] = t;
  };
  const touchSystem = (t: number) => {
    if (windowOpen) systemArea += inSystem * (t - systemLast);
    systemLast = t;
  };
  const openWindow = (t: number) => {
    for (let p = 0; p < nPools; p++) lastT[p] = t;
    systemLast = t;
    windowStart = t;
    windowOpen = true;
  };
  const closeWindow = (t: number) => {
    if (!windowOpen) return;
    for (let p = 0; p < nPools; p++) touchPool(p, t);
    touchSystem(t);
    windowEnd = t;
    windowOpen = false;
  };

  const newToken = (caseId: number, parent: number, pc: number): number => {
    let tok: number;
    if (freeCount > 0) tok = freeTokens[--freeCount] as number;
    else {
      if (tokNext === tokCap) {
        tokCap *= 2;
        tCase = growI32(tCase, tokCap);
        tPc = growI32(tPc, tokCap);
        tParent = growI32(tParent, tokCap);
        tPending = growI32(tPending, tokCap);
        tAct = growI32(tAct, tokCap);
        tEnq = growF64(tEnq, tokCap);
        tStart = growF64(tStart, tokCap);
        tDur = growF64(tDur, tokCap);
        tLoop = growI32(tLoop, tokCap * nLoops);
        freeTokens = growI32(freeTokens, tokCap);
      }
      tok = tokNext++;
    }
    tCase[tok] = caseId;
    tPc[tok] = pc;
    tParent[tok] = parent;
    for (let l = 0; l < nLoops; l++) tLoop[tok * nLoops + l] = 0;
    return tok;
  };

  const begin = (tok: number, p: number, t: number) => {
    touchPool(p, t);
    const b = (busy[p] as number) + 1;
    busy[p] = b;
    if (hooks?.onStart) hooks.onStart(p, b, cap[p] as number, t);
    tStart[tok] = t;
    queue.push(t + (tDur[tok] as number), (tok << 2) | EV_COMPLETE);
  };

  const enqueue = (tok: number, p: number) => {
    const pq = prioQueues[p];
    if (pq) {
      pq.push(-(actPriority[tAct[tok] as number] as number) * 2 ** 40 + prioSeq++, tok);
      return;
    }
    let ring = rings[p] as Int32Array;
    const size = ringSize[p] as number;
    if (size === ring.length) {
      const bigger = new Int32Array(ring.length * 2);
      const head = ringHead[p] as number;
      for (let i = 0; i < size; i++) bigger[i] = ring[(head + i) % ring.length] as number;
      rings[p] = bigger;
      ring = bigger;
      ringHead[p] = 0;
    }
    ring[((ringHead[p] as number) + size) % ring.length] = tok;
    ringSize[p] = size + 1;
  };

  /** Starts queued work while the pool has free units. */
  const serveQueue = (p: number, t: number) => {
    const pq = prioQueues[p];
    if (pq) {
      while (pq.size > 0 && (busy[p] as number) < (cap[p] as number)) begin(pq.pop(), p, t);
      return;
    }
    while ((ringSize[p] as number) > 0 && (busy[p] as number) < (cap[p] as number)) {
      const ring = rings[p] as Int32Array;
      const head = ringHead[p] as number;
      const tok = ring[head] as number;
      ringHead[p] = head + 1 === ring.length ? 0 : head + 1;
      ringSize[p] = (ringSize[p] as number) - 1;
      begin(tok, p, t);
    }
  };

  const queued = (p: number): number => {
    const pq = prioQueues[p];
    return pq ? pq.size : (ringSize[p] as number);
  };

  const startActivity = (tok: number, a: number, t: number) => {
    const sampler = actSampler[a];
    tAct[tok] = a;
    tDur[tok] = sampler ? sampler(actStream[a] as RandomStream) : 0;
    tEnq[tok] = t;
    const p = actPool[a] as number;
    if (p < 0) {
      tStart[tok] = t;
      queue.push(t + (tDur[tok] as number), (tok << 2) | EV_COMPLETE);
    } else if ((busy[p] as number) < (cap[p] as number) && queued(p) === 0) {
      begin(tok, p, t);
    } else {
      enqueue(tok, p);
    }
  };

  const finishCase = (caseId: number, t: number) => {
    touchSystem(t);
    inSystem--;
    if (windowOpen) completionsInWindow++;
    if (cCounted[caseId] === 1) {
      openCounted--;
      completed++;
      cycle.push(t - (cArrival[caseId] as number));
      waiting.push(cWait[caseId] as number);
      processing.push(cProc[caseId] as number);
    }
    if (hooks?.onCaseEnd) hooks.onCaseEnd(caseId, t);
  };

  /** Moves a token along the flow until it starts an activity, waits at a join or ends. */
  const advance = (start: number, t: number) => {
    let tok = start;
    let pc = tPc[tok] as number;
    for (;;) {
      switch (ops[pc]) {
        case OP_ACTIVITY:
          tPc[tok] = pc + 1;
          startActivity(tok, arg0[pc] as number, t);
          return;
        case OP_GOTO:
          pc = arg0[pc] as number;
          break;
        case OP_CHOICE: {
          const choice = program.choices[arg0[pc] as number];
          if (!choice) return;
          const u = (choiceStream[arg0[pc] as number] as RandomStream).uniform();
          const cum = choice.cumulative;
          let j = 0;
          while (u >= (cum[j] as number)) j++;
          pc = choice.targets[j] as number;
          break;
        }
        case OP_LOOP: {
          const l = arg0[pc] as number;
          const loop = program.loops[l];
          if (!loop) return;
          const u = (loopStream[l] as RandomStream).uniform();
          const slot = tok * nLoops + l;
          const n = tLoop[slot] as number;
          if (n < loop.max && u < loop.p) {
            tLoop[slot] = n + 1;
            pc = pc + 1;
          } else {
            tLoop[slot] = 0;
            pc = arg1[pc] as number;
          }
          break;
        }
        case OP_FORK: {
          const fork = program.forks[arg0[pc] as number];
          if (!fork) return;
          const caseId = tCase[tok] as number;
          tPc[tok] = arg1[pc] as number;
          tPending[tok] = fork.starts.length;
          const parent = tok;
          for (let j = 0; j < fork.starts.length; j++) {
            const child = newToken(caseId, parent, fork.starts[j] as number);
            advance(child, t);
          }
          return;
        }
        default: {
          // End: a branch: a branch or the case is done.
          const parent = tParent[tok] as number;
          const caseId = tCase[tok] as number;
          freeTokens[freeCount++] = tok;
          if (parent < 0) {
            finishCase(caseId, t);
            return;
          }
          const left = (tPending[parent] as number) - 1;
          tPending[parent] = left;
          if (left > 0) return;
          tok = parent;
          pc = tPc[tok] as number;
        }
      }
    }
  };

  const complete = (tok: number, t: number) => {
    const a = tAct[tok] as number;
    const caseId = tCase[tok] as number;
    const wait = (tStart[tok] as number) - (tEnq[tok] as number);
    const dur = tDur[tok] as number;
    cWait[caseId] = (cWait[caseId] as number) + wait;
    cProc[caseId] = (cProc[caseId] as number) + dur;
    if (cCounted[caseId] === 1) {
      (actWaiting[a] as Growable).push(wait);
      (actProcessing[a] as Growable).push(dur);
    }
    if (logging) {
      if (recCount === recCap) {
        recCap *= 2;
        recCase = growI32(recCase, recCap);
        recAct = growI32(recAct, recCap);
        recStart = growF64(recStart, recCap);
        recEnd = growF64(recEnd, recCap);
      }
      recCase[recCount] = caseId;
      recAct[recCount] = a;
      recStart[recCount] = tStart[tok] as number;
      recEnd[recCount] = t;
      recCount++;
    }
    const p = actPool[a] as number;
    if (p >= 0) {
      touchPool(p, t);
      busy[p] = (busy[p] as number) - 1;
      serveQueue(p, t);
    }
    advance(tok, t);
  };

  // Arrivals.
  const arrivals = program.arrivals;
  const renewal = arrivals.kind === "renewal" ? arrivals.sampler : null;
  const shape = arrivals.kind === "calendar" ? arrivals.sampler : null;
  const rate = arrivals.rate;
  const replay = arrivals.replay;
  let replayIndex = 0;
  let rateSegment = rate ? segmentAt(rate, startMow % MINUTES_PER_WEEK) : 0;
  let rateWeek = 0;

  /** The next arrival time after `t`, or +∞ when there is none. */
  const nextArrival = (t: number): number => {
    if (renewal) return t + renewal(arrivalStream);
    if (replay)
      return replayIndex < replay.length ? (replay[replayIndex++] as number) : Number.POSITIVE_INFINITY;
    if (!rate) return Number.POSITIVE_INFINITY;
    // Inverse of the cumulative rate: walk the calendar's segments until a unit-mean gap is used up.
    let need = shape ? shape(arrivalStream) : -Math.log(arrivalStream.uniform());
    let m = startMow + t * minutesPerUnit - rateWeek * MINUTES_PER_WEEK;
    for (;;) {
      const end = segmentEnd(rate, rateSegment);
      const r = rate.values[rateSegment] as number;
      const room = r * (end - m);
      if (r > 0 && need <= room) {
        m += need / r;
        break;
      }
      need -= room > 0 ? room : 0;
      m = end;
      rateSegment++;
      if (rateSegment === rate.starts.length) {
        rateSegment = 0;
        rateWeek++;
        m -= MINUTES_PER_WEEK;
      }
    }
    return (m + rateWeek * MINUTES_PER_WEEK - startMow) / minutesPerUnit;
  };

  const totalWanted = warmupCases + casesWanted;
  const progressEvery = 65_536;
  const onProgress = options.onProgress;

  const arrive = (t: number) => {
    if (arrived === caseCap) {
      caseCap *= 2;
      cArrival = growF64(cArrival, caseCap);
      cWait = growF64(cWait, caseCap);
      cProc = growF64(cProc, caseCap);
      const c = new Uint8Array(caseCap);
      c.set(cCounted);
      cCounted = c;
    }
    const caseId = arrived++;
    cArrival[caseId] = t;
    cWait[caseId] = 0;
    cProc[caseId] = 0;
    const isCounted = caseId >= warmupCases && t >= warmupTime;
    if (isCounted) {
      if (!windowOpen && Number.isNaN(windowStart)) openWindow(t);
      counted++;
      openCounted++;
      cCounted[caseId] = 1;
      if (onProgress && (counted & (progressEvery - 1)) === 0) onProgress(counted);
    } else cCounted[caseId] = 0;
    touchSystem(t);
    inSystem++;
    if (hooks?.onArrival) hooks.onArrival(caseId, t);
    if (arrived >= totalWanted) {
      arrivalsDone = true;
      closeWindow(t);
    } else {
      const next = nextArrival(t);
      if (next <= horizon && Number.isFinite(next)) queue.push(next, EV_ARRIVAL);
      else arrivalsDone = true;
    }
    advance(newToken(caseId, -1, 0), t);
  };

  const first = nextArrival(0);
  if (Number.isFinite(first) && first <= horizon) queue.push(first, EV_ARRIVAL);
  else arrivalsDone = true;
  if (Number.isFinite(horizon)) queue.push(horizon, EV_STOP);

  while (queue.size > 0) {
    now = queue.peekTime();
    const payload = queue.pop();
    events++;
    const kind = payload & 3;
    if (kind === EV_COMPLETE) complete(payload >> 2, now);
    else if (kind === EV_ARRIVAL) arrive(now);
    else if (kind === EV_CAPACITY) {
      const p = payload >> 2;
      const pool = program.pools[p];
      if (!pool?.steps) continue;
      touchPool(p, now);
      const k = ((capSegment[p] as number) + 1) % pool.steps.starts.length;
      capSegment[p] = k;
      cap[p] = pool.steps.values[k] as number;
      serveQueue(p, now);
      queue.push(
        now + (segmentEnd(pool.steps, k) - (pool.steps.starts[k] as number)) / minutesPerUnit,
        payload,
      );
    } else {
      closeWindow(now);
      break;
    }
    if (arrivalsDone && openCounted === 0) break;
  }
  closeWindow(now);
  if (onProgress) onProgress(counted);

  const windowLength = windowEnd - windowStart;
  let costUnits = 0;
  for (let p = 0; p < nPools; p++) {
    const pool = program.pools[p];
    const area = program.model.costBasis === "busy" ? (busyArea[p] as number) : (capArea[p] as number);
    costUnits += (area / unitsPerHour) * (pool?.costPerHour ?? 0);
  }
  const countedInWindow = counted;
  return {
    events,
    endTime: now,
    arrived,
    counted,
    completed,
    inSystemAtEnd: inSystem,
    windowStart,
    windowEnd,
    cycle: cycle.toArray(),
    waiting: waiting.toArray(),
    processing: processing.toArray(),
    activityWaiting: actWaiting.map((g) => g.toArray()),
    activityProcessing: actProcessing.map((g) => g.toArray()),
    poolBusy: busyArea,
    poolAvailable: capArea,
    meanInSystem: windowLength > 0 ? systemArea / windowLength : 0,
    arrivalRate: windowLength > 0 ? (countedInWindow - 1) / windowLength : 0,
    throughputPerHour: windowLength > 0 ? (completionsInWindow / windowLength) * unitsPerHour : 0,
    cost: costUnits,
    costPerCase: countedInWindow > 0 ? costUnits / countedInWindow : 0,
    records: logging
      ? {
          count: recCount,
          caseIds: recCase.slice(0, recCount),
          activities: recAct.slice(0, recCount),
          starts: recStart.slice(0, recCount),
          ends: recEnd.slice(0, recCount),
        }
      : null,
  };
}
