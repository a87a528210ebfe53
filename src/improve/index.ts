/**
 * The improvement cycle: initiatives through PDCA or DMAIC with their baseline, evidence, measured
 * result and ROI; the board and the cycle's figures; the learnings journal; and the records they are
 * kept in. Other modules import from here only.
 */

// ── A3 report ───────────────────────────────────────────────────────────────────────────────────
export { type A3Input, type ParetoView, renderA3 } from "./a3.js";
export { buildA3 } from "./a3-input.js";
export { findChromium, htmlToPdf } from "./a3-pdf.js";
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
  refuseManagedFields,
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
// ── Suggestions, 5 Whys, fishbone and Pareto ────────────────────────────────────────────────────
// Exports of suggestions*.ts, rca*.ts and pareto*.ts go here.
export {
  getPareto,
  listParetos,
  pareto,
  type SavedParetoRecord,
  savePareto,
  VITAL_RULE,
  VITAL_SHARE,
} from "./pareto.js";
export {
  type ParetoCategory,
  type ParetoRequest,
  type ParetoResult,
  paretoCategorySchema,
  paretoRequestSchema,
  paretoResultSchema,
  type SavedPareto,
  savedParetoSchema,
} from "./pareto.schema.js";
export {
  type Analysis,
  type AnalysisKind,
  addWhy,
  analysisHistory,
  applyRcaAction,
  changeAnalysis,
  createAnalysis,
  createFiveWhys,
  editWhy,
  type FiveWhysRecord,
  getAnalysis,
  listAnalyses,
  rcaKindOf,
  removeWhy,
  setWhysRoot,
} from "./rca.js";
export {
  type AnalysisInput,
  analysisInputSchema,
  type CauseInput,
  causeInputSchema,
  type FishboneChanges,
  type FiveWhysChanges,
  fishboneChangesSchema,
  fiveWhysChangesSchema,
  type RcaAction,
  rcaActionSchema,
  type WhyEdit,
  type WhyInput,
  whyEditSchema,
  whyInputSchema,
} from "./rca.schema.js";
export {
  addCause,
  CATEGORY_LABELS,
  checkCategory,
  createFishbone,
  type FishboneBoneLayout,
  type FishboneCategory,
  type FishboneCauseLayout,
  type FishboneLayout,
  type FishboneRecord,
  fishboneLayout,
  removeCause,
  setFishboneRoot,
  voteCause,
} from "./rca-fishbone.js";
export { parseEvidenceRef } from "./rca-input.js";
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
export {
  addSuggestion,
  commentOnSuggestion,
  convertSuggestion,
  declineSuggestion,
  getSuggestion,
  iceScore,
  initiativeFromSuggestion,
  listSuggestions,
  type RankedSuggestion,
  riceScore,
  type SuggestionRecord,
  type SuggestionScores,
  scoreSuggestion,
  suggestionHistory,
  suggestionScores,
  voteSuggestion,
} from "./suggestions.js";
export {
  type ConversionInput,
  conversionInputSchema,
  type Ice,
  iceSchema,
  type Rice,
  riceSchema,
  type ScoreInput,
  SUGGESTION_SORTS,
  type SuggestionInput,
  type SuggestionSort,
  scoreInputSchema,
  suggestionInputSchema,
} from "./suggestions.schema.js";
