import { AppError } from "../core/errors.js";
import { closest } from "../core/validation.js";
import type { Grain, Kpi, Measure } from "./kpi.schema.js";

/** A column role a template needs, e.g. `amount`, mapped to a column of the dataset. */
export interface TemplateRole {
  role: string;
  description: string;
  optional?: boolean;
  /** The role takes a condition (a true/false column or an expression such as `activity = 'Re-bake'`). */
  condition?: boolean;
}

export interface KpiTemplate {
  id: string;
  label: string;
  description: string;
  unit: string | "currency";
  better: "higher" | "lower";
  grain: Grain;
  roles: TemplateRole[];
  /** The measure, given the mapped column names quoted for expressions. */
  measure: (columns: Record<string, string>) => Measure;
  /** A filter the template adds, if any. */
  filter?: (columns: Record<string, string>) => string | undefined;
}

/** A column name as it appears inside an expression. */
function q(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

const role = (name: string, description: string, optional = false): TemplateRole => ({
  role: name,
  description,
  ...(optional ? { optional } : {}),
});
const condition = (name: string, description: string): TemplateRole => ({
  role: name,
  description,
  condition: true,
});

/** A condition role's mapping: a column name, or an expression kept in parentheses. */
function cond(value: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(value) ? value : `(${value})`;
}

/** The KPIs small businesses use, made by mapping their roles to columns. */
export const KPI_TEMPLATES: KpiTemplate[] = [
  {
    id: "revenue",
    label: "Revenue",
    description: "Sum of sales amounts.",
    unit: "currency",
    better: "higher",
    grain: "day",
    roles: [role("amount", "money amount of a sale line")],
    measure: (c) => ({ kind: "sum", of: q(c.amount as string) }),
  },
  {
    id: "orders",
    label: "Orders",
    description: "Number of distinct orders (receipts).",
    unit: "orders",
    better: "higher",
    grain: "day",
    roles: [role("order", "order or receipt id")],
    measure: (c) => ({ kind: "count_distinct", of: q(c.order as string) }),
  },
  {
    id: "aov",
    label: "Average order value",
    description: "Revenue divided by the number of orders.",
    unit: "currency",
    better: "higher",
    grain: "week",
    roles: [role("amount", "money amount of a sale line"), role("order", "order or receipt id")],
    measure: (c) => ({
      kind: "ratio",
      numerator: { kind: "sum", of: q(c.amount as string) },
      denominator: { kind: "count_distinct", of: q(c.order as string) },
      scale: 1,
    }),
  },
  {
    id: "conversion",
    label: "Conversion rate",
    description: "Share of visits (sessions) that ended in an order, in percent.",
    unit: "%",
    better: "higher",
    grain: "week",
    roles: [condition("converted", "true/false: the visit ended in an order")],
    measure: (c) => ({
      kind: "ratio",
      numerator: { kind: "count", where: cond(c.converted as string) },
      denominator: { kind: "count" },
      scale: 100,
    }),
  },
  {
    id: "cac",
    label: "Customer acquisition cost",
    description: "Marketing spend divided by the number of new customers.",
    unit: "currency",
    better: "lower",
    grain: "month",
    roles: [role("spend", "marketing spend"), role("new_customer", "id of a newly acquired customer")],
    measure: (c) => ({
      kind: "ratio",
      numerator: { kind: "sum", of: q(c.spend as string) },
      denominator: { kind: "count_distinct", of: q(c.new_customer as string) },
      scale: 1,
    }),
  },
  {
    id: "clv",
    label: "Customer lifetime value",
    description:
      "Simple cohort form: revenue per customer in the period, times the expected number of such periods a customer stays (the `lifetime` parameter, default 12).",
    unit: "currency",
    better: "higher",
    grain: "month",
    roles: [role("amount", "money amount of a sale line"), role("customer", "customer id")],
    measure: (c) => ({
      kind: "ratio",
      numerator: { kind: "sum", of: q(c.amount as string), where: `${q(c.customer as string)} is not null` },
      denominator: { kind: "count_distinct", of: q(c.customer as string) },
      scale: Number(c.lifetime ?? 12),
    }),
  },
  {
    id: "repeat-rate",
    label: "Repeat rate",
    description: "Share of the period's customers who ordered more than once, in percent.",
    unit: "%",
    better: "higher",
    grain: "month",
    roles: [role("customer", "customer id"), role("order", "order or receipt id")],
    measure: (c) => ({
      kind: "repeat_rate",
      customer: q(c.customer as string),
      order: q(c.order as string),
      scale: 100,
    }),
  },
  {
    id: "gross-margin",
    label: "Gross margin",
    description: "Revenue minus cost of goods, as a percentage of revenue.",
    unit: "%",
    better: "higher",
    grain: "month",
    roles: [
      role("amount", "money amount of a sale line"),
      role("cost", "cost of the goods sold on the line"),
    ],
    measure: (c) => ({
      kind: "ratio",
      numerator: { kind: "sum", of: `${q(c.amount as string)} - ${q(c.cost as string)}` },
      denominator: { kind: "sum", of: q(c.amount as string) },
      scale: 100,
    }),
  },
  {
    id: "on-time-delivery",
    label: "On-time delivery",
    description: "Share of deliveries made by their promised time, in percent.",
    unit: "%",
    better: "higher",
    grain: "week",
    roles: [role("delivered", "when it was delivered"), role("promised", "when it was promised")],
    measure: (c) => ({
      kind: "ratio",
      numerator: { kind: "count", where: `${q(c.delivered as string)} <= ${q(c.promised as string)}` },
      denominator: { kind: "count", of: q(c.delivered as string) },
      scale: 100,
    }),
  },
  {
    id: "cycle-time",
    label: "Cycle time",
    description: "Average time from start to end, in hours.",
    unit: "hours",
    better: "lower",
    grain: "week",
    roles: [role("start", "when the work started"), role("end", "when the work ended")],
    measure: (c) => ({ kind: "avg", of: `hours_between(${q(c.start as string)}, ${q(c.end as string)})` }),
  },
  {
    id: "first-response-time",
    label: "First response time",
    description: "Average time from a request to its first answer, in minutes.",
    unit: "minutes",
    better: "lower",
    grain: "week",
    roles: [
      role("created", "when the request came in"),
      role("first_response", "when it was first answered"),
    ],
    measure: (c) => ({
      kind: "avg",
      of: `minutes_between(${q(c.created as string)}, ${q(c.first_response as string)})`,
    }),
  },
  {
    id: "error-rate",
    label: "Rework / error rate",
    description: "Share of rows (orders, jobs) that needed rework or had an error, in percent.",
    unit: "%",
    better: "lower",
    grain: "week",
    roles: [
      condition("failed", "true/false column or condition: this row is rework or an error"),
      role("unit", "id of the order or job counted", true),
    ],
    measure: (c) =>
      c.unit
        ? {
            kind: "ratio",
            numerator: { kind: "count_distinct", of: q(c.unit), where: cond(c.failed as string) },
            denominator: { kind: "count_distinct", of: q(c.unit) },
            scale: 100,
          }
        : {
            kind: "ratio",
            numerator: { kind: "count", where: cond(c.failed as string) },
            denominator: { kind: "count" },
            scale: 100,
          },
  },
  {
    id: "csat",
    label: "Customer satisfaction (CSAT)",
    description: "Share of ratings of 4 or 5 on a 1–5 scale, in percent.",
    unit: "%",
    better: "higher",
    grain: "month",
    roles: [role("score", "rating from 1 to 5")],
    measure: (c) => ({
      kind: "ratio",
      numerator: { kind: "count", where: `${q(c.score as string)} >= 4` },
      denominator: { kind: "count", of: q(c.score as string) },
      scale: 100,
    }),
  },
  {
    id: "nps",
    label: "Net promoter score",
    description: "Promoters (9–10) minus detractors (0–6), as a percentage of answers on a 0–10 scale.",
    unit: "points",
    better: "higher",
    grain: "month",
    roles: [role("score", "answer from 0 to 10")],
    measure: (c) => ({
      kind: "ratio",
      numerator: {
        kind: "sum",
        of: `if(${q(c.score as string)} >= 9, 1, if(${q(c.score as string)} <= 6, -1, 0))`,
      },
      denominator: { kind: "count", of: q(c.score as string) },
      scale: 100,
    }),
  },
  {
    id: "inventory-turnover",
    label: "Inventory turnover",
    description: "Cost of goods used divided by the average stock value in the period.",
    unit: "turns",
    better: "higher",
    grain: "month",
    roles: [
      role("used_cost", "cost of stock used on the row"),
      role("stock_value", "value of stock on hand on the row"),
    ],
    measure: (c) => ({
      kind: "ratio",
      numerator: { kind: "sum", of: q(c.used_cost as string) },
      denominator: { kind: "avg", of: q(c.stock_value as string) },
      scale: 1,
    }),
  },
  {
    id: "stock-out-rate",
    label: "Stock-out rate",
    description: "Share of item-days with nothing on hand, in percent.",
    unit: "%",
    better: "lower",
    grain: "week",
    roles: [role("on_hand", "quantity on hand")],
    measure: (c) => ({
      kind: "ratio",
      numerator: { kind: "count", where: `${q(c.on_hand as string)} <= 0` },
      denominator: { kind: "count", of: q(c.on_hand as string) },
      scale: 100,
    }),
  },
];

export function findTemplate(id: string): KpiTemplate {
  const template = KPI_TEMPLATES.find((t) => t.id === id);
  if (template) return template;
  const hint = closest(
    id,
    KPI_TEMPLATES.map((t) => t.id),
  );
  throw new AppError(
    "NOT_FOUND",
    `No KPI template "${id}"${hint ? `; did you mean "${hint}"?` : `; templates are ${KPI_TEMPLATES.map((t) => t.id).join(", ")}.`}`,
    {
      template: id,
    },
  );
}

export interface TemplateInput {
  template: string;
  dataset: string;
  time: string;
  /** role → column (or, for condition roles such as `failed`, an expression). */
  map: Record<string, string>;
  name?: string;
  label?: string;
  grain?: Grain;
  dimensions?: string[];
  filter?: string;
  currency: string;
}

/** A KPI definition from a template and a mapping of its roles to columns. */
export function kpiFromTemplate(input: TemplateInput): Kpi {
  const template = findTemplate(input.template);
  const known = new Set([
    ...template.roles.map((r) => r.role),
    ...(template.id === "clv" ? ["lifetime"] : []),
  ]);
  for (const key of Object.keys(input.map)) {
    if (!known.has(key)) {
      const hint = closest(key, [...known]);
      throw new AppError(
        "USAGE",
        `Template "${template.id}" has no role "${key}"${hint ? `; did you mean "${hint}"?` : ""}; its roles are ${template.roles.map((r) => r.role).join(", ")}.`,
        { field: "map" },
      );
    }
  }
  const missing = template.roles.filter((r) => !r.optional && !input.map[r.role]);
  if (missing.length > 0) {
    throw new AppError(
      "USAGE",
      `Template "${template.id}" needs ${missing.map((r) => `${r.role} (${r.description})`).join(", ")}; map them with --map ${missing.map((r) => `${r.role}=COLUMN`).join(",")}.`,
      { field: "map", missing: missing.map((r) => r.role) },
    );
  }
  const filter = input.filter ?? template.filter?.(input.map);
  return {
    name: input.name ?? template.id,
    label: input.label ?? template.label,
    description: template.description,
    dataset: input.dataset,
    time: input.time,
    measure: template.measure(input.map),
    ...(filter ? { filter } : {}),
    grain: input.grain ?? template.grain,
    dimensions: input.dimensions ?? [],
    unit: template.unit === "currency" ? input.currency : template.unit,
    better: template.better,
    template: template.id,
  };
}
