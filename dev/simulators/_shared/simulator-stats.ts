/**
 * Call counters per endpoint and status, with arrival timestamps, so that tests and benchmarks can
 * measure the request rate a client achieved and see every answer it got. A simulator may also
 * name a key per request (YouTube Analytics: the channel and report day), so that repeated fetches
 * of the same thing — refetches — can be counted.
 */

/** What happened to a request: its HTTP status, or how it ended without one. */
export type AnswerStatus =
  | number
  /** An injected or random timeout dropped the socket. */
  | 'destroyed'
  /** The client went away (e.g. its own timeout) before the answer was written: it never got it. */
  | 'abandoned';

export interface KeyStats {
  total: number;
  byStatus: Record<string, number>;
}

export interface EndpointStats {
  total: number;
  /** Answers by HTTP status ('200', '429', …; 'destroyed', 'abandoned': see AnswerStatus). */
  byStatus: Record<string, number>;
  /** Arrival time (ms since epoch) of every request, for rate measurement. */
  timestamps: number[];
  /** The same counts per key, for the requests that named one. */
  byKey: Record<string, KeyStats>;
}

export type StatsByEndpoint<Endpoint extends string> = Record<Endpoint, EndpointStats>;

export class StatsRecorder<Endpoint extends string> {
  private readonly endpoints: readonly Endpoint[];
  private stats: StatsByEndpoint<Endpoint>;

  /** Every endpoint is listed from the start, so a snapshot shows the ones never called as zeros. */
  constructor(endpoints: readonly Endpoint[]) {
    this.endpoints = endpoints;
    this.stats = this.empty();
  }

  arrived(endpoint: Endpoint, nowMs: number, key?: string): void {
    const stats = this.stats[endpoint];
    stats.total += 1;
    stats.timestamps.push(nowMs);
    if (key !== undefined) (stats.byKey[key] ??= { total: 0, byStatus: {} }).total += 1;
  }

  /** Give the key `arrived` got, so that the request's answer is counted under it too. */
  answered(endpoint: Endpoint, status: AnswerStatus, key?: string): void {
    const stats = this.stats[endpoint];
    count(stats.byStatus, status);
    if (key !== undefined) count((stats.byKey[key] ??= { total: 0, byStatus: {} }).byStatus, status);
  }

  /** A deep copy, so callers can keep it while counting goes on. */
  snapshot(): StatsByEndpoint<Endpoint> {
    return structuredClone(this.stats);
  }

  reset(): void {
    this.stats = this.empty();
  }

  private empty(): StatsByEndpoint<Endpoint> {
    const entries = this.endpoints.map((endpoint) => [endpoint, { total: 0, byStatus: {}, timestamps: [], byKey: {} }]);
    return Object.fromEntries(entries) as StatsByEndpoint<Endpoint>;
  }
}

/**
 * The most arrivals in any window of `windowMs`. Two arrivals share a window when they are less
 * than `windowMs` apart, as SlidingWindowLimiter counts: a run whose maximum is
 * within its limit is one it accepts in full.
 */
export function maxInSlidingWindow(timestamps: readonly number[], windowMs = 1_000): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

function count(byStatus: Record<string, number>, status: AnswerStatus): void {
  byStatus[status] = (byStatus[status] ?? 0) + 1;
}
