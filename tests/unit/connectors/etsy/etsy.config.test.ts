import { describe, expect, it } from '@jest/globals';
import { loadConfig, settingsFor } from '../../../../lib/config/env.js';
import { etsyConfig } from '../../../../lib/connectors/etsy/etsy.config.js';

const KEY = Buffer.alloc(32, 3).toString('base64');
const production = { VERCEL_ENV: 'production', CRON_SECRET: 'c', ADMIN_TOKEN: 'a', TOKEN_ENCRYPTION_KEY: KEY };

describe('Etsy environment', () => {
  it('defaults to Etsy’s own endpoints and a new app’s limits, with the commerce settings', () => {
    expect(settingsFor(loadConfig({}), etsyConfig)).toEqual({
      apiKey: undefined,
      sharedSecret: undefined,
      redirectUri: undefined,
      apiBaseUrl: 'https://openapi.etsy.com/',
      authorizeUrl: 'https://www.etsy.com/oauth/connect',
      tokenUrl: 'https://api.etsy.com/v3/public/oauth/token',
      requestsPerSecond: 10,
      dailyQuota: 10_000,
      commerce: { backfillSince: null, syncIntervalMinutes: 60 },
    });
  });

  it('reads every variable, adding the trailing slash the API root needs', () => {
    const settings = settingsFor(
      loadConfig({
        ETSY_API_KEY: 'ks',
        ETSY_SHARED_SECRET: 'ss',
        ETSY_REDIRECT_URI: 'https://app.example/cb',
        ETSY_API_BASE_URL: 'http://127.0.0.1:9/__sim/etsy',
        ETSY_REQUESTS_PER_SECOND: '5',
        ETSY_DAILY_QUOTA: '100000',
        COMMERCE_BACKFILL_SINCE: '2024-01-01',
      }),
      etsyConfig,
    );
    expect(settings).toMatchObject({ apiKey: 'ks', sharedSecret: 'ss', apiBaseUrl: 'http://127.0.0.1:9/__sim/etsy/', requestsPerSecond: 5, dailyQuota: 100_000, commerce: { backfillSince: '2024-01-01' } });
  });

  it('names a bad limit', () => {
    expect(() => loadConfig({ ETSY_DAILY_QUOTA: 'lots' })).toThrow(/ETSY_DAILY_QUOTA must be a whole number/);
    expect(() => loadConfig({ ETSY_REQUESTS_PER_SECOND: '0' })).toThrow(/ETSY_REQUESTS_PER_SECOND/);
  });

  it('in production, an enabled Etsy needs both the keystring and the shared secret', () => {
    expect(() => loadConfig({ ...production, ETSY_API_KEY: 'ks' })).toThrow('missing required production settings: ETSY_SHARED_SECRET');
    expect(loadConfig({ ...production, ETSY_API_KEY: 'ks', ETSY_SHARED_SECRET: 'ss' }).connectors.etsy?.enabled).toBe(true);
  });
});
