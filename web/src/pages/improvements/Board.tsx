import { type CSSProperties, useMemo } from "react";
import {
  type BoardCard,
  getImprovementBoard,
  getImprovementMetrics,
  type ImprovementBoard,
  type ImprovementFilter,
  listInitiatives,
  listKpis,
} from "../../api";
import { CycleFigures } from "../../components/improvements/CycleFigures";
import {
  formatMoney,
  formatRoi,
  METHOD_LABELS,
  OUTCOME_LABELS,
  resultVerdict,
  STAGE_HINTS,
  stageLabel,
} from "../../components/improvements/improvement-format";
import { Empty, ErrorNotice, Loading } from "../../components/Status";
import { formatDate } from "../../format";
import { improvementsHref, initiativeHref } from "../../router";
import { useLoad } from "../../use-load";
import { useWorkspace } from "../../workspace-context";
import { useUrlView } from "../experiments/use-url-view";
import { formatBoardView, parseBoardView } from "./view-state";

const CLOSED_HINTS = {
  verified: "The result showed a real improvement",
  "not-verified": "Tried and measured; it did not help",
  abandoned: "Stopped before a result",
} as const;

/** The improvement board: open initiatives in their method's stages, closed ones by outcome. */
export function Board() {
  const [filter, setFilter] = useUrlView<ImprovementFilter>(
    "#/improvements",
    parseBoardView,
    formatBoardView,
  );
  const key = formatBoardView(filter);
  const board = useLoad(() => getImprovementBoard(filter), [key]);
  const metrics = useLoad(() => getImprovementMetrics(filter), [key]);
  const all = useLoad(() => listInitiatives(), []);
  const kpis = useLoad(listKpis, []);
  const { workspace } = useWorkspace();
  const currency = workspace?.business.currency;

  const options = useMemo(() => {
    const records = all.data ?? [];
    const distinct = (values: string[]) =>
      [...new Set(values.map((v) => v.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b));
    return {
      owners: distinct(records.map((r) => r.data.owner)),
      areas: distinct(records.map((r) => r.data.area)),
    };
  }, [all.data]);

  const filtered = Boolean(filter.owner || filter.area || filter.kpi);
  const total = board.data ? countCards(board.data) : 0;

  return (
    <>
      <div className="page-head page-head-actions">
        <div>
          <h1>Improvements</h1>
          <p className="lede">
            Every improvement the business tries, from the problem and its evidence to the change, the
            measured result and what it was worth. Initiatives move through Plan-Do-Check-Act (or DMAIC); a
            result is always measured from data.
          </p>
        </div>
        <div className="exp-head-actions">
          <a className="button" href={improvementsHref("suggestions")}>
            Suggest an improvement
          </a>
          <a className="button button-primary" href={improvementsHref("new")} data-testid="new-initiative">
            New initiative
          </a>
        </div>
      </div>

      <section className="section section-first" aria-label="The improvement cycle in numbers">
        {metrics.status === "error" && (
          <ErrorNotice error={metrics.error} what="the cycle's figures" onRetry={metrics.reload} />
        )}
        {metrics.data && <CycleFigures metrics={metrics.data} currency={currency} />}
        {!metrics.data && metrics.status === "loading" && <Loading what="the cycle's figures" />}
      </section>

      <section className="section" aria-labelledby="board-title">
        <div className="section-head">
          <h2 id="board-title">Board</h2>
          <p className="section-note">Open initiatives by stage; closed ones by how they ended.</p>
        </div>
        <div className="controls imp-filters" data-testid="board-filters">
          <FilterSelect
            label="Owner"
            value={filter.owner}
            options={options.owners}
            onChange={(owner) => setFilter((f) => ({ ...f, owner }))}
            testId="filter-owner"
          />
          <FilterSelect
            label="Area"
            value={filter.area}
            options={options.areas}
            onChange={(area) => setFilter((f) => ({ ...f, area }))}
            testId="filter-area"
          />
          <FilterSelect
            label="KPI"
            value={filter.kpi}
            options={(kpis.data ?? []).map((k) => k.name)}
            labels={Object.fromEntries((kpis.data ?? []).map((k) => [k.name, k.label ?? k.name]))}
            onChange={(kpi) => setFilter((f) => ({ ...f, kpi }))}
            testId="filter-kpi"
          />
          {filtered && (
            <button
              type="button"
              className="button button-quiet button-small imp-filters-clear"
              onClick={() => setFilter({})}
              data-testid="filter-clear"
            >
              Show all
            </button>
          )}
        </div>
        {board.status === "loading" && !board.data && <Loading what="the board" />}
        {board.status === "error" && (
          <ErrorNotice error={board.error} what="the board" onRetry={board.reload} />
        )}
        {board.data && total === 0 && !filtered && (
          <Empty title="No initiatives yet">
            <a href={improvementsHref("new")}>Start one</a> for a problem you can measure, or turn a{" "}
            <a href={improvementsHref("suggestions")}>suggestion</a> into one.
          </Empty>
        )}
        {board.data && total === 0 && filtered && (
          <Empty title="No initiative matches these filters">
            <button type="button" className="imp-link-button" onClick={() => setFilter({})}>
              Show all initiatives
            </button>
          </Empty>
        )}
        {board.data && total > 0 && <BoardLanes board={board.data} currency={currency} />}
      </section>
    </>
  );
}

function countCards(board: ImprovementBoard): number {
  return (
    board.methods.reduce((n, m) => n + m.columns.reduce((k, c) => k + c.initiatives.length, 0), 0) +
    board.closed.reduce((n, c) => n + c.initiatives.length, 0)
  );
}

function FilterSelect({
  label,
  value,
  options,
  labels,
  onChange,
  testId,
}: {
  label: string;
  value: string | undefined;
  options: string[];
  labels?: Record<string, string>;
  onChange: (value: string | undefined) => void;
  testId: string;
}) {
  // A value from the URL that no initiative has any more still shows, so the filter can be seen and cleared.
  const shown = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <div className="field">
      <label htmlFor={testId}>{label}</label>
      <select
        id={testId}
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value || undefined)}
        data-testid={testId}
      >
        <option value="">Any</option>
        {shown.map((o) => (
          <option key={o} value={o}>
            {labels?.[o] ?? o}
          </option>
        ))}
      </select>
    </div>
  );
}

function BoardLanes({ board, currency }: { board: ImprovementBoard; currency: string | undefined }) {
  return (
    <div className="imp-board" data-testid="board">
      {board.methods.map(({ method, columns }) => {
        const count = columns.reduce((n, c) => n + c.initiatives.length, 0);
        return (
          <div className="imp-lane" key={method} data-testid={`board-lane-${method}`}>
            <div className="imp-lane-head">
              <h3>{METHOD_LABELS[method]}</h3>
              <span className="muted small">
                {count === 0 ? "none open" : `${count} open`}
                {method === "dmaic" ? " · define, measure, analyze, improve, control" : ""}
              </span>
            </div>
            <div className="imp-columns" style={{ "--columns": columns.length } as CSSProperties}>
              {columns.map(({ stage, initiatives }) => (
                <Column
                  key={stage}
                  title={stageLabel(stage)}
                  hint={STAGE_HINTS[stage] ?? ""}
                  cards={initiatives}
                  testId={`board-column-${method}-${stage}`}
                  currency={currency}
                />
              ))}
            </div>
          </div>
        );
      })}
      <div className="imp-lane imp-lane-closed" data-testid="board-lane-closed">
        <div className="imp-lane-head">
          <h3>Closed</h3>
          <span className="muted small">
            {board.closed.reduce((n, c) => n + c.initiatives.length, 0)} closed
          </span>
        </div>
        <div className="imp-columns" style={{ "--columns": board.closed.length } as CSSProperties}>
          {board.closed.map(({ outcome, initiatives }) => (
            <Column
              key={outcome}
              title={OUTCOME_LABELS[outcome]}
              hint={CLOSED_HINTS[outcome]}
              cards={initiatives}
              testId={`board-column-closed-${outcome}`}
              currency={currency}
              tone={outcome}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

function Column({
  title,
  hint,
  cards,
  testId,
  currency,
  tone,
}: {
  title: string;
  hint: string;
  cards: BoardCard[];
  testId: string;
  currency: string | undefined;
  tone?: string;
}) {
  return (
    <div className={tone ? `imp-column imp-column-${tone}` : "imp-column"} data-testid={testId}>
      <div className="imp-column-head" title={hint}>
        <span className="imp-column-title">{title}</span>
        <span className="imp-column-count">{cards.length}</span>
      </div>
      <ul className="imp-cards">
        {cards.map((card) => (
          <Card key={card.id} card={card} currency={currency} />
        ))}
      </ul>
    </div>
  );
}

function Card({ card, currency }: { card: BoardCard; currency: string | undefined }) {
  const verdict = card.result ? resultVerdict(card.result) : null;
  return (
    <li className="imp-card" data-testid={`board-card-${card.id}`}>
      <div className="imp-card-top">
        <span className="imp-id">{card.id}</span>
        {card.kpi && <span className="imp-kpi-chip">{card.kpi}</span>}
      </div>
      <a className="imp-card-title stretched" href={initiativeHref(card.id)} data-testid="open-initiative">
        {card.title}
      </a>
      <div className="imp-card-meta">
        {[card.owner, card.area].filter(Boolean).join(" · ") || <span className="muted">no owner yet</span>}
      </div>
      {(verdict || card.roi) && (
        <div className="imp-card-result">
          {verdict && (
            <span className={`imp-verdict imp-verdict-${verdict.tone}`} title={card.result?.summary}>
              {verdict.text}
            </span>
          )}
          {card.roi?.benefit !== null && card.roi?.benefit !== undefined && (
            <span className="imp-card-roi" title="Benefit over the horizon, and the return on its cost">
              {formatMoney(card.roi.benefit, currency, { sign: true })}
              {card.roi.roi !== null ? ` · ROI ${formatRoi(card.roi.roi)}` : ""}
            </span>
          )}
        </div>
      )}
      {card.due && card.outcome === "open" && <div className="imp-card-due">due {formatDate(card.due)}</div>}
    </li>
  );
}
