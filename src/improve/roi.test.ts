import { describe, expect, it } from "vitest";
import { type Initiative, initiativeSchema, type MeasuredResult } from "./improve.schema.js";
import { computeRoi, initiativeRoi, PERIODS_PER_MONTH } from "./roi.js";

function result(over: Partial<MeasuredResult>): MeasuredResult {
  return {
    source: {
      kind: "pre-post",
      kpi: "revenue",
      before: { from: "2026-01-01", to: "2026-01-31" },
      after: { from: "2026-02-01", to: "2026-02-28" },
    },
    kpi: "revenue",
    unit: "EUR",
    grain: "day",
    before: 1000,
    after: 1040,
    change: 40,
    changeCi: [30, 50],
    relative: 0.04,
    relativeCi: [0.03, 0.05],
    pValue: 0.001,
    significant: true,
    better: true,
    method: "test",
    checks: [],
    summary: "test",
    measuredAt: "2026-03-01T00:00:00.000Z",
    ...over,
  };
}

function initiative(over: Record<string, unknown>): Initiative {
  return initiativeSchema.parse({ title: "Test", ...over });
}

describe("benefit and ROI, worked by hand", () => {
  it("gives a positive ROI with an interval above 0", () => {
    // A new bread sells 40 EUR more a day (95% CI 30 to 50); 30% of revenue is margin, counted on
    // 30 days a month for 12 months: each EUR a day is worth 0.3 × 30 × 12 = 108 EUR.
    //   benefit = 40 × 108 = 4,320 EUR (CI 30 × 108 = 3,240 to 50 × 108 = 5,400)
    //   cost    = 1,000 one-off + 100 a month × 12 = 2,200 EUR
    //   ROI     = (4,320 − 2,200) / 2,200 = 0.963636…
    //   ROI CI  = (3,240 − 2,200) / 2,200 = 0.472727… to (5,400 − 2,200) / 2,200 = 1.454545…
    const roi = computeRoi({
      change: 40,
      changeCi: [30, 50],
      perUnit: 0.3,
      unitsPerMonth: 30,
      horizonMonths: 12,
      oneOff: 1000,
      running: 100,
    });
    expect(roi.benefit).toBeCloseTo(4320, 9);
    expect(roi.benefitCi?.[0]).toBeCloseTo(3240, 9);
    expect(roi.benefitCi?.[1]).toBeCloseTo(5400, 9);
    expect(roi.cost).toBe(2200);
    expect(roi.roi).toBeCloseTo(2120 / 2200, 12);
    expect(roi.roiCi?.[0]).toBeCloseTo(1040 / 2200, 12);
    expect(roi.roiCi?.[1]).toBeCloseTo(3200 / 2200, 12);
    expect(roi.note).toBeNull();
  });

  it("gives a negative ROI when the gain does not pay for the change", () => {
    // A checkout change lifts conversion by 0.4 points (0.004, CI 0.001 to 0.007) on 10,000
    // sessions a month; an order is worth 25 EUR margin; counted over 6 months:
    // each unit of conversion is worth 25 × 10,000 × 6 = 1,500,000 EUR.
    //   benefit = 0.004 × 1,500,000 = 6,000 EUR (CI 1,500 to 10,500)
    //   cost    = 9,000 + 500 × 6 = 12,000 EUR
    //   ROI     = (6,000 − 12,000) / 12,000 = −0.5
    //   ROI CI  = (1,500 − 12,000) / 12,000 = −0.875 to (10,500 − 12,000) / 12,000 = −0.125
    const roi = computeRoi({
      change: 0.004,
      changeCi: [0.001, 0.007],
      perUnit: 25,
      unitsPerMonth: 10_000,
      horizonMonths: 6,
      oneOff: 9000,
      running: 500,
    });
    expect(roi.benefit).toBeCloseTo(6000, 6);
    expect(roi.benefitCi?.[0]).toBeCloseTo(1500, 6);
    expect(roi.benefitCi?.[1]).toBeCloseTo(10_500, 6);
    expect(roi.cost).toBe(12_000);
    expect(roi.roi).toBeCloseTo(-0.5, 9);
    expect(roi.roiCi?.[0]).toBeCloseTo(-0.875, 9);
    expect(roi.roiCi?.[1]).toBeCloseTo(-0.125, 9);
  });

  it("gives an interval that crosses 0 when the change may be worth nothing, counting weeks per month", () => {
    // Weekly revenue rose by 100 EUR (CI −20 to 220); half of it is margin; no units a month are
    // given, so a weekly KPI counts 365.25 / 12 / 7 = 4.348214… weeks a month, over 12 months:
    // each EUR a week is worth 0.5 × 4.348214… × 12 = 26.089285… EUR.
    //   benefit = 100 × 26.089285… = 2,608.93 EUR (CI −521.79 to 5,739.64)
    //   cost    = 600 one-off, nothing running
    //   ROI     = (2,608.93 − 600) / 600 = 3.348214…
    //   ROI CI  = (−521.79 − 600) / 600 = −1.869643… to (5,739.64 − 600) / 600 = 8.566071…
    const roi = initiativeRoi(
      initiative({
        result: result({ grain: "week", change: 100, changeCi: [-20, 220] }),
        value: { perUnit: 0.5 },
        costs: { oneOff: 600 },
      }),
    );
    const perEur = 0.5 * (365.25 / 12 / 7) * 12;
    expect(perEur).toBeCloseTo(26.089285714, 8);
    expect(roi.unitsFrom).toBe("grain");
    expect(roi.unitsPerMonth).toBeCloseTo(4.348214286, 8);
    expect(roi.benefit).toBeCloseTo(2608.928571, 5);
    expect(roi.benefitCi?.[0]).toBeCloseTo(-521.785714, 5);
    expect(roi.benefitCi?.[1]).toBeCloseTo(5739.642857, 5);
    expect(roi.cost).toBe(600);
    expect(roi.roi).toBeCloseTo(3.348214, 5);
    expect(roi.roiCi?.[0]).toBeCloseTo(-1.869643, 5);
    expect(roi.roiCi?.[1]).toBeCloseTo(8.566071, 5);
    expect(roi.notes).toContain("The interval of the benefit includes 0: the change may be worth nothing.");
  });

  it("turns the interval round when a unit costs money (lower is better)", () => {
    // Waiting time fell by 2 minutes (CI −3 to −1); a minute of waiting costs 0.40 EUR on 1,000
    // orders a month, over 12 months: each minute is worth −0.4 × 1,000 × 12 = −4,800 EUR.
    //   benefit = −2 × −4,800 = 9,600 EUR; CI −1 × −4,800 = 4,800 to −3 × −4,800 = 14,400
    const roi = computeRoi({
      change: -2,
      changeCi: [-3, -1],
      perUnit: -0.4,
      unitsPerMonth: 1000,
      horizonMonths: 12,
      oneOff: 2400,
      running: 0,
    });
    expect(roi.benefit).toBeCloseTo(9600, 9);
    expect(roi.benefitCi).toEqual([expect.closeTo(4800, 9), expect.closeTo(14_400, 9)]);
    // ROI = (9,600 − 2,400) / 2,400 = 3; CI 1 to 5.
    expect(roi.roi).toBeCloseTo(3, 12);
    expect(roi.roiCi).toEqual([expect.closeTo(1, 12), expect.closeTo(5, 12)]);
  });

  it("leaves the ROI out with a note when nothing was spent", () => {
    const roi = initiativeRoi(initiative({ result: result({}), value: { perUnit: 1, unitsPerMonth: 30 } }));
    expect(roi.benefit).toBeCloseTo(40 * 30 * 12, 9);
    expect(roi.cost).toBe(0);
    expect(roi.roi).toBeNull();
    expect(roi.roiCi).toBeNull();
    expect(roi.notes[0]).toMatch(/No costs are recorded/);
  });

  it("says what is missing before a benefit can be counted", () => {
    expect(initiativeRoi(initiative({ value: { perUnit: 1 } })).notes[0]).toMatch(/No measured result yet/);
    expect(initiativeRoi(initiative({ result: result({}) })).notes[0]).toMatch(/value\.perUnit/);
    const perUser = initiativeRoi(initiative({ result: result({ grain: null }), value: { perUnit: 25 } }));
    expect(perUser.benefit).toBeNull();
    expect(perUser.notes[0]).toMatch(/unitsPerMonth/);
    expect(initiativeRoi(initiative({ costs: { oneOff: 100, running: 10 } })).cost).toBe(220);
  });

  it("counts periods a month from the average month of 365.25 / 12 days", () => {
    expect(PERIODS_PER_MONTH.day).toBeCloseTo(30.4375, 12);
    expect(PERIODS_PER_MONTH.hour).toBeCloseTo(730.5, 12);
    expect(PERIODS_PER_MONTH.quarter).toBeCloseTo(1 / 3, 12);
  });
});
