/**
 * The demo business, Bakkerij Van Dijk: its shops, products, prices, calendar and the demand model
 * every dataset is drawn from. Everything here is a pure function of the date; randomness lives in
 * the dataset generators. The injected effects (price changes, promotions, the pilot, the oven
 * failure, the A/B test) are constants here so that the data and the ground truth share one source.
 */

import {
  civilFromDays,
  daysFromCivil,
  easterSunday,
  formatDay,
  HOUR,
  MINUTE,
  weekdayOf,
} from "./calendar.js";
import { type Categorical, makeCategorical } from "./random.js";

export const BUSINESS = {
  name: "Bakkerij Van Dijk",
  currency: "EUR",
  timeZone: "Europe/Amsterdam",
  weekStart: "monday",
} as const;

/** First and last day of the two generated years. */
export const PERIOD_FROM = daysFromCivil(2024, 10, 1);
export const PERIOD_DAYS = 730;
export const PERIOD_TO = PERIOD_FROM + PERIOD_DAYS - 1;

export const SHOP_IDS = ["shop-1", "shop-2"] as const;
export const SHOP_NAMES = ["Oudegracht (city centre)", "Lunetten (residential)"] as const;
export const SHOP_COUNT = 2;

export const CATEGORIES = ["bread", "pastry", "coffee", "sandwich", "cake"] as const;
export type Category = (typeof CATEGORIES)[number];
export const BREAD = 0;
export const PASTRY = 1;
export const COFFEE = 2;
export const SANDWICH = 3;
export const CAKE = 4;

/** How many units a customer takes of a product in one line: values and probabilities. */
export interface QuantityPmf {
  values: readonly number[];
  probabilities: readonly number[];
}

const QUANTITY: Record<string, QuantityPmf> = {
  loaf: { values: [1, 2, 3], probabilities: [0.88, 0.1, 0.02] },
  small: { values: [1, 2, 3], probabilities: [0.75, 0.2, 0.05] },
  pastry: { values: [1, 2, 3, 4, 6], probabilities: [0.55, 0.25, 0.08, 0.08, 0.04] },
  drink: { values: [1, 2, 3, 4], probabilities: [0.7, 0.22, 0.06, 0.02] },
  sandwich: { values: [1, 2, 3], probabilities: [0.85, 0.13, 0.02] },
  slice: { values: [1, 2, 4], probabilities: [0.6, 0.3, 0.1] },
  whole: { values: [1], probabilities: [1] },
  /** Croissants during a 2-for-1 week: people take pairs. */
  twoForOne: { values: [1, 2, 4, 6], probabilities: [0.15, 0.5, 0.25, 0.1] },
};

export interface Product {
  index: number;
  name: string;
  category: number;
  /** Price in cents before any price change. */
  priceCents: number;
  /** Share within its category (out-of-season products excluded from the base mix). */
  weight: number;
  quantity: QuantityPmf;
  /** Seasonal products are only sold inside [from, to] (month*100+day, may wrap the year). */
  season?: { from: number; to: number };
  /** Ingredient use per unit sold, by ingredient index. */
  recipe: Readonly<Record<string, number>>;
}

function product(
  name: string,
  category: number,
  priceCents: number,
  weight: number,
  quantity: keyof typeof QUANTITY,
  recipe: Record<string, number>,
  season?: { from: number; to: number },
): Omit<Product, "index"> {
  const pmf = QUANTITY[quantity];
  if (!pmf) throw new Error(`unknown quantity kind ${quantity}`);
  return { name, category, priceCents, weight, quantity: pmf, recipe, ...(season ? { season } : {}) };
}

export const PRODUCTS: readonly Product[] = [
  product("Sourdough loaf", BREAD, 425, 0.22, "loaf", { flour: 0.45, yeast: 0.002 }),
  product("Whole-wheat loaf", BREAD, 335, 0.28, "loaf", { "wholegrain flour": 0.4, yeast: 0.01 }),
  product("White loaf", BREAD, 285, 0.15, "loaf", { flour: 0.4, yeast: 0.01, milk: 0.05 }),
  product("Multigrain loaf", BREAD, 365, 0.15, "loaf", { "wholegrain flour": 0.3, flour: 0.1, yeast: 0.01 }),
  product("Baguette", BREAD, 195, 0.12, "small", { flour: 0.22, yeast: 0.005 }),
  product("Currant buns (4)", BREAD, 295, 0.08, "small", {
    flour: 0.25,
    sugar: 0.03,
    butter: 0.02,
    yeast: 0.01,
  }),
  product("Croissant", PASTRY, 155, 0.3, "pastry", { flour: 0.05, butter: 0.03, sugar: 0.005, eggs: 0.1 }),
  product("Pain au chocolat", PASTRY, 185, 0.18, "pastry", { flour: 0.05, butter: 0.03, chocolate: 0.012 }),
  product("Apple turnover", PASTRY, 215, 0.14, "pastry", { flour: 0.05, butter: 0.03, apples: 0.06 }),
  product("Cinnamon roll", PASTRY, 255, 0.14, "pastry", { flour: 0.07, butter: 0.015, sugar: 0.02 }),
  product("Tompouce", PASTRY, 235, 0.12, "pastry", {
    flour: 0.03,
    butter: 0.02,
    milk: 0.06,
    eggs: 0.3,
    sugar: 0.03,
  }),
  product("Almond cookie", PASTRY, 195, 0.12, "pastry", {
    flour: 0.04,
    butter: 0.02,
    sugar: 0.025,
    eggs: 0.2,
  }),
  product(
    "Oliebollen (3)",
    PASTRY,
    350,
    0.8,
    "small",
    { flour: 0.15, yeast: 0.006, eggs: 0.3, sugar: 0.02 },
    { from: 1227, to: 1231 },
  ),
  product("Espresso", COFFEE, 240, 0.12, "drink", { "coffee beans": 0.009 }),
  product("Cappuccino", COFFEE, 320, 0.32, "drink", { "coffee beans": 0.009, milk: 0.15 }),
  product("Latte macchiato", COFFEE, 350, 0.18, "drink", { "coffee beans": 0.009, milk: 0.2 }),
  product("Filter coffee", COFFEE, 260, 0.16, "drink", { "coffee beans": 0.012 }),
  product("Tea", COFFEE, 230, 0.12, "drink", {}),
  product("Hot chocolate", COFFEE, 310, 0.1, "drink", { milk: 0.25, chocolate: 0.02 }),
  product("Cheese sandwich", SANDWICH, 450, 0.25, "sandwich", { flour: 0.08, cheese: 0.04 }),
  product("Ham and cheese sandwich", SANDWICH, 525, 0.22, "sandwich", {
    flour: 0.08,
    ham: 0.04,
    cheese: 0.02,
  }),
  product("Tuna sandwich", SANDWICH, 575, 0.15, "sandwich", { flour: 0.08, eggs: 0.5 }),
  product("Hummus sandwich", SANDWICH, 550, 0.15, "sandwich", { "wholegrain flour": 0.08 }),
  product("Club sandwich", SANDWICH, 695, 0.23, "sandwich", {
    flour: 0.1,
    ham: 0.05,
    eggs: 0.5,
    cheese: 0.02,
  }),
  product("Apple pie slice", CAKE, 375, 0.32, "slice", {
    flour: 0.03,
    butter: 0.02,
    apples: 0.08,
    sugar: 0.02,
    eggs: 0.2,
  }),
  product("Carrot cake slice", CAKE, 395, 0.22, "slice", { flour: 0.03, sugar: 0.03, eggs: 0.3 }),
  product("Chocolate brownie", CAKE, 295, 0.24, "slice", {
    chocolate: 0.03,
    butter: 0.02,
    sugar: 0.02,
    eggs: 0.3,
  }),
  product("Whole apple pie", CAKE, 1850, 0.12, "whole", {
    flour: 0.25,
    butter: 0.15,
    apples: 0.7,
    sugar: 0.15,
    eggs: 2,
  }),
  product("Birthday cake", CAKE, 2950, 0.05, "whole", {
    flour: 0.3,
    butter: 0.25,
    eggs: 6,
    sugar: 0.3,
    milk: 0.3,
  }),
  product(
    "Christmas stollen",
    CAKE,
    1250,
    0.25,
    "whole",
    { flour: 0.3, butter: 0.1, sugar: 0.05 },
    { from: 1115, to: 1231 },
  ),
].map((p, index) => ({ ...p, index }));

export const PRODUCT_COUNT = PRODUCTS.length;
export const CROISSANT = PRODUCTS.findIndex((p) => p.name === "Croissant");
export const TOMPOUCE = PRODUCTS.findIndex((p) => p.name === "Tompouce");

export function productAt(index: number): Product {
  const p = PRODUCTS[index];
  if (!p) throw new RangeError(`no product ${index}`);
  return p;
}

// ---------------------------------------------------------------------------------------------
// Injected effects: dates and sizes.

export const BREAD_PRICE_CHANGE = { day: daysFromCivil(2025, 2, 3), relative: 0.08, volumeEffect: -0.03 };
export const COFFEE_PRICE_CHANGE = { day: daysFromCivil(2025, 6, 23), relative: 0.06, volumeEffect: -0.02 };

/** New price after a relative rise, rounded to 5 cents the way shops price. */
export function raisedPrice(cents: number, relative: number): number {
  return Math.round((cents * (1 + relative)) / 5) * 5;
}

/** Price in cents of a product on a day. */
export function priceOn(productIndex: number, dayNumber: number): number {
  const p = productAt(productIndex);
  if (p.category === BREAD && dayNumber >= BREAD_PRICE_CHANGE.day) {
    return raisedPrice(p.priceCents, BREAD_PRICE_CHANGE.relative);
  }
  if (p.category === COFFEE && dayNumber >= COFFEE_PRICE_CHANGE.day) {
    return raisedPrice(p.priceCents, COFFEE_PRICE_CHANGE.relative);
  }
  return p.priceCents;
}

export const CROISSANT_PROMOTION = {
  id: "2-for-1-croissant",
  weeks: [
    [daysFromCivil(2024, 11, 11), daysFromCivil(2024, 11, 17)],
    [daysFromCivil(2025, 3, 17), daysFromCivil(2025, 3, 23)],
    [daysFromCivil(2025, 9, 15), daysFromCivil(2025, 9, 21)],
    [daysFromCivil(2026, 2, 9), daysFromCivil(2026, 2, 15)],
  ] as const,
  /** Croissant lines per hour are multiplied by this during a promotion week. */
  lineLift: 1.5,
};

export const CHRISTMAS_CAKE_PROMOTION = {
  id: "christmas-cakes-10",
  /** 1–23 December each year. */
  fromDayOfMonth: 1,
  toDayOfMonth: 23,
  discount: 0.1,
  lineLift: 1.3,
};

export const OVEN_FAILURE = {
  shop: 1,
  from: daysFromCivil(2025, 10, 20),
  to: daysFromCivil(2025, 10, 26),
  /** Bread and pastry demand at the counter of shop-2 is multiplied by this (only bought-in stock to sell). */
  multiplier: 0.4,
};

export const PILOT = {
  shop: 0,
  from: daysFromCivil(2026, 3, 2),
  /** Opens at 06:00 instead of 07:00, Monday to Saturday. */
  openSec: 6 * HOUR,
};

export const AB_TEST = {
  id: "one-page-checkout",
  from: daysFromCivil(2026, 4, 13),
  to: daysFromCivil(2026, 6, 7),
  controlConversion: 0.03,
  treatmentConversion: 0.036,
};

/** After the test the one-page checkout is rolled out to everybody. */
export const ROLLOUT_FROM = AB_TEST.to + 1;

export const TREND_PER_YEAR = 0.12;
/** Hourly cost multiplier for Sunday and public-holiday shifts. */
export const HOLIDAY_PREMIUM = 1.5;
export const WEB_TREND_PER_YEAR = 0.25;

// ---------------------------------------------------------------------------------------------
// Calendar: opening hours, holidays, day types.

export const WEEKDAY_TYPE = 0;
export const SATURDAY_TYPE = 1;
export const SUNDAY_TYPE = 2;
export const DAY_TYPE_NAMES = ["weekday", "saturday", "sunday"] as const;

/** Relative demand by weekday (Monday first), per shop. */
export const WEEKDAY_FACTORS: readonly (readonly number[])[] = [
  [0.9, 0.95, 0.97, 1.0, 1.1, 1.4, 0.55],
  [0.85, 0.9, 0.95, 0.95, 1.05, 1.5, 0.6],
];

/** Counter line items per day at the start of the period for an average weekday (scale 1). */
export const SHOP_BASE_LINES = [760, 585] as const;

/** Hour-of-day weights (index = local hour) per shop and day type. */
const HOUR_WEIGHTS: readonly (readonly (readonly number[])[])[] = [
  [
    hours({
      6: 0.55,
      7: 0.75,
      8: 1.15,
      9: 0.95,
      10: 0.7,
      11: 0.75,
      12: 1.0,
      13: 0.8,
      14: 0.5,
      15: 0.45,
      16: 0.5,
      17: 0.4,
    }),
    hours({
      6: 0.3,
      7: 0.45,
      8: 0.85,
      9: 1.15,
      10: 1.2,
      11: 1.05,
      12: 0.85,
      13: 0.7,
      14: 0.55,
      15: 0.45,
      16: 0.35,
    }),
    hours({ 8: 0.8, 9: 1.2, 10: 1.25, 11: 0.95, 12: 0.6 }),
  ],
  [
    hours({
      6: 0.4,
      7: 0.55,
      8: 0.95,
      9: 1.0,
      10: 0.85,
      11: 0.7,
      12: 0.6,
      13: 0.5,
      14: 0.45,
      15: 0.55,
      16: 0.6,
      17: 0.45,
    }),
    hours({
      6: 0.3,
      7: 0.45,
      8: 0.85,
      9: 1.15,
      10: 1.2,
      11: 1.05,
      12: 0.85,
      13: 0.7,
      14: 0.55,
      15: 0.45,
      16: 0.35,
    }),
    hours({ 8: 0.8, 9: 1.2, 10: 1.25, 11: 0.95 }),
  ],
];

function hours(weights: Record<number, number>): number[] {
  return Array.from({ length: 24 }, (_, h) => weights[h] ?? 0);
}

export function hourWeight(shop: number, dayType: number, hour: number): number {
  return HOUR_WEIGHTS[shop]?.[dayType]?.[hour] ?? 0;
}

/** Standard opening hours in seconds since midnight, per shop and day type. */
const OPENING: readonly (readonly (readonly [number, number])[])[] = [
  [
    [7 * HOUR, 18 * HOUR],
    [7 * HOUR, 17 * HOUR],
    [8 * HOUR, 13 * HOUR],
  ],
  [
    [7 * HOUR, 18 * HOUR],
    [7 * HOUR, 17 * HOUR],
    [8 * HOUR, 12 * HOUR],
  ],
];

export function standardOpening(shop: number, dayType: number): readonly [number, number] {
  const value = OPENING[shop]?.[dayType];
  if (!value) throw new RangeError(`no opening hours for shop ${shop} day type ${dayType}`);
  return value;
}

/** Sum of the hour weights inside the standard opening hours: normalises a day's level to hours. */
function standardWeight(shop: number, dayType: number): number {
  const [open, close] = standardOpening(shop, dayType);
  let total = 0;
  for (let h = open / HOUR; h < close / HOUR; h++) total += hourWeight(shop, dayType, h);
  return total;
}

export interface Holiday {
  name: string;
  /** Closed all day (both shops, no web orders). */
  closed?: boolean;
  /** Shops keep Sunday hours. Per shop: true for both, or a list of shop indexes. */
  sundayHours?: boolean | readonly number[];
  /** Demand multiplier per shop. */
  multiplier: readonly [number, number];
  /** Closing time in seconds (shortened day). */
  closeSec?: number;
}

function kingsDay(year: number): number {
  const day = daysFromCivil(year, 4, 27);
  return weekdayOf(day) === 6 ? day - 1 : day;
}

const holidayCache = new Map<number, Holiday | undefined>();

/** The holiday on a day, if any (Dutch public holidays and the days around Christmas and New Year). */
export function holidayOn(dayNumber: number): Holiday | undefined {
  if (holidayCache.has(dayNumber)) return holidayCache.get(dayNumber);
  const { year, month, day } = civilFromDays(dayNumber);
  const easter = easterSunday(year);
  let holiday: Holiday | undefined;
  if (month === 12 && day === 24)
    holiday = { name: "Christmas Eve", multiplier: [1.6, 1.6], closeSec: 16 * HOUR };
  else if (month === 12 && day === 25) holiday = { name: "Christmas Day", closed: true, multiplier: [0, 0] };
  else if (month === 12 && day === 26)
    holiday = { name: "Boxing Day", sundayHours: true, multiplier: [1.1, 1.1] };
  else if (month === 12 && day === 31)
    holiday = { name: "New Year's Eve", multiplier: [1.4, 1.4], closeSec: 16 * HOUR };
  else if (month === 1 && day === 1) holiday = { name: "New Year's Day", closed: true, multiplier: [0, 0] };
  else if (dayNumber === easter - 1) holiday = { name: "Easter Saturday", multiplier: [1.3, 1.3] };
  else if (dayNumber === easter)
    holiday = { name: "Easter Sunday", sundayHours: true, multiplier: [1.6, 1.6] };
  else if (dayNumber === easter + 1)
    holiday = { name: "Easter Monday", sundayHours: true, multiplier: [1.0, 1.0] };
  else if (dayNumber === easter + 39)
    holiday = { name: "Ascension Day", sundayHours: true, multiplier: [1.2, 1.2] };
  else if (dayNumber === easter + 50)
    holiday = { name: "Whit Monday", sundayHours: true, multiplier: [1.1, 1.1] };
  else if (dayNumber === kingsDay(year))
    holiday = { name: "King's Day", sundayHours: [1], multiplier: [1.4, 0.7] };
  holidayCache.set(dayNumber, holiday);
  return holiday;
}

export function isKingsDay(dayNumber: number): boolean {
  return dayNumber === kingsDay(civilFromDays(dayNumber).year);
}

/** Smooth yearly seasonality per shop: a winter high, a December run-up and a summer dip. */
export function seasonality(shop: number, dayNumber: number): number {
  const { year } = civilFromDays(dayNumber);
  const doy = dayNumber - daysFromCivil(year, 1, 1);
  const yearly = 0.06 * Math.cos((2 * Math.PI * (doy - 355)) / 365.25);
  const summerDip = (shop === 0 ? 0.06 : 0.2) * Math.exp(-0.5 * ((doy - 213) / 22) ** 2);
  let fromDecember = doy - 352;
  if (fromDecember < -182) fromDecember += 365;
  const december = 0.12 * Math.exp(-0.5 * (fromDecember / 7) ** 2);
  return 1 + yearly - summerDip + december;
}

/** Growth trend multiplier, compounding per year from the start of the period. */
export function trend(dayNumber: number, perYear = TREND_PER_YEAR): number {
  return (1 + perYear) ** ((dayNumber - PERIOD_FROM) / 365.25);
}

export function inRange(dayNumber: number, from: number, to: number): boolean {
  return dayNumber >= from && dayNumber <= to;
}

export function croissantPromotionOn(dayNumber: number): boolean {
  return CROISSANT_PROMOTION.weeks.some(([from, to]) => inRange(dayNumber, from, to));
}

export function christmasCakePromotionOn(dayNumber: number): boolean {
  const { month, day } = civilFromDays(dayNumber);
  return (
    month === 12 &&
    day >= CHRISTMAS_CAKE_PROMOTION.fromDayOfMonth &&
    day <= CHRISTMAS_CAKE_PROMOTION.toDayOfMonth
  );
}

export function inSeason(p: Product, dayNumber: number): boolean {
  if (!p.season) return true;
  const { month, day } = civilFromDays(dayNumber);
  const md = month * 100 + day;
  return p.season.from <= p.season.to
    ? md >= p.season.from && md <= p.season.to
    : md >= p.season.from || md <= p.season.to;
}

// ---------------------------------------------------------------------------------------------
// Product mix per hour segment.

/** Hour segments: early (< 09), morning (09–11), lunch (11–14), afternoon (>= 14). */
export function hourSegment(hour: number): number {
  return hour < 9 ? 0 : hour < 11 ? 1 : hour < 14 ? 2 : 3;
}

const SEGMENT_CATEGORY_WEIGHTS: readonly (readonly number[])[] = [
  [0.3, 0.3, 0.32, 0.03, 0.05],
  [0.24, 0.24, 0.3, 0.08, 0.14],
  [0.12, 0.1, 0.26, 0.4, 0.12],
  [0.32, 0.14, 0.22, 0.08, 0.24],
];
const SHOP_CATEGORY_FACTORS: readonly (readonly number[])[] = [
  [0.8, 1.0, 1.25, 1.35, 0.9],
  [1.3, 1.0, 0.75, 0.6, 1.15],
];
const SUNDAY_CATEGORY_FACTORS: readonly number[] = [1.0, 1.4, 1.0, 0.4, 1.4];
/** Category shares in web and phone orders (no coffee to go). */
export const WEB_CATEGORY_WEIGHTS: readonly number[] = [0.3, 0.33, 0, 0.17, 0.2];

/** Day-level conditions that change the product mix or volume. */
export interface MixConditions {
  croissantPromotion: boolean;
  christmasCakes: boolean;
  kingsDayTompouce: boolean;
  ovenFailure: boolean;
  breadPriceRaised: boolean;
  coffeePriceRaised: boolean;
  seasonal: readonly boolean[];
}

export function mixConditions(shop: number, dayNumber: number): MixConditions {
  return {
    croissantPromotion: croissantPromotionOn(dayNumber),
    christmasCakes: christmasCakePromotionOn(dayNumber),
    kingsDayTompouce: shop === 0 && isKingsDay(dayNumber),
    ovenFailure: shop === OVEN_FAILURE.shop && inRange(dayNumber, OVEN_FAILURE.from, OVEN_FAILURE.to),
    breadPriceRaised: dayNumber >= BREAD_PRICE_CHANGE.day,
    coffeePriceRaised: dayNumber >= COFFEE_PRICE_CHANGE.day,
    seasonal: PRODUCTS.map((p) => (p.season ? inSeason(p, dayNumber) : false)),
  };
}

function conditionsKey(c: MixConditions): string {
  const flags = [
    c.croissantPromotion,
    c.christmasCakes,
    c.kingsDayTompouce,
    c.ovenFailure,
    c.breadPriceRaised,
    c.coffeePriceRaised,
  ];
  return flags.map((f) => (f ? "1" : "0")).join("") + c.seasonal.map((f) => (f ? "1" : "0")).join("");
}

/** Volume multiplier of a product under the day's conditions (1 = base demand). */
export function productVolume(p: Product, c: MixConditions, forCounter: boolean): number {
  if (p.season && !c.seasonal[p.index]) return 0;
  let m = 1;
  if (c.croissantPromotion && p.index === CROISSANT) m *= CROISSANT_PROMOTION.lineLift;
  if (c.christmasCakes && p.category === CAKE) m *= CHRISTMAS_CAKE_PROMOTION.lineLift;
  if (c.kingsDayTompouce && p.index === TOMPOUCE) m *= 4;
  if (forCounter && c.ovenFailure && (p.category === BREAD || p.category === PASTRY))
    m *= OVEN_FAILURE.multiplier;
  if (c.breadPriceRaised && p.category === BREAD) m *= 1 + BREAD_PRICE_CHANGE.volumeEffect;
  if (c.coffeePriceRaised && p.category === COFFEE) m *= 1 + COFFEE_PRICE_CHANGE.volumeEffect;
  return m;
}

/** A product mix: a categorical over products and its volume relative to the base mix. */
export interface ProductMix {
  categorical: Categorical;
  /** Σ base share × volume multiplier: multiplies the hour's line intensity. */
  volume: number;
  /** Per-product share of lines (sums to `volume`). */
  shares: Float64Array;
}

function buildMix(categoryWeights: readonly number[], c: MixConditions, forCounter: boolean): ProductMix {
  let categoryTotal = 0;
  for (const w of categoryWeights) categoryTotal += w;
  const baseTotalByCategory = new Float64Array(CATEGORIES.length);
  for (const p of PRODUCTS)
    if (!p.season) baseTotalByCategory[p.category] = (baseTotalByCategory[p.category] ?? 0) + p.weight;
  const shares = new Float64Array(PRODUCT_COUNT);
  let volume = 0;
  for (const p of PRODUCTS) {
    const categoryShare = (categoryWeights[p.category] ?? 0) / categoryTotal;
    const withinCategory = p.weight / (baseTotalByCategory[p.category] || 1);
    const share = categoryShare * withinCategory * productVolume(p, c, forCounter);
    shares[p.index] = share;
    volume += share;
  }
  return { categorical: makeCategorical(Array.from(shares)), volume, shares };
}

const counterMixCache = new Map<string, ProductMix>();

/** The counter mix of a shop in an hour segment under a day's conditions (cached). */
export function counterMix(shop: number, segment: number, dayType: number, c: MixConditions): ProductMix {
  const key = `${shop}|${segment}|${dayType}|${conditionsKey(c)}`;
  let mix = counterMixCache.get(key);
  if (!mix) {
    const base = SEGMENT_CATEGORY_WEIGHTS[segment] ?? [];
    const weights = base.map(
      (w, i) =>
        w *
        (SHOP_CATEGORY_FACTORS[shop]?.[i] ?? 1) *
        (dayType === SUNDAY_TYPE ? (SUNDAY_CATEGORY_FACTORS[i] ?? 1) : 1),
    );
    mix = buildMix(weights, c, true);
    counterMixCache.set(key, mix);
  }
  return mix;
}

const webMixCache = new Map<string, ProductMix>();
const webMixByConditions = new WeakMap<MixConditions, ProductMix>();

/** The product mix of web and phone orders under a day's conditions (cached). */
export function webMix(c: MixConditions): ProductMix {
  let mix = webMixByConditions.get(c);
  if (mix) return mix;
  const key = conditionsKey({ ...c, ovenFailure: false, kingsDayTompouce: false });
  mix = webMixCache.get(key);
  if (!mix) {
    mix = buildMix(WEB_CATEGORY_WEIGHTS, c, false);
    webMixCache.set(key, mix);
  }
  webMixByConditions.set(c, mix);
  return mix;
}

export function quantityPmf(p: Product, c: MixConditions): QuantityPmf {
  return c.croissantPromotion && p.index === CROISSANT ? (QUANTITY.twoForOne ?? p.quantity) : p.quantity;
}

/** Expected units per line of a product under a day's conditions. */
export function expectedQuantity(p: Product, c: MixConditions): number {
  const pmf = quantityPmf(p, c);
  let e = 0;
  for (let i = 0; i < pmf.values.length; i++) e += (pmf.values[i] ?? 0) * (pmf.probabilities[i] ?? 0);
  return e;
}

/** Discount in cents on a line: 2-for-1 croissants, 10% off cakes before Christmas. */
export function lineDiscount(p: Product, quantity: number, unitPrice: number, c: MixConditions): number {
  if (c.croissantPromotion && p.index === CROISSANT) return Math.floor(quantity / 2) * unitPrice;
  if (c.christmasCakes && p.category === CAKE)
    return Math.round(quantity * unitPrice * CHRISTMAS_CAKE_PROMOTION.discount);
  return 0;
}

export function linePromotion(p: Product, c: MixConditions): string {
  if (c.croissantPromotion && p.index === CROISSANT) return CROISSANT_PROMOTION.id;
  if (c.christmasCakes && p.category === CAKE) return CHRISTMAS_CAKE_PROMOTION.id;
  return "";
}

/** Expected amount in cents of one line drawn from a mix (per unit of mix volume). */
export function expectedLineAmount(mix: ProductMix, c: MixConditions, dayNumber: number): number {
  let total = 0;
  for (const p of PRODUCTS) {
    const share = mix.shares[p.index] ?? 0;
    if (share === 0) continue;
    const price = priceOn(p.index, dayNumber);
    const pmf = quantityPmf(p, c);
    let amount = 0;
    for (let i = 0; i < pmf.values.length; i++) {
      const q = pmf.values[i] ?? 0;
      amount += (pmf.probabilities[i] ?? 0) * (q * price - lineDiscount(p, q, price, c));
    }
    total += share * amount;
  }
  return total / mix.volume;
}

// ---------------------------------------------------------------------------------------------
// The day plan: for each shop, whether and when it is open and its expected counter line items.

export interface ShopDay {
  open: boolean;
  dayType: number;
  openSec: number;
  closeSec: number;
  /** Expected counter line items per local hour at scale 1, before product volume multipliers. */
  hourly: Float64Array;
  conditions: MixConditions;
  /** The counter product mix per hour segment (see `hourSegment`). */
  mixes: readonly ProductMix[];
  pilotEarlyHour: boolean;
}

export interface DayPlan {
  index: number;
  dayNumber: number;
  date: string;
  weekday: number;
  holiday: Holiday | undefined;
  shops: readonly ShopDay[];
}

/** Mean line items per receipt is 1 + this, by hour segment. */
export const EXTRA_LINES_PER_RECEIPT: readonly number[] = [0.7, 0.85, 1.0, 0.85];

export function planDay(index: number): DayPlan {
  const dayNumber = PERIOD_FROM + index;
  const weekday = weekdayOf(dayNumber);
  const holiday = holidayOn(dayNumber);
  const shops: ShopDay[] = [];
  for (let shop = 0; shop < SHOP_COUNT; shop++) {
    const sundayHours =
      holiday?.sundayHours === true ||
      (Array.isArray(holiday?.sundayHours) && holiday.sundayHours.includes(shop));
    const dayType = weekday === 6 || sundayHours ? SUNDAY_TYPE : weekday === 5 ? SATURDAY_TYPE : WEEKDAY_TYPE;
    const hourly = new Float64Array(24);
    const conditions = mixConditions(shop, dayNumber);
    if (holiday?.closed) {
      shops.push({
        open: false,
        dayType,
        openSec: 0,
        closeSec: 0,
        hourly,
        conditions,
        mixes: [],
        pilotEarlyHour: false,
      });
      continue;
    }
    const [standardOpen, standardClose] = standardOpening(shop, dayType);
    const pilotEarlyHour = shop === PILOT.shop && dayNumber >= PILOT.from && dayType !== SUNDAY_TYPE;
    const openSec = pilotEarlyHour ? PILOT.openSec : standardOpen;
    const closeSec = Math.min(standardClose, holiday?.closeSec ?? standardClose);
    const weekdayFactor = sundayHours
      ? (WEEKDAY_FACTORS[shop]?.[6] ?? 1)
      : (WEEKDAY_FACTORS[shop]?.[weekday] ?? 1);
    const level =
      (SHOP_BASE_LINES[shop] ?? 0) *
      trend(dayNumber) *
      seasonality(shop, dayNumber) *
      weekdayFactor *
      (holiday?.multiplier[shop] ?? 1);
    const norm = standardWeight(shop, dayType);
    for (let h = openSec / HOUR; h < closeSec / HOUR; h++)
      hourly[h] = (level * hourWeight(shop, dayType, h)) / norm;
    const mixes = [0, 1, 2, 3].map((segment) => counterMix(shop, segment, dayType, conditions));
    shops.push({ open: true, dayType, openSec, closeSec, hourly, conditions, mixes, pilotEarlyHour });
  }
  return { index, dayNumber, date: formatDay(dayNumber), weekday, holiday, shops };
}

export function shopDay(plan: DayPlan, shop: number): ShopDay {
  const value = plan.shops[shop];
  if (!value) throw new RangeError(`no shop ${shop}`);
  return value;
}

/** Expected counter revenue (cents, scale 1) of a shop on a day, optionally leaving out the pilot's extra hour. */
export function expectedCounterRevenue(plan: DayPlan, shop: number, withoutPilotHour = false): number {
  const sd = shopDay(plan, shop);
  if (!sd.open) return 0;
  let total = 0;
  for (let h = 0; h < 24; h++) {
    const lines = sd.hourly[h] ?? 0;
    if (lines === 0 || (withoutPilotHour && sd.pilotEarlyHour && h * HOUR < 7 * HOUR)) continue;
    const mix = sd.mixes[hourSegment(h)] as ProductMix;
    total += lines * mix.volume * expectedLineAmount(mix, sd.conditions, plan.dayNumber);
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Web shop and fulfilment calendar.

/** When online orders are taken (seconds since local midnight); null when the web shop takes none. */
export function orderingWindow(plan: DayPlan): { from: number; to: number } | null {
  if (plan.holiday?.closed) return null;
  const sundayLike = plan.weekday === 6 || plan.holiday?.sundayHours === true;
  if (sundayLike) return { from: 8 * HOUR, to: 11 * HOUR };
  if (plan.holiday?.closeSec) return { from: 7 * HOUR, to: 13 * HOUR };
  return { from: 7 * HOUR, to: 15 * HOUR };
}

/** Whether delivery is offered (no drivers on Sundays and Sunday-hours holidays). */
export function deliveryOffered(plan: DayPlan): boolean {
  return plan.weekday !== 6 && plan.holiday?.sundayHours !== true;
}

/**
 * Periods in which a shop's oven is free for online orders; the rest of the day it bakes for the
 * counter. On Saturdays the counter bake takes most of the morning: that is the bottleneck.
 */
export function ovenWindows(plan: DayPlan, shop: number): readonly (readonly [number, number])[] {
  const sd = shopDay(plan, shop);
  if (!sd.open) return [];
  if (shop === OVEN_FAILURE.shop && inRange(plan.dayNumber, OVEN_FAILURE.from, OVEN_FAILURE.to)) return [];
  const m = MINUTE;
  if (sd.dayType === SUNDAY_TYPE) return [[7 * HOUR + 30 * m, 12 * HOUR + 30 * m]];
  if (sd.dayType === SATURDAY_TYPE) {
    return [
      [7 * HOUR, 7 * HOUR + 45 * m],
      [9 * HOUR + 30 * m, 17 * HOUR + 30 * m],
    ];
  }
  return [
    [7 * HOUR, 11 * HOUR],
    [11 * HOUR + 30 * m, 17 * HOUR + 30 * m],
  ];
}
