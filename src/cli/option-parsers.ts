import { AppError } from "../core/index.js";

/** A commander parser for a whole-number flag within [min, max]. */
export function wholeNumber(flag: string, min = 0, max = Number.POSITIVE_INFINITY) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      const range = Number.isFinite(max) ? `from ${min} to ${max}` : `≥ ${min}`;
      throw new AppError("USAGE", `${flag} must be a whole number ${range}; got "${value}".`);
    }
    return n;
  };
}

/** A commander parser for a finite number flag. */
export function decimal(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n))
      throw new AppError("USAGE", `${flag} must be a number; got "${value}".`);
    return n;
  };
}

/** A commander parser for a comma-separated list of numbers. */
export function decimals(flag: string) {
  return (value: string): number[] => list(value).map(decimal(flag));
}

/** Splits a comma-separated flag value, dropping empty items. */
export function list(value: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}
