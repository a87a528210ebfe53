/**
 * Support tickets. Most come out of operations: late and wrong orders from the fulfilment
 * simulation (so they rise after bottleneck Saturdays), quality complaints (many in the week shop-2's
 * oven was broken), billing problems and questions. A small support team answers them in its working
 * hours, first come first served, so a busy weekend shows up as slow answers on Monday.
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
  trend,
} from "./business.js";
import { formatIsoLocal, HOUR, localToEpoch, MINUTE, toLocal, weekdayOf } from "./calendar.js";
import { TextFileWriter } from "./output.js";
import { Random } from "./random.js";
import { scaledCount } from "./roster.js";
import { type OrderBook, orderId } from "./web.js";

export const TICKET_CATEGORIES = ["late delivery", "wrong item", "quality", "billing", "question"] as const;
const LATE = 0;
const WRONG = 1;
const QUALITY = 2;
const BILLING = 3;
const QUESTION = 4;
const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
const AGENT_NAMES = [
  "Lisa Koster",
  "Mo Bakir",
  "Eva de Jong",
  "Tom Hermans",
  "Nadia Sahin",
  "Pieter Bos",
  "Ines Verbeek",
  "Kim Laan",
  "Rob Meijer",
  "Sofie Wouters",
  "Omar Idrissi",
  "Hanna Vos",
];

/** Probability that a late order (more than 10 minutes) becomes a ticket, by minutes late. */
export function lateTicketProbability(minutesLate: number): number {
  return Math.min(0.6, 0.15 + minutesLate / 200);
}

interface Ticket {
  created: number;
  seq: number;
  channel: string;
  category: number;
  priority: number;
  order: number;
  shop: number;
}

export interface TicketsResult {
  rows: number;
  byCategory: Record<string, number>;
  /** Late-delivery tickets about orders paid on Saturdays vs other days, per order of that day group. */
  lateTicketsPerOrder: { saturday: number; otherDays: number };
  ovenFailureQualityTickets: number;
  qualityTicketsPerWeekShop2: number;
}

/** Support hours: Monday–Friday 08:30–17:00, Saturday 09:00–13:00. */
function nextWorkingTime(epoch: number, firstDay: number, closedDays: ReadonlySet<number>): number {
  let { day, second } = toLocal(epoch);
  for (let guard = 0; guard < 30; guard++) {
    const weekday = weekdayOf(day);
    const window: readonly [number, number] | null =
      weekday === 6 || closedDays.has(day - firstDay)
        ? null
        : weekday === 5
          ? [9 * HOUR, 13 * HOUR]
          : [8 * HOUR + 30 * MINUTE, 17 * HOUR];
    if (window && second < window[1]) return localToEpoch(day, Math.max(second, window[0]));
    day++;
    second = 0;
  }
  return epoch;
}

export async function writeTickets(options: {
  seed: number;
  scale: number;
  plans: readonly DayPlan[];
  orders: OrderBook;
  path: string;
  progress: Progress;
}): Promise<TicketsResult> {
  const { seed, scale, plans, orders, path, progress } = options;
  const rng = new Random(seed, "tickets");
  const tickets: Ticket[] = [];
  let seq = 0;
  const add = (
    created: number,
    channel: string,
    category: number,
    priority: number,
    order: number,
    shop: number,
  ): void => {
    tickets.push({ created: Math.round(created), seq: seq++, channel, category, priority, order, shop });
  };
  progress.start("tickets", PERIOD_DAYS + orders.count);

  // Tickets about orders.
  let saturdayOrders = 0;
  let saturdayLate = 0;
  let otherOrders = 0;
  let otherLate = 0;
  for (let o = 0; o < orders.count; o++) {
    const web = orders.channel[o] === 0;
    const business = orders.customerType[o] === 2;
    const shop = orders.shop[o] as number;
    const done = orders.doneAt[o] as number;
    const due = orders.dueAt[o] as number;
    const late = orders.lateMinutes[o] as number;
    const saturday = weekdayOf(toLocal(orders.paidAt[o] as number).day) === 5;
    if (saturday) saturdayOrders++;
    else otherOrders++;
    if (late > 10 && rng.bernoulli(lateTicketProbability(late))) {
      const created = orders.delivery[o]
        ? due + rng.uniform(0.3, 1) * (done - due)
        : done + rng.lognormalMedian(40 * MINUTE, 0.8);
      add(created, web ? (rng.bernoulli(0.6) ? "email" : "chat") : "phone", LATE, business ? 2 : 1, o, shop);
      if (saturday) saturdayLate++;
      else otherLate++;
    }
    if (orders.wrongItem[o] === 1 && rng.bernoulli(0.7)) {
      add(
        done + rng.lognormalMedian(90 * MINUTE, 0.8),
        web ? "email" : "phone",
        WRONG,
        business ? 2 : 1,
        o,
        shop,
      );
    }
    if ((orders.rework[o] as number) > 0 && rng.bernoulli(0.04)) {
      add(done + rng.lognormalMedian(3 * HOUR, 0.8), web ? "email" : "phone", QUALITY, 1, o, shop);
    }
    if (web && rng.bernoulli(0.005)) {
      add((orders.paidAt[o] as number) + rng.lognormalMedian(20 * HOUR, 0.8), "email", BILLING, 1, o, shop);
    }
    if (o % 4096 === 0) progress.update(o, PERIOD_DAYS + orders.count);
  }

  // Tickets about the shops and questions.
  let ovenFailureQualityTickets = 0;
  const closedDays = new Set<number>();
  for (const plan of plans) {
    if (plan.holiday?.closed) closedDays.add(plan.index);
    const dayRng = new Random(seed, "tickets", plan.index);
    for (let shop = 0; shop < SHOP_COUNT; shop++) {
      const sd = shopDay(plan, shop);
      if (!sd.open) continue;
      let level = 0;
      for (let h = 0; h < 24; h++) level += sd.hourly[h] ?? 0;
      const outage =
        shop === OVEN_FAILURE.shop && inRange(plan.dayNumber, OVEN_FAILURE.from, OVEN_FAILURE.to);
      const complaints = dayRng.poisson((level / 700) * 0.25 * scale * (outage ? 8 : 1));
      for (let k = 0; k < complaints; k++) {
        const at = localToEpoch(plan.dayNumber, sd.openSec + dayRng.int(sd.closeSec - sd.openSec));
        add(
          at + dayRng.lognormalMedian(2 * HOUR, 0.9),
          dayRng.pick(["email", "web form", "phone"]),
          QUALITY,
          1,
          -1,
          shop,
        );
        if (outage) ovenFailureQualityTickets++;
      }
      const billing = dayRng.poisson(0.04 * scale);
      for (let k = 0; k < billing; k++) {
        const at = localToEpoch(plan.dayNumber, sd.openSec + dayRng.int(sd.closeSec - sd.openSec));
        add(at + dayRng.lognormalMedian(6 * HOUR, 0.9), "email", BILLING, 1, -1, shop);
      }
    }
    const december = plan.date.slice(5, 7) === "12" ? 1.5 : 1;
    const questions = dayRng.poisson(1.6 * scale * trend(plan.dayNumber) * december);
    for (let k = 0; k < questions; k++) {
      const at = localToEpoch(plan.dayNumber, 7 * HOUR + dayRng.int(15 * HOUR));
      add(
        at,
        dayRng.pick(["chat", "email", "web form", "phone"]),
        QUESTION,
        dayRng.bernoulli(0.85) ? 0 : 1,
        -1,
        -1,
      );
    }
    progress.update(orders.count + plan.index + 1, PERIOD_DAYS + orders.count);
  }

  tickets.sort((a, b) => a.created - b.created || a.seq - b.seq);
  // The export is taken at the end of the period: later tickets do not exist yet, later answers are empty.
  const cutoff = localToEpoch((plans[plans.length - 1]?.dayNumber ?? 0) + 1, 0);
  while (tickets.length > 0 && (tickets[tickets.length - 1] as Ticket).created >= cutoff) tickets.pop();
  const agentCount = scaledCount(3, scale);
  const agents = Array.from({ length: agentCount }, (_, i) => ({
    name:
      AGENT_NAMES[i % AGENT_NAMES.length] +
      (i >= AGENT_NAMES.length ? ` ${Math.floor(i / AGENT_NAMES.length) + 1}` : ""),
    free: 0,
  }));
  const firstDay = plans[0]?.dayNumber ?? 0;
  const out = new TextFileWriter(path);
  out.append(
    "ticket_id,created_at,channel,category,priority,agent,first_response_at,resolved_at,csat,order_id,shop\n",
  );
  const byCategory: Record<string, number> = Object.fromEntries(TICKET_CATEGORIES.map((c) => [c, 0]));
  let qualityShop2 = 0;
  for (const [index, ticket] of tickets.entries()) {
    let agent = agents[0] as { name: string; free: number };
    for (const a of agents) if (a.free < agent.free) agent = a;
    const start = nextWorkingTime(Math.max(ticket.created, agent.free), firstDay, closedDays);
    const firstResponse = start + rng.intBetween(4 * MINUTE, 15 * MINUTE);
    agent.free = firstResponse;
    let resolved = firstResponse;
    switch (ticket.category) {
      case QUESTION:
        if (rng.bernoulli(0.3)) resolved += rng.lognormalMedian(3 * HOUR, 1);
        break;
      case LATE:
        resolved += rng.lognormalMedian(90 * MINUTE, 0.8);
        break;
      case WRONG:
        resolved += rng.lognormalMedian(20 * HOUR, 0.7);
        break;
      case QUALITY:
        resolved += rng.lognormalMedian(26 * HOUR, 0.8);
        break;
      default:
        resolved += rng.lognormalMedian(50 * HOUR, 0.6);
    }
    if (resolved > firstResponse) {
      // Resolutions happen in working hours: one that falls outside waits for the next morning.
      const rounded = Math.round(resolved);
      const working = nextWorkingTime(rounded, firstDay, closedDays);
      resolved = working === rounded ? rounded : working + rng.intBetween(10 * MINUTE, 90 * MINUTE);
    }
    const base = [3.3, 3.0, 3.2, 3.5, 4.5][ticket.category] ?? 4;
    const days = (resolved - ticket.created) / 86400;
    const slowAnswer = firstResponse - ticket.created > 8 * HOUR ? 0.5 : 0;
    const score = base - Math.min(1.5, Math.max(0, days - 1) * 0.3) - slowAnswer + rng.normal(0, 0.8);
    const answered = rng.bernoulli(0.5);
    const open = resolved >= cutoff;
    const csat = answered && !open ? String(Math.max(1, Math.min(5, Math.round(score)))) : "";
    const firstResponseText = firstResponse < cutoff ? formatIsoLocal(firstResponse) : "";
    const resolvedText = open ? "" : formatIsoLocal(resolved);
    byCategory[TICKET_CATEGORIES[ticket.category as 0]] =
      (byCategory[TICKET_CATEGORIES[ticket.category as 0]] ?? 0) + 1;
    if (ticket.category === QUALITY && ticket.shop === 1) qualityShop2++;
    out.row(
      `T${String(index + 1).padStart(6, "0")},${formatIsoLocal(ticket.created)},${ticket.channel},${TICKET_CATEGORIES[ticket.category as 0]},${PRIORITIES[ticket.priority as 0]},${agent.name},${firstResponseText},${resolvedText},${csat},${ticket.order >= 0 ? orderId(ticket.order) : ""},${ticket.shop >= 0 ? SHOP_IDS[ticket.shop as 0] : ""}\n`,
    );
    if (out.full) await out.flush();
  }
  await out.close();
  progress.finish();
  return {
    rows: out.rows,
    byCategory,
    lateTicketsPerOrder: {
      saturday: saturdayOrders ? saturdayLate / saturdayOrders : 0,
      otherDays: otherOrders ? otherLate / otherOrders : 0,
    },
    ovenFailureQualityTickets,
    qualityTicketsPerWeekShop2: (qualityShop2 / PERIOD_DAYS) * 7,
  };
}
