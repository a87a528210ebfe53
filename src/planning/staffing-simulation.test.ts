import { describe, expect, it } from "vitest";
import { staffInterval } from "./staffing.js";
import { checkStaffingBySimulation } from "./staffing-simulation.js";

describe("staffing checked by simulation", () => {
  it("simulates pyworkforce's interval close to Erlang C: average wait and occupancy", () => {
    const parameters = {
      intervalMinutes: 30,
      handlingTimeMinutes: 3,
      answerWithinSeconds: 20,
      serviceLevel: 0.8,
      shrinkage: 0.3,
      maxOccupancy: 0.85,
    };
    const interval = staffInterval(100, parameters);
    const check = checkStaffingBySimulation(interval, parameters, {
      cases: 20_000,
      replications: 10,
      seed: 7,
    });
    expect(check.agents).toBe(14);
    // Erlang C: ASA = 0.174 × 3 min / 4 = 7.8 s; occupancy 10 / 14.
    expect(check.averageSpeedOfAnswerSeconds.simulated).toBeGreaterThan(
      check.averageSpeedOfAnswerSeconds.erlang * 0.9,
    );
    expect(check.averageSpeedOfAnswerSeconds.simulated).toBeLessThan(
      check.averageSpeedOfAnswerSeconds.erlang * 1.1,
    );
    expect(Math.abs(check.occupancy.simulated - 10 / 14)).toBeLessThan(0.01);
  });
});
