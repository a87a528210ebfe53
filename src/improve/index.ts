/**
 * The improvement cycle: initiatives through PDCA or DMAIC with their baseline, evidence, measured
 * result and ROI; the board and the cycle's figures; the learnings journal; and the records they are
 * kept in. Other modules import from here only.
 */

// ── Initiatives, measured results, ROI, board, journal ──────────────────────────────────────────
export {
  arrangeBoard,
  type Board,
  type BoardCard,
  computeImprovementMetrics,
  type ImprovementMetrics,
  readImprovementBoard,
  readImprovementMetrics,
} from "./board.js";
// ── Records and shapes ──────────────────────────────────────────────────────────────────────────
export * from "./improve.schema.js";
export {
  addEvidence,
  type ChangeBy,
  captureBaseline,
  checkClose,
  checkStageMove,
  closeInitiative,
  createInitiative,
  describeInitiative,
  getInitiative,
  type InitiativeRecord,
  type InitiativeReport,
  initiativeHistory,
  listInitiatives,
  matchesFilter,
  moveInitiativeStage,
  recordResult,
  removeEvidence,
  reopenInitiative,
  stagesOf,
  updateInitiative,
} from "./initiatives.js";
export {
  type CloseInput,
  type ClosingOutcome,
  closeInputSchema,
  closingOutcomeSchema,
  type InitiativeFilter,
  type InitiativeInput,
  type InitiativePatch,
  initiativeFilterSchema,
  initiativeInputSchema,
  initiativePatchSchema,
  MANAGED_FIELDS,
  type ManagedField,
  stageTargetSchema,
} from "./initiatives.schema.js";
export {
  type JournalEntry,
  type JournalQuery,
  journalQuerySchema,
  readJournal,
  searchJournal,
} from "./journal.js";
export {
  createRecord,
  type FieldChange,
  fieldChanges,
  getRecord,
  type HistoryEntry,
  listRecords,
  RECORD_KINDS,
  type RecordKind,
  recordHistory,
  removeRecord,
  type StoredRecord,
  updateRecord,
} from "./records.js";
export {
  describeMeasuredResult,
  formatAmount,
  formatPValue,
  type MeasuredQuantity,
  measureResult,
  type PeriodValue,
  type PrePostInput,
  prePostResult,
} from "./results.js";
export {
  computeRoi,
  initiativeRoi,
  PERIODS_PER_MONTH,
  type Roi,
  type RoiFigures,
  returnOnCost,
} from "./roi.js";

// ── Suggestions, 5 Whys, fishbone and Pareto ────────────────────────────────────────────────────
// Exports of suggestions*.ts, rca*.ts and pareto*.ts go here.
