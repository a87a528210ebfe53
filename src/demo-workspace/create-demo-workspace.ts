import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { AppError, defaultEffects, type Effects } from "../core/index.js";
import { type DemoManifest, generateDemo } from "../demo/index.js";
import { defineEventLog } from "../eventlog/index.js";
import { saveExperiment, savePilot } from "../experiments/index.js";
import { type ImportResult, importFile } from "../ingest/index.js";
import { evaluateKpi, findKpi, kpiFromTemplate, saveGoal, saveKpi } from "../kpi/index.js";
import { CONFIG_FILE, initWorkspace, STATE_DIR, Workspace } from "../workspace/index.js";
import { createImprovementHistory } from "./improvement-history.js";

export interface DemoWorkspaceOptions {
  seed: number;
  scale: number;
  /** Generate and import only these datasets (with the event logs and KPIs over them); all when absent. */
  only?: readonly string[];
}

export interface DemoWorkspaceResult {
  dir: string;
  created: boolean;
  manifest: DemoManifest | null;
  imports: ImportResult[];
  seconds: number;
}

/**
 * Builds the demo bakery's workspace in `dir`: generates its data files under `data/` with the
 * ground truth, creates opsloop.yaml, imports every file and defines the event logs.
 */
export async function createDemoWorkspace(
  dir: string,
  options: DemoWorkspaceOptions,
  effects: Effects = defaultEffects,
): Promise<DemoWorkspaceResult> {
  const started = performance.now();
  const root = resolve(dir);
  if (!Number.isInteger(options.seed) || options.seed < 0) {
    throw new AppError("USAGE", `--seed must be a whole number ≥ 0; got ${options.seed}.`);
  }
  if (!(options.scale > 0) || options.scale > 1000) {
    throw new AppError("USAGE", `--scale must be a number above 0 and at most 1000; got ${options.scale}.`);
  }
  if (existsSync(join(root, CONFIG_FILE))) {
    throw new AppError(
      "WORKSPACE_EXISTS",
      `${root} already holds a workspace; choose another --dir, or pass --if-missing to keep it.`,
      {
        dir: root,
      },
    );
  }
  const existed = existsSync(root);
  const imports: ImportResult[] = [];
  let workspace: Workspace | undefined;
  try {
    const manifest = await generateDemo(
      {
        outDir: join(root, "data"),
        seed: options.seed,
        scale: options.scale,
        ...(options.only ? { only: options.only } : {}),
      },
      effects.progress,
    );
    const { name, currency, timeZone, weekStart } = manifest.business;
    workspace = await initWorkspace(root, { business: { name, currency, timezone: timeZone, weekStart } });
    for (const dataset of manifest.datasets) {
      imports.push(
        await importFile(
          workspace,
          join(root, "data", dataset.file),
          {
            dataset: dataset.name,
            mode: "replace",
            ...(dataset.key ? { key: dataset.key } : {}),
            ...(dataset.timestampFormat ? { timestampFormat: dataset.timestampFormat } : {}),
          },
          effects,
        ),
      );
    }
    for (const log of manifest.logs) await defineEventLog(workspace, log);
    const imported = new Set(manifest.datasets.map((d) => d.name));
    await defineDemoKpis(workspace, imported, effects);
    await defineDemoTests(workspace, imported);
    await createImprovementHistory(workspace);
    workspace.close();
    workspace = undefined;
    return { dir: root, created: true, manifest, imports, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    // Nothing half-built stays behind.
    workspace?.close();
    if (existed) {
      for (const part of ["data", CONFIG_FILE, STATE_DIR])
        rmSync(join(root, part), { recursive: true, force: true });
    } else rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
/** The bakery's KPIs over the imported datasets, from the library, and goals on three of them. */
async function defineDemoKpis(
  workspace: Workspace,
  datasets: ReadonlySet<string>,
  effects: Effects,
): Promise<void> {
  const currency = workspace.config.business.currency;
  const kpis = [
    {
      template: "revenue",
      dataset: "sales",
      time: "sold_at",
      map: { amount: "amount" },
      grain: "week",
      dimensions: ["shop", "channel", "category"],
    },
    {
      template: "orders",
      dataset: "sales",
      time: "sold_at",
      map: { order: "receipt_id" },
      grain: "week",
      dimensions: ["shop", "channel"],
    },
    {
      template: "aov",
      dataset: "sales",
      time: "sold_at",
      map: { amount: "amount", order: "receipt_id" },
      grain: "week",
      dimensions: ["shop", "channel"],
    },
    {
      template: "conversion",
      dataset: "web_sessions",
      time: "started_at",
      map: { converted: "converted" },
      grain: "week",
      dimensions: ["variant", "device", "source"],
    },
    {
      template: "first-response-time",
      dataset: "tickets",
      time: "created_at",
      map: { created: "created_at", first_response: "first_response_at" },
      grain: "week",
      dimensions: ["channel", "category", "priority"],
    },
    {
      template: "cycle-time",
      name: "resolution-time",
      label: "Ticket resolution time",
      dataset: "tickets",
      time: "created_at",
      map: { start: "created_at", end: "resolved_at" },
      grain: "week",
      dimensions: ["category", "priority"],
    },
    {
      template: "error-rate",
      name: "rework-rate",
      label: "Rework rate (re-baked orders)",
      dataset: "order_events",
      time: "completed_at",
      map: { failed: "activity = 'Re-bake'", unit: "order_id" },
      grain: "week",
      dimensions: ["shop", "channel", "customer_type"],
    },
    {
      template: "csat",
      dataset: "ratings",
      time: "rated_at",
      map: { score: "stars" },
      grain: "month",
      dimensions: ["shop", "channel"],
    },
    {
      template: "stock-out-rate",
      dataset: "inventory",
      time: "date",
      map: { on_hand: "on_hand" },
      grain: "week",
      dimensions: ["ingredient"],
    },
  ] as const;
  const defined = new Set<string>();
  for (const k of kpis) {
    if (!datasets.has(k.dataset)) continue;
    defined.add("name" in k ? k.name : k.template);
    await saveKpi(
      workspace,
      kpiFromTemplate({ ...k, map: { ...k.map }, dimensions: [...k.dimensions], currency }),
    );
  }
  // Goals: a baseline over the first half of the second year, a deadline after the data ends.
  const goals: { kpi: string; change: number }[] = [
    { kpi: "revenue", change: 0.1 },
    { kpi: "conversion", change: 0.15 },
    { kpi: "first-response-time", change: -0.2 },
  ];
  for (const goal of goals) {
    if (!defined.has(goal.kpi)) continue;
    const kpi = findKpi(workspace, goal.kpi);
    const series = await evaluateKpi(workspace, kpi, { from: "2025-10-01", to: "2026-04-01" });
    const values = series.points.map((p) => p.value).filter((v): v is number => v !== null);
    const baseline = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    await saveGoal(
      workspace,
      {
        kpi: goal.kpi,
        baseline: { from: "2025-10-01", to: "2026-04-01" },
        target: Number((baseline * (1 + goal.change)).toPrecision(3)),
        deadline: "2026-12-31",
      },
      effects.clock,
    );
  }
}

/**
 * The bakery's checkout A/B test and its early-opening pilot, as the owner would have defined them
 * (the dates and variants are those of the ground truth's `checkout-ab-test` and `pilot-early-opening`).
 */
async function defineDemoTests(workspace: Workspace, datasets: ReadonlySet<string>): Promise<void> {
  if (datasets.has("web_sessions")) {
    await saveExperiment(workspace, {
      name: "one-page-checkout",
      title: "One-page checkout",
      hypothesis:
        "A checkout on one page loses fewer visitors than the three-step checkout, so more sessions end in an order.",
      owner: "Sanne (web shop)",
      dataset: "web_sessions",
      variantColumn: "variant",
      unit: "session_id",
      time: "started_at",
      start: "2026-04-13",
      stop: "2026-06-07",
      variants: [
        { name: "control", weight: 0.5 },
        { name: "one-page-checkout", weight: 0.5 },
      ],
      metrics: [
        { kpi: "conversion", role: "primary", label: "conversion" },
        {
          name: "revenue-per-session",
          label: "revenue per session",
          role: "secondary",
          type: "mean",
          value: "order_value",
        },
        {
          name: "order-value",
          label: "average order value",
          role: "guardrail",
          type: "ratio",
          numerator: "order_value",
          denominator: "converted",
        },
      ],
      mde: 0.15,
    });
  }
  if (datasets.has("sales")) {
    savePilot(workspace, {
      name: "early-opening",
      title: "Opening at 06:00",
      hypothesis:
        "Opening shop-1 an hour earlier on working days brings commuters in without taking sales from later hours.",
      owner: "Joost (shop-1)",
      kpi: "revenue",
      by: "shop",
      treated: "shop-1",
      controls: ["shop-2"],
      changeDate: "2026-03-02",
      from: "2026-01-05",
      to: "2026-06-28",
      filter: "channel = 'counter'",
      excludeWeekdays: ["sunday"],
    });
  }
}

/** Opens the demo workspace in `dir` if it is there, else builds it. */
export async function ensureDemoWorkspace(
  dir: string,
  options: DemoWorkspaceOptions,
  effects: Effects = defaultEffects,
): Promise<DemoWorkspaceResult> {
  const root = resolve(dir);
  if (existsSync(join(root, CONFIG_FILE))) {
    const workspace = await Workspace.open(root);
    workspace.close();
    return { dir: root, created: false, manifest: null, imports: [], seconds: 0 };
  }
  return createDemoWorkspace(root, options, effects);
}
