import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import { startYouTubeSimulator, type RunningYouTubeSimulator } from '../../../dev/simulators/youtube/index.js';
import { ANALYTICS_BUDGET, DATA_API_BUDGET, youtubeConnector } from '../../../lib/connectors/youtube/youtube.connector.js';
import type { YouTubeClient } from '../../../lib/connectors/youtube/youtube.client.js';
import type { YouTubeSettings } from '../../../lib/connectors/youtube/youtube.config.js';
import { RateLimitedError } from '../../../lib/errors.js';
import { systemClock } from '../../../lib/shared/clock.js';
import { silentLogger } from '../../../lib/shared/logger.js';
import type { RateLimiter } from '../../../lib/shared/rate-limiter.js';
import { createTokenCipher } from '../../../lib/shared/token-cipher.js';

// DESIGN.md "Budgets": YouTube has two budgets, `youtube` (Analytics queries) and
// `youtube-data` (Data API units). The client built by the connector's createClient, against
// the simulator, must pace each call with its own budget's limiter and hold only that one on a 429.

const CLIENT = { clientId: 'budgets-client', clientSecret: 'budgets-secret' };

/** A limiter that lets every call through and records what it was asked. */
function recordingLimiter(): RateLimiter & { acquired: number; holds: Date[] } {
  return {
    acquired: 0,
    holds: [],
    perSecond: 1_000,
    async acquire() {
      this.acquired += 1;
    },
    pauseUntil(until) {
      this.holds.push(until);
    },
    setRate() {},
  };
}

describe('the YouTube client spends the budget of the API it calls', () => {
  let sim: RunningYouTubeSimulator;
  let client: YouTubeClient;
  const limiters = { [ANALYTICS_BUDGET]: recordingLimiter(), [DATA_API_BUDGET]: recordingLimiter() };
  const counts = () => ({ analytics: limiters[ANALYTICS_BUDGET].acquired, data: limiters[DATA_API_BUDGET].acquired });

  beforeAll(async () => {
    sim = await startYouTubeSimulator({ ...CLIENT, today: () => '2025-03-15' });
    const settings: YouTubeSettings = {
      ...CLIENT,
      redirectUri: 'http://127.0.0.1/callback',
      tokenUrl: sim.oauthTokenUrl,
      analyticsRootUrl: sim.analyticsRootUrl,
      dataRootUrl: sim.dataRootUrl,
      backfillDays: 28,
      requestsPerSecond: 10,
      dataApiDailyQuota: 10_000,
    };
    client = await youtubeConnector.createClient({
      settings,
      clock: systemClock,
      logger: silentLogger,
      cipher: createTokenCipher(Buffer.alloc(32, 7)),
      db: {} as Kysely<Database>, // building the client touches no table
      limiter: (budget) => {
        const limiter = (limiters as Record<string, RateLimiter>)[budget];
        if (!limiter) throw new Error(`no budget ${budget}`);
        return limiter;
      },
    });
  });
  afterAll(() => sim?.close());

  it('channels.list (Data API) spends youtube-data, not the Analytics budget; a report query the reverse', async () => {
    const tokens = await client.exchangeCode(sim.issueCode('Erin'));
    const before = counts();
    await expect(client.getOwnChannel(tokens.accessToken)).resolves.toEqual({ id: sim.channelIdFor('Erin'), title: 'Erin' });
    expect(counts()).toEqual({ analytics: before.analytics, data: before.data + 1 });

    await client.queryTopVideosForDay(tokens.accessToken, sim.channelIdFor('Erin'), '2025-03-01');
    expect(counts()).toEqual({ analytics: before.analytics + 1, data: before.data + 1 });
  });

  it('a 429 of the Data API holds youtube-data only', async () => {
    const tokens = await client.exchangeCode(sim.issueCode('Fay'));
    sim.injectFaults([{ api: 'data', kind: 'rateLimited', retryAfterSeconds: 7 }]);
    await expect(client.getOwnChannel(tokens.accessToken)).rejects.toBeInstanceOf(RateLimitedError);
    expect(limiters[DATA_API_BUDGET].holds).toHaveLength(1);
    expect(limiters[ANALYTICS_BUDGET].holds).toEqual([]);
  });
});
