import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { AppError } from "../core/index.js";
import {
  type FieldNames,
  type InventoryPlan,
  type ProductionPlan,
  type ProductionRequest,
  planInventoryFor,
  planProductionFor,
  planStaffing,
  planStaffingFor,
  readArrivalsFile,
  readInventoryFile,
  readSalesFile,
  type StaffingPlan,
  withSimulation,
} from "../planning/index.js";
import type { Workspace } from "../workspace/index.js";
import { decimal, decimals, list, wholeNumber } from "./option-parsers.js";
import { table } from "./output.js";
import type { CliContext } from "./program.js";

type Options = Record<string, unknown>;

function condition(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf("=");
  if (at <= 0) throw new AppError("USAGE", `--where takes column=value, e.g. shop=shop-1; got "${value}".`);
  return { ...previous, [value.slice(0, at).trim()]: value.slice(at + 1).trim() };
}

/** Copies the options that were given, under the request's field names. */
function pick(o: Options, fields: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [option, field] of Object.entries(fields)) if (o[option] !== undefined) out[field] = o[option];
  return out;
}

const STAFFING_FLAGS: FieldNames = {
  intervalMinutes: "--interval",
  handlingTimeMinutes: "--handling-time",
  answerWithinSeconds: "--answer-within",
  serviceLevel: "--service-level",
  shrinkage: "--shrinkage",
  maxOccupancy: "--max-occupancy",
  arrivals: "--arrivals",
  table: "--table",
  kpi: "--kpi",
  weeks: "--weeks",
};

const INVENTORY_FLAGS: FieldNames = {
  item: "--item",
  demand: "--demand",
  demandSd: "--demand-sd",
  leadTime: "--lead-time",
  leadTimeSd: "--lead-time-sd",
  serviceLevel: "--service-level",
  orderCost: "--order-cost",
  holdingCost: "--holding-cost",
  underageCost: "--underage-cost",
  overageCost: "--overage-cost",
  samples: "--samples",
};

const PRODUCTION_FLAGS: FieldNames = {
  price: "--price",
  unitCost: "--unit-cost",
  costShare: "--cost-share",
  salvage: "--salvage",
  dataset: "--dataset",
  kpi: "--kpi",
  history: "--file",
  weekdays: "--file",
  items: "--items",
  method: "--method",
};

function fmt(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return "—";
  return value.toLocaleString("en", { maximumFractionDigits: digits });
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function buildPlanCommand(program: Command, context: CliContext): void {
  const plan = program
    .command("plan")
    .description(
      "plan staff (Erlang C), stock (EOQ, reorder points) and production of perishables (newsvendor)",
    );
  const path = (file: string) => resolve(context.io.cwd, file);

  /** Runs `work` inside the workspace when `needed`, else without one (files and numbers only). */
  async function maybeWorkspace<T>(
    command: Command,
    needed: boolean,
    work: (workspace?: Workspace) => Promise<T>,
  ): Promise<T> {
    return needed ? context.withWorkspace(command, (ws) => work(ws)) : work();
  }

  plan
    .command("staffing")
    .description("agents per interval to answer a share of arrivals within a target time (Erlang C)")
    .option("--arrivals <n>", "arrivals in one interval", decimal("--arrivals"))
    .option("--table <file>", "arrivals per interval: CSV or JSON with weekday, start and arrivals columns")
    .option("--weekday-column <column>", "with --table: weekday column (monday, Mon or 1–7)", "weekday")
    .option("--start-column <column>", "with --table: interval start column (8, 08:00, 08:30)", "start")
    .option("--arrivals-column <column>", "with --table: arrivals column", "arrivals")
    .option("--kpi <name>", "arrivals from the forecast of a KPI counted per hour (next week)")
    .option("--weeks <n>", "with --kpi: weeks of forecast to average (default 1)", wholeNumber("--weeks", 1))
    .option("--interval <minutes>", "interval length in minutes (default 60)", decimal("--interval"))
    .requiredOption(
      "--handling-time <minutes>",
      "average handling time in minutes",
      decimal("--handling-time"),
    )
    .option(
      "--answer-within <seconds>",
      "target answer time in seconds (default 20)",
      decimal("--answer-within"),
    )
    .option(
      "--service-level <fraction>",
      "share to answer within the target time (default 0.8)",
      decimal("--service-level"),
    )
    .option(
      "--shrinkage <fraction>",
      "share of paid time agents are unavailable (default 0)",
      decimal("--shrinkage"),
    )
    .option(
      "--max-occupancy <fraction>",
      "highest share of time agents may be busy (default 0.85)",
      decimal("--max-occupancy"),
    )
    .option("--simulate", "check the busiest interval by simulation in the twin's kernel")
    .action(async (o: Options, command: Command) => {
      const parameters = pick(o, {
        interval: "intervalMinutes",
        handlingTime: "handlingTimeMinutes",
        answerWithin: "answerWithinSeconds",
        serviceLevel: "serviceLevel",
        shrinkage: "shrinkage",
        maxOccupancy: "maxOccupancy",
      });
      const sources = ["arrivals", "table", "kpi"].filter((k) => o[k] !== undefined);
      if (sources.length !== 1)
        throw new AppError(
          "USAGE",
          sources.length === 0
            ? "Give the arrivals: --arrivals N (one interval), --table FILE (per weekday and start) or --kpi NAME (a forecast)."
            : `Give only one of ${sources.map((s) => `--${s}`).join(" and ")}.`,
        );
      let result: StaffingPlan;
      if (o.table !== undefined) {
        const file = String(o.table);
        const arrivals = await readArrivalsFile(path(file), {
          weekday: String(o.weekdayColumn),
          start: String(o.startColumn),
          arrivals: String(o.arrivalsColumn),
        });
        result = planStaffing(
          { arrivals, parameters, source: file },
          { ...STAFFING_FLAGS, arrivals: "--table" },
        );
        if (o.simulate) result = withSimulation(result);
      } else {
        if (typeof o.arrivals === "number" && o.arrivals < 0)
          throw new AppError("USAGE", `--arrivals must be at least 0; got ${o.arrivals}.`);
        result = await maybeWorkspace(command, o.kpi !== undefined, (ws) =>
          planStaffingFor(
            {
              ...parameters,
              ...pick(o, { arrivals: "arrivals", kpi: "kpi", weeks: "weeks", simulate: "simulate" }),
            },
            ws,
            STAFFING_FLAGS,
          ),
        );
      }
      context.print(command, result, () => humanStaffing(result));
    });

  plan
    .command("inventory")
    .description("order quantity (EOQ), reorder point and safety stock, newsvendor quantity for perishables")
    .option(
      "--items <file>",
      "one item per row: item, demand and any of demand_sd, lead_time, lead_time_sd, service_level, order_cost, holding_cost, underage_cost, overage_cost",
    )
    .option("--item <name>", "name of the item", "item")
    .option("--demand <n>", "mean demand per period", decimal("--demand"))
    .option("--demand-sd <n>", "standard deviation of demand per period", decimal("--demand-sd"))
    .option("--lead-time <periods>", "mean lead time in periods", decimal("--lead-time"))
    .option("--lead-time-sd <periods>", "standard deviation of the lead time", decimal("--lead-time-sd"))
    .option(
      "--service-level <fraction>",
      "cycle service level for the reorder point, e.g. 0.95",
      decimal("--service-level"),
    )
    .option("--order-cost <amount>", "fixed cost per order (EOQ)", decimal("--order-cost"))
    .option(
      "--holding-cost <amount>",
      "cost of holding one unit for one period (EOQ)",
      decimal("--holding-cost"),
    )
    .option(
      "--underage-cost <amount>",
      "newsvendor: cost of one unit short, e.g. price − cost",
      decimal("--underage-cost"),
    )
    .option(
      "--overage-cost <amount>",
      "newsvendor: cost of one unit left over, e.g. cost − salvage",
      decimal("--overage-cost"),
    )
    .option("--samples <list>", "newsvendor from data: past demands, e.g. 41,52,47", decimals("--samples"))
    .action(async (o: Options, command: Command) => {
      let result: InventoryPlan;
      if (o.items !== undefined) {
        const items = await readInventoryFile(path(String(o.items)));
        result = planInventoryFor({ items });
      } else {
        if (o.demand === undefined)
          throw new AppError(
            "USAGE",
            "Give --demand (mean demand per period), or --items FILE for a table of items.",
          );
        const item = pick(o, {
          item: "item",
          demand: "demand",
          demandSd: "demandSd",
          leadTime: "leadTime",
          leadTimeSd: "leadTimeSd",
          serviceLevel: "serviceLevel",
          orderCost: "orderCost",
          holdingCost: "holdingCost",
          underageCost: "underageCost",
          overageCost: "overageCost",
          samples: "samples",
        });
        result = planInventoryFor({ items: [item as { demand: number }] }, INVENTORY_FLAGS);
      }
      context.print(command, result, () => humanInventory(result));
    });

  plan
    .command("production")
    .description("how many of each item to make per weekday (newsvendor): quantity, sales, waste, profit")
    .option("--dataset <name>", "daily sales from this dataset of sales lines, e.g. sales")
    .option("--file <path>", "daily sales from a CSV or JSON file (item, date, quantity)")
    .option("--kpi <name>", "demand from the forecast of a KPI counted per day (next week)")
    .option("--item-column <column>", "column naming the item (default item, or product in a dataset)")
    .option("--quantity-column <column>", "units sold (default quantity)")
    .option(
      "--time-column <column>",
      "date or time of the sale (default date, or a dataset's first time column)",
    )
    .option("--price-column <column>", "with --dataset: unit price column; its mean per item is the price")
    .option(
      "--where <column=value>",
      "with --dataset: only rows where column = value (repeatable)",
      condition,
    )
    .option("--from <date>", "with --dataset: first day of history (YYYY-MM-DD)")
    .option("--to <date>", "with --dataset: day after the last day of history")
    .option("--items <list>", "plan only these items, e.g. sourdough,baguette", list)
    .option("--price <amount>", "selling price of one unit", decimal("--price"))
    .option("--unit-cost <amount>", "cost of making one unit", decimal("--unit-cost"))
    .option(
      "--cost-share <fraction>",
      "unit cost as a share of the price, e.g. 0.35",
      decimal("--cost-share"),
    )
    .option("--salvage <amount>", "value of a unit left over (default 0)", decimal("--salvage"))
    .addOption(
      new Option("--method <method>", "demand per weekday as normal (mean, sd) or the observed days").choices(
        ["normal", "empirical"],
      ),
    )
    .action(async (o: Options, command: Command) => {
      const request: ProductionRequest = {
        ...pick(o, {
          price: "price",
          unitCost: "unitCost",
          costShare: "costShare",
          salvage: "salvage",
          items: "items",
          method: "method",
          kpi: "kpi",
        }),
      };
      const sources = ["dataset", "file", "kpi"].filter((k) => o[k] !== undefined);
      if (sources.length !== 1)
        throw new AppError(
          "USAGE",
          sources.length === 0
            ? "Say where demand comes from: --dataset NAME (sales lines), --file PATH (daily sales) or --kpi NAME (a forecast)."
            : `Give only one of ${sources.map((s) => `--${s}`).join(" and ")}.`,
        );
      if (o.dataset !== undefined)
        request.dataset = {
          name: String(o.dataset),
          ...pick(o, {
            itemColumn: "itemColumn",
            quantityColumn: "quantityColumn",
            timeColumn: "timeColumn",
            priceColumn: "priceColumn",
            where: "where",
            from: "from",
            to: "to",
          }),
        };
      if (o.file !== undefined)
        request.history = await readSalesFile(path(String(o.file)), {
          ...pick(o, { itemColumn: "item", quantityColumn: "quantity", timeColumn: "time" }),
        });
      const result: ProductionPlan = await maybeWorkspace(command, o.file === undefined, (ws) =>
        planProductionFor(request, ws, PRODUCTION_FLAGS),
      );
      context.print(command, result, () => humanProduction(result));
    });
}

function humanStaffing(plan: StaffingPlan): string {
  const sim = plan.simulation;
  const check = sim
    ? `Checked by simulation (${sim.replications} × ${sim.casesPerReplication.toLocaleString("en")} arrivals, ${sim.agents} agents${sim.weekday ? `, ${sim.weekday} ${sim.start}` : ""}): average wait ${fmt(sim.averageSpeedOfAnswerSeconds.simulated, 1)} s (95% ${fmt(sim.averageSpeedOfAnswerSeconds.ci95[0], 1)}–${fmt(sim.averageSpeedOfAnswerSeconds.ci95[1], 1)}) vs Erlang C ${fmt(sim.averageSpeedOfAnswerSeconds.erlang, 1)} s; occupancy ${pct(sim.occupancy.simulated)} vs ${pct(sim.occupancy.erlang)}.\n`
    : "";
  return humanStaffingPlan(plan) + check;
}

function humanStaffingPlan(plan: StaffingPlan): string {
  const p = plan.parameters;
  const head = `Erlang C: ${fmt(p.handlingTimeMinutes)} min per arrival, ${pct(p.serviceLevel)} answered within ${fmt(p.answerWithinSeconds)} s, occupancy at most ${pct(p.maxOccupancy)}, shrinkage ${pct(p.shrinkage)}; ${p.intervalMinutes}-minute intervals from ${plan.source}.\n`;
  const only = plan.intervals[0];
  if (plan.intervals.length === 1 && only) {
    return `${head}${fmt(only.arrivals)} arrivals need ${only.rawAgents} agents on the floor and ${only.scheduledAgents} scheduled: ${pct(only.serviceLevel)} answered within ${fmt(p.answerWithinSeconds)} s, occupancy ${pct(only.occupancy)}, ${pct(only.waitingProbability)} wait at all, average wait ${fmt(only.averageSpeedOfAnswerSeconds, 1)} s.\n`;
  }
  const totals = `Scheduled agent-hours: ${fmt(plan.totals.scheduledAgentHours, 1)}; peak ${plan.totals.peakScheduledAgents} agents.\n`;
  const map = plan.heatMap;
  if (!map)
    return `${head}${table(plan.intervals.map((i) => ({ arrivals: i.arrivals, raw: i.rawAgents, scheduled: i.scheduledAgents, "service level": pct(i.serviceLevel), occupancy: pct(i.occupancy) })))}${totals}`;
  const rows = map.weekdays.map((day, d) => ({
    weekday: day,
    ...Object.fromEntries(map.starts.map((s, j) => [s, map.scheduledAgents[d]?.[j] ?? null])),
  }));
  return `${head}Scheduled agents per weekday and interval start:\n${table(rows)}${totals}`;
}

function humanInventory(plan: InventoryPlan): string {
  return table(
    plan.items.map((i) => ({
      item: i.item,
      "order quantity": fmt(i.eoq?.orderQuantity, 1),
      "cost per period": fmt(i.eoq?.costPerPeriod),
      "safety stock": fmt(i.reorderPoint?.safetyStock, 1),
      "reorder point": fmt(i.reorderPoint?.reorderPoint, 1),
      "newsvendor quantity": fmt(i.newsvendor?.quantity, 1),
      "expected cost": fmt(i.newsvendor?.expectedCost),
    })),
  );
}

function humanProduction(plan: ProductionPlan): string {
  const rows = plan.table.items.map((item, i) => ({
    item,
    ...Object.fromEntries(
      plan.table.weekdays.map((d, j) => [d.slice(0, 3), plan.table.quantity[i]?.[j] ?? null]),
    ),
  }));
  return `Units to make per weekday (newsvendor, ${plan.method} demand) from ${plan.source}:\n${table(rows)}Per week: ${fmt(plan.totals.quantity, 0)} units, about ${fmt(plan.totals.expectedWaste, 0)} left over, expected profit ${fmt(plan.totals.expectedProfit, 0)}.\n`;
}
