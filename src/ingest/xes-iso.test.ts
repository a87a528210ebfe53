import fc from "fast-check";
import { expect, it } from "vitest";
import { microsToIso } from "./xes-load.js";

/** The same instant written by the platform's own formatter, with the microseconds appended. */
function reference(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString();
  const rest = micros - ms * 1000;
  return rest ? `${iso.slice(0, -1)}${String(rest).padStart(3, "0")}Z` : iso;
}

it("writes XES instants as the platform's ISO 8601 does, microseconds included", () => {
  // From year 1684 to 2255 (microseconds stay exact as doubles there), before and after 1970.
  const micros = fc
    .integer({ min: -9_000_000_000, max: 9_000_000_000 })
    .chain((seconds) =>
      fc.integer({ min: 0, max: 999_999 }).map((fraction) => seconds * 1_000_000 + fraction),
    );
  fc.assert(
    fc.property(micros, (m) => {
      expect(microsToIso(m)).toBe(reference(m));
    }),
    { numRuns: 20_000, seed: 3 },
  );
  expect(microsToIso(0)).toBe("1970-01-01T00:00:00.000Z");
  expect(microsToIso(-1)).toBe("1969-12-31T23:59:59.999999Z");
  expect(microsToIso(1_317_457_800_000_001)).toBe("2011-10-01T08:30:00.000001Z");
});
