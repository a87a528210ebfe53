import { describe, expect, it } from "vitest";
import { type EventRecord, eventLogFromEvents } from "./log-from-events.js";
import {
  absoluteHourEmd,
  circadianEmd,
  cycleTimeEmd,
  measureLogDistances,
  nGramDistance,
  wassersteinIntegers,
  wassersteinSamples,
} from "./measures.js";

const t = (iso: string) => Date.parse(`${iso}Z`);

function ev(c: string, activity: string, start: string, end: string): EventRecord {
  return { case: c, activity, start: t(start), end: t(end) };
}

// 2024-01-01 is a Monday.
const logA = eventLogFromEvents([
  ev("1", "a", "2024-01-01T10:00:00", "2024-01-01T10:30:00"),
  ev("1", "b", "2024-01-01T10:30:00", "2024-01-01T11:00:00"),
  ev("2", "a", "2024-01-01T10:00:00", "2024-01-01T12:00:00"),
  ev("2", "b", "2024-01-01T12:00:00", "2024-01-01T13:00:00"),
]);

describe("Wasserstein distance between samples", () => {
  it("is the mean gap between sorted values for samples of equal size", () => {
    expect(wassersteinSamples([0, 1], [0, 3])).toBeCloseTo(1, 12);
    expect(wassersteinSamples([3, 1, 2], [4, 2, 3])).toBeCloseTo(1, 12);
  });

  it("weights samples of different sizes to one each", () => {
    // U: ½ at 0, 1 at 2; V: 1 at 1 → ½·1 + ½·1.
    expect(wassersteinIntegers([0, 2], [1])).toBeCloseTo(1, 12);
    expect(wassersteinSamples([0, 2], [1])).toBeCloseTo(1, 12);
    // U all at 0; V ⅓ at 3, ⅔ at 6 → 3·1 + 3·⅔ = 5.
    expect(wassersteinIntegers([0, 0], [3, 6, 6])).toBeCloseTo(5, 12);
  });

  it("is 0 for the same multiset in any order", () => {
    expect(wassersteinIntegers([5, 1, 3, 3], [3, 5, 3, 1])).toBe(0);
  });
});

describe("cycle-time EMD", () => {
  it("bins case durations by the hour from the shortest and compares the bins", () => {
    // A: 1 h and 3 h → bins 0 and 2; B: 2 h and 2 h → bins 1 and 1; W = ½ + ½.
    const b = eventLogFromEvents([
      ev("x", "a", "2024-01-02T08:00:00", "2024-01-02T10:00:00"),
      ev("y", "a", "2024-01-02T09:00:00", "2024-01-02T11:00:00"),
    ]);
    expect(cycleTimeEmd(logA, b)).toBeCloseTo(1, 12);
    expect(cycleTimeEmd(b, logA)).toBeCloseTo(1, 12);
  });

  it("uses whole bins: durations within the same hour bin do not differ", () => {
    const b = eventLogFromEvents([
      ev("x", "a", "2024-01-02T08:00:00", "2024-01-02T09:10:00"),
      ev("y", "a", "2024-01-02T08:00:00", "2024-01-02T11:20:00"),
    ]);
    expect(cycleTimeEmd(logA, b)).toBe(0);
  });
});

describe("absolute-hour event distribution EMD", () => {
  it("bins start and end instants by hours since the first start's hour", () => {
    const a = eventLogFromEvents([ev("1", "a", "2024-01-01T10:00:00", "2024-01-01T10:30:00")]);
    const b = eventLogFromEvents([ev("1", "a", "2024-01-01T11:15:00", "2024-01-01T12:45:00")]);
    // A: bins 0, 0; B: bins 1, 2 → W = 1·1 + 1·½.
    expect(absoluteHourEmd(a, b)).toBeCloseTo(1.5, 12);
  });
});

describe("circadian event distribution EMD", () => {
  it("compares hours per weekday, 23 where only one log has instants, and averages over seven days", () => {
    const a = eventLogFromEvents([ev("1", "a", "2024-01-01T09:00:00", "2024-01-01T09:40:00")]);
    const b = eventLogFromEvents([
      ev("1", "a", "2024-01-01T11:00:00", "2024-01-01T12:10:00"),
      ev("2", "a", "2024-01-02T10:00:00", "2024-01-02T10:20:00"),
    ]);
    // Monday: A at 9, 9; B at 11, 12 → W = 2.5. Tuesday: only B → 23.
    expect(circadianEmd(a, b)).toBeCloseTo((2.5 + 23) / 7, 12);
  });

  it("ignores the date: the same hours on another Monday give 0", () => {
    const a = eventLogFromEvents([ev("1", "a", "2024-01-01T09:00:00", "2024-01-01T10:00:00")]);
    const b = eventLogFromEvents([ev("1", "a", "2024-01-08T09:30:00", "2024-01-08T10:59:00")]);
    expect(circadianEmd(a, b)).toBe(0);
  });
});

describe("n-gram distribution distance", () => {
  it("counts padded 3-grams: a→b against a→c share only (·,·,a)", () => {
    const a = eventLogFromEvents(
      [ev("1", "a", "2024-01-01T09:00:00", "2024-01-01T09:10:00")].concat([
        ev("1", "b", "2024-01-01T09:10:00", "2024-01-01T09:20:00"),
      ]),
    );
    const b = eventLogFromEvents([
      ev("1", "a", "2024-01-01T09:00:00", "2024-01-01T09:10:00"),
      ev("1", "c", "2024-01-01T09:10:00", "2024-01-01T09:20:00"),
    ]);
    // Four 3-grams each, one in common: (3 + 3) / 8.
    expect(nGramDistance(a, b)).toBeCloseTo(0.75, 12);
  });

  it("orders a case's events by start time", () => {
    // b ends before a but starts after it: the sequence is a, b.
    const a = eventLogFromEvents([
      ev("1", "a", "2024-01-01T09:00:00", "2024-01-01T10:00:00"),
      ev("1", "b", "2024-01-01T09:10:00", "2024-01-01T09:20:00"),
    ]);
    const b = eventLogFromEvents([
      ev("1", "a", "2024-01-01T09:00:00", "2024-01-01T09:10:00"),
      ev("1", "b", "2024-01-01T09:10:00", "2024-01-01T09:20:00"),
    ]);
    expect(nGramDistance(a, b)).toBe(0);
  });

  it("compares frequencies, not just presence", () => {
    const one = [ev("1", "a", "2024-01-01T09:00:00", "2024-01-01T09:10:00")];
    const two = [...one, ev("2", "a", "2024-01-01T09:00:00", "2024-01-01T09:10:00")];
    // One case: 3 grams; two cases: the same 3 grams twice → |3 − 6| / 9.
    expect(nGramDistance(eventLogFromEvents(one), eventLogFromEvents(two))).toBeCloseTo(1 / 3, 12);
  });
});

describe("all four measures", () => {
  it("are 0 between a log and itself", () => {
    expect(measureLogDistances(logA, logA)).toEqual({
      cycleTimeEmd: 0,
      absoluteHourEmd: 0,
      circadianEmd: 0,
      nGramDistance: 0,
    });
  });
});
