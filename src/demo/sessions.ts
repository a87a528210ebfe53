/**
 * Web sessions with the checkout A/B test, and the orders they produce (plus phone orders), which go
 * into the order book in the order they are received.
 */

import type { Progress } from "../core/effects.js";
import { AB_TEST, type DayPlan, inRange, PERIOD_DAYS, ROLLOUT_FROM } from "./business.js";
import { amsterdamOffsetAtLocal, HOUR, localToEpoch } from "./calendar.js";
import { ByteFileWriter, dateBytes, encode, writeIsoLocal } from "./output.js";
import { makeCategorical, Random } from "./random.js";
import {
  assignVariant,
  type CustomerPool,
  checkoutSeconds,
  DEVICE_CONVERSION,
  DEVICES,
  type NewOrder,
  newOrderFor,
  type OrderBook,
  phoneOrderLevel,
  planWebDay,
  SOURCE_CONVERSION,
  SOURCES,
  TREATMENT_LIFT,
} from "./web.js";

export interface VariantStats {
  sessions: number;
  conversions: number;
  orderValueCents: number;
}

export interface SessionsResult {
  rows: number;
  orders: number;
  phoneOrders: number;
  control: VariantStats;
  treatment: VariantStats;
  /** Sessions and conversions after the rollout. */
  rollout: VariantStats;
  /** Sessions and conversions before the test. */
  before: VariantStats;
}

const PLUS_ONE = encode("+01:00");
const PLUS_TWO = encode("+02:00");
const DEVICE_FIELDS = DEVICES.map((d) => encode(`,${d}`));
const SOURCE_FIELDS = SOURCES.map((s) => encode(`,${s},`));
const EMPTY_VARIANT = encode("");
const CONTROL = encode("control");
const TREATMENT = encode("one-page-checkout");
const CONVERTED = encode(",true,");
const NOT_CONVERTED = encode(",false,");

/** Session ids: "S" and nine digits. */
export function sessionId(sequence: number): string {
  return `S${String(sequence).padStart(9, "0")}`;
}

/** New, returning and business customers among web orders. */
const WEB_CUSTOMER_TYPES = makeCategorical([0.3, 0.62, 0.08]);

function emptyStats(): VariantStats {
  return { sessions: 0, conversions: 0, orderValueCents: 0 };
}

export async function writeWebSessions(options: {
  seed: number;
  scale: number;
  plans: readonly DayPlan[];
  conversionBase: number;
  orders: OrderBook;
  customers: CustomerPool;
  path: string;
  progress: Progress;
}): Promise<SessionsResult> {
  const { seed, scale, plans, conversionBase, orders, customers, path, progress } = options;
  const out = new ByteFileWriter(path);
  out.ascii("session_id,started_at,device,source,variant,converted,order_value\n");
  const result: SessionsResult = {
    rows: 0,
    orders: 0,
    phoneOrders: 0,
    control: emptyStats(),
    treatment: emptyStats(),
    rollout: emptyStats(),
    before: emptyStats(),
  };
  let sessionSeq = 0;
  let times = new Int32Array(256);
  progress.start("web_sessions", PERIOD_DAYS);
  for (const plan of plans) {
    const rng = new Random(seed, "sessions", plan.index);
    const web = planWebDay(plan);
    const testing = inRange(plan.dayNumber, AB_TEST.from, AB_TEST.to);
    const rolledOut = plan.dayNumber >= ROLLOUT_FROM;
    const dayStart = localToEpoch(plan.dayNumber, 0);
    // On the two clock-change days the offset changes within the day; elsewhere it is fixed.
    const offsetAtMidnight = amsterdamOffsetAtLocal(plan.dayNumber, 0);
    const steadyOffset = offsetAtMidnight === amsterdamOffsetAtLocal(plan.dayNumber, 23 * HOUR);
    const offsetBytes = offsetAtMidnight === HOUR ? PLUS_ONE : PLUS_TWO;
    const date = dateBytes(plan.dayNumber);
    const dayOrders: NewOrder[] = [];
    for (let h = 0; h < 24; h++) {
      const expected = (web.hourly[h] ?? 0) * scale;
      if (expected === 0) continue;
      const n = rng.poisson(expected);
      if (n === 0) continue;
      if (times.length < n) times = new Int32Array(n * 2);
      for (let i = 0; i < n; i++) times[i] = h * HOUR + rng.int(HOUR);
      const hourTimes = times.subarray(0, n).sort();
      for (let i = 0; i < n; i++) {
        const second = hourTimes[i] as number;
        sessionSeq++;
        const device = rng.categorical(web.devices);
        const source = rng.categorical(web.sources);
        const variant = testing ? assignVariant(sessionId(sessionSeq)) : "";
        const treated = variant === "one-page-checkout" || rolledOut;
        const open = web.window !== null && second >= web.window.from && second < web.window.to;
        const probability = open
          ? conversionBase *
            (DEVICE_CONVERSION[device as 0] ?? 1) *
            (SOURCE_CONVERSION[source as 0] ?? 1) *
            web.conversionFactor *
            (treated ? TREATMENT_LIFT : 1)
          : 0;
        const converted = rng.next() < probability;
        const stats = testing
          ? variant === "control"
            ? result.control
            : result.treatment
          : rolledOut
            ? result.rollout
            : result.before;
        const epoch = steadyOffset ? dayStart + second : localToEpoch(plan.dayNumber, second);
        let value = -1;
        if (converted && web.window) {
          const closesAt = localToEpoch(plan.dayNumber, web.window.to) - 30;
          const receivedAt = Math.min(closesAt, epoch + checkoutSeconds(rng));
          const customerType = rng.categorical(WEB_CUSTOMER_TYPES);
          const order = newOrderFor(rng, plan, seed, receivedAt, 0, customerType, customers);
          dayOrders.push(order);
          value = order.valueCents;
          stats.conversions++;
          stats.orderValueCents += order.valueCents;
        }
        stats.sessions++;
        out.char(83);
        out.padded(sessionSeq, 9);
        out.char(44);
        if (steadyOffset) {
          out.bytes(date);
          out.char(84);
          out.timeOfDay(second);
          out.bytes(offsetBytes);
        } else {
          writeIsoLocal(out, epoch);
        }
        out.bytes(DEVICE_FIELDS[device] as Uint8Array);
        out.bytes(SOURCE_FIELDS[source] as Uint8Array);
        out.bytes(variant === "" ? EMPTY_VARIANT : variant === "control" ? CONTROL : TREATMENT);
        out.bytes(converted ? CONVERTED : NOT_CONVERTED);
        if (value >= 0) out.cents(value);
        out.endRow();
        if (out.full) await out.flush();
      }
    }
    // Phone orders: offices ordering lunch and treats, 08:00–14:00 (Saturdays until 12:00).
    const phoneCalls = rng.poisson(phoneOrderLevel(plan) * scale);
    const phoneUntil = plan.weekday === 5 ? 12 * HOUR : 14 * HOUR;
    for (let i = 0; i < phoneCalls; i++) {
      const second = 8 * HOUR + rng.int(phoneUntil - 8 * HOUR);
      const customerType = rng.bernoulli(0.65) ? 2 : 1;
      dayOrders.push(
        newOrderFor(rng, plan, seed, localToEpoch(plan.dayNumber, second), 1, customerType, customers),
      );
      result.phoneOrders++;
    }
    dayOrders.sort((a, b) => a.receivedAt - b.receivedAt || a.channel - b.channel);
    for (const order of dayOrders) orders.add(order);
    result.orders += dayOrders.length;
    progress.update(plan.index + 1, PERIOD_DAYS);
    if (out.full) await out.flush();
  }
  await out.close();
  progress.finish();
  result.rows = out.rows;
  return result;
}
