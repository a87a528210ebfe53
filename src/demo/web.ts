/**
 * The web shop: sessions with the checkout A/B test, and the online and phone orders that come out
 * of them. Orders are kept in a compact column store (typed arrays) for the fulfilment simulation,
 * the sales lines of web orders, tickets and ratings.
 */

import {
  AB_TEST,
  type DayPlan,
  deliveryOffered,
  inRange,
  lineDiscount,
  linePromotion,
  type MixConditions,
  OVEN_FAILURE,
  orderingWindow,
  PRODUCTS,
  priceOn,
  seasonality,
  shopDay,
  trend,
  WEB_TREND_PER_YEAR,
  webMix,
} from "./business.js";
import { HOUR, isNonexistentLocalTime, MINUTE } from "./calendar.js";
import { type Categorical, fnv1a32, makeCategorical, Random } from "./random.js";

export const DEVICES = ["mobile", "desktop", "tablet"] as const;
const DEVICE_CONVERSION = [0.85, 1.35, 1.0] as const;
export const SOURCES = ["direct", "organic", "social", "email", "paid"] as const;
const SOURCE_WEIGHTS = [0.3, 0.3, 0.18, 0.05, 0.17] as const;
const SOURCE_WEIGHTS_NEWSLETTER = [0.26, 0.26, 0.15, 0.2, 0.13] as const;
const SOURCE_CONVERSION = [1.3, 1.0, 0.6, 1.5, 0.8] as const;

export const CUSTOMER_TYPES = ["new", "returning", "business"] as const;
export const CHANNELS = ["web", "phone"] as const;

/** Web sessions per day at the start of the period (scale 1, average weekday). */
export const WEB_BASE_SESSIONS = 1000;
const WEB_WEEKDAY = [1.0, 0.95, 0.95, 1.0, 1.15, 1.3, 0.9] as const;
const WEB_HOURS = [
  0.15, 0.08, 0.05, 0.04, 0.05, 0.15, 0.55, 1.05, 1.3, 1.15, 1.0, 0.95, 1.0, 0.9, 0.8, 0.75, 0.75, 0.8, 0.9,
  1.1, 1.2, 1.05, 0.7, 0.35,
] as const;
/** Saturday mornings: people order breakfast and cakes for the weekend. */
const WEB_SATURDAY_MORNING: Record<number, number> = { 7: 1.3, 8: 1.5, 9: 1.4, 10: 1.2, 11: 1.1 };
const CONVERSION_BY_WEEKDAY = [1.0, 1.0, 1.0, 1.0, 1.05, 1.25, 1.1] as const;
/** Relative conversion of the one-page checkout (the A/B effect), from AB_TEST. */
export const TREATMENT_LIFT = AB_TEST.treatmentConversion / AB_TEST.controlConversion;

/** The A/B assignment: FNV-1a (32-bit) of the session id, modulo 100, below 50 is control. */
export function assignVariant(sessionId: string): "control" | "one-page-checkout" {
  return fnv1a32(sessionId) % 100 < 50 ? "control" : "one-page-checkout";
}

export interface WebDay {
  /** Expected sessions per local hour at scale 1. */
  hourly: Float64Array;
  window: { from: number; to: number } | null;
  conversionFactor: number;
  devices: Categorical;
  sources: Categorical;
  newsletter: boolean;
  /** Expected device × source conversion factor of a session. */
  meanMix: number;
}

function isNewsletterDay(plan: DayPlan): boolean {
  const dayOfMonth = Number(plan.date.slice(8, 10));
  return plan.weekday === 3 && dayOfMonth <= 7;
}

export function planWebDay(plan: DayPlan): WebDay {
  const t = plan.index / 730;
  const mobile = 0.58 + 0.08 * t;
  const deviceWeights = [mobile, (1 - mobile) * 0.78, (1 - mobile) * 0.22];
  const newsletter = isNewsletterDay(plan);
  const sourceWeights = newsletter ? SOURCE_WEIGHTS_NEWSLETTER : SOURCE_WEIGHTS;
  let holiday = 1;
  if (plan.holiday?.closed) holiday = 0.5;
  else if (plan.holiday?.closeSec) holiday = 1.4;
  const level =
    WEB_BASE_SESSIONS *
    trend(plan.dayNumber, WEB_TREND_PER_YEAR) *
    seasonality(0, plan.dayNumber) *
    (WEB_WEEKDAY[plan.weekday as 0] ?? 1) *
    holiday *
    (newsletter ? 1.25 : 1);
  let norm = 0;
  for (const w of WEB_HOURS) norm += w;
  const hourly = new Float64Array(24);
  for (let h = 0; h < 24; h++) {
    if (isNonexistentLocalTime(plan.dayNumber, h * HOUR)) continue;
    const boost = plan.weekday === 5 ? (WEB_SATURDAY_MORNING[h] ?? 1) : 1;
    hourly[h] = (level * (WEB_HOURS[h] ?? 0) * boost) / norm;
  }
  let meanDevice = 0;
  let deviceTotal = 0;
  deviceWeights.forEach((w, i) => {
    meanDevice += w * (DEVICE_CONVERSION[i as 0] ?? 1);
    deviceTotal += w;
  });
  let meanSource = 0;
  let sourceTotal = 0;
  sourceWeights.forEach((w, i) => {
    meanSource += w * (SOURCE_CONVERSION[i as 0] ?? 1);
    sourceTotal += w;
  });
  return {
    hourly,
    window: orderingWindow(plan),
    conversionFactor: CONVERSION_BY_WEEKDAY[plan.weekday as 0] ?? 1,
    devices: makeCategorical(deviceWeights),
    sources: makeCategorical([...sourceWeights]),
    newsletter,
    meanMix: (meanDevice / deviceTotal) * (meanSource / sourceTotal),
  };
}

/** Share of an hour [h, h+1) inside the ordering window. */
function windowShare(window: { from: number; to: number } | null, hour: number): number {
  if (!window) return 0;
  const from = Math.max(window.from, hour * HOUR);
  const to = Math.min(window.to, (hour + 1) * HOUR);
  return to > from ? (to - from) / HOUR : 0;
}

/**
 * Expected conversion per session on a day for a conversion base of 1 (before the base constant):
 * sessions outside the ordering window cannot order.
 */
export function expectedConversionShape(web: WebDay): { sessions: number; conversions: number } {
  let sessions = 0;
  let conversions = 0;
  for (let h = 0; h < 24; h++) {
    const s = web.hourly[h] ?? 0;
    sessions += s;
    conversions += s * windowShare(web.window, h) * web.conversionFactor * web.meanMix;
  }
  return { sessions, conversions };
}

/**
 * The base conversion constant, calibrated so that control sessions in the A/B test period convert at
 * exactly AB_TEST.controlConversion in expectation (over all sessions, at any hour).
 */
export function calibrateConversionBase(plans: readonly DayPlan[]): number {
  let sessions = 0;
  let conversions = 0;
  for (const plan of plans) {
    if (!inRange(plan.dayNumber, AB_TEST.from, AB_TEST.to)) continue;
    const shape = expectedConversionShape(planWebDay(plan));
    sessions += shape.sessions;
    conversions += shape.conversions;
  }
  return (AB_TEST.controlConversion * sessions) / conversions;
}

// ---------------------------------------------------------------------------------------------
// Orders

export interface BasketLine {
  product: number;
  quantity: number;
  unitPrice: number;
  discount: number;
  amount: number;
  promotion: string;
}

export interface Basket {
  lines: BasketLine[];
  items: number;
  totalCents: number;
}

/** The products in an order, drawn from its own seed so that every pass sees the same basket. */
export function drawBasket(
  seed: number,
  basketSeed: number,
  customerType: number,
  conditions: MixConditions,
  dayNumber: number,
): Basket {
  const rng = new Random(seed, "basket", basketSeed);
  const items = customerType === 2 ? 8 + rng.poisson(14) : 2 + rng.poisson(3);
  const distinct = Math.min(items, 1 + rng.poisson(0.5 + items / 5), 10);
  const mix = webMix(conditions);
  const chosen: number[] = [];
  for (let attempt = 0; chosen.length < distinct && attempt < 40; attempt++) {
    const p = rng.categorical(mix.categorical);
    if (!chosen.includes(p)) chosen.push(p);
  }
  const quantities = chosen.map(() => 1);
  for (let rest = items - chosen.length; rest > 0; rest--) {
    const i = rng.int(chosen.length);
    quantities[i] = (quantities[i] ?? 0) + 1;
  }
  const lines: BasketLine[] = [];
  let totalCents = 0;
  chosen.forEach((productIndex, i) => {
    const product = PRODUCTS[productIndex];
    if (!product) return;
    const quantity = quantities[i] ?? 1;
    const unitPrice = priceOn(productIndex, dayNumber);
    const discount = lineDiscount(product, quantity, unitPrice, conditions);
    const amount = quantity * unitPrice - discount;
    totalCents += amount;
    lines.push({
      product: productIndex,
      quantity,
      unitPrice,
      discount,
      amount,
      promotion: linePromotion(product, conditions),
    });
  });
  return { lines, items, totalCents };
}

/** Orders of the two years as columns; index = order number - 1. */
export class OrderBook {
  count = 0;
  day = new Int16Array(0);
  receivedAt = new Int32Array(0);
  channel = new Uint8Array(0);
  customerType = new Uint8Array(0);
  shop = new Uint8Array(0);
  delivery = new Uint8Array(0);
  basketSeed = new Uint32Array(0);
  basketSize = new Uint16Array(0);
  valueCents = new Int32Array(0);
  customer = new Int32Array(0);
  /** Filled in by the fulfilment simulation. */
  paidAt = new Int32Array(0);
  doneAt = new Int32Array(0);
  dueAt = new Int32Array(0);
  lateMinutes = new Int32Array(0);
  wrongItem = new Uint8Array(0);
  rework = new Uint8Array(0);

  constructor(capacity = 1024) {
    this.grow(capacity);
  }

  private grow(capacity: number): void {
    const resize = <T extends Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array>(
      array: T,
      make: (n: number) => T,
    ): T => {
      const next = make(capacity);
      next.set(array.subarray(0, this.count) as never);
      return next;
    };
    this.day = resize(this.day, (n) => new Int16Array(n));
    this.receivedAt = resize(this.receivedAt, (n) => new Int32Array(n));
    this.channel = resize(this.channel, (n) => new Uint8Array(n));
    this.customerType = resize(this.customerType, (n) => new Uint8Array(n));
    this.shop = resize(this.shop, (n) => new Uint8Array(n));
    this.delivery = resize(this.delivery, (n) => new Uint8Array(n));
    this.basketSeed = resize(this.basketSeed, (n) => new Uint32Array(n));
    this.basketSize = resize(this.basketSize, (n) => new Uint16Array(n));
    this.valueCents = resize(this.valueCents, (n) => new Int32Array(n));
    this.customer = resize(this.customer, (n) => new Int32Array(n));
    this.paidAt = resize(this.paidAt, (n) => new Int32Array(n));
    this.doneAt = resize(this.doneAt, (n) => new Int32Array(n));
    this.dueAt = resize(this.dueAt, (n) => new Int32Array(n));
    this.lateMinutes = resize(this.lateMinutes, (n) => new Int32Array(n));
    this.wrongItem = resize(this.wrongItem, (n) => new Uint8Array(n));
    this.rework = resize(this.rework, (n) => new Uint8Array(n));
  }

  add(order: NewOrder): number {
    if (this.count === this.day.length) this.grow(Math.max(1024, this.count * 2));
    const i = this.count++;
    this.day[i] = order.day;
    this.receivedAt[i] = order.receivedAt;
    this.channel[i] = order.channel;
    this.customerType[i] = order.customerType;
    this.shop[i] = order.shop;
    this.delivery[i] = order.delivery ? 1 : 0;
    this.basketSeed[i] = order.basketSeed;
    this.basketSize[i] = Math.min(65535, order.basketSize);
    this.valueCents[i] = order.valueCents;
    this.customer[i] = order.customer;
    return i;
  }
}

export interface NewOrder {
  day: number;
  receivedAt: number;
  channel: number;
  customerType: number;
  shop: number;
  delivery: boolean;
  basketSeed: number;
  basketSize: number;
  valueCents: number;
  customer: number;
}

export function orderId(index: number): string {
  return `O${String(index + 1).padStart(7, "0")}`;
}

/** Loyalty and web-account customers: a pool where a few regulars come very often. */
export class CustomerPool {
  readonly size: number;
  private nextNew: number;

  constructor(scale: number) {
    this.size = Math.max(50, Math.round(5000 * scale));
    this.nextNew = this.size;
  }

  /** A known customer, skewed towards the regulars. */
  regular(rng: Random): number {
    return Math.floor(this.size * rng.next() ** 2.2);
  }

  /** A business customer: the first 3% of the pool. */
  business(rng: Random): number {
    return Math.floor(Math.max(5, this.size * 0.03) * rng.next());
  }

  /** A customer who just made an account. */
  newCustomer(): number {
    return this.nextNew++;
  }
}

/** Everything about one day's new orders except their place in the book. */
export function newOrderFor(
  rng: Random,
  plan: DayPlan,
  seed: number,
  receivedAt: number,
  channel: number,
  customerType: number,
  customers: CustomerPool,
): NewOrder {
  const delivery = deliveryOffered(plan) && rng.bernoulli(customerType === 2 ? 0.85 : 0.35);
  let shop = delivery ? (rng.bernoulli(0.5) ? 0 : 1) : rng.bernoulli(0.55) ? 0 : 1;
  if (shop === OVEN_FAILURE.shop && inRange(plan.dayNumber, OVEN_FAILURE.from, OVEN_FAILURE.to)) shop = 0;
  if (!shopDay(plan, shop).open) shop = shop === 0 ? 1 : 0;
  const customer =
    customerType === 2
      ? customers.business(rng)
      : customerType === 1
        ? customers.regular(rng)
        : customers.newCustomer();
  const basketSeed = rng.nextUint32();
  const basket = drawBasket(seed, basketSeed, customerType, shopDay(plan, shop).conditions, plan.dayNumber);
  return {
    day: plan.index,
    receivedAt,
    channel,
    customerType,
    shop,
    delivery,
    basketSeed,
    basketSize: basket.items,
    valueCents: basket.totalCents,
    customer,
  };
}

/** A session's checkout takes a few minutes; orders are received before the window closes. */
export function checkoutSeconds(rng: Random): number {
  return Math.round(Math.min(25 * MINUTE, rng.lognormalMedian(4 * MINUTE, 0.5)));
}

/** Phone orders per day at scale 1: mostly offices ordering lunch on weekdays. */
export function phoneOrderLevel(plan: DayPlan): number {
  if (plan.holiday?.closed || plan.holiday?.sundayHours === true || plan.weekday === 6) return 0;
  return (plan.weekday === 5 ? 3 : 8) * trend(plan.dayNumber);
}

export { DEVICE_CONVERSION, SOURCE_CONVERSION };
