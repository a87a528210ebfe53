import { describe, expect, it } from "vitest";
import { computeCapability, sampleStandardDeviation } from "./capability.js";
import { computeControlChart } from "./control-chart.js";

// A series worked by hand: values 10, 12, 10, 12, 10, 12 have mean 11, every moving range 2, so
// sigma within = 2 / 1.128 = 1.773050; squared deviations sum to 6, so the overall standard
// deviation is √(6/5) = 1.095445.
const values = [10, 12, 10, 12, 10, 12];
const within = 2 / 1.128;
const overall = Math.sqrt(6 / 5);

describe("process capability", () => {
  it("computes Cp, Cpk and Pp, Ppk for two-sided limits", () => {
    const capability = computeControlChart({ kind: "xmr", values, spec: { lsl: 5, usl: 17 } }).capability;
    // Cp = 12 / (6 × 1.773050) = 1.128; centred, so Cpl = Cpu = Cpk = Cp; Pp = 12 / (6 × 1.095445) = 1.825742.
    expect(capability?.sigmaWithin).toBeCloseTo(within, 12);
    expect(capability?.sigmaOverall).toBeCloseTo(overall, 12);
    expect(capability?.cp).toBeCloseTo(1.128, 12);
    expect(capability?.cpl).toBeCloseTo(1.128, 12);
    expect(capability?.cpu).toBeCloseTo(1.128, 12);
    expect(capability?.cpk).toBeCloseTo(1.128, 12);
    expect(capability?.pp).toBeCloseTo(1.825742, 6);
    expect(capability?.ppk).toBeCloseTo(1.825742, 6);
    expect(capability?.target).toBe(11);
    expect(capability?.cpm).toBeCloseTo(1.128, 12);
    expect(capability?.observations).toBe(6);
  });

  it("penalises distance from the target in Cpm", () => {
    const capability = computeControlChart({
      kind: "xmr",
      values,
      spec: { lsl: 5, usl: 17, target: 12 },
    }).capability;
    // Cpm = 1.128 / √(1 + 0.564²) = 1.128 / 1.148083 = 0.982507.
    expect(capability?.cpm).toBeCloseTo(0.982507, 6);
  });

  it("gives only the one-sided indices when one limit is missing", () => {
    const capability = computeControlChart({ kind: "xmr", values, spec: { lsl: 8 } }).capability;
    // Cpl = (11 − 8) / (3 × 1.773050) = 0.564; Ppl = 3 / (3 × 1.095445) = 0.912871.
    expect(capability?.cpl).toBeCloseTo(0.564, 12);
    expect(capability?.cpk).toBeCloseTo(0.564, 12);
    expect(capability?.ppl).toBeCloseTo(0.912871, 6);
    expect(capability?.ppk).toBeCloseTo(0.912871, 6);
    for (const key of ["cp", "cpu", "cpm", "pp", "ppu", "ppm", "usl", "target"] as const) {
      expect(capability?.[key], key).toBeUndefined();
    }
  });

  it("is computed from the baseline alone", () => {
    const withLater = computeControlChart({
      kind: "xmr",
      values: [...values, 30, -5],
      baseline: { from: 0, to: 6 },
      spec: { lsl: 5, usl: 17 },
    });
    const baselineOnly = computeControlChart({ kind: "xmr", values, spec: { lsl: 5, usl: 17 } });
    expect(withLater.capability).toEqual(baselineOnly.capability);
  });

  it("uses every measurement of the baseline subgroups for the overall standard deviation", () => {
    const subgroups = [
      [9, 11],
      [10, 12],
      [8, 10],
    ];
    const capability = computeControlChart({ kind: "xbar-r", subgroups, spec: { usl: 14 } }).capability;
    expect(capability?.observations).toBe(6);
    expect(capability?.sigmaOverall).toBeCloseTo(sampleStandardDeviation([9, 11, 10, 12, 8, 10]), 12);
    // Every range is 2, so sigma within = 2 / 1.128; the centre is 10.
    expect(capability?.cpu).toBeCloseTo((14 - 10) / ((3 * 2) / 1.128), 12);
  });

  it("leaves out indices that would divide by a zero sigma", () => {
    const capability = computeCapability([4, 4, 4], 4, 0, { lsl: 1, usl: 7 });
    expect(capability).toEqual({
      lsl: 1,
      usl: 7,
      target: 4,
      observations: 3,
      sigmaWithin: 0,
      sigmaOverall: 0,
    });
  });
});
