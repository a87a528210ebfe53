/**
 * The planners behind one request shape each, shared by the CLI and the HTTP API: where the input
 * comes from (a number, a table, a dataset, a KPI's forecast) is resolved here.
 */
import { AppError } from "../core/index.js";
import type { Workspace } from "../workspace/index.js";
import { planInventory } from "./inventory.js";
import {
  type InventoryPlan,
  type InventoryRequest,
  type ProductionPlan,
  productionRequestSchema,
  type StaffingPlan,
  staffingRequestSchema,
} from "./planning.schema.js";
import { planProduction } from "./production.js";
import { forecastWeekdayDemand, readDailySales } from "./production-input.js";
import { type FieldNames, planStaffing } from "./staffing.js";
import { forecastArrivals } from "./staffing-input.js";
import { checkStaffingBySimulation } from "./staffing-simulation.js";
import { checkInput } from "./validate.js";

function exactlyOne(request: Record<string, unknown>, keys: string[], names: FieldNames): string {
  const given = keys.filter((k) => request[k] !== undefined);
  const label = (k: string) => names[k] ?? k;
  if (given.length !== 1)
    throw new AppError(
      "USAGE",
      given.length === 0
        ? `Say where the demand comes from: give one of ${keys.map(label).join(", ")}.`
        : `Give only one of ${given.map(label).join(" and ")}.`,
    );
  return given[0] as string;
}

function needWorkspace(workspace: Workspace | undefined, what: string): Workspace {
  if (!workspace) throw new AppError("USAGE", `${what} needs a workspace (run in one or pass --workspace).`);
  return workspace;
}

export async function planStaffingFor(
  request: unknown,
  workspace?: Workspace,
  names: FieldNames = {},
): Promise<StaffingPlan> {
  const checked = checkInput(staffingRequestSchema, request, names);
  const { arrivals, table, kpi, weeks, simulate, ...parameters } = checked;
  const source = exactlyOne(checked, ["arrivals", "table", "kpi"], names);
  const plan = await planFromSource();
  return simulate ? withSimulation(plan) : plan;

  async function planFromSource(): Promise<StaffingPlan> {
    if (source === "arrivals")
      return planStaffing({ arrivals: [{ arrivals }], parameters, source: "one interval" }, names);
    if (source === "table") return planStaffing({ arrivals: table, parameters, source: "table" }, names);
    if (checked.intervalMinutes !== 60)
      throw new AppError(
        "USAGE",
        `A KPI forecast gives arrivals per hour; leave ${names.intervalMinutes ?? "intervalMinutes"} at 60.`,
      );
    const forecast = await forecastArrivals(needWorkspace(workspace, "A KPI forecast"), kpi as string, {
      ...(weeks ? { weeks } : {}),
    });
    return planStaffing(
      {
        arrivals: forecast.arrivals,
        parameters: { ...parameters, intervalMinutes: 60 },
        source: `forecast of KPI "${kpi}" (${forecast.model}), ${forecast.from} to ${forecast.to}`,
      },
      names,
    );
  }
}

/** Adds a simulation check of the interval with the most arrivals. */
export function withSimulation(plan: StaffingPlan): StaffingPlan {
  const busiest = plan.intervals.reduce((a, b) => (b.arrivals > a.arrivals ? b : a));
  if (busiest.arrivals <= 0) return plan;
  const check = checkStaffingBySimulation(busiest, plan.parameters);
  return { ...plan, simulation: { weekday: busiest.weekday, start: busiest.start, ...check } };
}

export function planInventoryFor(request: unknown, names: FieldNames = {}): InventoryPlan {
  const items = (request as InventoryRequest | null)?.items;
  if (!Array.isArray(items)) throw new AppError("USAGE", "Give the items to plan as a list.");
  return planInventory(items, names);
}

export async function planProductionFor(
  request: unknown,
  workspace?: Workspace,
  names: FieldNames = {},
): Promise<ProductionPlan> {
  const checked = checkInput(productionRequestSchema, request, names);
  const { dataset, kpi, history, weekdays, items, method, ...prices } = checked;
  const source = exactlyOne(checked, ["dataset", "kpi", "history", "weekdays"], names);
  const keep = items ? new Set(items) : undefined;
  const only = <T extends { item: string }>(rows: T[]): T[] => {
    if (!keep) return rows;
    const kept = rows.filter((r) => keep.has(r.item));
    if (kept.length === 0)
      throw new AppError(
        "USAGE",
        `None of ${[...keep].join(", ")} (${names.items ?? "items"}) is in the data.`,
      );
    return kept;
  };
  if (source === "dataset" && dataset) {
    const ws = needWorkspace(workspace, "A dataset");
    const columns = await ws.store.columns("data", dataset.name).catch(() => []);
    const names_ = columns.map((c) => c.name);
    const itemColumn = dataset.itemColumn ?? (names_.includes("item") ? "item" : "product");
    const timeColumn =
      dataset.timeColumn ?? columns.find((c) => /^(DATE|TIMESTAMP)/.test(c.type))?.name ?? "date";
    const sales = await readDailySales(ws, {
      dataset: dataset.name,
      item: itemColumn,
      quantity: dataset.quantityColumn ?? "quantity",
      time: timeColumn,
      ...(dataset.priceColumn ? { price: dataset.priceColumn } : {}),
      ...(dataset.where ? { where: dataset.where } : {}),
      ...(dataset.from ? { from: dataset.from } : {}),
      ...(dataset.to ? { to: dataset.to } : {}),
    });
    const history_ = only(sales.history);
    const days = new Set(history_.map((h) => h.date));
    const first = [...days].sort()[0];
    const last = [...days].sort().at(-1);
    return planProduction(
      {
        history: history_,
        prices,
        itemPrices: Object.fromEntries(
          Object.entries(sales.prices).map(([item, price]) => [item, { price }]),
        ),
        method,
        source: `daily sales in dataset "${dataset.name}", ${days.size} days from ${first} to ${last}`,
      },
      names,
    );
  }
  if (source === "kpi") {
    const forecast = await forecastWeekdayDemand(needWorkspace(workspace, "A KPI forecast"), kpi as string);
    return planProduction(
      { weekdays: forecast.weekdays, prices, method, source: `forecast of KPI "${kpi}" (${forecast.model})` },
      names,
    );
  }
  if (source === "history")
    return planProduction({ history: only(history ?? []), prices, method, source: "history" }, names);
  return planProduction({ weekdays: only(weekdays ?? []), prices, method, source: "weekdays" }, names);
}
