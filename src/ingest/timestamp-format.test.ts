import { describe, expect, it } from "vitest";
import { toStrptimeFormat } from "./timestamp-format.js";

describe("toStrptimeFormat", () => {
  it("converts the sepsis log's pattern with milliseconds", () => {
    expect(toStrptimeFormat("yyyy/MM/dd HH:mm:ss.SSS")).toBe("%Y/%m/%d %H:%M:%S.%g");
  });

  it("converts the bread basket's day-first pattern", () => {
    expect(toStrptimeFormat("dd-MM-yyyy HH:mm")).toBe("%d-%m-%Y %H:%M");
  });

  it("keeps quoted literals and offsets", () => {
    expect(toStrptimeFormat("yyyy-MM-dd'T'HH:mm:ssXXX")).toBe("%Y-%m-%dT%H:%M:%S%z");
  });

  it("passes strftime patterns through", () => {
    expect(toStrptimeFormat("%d/%m/%Y %H:%M")).toBe("%d/%m/%Y %H:%M");
  });

  it("names an unknown pattern letter and where it is", () => {
    expect(() => toStrptimeFormat("yyyy-MM-dd QQ")).toThrow(/"QQ" at position 12/);
  });

  it("rejects an unclosed quote", () => {
    expect(() => toStrptimeFormat("yyyy'T")).toThrow(/unclosed quote at position 5/);
  });
});
