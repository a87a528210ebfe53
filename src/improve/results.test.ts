import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, fixedClock } from "../core/index.js";
import type { Workspace } from "../workspace/index.js";
import { addDays, bakeryWorkspace, CHANGE_DAY, saleDays, sessions } from "./initiatives.fixture.js";
import { measureResult, prePostResult } from "./results.js";

/**
 * Measured results against independent computations: the pre/post Welch test worked by hand from
 * the daily totals of the generated sales (with a t distribution integrated numerically here, not
 * the library's), the experiment's shares counted from the sessions, and the pilot's treated mean.
 */

let workspace: Workspace;
const clock = fixedClock("2026-05-01T09:00:00Z");

beforeAll(async () => {
  workspace = await bakeryWorkspace();
});
afterAll(() => workspace.close());

/** Simpson's rule over [a, b] with n (even) intervals. */
function simpson(f: (x: number) => number, a: number, b: number, n = 20_000): number {
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += f(a + i * h) * (i % 2 === 1 ? 4 : 2);
  return (sum * h) / 3;
}

/**
 * The t distribution's CDF by integrating its density's kernel (1 + x²/ν)^(−(ν+1)/2) after the
 * substitution x = tan θ, normalised by the integral over the whole line: no gamma function needed.
 */
function tCdf(t: number, df: number): number {
  const kernel = (theta: number) => {
    const x = Math.tan(theta);
    return (1 + (x * x) / df) ** (-(df + 1) / 2) / Math.cos(theta) ** 2;
  };
  const edge = Math.PI / 2 - 1e-9;
  return simpson(kernel, -edge, Math.atan(t)) / simpson(kernel, -edge, edge);
}

/** The t quantile by bisection on the CDF above. */
function tQuantile(p: number, df: number): number {
  let lo = 0;
  let hi = 50;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function dailyTotals(from: string, to: string): number[] {
  const totals = new Map<string, number>();
  for (const row of saleDays()) {
    if (row.day >= from && row.day <= to) totals.set(row.day, (totals.get(row.day) ?? 0) + row.amount);
  }
  return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
}

describe("a result measured before and after on a KPI", () => {
  it("equals Welch's test worked by hand from the daily totals", async () => {
    const before = { from: addDays(CHANGE_DAY, -28), to: addDays(CHANGE_DAY, -1) };
    const after = { from: CHANGE_DAY, to: addDays(CHANGE_DAY, 27) };
    const result = await measureResult(workspace, { kind: "pre-post", kpi: "revenue", before, after }, clock);

    const a = dailyTotals(before.from, before.to);
    const b = dailyTotals(after.from, after.to);
    expect(a).toHaveLength(28);
    expect(b).toHaveLength(28);
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const variance = (x: number[]) => x.reduce((s, v) => s + (v - mean(x)) ** 2, 0) / (x.length - 1);
    const va = variance(a) / a.length;
    const vb = variance(b) / b.length;
    const se = Math.sqrt(va + vb);
    const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
    const change = mean(b) - mean(a);
    const t = change / se;
    const p = 2 * (1 - tCdf(Math.abs(t), df));
    const half = tQuantile(0.975, df) * se;

    expect(result.before).toBeCloseTo(mean(a), 6);
    expect(result.after).toBeCloseTo(mean(b), 6);
    expect(result.change).toBeCloseTo(change, 6);
    expect(result.changeCi[0]).toBeCloseTo(change - half, 4);
    expect(result.changeCi[1]).toBeCloseTo(change + half, 4);
    expect(result.pValue).toBeCloseTo(p, 6);
    expect(result.relative).toBeCloseTo(change / mean(a), 9);
    expect(result.significant).toBe(p < 0.05);
    // shop-1 sells 60 EUR a day more from the change: the interval holds it.
    expect(result.changeCi[0]).toBeLessThan(60);
    expect(result.changeCi[1]).toBeGreaterThan(60);
    expect(result).toMatchObject({ kpi: "revenue", unit: "EUR", grain: "day", better: true });
    expect(result.checks.some((c) => c.startsWith("Control chart (XmR"))).toBe(true);
    expect(result.checks.at(-1)).toMatch(/Without a control group, seasonality/);
    expect(result.summary).toMatch(
      /^Revenue per day rose from [\d,.]+ EUR to [\d,.]+ EUR after the change \(\+/,
    );
    expect(result.summary.split(". ")).toHaveLength(1);
    expect(result.measuredAt).toBe("2026-05-01T09:00:00.000Z");
  });

  it("leaves out weeks a window covers only in part", async () => {
    // Wednesday to Tuesday: the first and last weeks of each window are partial.
    const result = await measureResult(
      workspace,
      {
        kind: "pre-post",
        kpi: "weekly-revenue",
        before: { from: "2026-01-07", to: "2026-03-03" },
        after: { from: "2026-03-04", to: "2026-04-21" },
      },
      clock,
    );
    expect(result.grain).toBe("week");
    expect(result.checks[0]).toMatch(/^Left out 4 weeks the windows cover only in part/);
    expect(result.method).toMatch(/over 7 weeks before .* and 6 after/);
  });

  it("names a sustained shift on the control chart, with limits from the before window", () => {
    // Before: 100, 102, 100, … (mean 101, every moving range 2, so limits 101 ± 2.66 × 2 =
    // 95.68 to 106.32); after: 110, 112, … all above the upper limit.
    const period = (i: number) => addDays("2026-01-01", i);
    const before = Array.from({ length: 10 }, (_, i) => ({ period: period(i), value: i % 2 ? 102 : 100 }));
    const after = Array.from({ length: 10 }, (_, i) => ({
      period: period(10 + i),
      value: i % 2 ? 112 : 110,
    }));
    const source = {
      kind: "pre-post" as const,
      kpi: "x",
      before: { from: period(0), to: period(9) },
      after: { from: period(10), to: period(19) },
    };
    const kpi = { name: "x", label: "Orders", unit: "EUR", better: "higher" as const, grain: "day" as const };
    const shifted = prePostResult({ source, kpi, before, after, measuredAt: "t" });
    expect(shifted.checks[0]).toMatch(
      /^Control chart \(XmR, limits 95\.68 EUR to 106\.32 EUR from the 10 periods before\): a sustained shift upward after the change — 10 of 10 periods signal, the first at 2026-01-11; at 2026-01-12: 2 of 3 points/,
    );
    const same = prePostResult({
      source,
      kpi,
      before,
      after: before.map((v, i) => ({ ...v, period: period(10 + i) })),
      measuredAt: "t",
    });
    expect(same.checks[0]).toMatch(/no signals after the change — no sustained shift/);
    expect(same.significant).toBe(false);
    expect(same.summary).toMatch(/that could well be chance\.$/);
  });

  it("refuses windows that overlap or hold fewer than two periods", async () => {
    const overlap = await measureResult(
      workspace,
      {
        kind: "pre-post",
        kpi: "revenue",
        before: { from: "2026-02-01", to: "2026-03-05" },
        after: { from: "2026-03-02", to: "2026-03-20" },
      },
      clock,
    ).catch((e: unknown) => e);
    expect((overlap as AppError).message).toMatch(/before window must end before the after window starts/);
    const short = await measureResult(
      workspace,
      {
        kind: "pre-post",
        kpi: "weekly-revenue",
        before: { from: "2026-02-02", to: "2026-02-08" },
        after: { from: "2026-03-02", to: "2026-03-29" },
      },
      clock,
    ).catch((e: unknown) => e);
    expect(short).toBeInstanceOf(AppError);
    expect((short as AppError).code).toBe("NO_DATA");
    expect((short as AppError).message).toMatch(/holds 1 complete week of weekly-revenue; .* at least 2/);
  });
});

describe("a result measured from an experiment", () => {
  it("takes the control and variant shares and gives the change in the metric's unit", async () => {
    const result = await measureResult(workspace, { kind: "experiment", experiment: "checkout" }, clock);
    const all = sessions();
    const share = (v: string) => {
      const arm = all.filter((s) => s.variant === v);
      return arm.reduce((s, x) => s + x.converted, 0) / arm.length;
    };
    expect(result.before).toBeCloseTo(share("control"), 12);
    expect(result.after).toBeCloseTo(share("one-page"), 12);
    // The relative lift times the control's share is the difference of the shares.
    expect(result.change).toBeCloseTo(share("one-page") - share("control"), 12);
    expect(result.relative).toBeCloseTo(share("one-page") / share("control") - 1, 12);
    expect(result.changeCi[0]).toBeCloseTo(result.relativeCi[0] * share("control"), 12);
    expect(result.changeCi[1]).toBeCloseTo(result.relativeCi[1] * share("control"), 12);
    expect(result.changeCi[0]).toBeLessThan(result.change);
    expect(result.changeCi[1]).toBeGreaterThan(result.change);
    expect(result).toMatchObject({ kpi: "conversion", grain: null, significant: true, better: true });
    expect(result.checks[0]).toMatch(/split between variants matches the plan/);
    expect(result.summary).toMatch(
      /^Conversion rose from \d+\.\d\d% to \d+\.\d\d% with one-page against control \(\+\d+\.\d\d percentage points, 95% CI \+\d+\.\d\d to \+\d+\.\d\d percentage points; p = /,
    );
  });

  it("names the metrics and variants there are when asked for another", async () => {
    await expect(
      measureResult(workspace, { kind: "experiment", experiment: "checkout", metric: "aov" }, clock),
    ).rejects.toThrow(/has no metric "aov"; its metrics are conversion/);
    await expect(
      measureResult(workspace, { kind: "experiment", experiment: "checkout", variant: "control" }, clock),
    ).rejects.toThrow(
      /has no variant "control" to compare with its control control; its variants are one-page/,
    );
  });
});

describe("a result measured from a pilot", () => {
  it("puts the treated shop's mean after the change against its counterfactual", async () => {
    const result = await measureResult(workspace, { kind: "pilot", pilot: "early-opening" }, clock);
    const post = saleDays().filter((r) => r.shop === "shop-1" && r.day >= CHANGE_DAY);
    const treatedAfter = post.reduce((s, r) => s + r.amount, 0) / post.length;
    expect(result.after).toBeCloseTo(treatedAfter, 6);
    expect(result.before).toBeCloseTo(treatedAfter - result.change, 9);
    expect(result.changeCi[0]).toBeLessThan(60);
    expect(result.changeCi[1]).toBeGreaterThan(60);
    expect(result).toMatchObject({ kpi: "revenue", grain: "day", significant: true, better: true });
    expect(result.checks[0]).toMatch(
      /^Pre-trend: before the change shop-1 moved in parallel with shop-2 and shop-3/,
    );
    expect(result.summary).toMatch(/in shop-1, against what shop-2 and shop-3 suggest it would have been/);
  });

  it("refuses a source that is not measured from data", async () => {
    await expect(measureResult(workspace, { kind: "typed", change: 5 }, clock)).rejects.toThrow(
      /A result is measured from an experiment, a pilot or a KPI before and after/,
    );
  });
});
