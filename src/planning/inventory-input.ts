import type { InventoryItem } from "./planning.schema.js";
import { failOnProblems, numberCell, readTableFile } from "./table-file.js";

/** File columns of an items table and the fields they fill. */
const COLUMNS = [
  ["demand", "demand"],
  ["demand_sd", "demandSd"],
  ["lead_time", "leadTime"],
  ["lead_time_sd", "leadTimeSd"],
  ["service_level", "serviceLevel"],
  ["order_cost", "orderCost"],
  ["holding_cost", "holdingCost"],
  ["underage_cost", "underageCost"],
  ["overage_cost", "overageCost"],
] as const;

/**
 * Reads one item per row: `item` and `demand` columns, and any of demand_sd, lead_time, lead_time_sd,
 * service_level, order_cost, holding_cost, underage_cost, overage_cost. Empty cells are left out.
 */
export async function readInventoryFile(path: string): Promise<InventoryItem[]> {
  const table = await readTableFile(path, [
    { name: "item", flag: "the item name" },
    ...COLUMNS.map(([name]) => ({
      name,
      flag: name === "demand" ? "mean demand per period" : name,
      optional: name !== "demand",
    })),
  ]);
  const problems: string[] = [];
  const items = table.rows.map((row, i) => {
    const line = i + 2;
    const item: Record<string, unknown> = { item: row.item ?? `row ${line}` };
    for (const [column, field] of COLUMNS) {
      const cell = row[column];
      if (cell === null || cell === undefined) continue;
      const n = numberCell(cell, { file: path, line, column });
      if (typeof n === "string") problems.push(n);
      else item[field] = n;
    }
    return item as InventoryItem;
  });
  failOnProblems(path, problems);
  return items;
}
