/**
 * Call counters per endpoint and status, with arrival timestamps, so that tests and benchmarks can
 * measure the request rate a client achieved and see every answer it got.
 */

export interface EndpointStats {
  total: number;
  /** Answers by HTTP status ('200', '429', …; 'destroyed' for injected socket drops). */
  byStatus: Record<string, number>;
  /** Arrival time (ms since epoch) of every request, for rate measurement. */
  timestamps: number[];
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

  arrived(endpoint: Endpoint, nowMs: number): void {
    this.stats[endpoint].total += 1;
    this.stats[endpoint].timestamps.push(nowMs);
  }

  /** `status`: the HTTP status, or 'destroyed' when an injected timeout dropped the socket. */
  answered(endpoint: Endpoint, status: number | 'destroyed'): void {
    const byStatus = this.stats[endpoint].byStatus;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }

  /** A deep copy, so callers can keep it while counting goes on. */
  snapshot(): StatsByEndpoint<Endpoint> {
    return structuredClone(this.stats);
  }

  reset(): void {
    this.stats = this.empty();
  }

  private empty(): StatsByEndpoint<Endpoint> {
    const entries = this.endpoints.map((endpoint) => [endpoint, { total: 0, byStatus: {}, timestamps: [] }]);
    return Object.fromEntries(entries) as StatsByEndpoint<Endpoint>;
  }
}
