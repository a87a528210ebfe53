import type { Evidence, EvidenceKind } from "../../api";
import { experimentHref, improvementsHref, kpiHref, pilotHref, processHref } from "../../router";

export const EVIDENCE_LABELS: Record<EvidenceKind, string> = {
  "process-finding": "Process finding",
  pareto: "Pareto",
  "five-whys": "5 Whys",
  fishbone: "Fishbone",
  "control-chart": "Control chart",
  simulation: "Simulation",
  experiment: "Experiment",
  pilot: "Pilot",
  kpi: "KPI",
  note: "Note",
};

/** What to type as the reference for each kind. */
export const EVIDENCE_REF_HINTS: Record<EvidenceKind, string> = {
  "process-finding": "an event log, e.g. order-fulfilment, or a link such as #/processes/…",
  pareto: "a saved Pareto, e.g. P-1",
  "five-whys": "a 5 Whys analysis, e.g. W-1",
  fishbone: "a fishbone diagram, e.g. F-1",
  "control-chart": "a KPI, e.g. revenue",
  simulation: "a link to the twin, e.g. #/twin?tab=scenarios",
  experiment: "an experiment, e.g. one-page-checkout",
  pilot: "a pilot, e.g. early-opening",
  kpi: "a KPI, e.g. conversion",
  note: "a short reference or a URL",
};

/** Where a piece of evidence can be opened in the dashboard, or null when it is plain text. */
export function evidenceHref(evidence: Evidence): string | null {
  const ref = evidence.ref.trim();
  if (ref.startsWith("#/")) return ref;
  if (/^https?:\/\//.test(ref)) return ref;
  switch (evidence.kind) {
    case "experiment":
      return experimentHref(ref);
    case "pilot":
      return pilotHref(ref);
    case "pareto":
      return /^P-\d+$/.test(ref) ? improvementsHref("pareto", ref) : null;
    case "five-whys":
    case "fishbone":
      return /^[WF]-\d+$/.test(ref) ? improvementsHref("analysis", ref) : null;
    case "kpi":
    case "control-chart":
      return kpiHref(ref);
    case "process-finding":
      return /^[\w.-]+$/.test(ref) ? processHref(ref) : null;
    default:
      return null;
  }
}

/** The kind of evidence a record id stands for: P-1 a Pareto, W-1 a 5 Whys, F-1 a fishbone. */
export function evidenceKindOf(id: string): EvidenceKind | null {
  if (/^P-\d+$/.test(id)) return "pareto";
  if (/^W-\d+$/.test(id)) return "five-whys";
  if (/^F-\d+$/.test(id)) return "fishbone";
  return null;
}
