import { getVariants, type MiningFilters } from "../../api";
import { ActivityChips } from "../../components/process/ActivityChips";
import { formatSeconds } from "../../components/process/duration";
import { ShareBar } from "../../components/process/ShareBar";
import { Empty, ErrorNotice, Loading } from "../../components/Status";
import { formatCount } from "../../format";
import { useLoad } from "../../use-load";
import type { ViewPatch } from "./ProcessView";
import { filtersKey } from "./view-state";

/** The variants of the process — distinct sequences of activities — most frequent first. */
export function VariantsTab({
  log,
  filters,
  update,
}: {
  log: string;
  filters: MiningFilters;
  update: (patch: ViewPatch) => void;
}) {
  const variants = useLoad(() => getVariants(log, filters, 50), [log, filtersKey(filters)]);
  const v = variants.data;
  if (variants.status === "error") {
    return <ErrorNotice error={variants.error} what="the variants" onRetry={variants.reload} />;
  }
  if (!v) return <Loading what="the variants" />;
  if (v.variants.length === 0) return <Empty title="No cases match these filters" />;
  const covered = v.variants.reduce((sum, x) => sum + x.cases, 0);
  return (
    <div className={variants.status === "loading" ? "is-stale-block" : undefined}>
      <p className="section-note variants-note" data-testid="variants-note">
        {v.total > v.variants.length
          ? `The ${formatCount(v.variants.length)} most frequent of ${formatCount(v.total)} variants, covering ${formatCount(covered)} of ${formatCount(v.cases)} cases.`
          : `All ${formatCount(v.total)} variants of ${formatCount(v.cases)} cases.`}{" "}
        A variant is one order of steps from start to end.
      </p>
      <div className="table-wrap card">
        <table className="table variants-table" data-testid="variants-table">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Steps</th>
              <th className="num">Cases</th>
              <th>Share of cases</th>
              <th className="num">Mean time</th>
              <th>
                <span className="visually-hidden">Map</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {v.variants.map((variant, i) => (
              <tr key={variant.activities.join("\u0000")} data-testid="variant-row">
                <td className="num muted">{i + 1}</td>
                <td>
                  <ActivityChips activities={variant.activities} />
                </td>
                <td className="num">{formatCount(variant.cases)}</td>
                <td>
                  <ShareBar share={variant.share} />
                </td>
                <td className="num">{formatSeconds(variant.meanSeconds)}</td>
                <td>
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => update({ variant: variant.activities, tab: "map" })}
                    aria-label={`Show variant ${i + 1} on the map`}
                  >
                    On map
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
