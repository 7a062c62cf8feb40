/** Call counters per endpoint and status, with arrival timestamps for measuring a client's request rate. */
import type { SimulatorEndpoint, SimulatorStats } from './types.js';

const ENDPOINTS: readonly SimulatorEndpoint[] = ['oauth.token', 'oauth.authorize', 'data.channels.list', 'analytics.reports.query'];
const emptyStats = (): SimulatorStats =>
  Object.fromEntries(ENDPOINTS.map((endpoint) => [endpoint, { total: 0, byStatus: {}, timestamps: [] }])) as Record<SimulatorEndpoint, never>;

export class StatsRecorder {
  private stats = emptyStats();

  arrived(endpoint: SimulatorEndpoint, nowMs: number): void {
    this.stats[endpoint].total += 1;
    this.stats[endpoint].timestamps.push(nowMs);
  }

  /** `status`: the HTTP status, or 'destroyed' when an injected timeout dropped the socket. */
  answered(endpoint: SimulatorEndpoint, status: number | 'destroyed'): void {
    const byStatus = this.stats[endpoint].byStatus;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }

  /** A deep copy, so callers can keep it while counting goes on. */
  snapshot(): SimulatorStats {
    return structuredClone(this.stats);
  }

  reset(): void {
    this.stats = emptyStats();
  }
}
