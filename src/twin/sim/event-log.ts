/** Writes a simulated event log as CSV or XES (IEEE 1849) so the mining commands can read it. */
import type { Program } from "./compile.js";
import type { ActivityRecords } from "./kernel.js";

function order(records: ActivityRecords): Int32Array {
  const idx = Int32Array.from({ length: records.count }, (_, i) => i);
  return idx.sort(
    (a, b) =>
      (records.caseIds[a] as number) - (records.caseIds[b] as number) ||
      (records.starts[a] as number) - (records.starts[b] as number) ||
      a - b,
  );
}

function isoAt(program: Program, t: number): string {
  return new Date(program.startMs + t * program.minutesPerUnit * 60_000).toISOString();
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV with columns case_id, activity, resource, start_timestamp, end_timestamp (UTC ISO times). */
export function eventLogCsv(program: Program, records: ActivityRecords): string {
  const lines = ["case_id,activity,resource,start_timestamp,end_timestamp"];
  for (const i of order(records)) {
    const activity = program.activities[records.activities[i] as number];
    const pool = activity && activity.pool >= 0 ? (program.pools[activity.pool]?.name ?? "") : "";
    lines.push(
      [
        `case-${(records.caseIds[i] as number) + 1}`,
        csvField(activity?.name ?? ""),
        csvField(pool),
        isoAt(program, records.starts[i] as number),
        isoAt(program, records.ends[i] as number),
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

function xml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** XES with a start and a complete event per activity instance. */
export function eventLogXes(program: Program, records: ActivityRecords): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">',
    '  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>',
    '  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>',
    '  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>',
    '  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>',
    `  <string key="concept:name" value="${xml(program.model.name)} (simulated)"/>`,
  ];
  let current = -1;
  const event = (name: string, resource: string, t: number, transition: string) => {
    out.push("    <event>");
    out.push(`      <string key="concept:name" value="${xml(name)}"/>`);
    if (resource) out.push(`      <string key="org:resource" value="${xml(resource)}"/>`);
    out.push(`      <date key="time:timestamp" value="${isoAt(program, t)}"/>`);
    out.push(`      <string key="lifecycle:transition" value="${transition}"/>`);
    out.push("    </event>");
  };
  for (const i of order(records)) {
    const caseId = records.caseIds[i] as number;
    if (caseId !== current) {
      if (current >= 0) out.push("  </trace>");
      out.push("  <trace>", `    <string key="concept:name" value="case-${caseId + 1}"/>`);
      current = caseId;
    }
    const activity = program.activities[records.activities[i] as number];
    const pool = activity && activity.pool >= 0 ? (program.pools[activity.pool]?.name ?? "") : "";
    event(activity?.name ?? "", pool, records.starts[i] as number, "start");
    event(activity?.name ?? "", pool, records.ends[i] as number, "complete");
  }
  if (current >= 0) out.push("  </trace>");
  out.push("</log>");
  return `${out.join("\n")}\n`;
}
