/**
 * Calendar arithmetic for the demo without Date objects in hot loops: civil dates as day numbers
 * (days since 1970-01-01), times as epoch seconds, and Europe/Amsterdam daylight saving time by the
 * EU rule (summer time from the last Sunday of March 01:00 UTC to the last Sunday of October
 * 01:00 UTC; +01:00 in winter, +02:00 in summer).
 */

export const SECONDS_PER_DAY = 86400;
export const HOUR = 3600;
export const MINUTE = 60;

/** Day number (days since 1970-01-01) of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** The civil date of a day number (Hinnant's civil_from_days). */
export function civilFromDays(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

/** Day number of the last Sunday of a month. */
export function lastSundayOf(year: number, month: number): number {
  const last = month === 12 ? daysFromCivil(year + 1, 1, 1) - 1 : daysFromCivil(year, month + 1, 1) - 1;
  return last - ((weekdayOf(last) + 1) % 7);
}

/** Easter Sunday (anonymous Gregorian algorithm) as a day number. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(year, month, day);
}

const summerStartCache = new Map<number, number>();
const summerEndCache = new Map<number, number>();

/** Epoch second at which summer time starts in a year (last Sunday of March, 01:00 UTC). */
export function summerTimeStart(year: number): number {
  let value = summerStartCache.get(year);
  if (value === undefined) {
    value = lastSundayOf(year, 3) * SECONDS_PER_DAY + HOUR;
    summerStartCache.set(year, value);
  }
  return value;
}

/** Epoch second at which summer time ends in a year (last Sunday of October, 01:00 UTC). */
export function summerTimeEnd(year: number): number {
  let value = summerEndCache.get(year);
  if (value === undefined) {
    value = lastSundayOf(year, 10) * SECONDS_PER_DAY + HOUR;
    summerEndCache.set(year, value);
  }
  return value;
}

/**
 * UTC offset in seconds of Europe/Amsterdam at an instant. The year is estimated by division: near
 * New Year either neighbouring year gives winter time, so the estimate never changes the answer.
 */
export function amsterdamOffsetAt(epochSeconds: number): number {
  const year = 1970 + Math.floor(epochSeconds / 31556952);
  return epochSeconds >= summerTimeStart(year) && epochSeconds < summerTimeEnd(year) ? 2 * HOUR : HOUR;
}

/**
 * UTC offset in force at a local wall-clock time (seconds since local midnight of a day). In the
 * spring gap (02:00–03:00 on the last Sunday of March) the winter offset is returned, which maps the
 * nonexistent time one hour later; in the autumn overlap the first (summer) occurrence is chosen.
 */
export function amsterdamOffsetAtLocal(dayNumber: number, secondOfDay: number): number {
  const year = civilYearFast(dayNumber);
  const spring = lastSundayOf(year, 3);
  const autumn = lastSundayOf(year, 10);
  if (dayNumber < spring || dayNumber > autumn) return HOUR;
  if (dayNumber > spring && dayNumber < autumn) return 2 * HOUR;
  if (dayNumber === spring) return secondOfDay < 3 * HOUR ? HOUR : 2 * HOUR;
  return secondOfDay < 3 * HOUR ? 2 * HOUR : HOUR;
}

/** Whether a local wall-clock time does not exist (skipped by the spring change). */
export function isNonexistentLocalTime(dayNumber: number, secondOfDay: number): boolean {
  const year = civilYearFast(dayNumber);
  return dayNumber === lastSundayOf(year, 3) && secondOfDay >= 2 * HOUR && secondOfDay < 3 * HOUR;
}

/** Epoch seconds of a local wall-clock time in Europe/Amsterdam. */
export function localToEpoch(dayNumber: number, secondOfDay: number): number {
  return dayNumber * SECONDS_PER_DAY + secondOfDay - amsterdamOffsetAtLocal(dayNumber, secondOfDay);
}

/** Length in seconds of a local day (82800, 86400 or 90000). */
export function localDayLength(dayNumber: number): number {
  return localToEpoch(dayNumber + 1, 0) - localToEpoch(dayNumber, 0);
}

function civilYearFast(dayNumber: number): number {
  return civilFromDays(dayNumber).year;
}

/** "00".."99", for formatting without padStart in hot loops. */
export const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) =>
  i < 10 ? `0${i}` : `${i}`,
);

const DATE_BASE = daysFromCivil(2000, 1, 1);
const dateCache: (string | undefined)[] = [];

/** "yyyy-MM-dd" of a day number (cached). */
export function formatDay(dayNumber: number): string {
  const index = dayNumber - DATE_BASE;
  const cached = index >= 0 ? dateCache[index] : undefined;
  if (cached !== undefined) return cached;
  const { year, month, day } = civilFromDays(dayNumber);
  const text = `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
  if (index >= 0 && index < 40000) dateCache[index] = text;
  return text;
}

/** "HH:mm:ss" of seconds since midnight (0 ≤ s < 86400). */
export function formatTimeOfDay(secondOfDay: number): string {
  const h = Math.floor(secondOfDay / HOUR);
  const rest = secondOfDay - h * HOUR;
  const m = Math.floor(rest / MINUTE);
  return `${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[rest - m * MINUTE]}`;
}

/** "HH:mm" of seconds since midnight. */
export function formatHourMinute(secondOfDay: number): string {
  const h = Math.floor(secondOfDay / HOUR);
  const m = Math.floor((secondOfDay - h * HOUR) / MINUTE);
  return `${TWO_DIGITS[h]}:${TWO_DIGITS[m]}`;
}

/** Local wall-clock parts of an instant in Europe/Amsterdam. */
export function toLocal(epochSeconds: number): { day: number; second: number; offset: number } {
  const offset = amsterdamOffsetAt(epochSeconds);
  const local = epochSeconds + offset;
  const day = Math.floor(local / SECONDS_PER_DAY);
  return { day, second: local - day * SECONDS_PER_DAY, offset };
}

/** ISO 8601 with the Amsterdam offset, e.g. "2025-03-30T08:15:00+02:00". */
export function formatIsoLocal(epochSeconds: number): string {
  const offset = amsterdamOffsetAt(epochSeconds);
  const local = epochSeconds + offset;
  const day = Math.floor(local / SECONDS_PER_DAY);
  return `${formatDay(day)}T${formatTimeOfDay(local - day * SECONDS_PER_DAY)}${offset === HOUR ? "+01:00" : "+02:00"}`;
}

/** Local wall-clock time as "yyyy-MM-dd HH:mm:ss" (Europe/Amsterdam). */
export function formatLocalDateTime(epochSeconds: number): string {
  const local = epochSeconds + amsterdamOffsetAt(epochSeconds);
  const day = Math.floor(local / SECONDS_PER_DAY);
  return `${formatDay(day)} ${formatTimeOfDay(local - day * SECONDS_PER_DAY)}`;
}
