import type { ImprovementMetrics } from "../../api";
import { formatPercent, plural } from "../../format";
import {
  formatDays,
  formatMoney,
  formatMoneyInterval,
  formatRoi,
  formatRoiInterval,
} from "./improvement-format";

/**
 * The improvement cycle in four figures: how fast ideas become verified results, how many closed
 * initiatives worked, what the verified ones are worth together, and how many are under way.
 */
export function CycleFigures({
  metrics,
  currency,
}: {
  metrics: ImprovementMetrics;
  currency: string | undefined;
}) {
  const { learningRate, verifiedShare, verifiedRoi, counts } = metrics;
  const verified = counts.closed.verified;
  const roiCounted = verifiedRoi.initiatives.length;
  return (
    <div className="cards imp-figures" data-testid="cycle-figures">
      <div className="card stat" data-testid="figure-learning-rate">
        <div className="stat-label">Learning rate</div>
        <div className="stat-value" data-testid="figure-learning-rate-value">
          {learningRate.medianDays === null ? "—" : formatDays(learningRate.medianDays)}
        </div>
        <div className="stat-note">
          {learningRate.medianDays === null
            ? "median time from idea to verified result, once one is verified"
            : `median from idea to verified result, over ${plural(learningRate.verified, "initiative")}`}
        </div>
      </div>
      <div className="card stat" data-testid="figure-verified-share">
        <div className="stat-label">Verified</div>
        <div className="stat-value" data-testid="figure-verified-share-value">
          {verifiedShare === null ? "—" : formatPercent(verifiedShare)}
        </div>
        <div className="stat-note">
          {metrics.closed === 0
            ? "of closed initiatives; none closed yet"
            : `${verified} of ${plural(metrics.closed, "closed initiative")} showed a real improvement`}
        </div>
      </div>
      <div className="card stat" data-testid="figure-verified-roi" title={verifiedRoi.notes.join(" ")}>
        <div className="stat-label">Verified benefit</div>
        <div className="stat-value" data-testid="figure-verified-roi-value">
          {roiCounted === 0 ? "—" : formatMoney(verifiedRoi.benefit, currency, { sign: true })}
        </div>
        <div className="stat-note">
          {roiCounted === 0 ? (
            "what the verified initiatives are worth, once one has a value per unit"
          ) : (
            <>
              95% interval {formatMoneyInterval(verifiedRoi.benefitCi, currency)}
              {verifiedRoi.roi !== null && verifiedRoi.roiCi !== null && (
                <>
                  <br />
                  ROI {formatRoi(verifiedRoi.roi)} ({formatRoiInterval(verifiedRoi.roiCi)}) on{" "}
                  {formatMoney(verifiedRoi.cost, currency)}
                </>
              )}
            </>
          )}
        </div>
      </div>
      <div className="card stat" data-testid="figure-counts">
        <div className="stat-label">Initiatives</div>
        <div className="stat-value" data-testid="figure-counts-value">
          {metrics.open} open
        </div>
        <div className="stat-note">
          {metrics.closed} closed: {counts.closed.verified} verified, {counts.closed["not-verified"]} not
          verified, {counts.closed.abandoned} abandoned
        </div>
      </div>
    </div>
  );
}
