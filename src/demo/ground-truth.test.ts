/**
 * The ground truth is really in the data: each check recomputes an effect from the generated files
 * with its own parsing and arithmetic, and compares it with what ground-truth.json states.
 */

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GroundTruth, type GroundTruthEffect, generateDemo } from "./index.js";

const SEED = 7;
const SCALE = 0.4;
const dir = mkdtempSync(join(tmpdir(), "opsloop-demo-truth-"));
let truth: GroundTruth;

/** A parsed CSV file: rows as arrays, read by column name through `get`. */
interface Table {
  rows: string[][];
  index: (column: string) => number;
}

/** A small CSV reader, independent of the generator's writer (quoted fields on the slow path). */
function parseCsv(text: string): Table {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const split = (line: string): string[] => {
    if (!line.includes('"')) return line.split(",");
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted && c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = !quoted;
      else if (c === "," && !quoted) {
        fields.push(field);
        field = "";
      } else field += c;
    }
    fields.push(field);
    return fields;
  };
  const header = split(lines[0] ?? "");
  const rows = lines.slice(1).map(split);
  for (const row of rows)
    if (row.length !== header.length) throw new Error(`row with ${row.length} fields: ${row.join(",")}`);
  return {
    rows,
    index: (column) => {
      const i = header.indexOf(column);
      if (i < 0) throw new Error(`no column ${column}`);
      return i;
    },
  };
}

const tables = new Map<string, Table>();

function table(name: string): Table {
  let t = tables.get(name);
  if (!t) {
    t = parseCsv(readFileSync(join(dir, `${name}.csv`), "utf8"));
    tables.set(name, t);
  }
  return t;
}

/** Collects failures in loops (one `expect` per row would be slow); the test then expects none. */
class Problems {
  readonly list: string[] = [];
  check(ok: boolean, message: () => string): void {
    if (!ok && this.list.length < 10) this.list.push(message());
  }
}

function effect(id: string): GroundTruthEffect {
  const found = truth.effects.find((e) => e.id === id);
  if (!found) throw new Error(`no effect ${id}`);
  return found;
}

/** Days since 1970-01-01 of a "yyyy-MM-dd" date. */
function dayOf(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000
  );
}

/** 0 = Monday … 6 = Sunday. */
function weekday(date: string): number {
  return (new Date(dayOf(date) * 86_400_000).getUTCDay() + 6) % 7;
}

function minutesBetween(isoFrom: string, isoTo: string): number {
  return (Date.parse(isoTo) - Date.parse(isoFrom)) / 60_000;
}

const amsterdam = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Amsterdam",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});
const localByHour = new Map<number, string>();

/** Local "yyyy-MM-ddTHH" of an instant in Europe/Amsterdam, from the tz database (cached per UTC hour). */
function amsterdamHour(ms: number): string {
  const hour = Math.floor(ms / 3_600_000);
  let text = localByHour.get(hour);
  if (text === undefined) {
    const parts = Object.fromEntries(
      amsterdam.formatToParts(new Date(hour * 3_600_000)).map((p) => [p.type, p.value]),
    );
    text = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}`;
    localByHour.set(hour, text);
  }
  return text;
}

/** A timestamp with offset is valid when its wall-clock part is what Amsterdam showed at that instant. */
function isValidAmsterdamIso(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/.test(text)) return false;
  const ms = Date.parse(text);
  return !Number.isNaN(ms) && amsterdamHour(ms) === text.slice(0, 13);
}

/** A local wall-clock time exists in Amsterdam when some instant one or two hours earlier in UTC shows it. */
function existsInAmsterdam(localDateHour: string): boolean {
  const asUtc = Date.parse(`${localDateHour}:00:00Z`);
  return (
    amsterdamHour(asUtc - 3_600_000) === localDateHour || amsterdamHour(asUtc - 7_200_000) === localDateHour
  );
}

beforeAll(async () => {
  await generateDemo({ outDir: dir, seed: SEED, scale: SCALE });
  truth = JSON.parse(readFileSync(join(dir, "ground-truth.json"), "utf8")) as GroundTruth;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the demo's ground truth is in its data", () => {
  it("states the seed, scale, period and the row count of every file", () => {
    expect(truth.seed).toBe(SEED);
    expect(truth.scale).toBe(SCALE);
    expect(truth.period).toEqual({ from: "2024-10-01", to: "2026-09-30" });
    for (const name of ["sales", "order_events", "tickets", "inventory", "deliveries", "web_sessions"]) {
      expect(table(name).rows.length, name).toBe(truth.rows[name]);
    }
    const ratings = readFileSync(join(dir, "ratings.ndjson"), "utf8").trim().split("\n");
    expect(ratings.length).toBe(truth.rows.ratings);
    const problems = new Problems();
    for (const line of ratings) {
      const r = JSON.parse(line) as { stars: number; shop: string; comment: string | null };
      problems.check(Number.isInteger(r.stars) && r.stars >= 1 && r.stars <= 5, () => line);
      problems.check(r.shop === "shop-1" || r.shop === "shop-2", () => line);
    }
    expect(problems.list).toEqual([]);
  });

  it("has sales lines and orders in the numbers of a busy two-shop bakery", () => {
    const days = 730;
    const linesPerDay = table("sales").rows.length / days / SCALE;
    expect(linesPerDay).toBeGreaterThan(1300);
    expect(linesPerDay).toBeLessThan(2100);
    const t = table("order_events");
    const order = t.index("order_id");
    const orders = new Set(t.rows.map((r) => r[order])).size / days / SCALE;
    expect(orders).toBeGreaterThan(40);
    expect(orders).toBeLessThan(80);
  });

  it("drops shop-2's counter bread and pastry revenue by the stated share in the oven-failure week", () => {
    const e = effect("oven-failure");
    expect(e.segment).toEqual({ shop: "shop-2", channel: "counter", category: ["bread", "pastry"] });
    const start = dayOf(e.from ?? "");
    expect(dayOf(e.to ?? "") - start).toBe(6);
    const t = table("sales");
    const [shop, channel, category, soldAt, amount] = [
      "shop",
      "channel",
      "category",
      "sold_at",
      "amount",
    ].map(t.index);
    const weekly = new Map<number, number>();
    for (const r of t.rows) {
      if (r[shop as number] !== "shop-2" || r[channel as number] !== "counter") continue;
      const c = r[category as number];
      if (c !== "bread" && c !== "pastry") continue;
      const week = Math.floor((dayOf(r[soldAt as number] ?? "") - start) / 7);
      if (week >= -2 && week <= 2) weekly.set(week, (weekly.get(week) ?? 0) + Number(r[amount as number]));
    }
    const around = [-2, -1, 1, 2].map((w) => weekly.get(w) ?? 0);
    const baseline = around.reduce((a, b) => a + b, 0) / around.length;
    const change = (weekly.get(0) ?? 0) / baseline - 1;
    const stated = e.relativeChange ?? 0;
    expect(stated).toBeLessThan(-0.3);
    expect(Math.abs(change - stated)).toBeLessThanOrEqual(0.1 * Math.abs(stated));
  });

  it("makes the oven failure the top driver of the fall in total revenue against the previous week", () => {
    const e = effect("oven-failure");
    const start = dayOf(e.from ?? "");
    const t = table("sales");
    const [shop, category, soldAt, amount] = ["shop", "category", "sold_at", "amount"].map(t.index);
    const change = new Map<string, number>();
    let total = 0;
    for (const r of t.rows) {
      const week = Math.floor((dayOf(r[soldAt as number] ?? "") - start) / 7);
      if (week !== 0 && week !== -1) continue;
      const value = Number(r[amount as number]) * (week === 0 ? 1 : -1);
      const key = `${r[shop as number]}/${r[category as number]}`;
      change.set(key, (change.get(key) ?? 0) + value);
      total += value;
    }
    const ranked = [...change.entries()].sort((a, b) => a[1] - b[1]);
    expect(total).toBeLessThan(0);
    expect(["shop-2/bread", "shop-2/pastry"]).toContain(ranked[0]?.[0]);
    const shop2 = [...change.entries()]
      .filter(([k]) => k.startsWith("shop-2/"))
      .reduce((sum, [, v]) => sum + v, 0);
    expect(shop2).toBeLessThan(total);
  });

  it("assigns checkout variants by the stated hash and converts at the stated rates", () => {
    const e = effect("checkout-ab-test");
    const rates = (e.details?.conversion ?? {}) as Record<string, number>;
    const from = dayOf(e.from ?? "");
    const to = dayOf(e.to ?? "");
    const fnv = (text: string): number => {
      let h = 0x811c9dc5;
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
      return h;
    };
    type Arm = { n: number; converted: number; value: number; squares: number };
    const stats: Record<string, Arm> = {
      control: { n: 0, converted: 0, value: 0, squares: 0 },
      "one-page-checkout": { n: 0, converted: 0, value: 0, squares: 0 },
    };
    const t = table("web_sessions");
    const [id, startedAt, variant, converted, orderValue] = [
      "session_id",
      "started_at",
      "variant",
      "converted",
      "order_value",
    ].map(t.index);
    const problems = new Problems();
    for (const r of t.rows) {
      const day = dayOf(r[startedAt as number] ?? "");
      if (day < from || day > to) {
        problems.check(r[variant as number] === "", () => `variant outside the test: ${r.join(",")}`);
        continue;
      }
      const expected = fnv(r[id as number] ?? "") % 100 < 50 ? "control" : "one-page-checkout";
      problems.check(r[variant as number] === expected, () => `assignment: ${r.join(",")}`);
      const s = stats[expected] as Arm;
      s.n++;
      if (r[converted as number] === "true") {
        s.converted++;
        const value = Number(r[orderValue as number]);
        s.value += value;
        s.squares += value * value;
      } else problems.check(r[orderValue as number] === "", () => `value without conversion: ${r.join(",")}`);
    }
    expect(problems.list).toEqual([]);
    for (const [name, s] of Object.entries(stats)) {
      const p = rates[name] ?? 0;
      // Within 3.5 standard errors of the stated rate (binomial).
      expect(Math.abs(s.converted / s.n - p), name).toBeLessThan(3.5 * Math.sqrt((p * (1 - p)) / s.n));
    }
    expect(rates["one-page-checkout"] ?? 0).toBeCloseTo(
      (rates.control ?? 0) * (1 + (e.relativeChange ?? 0)),
      10,
    );
    // No effect on order value: the difference of the means is within 3.5 standard errors (Welch).
    const meanAndVariance = (a: Arm): [number, number] => {
      const mean = a.value / a.converted;
      return [mean, (a.squares / a.converted - mean * mean) / a.converted];
    };
    const [meanControl, varControl] = meanAndVariance(stats.control as Arm);
    const [meanTreatment, varTreatment] = meanAndVariance(stats["one-page-checkout"] as Arm);
    expect(Math.abs(meanTreatment - meanControl)).toBeLessThan(3.5 * Math.sqrt(varControl + varTreatment));
  });

  it("makes online orders wait much longer before Bake on Saturday mornings than on weekday mornings", () => {
    const e = effect("saturday-oven-bottleneck");
    const t = table("order_events");
    const [order, activity, started, completed] = ["order_id", "activity", "started_at", "completed_at"].map(
      t.index,
    );
    const cases = new Map<string, { paid?: string; bake?: string }>();
    for (const r of t.rows) {
      const c = cases.get(r[order as number] ?? "") ?? {};
      if (r[activity as number] === "Payment received") c.paid = r[completed as number];
      if (r[activity as number] === "Bake" && c.bake === undefined) c.bake = r[started as number];
      cases.set(r[order as number] ?? "", c);
    }
    const groups = { saturday: [] as number[], weekday: [] as number[] };
    for (const c of cases.values()) {
      if (!c.paid || !c.bake) throw new Error("a case without payment or bake");
      const hour = Number(c.paid.slice(11, 13));
      if (hour < 7 || hour >= 12) continue;
      const day = weekday(c.paid);
      const wait = minutesBetween(c.paid, c.bake);
      if (day === 5) groups.saturday.push(wait);
      else if (day < 5) groups.weekday.push(wait);
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const saturday = mean(groups.saturday);
    const weekdayMean = mean(groups.weekday);
    expect(saturday).toBeGreaterThan(4 * weekdayMean);
    expect(saturday).toBeGreaterThan(20);
    const observed = e.observed as Record<string, { meanMinutes: number; cases: number }>;
    expect(observed.saturdayMorning?.cases).toBe(groups.saturday.length);
    expect(Math.abs(saturday - (observed.saturdayMorning?.meanMinutes ?? 0))).toBeLessThan(0.06);
    expect(Math.abs(weekdayMean - (observed.weekdayMorning?.meanMinutes ?? 0))).toBeLessThan(0.06);
  });

  it("makes bank-transfer payment the case attribute most linked to slow orders, by the stated lift", () => {
    const e = effect("slow-payment");
    expect(e.segment).toEqual({ payment_method: "bank-transfer" });
    const t = table("order_events");
    const columns = ["order_id", "started_at", "completed_at", "channel", "shop", "customer_type"] as const;
    const [order, started, completed, ...attributeColumns] = columns.map(t.index) as number[];
    const basketColumn = t.index("basket_size");
    const paymentColumn = t.index("payment_method");
    interface Case {
      first: number;
      last: number;
      firstStart: string;
      row: string[];
    }
    const cases = new Map<string, Case>();
    const problems = new Problems();
    for (const r of t.rows) {
      const id = r[order as number] ?? "";
      const start = Date.parse(r[started as number] ?? "");
      const end = Date.parse(r[completed as number] ?? "");
      const c = cases.get(id);
      if (!c) {
        cases.set(id, { first: start, last: end, firstStart: r[started as number] ?? "", row: r });
        continue;
      }
      // Case attributes are the same on every event of the case.
      problems.check(
        [...attributeColumns, basketColumn, paymentColumn].every((i) => r[i] === c.row[i]),
        () => `${id} changes its attributes`,
      );
      if (start < c.first) {
        c.first = start;
        c.firstStart = r[started as number] ?? "";
      }
      c.last = Math.max(c.last, end);
    }
    expect(problems.list).toEqual([]);
    const all = [...cases.values()];
    const durations = all.map((c) => c.last - c.first).sort((a, b) => a - b);
    // The 80th percentile by nearest rank; slow = strictly above it.
    const threshold = durations[Math.ceil(0.8 * durations.length) - 1] as number;
    const isSlow = (c: Case): boolean => c.last - c.first > threshold;
    const overall = all.filter(isSlow).length / all.length;
    const lift = (members: Case[]): number => members.filter(isSlow).length / members.length / overall;

    // Every value of every categorical case attribute, and every "basket of at least / at most k
    // items" with at least 1% of the orders (so no bucketing can hide a stronger basket effect).
    const segments: { name: string; lift: number }[] = [];
    const byValue = (name: string, read: (c: Case) => string): void => {
      const groups = new Map<string, Case[]>();
      for (const c of all) {
        const members = groups.get(read(c));
        if (members) members.push(c);
        else groups.set(read(c), [c]);
      }
      for (const [value, members] of groups) segments.push({ name: `${name}=${value}`, lift: lift(members) });
    };
    for (const [i, name] of ["channel", "shop", "customer_type"].entries())
      byValue(name, (c) => c.row[attributeColumns[i] as number] ?? "");
    byValue("payment_method", (c) => c.row[paymentColumn] ?? "");
    byValue("weekday", (c) => String(weekday(c.firstStart.slice(0, 10))));
    const sizes = [...new Set(all.map((c) => Number(c.row[basketColumn])))].sort((a, b) => a - b);
    for (const k of sizes) {
      const atLeast = all.filter((c) => Number(c.row[basketColumn]) >= k);
      const atMost = all.filter((c) => Number(c.row[basketColumn]) <= k);
      if (atLeast.length >= 0.01 * all.length) segments.push({ name: `basket>=${k}`, lift: lift(atLeast) });
      if (atMost.length >= 0.01 * all.length) segments.push({ name: `basket<=${k}`, lift: lift(atMost) });
    }
    segments.sort((a, b) => b.lift - a.lift);
    const transfer = segments.find((s) => s.name === "payment_method=bank-transfer");
    const saturday = segments.find((s) => s.name === "weekday=5");
    expect(segments[0]?.name).toBe("payment_method=bank-transfer");
    expect(transfer?.lift).toBeGreaterThanOrEqual(2);
    expect(transfer?.lift ?? 0).toBeGreaterThan(1.5 * (segments[1]?.lift ?? 0));
    expect(transfer?.lift ?? 0).toBeGreaterThan(2 * (saturday?.lift ?? 0));
    const observed = e.observed as { lift: number; slowShareWith: number; orders: number };
    expect(observed.orders).toBe(all.length);
    expect(Math.abs((transfer?.lift ?? 0) - observed.lift)).toBeLessThanOrEqual(0.05);
  });

  it("re-bakes about the stated share of orders after a failed quality check", () => {
    const e = effect("quality-rework");
    const stated = (e.details?.reworkRate ?? 0) as number;
    const t = table("order_events");
    const [order, activity] = ["order_id", "activity"].map(t.index);
    const orders = new Set<string>();
    const reworked = new Set<string>();
    for (const r of t.rows) {
      orders.add(r[order as number] ?? "");
      if (r[activity as number] === "Re-bake") reworked.add(r[order as number] ?? "");
    }
    const rate = reworked.size / orders.size;
    expect(Math.abs(rate - stated)).toBeLessThan(3.5 * Math.sqrt((stated * (1 - stated)) / orders.size));
  });

  it("keeps the event log consistent: order, times, endings and one task at a time per resource", () => {
    const t = table("order_events");
    const [eventId, order, activity, started, completed, resource] = [
      "event_id",
      "order_id",
      "activity",
      "started_at",
      "completed_at",
      "resource",
    ].map(t.index) as [number, number, number, number, number, number];
    const problems = new Problems();
    const byCase = new Map<string, string[][]>();
    let lastId = 0;
    for (const r of t.rows) {
      const id = Number(r[eventId]);
      problems.check(id === lastId + 1, () => `event ids out of sequence at ${id}`);
      lastId = id;
      const list = byCase.get(r[order] ?? "") ?? [];
      list.push(r);
      byCase.set(r[order] ?? "", list);
    }
    const busy = new Map<string, [number, number][]>();
    for (const [id, events] of byCase) {
      problems.check(
        events[0]?.[activity] === "Order received",
        () => `${id} does not start with Order received`,
      );
      const last = events.at(-1)?.[activity];
      problems.check(last === "Ship" || last === "Hand over", () => `${id} ends with ${last}`);
      problems.check(
        events.filter((e) => e[activity] === "Payment received").length === 1,
        () => `${id} payments`,
      );
      let previousEnd = Number.NEGATIVE_INFINITY;
      let baked = false;
      for (const [i, ev] of events.entries()) {
        const start = Date.parse(ev[started] ?? "");
        const end = Date.parse(ev[completed] ?? "");
        problems.check(start <= end, () => `${id} ${ev[activity]} ends before it starts`);
        problems.check(
          start >= previousEnd,
          () => `${id} ${ev[activity]} starts before the previous step ends`,
        );
        previousEnd = end;
        if (ev[activity] === "Bake" || ev[activity] === "Re-bake") {
          baked = true;
          problems.check(events[i + 1]?.[activity] === "Quality check", () => `${id}: no check after baking`);
        }
        if (ev[activity] === "Pack") problems.check(baked, () => `${id} packed before baking`);
        if (end > start) {
          const list = busy.get(ev[resource] ?? "") ?? [];
          list.push([start, end]);
          busy.set(ev[resource] ?? "", list);
        }
      }
    }
    for (const [name, intervals] of busy) {
      intervals.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < intervals.length; i++) {
        const [start] = intervals[i] as [number, number];
        const [, previousEnd] = intervals[i - 1] as [number, number];
        problems.check(
          start >= previousEnd,
          () => `${name} does two things at once at ${new Date(start).toISOString()}`,
        );
      }
    }
    expect(problems.list).toEqual([]);
  });

  it("peaks in the morning and sells nothing on the days the shops are closed", () => {
    const closed = new Set(truth.closedDays);
    expect(closed).toEqual(new Set(["2024-12-25", "2025-01-01", "2025-12-25", "2026-01-01"]));
    const t = table("sales");
    const [soldAt, channel] = ["sold_at", "channel"].map(t.index) as [number, number];
    const perHour = new Array<number>(24).fill(0);
    const problems = new Problems();
    for (const r of t.rows) {
      const at = r[soldAt] ?? "";
      problems.check(!closed.has(at.slice(0, 10)), () => `sale on a closed day: ${r.join(",")}`);
      if (r[channel] !== "counter") continue;
      const hour = Number(at.slice(11, 13));
      perHour[hour] = (perHour[hour] ?? 0) + 1;
      problems.check(hour >= 6 && hour < 18, () => `counter sale outside opening hours: ${at}`);
    }
    const events = table("order_events");
    const started = events.index("started_at");
    for (const r of events.rows)
      problems.check(!closed.has(r[started]?.slice(0, 10) ?? ""), () => `work on a closed day: ${r}`);
    expect(problems.list).toEqual([]);
    const peak = perHour.indexOf(Math.max(...perHour));
    expect(peak).toBeGreaterThanOrEqual(7);
    expect(peak).toBeLessThan(12);
  });

  it("opens shop-1 at 06:00 only from the pilot's first day, Monday to Saturday", () => {
    const e = effect("pilot-early-opening");
    const from = dayOf(e.from ?? "");
    const t = table("sales");
    const [soldAt, channel, shop] = ["sold_at", "channel", "shop"].map(t.index) as [number, number, number];
    const problems = new Problems();
    let early = 0;
    for (const r of t.rows) {
      const at = r[soldAt] ?? "";
      if (r[channel] !== "counter" || Number(at.slice(11, 13)) >= 7) continue;
      problems.check(
        r[shop] === "shop-1" && dayOf(at) >= from && weekday(at) < 6,
        () => `early sale ${r.join(",")}`,
      );
      early++;
    }
    expect(problems.list).toEqual([]);
    expect(early).toBeGreaterThan(0);
    expect(e.relativeChange).toBeGreaterThan(0.02);
  });

  it("raises bread prices to the stated prices on the stated day", () => {
    const e = effect("price-change-bread");
    const prices = (e.details?.prices ?? {}) as Record<string, { before: number; after: number }>;
    const from = dayOf(e.from ?? "");
    const t = table("sales");
    const [category, product, soldAt, unitPrice] = ["category", "product", "sold_at", "unit_price"].map(
      t.index,
    ) as [number, number, number, number];
    const problems = new Problems();
    for (const r of t.rows) {
      if (r[category] !== "bread") continue;
      const p = prices[r[product] ?? ""];
      const expected = dayOf(r[soldAt] ?? "") < from ? p?.before : p?.after;
      problems.check(expected !== undefined && Math.abs(Number(r[unitPrice]) - expected) < 0.001, () =>
        r.join(","),
      );
    }
    expect(problems.list).toEqual([]);
    for (const p of Object.values(prices)) expect(Math.abs(p.after / p.before - 1 - 0.08)).toBeLessThan(0.03);
  });

  it("shows every stock-out as zero closing stock and no sales of the affected products after they sold out", () => {
    const e = effect("stockouts");
    const stockouts = (e.observed?.stockouts ?? []) as {
      date: string;
      ingredient: string;
      soldOutFrom: Record<string, string>;
      products: string[];
    }[];
    expect(stockouts.length).toBeGreaterThan(0);
    const inv = table("inventory");
    const [date, ingredient, onHand] = ["date", "ingredient", "on_hand"].map(inv.index) as [
      number,
      number,
      number,
    ];
    const closing = new Map(inv.rows.map((r) => [`${r[date]}/${r[ingredient]}`, Number(r[onHand])]));
    const t = table("sales");
    const [soldAt, channel, product, shop] = ["sold_at", "channel", "product", "shop"].map(t.index) as [
      number,
      number,
      number,
      number,
    ];
    const byDate = new Map(stockouts.map((s) => [s.date, [] as typeof stockouts]));
    for (const s of stockouts) {
      expect(closing.get(`${s.date}/${s.ingredient}`), `${s.date} ${s.ingredient}`).toBe(0);
      byDate.get(s.date)?.push(s);
    }
    const problems = new Problems();
    for (const r of t.rows) {
      const at = r[soldAt] ?? "";
      const list = byDate.get(at.slice(0, 10));
      if (!list || r[channel] !== "counter") continue;
      for (const s of list) {
        if (!s.products.includes(r[product] ?? "")) continue;
        const soldOut = s.soldOutFrom[r[shop] ?? ""] ?? "24:00";
        problems.check(
          at.slice(11, 16) <= soldOut,
          () => `${r[product]} sold at ${at}, sold out from ${soldOut}`,
        );
      }
    }
    expect(problems.list).toEqual([]);
  });

  it("files more late-delivery tickets per order about Saturday orders than about other days", () => {
    const events = table("order_events");
    const [order, activity, completed] = ["order_id", "activity", "completed_at"].map(events.index) as [
      number,
      number,
      number,
    ];
    const paidOn = new Map<string, string>();
    for (const r of events.rows)
      if (r[activity] === "Payment received") paidOn.set(r[order] ?? "", r[completed] ?? "");
    const orders = { saturday: 0, other: 0 };
    for (const paid of paidOn.values()) {
      if (weekday(paid) === 5) orders.saturday++;
      else orders.other++;
    }
    const t = table("tickets");
    const [ticket, category, ticketOrder, created, firstResponse, resolved] = [
      "ticket_id",
      "category",
      "order_id",
      "created_at",
      "first_response_at",
      "resolved_at",
    ].map(t.index) as [number, number, number, number, number, number];
    const tickets = { saturday: 0, other: 0 };
    const problems = new Problems();
    for (const r of t.rows) {
      // Answers and resolutions after the end of the period are not in the export yet (empty).
      const answered = r[firstResponse] !== "";
      const closed = r[resolved] !== "";
      problems.check(
        !answered || Date.parse(r[firstResponse] ?? "") >= Date.parse(r[created] ?? ""),
        () => `${r[ticket]} answered early`,
      );
      problems.check(
        !closed || (answered && Date.parse(r[resolved] ?? "") >= Date.parse(r[firstResponse] ?? "")),
        () => `${r[ticket]} resolved early`,
      );
      if (r[category] !== "late delivery") continue;
      const paid = paidOn.get(r[ticketOrder] ?? "");
      problems.check(
        paid !== undefined && Date.parse(r[created] ?? "") > Date.parse(paid),
        () => `${r[ticket]} order`,
      );
      if (weekday(paid ?? "") === 5) tickets.saturday++;
      else tickets.other++;
    }
    expect(problems.list).toEqual([]);
    expect(tickets.saturday / orders.saturday).toBeGreaterThan(2 * (tickets.other / orders.other));
  });

  it("writes every timestamp as a valid Europe/Amsterdam local time, on the clock-change days too", () => {
    const problems = new Problems();
    const isoColumns: [string, string[]][] = [
      ["order_events", ["started_at", "completed_at"]],
      ["web_sessions", ["started_at"]],
      ["tickets", ["created_at", "first_response_at", "resolved_at"]],
    ];
    for (const [name, columns] of isoColumns) {
      const t = table(name);
      for (const column of columns) {
        const c = t.index(column);
        const optional = column === "first_response_at" || column === "resolved_at";
        for (const r of t.rows) {
          const value = r[c] ?? "";
          problems.check(
            (optional && value === "") || isValidAmsterdamIso(value),
            () => `${name}.${column}: ${value}`,
          );
        }
      }
    }
    for (const line of readFileSync(join(dir, "ratings.ndjson"), "utf8").trim().split("\n")) {
      const at = (JSON.parse(line) as { rated_at: string }).rated_at;
      problems.check(isValidAmsterdamIso(at), () => `ratings: ${at}`);
    }
    const sales = table("sales");
    const soldAt = sales.index("sold_at");
    const hours = new Set(sales.rows.map((r) => `${r[soldAt]?.slice(0, 10)}T${r[soldAt]?.slice(11, 13)}`));
    for (const h of hours) problems.check(existsInAmsterdam(h), () => `sales: ${h} does not exist`);
    expect(problems.list).toEqual([]);
    // The sessions run through both clock changes: none in the skipped hour, both offsets on the day.
    const sessions = table("web_sessions");
    const started = sessions.index("started_at");
    const on = (date: string): string[] =>
      sessions.rows.map((r) => r[started] ?? "").filter((value) => value.startsWith(date));
    const spring = on("2026-03-29");
    expect(spring.some((v) => v.startsWith("2026-03-29T02:"))).toBe(false);
    expect(spring.some((v) => v.endsWith("+01:00")) && spring.some((v) => v.endsWith("+02:00"))).toBe(true);
    const autumn = on("2025-10-26");
    expect(autumn.some((v) => v.endsWith("+01:00")) && autumn.some((v) => v.endsWith("+02:00"))).toBe(true);
  });

  it("keeps the roster in a spreadsheet whose people are the ones doing the work", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, "shifts.xlsx"));
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error("the workbook has no sheet");
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(["shift_id", "employee", "role", "shop", "date", "start", "end", "hourly_cost"]);
    const onDuty = new Set<string>();
    const problems = new Problems();
    let rows = 0;
    sheet.eachRow((row, index) => {
      if (index === 1) return;
      rows++;
      const [, , employee, role, shop, date, start, end, cost] = row.values as unknown[];
      problems.check(["baker", "clerk", "packer", "driver"].includes(String(role)), () => `role ${role}`);
      problems.check(shop === "shop-1" || shop === "shop-2", () => `shop ${shop}`);
      problems.check(
        date instanceof Date && String(end) > String(start) && Number(cost) > 10,
        () => `row ${index}`,
      );
      if (date instanceof Date) onDuty.add(`${date.toISOString().slice(0, 10)}/${String(employee)}`);
    });
    expect(rows).toBe(truth.rows.shifts);
    const t = table("order_events");
    const [role, resource, started] = ["role", "resource", "started_at"].map(t.index) as [
      number,
      number,
      number,
    ];
    for (const r of t.rows) {
      if (r[role] === "system" || r[resource]?.startsWith("oven-")) continue;
      const key = `${r[started]?.slice(0, 10)}/${r[resource]}`;
      problems.check(onDuty.has(key), () => `${key} is not on the roster`);
    }
    expect(problems.list).toEqual([]);
  });
});
