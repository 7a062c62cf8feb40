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
import type { BudgetGate } from '../../../lib/budgets/budget-gate.js';
import { createTokenCipher } from '../../../lib/shared/token-cipher.js';

// DESIGN.md "Budgets": YouTube has two budgets, `youtube` (Analytics queries) and
// `youtube-data` (Data API units). The client built by the connector's createClient, against
// the simulator, must spend each call from its own budget, and a 429 must reach only that one.

const CLIENT = { clientId: 'budgets-client', clientSecret: 'budgets-secret' };

/** A gate that lets every call through and records which budget each spent and which the vendor held. */
function recordingGate(): BudgetGate & { spent: string[]; held: string[] } {
  return {
    spent: [],
    held: [],
    async spend(budget, _call, send) {
      this.spent.push(budget);
      try {
        return await send();
      } catch (error) {
        if (error instanceof RateLimitedError) this.held.push(budget);
        throw error;
      }
    },
    async observe() {},
    async limitsOf() {
      throw new Error('unused');
    },
  };
}

describe('the YouTube client spends the budget of the API it calls', () => {
  let sim: RunningYouTubeSimulator;
  let client: YouTubeClient;
  const gate = recordingGate();
  const counts = () => ({ analytics: gate.spent.filter((b) => b === ANALYTICS_BUDGET).length, data: gate.spent.filter((b) => b === DATA_API_BUDGET).length });

  beforeAll(async () => {
    sim = await startYouTubeSimulator({ ...CLIENT, today: () => '2025-03-15' });
    const settings: YouTubeSettings = {
      ...CLIENT,
      redirectUri: 'http://127.0.0.1/callback',
      tokenUrl: sim.oauthTokenUrl,
      authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      analyticsRootUrl: sim.analyticsRootUrl,
      dataRootUrl: sim.dataRootUrl,
      backfillDays: 28,
      requestsPerSecond: 10,
      dataApiDailyQuota: 10_000,
      analyticsDailyQuota: null,
    };
    client = await youtubeConnector.createClient({
      settings,
      clock: systemClock,
      logger: silentLogger,
      cipher: createTokenCipher(Buffer.alloc(32, 7)),
      db: {} as Kysely<Database>, // building the client touches no table
      budgets: gate,
    });
  });
  afterAll(() => sim?.close());

  it('channels.list (Data API) spends youtube-data, not the Analytics budget; a report query the reverse', async () => {
    const tokens = await client.exchangeCode(sim.issueCode('Erin'));
    const before = counts();
    await expect(client.getOwnChannel(tokens.accessToken)).resolves.toEqual({ id: sim.channelIdFor('Erin'), title: 'Erin', uploadsPlaylistId: `UU${sim.channelIdFor('Erin').slice(2)}`, videoCount: 12 });
    expect(counts()).toEqual({ analytics: before.analytics, data: before.data + 1 });

    await client.queryTopVideosForDay(tokens.accessToken, sim.channelIdFor('Erin'), '2025-03-01');
    expect(counts()).toEqual({ analytics: before.analytics + 1, data: before.data + 1 });
  });

  it('a 429 of the Data API holds youtube-data only', async () => {
    const tokens = await client.exchangeCode(sim.issueCode('Fay'));
    sim.injectFaults([{ api: 'data', kind: 'rateLimited', retryAfterSeconds: 7 }]);
    await expect(client.getOwnChannel(tokens.accessToken)).rejects.toBeInstanceOf(RateLimitedError);
    expect(gate.held).toEqual([DATA_API_BUDGET]);
  });
});
