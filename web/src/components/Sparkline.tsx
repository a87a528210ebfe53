import type { PeriodValue } from "../api";

interface Props {
  points: PeriodValue[];
  /** The last period is still running: it is left out, so a short period does not read as a drop. */
  partialLast?: boolean;
  /** Accessible description, e.g. "Revenue over the last 26 weeks". */
  label: string;
}

const W = 200;
const H = 40;
const PAD = 3;

/**
 * A small line of recent values, drawn as plain SVG: many cards on one page stay light. Gaps
 * (periods without a value) break the line; the latest value is marked with a dot.
 */
export function Sparkline({ points: all, partialLast = false, label }: Props) {
  const points = partialLast ? all.slice(0, -1) : all;
  const values = points.map((p) => p.value).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length < 2) {
    return (
      <div className="sparkline sparkline-empty" role="img" aria-label={label}>
        too few periods to draw
      </div>
    );
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || Math.abs(max) || 1;
  const n = points.length;
  const x = (i: number) => (n === 1 ? W / 2 : (i / (n - 1)) * W);
  const y = (v: number) => PAD + (1 - (v - min) / span) * (H - 2 * PAD);

  // One path with a move for each run of values, so gaps stay gaps.
  let line = "";
  let area = "";
  let run: [number, number][] = [];
  const flush = () => {
    if (run.length === 0) return;
    line += run.map(([px, py], i) => `${i === 0 ? "M" : "L"}${px.toFixed(1)} ${py.toFixed(1)}`).join("");
    const first = run[0];
    const last = run.at(-1);
    if (first && last && run.length > 1) {
      area += `M${first[0].toFixed(1)} ${H}${run.map(([px, py]) => `L${px.toFixed(1)} ${py.toFixed(1)}`).join("")}L${last[0].toFixed(1)} ${H}Z`;
    }
    run = [];
  };
  points.forEach((p, i) => {
    if (p.value === null || !Number.isFinite(p.value)) flush();
    else run.push([x(i), y(p.value)]);
  });
  flush();

  let lastIndex = n - 1;
  while (lastIndex > 0 && (points[lastIndex]?.value ?? null) === null) lastIndex--;
  const lastValue = points[lastIndex]?.value ?? null;

  return (
    <div className="sparkline" role="img" aria-label={label}>
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" aria-hidden="true">
        <path d={area} className="sparkline-area" />
        <path d={line} className="sparkline-line" vectorEffect="non-scaling-stroke" />
      </svg>
      {lastValue !== null && (
        <span
          className="sparkline-dot"
          style={{ left: `${(x(lastIndex) / W) * 100}%`, top: `${(y(lastValue) / H) * 100}%` }}
        />
      )}
    </div>
  );
}
