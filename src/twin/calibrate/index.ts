/**
 * Calibrating a twin from an event log: distribution fitting, calendars, resource pools and routing.
 */
export {
  type ActivityFit,
  type CalibrateOptions,
  calibrateTwin,
  localIso,
  type PoolSummary,
  type TimeUnit,
  type TwinCalibration,
  toModelDistribution,
} from "./build.js";
export {
  CANDIDATES,
  type CandidateFit,
  cdf,
  type Distribution,
  type DistributionFit,
  type DistributionName,
  distributionMean,
  type FitOptions,
  fitDistribution,
  ksStatistic,
  quantile,
  scaleDistribution,
  wassersteinToDistribution,
} from "./fit.js";
