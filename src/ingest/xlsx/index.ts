export type {
  ReadXlsxOptions,
  XlsxColumn,
  XlsxColumnType,
  XlsxReject,
  XlsxTable,
  XlsxValue,
} from "./read-xlsx.js";
export { readXlsx } from "./read-xlsx.js";
