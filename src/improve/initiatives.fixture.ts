import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { saveExperiment, savePilot } from "../experiments/index.js";
import { importFile } from "../ingest/index.js";
import { saveKpi } from "../kpi/index.js";
import { initWorkspace, type Workspace } from "../workspace/index.js";

/**
 * A small bakery for the improvement tests: daily sales of three shops from 2026-01-05 (a Monday)
 * to 2026-04-26 (16 weeks), where shop-1 sells 60 EUR a day more from 2026-03-02 on; and 4,000
 * checkout sessions split between `control` and `one-page`, where one-page converts 12% against 9%.
 */

export const FIRST_DAY = "2026-01-05";
export const DAYS = 112;
export const CHANGE_DAY = "2026-03-02";
export const SHOPS = ["shop-1", "shop-2", "shop-3"] as const;

export interface SaleDay {
  day: string;
  shop: string;
  amount: number;
}

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** One row per shop and day, in whole cents. */
export function saleDays(): SaleDay[] {
  const next = random(11);
  const out: SaleDay[] = [];
  for (let i = 0; i < DAYS; i++) {
    const day = addDays(FIRST_DAY, i);
    SHOPS.forEach((shop, s) => {
      const level = 800 + 150 * s + (shop === "shop-1" && day >= CHANGE_DAY ? 60 : 0);
      const noise = (next() + next() + next() - 1.5) * 80;
      out.push({ day, shop, amount: Math.round((level + noise) * 100) / 100 });
    });
  }
  return out;
}

export interface Session {
  id: string;
  variant: string;
  converted: number;
}

export function sessions(): Session[] {
  const next = random(5);
  const out: Session[] = [];
  for (let i = 0; i < 4000; i++) {
    const variant = i % 2 === 0 ? "control" : "one-page";
    const rate = variant === "control" ? 0.09 : 0.12;
    out.push({ id: `s${i}`, variant, converted: next() < rate ? 1 : 0 });
  }
  return out;
}

/** A fresh workspace with the sales, the sessions, KPIs revenue (daily) and weekly-revenue, the checkout experiment and the early-opening pilot. */
export async function bakeryWorkspace(): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), "opsloop-improve-"));
  const workspace = await initWorkspace(dir, {
    business: { name: "Test Bakery", currency: "EUR", timezone: "Europe/Amsterdam", weekStart: "monday" },
  });
  const sales = join(dir, "sales.csv");
  writeFileSync(
    sales,
    `day,shop,amount\n${saleDays()
      .map((r) => `${r.day},${r.shop},${r.amount.toFixed(2)}`)
      .join("\n")}\n`,
  );
  await importFile(workspace, sales, { dataset: "sales", types: { day: "DATE" } });
  const checkout = join(dir, "sessions.csv");
  writeFileSync(
    checkout,
    `id,variant,converted\n${sessions()
      .map((s) => `${s.id},${s.variant},${s.converted}`)
      .join("\n")}\n`,
  );
  await importFile(workspace, checkout, { dataset: "sessions" });
  const revenue = {
    dataset: "sales",
    time: "day",
    measure: { kind: "sum", of: "amount" },
    dimensions: ["shop"],
    unit: "EUR",
  };
  await saveKpi(workspace, { name: "revenue", label: "Revenue", grain: "day", ...revenue });
  await saveKpi(workspace, { name: "weekly-revenue", label: "Revenue", grain: "week", ...revenue });
  await saveExperiment(workspace, {
    name: "checkout",
    dataset: "sessions",
    variantColumn: "variant",
    unit: "id",
    variants: [
      { name: "control", weight: 1 },
      { name: "one-page", weight: 1 },
    ],
    metrics: [{ name: "conversion", label: "Conversion", type: "proportion", value: "converted" }],
  });
  savePilot(workspace, {
    name: "early-opening",
    kpi: "revenue",
    treated: "shop-1",
    controls: ["shop-2", "shop-3"],
    changeDate: CHANGE_DAY,
    from: FIRST_DAY,
    to: addDays(FIRST_DAY, DAYS - 1),
    scale: "level",
  });
  return workspace;
}
