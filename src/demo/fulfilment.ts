/**
 * Online-order fulfilment as a small discrete-event simulation. People come from the roster with
 * their shifts, ovens have the hours they are free of the counter bake, every station keeps a FIFO
 * queue, and the waiting times are whatever the queues produce. On Saturday mornings the counter
 * bake takes most of the oven while the weekend orders peak: the waits before Bake grow long.
 * Orders paid by bank transfer wait for the money before anything is baked, and a transfer that
 * arrives after the day's order cut-off is baked the next baking day: they are the slow orders.
 */

import type { Progress } from "../core/effects.js";
import {
  type DayPlan,
  deliveryOffered,
  orderingWindow,
  ovenWindows,
  PERIOD_DAYS,
  SHOP_COUNT,
  SHOP_IDS,
  shopDay,
} from "./business.js";
import { HOUR, localToEpoch, MINUTE, toLocal, weekdayOf } from "./calendar.js";
import { ByteFileWriter, csvField, encode, writeIsoLocal } from "./output.js";
import { type Categorical, makeCategorical, Random } from "./random.js";
import { BAKER, CLERK, DRIVER, PACKER, ROLES, type RosterBuilder } from "./roster.js";
import { CHANNELS, CUSTOMER_TYPES, type OrderBook } from "./web.js";

export const ACTIVITIES = [
  "Order received",
  "Payment received",
  "Bake",
  "Quality check",
  "Re-bake",
  "Pack",
  "Ship",
  "Hand over",
] as const;
const ORDER_RECEIVED = 0;
const PAYMENT_RECEIVED = 1;
const BAKE = 2;
const QUALITY_CHECK = 3;
const REBAKE = 4;
const PACK = 5;
const SHIP = 6;
const HAND_OVER = 7;

const OVEN = 4;
const ROLE_NAMES = [...ROLES, "baker"] as const;

const ACTIVITY_FIELDS = ACTIVITIES.map((a) => encode(`,${a},`));
const CHANNEL_SHOP_FIELDS = CHANNELS.flatMap((c) => SHOP_IDS.map((shop) => encode(`,${c},${shop},`)));
const CUSTOMER_TYPE_FIELDS = CUSTOMER_TYPES.map((t) => encode(`,${t},`));

function resource(name: string, role: string): Resource {
  return { name, role, field: encode(`,${csvField(name)},${role}`), busyUntil: 0, windows: [] };
}

const WEBSHOP = resource("webshop", "system");
const PAYMENT_PROVIDER = resource("payment-provider", "system");

/** Probability that a quality check fails: first check, later checks. */
export const QUALITY_FAILURE = { first: 0.065, again: 0.03, maxRebakes: 2 };
/** Delivery promise after payment. */
export const DELIVERY_PROMISE_MINUTES = 150;

/** How orders are paid; the column `payment_method` of the event log. */
export const PAYMENT_METHODS = ["ideal", "card", "bank-transfer"] as const;
const IDEAL = 0;
const BANK_TRANSFER = 2;
const PAYMENT_METHOD_FIELDS = PAYMENT_METHODS.map((m) => encode(m));

/**
 * Bank transfers: the share of orders paid that way per customer type (new, returning, business),
 * and when the money arrives. Nothing is baked before it has arrived; a transfer that arrives after
 * the web shop's order cut-off for the day is baked on the next day the shop bakes (and delivers,
 * for deliveries).
 */
export const BANK_TRANSFERS = {
  share: { new: 0.06, returning: 0.06, business: 0.42 },
  /** Hours from the order (or the end of the phone call) to the money on the account. */
  delayHours: { median: 2.5, sigma: 0.45, min: 1, max: 5 },
  /** Of the other orders, the share paid by card (the rest by iDEAL). */
  cardShareOfOthers: 0.25,
} as const;

/** The slow orders' definition: throughput time above this percentile of all orders. */
export const SLOW_PERCENTILE = 0.8;

interface Resource {
  name: string;
  role: string;
  /** ",name,role" pre-encoded for the output. */
  field: Uint8Array;
  busyUntil: number;
  /** Today's working windows as epoch-second pairs. */
  windows: number[];
}

/** Each order's payment method and, for bank transfers, seconds from the order to the money. */
interface Payments {
  method: Uint8Array;
  transferDelay: Int32Array;
}

/**
 * Payment methods drawn from their own stream, in order-number order, before the simulation: the
 * simulation's own draws do not depend on them. On the last day of the period bank transfer is not
 * offered (those orders pay by iDEAL): a transfer arriving after the cut-off would be baked after the
 * export, and every order in the log is complete.
 */
function drawPayments(seed: number, orders: OrderBook, lastDay: number): Payments {
  const rng = new Random(seed, "payment-method");
  const { share, delayHours, cardShareOfOthers } = BANK_TRANSFERS;
  const transferShare = [share.new, share.returning, share.business];
  const byType = transferShare.map((t) =>
    makeCategorical([(1 - t) * (1 - cardShareOfOthers), (1 - t) * cardShareOfOthers, t]),
  );
  const method = new Uint8Array(orders.count);
  const transferDelay = new Int32Array(orders.count);
  for (let o = 0; o < orders.count; o++) {
    const drawn = rng.categorical(byType[orders.customerType[o] as number] as Categorical);
    const hours = rng.lognormalMedian(delayHours.median, delayHours.sigma);
    const m = drawn === BANK_TRANSFER && orders.day[o] === lastDay ? IDEAL : drawn;
    method[o] = m;
    if (m === BANK_TRANSFER)
      transferDelay[o] = Math.round(Math.min(delayHours.max, Math.max(delayHours.min, hours)) * HOUR);
  }
  return { method, transferDelay };
}

interface Task {
  order: number;
  activity: number;
  duration: number;
  queuedAt: number;
}

interface Pool {
  members: Resource[];
  queue: Task[];
  head: number;
  lastEnd: number;
  lastMember: Resource | null;
}

interface CaseState {
  activities: number[];
  starts: number[];
  ends: number[];
  resources: Resource[];
  checks: number;
  rebakes: number;
  packed: boolean;
  arrived: boolean;
  arrivalAt: number;
  slotAt: number;
  bakeBase: number;
  handOverStart: number;
}

interface SimEvent {
  time: number;
  seq: number;
  kind: number;
  order: number;
  resource: Resource | null;
  task: Task | null;
  start: number;
  pool: Pool | null;
}

const ARRIVAL = 0;
const PAYMENT = 1;
const FINISH = 2;
const WAKE = 3;
const CUSTOMER = 4;
/** A bank-transfer order paid after the cut-off: planned at the start of a later baking day. */
const RELEASE = 5;

class EventQueue {
  private readonly heap: SimEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  peekTime(): number {
    return this.heap[0]?.time ?? Number.POSITIVE_INFINITY;
  }

  push(
    time: number,
    kind: number,
    order: number,
    resource: Resource | null = null,
    task: Task | null = null,
    start = 0,
    pool: Pool | null = null,
  ): void {
    const item: SimEvent = { time, seq: this.seq++, kind, order, resource, task, start, pool };
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as SimEvent;
      if (p.time < item.time || (p.time === item.time && p.seq < item.seq)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = item;
  }

  pop(): SimEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      const left = heap[l] as SimEvent;
      const right = heap[r];
      if (right && (right.time < left.time || (right.time === left.time && right.seq < left.seq))) c = r;
      const child = heap[c] as SimEvent;
      if (last.time < child.time || (last.time === child.time && last.seq < child.seq)) break;
      heap[i] = child;
      i = c;
    }
    heap[i] = last;
    return top;
  }
}

/** Waiting-time statistics of one group of cases (seconds). */
export class WaitStats {
  count = 0;
  total = 0;
  private readonly minutes: number[] = [];

  add(seconds: number): void {
    this.count++;
    this.total += seconds;
    this.minutes.push(seconds / 60);
  }

  summary(): { cases: number; meanMinutes: number; medianMinutes: number; p90Minutes: number } {
    const sorted = [...this.minutes].sort((a, b) => a - b);
    const q = (p: number): number =>
      sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) : 0;
    return {
      cases: this.count,
      meanMinutes: round1(this.count ? this.total / this.count / 60 : 0),
      medianMinutes: round1(q(0.5)),
      p90Minutes: round1(q(0.9)),
    };
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

export interface FulfilmentResult {
  rows: number;
  cases: number;
  reworkCases: number;
  qualityChecks: number;
  failedChecks: number;
  waits: { saturdayMorning: WaitStats; weekdayMorning: WaitStats; otherTimes: WaitStats };
  lateOrders: number;
  ovensPerShop: number;
  /** Bank-transfer orders, and those among them baked on a later day than they were paid. */
  bankTransfers: { orders: number; nextDay: number };
  slowCases: SlowCaseSummary;
}

/** One value of a case attribute: its orders, how many of them are slow, and the lift. */
export interface SlowSegment {
  attribute: string;
  value: string;
  orders: number;
  slowOrders: number;
  slowShare: number;
  /** Slow share of the segment ÷ slow share of all orders. */
  lift: number;
}

export interface SlowCaseSummary {
  orders: number;
  slowOrders: number;
  thresholdMinutes: number;
  /** Every value of every case attribute, highest lift first. */
  segments: SlowSegment[];
}

/** Basket-size buckets for the slow-case summary. */
export const BASKET_BUCKETS = [
  { label: "1-4", max: 4 },
  { label: "5-9", max: 9 },
  { label: "10-19", max: 19 },
  { label: "20+", max: Number.POSITIVE_INFINITY },
] as const;

const WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/**
 * Slow orders (throughput time above the 80th percentile, nearest rank) by case attribute:
 * channel, shop, customer type, basket size (bucketed), payment method and the weekday the order
 * was received.
 */
function summarizeSlowCases(
  orders: OrderBook,
  payments: Payments,
  throughput: Int32Array,
  receivedDay: Int32Array,
): SlowCaseSummary {
  const n = orders.count;
  const sorted = Int32Array.from(throughput.subarray(0, n)).sort();
  const threshold = n ? (sorted[Math.max(0, Math.ceil(SLOW_PERCENTILE * n) - 1)] as number) : 0;
  const attributes: [string, (o: number) => string][] = [
    ["channel", (o) => CHANNELS[orders.channel[o] as 0]],
    ["shop", (o) => SHOP_IDS[orders.shop[o] as 0]],
    ["customer_type", (o) => CUSTOMER_TYPES[orders.customerType[o] as 0]],
    [
      "basket_size",
      (o) => BASKET_BUCKETS.find((b) => (orders.basketSize[o] as number) <= b.max)?.label ?? "",
    ],
    ["payment_method", (o) => PAYMENT_METHODS[payments.method[o] as 0]],
    ["weekday", (o) => WEEKDAY_NAMES[weekdayOf(receivedDay[o] as number)] ?? ""],
  ];
  let slowOrders = 0;
  for (let o = 0; o < n; o++) if ((throughput[o] as number) > threshold) slowOrders++;
  const overall = n ? slowOrders / n : 0;
  const segments: SlowSegment[] = [];
  for (const [attribute, read] of attributes) {
    const counts = new Map<string, [number, number]>();
    for (let o = 0; o < n; o++) {
      const value = read(o);
      const c = counts.get(value) ?? [0, 0];
      c[0]++;
      if ((throughput[o] as number) > threshold) c[1]++;
      counts.set(value, c);
    }
    for (const [value, [count, slow]] of counts) {
      const share = slow / count;
      segments.push({
        attribute,
        value,
        orders: count,
        slowOrders: slow,
        slowShare: share,
        lift: overall ? share / overall : 0,
      });
    }
  }
  segments.sort((a, b) => b.lift - a.lift || b.orders - a.orders);
  return { orders: n, slowOrders, thresholdMinutes: threshold / 60, segments };
}

/** Ovens per shop: one per whole unit of scale (at least one). */
export function ovensPerShop(scale: number): number {
  return Math.max(1, Math.round(scale));
}

export async function simulateFulfilment(options: {
  seed: number;
  scale: number;
  plans: readonly DayPlan[];
  orders: OrderBook;
  roster: RosterBuilder;
  path: string;
  progress: Progress;
}): Promise<FulfilmentResult> {
  const { seed, scale, plans, orders, roster, path, progress } = options;
  const rng = new Random(seed, "fulfilment");
  const payments = drawPayments(seed, orders, plans.at(-1)?.index ?? -1);
  const throughput = new Int32Array(orders.count);
  const receivedDay = new Int32Array(orders.count);
  const firstDay = plans[0]?.dayNumber ?? 0;
  const out = new ByteFileWriter(path);
  out.ascii(
    "event_id,order_id,activity,started_at,completed_at,resource,role,channel,shop,basket_size,customer_type,payment_method\n",
  );
  const ovenCount = ovensPerShop(scale);

  const pools: Pool[][] = [];
  for (let shop = 0; shop < SHOP_COUNT; shop++) {
    pools.push(
      Array.from({ length: ROLE_NAMES.length }, () => ({
        members: [],
        queue: [],
        head: 0,
        lastEnd: 0,
        lastMember: null,
      })),
    );
  }
  const pool = (shop: number, role: number): Pool => {
    const value = pools[role === DRIVER ? 0 : shop]?.[role];
    if (!value) throw new RangeError(`no pool ${shop}/${role}`);
    return value;
  };
  const people = new Map<number, Resource>();
  const ovens: Resource[][] = [];
  for (let shop = 0; shop < SHOP_COUNT; shop++) {
    const list: Resource[] = [];
    for (let k = 0; k < ovenCount; k++) {
      list.push(resource(`oven-${shop * ovenCount + k + 1}`, "baker"));
    }
    ovens.push(list);
  }

  const events = new EventQueue();
  const rushed = new Uint8Array(orders.count);
  const cases = new Map<number, CaseState>();
  const result: FulfilmentResult = {
    rows: 0,
    cases: 0,
    reworkCases: 0,
    qualityChecks: 0,
    failedChecks: 0,
    waits: { saturdayMorning: new WaitStats(), weekdayMorning: new WaitStats(), otherTimes: new WaitStats() },
    lateOrders: 0,
    ovensPerShop: ovenCount,
    bankTransfers: { orders: 0, nextDay: 0 },
    slowCases: { orders: 0, slowOrders: 0, thresholdMinutes: 0, segments: [] },
  };
  let eventId = 0;

  const record = (order: number, activity: number, start: number, end: number, by: Resource): void => {
    const state = cases.get(order);
    if (!state) return;
    state.activities.push(activity);
    state.starts.push(start);
    state.ends.push(end);
    state.resources.push(by);
  };

  const available = (p: Pool, r: Resource, now: number): boolean => {
    if (r.busyUntil > now) return false;
    const w = r.windows;
    for (let i = 0; i < w.length; i += 2)
      if (now >= (w[i] as number) && now < (w[i + 1] as number)) return true;
    // Nobody goes home while orders are waiting: the last one on duty stays on.
    return p.lastMember === r && now >= p.lastEnd && now < p.lastEnd + 8 * HOUR;
  };

  const dispatch = (p: Pool, now: number): void => {
    while (p.head < p.queue.length) {
      let best: Resource | null = null;
      for (const r of p.members) {
        if (available(p, r, now) && (best === null || r.busyUntil < best.busyUntil)) best = r;
      }
      if (!best) break;
      const task = p.queue[p.head++] as Task;
      startTask(p, best, task, now);
    }
    if (p.head > 256 && p.head * 2 > p.queue.length) {
      p.queue.splice(0, p.head);
      p.head = 0;
    }
  };

  const bakeWaitClass = (paidAt: number): WaitStats => {
    const local = toLocal(paidAt);
    const weekday = weekdayOf(local.day);
    const morning = local.second >= 7 * HOUR && local.second < 12 * HOUR;
    if (morning && weekday === 5) return result.waits.saturdayMorning;
    if (morning && weekday < 5) return result.waits.weekdayMorning;
    return result.waits.otherTimes;
  };

  const startTask = (p: Pool, r: Resource, task: Task, now: number): void => {
    r.busyUntil = now + task.duration;
    const o = task.order;
    if (task.activity === BAKE)
      bakeWaitClass(orders.paidAt[o] as number).add(now - (orders.paidAt[o] as number));
    if (task.activity === PACK && now - task.queuedAt > 20 * MINUTE) rushed[o] = 1;
    if (task.activity === HAND_OVER) {
      const state = cases.get(o);
      if (state) state.handOverStart = now;
    }
    events.push(now + task.duration, FINISH, o, r, task, now, p);
  };

  const enqueue = (p: Pool, task: Task, now: number, front = false): void => {
    if (front) p.queue.splice(p.head, 0, task);
    else p.queue.push(task);
    dispatch(p, now);
  };

  const items = (o: number): number => orders.basketSize[o] as number;

  const finishCase = (o: number, now: number): void => {
    const state = cases.get(o);
    if (!state) return;
    orders.doneAt[o] = now;
    let late = 0;
    if (orders.delivery[o]) late = Math.max(0, now - (orders.dueAt[o] as number));
    else late = Math.max(0, state.handOverStart - state.arrivalAt);
    orders.lateMinutes[o] = Math.round(late / 60);
    if (late > 10 * MINUTE) result.lateOrders++;
    // Orders packed after waiting over 20 minutes were packed in a rush: more wrong items.
    orders.wrongItem[o] = rng.bernoulli(rushed[o] === 1 ? 0.035 : 0.012) ? 1 : 0;
    orders.rework[o] = state.rebakes;
    if (state.rebakes > 0) result.reworkCases++;
    const channelShop = CHANNEL_SHOP_FIELDS[
      (orders.channel[o] as number) * SHOP_COUNT + (orders.shop[o] as number)
    ] as Uint8Array;
    const customerType = CUSTOMER_TYPE_FIELDS[orders.customerType[o] as number] as Uint8Array;
    const paymentMethod = PAYMENT_METHOD_FIELDS[payments.method[o] as number] as Uint8Array;
    throughput[o] = now - (state.starts[0] as number);
    receivedDay[o] = toLocal(state.starts[0] as number).day;
    for (let k = 0; k < state.activities.length; k++) {
      eventId++;
      out.uint(eventId);
      out.char(44);
      out.char(79);
      out.padded(o + 1, 7);
      out.bytes(ACTIVITY_FIELDS[state.activities[k] as number] as Uint8Array);
      writeIsoLocal(out, state.starts[k] as number);
      out.char(44);
      writeIsoLocal(out, state.ends[k] as number);
      out.bytes((state.resources[k] as Resource).field);
      out.bytes(channelShop);
      out.uint(items(o));
      out.bytes(customerType);
      out.bytes(paymentMethod);
      out.endRow();
    }
    result.rows += state.activities.length;
    result.cases++;
    cases.delete(o);
  };

  const bakeSeconds = (o: number, factor: number): number =>
    Math.round((4 + 0.5 * Math.min(items(o), 30)) * MINUTE * rng.lognormal(0, 0.2) * factor);

  const onFinish = (e: SimEvent): void => {
    const task = e.task as Task;
    const r = e.resource as Resource;
    const o = task.order;
    const now = e.time;
    const shop = orders.shop[o] as number;
    const state = cases.get(o);
    if (!state) return;
    record(o, task.activity, e.start, now, r);
    switch (task.activity) {
      case ORDER_RECEIVED: {
        const delay = Math.round(Math.min(60 * MINUTE, rng.lognormalMedian(8 * MINUTE, 0.6)));
        events.push(now + paymentDelay(o, delay), PAYMENT, o);
        break;
      }
      case BAKE:
      case REBAKE:
        enqueue(
          pool(shop, BAKER),
          { order: o, activity: QUALITY_CHECK, duration: rng.intBetween(120, 300), queuedAt: now },
          now,
        );
        break;
      case QUALITY_CHECK: {
        result.qualityChecks++;
        const failure = state.checks === 0 ? QUALITY_FAILURE.first : QUALITY_FAILURE.again;
        state.checks++;
        if (state.rebakes < QUALITY_FAILURE.maxRebakes && rng.bernoulli(failure)) {
          result.failedChecks++;
          state.rebakes++;
          const duration = Math.round(state.bakeBase * 0.6 * rng.lognormal(0, 0.15));
          enqueue(pool(shop, OVEN), { order: o, activity: REBAKE, duration, queuedAt: now }, now, true);
        } else {
          const duration = Math.round((3 + 0.4 * Math.min(items(o), 40)) * MINUTE * rng.lognormal(0, 0.2));
          enqueue(pool(shop, PACKER), { order: o, activity: PACK, duration, queuedAt: now }, now);
        }
        break;
      }
      case PACK:
        if (orders.delivery[o]) {
          const duration = Math.round(Math.min(75, Math.max(12, rng.lognormalMedian(28, 0.3))) * MINUTE);
          enqueue(pool(shop, DRIVER), { order: o, activity: SHIP, duration, queuedAt: now }, now);
        } else {
          state.packed = true;
          if (state.arrived) {
            enqueue(
              pool(shop, CLERK),
              { order: o, activity: HAND_OVER, duration: rng.intBetween(60, 180), queuedAt: now },
              now,
            );
          }
        }
        break;
      case SHIP:
      case HAND_OVER:
        finishCase(o, now);
        break;
    }
    dispatch(e.pool as Pool, now);
  };

  /** Seconds from the order to the payment: the drawn delay, or the bank transfer's. */
  const paymentDelay = (o: number, delay: number): number =>
    payments.method[o] === BANK_TRANSFER ? (payments.transferDelay[o] as number) : delay;

  /**
   * When a bank transfer arrives after the day's order cut-off (the end of the web shop's ordering
   * window), the order waits for the first oven window of the next day its shop bakes (and delivers,
   * for a delivery). Null when it is handled today (and, should no later day bake, which the last
   * day's payment methods rule out).
   */
  const nextBakingStart = (o: number, now: number): number | null => {
    const local = toLocal(now);
    const index = local.day - firstDay;
    const today = plans[index];
    if (!today) return null;
    const window = orderingWindow(today);
    if (window && local.second < window.to) return null;
    const shop = orders.shop[o] as number;
    for (let d = index + 1; d < plans.length; d++) {
      const plan = plans[d] as DayPlan;
      const windows = ovenWindows(plan, shop);
      if (windows.length === 0 || (orders.delivery[o] && !deliveryOffered(plan))) continue;
      return localToEpoch(plan.dayNumber, (windows[0] as readonly [number, number])[0]);
    }
    return null;
  };

  const onPayment = (o: number, now: number): void => {
    const state = cases.get(o);
    if (!state) return;
    orders.paidAt[o] = now;
    record(o, PAYMENT_RECEIVED, now, now, PAYMENT_PROVIDER);
    if (payments.method[o] === BANK_TRANSFER) {
      result.bankTransfers.orders++;
      const release = nextBakingStart(o, now);
      if (release !== null) {
        result.bankTransfers.nextDay++;
        events.push(release, RELEASE, o);
        return;
      }
    }
    planOrder(o, now);
  };

  /** A paid order: its delivery promise or pick-up slot, and its Bake in the oven's queue. */
  const planOrder = (o: number, now: number): void => {
    const state = cases.get(o);
    if (!state) return;
    const shop = orders.shop[o] as number;
    if (orders.delivery[o]) {
      orders.dueAt[o] = now + DELIVERY_PROMISE_MINUTES * MINUTE;
    } else {
      const local = toLocal(now);
      const plan = plans[local.day - firstDay];
      const close = plan ? shopDay(plan, shop).closeSec : 17 * HOUR;
      let slot = local.second + rng.intBetween(75, 200) * MINUTE;
      slot = Math.ceil(slot / (15 * MINUTE)) * 15 * MINUTE;
      slot = Math.max(local.second + 45 * MINUTE, Math.min(slot, close - 15 * MINUTE));
      const slotAt = localToEpoch(local.day, slot);
      orders.dueAt[o] = slotAt;
      state.slotAt = slotAt;
      const arrival = slotAt + Math.round(Math.max(-15, Math.min(45, rng.normal(4, 8))) * MINUTE);
      events.push(Math.max(now + 60, arrival), CUSTOMER, o);
    }
    state.bakeBase = bakeSeconds(o, 1);
    enqueue(pool(shop, OVEN), { order: o, activity: BAKE, duration: state.bakeBase, queuedAt: now }, now);
  };

  const onArrival = (o: number, now: number): void => {
    cases.set(o, {
      activities: [],
      starts: [],
      ends: [],
      resources: [],
      checks: 0,
      rebakes: 0,
      packed: false,
      arrived: false,
      arrivalAt: 0,
      slotAt: 0,
      bakeBase: 0,
      handOverStart: 0,
    });
    if (orders.channel[o] === 0) {
      record(o, ORDER_RECEIVED, now, now, WEBSHOP);
      events.push(now + paymentDelay(o, rng.intBetween(15, 120)), PAYMENT, o);
    } else {
      const duration = rng.intBetween(120, 360);
      enqueue(
        pool(orders.shop[o] as number, CLERK),
        { order: o, activity: ORDER_RECEIVED, duration, queuedAt: now },
        now,
      );
    }
  };

  const onCustomer = (o: number, now: number): void => {
    const state = cases.get(o);
    if (!state) return;
    state.arrived = true;
    state.arrivalAt = now;
    if (state.packed) {
      enqueue(
        pool(orders.shop[o] as number, CLERK),
        { order: o, activity: HAND_OVER, duration: rng.intBetween(60, 180), queuedAt: now },
        now,
      );
    }
  };

  const runUntil = async (limit: number): Promise<void> => {
    while (events.size > 0 && events.peekTime() < limit) {
      const e = events.pop() as SimEvent;
      switch (e.kind) {
        case ARRIVAL:
          onArrival(e.order, e.time);
          break;
        case PAYMENT:
          onPayment(e.order, e.time);
          break;
        case FINISH:
          onFinish(e);
          break;
        case WAKE:
          dispatch(e.pool as Pool, e.time);
          break;
        case CUSTOMER:
          onCustomer(e.order, e.time);
          break;
        case RELEASE:
          planOrder(e.order, e.time);
          break;
      }
      if (out.full) await out.flush();
    }
  };

  const setupDay = (plan: DayPlan): void => {
    for (const shopPools of pools) {
      for (const p of shopPools) {
        p.members = [];
        p.lastEnd = 0;
        p.lastMember = null;
      }
    }
    const join = (p: Pool, r: Resource, windows: readonly (readonly [number, number])[]): void => {
      r.windows = [];
      for (const [from, to] of windows) {
        const start = localToEpoch(plan.dayNumber, from);
        const end = localToEpoch(plan.dayNumber, to);
        r.windows.push(start, end);
        events.push(start, WAKE, -1, null, null, 0, p);
        if (end >= p.lastEnd) {
          p.lastEnd = end;
          p.lastMember = r;
        }
      }
      p.members.push(r);
    };
    for (const shift of roster.shiftsFor(plan)) {
      let person = people.get(shift.employee.index);
      if (!person) {
        person = resource(shift.employee.name, ROLES[shift.role as 0]);
        people.set(shift.employee.index, person);
      }
      join(pool(shift.shop, shift.role), person, [[shift.start, shift.end]]);
    }
    for (let shop = 0; shop < SHOP_COUNT; shop++) {
      const windows = ovenWindows(plan, shop);
      if (windows.length === 0) continue;
      for (const oven of ovens[shop] ?? []) join(pool(shop, OVEN), oven, windows);
    }
    for (const shopPools of pools) {
      for (const p of shopPools) {
        if (p.lastMember) events.push(p.lastEnd, WAKE, -1, null, null, 0, p);
      }
    }
  };

  progress.start("order_events", PERIOD_DAYS);
  let next = 0;
  for (const plan of plans) {
    const dayStart = localToEpoch(plan.dayNumber, 0);
    await runUntil(dayStart);
    setupDay(plan);
    while (next < orders.count && (orders.day[next] as number) === plan.index) {
      events.push(orders.receivedAt[next] as number, ARRIVAL, next);
      next++;
    }
    progress.update(plan.index + 1, PERIOD_DAYS);
  }
  await runUntil(Number.POSITIVE_INFINITY);
  await out.close();
  progress.finish();
  if (cases.size > 0) throw new Error(`fulfilment simulation left ${cases.size} orders unfinished`);
  result.slowCases = summarizeSlowCases(orders, payments, throughput, receivedDay);
  return result;
}
