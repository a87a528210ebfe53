/**
 * Validating a twin: distances between a real and a simulated event log (Simod's measures).
 */
export { type EventRecord, eventLogFromEvents } from "./log-from-events.js";
export {
  absoluteHourEmd,
  caseDurations,
  circadianEmd,
  cycleTimeEmd,
  type LogDistanceOptions,
  type LogDistances,
  measureLogDistances,
  nGramCounts,
  nGramDistance,
  wassersteinIntegers,
  wassersteinSamples,
} from "./measures.js";
export { simulatedLog, type TwinValidation, type ValidateOptions, validateTwin } from "./validate.js";
