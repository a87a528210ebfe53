import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysFromCivil, explainDateTime, parseDateTime, ZoneResolver } from "./xes-date.js";

const utc = new ZoneResolver("UTC");
const amsterdam = new ZoneResolver("Europe/Amsterdam");
const newYork = new ZoneResolver("America/New_York");
const kolkata = new ZoneResolver("Asia/Kolkata");

/** Epoch microseconds of a UTC date and time, from JavaScript's own Date.UTC. */
function micros(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, us = 0): number {
  return Date.UTC(y, mo - 1, d, h, mi, s) * 1000 + us;
}

describe("xs:dateTime to epoch microseconds", () => {
  it("reads Z, +hh:mm and -hh:mm offsets", () => {
    expect(parseDateTime("2011-10-01T00:38:44.546+02:00", utc)).toBe(
      micros(2011, 9, 30, 22, 38, 44, 546_000),
    );
    expect(parseDateTime("2011-10-01T00:38:44Z", utc)).toBe(micros(2011, 10, 1, 0, 38, 44));
    expect(parseDateTime("2011-10-01T00:38:44-05:30", utc)).toBe(micros(2011, 10, 1, 6, 8, 44));
    expect(parseDateTime("2011-10-01T00:38:44+14:00", utc)).toBe(micros(2011, 9, 30, 10, 38, 44));
  });

  it("keeps fractional seconds to the microsecond and drops further digits", () => {
    expect(parseDateTime("2021-01-01T00:00:00.1Z", utc)).toBe(micros(2021, 1, 1) + 100_000);
    expect(parseDateTime("2021-01-01T00:00:00.123456Z", utc)).toBe(micros(2021, 1, 1) + 123_456);
    expect(parseDateTime("2021-01-01T00:00:00.1234569Z", utc)).toBe(micros(2021, 1, 1) + 123_456);
  });

  it("reads dates before 1970 and around leap days", () => {
    expect(parseDateTime("1969-12-31T23:59:59.999999Z", utc)).toBe(-1);
    expect(parseDateTime("2000-02-29T12:00:00Z", utc)).toBe(micros(2000, 2, 29, 12));
    expect(parseDateTime("1900-03-01T00:00:00Z", utc)).toBe(micros(1900, 3, 1));
  });

  it("reads 24:00:00 as the first instant of the next day", () => {
    expect(parseDateTime("2021-12-31T24:00:00Z", utc)).toBe(micros(2022, 1, 1));
  });

  it("allows whitespace around the value, as xs:dateTime does", () => {
    expect(parseDateTime("  2021-01-01T00:00:00Z\n", utc)).toBe(micros(2021, 1, 1));
  });

  it("reads a time without an offset in the given zone, winter and summer", () => {
    // Amsterdam is UTC+1 in winter and UTC+2 in summer.
    expect(parseDateTime("2021-01-15T10:00:00", amsterdam)).toBe(micros(2021, 1, 15, 9));
    expect(parseDateTime("2021-07-15T10:00:00", amsterdam)).toBe(micros(2021, 7, 15, 8));
    expect(parseDateTime("2021-07-15T10:00:00", kolkata)).toBe(micros(2021, 7, 15, 4, 30));
    expect(parseDateTime("2021-07-15T10:00:00", utc)).toBe(micros(2021, 7, 15, 10));
  });

  it("moves a wall time in the spring-forward gap forward by the gap", () => {
    // 2021-03-28 02:00 → 03:00 in Amsterdam; 02:30 does not exist and is read as 03:30 CEST.
    expect(parseDateTime("2021-03-28T02:30:00", amsterdam)).toBe(micros(2021, 3, 28, 1, 30));
    // 2021-03-14 02:00 → 03:00 in New York; 02:30 is read as 03:30 EDT.
    expect(parseDateTime("2021-03-14T02:30:00", newYork)).toBe(micros(2021, 3, 14, 7, 30));
  });

  it("reads a repeated wall time in the autumn as the earlier instant", () => {
    // 2021-10-31 03:00 → 02:00 in Amsterdam; 02:30 happens twice, first at 00:30Z (CEST).
    expect(parseDateTime("2021-10-31T02:30:00", amsterdam)).toBe(micros(2021, 10, 31, 0, 30));
    expect(parseDateTime("2021-10-31T03:30:00", amsterdam)).toBe(micros(2021, 10, 31, 2, 30));
  });

  it("rejects impossible dates and times", () => {
    for (const bad of [
      "2021-02-30T10:00:00",
      "2021-02-29T10:00:00Z",
      "1900-02-29T10:00:00Z",
      "2021-13-01T10:00:00Z",
      "2021-00-10T10:00:00Z",
      "2021-04-31T10:00:00Z",
      "2021-03-01T25:00:00+01:00",
      "2021-03-01T24:00:01Z",
      "2021-03-01T10:60:00Z",
      "2021-03-01T10:00:60Z",
      "2021-03-01T10:00:00+15:00",
      "2021-03-01T10:00:00+0100",
      "2021-03-01 10:00:00",
      "2021-03-01",
      "2021-03-01T10:00:00.Z",
      "21-03-01T10:00:00Z",
      "",
      "yesterday",
    ]) {
      expect(parseDateTime(bad, utc), bad).toBeNaN();
    }
  });

  it("explains what is wrong with a date in words", () => {
    expect(explainDateTime("2021-02-30T10:00:00")).toContain("month 02 of 2021 has 28 days");
    expect(explainDateTime("2021-03-01T25:00:00+01:00")).toContain("has hour 25; hours run from 00 to 23");
    expect(explainDateTime("2021-03-01 10:00:00")).toContain('need a "T" there');
    expect(explainDateTime("2021-03-01")).toContain("no time of day");
    expect(explainDateTime("2021-03-01T10:00:00+0100")).toContain("offset without a colon");
    expect(explainDateTime("2021-03-01T10:00:00+15:00")).toContain("offsets run from -14:00 to +14:00");
    expect(explainDateTime("soon")).toContain('"soon" is not a date and time such as');
  });

  it("counts days like Date.UTC for any date from year 1 to 9999", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z") }),
        (date) => {
          const days = daysFromCivil(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
          const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
          // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
          const reference = new Date(midnight);
          reference.setUTCFullYear(date.getUTCFullYear());
          expect(days * 86_400_000).toBe(reference.getTime());
        },
      ),
      { seed: 42, numRuns: 500 },
    );
  });

  it("agrees with Date.parse on ISO instants with millisecond precision", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1700-01-01T00:00:00Z"),
          max: new Date("2200-12-31T23:59:59Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offset) => {
          const wall = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 23);
          const sign = offset < 0 ? "-" : "+";
          const abs = Math.abs(offset);
          const text = `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
          expect(parseDateTime(text, utc)).toBe(Date.parse(text) * 1000);
        },
      ),
      { seed: 7, numRuns: 500 },
    );
  });

  it("throws for a time zone that does not exist", () => {
    expect(() => new ZoneResolver("Mars/Olympus")).toThrow(RangeError);
  });
});
