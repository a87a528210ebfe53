/**
 * The ground truth of the demo: every effect put into the data, with its dates, segment and size,
 * and what the generated data shows for it. Analyses are tested against this file.
 */

import {
  AB_TEST,
  BREAD_PRICE_CHANGE,
  BUSINESS,
  CATEGORIES,
  CHRISTMAS_CAKE_PROMOTION,
  COFFEE_PRICE_CHANGE,
  CROISSANT,
  CROISSANT_PROMOTION,
  christmasCakePromotionOn,
  DAY_TYPE_NAMES,
  type DayPlan,
  expectedCounterRevenue,
  expectedQuantity,
  HOLIDAY_PREMIUM,
  hourWeight,
  lineDiscount,
  mixConditions,
  OVEN_FAILURE,
  ovenWindows,
  PERIOD_FROM,
  PERIOD_TO,
  PILOT,
  PRODUCTS,
  priceOn,
  productAt,
  quantityPmf,
  ROLLOUT_FROM,
  SHOP_COUNT,
  SHOP_IDS,
  SHOP_NAMES,
  seasonality,
  standardOpening,
  TREND_PER_YEAR,
  WEB_TREND_PER_YEAR,
  WEEKDAY_FACTORS,
} from "./business.js";
import { daysFromCivil, formatDay, formatHourMinute, HOUR } from "./calendar.js";
import {
  BANK_TRANSFERS,
  BASKET_BUCKETS,
  DELIVERY_PROMISE_MINUTES,
  type FulfilmentResult,
  QUALITY_FAILURE,
  SLOW_PERCENTILE,
} from "./fulfilment.js";
import { EMERGENCY_SUPPLIER, INGREDIENTS, type InventoryResult, unitCostOn } from "./inventory.js";
import type { RatingsResult } from "./ratings.js";
import { wageIndex } from "./roster.js";
import { type SalesResult, weekIndex, weeklyIndex } from "./sales.js";
import type { SessionsResult, VariantStats } from "./sessions.js";
import type { ShiftsResult } from "./shifts.js";
import { lateTicketProbability, type TicketsResult } from "./tickets.js";
import { assignVariant, DEVICES, SOURCES } from "./web.js";

export type EffectKind =
  | "trend"
  | "seasonality"
  | "holiday"
  | "closure"
  | "price-change"
  | "promotion"
  | "pilot"
  | "outage"
  | "experiment"
  | "rollout"
  | "bottleneck"
  | "rework"
  | "root-cause"
  | "stockout"
  | "campaign"
  | "link";

/** Values that select part of a dataset: column → value or list of values. */
export type Segment = Record<string, string | number | readonly string[]>;

export interface GroundTruthEffect {
  /** Stable identifier, e.g. "oven-failure". */
  id: string;
  kind: EffectKind;
  /** What happened, in the owner's words. */
  description: string;
  /** Dataset(s) where the effect is visible. */
  datasets: string[];
  /** The rows affected (column → value); the whole dataset when empty. */
  segment: Segment;
  /** First and last day affected, inclusive (local dates); absent for effects that last the whole period. */
  from?: string;
  to?: string;
  /** What moves, e.g. "revenue", "conversion", "waiting time before Bake (minutes)". */
  metric: string;
  /** The injected size: (with effect − without) / without, for the metric and segment above. */
  relativeChange?: number;
  /** Where the effect is measured against something: the comparison group or period. */
  baseline?: Record<string, unknown>;
  /** Model parameters and exact numbers that define the effect. */
  details?: Record<string, unknown>;
  /** What the generated data shows (computed while generating, for this seed and scale). */
  observed?: Record<string, unknown>;
}

export interface GroundTruth {
  schemaVersion: 1;
  seed: number;
  scale: number;
  business: {
    name: string;
    currency: string;
    timeZone: string;
    weekStart: string;
    shops: { id: string; name: string; openingHours: Record<string, string> }[];
    channels: string[];
  };
  period: { from: string; to: string };
  /** Days on which both shops and the web shop are closed. */
  closedDays: string[];
  effects: GroundTruthEffect[];
  /** Data rows per dataset (without header). */
  rows: Record<string, number>;
}

function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function rate(stats: VariantStats): {
  sessions: number;
  conversions: number;
  conversionRate: number;
  meanOrderValue: number;
} {
  return {
    sessions: stats.sessions,
    conversions: stats.conversions,
    conversionRate: round(stats.sessions ? stats.conversions / stats.sessions : 0),
    meanOrderValue: round(stats.conversions ? stats.orderValueCents / stats.conversions / 100 : 0, 2),
  };
}

export interface GroundTruthInput {
  seed: number;
  scale: number;
  plans: readonly DayPlan[];
  rows: Record<string, number>;
  sessions: SessionsResult;
  fulfilment: FulfilmentResult;
  sales: SalesResult;
  inventory: InventoryResult;
  tickets: TicketsResult;
  ratings: RatingsResult;
  shifts: ShiftsResult;
}

export function buildGroundTruth(input: GroundTruthInput): GroundTruth {
  const { seed, scale, plans, rows } = input;
  const effects: GroundTruthEffect[] = [
    ...trendEffects(),
    ...seasonalityEffects(input),
    ...holidayEffects(plans),
    ...priceEffects(),
    ...promotionEffects(),
    pilotEffect(input),
    ovenFailureEffect(input),
    ...experimentEffects(input),
    ...processEffects(input),
    ...inventoryEffects(input),
    ...linkEffects(input),
  ];
  return {
    schemaVersion: 1,
    seed,
    scale,
    business: {
      name: BUSINESS.name,
      currency: BUSINESS.currency,
      timeZone: BUSINESS.timeZone,
      weekStart: BUSINESS.weekStart,
      shops: SHOP_IDS.map((id, shop) => ({
        id,
        name: SHOP_NAMES[shop] ?? id,
        openingHours: Object.fromEntries(
          DAY_TYPE_NAMES.map((name, type) => {
            const [open, close] = standardOpening(shop, type);
            return [name, `${formatHourMinute(open)}-${formatHourMinute(close)}`];
          }),
        ),
      })),
      channels: ["counter", "web"],
    },
    period: { from: formatDay(PERIOD_FROM), to: formatDay(PERIOD_TO) },
    closedDays: plans.filter((p) => p.holiday?.closed).map((p) => p.date),
    effects,
    rows,
  };
}

function trendEffects(): GroundTruthEffect[] {
  return [
    {
      id: "growth-trend",
      kind: "trend",
      description: "Counter demand grows 12% a year, compounding, in both shops.",
      datasets: ["sales"],
      segment: { channel: "counter" },
      metric: "line items per day",
      relativeChange: TREND_PER_YEAR,
      details: { per: "year", compounding: true, startsAt: formatDay(PERIOD_FROM) },
    },
    {
      id: "web-traffic-growth",
      kind: "trend",
      description: "Web-shop traffic grows 25% a year, compounding.",
      datasets: ["web_sessions"],
      segment: {},
      metric: "sessions per day",
      relativeChange: WEB_TREND_PER_YEAR,
      details: { per: "year", compounding: true },
    },
  ];
}

function seasonalityEffects(input: GroundTruthInput): GroundTruthEffect[] {
  const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
  const monthly: Record<string, Record<string, number>> = {};
  for (let shop = 0; shop < SHOP_COUNT; shop++) {
    const months: Record<string, number> = {};
    for (let m = 1; m <= 12; m++) {
      const from = daysFromCivil(2025, m, 1);
      const to = m === 12 ? daysFromCivil(2026, 1, 1) : daysFromCivil(2025, m + 1, 1);
      let sum = 0;
      for (let d = from; d < to; d++) sum += seasonality(shop, d);
      months[String(m).padStart(2, "0")] = round(sum / (to - from), 3);
    }
    monthly[SHOP_IDS[shop] as string] = months;
  }
  const hourly = input.sales.hourly;
  let peak = 0;
  for (let h = 0; h < 24; h++) if ((hourly[h] ?? 0) > (hourly[peak] ?? 0)) peak = h;
  return [
    {
      id: "weekday-profile",
      kind: "seasonality",
      description: "Saturday is the busiest day; Sunday is a short morning.",
      datasets: ["sales"],
      segment: { channel: "counter" },
      metric: "line items per day (relative to the average weekday)",
      details: Object.fromEntries(
        SHOP_IDS.map((id, shop) => [
          id,
          Object.fromEntries(weekdays.map((w, i) => [w, WEEKDAY_FACTORS[shop]?.[i] ?? 1])),
        ]),
      ),
    },
    {
      id: "hour-of-day-profile",
      kind: "seasonality",
      description:
        "A morning peak (08:00–11:00), a smaller lunch peak in the city centre, a quiet afternoon; Saturdays peak at 10:00.",
      datasets: ["sales"],
      segment: { channel: "counter" },
      metric: "line items per hour (relative weights)",
      details: Object.fromEntries(
        SHOP_IDS.map((id, shop) => [
          id,
          Object.fromEntries(
            DAY_TYPE_NAMES.map((name, type) => [
              name,
              Object.fromEntries(
                Array.from({ length: 24 }, (_, h) => [
                  String(h).padStart(2, "0"),
                  hourWeight(shop, type, h),
                ]).filter(([, w]) => (w as number) > 0),
              ),
            ]),
          ),
        ]),
      ),
      observed: { peakHour: `${String(peak).padStart(2, "0")}:00`, lineItemsPerHour: Array.from(hourly) },
    },
    {
      id: "yearly-seasonality",
      kind: "seasonality",
      description:
        "A December high before Christmas and a summer dip in late July and August, much deeper in the residential shop-2 (people are on holiday).",
      datasets: ["sales"],
      segment: { channel: "counter" },
      metric: "demand multiplier (monthly mean)",
      details: monthly,
    },
    {
      id: "newsletter-days",
      kind: "campaign",
      description:
        "On the first Thursday of each month a newsletter goes out: 25% more web sessions, a larger share from e-mail.",
      datasets: ["web_sessions"],
      segment: { source: "email" },
      metric: "sessions per day",
      relativeChange: 0.25,
      details: { days: "first Thursday of every month", emailShare: { normal: 0.05, newsletterDay: 0.2 } },
    },
  ];
}

function holidayEffects(plans: readonly DayPlan[]): GroundTruthEffect[] {
  const effects: GroundTruthEffect[] = [];
  for (const plan of plans) {
    const h = plan.holiday;
    if (!h) continue;
    const id = `holiday-${plan.date}`;
    if (h.closed) {
      effects.push({
        id,
        kind: "closure",
        description: `${h.name}: both shops and the web shop are closed; no sales, no orders.`,
        datasets: ["sales", "order_events", "shifts"],
        segment: {},
        from: plan.date,
        to: plan.date,
        metric: "revenue",
        relativeChange: -1,
        details: { name: h.name },
      });
      continue;
    }
    const sundayHours =
      h.sundayHours === true
        ? ["shop-1", "shop-2"]
        : Array.isArray(h.sundayHours)
          ? h.sundayHours.map((s) => SHOP_IDS[s as 0])
          : [];
    effects.push({
      id,
      kind: "holiday",
      description:
        `${h.name}: demand ×${h.multiplier[0]} at shop-1 and ×${h.multiplier[1]} at shop-2` +
        (sundayHours.length ? ` with Sunday opening hours at ${sundayHours.join(" and ")}` : "") +
        (h.closeSec ? `, closing at ${formatHourMinute(h.closeSec)}` : "") +
        (h.name === "King's Day" ? "; orange tompouces sell four times as much in the city centre" : "") +
        ".",
      datasets: ["sales"],
      segment: {},
      from: plan.date,
      to: plan.date,
      metric: "line items per day (relative to the same day type)",
      details: {
        name: h.name,
        multiplier: { "shop-1": h.multiplier[0], "shop-2": h.multiplier[1] },
        sundayHours,
        ...(h.closeSec ? { closesAt: formatHourMinute(h.closeSec) } : {}),
      },
    });
  }
  return effects;
}

function priceEffects(): GroundTruthEffect[] {
  const priceTable = (category: number, day: number): Record<string, { before: number; after: number }> =>
    Object.fromEntries(
      PRODUCTS.filter((p) => p.category === category).map((p) => [
        p.name,
        { before: priceOn(p.index, day - 1) / 100, after: priceOn(p.index, day) / 100 },
      ]),
    );
  const wageFrom = [daysFromCivil(2025, 7, 1), daysFromCivil(2026, 7, 1)];
  return [
    {
      id: "price-change-bread",
      kind: "price-change",
      description:
        "Bread prices rise 8% (rounded to 5 cents); bread volume falls 3% (price elasticity about −0.4).",
      datasets: ["sales"],
      segment: { category: "bread" },
      from: formatDay(BREAD_PRICE_CHANGE.day),
      metric: "unit_price",
      relativeChange: BREAD_PRICE_CHANGE.relative,
      details: {
        prices: priceTable(0, BREAD_PRICE_CHANGE.day),
        volumeChange: BREAD_PRICE_CHANGE.volumeEffect,
      },
    },
    {
      id: "price-change-coffee",
      kind: "price-change",
      description: "Coffee prices rise 6% (rounded to 5 cents); coffee volume falls 2%.",
      datasets: ["sales"],
      segment: { category: "coffee" },
      from: formatDay(COFFEE_PRICE_CHANGE.day),
      metric: "unit_price",
      relativeChange: COFFEE_PRICE_CHANGE.relative,
      details: {
        prices: priceTable(2, COFFEE_PRICE_CHANGE.day),
        volumeChange: COFFEE_PRICE_CHANGE.volumeEffect,
      },
    },
    {
      id: "wage-increase",
      kind: "price-change",
      description:
        "Collective wage rises on 1 July: +4.5% in 2025 and +3.5% in 2026; Sunday and holiday shifts cost 1.5×.",
      datasets: ["shifts"],
      segment: {},
      from: formatDay(wageFrom[0] as number),
      metric: "hourly_cost",
      relativeChange: round(wageIndex(wageFrom[0] as number) - 1),
      details: {
        steps: wageFrom.map((d) => ({ from: formatDay(d), index: round(wageIndex(d)) })),
        sundayAndHolidayPremium: HOLIDAY_PREMIUM,
      },
    },
    {
      id: "ingredient-costs",
      kind: "price-change",
      description:
        "Ingredient purchase prices change: chocolate +30%, coffee beans +22%, butter +18%, eggs +10%, flour −5%.",
      datasets: ["inventory"],
      segment: {},
      metric: "unit_cost",
      details: Object.fromEntries(
        INGREDIENTS.filter((item) => item.costSteps.length > 0).map((item) => [
          item.name,
          item.costSteps.map(([from, factor]) => ({
            from: formatDay(from),
            relativeChange: round(factor - 1),
            unitCost: unitCostOn(item, from) / 100,
          })),
        ]),
      ),
    },
  ];
}

function promotionEffects(): GroundTruthEffect[] {
  const croissant = productAt(CROISSANT);
  const effects: GroundTruthEffect[] = [];
  for (const [from, to] of CROISSANT_PROMOTION.weeks) {
    const normal = mixConditions(0, from - 7);
    const promo = mixConditions(0, from);
    const unitLift =
      (CROISSANT_PROMOTION.lineLift * expectedQuantity(croissant, promo)) /
        expectedQuantity(croissant, normal) -
      1;
    const price = priceOn(CROISSANT, from);
    const revenuePerLine = (c: typeof promo): number => {
      const pmf = quantityPmf(croissant, c);
      let total = 0;
      pmf.values.forEach((q, i) => {
        total += (pmf.probabilities[i] ?? 0) * (q * price - lineDiscount(croissant, q, price, c));
      });
      return total;
    };
    const revenueLift = (CROISSANT_PROMOTION.lineLift * revenuePerLine(promo)) / revenuePerLine(normal) - 1;
    effects.push({
      id: `promotion-2-for-1-croissant-${formatDay(from)}`,
      kind: "promotion",
      description: "2-for-1 croissant week in both shops and online: every second croissant is free.",
      datasets: ["sales"],
      segment: { product: "Croissant", promotion: CROISSANT_PROMOTION.id },
      from: formatDay(from),
      to: formatDay(to),
      metric: "line items",
      relativeChange: CROISSANT_PROMOTION.lineLift - 1,
      details: {
        unitsRelativeChange: round(unitLift),
        revenueRelativeChange: round(revenueLift),
        discount: "floor(quantity / 2) × unit_price",
      },
    });
  }
  for (const year of [2024, 2025]) {
    const from = daysFromCivil(year, 12, CHRISTMAS_CAKE_PROMOTION.fromDayOfMonth);
    const to = daysFromCivil(year, 12, CHRISTMAS_CAKE_PROMOTION.toDayOfMonth);
    if (!christmasCakePromotionOn(from)) continue;
    effects.push({
      id: `promotion-christmas-cakes-${year}`,
      kind: "promotion",
      description: "10% off all cakes (including Christmas stollen) from 1 to 23 December.",
      datasets: ["sales"],
      segment: { category: "cake", promotion: CHRISTMAS_CAKE_PROMOTION.id },
      from: formatDay(from),
      to: formatDay(to),
      metric: "line items",
      relativeChange: CHRISTMAS_CAKE_PROMOTION.lineLift - 1,
      details: { discount: CHRISTMAS_CAKE_PROMOTION.discount },
    });
  }
  return effects;
}

function pilotEffect(input: GroundTruthInput): GroundTruthEffect {
  const { plans, sales } = input;
  let withPilot = 0;
  let without = 0;
  for (const plan of plans) {
    if (plan.dayNumber < PILOT.from || !plan.shops[PILOT.shop]?.pilotEarlyHour) continue;
    withPilot += expectedCounterRevenue(plan, PILOT.shop);
    without += expectedCounterRevenue(plan, PILOT.shop, true);
  }
  // Observed difference in differences over 8 weeks before and after (before Easter),
  // Monday–Saturday, counter revenue.
  const sum = (shop: number, from: number, to: number): number => {
    let total = 0;
    for (const plan of plans) {
      if (plan.dayNumber < from || plan.dayNumber > to || plan.weekday === 6 || plan.holiday) continue;
      total += sales.dailyCounter[plan.index * SHOP_COUNT + shop] ?? 0;
    }
    return total;
  };
  const beforeFrom = PILOT.from - 56;
  const afterTo = PILOT.from + 55;
  const ratio1 = sum(0, PILOT.from, afterTo) / sum(0, beforeFrom, PILOT.from - 1);
  const ratio2 = sum(1, PILOT.from, afterTo) / sum(1, beforeFrom, PILOT.from - 1);
  return {
    id: "pilot-early-opening",
    kind: "pilot",
    description:
      "Pilot: shop-1 opens at 06:00 instead of 07:00 (Monday–Saturday). The extra hour brings new sales (commuters) without taking any from later hours; shop-2 keeps its hours and is the control.",
    datasets: ["sales", "shifts"],
    segment: { shop: "shop-1", channel: "counter", weekday: "monday-saturday" },
    from: formatDay(PILOT.from),
    to: formatDay(PERIOD_TO),
    metric: "revenue per day (Monday–Saturday; Sundays keep their hours)",
    relativeChange: round(withPilot / without - 1),
    baseline: { control: { shop: "shop-2" }, design: "difference in differences (not randomised)" },
    details: { opensAt: "06:00", before: "07:00", days: "Monday–Saturday", extraClerkShift: "05:45–12:00" },
    observed: {
      window: {
        before: [formatDay(beforeFrom), formatDay(PILOT.from - 1)],
        after: [formatDay(PILOT.from), formatDay(afterTo)],
      },
      treatmentRatio: round(ratio1),
      controlRatio: round(ratio2),
      differenceInDifferences: round(ratio1 / ratio2 - 1),
      note: "counter revenue, Monday–Saturday, holidays left out",
    },
  };
}

function ovenFailureEffect(input: GroundTruthInput): GroundTruthEffect {
  const { sales } = input;
  const week = weekIndex(OVEN_FAILURE.from);
  const revenue = (
    w: number,
    shop: number | null,
    categories: readonly number[],
    channels: readonly number[],
  ): number => {
    let total = 0;
    for (let s = 0; s < SHOP_COUNT; s++) {
      if (shop !== null && s !== shop) continue;
      for (const c of categories)
        for (const ch of channels) total += sales.weekly[weeklyIndex(w, s, c, ch)] ?? 0;
    }
    return total / 100;
  };
  const breadPastry = [0, 1];
  const all = [0, 1, 2, 3, 4];
  const around = [week - 2, week - 1, week + 1, week + 2];
  const failure = revenue(week, OVEN_FAILURE.shop, breadPastry, [0]);
  const baseline =
    around.reduce((s, w) => s + revenue(w, OVEN_FAILURE.shop, breadPastry, [0]), 0) / around.length;
  // Week-over-week change of total revenue by shop × category.
  const drivers: { shop: string; category: string; change: number }[] = [];
  for (let s = 0; s < SHOP_COUNT; s++) {
    for (let c = 0; c < CATEGORIES.length; c++) {
      drivers.push({
        shop: SHOP_IDS[s] as string,
        category: CATEGORIES[c] as string,
        change: round(revenue(week, s, [c], [0, 1]) - revenue(week - 1, s, [c], [0, 1]), 2),
      });
    }
  }
  drivers.sort((a, b) => a.change - b.change);
  const totalChange = revenue(week, null, all, [0, 1]) - revenue(week - 1, null, all, [0, 1]);
  return {
    id: "oven-failure",
    kind: "outage",
    description:
      "Shop-2's oven broke for a week: it could only sell bread and pastry brought over from shop-1, so its counter bread and pastry revenue fell by 60%. Its online orders were baked and sent by shop-1, customers complained about quality and rated the shop lower. It is the top driver of the fall in total revenue against the previous week.",
    datasets: ["sales", "order_events", "tickets", "ratings"],
    segment: { shop: "shop-2", channel: "counter", category: ["bread", "pastry"] },
    from: formatDay(OVEN_FAILURE.from),
    to: formatDay(OVEN_FAILURE.to),
    metric: "revenue",
    relativeChange: round(OVEN_FAILURE.multiplier - 1),
    baseline: { weeks: "the two weeks before and the two weeks after (Monday–Sunday)" },
    details: {
      ordersRoutedTo: "shop-1",
      qualityTickets: input.tickets.ovenFailureQualityTickets,
      meanCounterStarsShop2: input.ratings.meanStars.outageWeekShop2,
    },
    observed: {
      revenue: round(failure, 2),
      baselineRevenue: round(baseline, 2),
      relativeChange: round(failure / baseline - 1),
      totalRevenueChangeVsPreviousWeek: round(totalChange, 2),
      topDrivers: drivers.slice(0, 3),
    },
  };
}

function experimentEffects(input: GroundTruthInput): GroundTruthEffect[] {
  const { sessions } = input;
  const control = rate(sessions.control);
  const treatment = rate(sessions.treatment);
  const before = rate(sessions.before);
  const after = rate(sessions.rollout);
  return [
    {
      id: "checkout-ab-test",
      kind: "experiment",
      description:
        "A/B test of a one-page checkout against the current checkout, 50/50 by a hash of the session id. Conversion rises from 3.0% to 3.6% (+20% relative); order value does not change.",
      datasets: ["web_sessions"],
      segment: { variant: ["control", "one-page-checkout"] },
      from: formatDay(AB_TEST.from),
      to: formatDay(AB_TEST.to),
      metric: "conversion",
      relativeChange: round(AB_TEST.treatmentConversion / AB_TEST.controlConversion - 1),
      baseline: { variant: "control" },
      details: {
        conversion: { control: AB_TEST.controlConversion, "one-page-checkout": AB_TEST.treatmentConversion },
        orderValueRelativeChange: 0,
        assignment:
          "variant = control when (FNV-1a 32-bit hash of session_id) mod 100 < 50, else one-page-checkout",
        assignmentExample: {
          S000000001: assignVariant("S000000001"),
          S000000002: assignVariant("S000000002"),
        },
        population:
          "all sessions in the test period (orders are only possible while the web shop takes orders)",
        devices: DEVICES,
        sources: SOURCES,
      },
      observed: { control, "one-page-checkout": treatment },
    },
    {
      id: "checkout-rollout",
      kind: "rollout",
      description:
        "After the test the one-page checkout is rolled out to every session (variant left empty).",
      datasets: ["web_sessions", "order_events", "sales"],
      segment: {},
      from: formatDay(ROLLOUT_FROM),
      to: formatDay(PERIOD_TO),
      metric: "conversion",
      relativeChange: round(AB_TEST.treatmentConversion / AB_TEST.controlConversion - 1),
      observed: { beforeTest: before, afterRollout: after },
    },
  ];
}

function processEffects(input: GroundTruthInput): GroundTruthEffect[] {
  const f = input.fulfilment;
  const saturday = f.waits.saturdayMorning.summary();
  const weekday = f.waits.weekdayMorning.summary();
  const other = f.waits.otherTimes.summary();
  const sample = input.plans.find((p) => p.weekday === 5 && !p.holiday);
  const weekdaySample = input.plans.find((p) => p.weekday === 2 && !p.holiday);
  const windows = (plan: DayPlan | undefined): string[] =>
    plan ? ovenWindows(plan, 0).map(([a, b]) => `${formatHourMinute(a)}-${formatHourMinute(b)}`) : [];
  return [
    {
      id: "saturday-oven-bottleneck",
      kind: "bottleneck",
      description:
        "On Saturday mornings the counter bake takes most of each shop's oven while weekend orders peak: online orders wait long before Bake. On weekdays the oven is free most of the day.",
      datasets: ["order_events"],
      segment: { activity: "Bake", weekday: "saturday", hours: "07:00-12:00" },
      metric: "waiting time before Bake (minutes)",
      relativeChange: round(weekday.meanMinutes ? saturday.meanMinutes / weekday.meanMinutes - 1 : 0, 2),
      baseline: { weekday: "monday-friday", hours: "07:00-12:00" },
      details: {
        definition:
          "wait = started_at of the first Bake − completed_at of Payment received, grouped by the local weekday and hour of the payment",
        ovenFreeForOrders: { saturday: windows(sample), weekday: windows(weekdaySample) },
        ovensPerShop: f.ovensPerShop,
        bakingMinutes: "(4 + 0.5 × min(basket_size, 30)) × lognormal(0, 0.2)",
      },
      observed: { saturdayMorning: saturday, weekdayMorning: weekday, otherTimes: other },
    },
    {
      id: "quality-rework",
      kind: "rework",
      description:
        "A quality check fails for 6.5% of orders: the order is baked again (Re-bake) and checked again (3% fail again, at most two re-bakes).",
      datasets: ["order_events"],
      segment: { activity: "Re-bake" },
      metric: "share of orders with at least one Re-bake",
      details: {
        reworkRate: QUALITY_FAILURE.first,
        failAgain: QUALITY_FAILURE.again,
        maxRebakes: QUALITY_FAILURE.maxRebakes,
      },
      observed: {
        orders: f.cases,
        reworkOrders: f.reworkCases,
        reworkRate: round(f.cases ? f.reworkCases / f.cases : 0),
        qualityChecks: f.qualityChecks,
        failedChecks: f.failedChecks,
      },
    },
    slowPaymentEffect(f),
    {
      id: "collection-slots",
      kind: "link",
      description:
        "Collection customers choose a pick-up slot; the time between Pack and Hand over is mostly the customer not having arrived yet, not a queue.",
      datasets: ["order_events"],
      segment: { activity: "Hand over" },
      metric: "time from Pack to Hand over",
      details: {
        slot: "payment + 75–200 minutes, rounded up to a quarter hour, at least 45 minutes after payment and 15 minutes before closing",
        arrival: "slot + normal(4, 8) minutes, between 15 minutes early and 45 minutes late",
        late: "an order is late when the customer waits more than 10 minutes at the counter (or a delivery arrives after the promise)",
      },
    },
    {
      id: "late-orders",
      kind: "link",
      description: `Deliveries are promised within ${DELIVERY_PROMISE_MINUTES} minutes of payment; collections for a pick-up slot. Queues make orders late, most on Saturdays.`,
      datasets: ["order_events", "tickets", "ratings"],
      segment: {},
      metric: "orders more than 10 minutes late",
      observed: {
        lateOrders: f.lateOrders,
        orders: f.cases,
        meanStarsLate: input.ratings.meanStars.lateOrders,
        meanStarsOnTime: input.ratings.meanStars.onTimeOrders,
      },
    },
  ];
}

function slowPaymentEffect(f: FulfilmentResult): GroundTruthEffect {
  const slow = f.slowCases;
  const segment = (attribute: string, value: string) =>
    slow.segments.find((s) => s.attribute === attribute && s.value === value);
  const transfer = segment("payment_method", "bank-transfer");
  const withOrders = transfer?.orders ?? 0;
  const withSlow = transfer?.slowOrders ?? 0;
  const withoutOrders = slow.orders - withOrders;
  const withoutSlow = slow.slowOrders - withSlow;
  const slowShareWith = withOrders ? withSlow / withOrders : 0;
  const slowShareWithout = withoutOrders ? withoutSlow / withoutOrders : 0;
  return {
    id: "slow-payment",
    kind: "root-cause",
    description:
      "Some orders are paid by bank transfer (business customers far more often than others). Nothing is baked before the money has arrived, one to five hours after the order, and a transfer that arrives after the web shop's order cut-off is baked the next baking day. Paying by bank transfer is the case attribute most linked to slow orders; business customers and large baskets come next only because they pay this way more often.",
    datasets: ["order_events"],
    segment: { payment_method: "bank-transfer" },
    metric: "share of orders slower than the 80th percentile of throughput time",
    baseline: { payment_method: ["ideal", "card"] },
    details: {
      bankTransferShare: { ...BANK_TRANSFERS.share },
      transferDelayHours: {
        ...BANK_TRANSFERS.delayHours,
        distribution: "lognormal with that median and log-scale sd, clipped to [min, max]",
      },
      cutOff:
        "the end of the web shop's ordering window that day (15:00; 13:00 on short holidays; 11:00 on Sundays); a later transfer is baked from the first oven window of the next day the shop bakes (and delivers, for deliveries); deliveries are then promised from that moment",
      throughputTime: "completed_at of the order's last event − started_at of its first event",
      slow: `throughput time above the ${Math.round(SLOW_PERCENTILE * 100)}th percentile of all orders (nearest rank)`,
      lift: "slow share of the segment ÷ slow share of all orders",
      caseAttributes: {
        channel: "channel",
        shop: "shop",
        customer_type: "customer_type",
        basket_size: BASKET_BUCKETS.map((b) => b.label),
        payment_method: "payment_method",
        weekday: "local weekday of the order's first event",
      },
    },
    observed: {
      orders: slow.orders,
      slowOrders: slow.slowOrders,
      thresholdMinutes: round(slow.thresholdMinutes, 1),
      bankTransferOrders: withOrders,
      bankTransferShare: round(slow.orders ? withOrders / slow.orders : 0),
      nextDayOrders: f.bankTransfers.nextDay,
      slowShareWith: round(slowShareWith),
      slowShareWithout: round(slowShareWithout),
      slowShareAll: round(slow.orders ? slow.slowOrders / slow.orders : 0),
      lift: round(transfer?.lift ?? 0),
      relativeRisk: round(slowShareWithout ? slowShareWith / slowShareWithout : 0),
      ranking: slow.segments.slice(0, 8).map((s) => ({
        attribute: s.attribute,
        value: s.value,
        orders: s.orders,
        slowShare: round(s.slowShare),
        lift: round(s.lift),
      })),
    },
  };
}

function inventoryEffects(input: GroundTruthInput): GroundTruthEffect[] {
  const { inventory, sales, plans } = input;
  return [
    {
      id: "stockouts",
      kind: "stockout",
      description:
        "Reorder points are reviewed only once a quarter while demand grows, and suppliers are sometimes days late: ingredients run out, the products that need them sell out for the rest of the day (lost sales), and an emergency purchase arrives the next day.",
      datasets: ["inventory", "deliveries", "sales"],
      segment: {},
      metric: "stock-out days",
      details: {
        policy:
          "order up to (reorder point + cycle days of usage) when stock + open orders ≤ reorder point; reviewed on 1 Jan/Apr/Jul/Oct",
        emergencySupplier: EMERGENCY_SUPPLIER,
        ingredients: Object.fromEntries(
          INGREDIENTS.map((item) => [
            item.name,
            {
              supplier: item.supplier,
              leadTimeDays: [item.leadMin, item.leadMin + item.leadSpread],
              lateDeliveryProbability: item.delayProbability,
              safetyDays: item.safetyDays,
            },
          ]),
        ),
      },
      observed: {
        stockouts: inventory.stockouts.map((s) => ({
          date: plans[s.day]?.date ?? "",
          ingredient: s.ingredient,
          shortShare: s.shortShare,
          soldOutFrom: Object.fromEntries(
            s.soldOutAt.map((at, shop) => [
              SHOP_IDS[shop] as string,
              formatHourMinute(Math.min(at, 23 * HOUR)),
            ]),
          ),
          products: s.products,
        })),
        lostLineItems: sales.lostLines,
        lostUnits: sales.lostUnits,
        lostRevenue: round(sales.lostRevenueCents / 100, 2),
      },
    },
  ];
}

function linkEffects(input: GroundTruthInput): GroundTruthEffect[] {
  const t = input.tickets;
  return [
    {
      id: "late-delivery-tickets",
      kind: "link",
      description:
        "Late orders turn into late-delivery tickets (the later, the likelier), so these tickets rise after bottleneck Saturdays; wrong items come from rushed packing.",
      datasets: ["tickets", "order_events"],
      segment: { category: "late delivery" },
      metric: "tickets per order",
      details: {
        probability: "min(0.6, 0.15 + minutes late / 200) for orders more than 10 minutes late",
        example: {
          "30 minutes late": lateTicketProbability(30),
          "90 minutes late": lateTicketProbability(90),
        },
        wrongItemProbability: { normal: 0.012, packedAfterWaitingOver20Minutes: 0.035 },
      },
      observed: {
        lateTicketsPerOrder: {
          saturday: round(t.lateTicketsPerOrder.saturday),
          otherDays: round(t.lateTicketsPerOrder.otherDays),
        },
        byCategory: t.byCategory,
      },
    },
  ];
}
