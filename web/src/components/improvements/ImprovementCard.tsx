import { getImprovementMetrics } from "../../api";
import { formatPercent, plural } from "../../format";
import { improvementsHref } from "../../router";
import { useLoad } from "../../use-load";
import { useWorkspace } from "../../workspace-context";
import { formatDays, formatMoney, formatMoneyInterval } from "./improvement-format";

/**
 * The improvement cycle on the overview: how fast ideas become verified results, how many closed
 * initiatives worked, and what the verified ones are worth, linking to the board.
 */
export function ImprovementCard() {
  const metrics = useLoad(() => getImprovementMetrics(), []);
  const { workspace } = useWorkspace();
  const currency = workspace?.business.currency;
  const m = metrics.data;
  if (metrics.status === "error" && !m) {
    return (
      <div className="card imp-overview" data-testid="card-improvements">
        <div>
          <a className="imp-overview-title" href={improvementsHref("board")}>
            Improvements
          </a>
          <div className="stat-note">The figures could not be loaded: {metrics.error.message}</div>
        </div>
      </div>
    );
  }
  const counted = m?.verifiedRoi.initiatives.length ?? 0;
  return (
    <div className="card imp-overview" data-testid="card-improvements">
      <div>
        <a
          className="imp-overview-title"
          href={improvementsHref("board")}
          data-testid="card-improvements-link"
        >
          Improvements
        </a>
        <div className="stat-note">
          {m
            ? m.initiatives === 0
              ? "No initiatives yet: start one on the board."
              : `${plural(m.open, "initiative")} open, ${m.closed} closed. See the board.`
            : "…"}
        </div>
      </div>
      <div data-testid="card-learning-rate">
        <div className="stat-label">Learning rate</div>
        <div className="stat-value" data-testid="card-learning-rate-value">
          {m ? (m.learningRate.medianDays === null ? "—" : formatDays(m.learningRate.medianDays)) : "…"}
        </div>
        <div className="stat-note">idea to verified result, median</div>
      </div>
      <div data-testid="card-verified-share">
        <div className="stat-label">Verified</div>
        <div className="stat-value" data-testid="card-verified-share-value">
          {m ? (m.verifiedShare === null ? "—" : formatPercent(m.verifiedShare)) : "…"}
        </div>
        <div className="stat-note">of closed initiatives worked</div>
      </div>
      <div data-testid="card-verified-roi">
        <div className="stat-label">Verified benefit</div>
        <div className="stat-value" data-testid="card-verified-roi-value">
          {m ? (counted === 0 ? "—" : formatMoney(m.verifiedRoi.benefit, currency, { sign: true })) : "…"}
        </div>
        <div className="stat-note">
          {m && counted > 0
            ? `95% interval ${formatMoneyInterval(m.verifiedRoi.benefitCi, currency)}`
            : "of verified initiatives"}
        </div>
      </div>
    </div>
  );
}
