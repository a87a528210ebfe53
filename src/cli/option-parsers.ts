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
