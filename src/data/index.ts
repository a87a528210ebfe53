export {
  type ColumnProfile,
  type DatasetProfile,
  type DatasetSummary,
  deleteDataset,
  getDataset,
  type ImportRecord,
  listDatasets,
  profileDataset,
  type RowPage,
  readDatasetRows,
  requireDataset,
} from "./datasets.js";
export { openFileTable } from "./file-table.js";
export { type FileSeries, readSeriesFile, readSeriesLabels } from "./read-series.js";
