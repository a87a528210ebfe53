/**
 * The staff roster as the owners keep it: a spreadsheet with one row per shift. Written with
 * ExcelJS's streaming writer; the zip entry timestamps it stamps with the current time are then set
 * to a fixed date so the same seed gives the same bytes.
 */

import { readFile, writeFile } from "node:fs/promises";
import { devNull } from "node:os";
import ExcelJS from "exceljs";
import type { Progress } from "../core/effects.js";
import { type DayPlan, PERIOD_DAYS, SHOP_IDS } from "./business.js";
import { civilFromDays, formatHourMinute } from "./calendar.js";
import { ROLES, type RosterBuilder } from "./roster.js";

/** Fixed document dates: the last day of the generated period. */
const DOCUMENT_DATE = new Date(Date.UTC(2026, 8, 30, 18, 0, 0));

export interface ShiftsResult {
  rows: number;
  hours: number;
  costCents: number;
}

export async function writeShifts(options: {
  plans: readonly DayPlan[];
  roster: RosterBuilder;
  path: string;
  progress: Progress;
}): Promise<ShiftsResult> {
  const { plans, roster, path, progress } = options;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = "Bakkerij Van Dijk";
  workbook.lastModifiedBy = "Bakkerij Van Dijk";
  workbook.created = DOCUMENT_DATE;
  workbook.modified = DOCUMENT_DATE;
  const sheet = workbook.addWorksheet("Shifts");
  sheet.columns = [
    { header: "shift_id", key: "shift_id", width: 10 },
    { header: "employee", key: "employee", width: 22 },
    { header: "role", key: "role", width: 8 },
    { header: "shop", key: "shop", width: 8 },
    { header: "date", key: "date", width: 12, style: { numFmt: "yyyy-mm-dd" } },
    { header: "start", key: "start", width: 7 },
    { header: "end", key: "end", width: 7 },
    { header: "hourly_cost", key: "hourly_cost", width: 11 },
  ];
  const result: ShiftsResult = { rows: 0, hours: 0, costCents: 0 };
  progress.start("shifts", PERIOD_DAYS);
  for (const plan of plans) {
    const { year, month, day } = civilFromDays(plan.dayNumber);
    const date = new Date(Date.UTC(year, month - 1, day));
    for (const shift of roster.shiftsFor(plan)) {
      result.rows++;
      const hours = (shift.end - shift.start) / 3600;
      result.hours += hours;
      result.costCents += hours * shift.hourlyCostCents;
      sheet
        .addRow([
          `SH${String(result.rows).padStart(6, "0")}`,
          shift.employee.name,
          ROLES[shift.role as 0],
          SHOP_IDS[shift.shop as 0],
          date,
          formatHourMinute(shift.start),
          formatHourMinute(shift.end),
          shift.hourlyCostCents / 100,
        ])
        .commit();
    }
    progress.update(plan.index + 1, PERIOD_DAYS);
  }
  sheet.commit();
  await workbook.commit();
  // Written into the null device when the shifts are not wanted: nothing to read back.
  if (path !== devNull) await writeFile(path, normalizeZipTimestamps(await readFile(path)));
  progress.finish();
  result.costCents = Math.round(result.costCents);
  return result;
}

/**
 * Sets the modification time of every entry in a zip archive to 1980-01-01 00:00 (the DOS epoch),
 * in the central directory and the local headers, and drops extended-timestamp extra fields' times.
 */
export function normalizeZipTimestamps(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  // End of central directory: search backwards for its signature.
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 65535); i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip archive: no end of central directory");
  const entries = out.readUInt16LE(eocd + 10);
  let at = out.readUInt32LE(eocd + 16);
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (let k = 0; k < entries; k++) {
    if (out.readUInt32LE(at) !== 0x02014b50) throw new Error("zip central directory is damaged");
    out.writeUInt16LE(dosTime, at + 12);
    out.writeUInt16LE(dosDate, at + 14);
    const nameLength = out.readUInt16LE(at + 28);
    const extraLength = out.readUInt16LE(at + 30);
    const commentLength = out.readUInt16LE(at + 32);
    const local = out.readUInt32LE(at + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error("zip local header is damaged");
    out.writeUInt16LE(dosTime, local + 10);
    out.writeUInt16LE(dosDate, local + 12);
    zeroExtendedTimestamps(out, at + 46 + nameLength, extraLength);
    zeroExtendedTimestamps(out, local + 30 + out.readUInt16LE(local + 26), out.readUInt16LE(local + 28));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

function zeroExtendedTimestamps(buffer: Buffer, start: number, length: number): void {
  let at = start;
  while (at + 4 <= start + length) {
    const id = buffer.readUInt16LE(at);
    const size = buffer.readUInt16LE(at + 2);
    if (id === 0x5455) buffer.fill(0, at + 5, at + 4 + size);
    at += 4 + size;
  }
}
