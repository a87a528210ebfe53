export { detectDelimiter, parseDelimiter } from "./csv.js";
export {
  checkDatasetName,
  type ImportOptions,
  type ImportResult,
  importFile,
  sha256File,
  suggestName,
} from "./import-file.js";
export { type InspectedFile, inspectFile } from "./inspect.js";
export type { RejectedRow, TableLoad } from "./table-load.js";
export { toStrptimeFormat } from "./timestamp-format.js";
