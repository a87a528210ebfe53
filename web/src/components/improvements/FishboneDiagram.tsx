import type { FishboneLayout } from "../../api";

/** Words in lines of at most `width` characters, at most `lines` lines (the last one cut with …). */
function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length > width && line) {
      out.push(line);
      line = word;
    } else line = next;
  }
  if (line) out.push(line);
  if (out.length > lines) {
    const kept = out.slice(0, lines);
    kept[lines - 1] = `${(kept[lines - 1] ?? "").slice(0, width - 1)}…`;
    return kept;
  }
  return out;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A fishbone (Ishikawa) diagram drawn from the server's layout: the spine running to the problem at
 * the head, the six category bones, and each cause on its bone with its votes. The chosen root cause
 * is marked; a cause can be selected to vote on it or choose it.
 */
export function FishboneDiagram({
  layout,
  selected,
  onSelect,
  onCategory,
}: {
  layout: FishboneLayout;
  selected: number | null;
  onSelect: (index: number) => void;
  onCategory?: (category: FishboneLayout["bones"][number]["category"]) => void;
}) {
  const { width, height, spine, head, bones } = layout;
  const headLines = wrap(layout.problem, 24, 4);
  const ribChars = Math.max(12, Math.round((((width - 240) / 3) * 0.55) / 6.2));
  return (
    <svg
      className="imp-fishbone"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Fishbone diagram of “${layout.problem}” with ${layout.causeCount} possible causes`}
      data-testid="fishbone-diagram"
      data-causes={layout.causeCount}
    >
      <line className="imp-fb-spine" x1={spine.from.x} y1={spine.from.y} x2={spine.to.x} y2={spine.to.y} />
      <polygon
        className="imp-fb-spine-head"
        points={`${spine.to.x},${spine.to.y} ${spine.to.x - 12},${spine.to.y - 7} ${spine.to.x - 12},${spine.to.y + 7}`}
      />
      <rect className="imp-fb-head" x={head.x} y={head.y} width={head.width} height={head.height} rx={8} />
      <text
        className="imp-fb-problem"
        x={head.x + head.width / 2}
        y={head.y + head.height / 2 - ((headLines.length - 1) * 15) / 2}
      >
        {headLines.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one text, in order
          <tspan key={i} x={head.x + head.width / 2} dy={i === 0 ? 4 : 15}>
            {line}
          </tspan>
        ))}
      </text>
      {bones.map((bone) => {
        const top = bone.side === "top";
        return (
          <g key={bone.category} className="imp-fb-bone" data-category={bone.category}>
            <line
              className="imp-fb-bone-line"
              x1={bone.tip.x}
              y1={bone.tip.y}
              x2={bone.join.x}
              y2={bone.join.y}
            />
            {/* biome-ignore lint/a11y/useSemanticElements: an SVG label cannot be a button element */}
            <text
              className="imp-fb-label"
              x={bone.tip.x}
              y={top ? bone.tip.y - 4 : bone.tip.y + 14}
              role="button"
              tabIndex={onCategory ? 0 : undefined}
              onClick={() => onCategory?.(bone.category)}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") onCategory?.(bone.category);
              }}
            >
              {bone.label}
              <tspan className="imp-fb-label-count"> {bone.causes.length}</tspan>
            </text>
            {bone.causes.map((cause) => {
              const isSelected = selected === cause.index;
              const classes = [
                "imp-fb-cause",
                cause.root ? "imp-fb-root" : "",
                isSelected ? "imp-fb-selected" : "",
              ]
                .filter(Boolean)
                .join(" ");
              return (
                // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a button element
                <g
                  key={cause.index}
                  className={classes}
                  role="button"
                  tabIndex={0}
                  aria-pressed={isSelected}
                  aria-label={`${cause.text}: ${cause.votes} ${cause.votes === 1 ? "vote" : "votes"}${cause.root ? ", the root cause" : ""}`}
                  onClick={() => onSelect(cause.index)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" || e.key === " ") {
                      e.preventDefault();
                      onSelect(cause.index);
                    }
                  }}
                  data-testid={`fishbone-cause-${cause.index}`}
                >
                  <title>
                    {cause.text}
                    {cause.voters.length > 0 ? ` — votes: ${cause.voters.join(", ")}` : ""}
                  </title>
                  <line
                    className="imp-fb-rib"
                    x1={cause.ribStart.x}
                    y1={cause.ribStart.y}
                    x2={cause.at.x}
                    y2={cause.at.y}
                  />
                  <circle className="imp-fb-dot" cx={cause.at.x} cy={cause.at.y} r={cause.root ? 4.5 : 3} />
                  <text className="imp-fb-cause-text" x={cause.at.x - 7} y={cause.at.y - 4}>
                    {cause.root ? "★ " : ""}
                    {cut(cause.text, ribChars)}
                  </text>
                  {cause.votes > 0 && (
                    <text className="imp-fb-votes" x={cause.at.x - 7} y={cause.at.y + 11}>
                      {cause.votes} {cause.votes === 1 ? "vote" : "votes"}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
