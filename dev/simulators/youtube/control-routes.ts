/**
 * The YouTube simulator's control endpoints when it runs as its own process (main.ts), for a
 * harness in another process: `GET /__control/stats`, `POST /__control/reset-stats`,
 * `GET /__control/ground-truth?channel_id=&start_date=&end_date=`, `GET /__control/channel-id?name=`.
 */
import { requiredParam, type ControlRoute } from '../_shared/control-routes.js';
import { isIsoDay } from './dates.js';
import type { YouTubeSimulator } from './simulator.js';

export function youtubeControlRoutes(simulator: YouTubeSimulator): Record<string, ControlRoute> {
  const day = (query: URLSearchParams, name: string) => {
    const value = requiredParam(query, name);
    if (!isIsoDay(value)) throw new Error(`${name} must be YYYY-MM-DD`);
    return value;
  };
  return {
    stats: { method: 'GET', run: () => simulator.stats() },
    'reset-stats': { method: 'POST', run: () => simulator.resetStats() },
    'ground-truth': {
      method: 'GET',
      run: (query) => simulator.groundTruth(requiredParam(query, 'channel_id'), day(query, 'start_date'), day(query, 'end_date')),
    },
    'channel-id': { method: 'GET', run: (query) => ({ channel_id: simulator.channelIdFor(requiredParam(query, 'name')) }) },
  };
}
