import { useState } from "react";
import {
  ApiError,
  type InventoryItemInput,
  type InventoryPlan,
  listDatasets,
  PLAN_WEEKDAYS,
  type ProductionPlan,
  type ProductionRequest,
  planInventory,
  planProduction,
} from "../../api";
import { ErrorNotice } from "../../components/Status";
import { NumberField } from "../../components/twin/NumberField";
import { formatCount, formatNumber } from "../../format";
import { useLoad } from "../../use-load";

type Call<T> =
  | { status: "idle" }
  | { status: "running" }
  | { status: "ok"; data: T }
  | { status: "error"; error: ApiError };

function toApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError(0, "CLIENT", error instanceof Error ? error.message : String(error));
}

function round(v: number, digits = 1): string {
  const f = 10 ** digits;
  return formatNumber(Math.round(v * f) / f);
}

/** Stock and production: order quantities and reorder points per item, loaves to bake per weekday. */
export function PlanningTab() {
  return (
    <>
      <InventoryPlanner />
      <ProductionPlanner />
    </>
  );
}

interface ItemRow extends Required<Omit<InventoryItemInput, "underageCost" | "overageCost">> {
  key: number;
  underageCost: number;
  overageCost: number;
}

let rowKey = 1;

const EXAMPLE_ITEMS: Omit<ItemRow, "key">[] = [
  {
    item: "flour (kg)",
    demand: 40,
    demandSd: 8,
    leadTime: 3,
    leadTimeSd: 1,
    serviceLevel: 0.95,
    orderCost: 25,
    holdingCost: 0.02,
    underageCost: 0,
    overageCost: 0,
  },
  {
    item: "butter (kg)",
    demand: 6,
    demandSd: 2,
    leadTime: 2,
    leadTimeSd: 0.5,
    serviceLevel: 0.98,
    orderCost: 15,
    holdingCost: 0.05,
    underageCost: 0,
    overageCost: 0,
  },
  {
    item: "croissants",
    demand: 50,
    demandSd: 8,
    leadTime: 0,
    leadTimeSd: 0,
    serviceLevel: 0.9,
    orderCost: 0,
    holdingCost: 0.01,
    underageCost: 0.7,
    overageCost: 0.18,
  },
];

const ITEM_FIELDS: { key: keyof Omit<ItemRow, "key" | "item">; label: string; title: string }[] = [
  { key: "demand", label: "Demand", title: "Mean demand per period" },
  { key: "demandSd", label: "Demand sd", title: "Standard deviation of demand per period" },
  { key: "leadTime", label: "Lead time", title: "Mean lead time, in periods" },
  { key: "leadTimeSd", label: "Lead time sd", title: "Standard deviation of the lead time" },
  { key: "serviceLevel", label: "Service level", title: "Chance of no stock-out in a cycle, 0–1" },
  {
    key: "orderCost",
    label: "Order cost",
    title: "Fixed cost per order (K); 0 leaves out the order quantity",
  },
  { key: "holdingCost", label: "Holding cost", title: "Cost of holding one unit for one period (h)" },
  {
    key: "underageCost",
    label: "Short cost",
    title: "Newsvendor: cost of a unit short (p); 0 leaves it out",
  },
  {
    key: "overageCost",
    label: "Leftover cost",
    title: "Newsvendor: cost of a unit left over; 0 leaves it out",
  },
];

function toInput(row: ItemRow): InventoryItemInput {
  return {
    item: row.item || "item",
    demand: row.demand,
    demandSd: row.demandSd,
    leadTime: row.leadTime,
    leadTimeSd: row.leadTimeSd,
    serviceLevel: row.serviceLevel,
    ...(row.orderCost > 0 ? { orderCost: row.orderCost } : {}),
    ...(row.holdingCost > 0 ? { holdingCost: row.holdingCost } : {}),
    ...(row.underageCost > 0 && row.overageCost > 0
      ? { underageCost: row.underageCost, overageCost: row.overageCost }
      : {}),
  };
}

function InventoryPlanner() {
  const [rows, setRows] = useState<ItemRow[]>(() => EXAMPLE_ITEMS.map((r) => ({ ...r, key: rowKey++ })));
  const [call, setCall] = useState<Call<InventoryPlan>>({ status: "idle" });
  const run = () => {
    setCall({ status: "running" });
    planInventory(rows.map(toInput)).then(
      (data) => setCall({ status: "ok", data }),
      (error: unknown) => setCall({ status: "error", error: toApiError(error) }),
    );
  };
  const set = (key: number, patch: Partial<ItemRow>) =>
    setRows((list) => list.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <section className="section section-first" aria-labelledby="inventory-title">
      <div className="section-head">
        <h2 id="inventory-title">Stock: how much to order and when</h2>
        <p className="section-note">
          Economic order quantity, reorder point with safety stock (demand and lead-time variability) and, for
          perishables, the newsvendor quantity. Use one period for everything: a day, a week.
        </p>
      </div>
      <div className="card table-wrap">
        <table className="table table-compact twin-items" data-testid="inventory-items">
          <thead>
            <tr>
              <th>Item</th>
              {ITEM_FIELDS.map((f) => (
                <th key={f.key} className="num" title={f.title}>
                  {f.label}
                </th>
              ))}
              <th>
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.key}>
                <td>
                  <input
                    type="text"
                    className="twin-grid-input twin-item-name"
                    aria-label={`Name of item ${i + 1}`}
                    value={row.item}
                    onChange={(e) => set(row.key, { item: e.target.value })}
                  />
                </td>
                {ITEM_FIELDS.map((f) => (
                  <td key={f.key} className="num">
                    <input
                      type="number"
                      min={0}
                      step="any"
                      className="twin-grid-input"
                      aria-label={`${f.title} of ${row.item || `item ${i + 1}`}`}
                      value={row[f.key]}
                      onChange={(e) => {
                        const v = Number(e.target.value);
                        if (Number.isFinite(v) && v >= 0) set(row.key, { [f.key]: v });
                      }}
                      data-testid={`item-${i}-${f.key}`}
                    />
                  </td>
                ))}
                <td>
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    aria-label={`Remove ${row.item}`}
                    onClick={() => setRows((list) => list.filter((r) => r.key !== row.key))}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="twin-actions">
        <button
          type="button"
          className="button button-small"
          onClick={() =>
            setRows((list) => [
              ...list,
              {
                ...(EXAMPLE_ITEMS[0] as Omit<ItemRow, "key">),
                item: `item ${list.length + 1}`,
                key: rowKey++,
              },
            ])
          }
        >
          Add an item
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={run}
          disabled={rows.length === 0 || call.status === "running"}
          data-testid="plan-inventory"
        >
          {call.status === "running" ? "Planning…" : "Plan stock"}
        </button>
      </div>
      {call.status === "error" && <ErrorNotice error={call.error} what="the stock plan" onRetry={run} />}
      {call.status === "ok" && (
        <div className="card table-wrap">
          <table className="table table-compact" data-testid="inventory-plan">
            <caption className="table-caption">Per item</caption>
            <thead>
              <tr>
                <th>Item</th>
                <th className="num">Order quantity</th>
                <th className="num">Orders per period</th>
                <th className="num">Ordering + holding cost</th>
                <th className="num">Safety stock</th>
                <th className="num">Reorder at</th>
                <th className="num">Perishable: stock up to</th>
                <th className="num">Expected leftover</th>
                <th className="num">Expected short</th>
              </tr>
            </thead>
            <tbody>
              {call.data.items.map((item) => (
                <tr key={item.item} data-testid="inventory-row" data-item={item.item}>
                  <td className="strong">{item.item}</td>
                  <td className="num">{item.eoq ? round(item.eoq.orderQuantity) : "—"}</td>
                  <td className="num">{item.eoq ? round(item.eoq.ordersPerPeriod, 2) : "—"}</td>
                  <td className="num">{item.eoq ? round(item.eoq.costPerPeriod, 2) : "—"}</td>
                  <td className="num">{item.reorderPoint ? round(item.reorderPoint.safetyStock) : "—"}</td>
                  <td className="num strong">
                    {item.reorderPoint ? round(item.reorderPoint.reorderPoint) : "—"}
                  </td>
                  <td className="num">{item.newsvendor ? round(item.newsvendor.quantity) : "—"}</td>
                  <td className="num">{item.newsvendor ? round(item.newsvendor.expectedLeftover) : "—"}</td>
                  <td className="num">{item.newsvendor ? round(item.newsvendor.expectedShortage) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const DAY_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

function ProductionPlanner() {
  const datasets = useLoad(listDatasets, []);
  const tables = (datasets.data ?? []).filter((d) => d.kind === "table");
  const [dataset, setDataset] = useState("");
  const chosen = dataset || (tables.some((d) => d.name === "sales") ? "sales" : (tables[0]?.name ?? ""));
  const columns = tables.find((d) => d.name === chosen)?.columns ?? [];
  const [itemColumn, setItemColumn] = useState("");
  const [quantityColumn, setQuantityColumn] = useState("");
  const [priceColumn, setPriceColumn] = useState("unit_price");
  const [where, setWhere] = useState("category=bread");
  const [costShare, setCostShare] = useState(40);
  const [salvage, setSalvage] = useState(0);
  const [method, setMethod] = useState<"normal" | "empirical">("normal");
  const [call, setCall] = useState<Call<ProductionPlan>>({ status: "idle" });

  const has = (name: string) => columns.some((c) => c.name === name);
  const run = () => {
    const conditions = Object.fromEntries(
      where
        .split(",")
        .map((w) => w.trim())
        .filter((w) => w.includes("="))
        .map((w) => [w.slice(0, w.indexOf("=")).trim(), w.slice(w.indexOf("=") + 1).trim()]),
    );
    const body: ProductionRequest = {
      dataset: {
        name: chosen,
        ...(itemColumn ? { itemColumn } : {}),
        ...(quantityColumn ? { quantityColumn } : {}),
        ...(priceColumn && has(priceColumn) ? { priceColumn } : {}),
        ...(Object.keys(conditions).length > 0 ? { where: conditions } : {}),
      },
      costShare: costShare / 100,
      salvage,
      method,
    };
    setCall({ status: "running" });
    planProduction(body).then(
      (data) => setCall({ status: "ok", data }),
      (error: unknown) => setCall({ status: "error", error: toApiError(error) }),
    );
  };

  return (
    <section className="section" aria-labelledby="production-title">
      <div className="section-head">
        <h2 id="production-title">Production: how many to make each weekday</h2>
        <p className="section-note">
          From past daily sales, the quantity per item and weekday that balances selling out (lost margin)
          against leftovers (wasted cost): the newsvendor rule.
        </p>
      </div>
      {datasets.status === "error" && (
        <ErrorNotice error={datasets.error} what="the datasets" onRetry={datasets.reload} />
      )}
      <div className="controls controls-plain">
        <div className="field">
          <label htmlFor="production-dataset">Sales dataset</label>
          <select
            id="production-dataset"
            value={chosen}
            onChange={(e) => setDataset(e.target.value)}
            data-testid="production-dataset"
          >
            {tables.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        {(
          [
            ["production-item", "Item column", itemColumn, setItemColumn, "item or product"],
            ["production-quantity", "Quantity column", quantityColumn, setQuantityColumn, "quantity"],
            ["production-price", "Price column", priceColumn, setPriceColumn, "none"],
          ] as const
        ).map(([id, label, value, setValue, fallback]) => (
          <div className="field" key={id}>
            <label htmlFor={id}>{label}</label>
            <select id={id} value={value} onChange={(e) => setValue(e.target.value)}>
              <option value="">({fallback})</option>
              {columns.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className="field">
          <label htmlFor="production-where">Only rows where</label>
          <input
            id="production-where"
            type="text"
            value={where}
            placeholder="category=bread"
            onChange={(e) => setWhere(e.target.value)}
            data-testid="production-where"
          />
        </div>
        <NumberField
          id="production-cost-share"
          label="Cost as share of price"
          unit="%"
          value={costShare}
          min={1}
          max={99}
          onChange={setCostShare}
        />
        <NumberField
          id="production-salvage"
          label="Leftover value per unit"
          value={salvage}
          min={0}
          onChange={setSalvage}
        />
        <div className="field">
          <label htmlFor="production-method">Demand as</label>
          <select
            id="production-method"
            value={method}
            onChange={(e) => setMethod(e.target.value as "normal" | "empirical")}
          >
            <option value="normal">normal (mean, sd)</option>
            <option value="empirical">the observed days</option>
          </select>
        </div>
        <button
          type="button"
          className="button button-primary"
          onClick={run}
          disabled={!chosen || call.status === "running"}
          data-testid="plan-production"
        >
          {call.status === "running" ? "Planning…" : "Plan production"}
        </button>
      </div>
      {call.status === "running" && (
        <div className="status status-loading" role="status">
          <span className="spinner" aria-hidden="true" />
          Reading daily sales…
        </div>
      )}
      {call.status === "error" && <ErrorNotice error={call.error} what="the production plan" onRetry={run} />}
      {call.status === "ok" && <ProductionResult plan={call.data} />}
    </section>
  );
}

function ProductionResult({ plan }: { plan: ProductionPlan }) {
  const { table } = plan;
  const lineOf = (item: string, day: number) =>
    plan.lines.find((l) => l.item === item && l.weekday === table.weekdays[day]);
  return (
    <div data-testid="production-result">
      <p className="muted">
        From {plan.source}. A week's plan: {formatCount(plan.totals.quantity)} units, about{" "}
        {round(plan.totals.expectedWaste, 0)} left over, expected profit{" "}
        {round(plan.totals.expectedProfit, 0)}.
      </p>
      <div className="card table-wrap">
        <table className="table table-compact" data-testid="production-plan">
          <caption className="table-caption">Units to make per item and weekday</caption>
          <thead>
            <tr>
              <th>Item</th>
              {table.weekdays.map((d) => (
                <th key={d} className="num">
                  {DAY_SHORT[PLAN_WEEKDAYS.indexOf(d)] ?? d}
                </th>
              ))}
              <th className="num">Week</th>
            </tr>
          </thead>
          <tbody>
            {table.items.map((item, r) => {
              const row = table.quantity[r] ?? [];
              return (
                <tr key={item} data-testid="production-row" data-item={item}>
                  <td className="strong">{item}</td>
                  {row.map((q, c) => {
                    const line = lineOf(item, c);
                    return (
                      <td
                        key={table.weekdays[c]}
                        className="num"
                        title={
                          line
                            ? `Demand ${round(line.demandMean)} ± ${round(line.demandSd)}; sells ${round(line.expectedSales)}, ${round(line.expectedWaste)} left over, in stock ${Math.round(line.inStockProbability * 100)}% of days`
                            : undefined
                        }
                      >
                        {q === null ? "—" : formatCount(q)}
                      </td>
                    );
                  })}
                  <td className="num strong">{formatCount(row.reduce<number>((s, q) => s + (q ?? 0), 0))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
