/**
 * `generateDemo`: writes the demo business's data files and its ground truth into a folder. Pure and
 * deterministic: the same seed and scale give byte-identical files; nothing reads the clock or
 * Math.random.
 */

import { mkdir, writeFile } from "node:fs/promises";
import { devNull } from "node:os";
import { join } from "node:path";
import { type Progress, silentProgress } from "../core/effects.js";
import { AppError, isAppError } from "../core/errors.js";
import { BUSINESS, PERIOD_DAYS, planDay, SHOP_COUNT } from "./business.js";
import { simulateFulfilment } from "./fulfilment.js";
import { buildGroundTruth } from "./ground-truth.js";
import { writeInventory } from "./inventory.js";
import { writeRatings } from "./ratings.js";
import { buildStaff, RosterBuilder } from "./roster.js";
import { writeSales } from "./sales.js";
import { writeWebSessions } from "./sessions.js";
import { writeShifts } from "./shifts.js";
import { writeTickets } from "./tickets.js";
import { CustomerPool, calibrateConversionBase, OrderBook } from "./web.js";

export interface DemoOptions {
  /** Folder the files are written to (created when missing). */
  outDir: string;
  /** Any integer; the same seed and scale give the same bytes. */
  seed: number;
  /** Demand multiplier (> 0, fractional allowed); 1 gives about 1.2 million sales lines. */
  scale: number;
  /**
   * Write only these datasets (names from DEMO_DATASETS); all when absent. The others are still
   * simulated, so the files written and the ground truth are the same as in a full run.
   */
  only?: readonly string[];
}

export interface DemoDataset {
  name: string;
  /** Path relative to outDir. */
  file: string;
  format: "csv" | "ndjson" | "xlsx";
  key?: string[];
  /** Java-style pattern such as "yyyy-MM-dd HH:mm:ss" for local timestamps that are not ISO 8601. */
  timestampFormat?: string;
  description: string;
}

export interface DemoEventLog {
  name: string;
  dataset: string;
  case: string;
  activity: string;
  timestamp: string;
  startTimestamp?: string;
  resource?: string;
  lifecycle?: string;
  role?: string;
  valueAdding?: string[];
}

export interface DemoManifest {
  business: { name: string; currency: "EUR"; timeZone: "Europe/Amsterdam"; weekStart: "monday" };
  datasets: DemoDataset[];
  logs: DemoEventLog[];
  groundTruthFile: string;
  seed: number;
  scale: number;
}

export const GROUND_TRUTH_FILE = "ground-truth.json";

export const DEMO_DATASETS: readonly DemoDataset[] = [
  {
    name: "sales",
    file: "sales.csv",
    format: "csv",
    key: ["line_id"],
    timestampFormat: "yyyy-MM-dd HH:mm:ss",
    description:
      "POS line items of both shops and the web shop: one row per product on a receipt, local time, amounts in EUR.",
  },
  {
    name: "order_events",
    file: "order_events.csv",
    format: "csv",
    key: ["event_id"],
    description:
      "Online and phone order fulfilment: one row per activity with start and completion time, who or what did it, and order attributes.",
  },
  {
    name: "tickets",
    file: "tickets.csv",
    format: "csv",
    key: ["ticket_id"],
    description:
      "Customer support tickets with category, priority, agent, first response, resolution and satisfaction score.",
  },
  {
    name: "inventory",
    file: "inventory.csv",
    format: "csv",
    key: ["date", "ingredient"],
    description:
      "Closing stock per ingredient per day at the central bakery, with the reorder point and unit cost.",
  },
  {
    name: "deliveries",
    file: "deliveries.csv",
    format: "csv",
    key: ["delivery_id"],
    description: "Ingredient purchase orders: supplier, order and delivery date, quantity and lead time.",
  },
  {
    name: "shifts",
    file: "shifts.xlsx",
    format: "xlsx",
    key: ["shift_id"],
    description:
      "The staff roster as kept in a spreadsheet: one row per shift with role, shop, times and hourly cost.",
  },
  {
    name: "web_sessions",
    file: "web_sessions.csv",
    format: "csv",
    key: ["session_id"],
    description:
      "Web-shop sessions with device, traffic source, checkout A/B variant, conversion and order value.",
  },
  {
    name: "ratings",
    file: "ratings.ndjson",
    format: "ndjson",
    key: ["rating_id"],
    description: "Customer ratings (1–5 stars) of shop visits and orders, with an optional comment.",
  },
];

export const DEMO_LOGS: readonly DemoEventLog[] = [
  {
    name: "order-fulfilment",
    dataset: "order_events",
    case: "order_id",
    activity: "activity",
    timestamp: "completed_at",
    startTimestamp: "started_at",
    resource: "resource",
    role: "role",
    valueAdding: ["Bake", "Pack", "Ship", "Hand over"],
  },
];

function validate(options: DemoOptions): void {
  if (options.only !== undefined) {
    const names = DEMO_DATASETS.map((d) => d.name);
    const unknown = options.only.filter((name) => !names.includes(name));
    if (options.only.length === 0 || unknown.length > 0) {
      throw new AppError(
        "USAGE",
        options.only.length === 0
          ? `Name at least one dataset to generate; the demo's datasets are ${names.join(", ")}.`
          : `Unknown demo dataset ${unknown.map((n) => `"${n}"`).join(", ")}; the demo's datasets are ${names.join(", ")}.`,
        { only: [...options.only], datasets: names },
      );
    }
  }
  if (typeof options.outDir !== "string" || options.outDir.trim() === "") {
    throw new AppError("USAGE", "The demo needs a folder to write to (outDir).", { outDir: options.outDir });
  }
  if (!Number.isSafeInteger(options.seed)) {
    throw new AppError("USAGE", `The seed must be a whole number, got ${String(options.seed)}.`, {
      seed: options.seed,
    });
  }
  if (
    !(
      typeof options.scale === "number" &&
      Number.isFinite(options.scale) &&
      options.scale > 0 &&
      options.scale <= 1000
    )
  ) {
    throw new AppError(
      "USAGE",
      `The scale must be a number above 0 (and at most 1000), got ${String(options.scale)}.`,
      {
        scale: options.scale,
      },
    );
  }
}

/** Generates the demo business's two years of data into `options.outDir` and returns its manifest. */
export async function generateDemo(
  options: DemoOptions,
  progress: Progress = silentProgress,
): Promise<DemoManifest> {
  validate(options);
  const { outDir, seed, scale } = options;
  try {
    await mkdir(outDir, { recursive: true });
    const wanted = (name: string): boolean => options.only === undefined || options.only.includes(name);
    // Datasets left out are generated into the null device: the same draws, no file.
    const path = (name: string): string =>
      wanted(name) ? join(outDir, DEMO_DATASETS.find((d) => d.name === name)?.file ?? name) : devNull;
    const plans = Array.from({ length: PERIOD_DAYS }, (_, i) => planDay(i));
    const conversionBase = calibrateConversionBase(plans);

    const inventory = await writeInventory({
      seed,
      scale,
      plans,
      conversionBase,
      inventoryPath: path("inventory"),
      deliveriesPath: path("deliveries"),
      progress,
    });
    const customers = new CustomerPool(scale);
    const orders = new OrderBook(Math.ceil(60 * PERIOD_DAYS * scale) + 1024);
    const sessions = await writeWebSessions({
      seed,
      scale,
      plans,
      conversionBase,
      orders,
      customers,
      path: path("web_sessions"),
      progress,
    });
    const staff = buildStaff(seed, scale);
    const fulfilment = await simulateFulfilment({
      seed,
      scale,
      plans,
      orders,
      roster: new RosterBuilder(staff, seed, scale),
      path: path("order_events"),
      progress,
    });
    const sales = await writeSales({
      seed,
      scale,
      plans,
      orders,
      customers,
      soldOut: (day, shop) => inventory.soldOut.get(day * SHOP_COUNT + shop),
      path: path("sales"),
      progress,
    });
    const tickets = await writeTickets({ seed, scale, plans, orders, path: path("tickets"), progress });
    const ratings = await writeRatings({ seed, scale, plans, orders, path: path("ratings"), progress });
    const shifts = await writeShifts({
      plans,
      roster: new RosterBuilder(staff, seed, scale),
      path: path("shifts"),
      progress,
    });

    const rows = {
      sales: sales.rows,
      order_events: fulfilment.rows,
      tickets: tickets.rows,
      inventory: inventory.inventoryRows,
      deliveries: inventory.deliveryRows,
      shifts: shifts.rows,
      web_sessions: sessions.rows,
      ratings: ratings.rows,
    };
    const truth = buildGroundTruth({
      seed,
      scale,
      plans,
      rows,
      sessions,
      fulfilment,
      sales,
      inventory,
      tickets,
      ratings,
      shifts,
    });
    await writeFile(join(outDir, GROUND_TRUTH_FILE), `${JSON.stringify(truth, null, 2)}\n`, "utf8");
    return {
      business: { ...BUSINESS },
      datasets: DEMO_DATASETS.filter((d) => wanted(d.name)).map((d) => ({
        ...d,
        ...(d.key ? { key: [...d.key] } : {}),
      })),
      logs: DEMO_LOGS.filter((l) => wanted(l.dataset)).map((l) => ({ ...l })),
      groundTruthFile: GROUND_TRUTH_FILE,
      seed,
      scale,
    };
  } catch (error) {
    if (isAppError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError(
      "INTERNAL",
      `Could not write the demo data to ${outDir}: ${message}`,
      { outDir },
      { cause: error },
    );
  }
}
