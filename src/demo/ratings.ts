/**
 * Customer ratings (1–5 stars, sometimes a comment), as newline-delimited JSON the way review
 * platforms export them. Counter visits are rated a little lower in the week shop-2 had no oven;
 * online orders that came late or wrong are rated much lower.
 */

import type { Progress } from "../core/effects.js";
import {
  type DayPlan,
  inRange,
  OVEN_FAILURE,
  PERIOD_DAYS,
  SHOP_COUNT,
  SHOP_IDS,
  shopDay,
} from "./business.js";
import { formatIsoLocal, HOUR, localToEpoch } from "./calendar.js";
import { TextFileWriter } from "./output.js";
import { Random } from "./random.js";
import type { OrderBook } from "./web.js";

const COMMENTS: readonly (readonly string[])[] = [
  ["Terrible, never again.", "Waited far too long.", "Not what I ordered."],
  ["Disappointing this time.", "The bread was not fresh.", "Order came late and cold."],
  ["Okay, nothing special.", "Fine, but a bit pricey.", "Busy, had to wait a while."],
  ["Good coffee and friendly staff.", "Nice bread, will come back.", "Tasty croissants."],
  [
    "Best sourdough in town!",
    "Lovely bakery, always fresh.",
    "Perfect apple pie.",
    "Super friendly, great coffee.",
  ],
];
const OUTAGE_COMMENTS = [
  "No fresh bread today?",
  "Hardly any bread on the shelves.",
  "Pastries were from yesterday.",
];
const LATE_COMMENTS = [
  "Order was late.",
  "Had to wait for my order at the counter.",
  "Delivery came much later than promised.",
];
const WRONG_COMMENTS = ["Wrong items in my order.", "Something was missing from my order."];

export interface RatingsResult {
  rows: number;
  meanStars: { counter: number[]; outageWeekShop2: number; lateOrders: number; onTimeOrders: number };
}

interface Rating {
  at: number;
  seq: number;
  shop: number;
  channel: string;
  stars: number;
  comment: string | null;
}

function stars(rng: Random, mean: number): number {
  return Math.max(1, Math.min(5, Math.round(rng.normal(mean, 0.9))));
}

export async function writeRatings(options: {
  seed: number;
  scale: number;
  plans: readonly DayPlan[];
  orders: OrderBook;
  path: string;
  progress: Progress;
}): Promise<RatingsResult> {
  const { seed, scale, plans, orders, path, progress } = options;
  const ratings: Rating[] = [];
  let seq = 0;
  const counterSum = [0, 0];
  const counterCount = [0, 0];
  let outageSum = 0;
  let outageCount = 0;
  progress.start("ratings", PERIOD_DAYS + 1);
  const comment = (rng: Random, value: number, special: readonly string[] | null): string | null => {
    if (rng.bernoulli(0.55)) return null;
    if (special && value <= 3 && rng.bernoulli(0.7)) return rng.pick(special);
    return rng.pick(COMMENTS[value - 1] ?? []);
  };
  for (const plan of plans) {
    const rng = new Random(seed, "ratings", plan.index);
    for (let shop = 0; shop < SHOP_COUNT; shop++) {
      const sd = shopDay(plan, shop);
      if (!sd.open) continue;
      let lines = 0;
      for (let h = 0; h < 24; h++) lines += sd.hourly[h] ?? 0;
      const outage =
        shop === OVEN_FAILURE.shop && inRange(plan.dayNumber, OVEN_FAILURE.from, OVEN_FAILURE.to);
      const n = rng.poisson(lines * scale * 0.0035);
      for (let k = 0; k < n; k++) {
        const visit = localToEpoch(plan.dayNumber, sd.openSec + rng.int(sd.closeSec - sd.openSec));
        const mean = (shop === 0 ? 4.3 : 4.4) - (outage ? 1.1 : 0) - (sd.dayType === 1 ? 0.15 : 0);
        const value = stars(rng, mean);
        counterSum[shop] = (counterSum[shop] ?? 0) + value;
        counterCount[shop] = (counterCount[shop] ?? 0) + 1;
        if (outage) {
          outageSum += value;
          outageCount++;
        }
        const at = visit + Math.round(rng.lognormalMedian(2 * HOUR, 1));
        ratings.push({
          at,
          seq: seq++,
          shop,
          channel: "counter",
          stars: value,
          comment: comment(rng, value, outage ? OUTAGE_COMMENTS : null),
        });
      }
    }
    progress.update(plan.index + 1, PERIOD_DAYS + 1);
  }
  const rng = new Random(seed, "ratings", "orders");
  let lateSum = 0;
  let lateCount = 0;
  let onTimeSum = 0;
  let onTimeCount = 0;
  for (let o = 0; o < orders.count; o++) {
    if (!rng.bernoulli(0.08)) continue;
    const late = (orders.lateMinutes[o] as number) > 10;
    const wrong = orders.wrongItem[o] === 1;
    const value = stars(rng, wrong ? 2.0 : late ? 2.6 : 4.5);
    if (late) {
      lateSum += value;
      lateCount++;
    } else if (!wrong) {
      onTimeSum += value;
      onTimeCount++;
    }
    const at = (orders.doneAt[o] as number) + Math.round(rng.lognormalMedian(3 * HOUR, 1));
    ratings.push({
      at,
      seq: seq++,
      shop: orders.shop[o] as number,
      channel: orders.channel[o] === 0 ? "web" : "phone",
      stars: value,
      comment: comment(rng, value, wrong ? WRONG_COMMENTS : late ? LATE_COMMENTS : null),
    });
  }
  ratings.sort((a, b) => a.at - b.at || a.seq - b.seq);
  // The export is taken at the end of the period: later ratings do not exist yet.
  const cutoff = localToEpoch((plans[plans.length - 1]?.dayNumber ?? 0) + 1, 0);
  while (ratings.length > 0 && (ratings[ratings.length - 1] as Rating).at >= cutoff) ratings.pop();
  const out = new TextFileWriter(path);
  for (const [index, r] of ratings.entries()) {
    const record = {
      rating_id: `RT${String(index + 1).padStart(6, "0")}`,
      rated_at: formatIsoLocal(r.at),
      shop: SHOP_IDS[r.shop as 0],
      channel: r.channel,
      stars: r.stars,
      comment: r.comment,
    };
    out.row(`${JSON.stringify(record)}\n`);
    if (out.full) await out.flush();
  }
  await out.close();
  progress.update(PERIOD_DAYS + 1, PERIOD_DAYS + 1);
  progress.finish();
  const mean = (sum: number, count: number): number => (count ? Math.round((sum / count) * 100) / 100 : 0);
  return {
    rows: out.rows,
    meanStars: {
      counter: [
        mean(counterSum[0] ?? 0, counterCount[0] ?? 0),
        mean(counterSum[1] ?? 0, counterCount[1] ?? 0),
      ],
      outageWeekShop2: mean(outageSum, outageCount),
      lateOrders: mean(lateSum, lateCount),
      onTimeOrders: mean(onTimeSum, onTimeCount),
    },
  };
}
