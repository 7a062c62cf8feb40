/**
 * Pure figures of a run against Shopify's cost bucket (https://shopify.dev/docs/api/usage/limits#the-leaky-bucket-algorithm),
 * from the simulator's stats: the points it charged (Σ actualQueryCost), the arrival times of the
 * run's queries and its THROTTLED answers. The bucket starts full, so over a span of s seconds a
 * client may spend at most capacity + restore × s: that is the allowed amount the achieved one is
 * held against (points per second ÷ the restore rate alone would count the first fill as restored
 * and pass 1 on short runs).
 */
import { MAX_LIMITED_SHARE, MIN_ACHIEVED_RATIO, share } from './rate-figures.js';

export interface CostRateInput {
  /** Σ actualQueryCost over the run. */
  costSpent: number;
  /** Arrival times (ms) of the run's queries. */
  timestamps: readonly number[];
  queries: number;
  throttled: number;
  /** The bucket at the run's start, full. */
  capacity: number;
  restorePerSecond: number;
}

export interface CostRateFigures {
  /** First to last query. */
  spanSeconds: number;
  /** capacity + restore × span. */
  allowedPoints: number;
  /** costSpent ÷ allowedPoints: the target (≥ MIN_ACHIEVED_RATIO). */
  achievedRatio: number;
  pointsPerSecond: number;
  /** pointsPerSecond ÷ restorePerSecond. */
  perSecondRatio: number;
  throttledShare: number;
  targets: { rate: boolean; throttled: boolean };
}

export function costRateFigures(input: CostRateInput): CostRateFigures {
  const { timestamps } = input;
  const spanSeconds = timestamps.length < 2 ? 0 : (Math.max(...timestamps) - Math.min(...timestamps)) / 1_000;
  const allowedPoints = input.capacity + input.restorePerSecond * spanSeconds;
  const achievedRatio = spanSeconds === 0 ? 0 : input.costSpent / allowedPoints;
  const pointsPerSecond = spanSeconds === 0 ? 0 : input.costSpent / spanSeconds;
  const throttledShare = share(input.throttled, input.queries);
  return {
    spanSeconds,
    allowedPoints,
    achievedRatio,
    pointsPerSecond,
    perSecondRatio: pointsPerSecond / input.restorePerSecond,
    throttledShare,
    targets: { rate: achievedRatio >= MIN_ACHIEVED_RATIO, throttled: throttledShare <= MAX_LIMITED_SHARE },
  };
}
