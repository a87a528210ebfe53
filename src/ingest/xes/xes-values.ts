/** Typed values of XES `int`, `float` and `boolean` attributes, with the reason when a value does not fit. */

/** A value that does not fit its type, and why, in words a user can act on. */
export class Invalid {
  constructor(readonly reason: string) {}
}

export function parseInt64(raw: string): number | Invalid {
  const text = raw.trim();
  if (!/^[+-]?[0-9]+$/.test(text)) {
    return new Invalid(
      /^[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+[eE])/.test(text)
        ? `"${raw}" is not a whole number; an <int> holds whole numbers such as 42; use <float> for numbers with decimals`
        : `"${raw}" is not a whole number; an <int> holds whole numbers such as 42`,
    );
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    return new Invalid(
      `"${raw}" is beyond ±9,007,199,254,740,991, the largest whole number opsloop keeps exactly; if it is an identifier, write it as <string>`,
    );
  }
  return value;
}

export function parseDouble(raw: string): number | Invalid {
  const text = raw.trim();
  if (/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text)) {
    const value = Number(text);
    if (Number.isFinite(value)) return value;
    return new Invalid(`"${raw}" is too large for a number`);
  }
  if (/^[+-]?(INF|NaN)$/.test(text)) {
    return new Invalid(
      `"${raw}" is not a number opsloop can use; leave the attribute out when there is no value`,
    );
  }
  return new Invalid(
    /^[+-]?[0-9]+,[0-9]+$/.test(text)
      ? `"${raw}" uses a decimal comma; a <float> is written with a decimal point, as in 12.5`
      : `"${raw}" is not a number; a <float> holds numbers such as 12.5 or 1.2E3`,
  );
}

export function parseBoolean(raw: string): boolean | Invalid {
  const text = raw.trim().toLowerCase();
  if (text === "true" || text === "1") return true;
  if (text === "false" || text === "0") return false;
  return new Invalid(`"${raw}" is not a boolean; a <boolean> is true or false`);
}
