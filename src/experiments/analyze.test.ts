import { describe, expect, it } from "vitest";
import { type AnalysisInput, analyzeExperiment, type MetricInput } from "./analyze.js";
import { analysisSettingsSchema } from "./experiment.schema.js";
import type { ArmStatistics } from "./stats/index.js";

const settings = (over: Record<string, unknown> = {}) => analysisSettingsSchema.parse(over);

/** Conversions as proportion sums: n units, k of them converted. */
const conv = (n: number, k: number): ArmStatistics => ({ n, sum: k, sumSquares: k });

function input(metrics: MetricInput[], over: Partial<AnalysisInput> = {}): AnalysisInput {
  const arms = (metrics[0] as MetricInput).arms;
  return {
    experiment: "test",
    variants: arms.map((_, i) => ({ name: i === 0 ? "control" : `variant-${i}`, weight: 1 })),
    units: arms.map((a) => a.n),
    metrics,
    settings: settings(),
    running: false,
    ...over,
  };
}

const primary = (arms: ArmStatistics[], over: Partial<MetricInput> = {}): MetricInput => ({
  name: "conversion",
  label: "conversion",
  role: "primary",
  type: "proportion",
  better: "higher",
  arms,
  ...over,
});

describe("analyzeExperiment", () => {
  it("carries gbstats' two-sided relative test through to the comparison", () => {
    // gbstats tests/frequentist/test_tests.py TestTwoSidedTTest.test_two_sided_ttest
    const a = { n: 3407, sum: 1396.87, sumSquares: 52377.9767 };
    const b = { n: 3461, sum: 2422.7, sumSquares: 134698.29 };
    const r = analyzeExperiment(input([primary([a, b], { type: "mean" })]));
    const c = r.comparisons[0];
    expect(c?.lift).toBeCloseTo(0.70732, 4);
    expect(c?.ci95[0]).toBeCloseTo(-0.03526, 4);
    expect(c?.ci95[1]).toBeCloseTo(1.44989, 4);
    expect(c?.pValue).toBeCloseTo(0.06191, 4);
    expect(c?.verdict).toBe("inconclusive");
    expect(r.variants.map((v) => v.users)).toEqual([3407, 3461]);
    expect(r.variants[0]?.mean).toBeCloseTo(1396.87 / 3407, 10);
  });

  it("says a clear win in plain words and recommends shipping it", () => {
    const r = analyzeExperiment(input([primary([conv(50_000, 1500), conv(50_000, 1800)])]));
    const c = r.comparisons[0];
    expect(c?.verdict).toBe("better");
    expect(r.recommendation).toMatchObject({ decision: "ship", variant: "variant-1" });
    const text = r.paragraphs[0]?.text ?? "";
    expect(text).toMatch(
      /^Variant-1 raised conversion by 20\.0% \(95% CI \+\d+\.\d% to \+\d+\.\d%\); that is unlikely to be chance \(p < 0\.001\)\./,
    );
    expect(text).toContain("No sign of a broken split");
    expect(text).toContain("Recommendation: ship variant-1.");
    expect(r.summary).toBe(text);
  });

  it("flags a broken split below p = 0.001 and refuses to recommend", () => {
    // 50/50 planned, 52/48 observed on 20,000 units: chi-square = 32, p ≈ 1.5e-8.
    const r = analyzeExperiment(input([primary([conv(10_400, 312), conv(9_600, 346)])]));
    expect(r.srm.ok).toBe(false);
    expect(r.srm.chiSquare).toBeCloseTo(32, 6);
    expect(r.srm.pValue).toBeLessThan(1e-6);
    expect(r.recommendation.decision).toBe("fix-the-split");
    expect(r.summary).toContain(
      "The split looks broken: control got 52.0% of the units where 50.0% were expected",
    );
    expect(r.warnings.some((w) => w.startsWith("The split looks broken"))).toBe(true);
  });

  it("keeps a split within chance", () => {
    const r = analyzeExperiment(input([primary([conv(10_050, 300), conv(9_950, 310)])]));
    expect(r.srm.ok).toBe(true);
    // chi-square = (50² + 50²) / 10,000 = 0.5
    expect(r.srm.chiSquare).toBeCloseTo(0.5, 10);
  });

  it("warns about peeking while a fixed-horizon test runs, not with sequential testing", () => {
    const arms = [conv(5000, 150), conv(5000, 160)];
    const peek = analyzeExperiment(input([primary(arms)], { running: true }));
    expect(peek.warnings.join(" ")).toContain("still running and is not sequential");
    expect(peek.recommendation.decision).toBe("keep-running");
    const sequential = analyzeExperiment(
      input([primary(arms)], { running: true, settings: settings({ sequential: true }) }),
    );
    expect(sequential.warnings.join(" ")).not.toContain("not sequential");
    // Confidence sequences are wider than the fixed-horizon interval at the same data.
    const width = (r: typeof peek) => (r.comparisons[0]?.ci95[1] ?? 0) - (r.comparisons[0]?.ci95[0] ?? 0);
    expect(width(sequential)).toBeGreaterThan(width(peek));
  });

  it("says when the test is too small for the effect it was planned to find", () => {
    const r = analyzeExperiment(input([primary([conv(2000, 60), conv(2000, 66)])], { mde: 0.1 }));
    expect(r.comparisons[0]?.verdict).toBe("inconclusive");
    expect(r.comparisons[0]?.detectable).toBeGreaterThan(0.1);
    expect(r.summary).toContain("the test is under-powered");
    expect(r.recommendation.decision).toBe("keep-running");
  });

  it("holds back a win that hurts a guardrail", () => {
    const guardrail: MetricInput = {
      name: "refunds",
      label: "refund rate",
      role: "guardrail",
      type: "proportion",
      better: "lower",
      arms: [conv(50_000, 500), conv(50_000, 800)],
    };
    const r = analyzeExperiment(input([primary([conv(50_000, 1500), conv(50_000, 1800)]), guardrail]));
    const hurt = r.comparisons.find((c) => c.metric === "refunds");
    expect(hurt?.verdict).toBe("worse");
    expect(r.recommendation.decision).toBe("keep-control");
    expect(r.recommendation.text).toContain("makes refund rate worse");
    expect(r.paragraphs.map((p) => p.metric)).toEqual(["conversion", "refunds"]);
    expect(r.warnings.join(" ")).toContain("Guardrail: variant-1 made refund rate worse");
  });

  it("leaves the open end of a one-sided interval empty", () => {
    const r = analyzeExperiment(
      input([primary([conv(50_000, 1500), conv(50_000, 1800)])], {
        settings: settings({ sides: "greater" }),
      }),
    );
    const c = r.comparisons[0];
    expect(c?.ci95[1]).toBeNull();
    expect(c?.ci95[0]).toBeGreaterThan(0);
    expect(r.summary).toContain("(95% CI above +");
    expect(JSON.parse(JSON.stringify(r)).comparisons[0].ci95[1]).toBeNull();
  });

  it("adjusts p-values across variants and metrics (Holm-Bonferroni) and judges on them", () => {
    // Three variants against control; raw p just under 0.05 must not survive three tests.
    const arms = [conv(20_000, 600), conv(20_000, 680), conv(20_000, 600), conv(20_000, 605)];
    const raw = analyzeExperiment(input([primary(arms)]));
    const holm = analyzeExperiment(
      input([primary(arms)], { settings: settings({ correction: "holm-bonferroni" }) }),
    );
    const p = raw.comparisons.map((c) => c.pValue as number);
    const adjusted = holm.comparisons.map((c) => c.adjustedPValue as number);
    // Holm by hand: sort ascending, multiply by (m − rank), carry the running maximum.
    const order = p.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
    const expected = new Array<number>(p.length);
    let running = 0;
    order.forEach(([x, i], rank) => {
      running = Math.max(running, Math.min(1, x * (p.length - rank)));
      expected[i] = running;
    });
    adjusted.forEach((x, i) => {
      expect(x).toBeCloseTo(expected[i] as number, 12);
    });
    expect(p[0]).toBeLessThan(0.05);
    expect(adjusted[0]).toBeGreaterThan(0.05);
    expect(raw.comparisons[0]?.verdict).toBe("better");
    expect(holm.comparisons[0]?.verdict).toBe("inconclusive");
    expect(holm.summary).toContain("after correcting for many tests (Holm-Bonferroni)");
    // The interval widens with the correction until it matches the adjusted p-value: it now spans 0.
    const [lo, hi] = holm.comparisons[0]?.ci95 ?? [];
    expect(lo as number).toBeLessThan(0);
    expect((hi as number) - (lo as number)).toBeGreaterThan(
      (raw.comparisons[0]?.ci95[1] as number) - (raw.comparisons[0]?.ci95[0] as number),
    );
  });

  it("gives Bayesian chance to win and risk, with the chosen engine's interval", () => {
    const arms = [conv(50_000, 1500), conv(50_000, 1800)];
    const r = analyzeExperiment(input([primary(arms)], { settings: settings({ engine: "bayesian" }) }));
    const c = r.comparisons[0];
    expect(c?.chanceToWin).toBeGreaterThan(0.999);
    expect(c?.risk?.treatment).toBeLessThan(c?.risk?.control ?? 0);
    expect(r.summary).toContain("the chance that it beats the control is");
    // For a lower-is-better metric the same data is a loss.
    const lower = analyzeExperiment(
      input([primary(arms, { better: "lower" })], { settings: settings({ engine: "bayesian" }) }),
    );
    expect(lower.comparisons[0]?.chanceToWin).toBeLessThan(0.001);
    expect(lower.comparisons[0]?.verdict).toBe("worse");
    expect(lower.recommendation.decision).toBe("keep-control");
  });

  it("reports a comparison that cannot be made instead of a number", () => {
    const r = analyzeExperiment(input([primary([conv(1000, 0), conv(1000, 0)])]));
    const c = r.comparisons[0];
    expect(c?.verdict).toBe("error");
    expect(c?.errorMessage).toBeTruthy();
    expect(c?.pValue).toBeNull();
    expect(r.summary).toContain("could not be compared on conversion");
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });
});
