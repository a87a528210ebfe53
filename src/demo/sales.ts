/**
 * POS sales lines: counter receipts drawn hour by hour from the demand model, plus the lines of the
 * web and phone orders (channel web, paid online). The hot loop formats timestamps and amounts
 * arithmetically and writes through a buffered stream.
 */

import type { Progress } from "../core/effects.js";
import {
  CATEGORIES,
  type DayPlan,
  EXTRA_LINES_PER_RECEIPT,
  hourSegment,
  lineDiscount,
  linePromotion,
  PERIOD_DAYS,
  PERIOD_FROM,
  PRODUCT_COUNT,
  PRODUCTS,
  type ProductMix,
  priceOn,
  quantityPmf,
  SHOP_COUNT,
  SHOP_IDS,
  shopDay,
} from "./business.js";
import { HOUR, toLocal, weekdayOf } from "./calendar.js";
import { addAt, ByteFileWriter, csvField, dateBytes, encode } from "./output.js";
import { Random } from "./random.js";
import { type CustomerPool, drawBasket, type OrderBook } from "./web.js";

/** Sold-out times: per day, shop and product the second of the day from which it is gone. */
export type SoldOutTable = (day: number, shop: number) => Float64Array | undefined;

export interface SalesResult {
  rows: number;
  receipts: number;
  /** Revenue in cents per Monday-based week, shop, category and channel (0 counter, 1 web). */
  weekly: Float64Array;
  weeks: number;
  /** Revenue in cents per day and shop, all channels. */
  daily: Float64Array;
  /** Counter revenue in cents per day and shop. */
  dailyCounter: Float64Array;
  /** Line items per local hour over the period (counter). */
  hourly: Float64Array;
  lostLines: number;
  lostUnits: number;
  lostRevenueCents: number;
}

/** Index of the Monday-based week of a day in the period (week 0 holds the first day). */
export function weekIndex(dayNumber: number): number {
  const firstMonday = PERIOD_FROM - weekdayOf(PERIOD_FROM);
  return Math.floor((dayNumber - firstMonday) / 7);
}

export function weeklyIndex(week: number, shop: number, category: number, channel: number): number {
  return ((week * SHOP_COUNT + shop) * CATEGORIES.length + category) * 2 + channel;
}

/** "product,category," per product, pre-encoded. */
const PRODUCT_FIELDS = PRODUCTS.map((p) => encode(`${csvField(p.name)},${CATEGORIES[p.category as 0]},`));
const SHOP_COUNTER = SHOP_IDS.map((id) => encode(`,${id},counter,`));
const SHOP_WEB = SHOP_IDS.map((id) => encode(`,${id},web,`));
const PAYMENT_FIELDS = { cash: encode(",cash"), card: encode(",card"), online: encode(",online") };
const PROMOTION_FIELDS = new Map<string, Uint8Array>();

function promotionField(promotion: string): Uint8Array {
  let value = PROMOTION_FIELDS.get(promotion);
  if (!value) {
    value = encode(`,${promotion},`);
    PROMOTION_FIELDS.set(promotion, value);
  }
  return value;
}

function writeCustomer(w: ByteFileWriter, customer: number): void {
  if (customer < 0) return;
  w.char(67);
  w.padded(customer + 1, 6);
}

export async function writeSales(options: {
  seed: number;
  scale: number;
  plans: readonly DayPlan[];
  orders: OrderBook;
  customers: CustomerPool;
  soldOut: SoldOutTable;
  path: string;
  progress: Progress;
}): Promise<SalesResult> {
  const { seed, scale, plans, orders, customers, soldOut, path, progress } = options;
  const out = new ByteFileWriter(path);
  out.ascii(
    "line_id,receipt_id,sold_at,shop,channel,product,category,quantity,unit_price,discount,amount,promotion,customer_id,payment\n",
  );
  const weeks = weekIndex(PERIOD_FROM + PERIOD_DAYS - 1) + 1;
  const result: SalesResult = {
    rows: 0,
    receipts: 0,
    weekly: new Float64Array(weeks * SHOP_COUNT * CATEGORIES.length * 2),
    weeks,
    daily: new Float64Array(PERIOD_DAYS * SHOP_COUNT),
    dailyCounter: new Float64Array(PERIOD_DAYS * SHOP_COUNT),
    hourly: new Float64Array(24),
    lostLines: 0,
    lostUnits: 0,
    lostRevenueCents: 0,
  };
  let lineId = 0;
  let receiptSeq = 0;
  let mark = 0;
  let nextOrder = 0;
  // Receipt buffers, reused across days: second of day, shop (or -1 - order index for web orders).
  let times = new Int32Array(4096);
  let owners = new Int32Array(4096);
  let order = new Uint32Array(4096);
  const productSeen = new Int32Array(PRODUCT_COUNT).fill(-1);
  const prices = new Int32Array(PRODUCT_COUNT);

  progress.start("sales", PERIOD_DAYS);
  for (const plan of plans) {
    const rng = new Random(seed, "sales", plan.index);
    const week = weekIndex(plan.dayNumber);
    for (let p = 0; p < PRODUCT_COUNT; p++) prices[p] = priceOn(p, plan.dayNumber);
    // 1. Receipt times per shop and hour.
    let n = 0;
    const push = (time: number, owner: number): void => {
      if (n === times.length) {
        const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
          const b = new Int32Array(a.length * 2);
          b.set(a);
          return b;
        };
        times = grow(times);
        owners = grow(owners);
        order = new Uint32Array(times.length);
      }
      times[n] = time;
      owners[n] = owner;
      n++;
    };
    for (let shop = 0; shop < SHOP_COUNT; shop++) {
      const sd = shopDay(plan, shop);
      if (!sd.open) continue;
      for (let h = 0; h < 24; h++) {
        const lines = sd.hourly[h] ?? 0;
        if (lines === 0) continue;
        const segment = hourSegment(h);
        const mix = sd.mixes[segment] as ProductMix;
        const receipts = rng.poisson(
          (lines * mix.volume * scale) / (1 + (EXTRA_LINES_PER_RECEIPT[segment] ?? 0)),
        );
        for (let k = 0; k < receipts; k++) push(h * HOUR + rng.int(HOUR), shop);
      }
    }
    while (nextOrder < orders.count && (orders.day[nextOrder] as number) === plan.index) {
      const paid = toLocal(orders.paidAt[nextOrder] as number);
      push(paid.second + (paid.day - plan.dayNumber) * 86400, -1 - nextOrder);
      nextOrder++;
    }
    for (let i = 0; i < n; i++) order[i] = i;
    const sorted = order.subarray(0, n);
    sorted.sort(
      (a, b) => (times[a] as number) - (times[b] as number) || (owners[a] as number) - (owners[b] as number),
    );

    // 2. Lines.
    const date = dateBytes(plan.dayNumber);
    const t = plan.index / PERIOD_DAYS;
    const loyaltyShare = 0.28 + 0.07 * t;
    const cashShare = 0.3 - 0.12 * t;
    for (let s = 0; s < n; s++) {
      const r = sorted[s] as number;
      const second = times[r] as number;
      const owner = owners[r] as number;
      if (owner < 0) {
        // A web or phone order: the lines of its basket, at the moment of payment.
        const o = -1 - owner;
        const shop = orders.shop[o] as number;
        const conditions = shopDay(plan, shop).conditions;
        const basket = drawBasket(
          seed,
          orders.basketSeed[o] as number,
          orders.customerType[o] as number,
          conditions,
          plan.dayNumber,
        );
        const stamp = Math.min(second, 86399);
        for (const line of basket.lines) {
          lineId++;
          out.uint(lineId);
          out.char(44);
          out.char(79);
          out.padded(o + 1, 7);
          out.char(44);
          out.bytes(date);
          out.char(32);
          out.timeOfDay(stamp);
          out.bytes(SHOP_WEB[shop] as Uint8Array);
          out.bytes(PRODUCT_FIELDS[line.product] as Uint8Array);
          out.uint(line.quantity);
          out.char(44);
          out.cents(line.unitPrice);
          out.char(44);
          out.cents(line.discount);
          out.char(44);
          out.cents(line.amount);
          out.bytes(promotionField(line.promotion));
          writeCustomer(out, orders.customer[o] as number);
          out.bytes(PAYMENT_FIELDS.online);
          out.endRow();
          const category = PRODUCTS[line.product]?.category ?? 0;
          addAt(result.weekly, weeklyIndex(week, shop, category, 1), line.amount);
          addAt(result.daily, plan.index * SHOP_COUNT + shop, line.amount);
        }
        result.receipts++;
        if (out.full) await out.flush();
        continue;
      }
      const shop = owner;
      const sd = shopDay(plan, shop);
      const hour = Math.floor(second / HOUR);
      const segment = hourSegment(hour);
      const mix = sd.mixes[segment] as ProductMix;
      const gone = soldOut(plan.index, shop);
      const count = 1 + rng.poisson(EXTRA_LINES_PER_RECEIPT[segment] ?? 0);
      const customer = rng.next() < loyaltyShare ? customers.regular(rng) : -1;
      const payment = rng.next() < cashShare ? PAYMENT_FIELDS.cash : PAYMENT_FIELDS.card;
      let written = 0;
      mark++;
      for (let k = 0; k < count; k++) {
        let p = rng.categorical(mix.categorical);
        if (productSeen[p] === mark) {
          p = rng.categorical(mix.categorical);
          if (productSeen[p] === mark) continue;
        }
        productSeen[p] = mark;
        const product = PRODUCTS[p];
        if (!product) continue;
        const pmf = quantityPmf(product, sd.conditions);
        let u = rng.next();
        let quantity = pmf.values[0] ?? 1;
        for (let i = 0; i < pmf.values.length; i++) {
          u -= pmf.probabilities[i] ?? 0;
          if (u < 0) {
            quantity = pmf.values[i] ?? 1;
            break;
          }
        }
        const unitPrice = prices[p] as number;
        const discount = lineDiscount(product, quantity, unitPrice, sd.conditions);
        const amount = quantity * unitPrice - discount;
        if (gone && second >= (gone[p] as number)) {
          // Sold out: the customer leaves without it.
          result.lostLines++;
          result.lostUnits += quantity;
          result.lostRevenueCents += amount;
          continue;
        }
        if (written === 0) receiptSeq++;
        written++;
        lineId++;
        out.uint(lineId);
        out.char(44);
        out.char(82);
        out.padded(receiptSeq, 8);
        out.char(44);
        out.bytes(date);
        out.char(32);
        out.timeOfDay(second);
        out.bytes(SHOP_COUNTER[shop] as Uint8Array);
        out.bytes(PRODUCT_FIELDS[p] as Uint8Array);
        out.uint(quantity);
        out.char(44);
        out.cents(unitPrice);
        out.char(44);
        out.cents(discount);
        out.char(44);
        out.cents(amount);
        out.bytes(promotionField(linePromotion(product, sd.conditions)));
        writeCustomer(out, customer);
        out.bytes(payment);
        out.endRow();
        addAt(result.weekly, weeklyIndex(week, shop, product.category, 0), amount);
        addAt(result.daily, plan.index * SHOP_COUNT + shop, amount);
        addAt(result.dailyCounter, plan.index * SHOP_COUNT + shop, amount);
        addAt(result.hourly, hour, 1);
      }
      if (written > 0) result.receipts++;
      if (out.full) await out.flush();
    }
    progress.update(plan.index + 1, PERIOD_DAYS);
    if (out.full) await out.flush();
  }
  await out.close();
  progress.finish();
  result.rows = out.rows;
  return result;
}
