import type { Command } from "commander";
import type { FileLogColumns } from "../mining/index.js";

const COLUMN_KEYS = [
  "case",
  "activity",
  "timestamp",
  "startTimestamp",
  "resource",
  "role",
  "lifecycle",
  "timestampFormat",
  "delimiter",
  "timezone",
] as const;

/** The flags that say which columns of a table file make an event log (XES files need none). */
export function withFileColumns(command: Command): Command {
  return command
    .option("--case <column>", "file: case id column")
    .option("--activity <column>", "file: activity column")
    .option("--timestamp <column>", "file: completion time column")
    .option("--start-timestamp <column>", "file: start time column")
    .option("--resource <column>", "file: resource column")
    .option("--role <column>", "file: role column")
    .option("--lifecycle <column>", "file: lifecycle transition column")
    .option("--timestamp-format <pattern>", "file: how times are written, e.g. yyyy/MM/dd HH:mm:ss.SSS")
    .option("--delimiter <char>", "file: CSV field separator")
    .option("--timezone <zone>", "file: IANA zone of times without an offset (default UTC)");
}

/** The column flags given, as the file loader takes them. */
export function fileColumns(options: Record<string, unknown>): FileLogColumns {
  const out: FileLogColumns = {};
  for (const key of COLUMN_KEYS) {
    const value = options[key];
    if (typeof value === "string") out[key] = value;
  }
  return out;
}
