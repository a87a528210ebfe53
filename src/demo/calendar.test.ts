import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  amsterdamOffsetAt,
  civilFromDays,
  daysFromCivil,
  easterSunday,
  formatDay,
  formatIsoLocal,
  formatLocalDateTime,
  isNonexistentLocalTime,
  localDayLength,
  localToEpoch,
  weekdayOf,
} from "./calendar.js";

/** The reference: Intl's tz database for Europe/Amsterdam. */
const amsterdam = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Amsterdam",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function intlLocal(epochSeconds: number): string {
  const parts = Object.fromEntries(
    amsterdam.formatToParts(new Date(epochSeconds * 1000)).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

function intlOffsetSeconds(epochSeconds: number): number {
  const local = intlLocal(epochSeconds);
  return (Date.parse(`${local.replace(" ", "T")}Z`) / 1000 - epochSeconds) | 0;
}

const instants = fc.integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 });

describe("calendar", () => {
  it("converts civil dates to day numbers like Date.UTC, and back", () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (day) => {
        const date = new Date(day * 86_400_000);
        const civil = civilFromDays(day);
        return (
          civil.year === date.getUTCFullYear() &&
          civil.month === date.getUTCMonth() + 1 &&
          civil.day === date.getUTCDate() &&
          daysFromCivil(civil.year, civil.month, civil.day) === day &&
          weekdayOf(day) === (date.getUTCDay() + 6) % 7
        );
      }),
    );
  });

  it("knows Easter Sunday of the demo years", () => {
    expect(formatDay(easterSunday(2024))).toBe("2024-03-31");
    expect(formatDay(easterSunday(2025))).toBe("2025-04-20");
    expect(formatDay(easterSunday(2026))).toBe("2026-04-05");
  });

  it("gives the Amsterdam UTC offset of any instant as the tz database does", () => {
    fc.assert(fc.property(instants, (t) => amsterdamOffsetAt(t) === intlOffsetSeconds(t)));
  });

  it("formats local date-times as the tz database does, around every clock change too", () => {
    fc.assert(fc.property(instants, (t) => formatLocalDateTime(t) === intlLocal(t)));
    for (const change of [
      "2025-03-30T01:00:00Z",
      "2025-10-26T01:00:00Z",
      "2026-03-29T01:00:00Z",
      "2024-10-27T01:00:00Z",
    ]) {
      const at = Date.parse(change) / 1000;
      for (let t = at - 7200; t <= at + 7200; t += 599) expect(formatLocalDateTime(t)).toBe(intlLocal(t));
    }
  });

  it("writes ISO 8601 with the offset in force: +01:00 in winter, +02:00 in summer", () => {
    expect(formatIsoLocal(Date.parse("2025-03-30T00:59:59Z") / 1000)).toBe("2025-03-30T01:59:59+01:00");
    expect(formatIsoLocal(Date.parse("2025-03-30T01:00:00Z") / 1000)).toBe("2025-03-30T03:00:00+02:00");
    expect(formatIsoLocal(Date.parse("2025-10-26T00:30:00Z") / 1000)).toBe("2025-10-26T02:30:00+02:00");
    expect(formatIsoLocal(Date.parse("2025-10-26T01:30:00Z") / 1000)).toBe("2025-10-26T02:30:00+01:00");
    fc.assert(fc.property(instants, (t) => Date.parse(formatIsoLocal(t)) / 1000 === t));
  });

  it("maps local wall-clock times to instants, skipping the spring gap", () => {
    const spring = daysFromCivil(2025, 3, 30);
    expect(isNonexistentLocalTime(spring, 2 * 3600 + 30 * 60)).toBe(true);
    expect(isNonexistentLocalTime(spring, 3 * 3600)).toBe(false);
    expect(localDayLength(spring)).toBe(23 * 3600);
    expect(localDayLength(daysFromCivil(2025, 10, 26))).toBe(25 * 3600);
    expect(localDayLength(daysFromCivil(2025, 6, 1))).toBe(24 * 3600);
    fc.assert(
      fc.property(
        fc.integer({ min: daysFromCivil(2024, 1, 1), max: daysFromCivil(2027, 1, 1) }),
        fc.integer({ min: 0, max: 86_399 }),
        (day, second) => {
          if (isNonexistentLocalTime(day, second)) return true;
          const t = localToEpoch(day, second);
          const hh = String(Math.floor(second / 3600)).padStart(2, "0");
          const mm = String(Math.floor((second % 3600) / 60)).padStart(2, "0");
          const ss = String(second % 60).padStart(2, "0");
          return intlLocal(t) === `${formatDay(day)} ${hh}:${mm}:${ss}`;
        },
      ),
    );
  });
});
