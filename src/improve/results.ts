import { AppError, type Clock, describeIssues } from "../core/index.js";
import { analyzeWorkspaceExperiment, analyzeWorkspacePilot, findExperiment } from "../experiments/index.js";
import { welchTest } from "../experiments/stats/index.js";
import { completePoints, evaluateKpi, findKpi, type Grain, type KpiPoint } from "../kpi/index.js";
import { computeControlChart } from "../monitor/index.js";
import type { Workspace } from "../workspace/index.js";
import { type MeasuredResult, type ResultSource, resultSourceSchema } from "./improve.schema.js";

/**
 * Measured results: what a change did to a KPI, measured from the workspace's data and never typed
 * in. Three ways, from the strongest to the weakest evidence: a randomised experiment, a pilot
 * judged against the units that carried on (difference in differences), and a before/after
 * comparison of a KPI with a control-chart check.
 */

const DAY_MS = 86_400_000;
const MINUS = "−";

/** The KPI or metric a result is about, as a sentence needs it. */
export interface MeasuredQuantity {
  name: string;
  label: string;
  unit: string | null;
  better: "higher" | "lower";
  /** Period the figures are per; null when per unit. */
  grain: Grain | null;
  /** Figures are shares (0–1) shown as percentages. */
  share?: boolean;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function signed(text: string, x: number, sign: boolean): string {
  if (x < 0) return `${MINUS}${text}`;
  return sign && x > 0 ? `+${text}` : text;
}

/** A figure in its unit: 812.4 EUR, 3.45%, −0.35 percentage points, 12.5 minutes. */
export function formatAmount(
  x: number,
  quantity: Pick<MeasuredQuantity, "unit" | "share">,
  options: { sign?: boolean; difference?: boolean } = {},
): string {
  const sign = options.sign ?? false;
  if (quantity.share) {
    const text = signed((Math.abs(x) * 100).toFixed(2), x, sign);
    return options.difference ? `${text} percentage points` : `${text}%`;
  }
  const abs = Math.abs(x);
  const digits = abs >= 10_000 ? 0 : abs >= 1 ? 2 : 3;
  const text = signed(
    abs.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    x,
    sign,
  );
  if (!quantity.unit) return text;
  return quantity.unit === "%" ? `${text}%` : `${text} ${quantity.unit}`;
}

/** An interval of a change, the unit said once: "+20.00 to +104.50 EUR", "+0.18 to +4.52 percentage points". */
export function formatInterval(
  interval: readonly [number, number],
  quantity: Pick<MeasuredQuantity, "unit" | "share">,
): string {
  const bare = { unit: null, share: false };
  const plain = quantity.share
    ? (x: number) => signed((Math.abs(x) * 100).toFixed(2), x, true)
    : (x: number) => formatAmount(x, bare, { sign: true });
  if (!quantity.share && (quantity.unit === null || quantity.unit === "%")) {
    const each = (x: number) => formatAmount(x, quantity, { sign: true });
    return `${each(interval[0])} to ${each(interval[1])}`;
  }
  const suffix = quantity.share ? "percentage points" : quantity.unit;
  return `${plain(interval[0])} to ${plain(interval[1])} ${suffix}`;
}

/** "shop-2", "shop-2 and shop-3", "shop-2, shop-3 and shop-4". */
function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** "p = 0.031", "p < 0.001". */
export function formatPValue(p: number | null): string {
  if (p === null) return "no p-value";
  if (p < 0.001) return "p < 0.001";
  return `p = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const PER: Record<Grain, string> = {
  hour: "per hour",
  day: "per day",
  week: "per week",
  month: "per month",
  quarter: "per quarter",
};

/**
 * One plain sentence: "Revenue per day rose from 812 EUR to 874 EUR (+62 EUR, 95% CI +20 EUR to
 * +104 EUR; p = 0.004): a real improvement."
 */
export function describeMeasuredResult(
  quantity: MeasuredQuantity,
  figures: Pick<
    MeasuredResult,
    "before" | "after" | "change" | "changeCi" | "pValue" | "significant" | "better"
  >,
  against: string,
): string {
  const { before, after, change, changeCi, pValue, significant, better } = figures;
  const per = quantity.grain ? ` ${PER[quantity.grain]}` : quantity.share ? "" : " per unit";
  const label = `${quantity.label}${per}`;
  const verb = change > 0 ? "rose" : change < 0 ? "fell" : "stayed";
  const amounts =
    change === 0
      ? `at ${formatAmount(after, quantity)}`
      : `from ${formatAmount(before, quantity)} to ${formatAmount(after, quantity)}`;
  const ci = `95% CI ${formatInterval(changeCi, quantity)}`;
  const detail = `(${formatAmount(change, quantity, { sign: true, difference: true })}, ${ci}; ${formatPValue(pValue)})`;
  const verdict = !significant
    ? "that could well be chance"
    : better
      ? "a real improvement"
      : "a real change, in the wrong direction";
  return `${label} ${verb} ${amounts} ${against} ${detail}: ${verdict}.`;
}

function goodDirection(change: number, better: "higher" | "lower"): boolean {
  return change !== 0 && change > 0 === (better === "higher");
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample variance (n − 1). */
function variance(values: readonly number[]): number {
  const m = mean(values);
  return values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1);
}

/** One period's value in a pre/post window. */
export interface PeriodValue {
  period: string;
  value: number;
}

export interface PrePostInput {
  source: Extract<ResultSource, { kind: "pre-post" }>;
  kpi: MeasuredQuantity;
  before: PeriodValue[];
  after: PeriodValue[];
  /** Periods left out because a window covers them only in part. */
  partial?: number;
  measuredAt: string;
}

function chartCheck(input: PrePostInput): string[] {
  const nb = input.before.length;
  const values = [...input.before, ...input.after];
  try {
    const chart = computeControlChart({
      kind: "xmr",
      values: values.map((v) => v.value),
      periods: values.map((v) => v.period),
      baseline: { from: 0, to: nb },
      rules: "western-electric",
    });
    const out: string[] = [];
    const before = chart.signals.filter((s) => s.index < nb);
    const after = chart.signals.filter((s) => s.index >= nb);
    const limits = `limits ${formatAmount(Number(chart.lcl), input.kpi)} to ${formatAmount(Number(chart.ucl), input.kpi)} from the ${nb} periods before`;
    if (before.length > 0) {
      out.push(
        `Control chart: the before window is itself not stable (${before.length} signal${before.length > 1 ? "s" : ""}, first at ${before[0]?.period}); its limits are a rough guide.`,
      );
    }
    const shift = after.filter((s) => s.rule !== 1);
    const points = new Set(after.map((s) => s.index)).size;
    if (shift.length > 0) {
      const run = shift[0] as (typeof shift)[number];
      const up = mean(input.after.map((v) => v.value)) > chart.center;
      out.push(
        `Control chart (XmR, ${limits}): a sustained shift ${up ? "upward" : "downward"} after the change — ${points} of ${input.after.length} periods signal, the first at ${after[0]?.period}; at ${run.period}: ${lowerFirst(run.description)}.`,
      );
    } else if (after.length > 0) {
      const periods = [...new Set(after.map((s) => s.period))].join(", ");
      out.push(
        `Control chart (XmR, ${limits}): ${points} period${points > 1 ? "s" : ""} after the change beyond the limits (${periods}), but no sustained shift.`,
      );
    } else {
      out.push(
        `Control chart (XmR, ${limits}): no signals after the change — no sustained shift beyond the usual variation.`,
      );
    }
    return out;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [`Control chart not drawn: ${message}`];
  }
}

/**
 * A before/after comparison of a KPI's values per period: Welch's t test of the two means with the
 * 95% interval of the change, and an XmR chart with limits from the before window that says whether
 * the after window shows a sustained shift. Pure: the values come in.
 */
export function prePostResult(input: PrePostInput): MeasuredResult {
  const { kpi, source } = input;
  const before = input.before.map((v) => v.value);
  const after = input.after.map((v) => v.value);
  const per = kpi.grain ?? "period";
  for (const [name, values, window] of [
    ["before", before, source.before],
    ["after", after, source.after],
  ] as const) {
    if (values.length < 2) {
      throw new AppError(
        "NO_DATA",
        `The ${name} window ${window.from} to ${window.to} holds ${values.length} complete ${per}${values.length === 1 ? "" : "s"} of ${kpi.name}; a before/after comparison needs at least 2 on each side. Widen the window.`,
        { kpi: kpi.name, window: name, periods: values.length },
      );
    }
  }
  const a = { n: before.length, mean: mean(before), variance: variance(before) };
  const b = { n: after.length, mean: mean(after), variance: variance(after) };
  const welch = welchTest(a, b, 0.05);
  const change = b.mean - a.mean;
  const scale = Math.abs(a.mean);
  const relative = scale > 0 ? change / scale : 0;
  const relativeCi: [number, number] = scale > 0 ? [welch.ci[0] / scale, welch.ci[1] / scale] : [0, 0];
  const significant = welch.df > 0 && welch.pValue < 0.05;
  const better = goodDirection(change, kpi.better);
  const checks = [
    ...(welch.df === 0
      ? [
          "The values do not vary within the windows, so there is nothing to test; the result is not significant.",
        ]
      : []),
    ...(input.partial
      ? [
          `Left out ${input.partial} ${per}${input.partial > 1 ? "s" : ""} the windows cover only in part, so a half ${per} does not read as a drop.`,
        ]
      : []),
    ...chartCheck(input),
    "Without a control group, seasonality and other changes made at the same time may explain part or all of the difference; an experiment or a pilot gives firmer evidence.",
  ];
  const figures = {
    before: a.mean,
    after: b.mean,
    change,
    changeCi: welch.ci,
    pValue: welch.df > 0 ? welch.pValue : null,
    significant,
    better,
  };
  return {
    source,
    kpi: kpi.name,
    unit: kpi.unit,
    grain: kpi.grain,
    ...figures,
    relative,
    relativeCi,
    method: `Welch's t test of the mean per ${per} over ${a.n} ${per}s before (${source.before.from} to ${source.before.to}) and ${b.n} after (${source.after.from} to ${source.after.to}), with the 95% interval of the change; an XmR chart with limits from the before window checks for a sustained shift.`,
    checks,
    summary: describeMeasuredResult(kpi, figures, "after the change"),
    measuredAt: input.measuredAt,
  };
}

function checkWindows(source: Extract<ResultSource, { kind: "pre-post" }>): void {
  const problems: string[] = [];
  if (source.before.from > source.before.to)
    problems.push(`the before window starts (${source.before.from}) after it ends (${source.before.to})`);
  if (source.after.from > source.after.to)
    problems.push(`the after window starts (${source.after.from}) after it ends (${source.after.to})`);
  if (source.before.to >= source.after.from)
    problems.push(
      `the before window must end before the after window starts (before ends ${source.before.to}, after starts ${source.after.from})`,
    );
  if (problems.length > 0)
    throw new AppError("USAGE", `Before/after windows: ${problems.join("; ")}.`, { problems });
}

async function windowValues(
  workspace: Workspace,
  kpiName: string,
  window: { from: string; to: string },
): Promise<{ values: PeriodValue[]; partial: number }> {
  const kpi = findKpi(workspace, kpiName);
  const series = await evaluateKpi(workspace, kpi, { from: window.from, to: addDays(window.to, 1) });
  const complete = completePoints(series.points);
  const values = complete
    .filter((p): p is KpiPoint & { value: number } => p.value !== null)
    .map((p) => ({ period: p.period, value: p.value }));
  return { values, partial: series.points.length - complete.length };
}

async function measurePrePost(
  workspace: Workspace,
  source: Extract<ResultSource, { kind: "pre-post" }>,
  clock: Clock,
): Promise<MeasuredResult> {
  checkWindows(source);
  const kpi = findKpi(workspace, source.kpi);
  const before = await windowValues(workspace, kpi.name, source.before);
  const after = await windowValues(workspace, kpi.name, source.after);
  return prePostResult({
    source,
    kpi: {
      name: kpi.name,
      label: kpi.label ?? kpi.name,
      unit: kpi.unit ?? null,
      better: kpi.better,
      grain: kpi.grain,
    },
    before: before.values,
    after: after.values,
    partial: before.partial + after.partial,
    measuredAt: clock.now().toISOString(),
  });
}

async function measureExperiment(
  workspace: Workspace,
  source: Extract<ResultSource, { kind: "experiment" }>,
  clock: Clock,
): Promise<MeasuredResult> {
  const definition = findExperiment(workspace, source.experiment);
  const oneSided = definition.analysis.sides !== "two-sided";
  const result = await analyzeWorkspaceExperiment(
    workspace,
    definition.name,
    oneSided ? { sides: "two-sided" } : {},
    clock,
  );
  const metrics = [...new Set(result.comparisons.map((c) => c.metric))];
  const metric =
    source.metric ??
    (result.comparisons.find((c) => c.role === "primary") ?? result.comparisons[0])?.metric ??
    "";
  if (!metrics.includes(metric)) {
    throw new AppError(
      "NOT_FOUND",
      `Experiment "${definition.name}" has no metric "${metric}"; its metrics are ${metrics.join(", ")}.`,
      { experiment: definition.name, metric, metrics },
    );
  }
  const control = result.variants[0];
  const variants = result.variants.slice(1).map((v) => v.name);
  const variantName = source.variant ?? variants[0] ?? "";
  const variant = result.variants.find((v, i) => i > 0 && v.name === variantName);
  const comparison = result.comparisons.find((c) => c.metric === metric && c.variant === variantName);
  if (!control || !variant || !comparison) {
    throw new AppError(
      "NOT_FOUND",
      `Experiment "${definition.name}" has no variant "${variantName}" to compare with its control ${control?.name ?? ""}; its variants are ${variants.join(", ")}.`,
      { experiment: definition.name, variant: variantName, variants },
    );
  }
  const [lo, hi] = comparison.ci95;
  if (comparison.errorMessage || lo === null || hi === null) {
    throw new AppError(
      "NO_DATA",
      `Experiment "${definition.name}" cannot compare ${variantName} with ${control.name} on ${metric} yet: ${comparison.errorMessage ?? "the interval is open"}.`,
      { experiment: definition.name, metric, variant: variantName },
    );
  }
  const before = control.metrics[metric]?.mean ?? 0;
  const after = variant.metrics[metric]?.mean ?? 0;
  const relativeLift = result.settings.difference === "relative";
  const scale = Math.abs(before);
  const change = relativeLift ? comparison.lift * before : comparison.lift;
  const changeCi: [number, number] = relativeLift ? sorted(lo * before, hi * before) : [lo, hi];
  const relative = relativeLift ? comparison.lift : scale > 0 ? comparison.lift / scale : 0;
  const relativeCi: [number, number] = relativeLift
    ? [lo, hi]
    : scale > 0
      ? [lo / scale, hi / scale]
      : [0, 0];
  const defined = definition.metrics.find((m) => (m.name ?? m.kpi) === metric);
  const kpi = defined?.kpi ? workspace.config.kpis.find((k) => k.name === defined.kpi) : undefined;
  const share = comparison.type === "proportion";
  const quantity: MeasuredQuantity = {
    name: metric,
    label: comparison.label,
    unit: share ? null : (kpi?.unit ?? null),
    better: comparison.better,
    grain: null,
    share,
  };
  const significant = comparison.verdict === "better" || comparison.verdict === "worse";
  const figures = {
    before,
    after,
    change,
    changeCi,
    pValue: comparison.adjustedPValue ?? comparison.pValue,
    significant,
    better: goodDirection(change, comparison.better),
  };
  const checks = [
    result.srm.ok
      ? `The split between variants matches the plan (sample ratio check ${formatPValue(result.srm.pValue)}).`
      : `The split between variants is broken (sample ratio check ${formatPValue(result.srm.pValue)}): fix the assignment before trusting the result.`,
    ...(oneSided
      ? [
          `The experiment is analysed one-sided; the result uses the two-sided 95% interval so that benefit and ROI have both ends.`,
        ]
      : []),
    ...result.warnings,
  ];
  return {
    source,
    kpi: metric,
    unit: quantity.unit,
    grain: null,
    ...figures,
    relative,
    relativeCi,
    method: `Randomised experiment ${definition.name}: ${variantName} (${variant.users.toLocaleString("en-GB")} units) against ${control.name} (${control.users.toLocaleString("en-GB")} units) on ${metric}, ${result.settings.engine} analysis; the ${result.settings.difference} lift and its interval are given in the metric's unit as a difference of means per unit.`,
    checks,
    summary: describeMeasuredResult(quantity, figures, `with ${variantName} against ${control.name}`),
    measuredAt: clock.now().toISOString(),
  };
}

function sorted(a: number, b: number): [number, number] {
  return a <= b ? [a, b] : [b, a];
}

async function measurePilot(
  workspace: Workspace,
  source: Extract<ResultSource, { kind: "pilot" }>,
  clock: Clock,
): Promise<MeasuredResult> {
  const report = await analyzeWorkspacePilot(workspace, source.pilot);
  const did = report.differenceInDifferences;
  const post = report.series
    .filter((row) => row.date >= report.pilot.changeDate && row.treated !== null && row.control !== null)
    .map((row) => row.treated as number);
  if (post.length === 0) {
    throw new AppError("NO_DATA", `Pilot "${source.pilot}" has no periods after its change date.`, {
      pilot: source.pilot,
    });
  }
  const after = mean(post);
  const before = after - did.effect;
  const quantity: MeasuredQuantity = {
    name: report.kpi.name,
    label: report.kpi.label,
    unit: report.kpi.unit,
    better: report.kpi.better,
    grain: report.pilot.grain,
  };
  const significant = did.ci[0] > 0 || did.ci[1] < 0;
  const figures = {
    before,
    after,
    change: did.effect,
    changeCi: did.ci,
    pValue: did.pValue,
    significant,
    better: goodDirection(did.effect, report.kpi.better),
  };
  const { preTrend } = report;
  const controls = listed(report.pilot.controls);
  const checks = [
    preTrend.ok
      ? `Pre-trend: before the change ${report.pilot.treated} moved in parallel with ${controls} (${formatPValue(preTrend.pValue)}), so the comparison is fair.`
      : `Pre-trend: before the change ${report.pilot.treated} already drifted away from ${controls} (${formatPValue(preTrend.pValue)}); treat the estimate with care.`,
    ...report.warnings,
  ];
  return {
    source,
    kpi: report.kpi.name,
    unit: report.kpi.unit,
    grain: report.pilot.grain,
    ...figures,
    relative: did.relative,
    relativeCi: did.relativeCi,
    method: did.method,
    checks,
    summary: describeMeasuredResult(
      quantity,
      figures,
      `in ${report.pilot.treated}, against what ${controls} ${report.pilot.controls.length > 1 ? "suggest" : "suggests"} it would have been`,
    ),
    measuredAt: clock.now().toISOString(),
  };
}

/**
 * Measures a result from the workspace's data: an experiment's comparison (by default the primary
 * metric and the first variant), a pilot's difference in differences, or a KPI before and after.
 */
export async function measureResult(
  workspace: Workspace,
  input: unknown,
  clock: Clock,
): Promise<MeasuredResult> {
  const parsed = resultSourceSchema.safeParse(input);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error.issues);
    throw new AppError(
      "USAGE",
      `A result is measured from an experiment, a pilot or a KPI before and after: ${problems.map((p) => p.message).join("; ")}.`,
      { problems },
    );
  }
  const source = parsed.data;
  switch (source.kind) {
    case "experiment":
      return measureExperiment(workspace, source, clock);
    case "pilot":
      return measurePilot(workspace, source, clock);
    case "pre-post":
      return measurePrePost(workspace, source, clock);
  }
}
