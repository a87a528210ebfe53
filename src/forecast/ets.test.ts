import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EtsModel,
  type EtsParameters,
  type EtsSpec,
  fitEts,
  isAdmissible,
  movingAveragePolynomial,
  parseEtsName,
  rootsOutsideUnitCircle,
} from "./ets.js";
import { predictionIntervals, Z95 } from "./intervals.js";
import { createRandom } from "./random.js";

const spec = (error: "A" | "M", trend: "N" | "A" | "Ad", season: "N" | "A" | "M", period = 1): EtsSpec => ({
  error,
  trend,
  season,
  period,
});
const params = (p: Partial<EtsParameters>): EtsParameters => ({
  alpha: 0.5,
  beta: 0,
  gamma: 0,
  phi: 1,
  ...p,
});

describe("simple exponential smoothing, ETS(A,N,N)", () => {
  // By hand, α = 0.5, ℓ0 = 10, ℓt = ℓt−1 + α(yt − ℓt−1):
  //   y  10  12  13  12  15
  //   μ  10  10  11  12  12     errors 0 2 2 0 3, SSE = 17, final level 13.5
  const y = [10, 12, 13, 12, 15];
  const model = new EtsModel(y, {
    spec: spec("A", "N", "N"),
    parameters: params({ alpha: 0.5 }),
    initial: { level: 10, trend: 0, seasonal: [] },
  });

  it("smooths the level as a hand computation does", () => {
    expect(Array.from(model.fitted)).toEqual([10, 10, 11, 12, 12]);
    expect(model.forecastMean(3)).toEqual([13.5, 13.5, 13.5]);
    expect(model.final.level).toBe(13.5);
  });

  it("has the Gaussian log-likelihood −n/2·(log 2π + log(SSE/n) + 1) and σ² = SSE/(n − k)", () => {
    expect(model.logLik).toBeCloseTo(-2.5 * (Math.log(2 * Math.PI) + Math.log(17 / 5) + 1), 12);
    expect(model.parameterCount).toBe(2);
    expect(model.sigma2).toBeCloseTo(17 / 3, 12);
  });

  it("has forecast variance σ²(1 + (h − 1)α²)", () => {
    const variance = model.forecastVariance(6) as number[];
    variance.forEach((v, i) => {
      expect(v).toBeCloseTo((17 / 3) * (1 + i * 0.25), 12);
    });
    const intervals = predictionIntervals(model, 3);
    expect(intervals.method).toBe("analytical");
    expect(intervals.hi95[2]).toBeCloseTo(13.5 + Z95 * Math.sqrt((17 / 3) * 1.5), 12);
  });
});

describe("forecast variance of the linear models", () => {
  it("matches the closed form c_j = α + βφ_j + γ·[j divisible by m] for ETS(A,Ad,A) (Hyndman et al. 2008, Table 6.1)", () => {
    const p = params({ alpha: 0.3, beta: 0.05, gamma: 0.2, phi: 0.9 });
    const m = 4;
    const y = [12, 15, 11, 9, 13, 16, 12, 10, 14, 17, 13, 11];
    const model = new EtsModel(y, {
      spec: spec("A", "Ad", "A", m),
      parameters: p,
      initial: { level: 12, trend: 0.2, seasonal: [0, 3, -1, -2] },
    });
    const h = 11;
    const expected: number[] = [];
    let sum = 1;
    for (let step = 1; step <= h; step++) {
      expected.push(model.sigma2 * sum);
      let phiJ = 0;
      for (let i = 1; i <= step; i++) phiJ += 0.9 ** i;
      const c = p.alpha + p.beta * phiJ + (step % m === 0 ? p.gamma : 0);
      sum += c * c;
    }
    const variance = model.forecastVariance(h) as number[];
    variance.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i] as number, 10);
    });
  });

  it("matches the spread of paths simulated from the model's own recursion", () => {
    const model = new EtsModel([20, 24, 18, 16, 22, 25, 19, 17], {
      spec: spec("A", "Ad", "A", 4),
      parameters: params({ alpha: 0.5, beta: 0.2, gamma: 0.3, phi: 0.9 }),
      initial: { level: 20, trend: 0.5, seasonal: [1, 3, -4, 0] },
    });
    const h = 12;
    const paths = 20_000;
    const random = createRandom(6);
    const out = new Float64Array(h);
    const sum = new Float64Array(h);
    const squares = new Float64Array(h);
    for (let k = 0; k < paths; k++) {
      model.simulatePath(random, out);
      for (let i = 0; i < h; i++) {
        sum[i] = (sum[i] as number) + (out[i] as number);
        squares[i] = (squares[i] as number) + (out[i] as number) ** 2;
      }
    }
    const variance = model.forecastVariance(h) as number[];
    const mean = model.forecastMean(h);
    for (let i = 0; i < h; i++) {
      const simulated = (squares[i] as number) / paths - ((sum[i] as number) / paths) ** 2;
      // Relative standard error of a sample variance of 20,000 normal draws: √(2/n) = 1%.
      expect(Math.abs(simulated / (variance[i] as number) - 1)).toBeLessThan(0.05);
      expect(Math.abs((sum[i] as number) / paths - (mean[i] as number))).toBeLessThan(
        4 * Math.sqrt((variance[i] as number) / paths),
      );
    }
  });

  it("forecasts ℓ + φ_h·b + s from the final state for ETS(A,Ad,A)", () => {
    const model = new EtsModel([20, 24, 18, 16, 22, 25], {
      spec: spec("A", "Ad", "A", 3),
      parameters: params({ alpha: 0.4, beta: 0.1, gamma: 0.3, phi: 0.8 }),
      initial: { level: 20, trend: 0.5, seasonal: [1, 3, -4] },
    });
    const { level, trend, seasonal } = model.final;
    const forecasts = model.forecastMean(7);
    for (let h = 1; h <= 7; h++) {
      let phiH = 0;
      for (let i = 1; i <= h; i++) phiH += 0.8 ** i;
      expect(forecasts[h - 1]).toBeCloseTo(level + phiH * trend + (seasonal[(h - 1) % 3] as number), 12);
    }
  });

  it("simulates multiplicative errors around the point forecast: one step ahead y = μ(1 + ε)", () => {
    const model = new EtsModel([100, 110, 95, 105, 102, 98, 107], {
      spec: spec("M", "N", "N"),
      parameters: params({ alpha: 0.2 }),
      initial: { level: 100, trend: 0, seasonal: [] },
    });
    expect(model.forecastVariance(3)).toBeUndefined();
    const intervals = predictionIntervals(model, 1, { seed: 9, paths: 20_000 });
    expect(intervals.method).toBe("simulated");
    const mu = intervals.mean[0] as number;
    const sigma = Math.sqrt(model.sigma2);
    // Quantiles of 20,000 draws: standard error about 0.02σ·μ at the 2.5% point.
    expect(intervals.lo95[0]).toBeCloseTo(mu * (1 - Z95 * sigma), 0);
    expect(Math.abs((intervals.hi95[0] as number) - mu * (1 + Z95 * sigma))).toBeLessThan(
      0.05 * mu * sigma * Z95,
    );
  });
});

/**
 * Whether θ has a root within a relative 1e-4 of the unit circle, where rounding may decide either
 * way (roots of high-degree polynomials near the circle are ill-conditioned).
 */
function borderline(theta: readonly number[]): boolean {
  const scaled = (r: number) => theta.map((c, i) => c * r ** i);
  return rootsOutsideUnitCircle(scaled(1 + 1e-4)) !== rootsOutsideUnitCircle(scaled(1 - 1e-4));
}

describe("admissible parameters", () => {
  it("agree with the known regions of ETS(A,N,N), ETS(A,A,N) and ETS(A,Ad,N)", () => {
    // ETS(A,N,N): 0 < α < 2; ETS(A,A,N): 0 < α < 2, 0 < β < 4 − 2α (Hyndman et al. 2008, ch. 10).
    // ETS(A,Ad,N) is ARIMA(1,1,2) with θ1 = α + φβ − 1 − φ and θ2 = φ(1 − α), invertible inside the
    // triangle |θ2| < 1, θ1 + θ2 > −1, θ2 − θ1 > −1.
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 3, noNaN: true }),
        fc.double({ min: -1, max: 5, noNaN: true }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (alpha, beta, phi) => {
          const clear = (...distances: number[]) => distances.every((d) => Math.abs(d) > 1e-6);
          if (clear(alpha, alpha - 2)) {
            expect(isAdmissible(spec("A", "N", "N"), params({ alpha }))).toBe(alpha > 0 && alpha < 2);
          }
          if (clear(alpha, alpha - 2, beta, 4 - 2 * alpha - beta)) {
            expect(isAdmissible(spec("A", "A", "N"), params({ alpha, beta }))).toBe(
              alpha > 0 && alpha < 2 && beta > 0 && beta < 4 - 2 * alpha,
            );
          }
          const theta1 = alpha + phi * beta - 1 - phi;
          const theta2 = phi * (1 - alpha);
          if (clear(Math.abs(theta2) - 1, theta1 + theta2 + 1, theta2 - theta1 + 1)) {
            expect(isAdmissible(spec("A", "Ad", "N"), params({ alpha, beta, phi }))).toBe(
              Math.abs(theta2) < 1 && theta1 + theta2 > -1 && theta2 - theta1 > -1,
            );
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("say when the effect of the initial state on the fit dies out, seasonal models included", () => {
    // An independent check through the recursion itself: run it twice from initial states that
    // differ, on the same data. The one-step forecasts converge when the model is admissible and
    // drift apart (or overflow) when it is not.
    const random = createRandom(5);
    const y = Array.from(
      { length: 3000 },
      (_, t) => 50 + 10 * Math.sin((2 * Math.PI * t) / 4) + random.normal(),
    );
    const decided = { admissible: 0, not: 0 };
    const draw = createRandom(11);
    const between = (low: number, high: number) => low + (high - low) * draw.uniform();
    for (let i = 0; i < 400; i++) {
      const trend = (["N", "A", "Ad"] as const)[i % 3] as "N" | "A" | "Ad";
      const season = (["N", "A"] as const)[Math.floor(i / 3) % 2] as "N" | "A";
      const s = spec("A", trend, season, season === "N" ? 1 : 4);
      const p = params({
        alpha: between(-0.2, 2),
        beta: between(-0.1, 0.6),
        gamma: between(-0.2, 1.6),
        phi: between(0.8, 1),
      });
      if (borderline(movingAveragePolynomial(s, p))) continue;
      const run = (shift: number) =>
        new EtsModel(y, {
          spec: s,
          parameters: p,
          initial: {
            level: 50 + shift,
            trend: 0.1 * shift,
            seasonal: season === "N" ? [] : [0, 10 + shift / 2, 0, -10],
          },
        });
      let late = 0;
      try {
        const a = run(0);
        const b = run(1);
        for (let t = y.length - 50; t < y.length; t++) {
          late = Math.max(late, Math.abs((a.fitted[t] as number) - (b.fitted[t] as number)));
        }
      } catch {
        late = Number.POSITIVE_INFINITY; // the states overflowed
      }
      if (late < 1e-6) {
        decided.admissible++;
        expect(isAdmissible(s, p), JSON.stringify({ s, p })).toBe(true);
      } else if (!(late < 1e2)) {
        decided.not++;
        expect(isAdmissible(s, p), JSON.stringify({ s, p })).toBe(false);
      }
    }
    // Slow decay (roots close to the unit circle) decides nothing; enough cases of both kinds remain.
    expect(decided.admissible).toBeGreaterThan(50);
    expect(decided.not).toBeGreaterThan(50);
  });

  it("test the moving-average polynomial written out in the same way as the general formula", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 2, noNaN: true }),
        fc.double({ min: -1, max: 2, noNaN: true }),
        fc.double({ min: -1, max: 2, noNaN: true }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        fc.constantFrom<"N" | "A" | "Ad">("N", "A", "Ad"),
        fc.constantFrom<"N" | "A">("N", "A"),
        fc.integer({ min: 2, max: 24 }),
        (alpha, beta, gamma, phi, trend, season, m) => {
          const s = spec("A", trend, season, m);
          const p = params({ alpha, beta, gamma, phi });
          const theta = movingAveragePolynomial(s, p);
          if (borderline(theta)) return;
          expect(isAdmissible(s, p)).toBe(rootsOutsideUnitCircle(theta));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe("estimation", () => {
  it("recovers the smoothing parameter of simulated simple exponential smoothing", () => {
    const random = createRandom(21);
    let level = 100;
    const y: number[] = [];
    for (let t = 0; t < 2000; t++) {
      const e = 5 * random.normal();
      y.push(level + e);
      level += 0.3 * e;
    }
    const model = fitEts(y, spec("A", "N", "N"));
    // Standard error of α̂ ≈ √(α(2 − α)/n) ≈ 0.017.
    expect(model.smoothing.alpha).toBeGreaterThan(0.25);
    expect(model.smoothing.alpha).toBeLessThan(0.35);
    expect(Math.sqrt(model.sigma2)).toBeCloseTo(5, 0);
  });

  it("keeps estimates in the usual region and the model admissible", () => {
    const random = createRandom(8);
    const y = Array.from(
      { length: 120 },
      (_, t) => 200 + t + 30 * Math.cos((2 * Math.PI * t) / 12) + 8 * random.normal(),
    );
    for (const s of [spec("A", "Ad", "A", 12), spec("M", "A", "M", 12), spec("M", "Ad", "N")]) {
      const { alpha, beta, gamma, phi } = fitEts(y, s).smoothing;
      expect(alpha).toBeGreaterThanOrEqual(1e-4);
      expect(alpha).toBeLessThanOrEqual(0.9999);
      if (s.trend !== "N") expect(beta).toBeLessThanOrEqual(alpha);
      if (s.season !== "N") expect(gamma).toBeLessThanOrEqual(1 - alpha);
      if (s.trend === "Ad") expect(phi).toBeGreaterThanOrEqual(0.8);
      if (s.trend === "Ad") expect(phi).toBeLessThanOrEqual(0.98);
      expect(isAdmissible(s, { alpha, beta, gamma, phi })).toBe(true);
    }
  });

  it("stops at a maximum: nudging any smoothing parameter lowers the likelihood", () => {
    const random = createRandom(3);
    const y = Array.from(
      { length: 150 },
      (_, t) => 80 + 0.2 * t + 12 * Math.sin((2 * Math.PI * t) / 7) + 6 * random.normal(),
    );
    const fitted = fitEts(y, spec("A", "A", "A", 7));
    for (const key of ["alpha", "beta", "gamma"] as const) {
      for (const delta of [-0.01, 0.01]) {
        const nudged = { ...fitted.smoothing, [key]: fitted.smoothing[key] + delta };
        if (nudged[key] <= 0 || nudged.beta > nudged.alpha || nudged.gamma > 1 - nudged.alpha) continue;
        const other = new EtsModel(y, { spec: fitted.spec, parameters: nudged, initial: fitted.initial });
        expect(other.logLik).toBeLessThan(fitted.logLik + 1e-6);
      }
    }
  });

  it("refuses a multiplicative model on a path that reaches zero", () => {
    expect(
      () =>
        new EtsModel([10, -50, 3], {
          spec: spec("M", "N", "N"),
          parameters: params({ alpha: 0.9999 }),
          initial: { level: 10, trend: 0, seasonal: [] },
        }),
    ).toThrow(RangeError);
  });

  it("reads model names in any case", () => {
    expect(parseEtsName("ETS(A,Ad,A)")).toEqual({ error: "A", trend: "Ad", season: "A" });
    expect(parseEtsName("ets(m, ad, m)")).toEqual({ error: "M", trend: "Ad", season: "M" });
    expect(parseEtsName("ETS(A,M,N)")).toBeNull();
  });
});
