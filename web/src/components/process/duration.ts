/** Durations of waits and cases the way a business owner says them: 45 s, 12 min, 3.4 h, 2.5 days. */

function short(value: number): string {
  return value < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
}

export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? "−" : "";
  if (s < 59.5) return `${sign}${Math.round(s)} s`;
  if (s < 3570) return `${sign}${short(s / 60)} min`;
  if (s < 47.5 * 3600) return `${sign}${short(s / 3600)} h`;
  const days = short(s / 86_400);
  return `${sign}${days} ${days === "1" ? "day" : "days"}`;
}

/** A share as a percentage with the precision it deserves: 42%, 3.5%, <0.1%. */
export function formatShare(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "—";
  if (fraction === 0) return "0%";
  if (Math.abs(fraction) < 0.001) return "<0.1%";
  const percent = fraction * 100;
  return `${Math.abs(percent) < 10 ? percent.toFixed(1) : percent.toFixed(0)}%`;
}
