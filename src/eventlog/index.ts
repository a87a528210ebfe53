export { checkEventLog, defineEventLog, type EventLogSummary, listEventLogs } from "./event-logs.js";
