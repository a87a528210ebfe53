import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { erlangB, erlangC, requiredAgents } from "./erlang.js";
import { planStaffing, staffInterval } from "./staffing.js";

const pyworkforce = {
  intervalMinutes: 30,
  handlingTimeMinutes: 3,
  answerWithinSeconds: 20,
  serviceLevel: 0.8,
  shrinkage: 0.3,
  maxOccupancy: 0.85,
};

/** Erlang C from its textbook definition with factorials, for small n only. */
function erlangCByDefinition(n: number, a: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 0; k < n; k++) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const top = term * (a / n) * (n / (n - a));
  return top / (sum + top);
}

describe("Erlang C staffing", () => {
  it("matches pyworkforce: 100 arrivals per 30 minutes, 3 minutes each, 80% in 20 s, 85% occupancy", () => {
    const r = staffInterval(100, pyworkforce);
    expect(r.rawAgents).toBe(14);
    expect(r.scheduledAgents).toBe(20);
    expect(r.serviceLevel.toFixed(3)).toBe("0.888");
    expect(r.occupancy.toFixed(3)).toBe("0.714");
    expect(r.waitingProbability.toFixed(3)).toBe("0.174");
  });

  it("matches pyworkforce with the occupancy capped at 70%: 15 raw, 22 scheduled, service level 0.941", () => {
    const r = staffInterval(100, { ...pyworkforce, maxOccupancy: 0.7 });
    expect(r.rawAgents).toBe(15);
    expect(r.scheduledAgents).toBe(22);
    expect(r.serviceLevel.toFixed(3)).toBe("0.941");
  });

  it("agrees with the factorial definition of Erlang C for small teams", () => {
    for (const [n, a] of [
      [1, 0.5],
      [3, 2.4],
      [8, 7.6],
      [14, 10],
      [20, 12.5],
    ] as const) {
      expect(erlangC(n, a)).toBeCloseTo(erlangCByDefinition(n, a), 12);
    }
  });

  it("stays finite and between 0 and 1 for thousands of agents", () => {
    const c = erlangC(5000, 4900);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
    expect(erlangB(5000, 4900)).toBeGreaterThan(0);
    const r = requiredAgents({
      load: 4900,
      handlingTime: 3,
      answerWithin: 1 / 3,
      serviceLevel: 0.8,
      maxOccupancy: 1,
    });
    expect(r.agents).toBeGreaterThan(4900);
    expect(r.agents).toBeLessThan(5000);
  });

  it("needs no one for an interval without arrivals", () => {
    const r = staffInterval(0, pyworkforce);
    expect(r).toMatchObject({ rawAgents: 0, scheduledAgents: 0, serviceLevel: 1, occupancy: 0 });
  });

  it("fills a weekday × start table for the heat map", () => {
    const plan = planStaffing({
      parameters: pyworkforce,
      arrivals: [
        { weekday: "tuesday", start: "09:00", arrivals: 50 },
        { weekday: "monday", start: "09:30", arrivals: 100 },
        { weekday: "monday", start: "09:00", arrivals: 20 },
      ],
    });
    expect(plan.heatMap?.weekdays).toEqual(["monday", "tuesday"]);
    expect(plan.heatMap?.starts).toEqual(["09:00", "09:30"]);
    expect(plan.heatMap?.scheduledAgents[0]?.[1]).toBe(20);
    expect(plan.heatMap?.scheduledAgents[1]?.[1]).toBeNull();
    expect(plan.totals.peakScheduledAgents).toBe(20);
  });

  it.each([
    [{ maxOccupancy: 0 }, /maxOccupancy must be above 0; got 0/],
    [{ maxOccupancy: 1.2 }, /maxOccupancy must be at most 1; got 1.2/],
    [{ serviceLevel: 1 }, /serviceLevel must be below 1; got 1/],
    [{ serviceLevel: 0 }, /serviceLevel must be above 0/],
    [{ shrinkage: -0.1 }, /shrinkage must be at least 0/],
    [{ handlingTimeMinutes: -3 }, /handlingTimeMinutes must be above 0/],
  ])("refuses %o with a message naming the field", (change, message) => {
    expect(() =>
      planStaffing({ parameters: { ...pyworkforce, ...change }, arrivals: [{ arrivals: 10 }] }),
    ).toThrow(message);
  });

  it("names the CLI flag when given one, and refuses an empty table", () => {
    expect(() =>
      planStaffing(
        { parameters: { ...pyworkforce, maxOccupancy: 2 }, arrivals: [{ arrivals: 1 }] },
        { maxOccupancy: "--max-occupancy" },
      ),
    ).toThrow(/--max-occupancy must be at most 1/);
    expect(() => planStaffing({ parameters: pyworkforce, arrivals: [] })).toThrow(/arrivals is empty/);
    expect(() => planStaffing({ parameters: pyworkforce, arrivals: [{ arrivals: -1 }] })).toThrow(
      /arrivals\[0\]\.arrivals must be at least 0/,
    );
  });

  it("never needs fewer agents for more arrivals (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 0.05, max: 0.99, noNaN: true }),
        fc.double({ min: 0.3, max: 1, noNaN: true }),
        (arrivals, extra, serviceLevel, maxOccupancy) => {
          const p = { ...pyworkforce, serviceLevel, maxOccupancy };
          const a = staffInterval(arrivals, p);
          const b = staffInterval(arrivals + extra, p);
          expect(b.rawAgents).toBeGreaterThanOrEqual(a.rawAgents);
          expect(a.occupancy).toBeLessThanOrEqual(maxOccupancy + 1e-9);
          if (arrivals > 0) expect(a.serviceLevel).toBeGreaterThanOrEqual(serviceLevel - 1e-12);
          // One agent fewer would miss the service level or the occupancy cap.
          if (a.rawAgents > 1) {
            const load = a.load;
            const fewer = a.rawAgents - 1;
            const missesOccupancy = load / fewer > maxOccupancy + 1e-9;
            const c = erlangC(fewer, load);
            const sl = fewer <= load ? 0 : 1 - c * Math.exp((-(fewer - load) * (20 / 60)) / 3);
            expect(missesOccupancy || sl < serviceLevel).toBe(true);
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
