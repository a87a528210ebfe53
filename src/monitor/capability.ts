import type { Capability, Spec } from "./chart.schema.js";

/** Sample standard deviation (n − 1 in the denominator). */
export function sampleStandardDeviation(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  let total = 0;
  for (const v of values) total += v;
  const average = total / n;
  let squares = 0;
  for (const v of values) squares += (v - average) ** 2;
  return Math.sqrt(squares / (n - 1));
}

/**
 * Process capability as R qcc's `processCapability` computes it (3-sigma):
 * Cp = (USL − LSL) / 6σ, Cpl = (centre − LSL) / 3σ, Cpu = (USL − centre) / 3σ, Cpk = min(Cpl, Cpu),
 * Cpm = Cp / √(1 + ((centre − target)/σ)²), with σ the chart's sigma (within subgroups / from moving
 * ranges); the P indices are the same with the sample standard deviation of all baseline
 * measurements. The target defaults to the middle of the two limits. Indices that need a missing
 * limit, or divide by a zero sigma, are left out.
 */
export function computeCapability(
  observations: readonly number[],
  center: number,
  sigmaWithin: number,
  spec: Spec,
): Capability {
  const { lsl, usl } = spec;
  const target = spec.target ?? (lsl !== undefined && usl !== undefined ? (lsl + usl) / 2 : undefined);
  const sigmaOverall = sampleStandardDeviation(observations);
  const indices = (sigma: number) => {
    if (!(sigma > 0) || !Number.isFinite(sigma)) return {};
    const p = usl !== undefined && lsl !== undefined ? (usl - lsl) / (6 * sigma) : undefined;
    const lower = lsl !== undefined ? (center - lsl) / (3 * sigma) : undefined;
    const upper = usl !== undefined ? (usl - center) / (3 * sigma) : undefined;
    const k = lower !== undefined && upper !== undefined ? Math.min(lower, upper) : (lower ?? upper);
    const m =
      p !== undefined && target !== undefined
        ? p / Math.sqrt(1 + ((center - target) / sigma) ** 2)
        : undefined;
    return { p, lower, upper, k, m };
  };
  const within = indices(sigmaWithin);
  const overall = indices(sigmaOverall);
  const result: Capability = {
    ...(lsl !== undefined ? { lsl } : {}),
    ...(usl !== undefined ? { usl } : {}),
    ...(target !== undefined ? { target } : {}),
    observations: observations.length,
    sigmaWithin,
    sigmaOverall: Number.isFinite(sigmaOverall) ? sigmaOverall : 0,
  };
  const entries: [keyof Capability, number | undefined][] = [
    ["cp", within.p],
    ["cpl", within.lower],
    ["cpu", within.upper],
    ["cpk", within.k],
    ["cpm", within.m],
    ["pp", overall.p],
    ["ppl", overall.lower],
    ["ppu", overall.upper],
    ["ppk", overall.k],
    ["ppm", overall.m],
  ];
  for (const [key, value] of entries) if (value !== undefined) Object.assign(result, { [key]: value });
  return result;
}
