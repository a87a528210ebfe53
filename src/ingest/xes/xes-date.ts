/**
 * xs:dateTime values (the `value` of an XES `<date>` attribute) to epoch microseconds.
 *
 * `2011-10-01T00:38:44.546+02:00`, `...Z`, `...-05:00`; fractional seconds are kept to the microsecond
 * (further digits are truncated). A value without an offset is a wall-clock time in the reader's time
 * zone: an ambiguous time (the hour repeated when clocks go back) is the earlier instant, a time that
 * does not exist (the hour skipped when clocks go forward) is moved forward by the length of the gap,
 * as JavaScript's Temporal does by default. `24:00:00` is the first instant of the next day.
 *
 * Epoch microseconds are exact as JavaScript numbers between the years 1685 and 2255; further out they
 * are exact to the millisecond.
 */

import type { Codes } from "./xml-scanner.js";

const MICROS_PER_SECOND = 1_000_000;
const MS_PER_HOUR = 3_600_000;

/** Days from 1970-01-01 to a proleptic Gregorian civil date (month 1–12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shifted = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * shifted + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Converts wall-clock times in one IANA zone to instants. */
export class ZoneResolver {
  readonly zone: string;
  private readonly utc: boolean;
  private readonly format: Intl.DateTimeFormat | undefined;
  /** Offset (ms) by UTC hour, for hours with no transition inside them. */
  private readonly hourOffsets = new Map<number, number>();

  /** Throws a RangeError when the zone is not a known IANA zone. */
  constructor(zone: string) {
    this.zone = zone;
    this.utc = zone === "UTC" || zone === "Etc/UTC" || zone === "GMT" || zone === "Etc/GMT";
    this.format = this.utc
      ? undefined
      : new Intl.DateTimeFormat("en-US", {
          timeZone: zone,
          hourCycle: "h23",
          era: "short",
          year: "numeric",
          month: "numeric",
          day: "numeric",
          hour: "numeric",
          minute: "numeric",
          second: "numeric",
        });
  }

  /** Offset of the zone from UTC, in milliseconds, at an instant. */
  offsetAt(utcMs: number): number {
    if (this.utc) return 0;
    const hour = Math.floor(utcMs / MS_PER_HOUR);
    const cached = this.hourOffsets.get(hour);
    if (cached !== undefined) return cached;
    const atStart = this.computeOffset(hour * MS_PER_HOUR);
    const atEnd = this.computeOffset(hour * MS_PER_HOUR + MS_PER_HOUR - 1000);
    if (atStart === atEnd) {
      if (this.hourOffsets.size > 100_000) this.hourOffsets.clear();
      this.hourOffsets.set(hour, atStart);
      return atStart;
    }
    return this.computeOffset(utcMs);
  }

  /** The instant (epoch ms) of a wall-clock time given as if it were UTC (epoch ms). */
  toUtc(wallMs: number): number {
    if (this.utc) return wallMs;
    const before = this.offsetAt(wallMs - 86_400_000);
    const after = this.offsetAt(wallMs + 86_400_000);
    const first = wallMs - before;
    const second = wallMs - after;
    const firstFits = this.offsetAt(first) === before;
    const secondFits = this.offsetAt(second) === after;
    if (firstFits && secondFits) return Math.min(first, second);
    if (firstFits) return first;
    if (secondFits) return second;
    // The wall time falls in a gap: read it with the offset from before the gap (moves it forward).
    return first;
  }

  private computeOffset(utcMs: number): number {
    const format = this.format;
    if (format === undefined) return 0;
    const second = Math.floor(utcMs / 1000) * 1000;
    let year = 0;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let sec = 0;
    let bc = false;
    for (const part of format.formatToParts(new Date(second))) {
      switch (part.type) {
        case "year":
          year = Number(part.value);
          break;
        case "month":
          month = Number(part.value);
          break;
        case "day":
          day = Number(part.value);
          break;
        case "hour":
          hour = Number(part.value);
          break;
        case "minute":
          minute = Number(part.value);
          break;
        case "second":
          sec = Number(part.value);
          break;
        case "era":
          bc = part.value.startsWith("B");
          break;
      }
    }
    if (bc) year = 1 - year;
    const wall = (daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + sec) * 1000;
    return wall - second;
  }
}

/** UTF-16 codes of a string, to parse a value that is not in a scanner's code array. */
export function codesOf(text: string): Uint16Array {
  const codes = new Uint16Array(text.length);
  for (let k = 0; k < text.length; k++) codes[k] = text.charCodeAt(k);
  return codes;
}

/** Parses an xs:dateTime string to epoch microseconds, or NaN (see `explainDateTime`). */
export function parseDateTime(text: string, zone: ZoneResolver): number {
  return parseDateTimeCodes(codesOf(text), 0, text.length, zone);
}

let cachedDay = Number.NaN;
let cachedDays = 0;

/**
 * Parses the xs:dateTime in `codes[start..end)` to epoch microseconds, or returns NaN when it is not a
 * valid date and time (then `explainDateTime` says why).
 */
export function parseDateTimeCodes(codes: Codes, start: number, end: number, zone: ZoneResolver): number {
  let i = start;
  let n = end;
  // xs:dateTime allows surrounding whitespace.
  while (i < n && (codes[i] as number) <= 32) i++;
  while (n > i && (codes[n - 1] as number) <= 32) n--;
  let negative = false;
  if (codes[i] === 45) {
    negative = true;
    i++;
  }
  // Year: four or more digits, no leading zero beyond four digits.
  const yearStart = i;
  let year = 0;
  while (i < n) {
    const d = (codes[i] as number) - 48;
    if (d < 0 || d > 9) break;
    year = year * 10 + d;
    i++;
  }
  const yearDigits = i - yearStart;
  if (yearDigits < 4 || (yearDigits > 4 && codes[yearStart] === 48) || yearDigits > 6) return Number.NaN;
  if (negative) year = -year;
  if (i + 15 > n || codes[i] !== 45 || codes[i + 3] !== 45 || codes[i + 6] !== 84) return Number.NaN;
  if (codes[i + 9] !== 58 || codes[i + 12] !== 58) return Number.NaN;
  const month = twoDigits(codes, i + 1);
  const day = twoDigits(codes, i + 4);
  const hour = twoDigits(codes, i + 7);
  const minute = twoDigits(codes, i + 10);
  const second = twoDigits(codes, i + 13);
  i += 15;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  if (minute > 59 || second > 59 || hour > 24) return Number.NaN;
  let micros = 0;
  let anyFraction = false;
  if (codes[i] === 46) {
    i++;
    let digits = 0;
    while (i < n) {
      const d = (codes[i] as number) - 48;
      if (d < 0 || d > 9) break;
      if (digits < 6) micros = micros * 10 + d;
      if (d !== 0) anyFraction = true;
      digits++;
      i++;
    }
    if (digits === 0) return Number.NaN;
    for (let k = digits; k < 6; k++) micros *= 10;
  }
  if (hour === 24 && (minute !== 0 || second !== 0 || anyFraction)) return Number.NaN;
  // Logs hold many events per day: remember the last day's number.
  const dayKey = (year * 100 + month) * 100 + day;
  let days: number;
  if (dayKey === cachedDay) days = cachedDays;
  else {
    days = daysFromCivil(year, month, day);
    cachedDay = dayKey;
    cachedDays = days;
  }
  const wallSeconds = days * 86_400 + hour * 3600 + minute * 60 + second;
  if (i === n) {
    const wallMs = wallSeconds * 1000;
    const utcMs = zone.toUtc(wallMs);
    return (utcMs - wallMs) * 1000 + wallSeconds * MICROS_PER_SECOND + micros;
  }
  const sign = codes[i];
  let offsetMinutes = 0;
  if (sign === 90) {
    if (i + 1 !== n) return Number.NaN;
  } else if (sign === 43 || sign === 45) {
    if (i + 6 !== n || codes[i + 3] !== 58) return Number.NaN;
    const offsetHours = twoDigits(codes, i + 1);
    const offsetMins = twoDigits(codes, i + 4);
    if (offsetHours > 14 || offsetMins > 59 || (offsetHours === 14 && offsetMins !== 0)) return Number.NaN;
    offsetMinutes = (offsetHours * 60 + offsetMins) * (sign === 45 ? -1 : 1);
  } else {
    return Number.NaN;
  }
  return (wallSeconds - offsetMinutes * 60) * MICROS_PER_SECOND + micros;
}

/** Two decimal digits at `i` as a number, or 99 (out of every range) when they are not digits. */
function twoDigits(codes: Codes, i: number): number {
  const a = (codes[i] as number) - 48;
  const b = (codes[i + 1] as number) - 48;
  if (a >= 0 && a <= 9 && b >= 0 && b <= 9) return a * 10 + b;
  return 99;
}

/** Why `text` is not a valid xs:dateTime, in words a user can act on. */
export function explainDateTime(text: string): string {
  const shape = /^\s*(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?\s*$/.exec(
    text,
  );
  const sample = "2011-10-01T14:38:44.546+02:00";
  const example = `a date and time such as ${sample}`;
  if (shape === null) {
    if (/^\s*\d{4}-\d{2}-\d{2}[ ]\d{2}:\d{2}/.test(text)) {
      return `"${text}" has a space between the date and the time; XES dates need a "T" there, as in ${sample}`;
    }
    if (/^\s*\d{4}-\d{2}-\d{2}\s*$/.test(text)) {
      return `"${text}" has no time of day; XES dates need ${example} (use T00:00:00 for midnight)`;
    }
    if (/[+-]\d{4}\s*$/.test(text)) {
      return `"${text}" has an offset without a colon; write it as +hh:mm, as in ${sample}`;
    }
    return `"${text}" is not ${example}`;
  }
  const [, y = "", mo = "", d = "", h = "", mi = "", se = "", fraction = "", offset = ""] = shape;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return `"${text}" has month ${mo}; months run from 01 to 12`;
  if (day < 1 || day > daysInMonth(year, month)) {
    return `"${text}" is not a real date: month ${mo} of ${y} has ${daysInMonth(year, month)} days`;
  }
  const hour = Number(h);
  if (hour > 24 || (hour === 24 && (mi !== "00" || se !== "00" || /[1-9]/.test(fraction)))) {
    return `"${text}" has hour ${h}; hours run from 00 to 23`;
  }
  if (Number(mi) > 59) return `"${text}" has minute ${mi}; minutes run from 00 to 59`;
  if (Number(se) > 59) return `"${text}" has second ${se}; seconds run from 00 to 59`;
  if (offset !== "" && offset !== "Z") {
    return `"${text}" has the offset ${offset}; offsets run from -14:00 to +14:00`;
  }
  return `"${text}" is not ${example}`;
}
