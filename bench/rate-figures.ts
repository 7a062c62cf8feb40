/**
 * Pure figures of a rate-limited run, from the simulator's request stats (arrival timestamps,
 * answers by status): what the benchmarks print and judge, computed one way for all of them.
 */
import { maxInSlidingWindow } from '../dev/simulators/_shared/simulator-stats.js';
import type { EndpointStats } from '../dev/simulators/youtube/index.js';

export { maxInSlidingWindow };

/** Targets of the budget benchmarks: the allowed rate nearly used, hardly any request refused. */
export const MIN_ACHIEVED_RATIO = 0.95;
export const MAX_LIMITED_SHARE = 0.01;

/**
 * Requests per second between the first and the last arrival. n requests span n − 1 gaps, so
 * requests evenly paced at r/s measure r whatever their number. 0 without a span.
 */
export function achievedRate(timestamps: readonly number[]): number {
  if (timestamps.length < 2) return 0;
  const spanMs = Math.max(...timestamps) - Math.min(...timestamps);
  return spanMs === 0 ? 0 : (timestamps.length - 1) / (spanMs / 1_000);
}

export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/**
 * Dispatch lanes that keep `ratePerSecond` requests in flight when each takes `latencyMs`
 * (Little's law: in flight = rate × time), plus two for what a lane does between calls
 * (claims, step commits).
 */
export function lanesForRate(ratePerSecond: number, latencyMs: number): number {
  return Math.ceil((ratePerSecond * latencyMs) / 1_000) + 2;
}

export interface RateFigures {
  calls: number;
  /** 200 answers. */
  accepted: number;
  /** 429 answers. */
  limited: number;
  /** First to last arrival. */
  activeSeconds: number;
  /** Every request counts, refused ones too: vendors count them as well. */
  achievedRate: number;
  achievedRatio: number;
  limitedShare: number;
  /** The most requests in any sliding second: above the allowed rate, the vendor refuses some. */
  maxPerSecond: number;
  targets: { rate: boolean; limited: boolean; window: boolean };
}

/** An endpoint's figures against the rate it allows (its sliding one-second limit). */
export function rateFigures(stats: EndpointStats, allowedRate: number): RateFigures {
  const { timestamps } = stats;
  const limited = stats.byStatus['429'] ?? 0;
  const rate = achievedRate(timestamps);
  const maxPerSecond = maxInSlidingWindow(timestamps, 1_000);
  const figures = {
    calls: stats.total,
    accepted: stats.byStatus['200'] ?? 0,
    limited,
    activeSeconds: timestamps.length === 0 ? 0 : (Math.max(...timestamps) - Math.min(...timestamps)) / 1_000,
    achievedRate: rate,
    achievedRatio: rate / allowedRate,
    limitedShare: share(limited, stats.total),
    maxPerSecond,
  };
  return {
    ...figures,
    targets: { rate: figures.achievedRatio >= MIN_ACHIEVED_RATIO, limited: figures.limitedShare <= MAX_LIMITED_SHARE, window: maxPerSecond <= allowedRate },
  };
}
