import { AppError } from "../../core/index.js";
import { differenceInDifferences } from "./did.js";
import { preparePanel } from "./prepare.js";
import { preTrend } from "./pretrend.js";
import { chooseScale, onScale } from "./scale.js";
import { inferSeasonLength } from "./season.js";
import { chartSeries } from "./series.js";
import { mean } from "./stats.js";
import { syntheticControl } from "./synthetic.js";
import type { PilotOptions, PilotPanel, PilotResult } from "./types.js";
import { pilotWarnings } from "./warnings.js";

export type { PilotOptions, PilotPanel, PilotResult, PilotScale, PilotSeries } from "./types.js";

interface Settings {
  level: number;
  seasonLength: number;
}

function settings(panel: PilotPanel, options: PilotOptions): Settings {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) {
    throw new AppError(
      "USAGE",
      `The confidence level must be between 0 and 1 (got ${level}); use 0.95 for 95%.`,
    );
  }
  const seasonLength = options.seasonLength ?? inferSeasonLength(panel.dates);
  if (!Number.isInteger(seasonLength) || seasonLength < 1) {
    throw new AppError(
      "USAGE",
      `The season length must be a whole number of periods, 1 or more (got ${seasonLength}); use 7 for a weekly cycle of daily data.`,
    );
  }
  return { level, seasonLength };
}

/**
 * Did a change made in one unit (a shop, a team) work, by how much, and how sure can we be? Compares the
 * treated unit with controls that carried on as before, by difference-in-differences and by synthetic control,
 * checks the pre-period trends, and says in plain words what limits the answer. By default the comparison runs on
 * logarithms (percentage changes) when every value used is above 0, and on the values themselves otherwise; the
 * figures come back in the metric's own unit either way. The analysis is deterministic: no step resamples, so
 * `seed` and `resamples` do not change the result.
 */
export function analyzePilot(panel: PilotPanel, options: PilotOptions = {}): PilotResult {
  const { level, seasonLength } = settings(panel, options);
  const prepared = preparePanel(panel);
  const scale = chooseScale(panel, prepared, options.scale);
  const analysed = onScale(prepared, scale);
  const { pre } = prepared;
  const post = prepared.rows.length - pre;
  const magnitude = mean(analysed.treated.values.map(Math.abs));
  const treatedAfter = mean(prepared.treated.values.slice(pre));
  const did = differenceInDifferences(analysed, { level, scale, magnitude, treatedAfter });
  const trend = preTrend(did.gaps.slice(0, pre), level);
  const block = Math.max(2 * seasonLength, Math.ceil(pre / 6));
  const synthetic = syntheticControl(analysed, {
    level,
    block,
    scale,
    magnitude,
    treatedLevels: prepared.treated.values,
  });
  const warnings = pilotWarnings({
    pre,
    post,
    seasonLength,
    controls: prepared.controls.length,
    preTrend: trend,
    fit: synthetic.fit,
    noRelative: did.noRelative || synthetic.noRelative,
    scale,
  });
  return {
    scale,
    periods: { pre, post },
    differenceInDifferences: did.result,
    syntheticControl: synthetic.result,
    preTrend: trend,
    series: chartSeries(panel, prepared, { weights: synthetic.weights, band: synthetic.band, scale }),
    warnings: [...prepared.warnings, ...warnings],
  };
}
