/**
 * Small SVG charts for the A3 report: drawn on the server so the page prints the same everywhere,
 * with no script. Every text passes through `escapeHtml`.
 */

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

const INK = "#1f2937";
const MUTED = "#6b7280";
const ACCENT = "#2563eb";
const GOOD = "#15803d";
const BAD = "#b91c1c";
const FONT = `font-family="system-ui, sans-serif" font-size="11"`;

function niceNumber(x: number): string {
  const abs = Math.abs(x);
  if (abs >= 1e6) return `${(x / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(x / 1e3).toFixed(0)}k`;
  if (abs >= 100) return x.toFixed(0);
  if (abs >= 1) return x.toFixed(1);
  return x.toPrecision(2);
}

function extent(values: number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo === hi) return [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.08;
  return [lo - pad, hi + pad];
}

/** A KPI over time with an optional shaded window (the baseline) and a horizontal reference line. */
export function lineChart(
  points: { label: string; value: number | null }[],
  options: {
    width?: number;
    height?: number;
    shade?: [string, string];
    reference?: { value: number; label: string };
  } = {},
): string {
  const width = options.width ?? 520;
  const height = options.height ?? 170;
  const left = 44;
  const bottom = 22;
  const known = points.filter((p): p is { label: string; value: number } => p.value !== null);
  if (known.length < 2) return `<p class="empty">Too few periods to draw.</p>`;
  const [lo, hi] = extent([
    ...known.map((p) => p.value),
    ...(options.reference ? [options.reference.value] : []),
  ]);
  const x = (i: number) => left + (i / Math.max(1, points.length - 1)) * (width - left - 8);
  const y = (v: number) => 8 + (1 - (v - lo) / (hi - lo)) * (height - bottom - 8);
  const path = points
    .map((p, i) => (p.value === null ? null : `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`))
    .filter(Boolean)
    .join(" L");
  const parts: string[] = [];
  if (options.shade) {
    const [from, to] = options.shade;
    const a = points.findIndex((p) => p.label >= from);
    const b = points.map((p) => p.label <= to).lastIndexOf(true);
    if (a >= 0 && b >= a) {
      parts.push(
        `<rect x="${x(a).toFixed(1)}" y="8" width="${Math.max(2, x(b) - x(a)).toFixed(1)}" height="${height - bottom - 8}" fill="${ACCENT}" opacity="0.08"/>`,
      );
    }
  }
  if (options.reference) {
    const ry = y(options.reference.value).toFixed(1);
    parts.push(
      `<line x1="${left}" x2="${width - 8}" y1="${ry}" y2="${ry}" stroke="${MUTED}" stroke-dasharray="4 3"/>`,
      `<text x="${width - 10}" y="${Number(ry) - 4}" text-anchor="end" fill="${MUTED}" ${FONT}>${escapeHtml(options.reference.label)}</text>`,
    );
  }
  parts.push(`<path d="M${path}" fill="none" stroke="${ACCENT}" stroke-width="1.8"/>`);
  for (const v of [lo, (lo + hi) / 2, hi]) {
    parts.push(
      `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" fill="${MUTED}" ${FONT}>${niceNumber(v)}</text>`,
    );
  }
  const first = points[0]?.label ?? "";
  const last = points[points.length - 1]?.label ?? "";
  parts.push(
    `<text x="${left}" y="${height - 6}" fill="${MUTED}" ${FONT}>${escapeHtml(first)}</text>`,
    `<text x="${width - 8}" y="${height - 6}" text-anchor="end" fill="${MUTED}" ${FONT}>${escapeHtml(last)}</text>`,
  );
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="trend">${parts.join("")}</svg>`;
}

/** Bars by category, descending, with the cumulative share as a line and the 80% mark. */
export function paretoChart(
  categories: { name: string; value: number; cumulative: number }[],
  options: { width?: number; height?: number; vitalFew?: number } = {},
): string {
  const width = options.width ?? 520;
  const height = options.height ?? 190;
  const left = 44;
  const right = 36;
  const bottom = 44;
  if (categories.length === 0) return `<p class="empty">No categories.</p>`;
  const max = Math.max(...categories.map((c) => c.value)) || 1;
  const slot = (width - left - right) / categories.length;
  const y = (v: number) => 8 + (1 - v / max) * (height - bottom - 8);
  const yc = (share: number) => 8 + (1 - share) * (height - bottom - 8);
  const parts: string[] = [];
  categories.forEach((c, i) => {
    const x = left + i * slot + slot * 0.15;
    const vital = i < (options.vitalFew ?? 0);
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${y(c.value).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${(height - bottom - y(c.value)).toFixed(1)}" fill="${vital ? ACCENT : "#93c5fd"}"/>`,
      `<text x="${(x + slot * 0.35).toFixed(1)}" y="${height - bottom + 14}" text-anchor="middle" fill="${INK}" ${FONT}>${escapeHtml(c.name.length > 14 ? `${c.name.slice(0, 13)}…` : c.name)}</text>`,
    );
  });
  const line = categories
    .map((c, i) => `${(left + i * slot + slot / 2).toFixed(1)},${yc(c.cumulative).toFixed(1)}`)
    .join(" L");
  parts.push(
    `<path d="M${line}" fill="none" stroke="${BAD}" stroke-width="1.6"/>`,
    `<line x1="${left}" x2="${width - right}" y1="${yc(0.8).toFixed(1)}" y2="${yc(0.8).toFixed(1)}" stroke="${BAD}" stroke-dasharray="3 3" opacity="0.6"/>`,
    `<text x="${width - right + 4}" y="${(yc(0.8) + 4).toFixed(1)}" fill="${BAD}" ${FONT}>80%</text>`,
    `<text x="${left - 6}" y="12" text-anchor="end" fill="${MUTED}" ${FONT}>${niceNumber(max)}</text>`,
  );
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Pareto chart">${parts.join("")}</svg>`;
}

/** An Ishikawa diagram: the spine to the problem, three bones above and three below, causes on them. */
export function fishboneDiagram(
  problem: string,
  bones: { category: string; causes: { text: string; root: boolean; votes: number }[] }[],
  options: { width?: number } = {},
): string {
  const width = options.width ?? 760;
  const rows = Math.max(3, ...bones.map((b) => b.causes.length));
  const half = 28 + rows * 17;
  const height = half * 2 + 24;
  const spineY = half + 12;
  const box = 132;
  const head = width - box - 8;
  const span = (head - 20) / 3;
  const parts: string[] = [
    `<line x1="12" y1="${spineY}" x2="${head}" y2="${spineY}" stroke="${INK}" stroke-width="2.5"/>`,
    `<rect x="${head}" y="${spineY - 28}" width="${box}" height="56" rx="6" fill="#fef3c7" stroke="${INK}"/>`,
    `<foreignObject x="${head + 5}" y="${spineY - 25}" width="${box - 10}" height="50"><div xmlns="http://www.w3.org/1999/xhtml" style="font: 10px system-ui, sans-serif; overflow: hidden; height: 50px">${escapeHtml(problem)}</div></foreignObject>`,
  ];
  bones.slice(0, 6).forEach((bone, i) => {
    const top = i % 2 === 0;
    const column = Math.floor(i / 2);
    const x1 = 20 + (column + 1) * span - 10;
    const x0 = x1 - 70;
    const tipY = top ? 18 : height - 10;
    parts.push(
      `<line x1="${x0.toFixed(1)}" y1="${tipY}" x2="${x1.toFixed(1)}" y2="${spineY}" stroke="${INK}" stroke-width="1.5"/>`,
      `<text x="${x0.toFixed(1)}" y="${top ? tipY - 5 : tipY + 8}" text-anchor="middle" fill="${INK}" font-weight="600" font-family="system-ui, sans-serif" font-size="11">${escapeHtml(bone.category)}</text>`,
    );
    bone.causes.forEach((cause, j) => {
      const t = (j + 1) / (rows + 1);
      const cy = tipY + (spineY - tipY) * t;
      const cx = x0 + (x1 - x0) * t;
      const votes = cause.votes > 0 ? ` (${cause.votes})` : "";
      // The text fits between the cause's branch and the start of its column.
      const room = Math.max(6, Math.floor((cx - 16 - (10 + column * span)) / 5.8));
      const label =
        cause.text.length + votes.length > room
          ? `${cause.text.slice(0, room - votes.length - 1)}…${votes}`
          : `${cause.text}${votes}`;
      parts.push(
        `<line x1="${(cx - 14).toFixed(1)}" y1="${cy.toFixed(1)}" x2="${cx.toFixed(1)}" y2="${cy.toFixed(1)}" stroke="${MUTED}"/>`,
        `<text x="${(cx - 16).toFixed(1)}" y="${(cy + 3).toFixed(1)}" text-anchor="end" fill="${cause.root ? BAD : INK}" ${cause.root ? 'font-weight="700"' : ""} font-family="system-ui, sans-serif" font-size="10">${escapeHtml(label)}</text>`,
      );
    });
  });
  return `<svg class="chart wide" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="fishbone diagram">${parts.join("")}</svg>`;
}

/** Before and after with the change's interval: two bars and an error bar on the after one. */
export function resultChart(
  result: { before: number; after: number; changeCi: [number, number]; better: boolean; unit: string | null },
  options: { width?: number; height?: number } = {},
): string {
  const width = options.width ?? 320;
  const height = options.height ?? 170;
  const bottom = 22;
  const lo = result.before + result.changeCi[0];
  const hi = result.before + result.changeCi[1];
  const top = Math.max(result.before, result.after, hi) * 1.1 || 1;
  const floor = Math.min(0, lo);
  const y = (v: number) => 8 + (1 - (v - floor) / (top - floor)) * (height - bottom - 8);
  const bar = (x: number, v: number, color: string, label: string, labelAt = v) =>
    `<rect x="${x}" y="${y(v).toFixed(1)}" width="70" height="${(y(floor) - y(v)).toFixed(1)}" fill="${color}"/>` +
    `<text x="${x + 35}" y="${height - 6}" text-anchor="middle" fill="${INK}" ${FONT}>${label}</text>` +
    `<text x="${x + 35}" y="${(y(labelAt) - 4).toFixed(1)}" text-anchor="middle" fill="${INK}" ${FONT}>${niceNumber(v)}</text>`;
  const color = result.better ? GOOD : BAD;
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="result">${bar(60, result.before, "#cbd5e1", "before")}${bar(180, result.after, color, "after", Math.max(result.after, hi))}<line x1="215" x2="215" y1="${y(hi).toFixed(1)}" y2="${y(lo).toFixed(1)}" stroke="${INK}" stroke-width="1.5"/><line x1="207" x2="223" y1="${y(hi).toFixed(1)}" y2="${y(hi).toFixed(1)}" stroke="${INK}"/><line x1="207" x2="223" y1="${y(lo).toFixed(1)}" y2="${y(lo).toFixed(1)}" stroke="${INK}"/></svg>`;
}
