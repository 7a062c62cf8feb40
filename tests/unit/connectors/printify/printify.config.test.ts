import { describe, expect, it } from '@jest/globals';
import * as z from 'zod';
import { printifyConfig } from '../../../../lib/connectors/printify/printify.config.js';
import { printifySettings } from './settings.js';

describe('printify env fragment', () => {
  it('defaults: the public API, 600 requests a minute as 10 a second, 30 days of order lookback, a full re-read weekly', () => {
    expect(printifySettings()).toEqual({
      appId: undefined,
      redirectUri: undefined,
      apiBaseUrl: 'https://api.printify.com/',
      authorizeUrl: 'https://printify.com/app/authorize',
      requestsPerSecond: 10,
      orderLookbackDays: 30,
      fullResyncDays: 7,
      commerce: { backfillSince: null, syncIntervalMinutes: 60 },
    });
  });

  it('reads every variable, the commerce ones too', () => {
    const settings = printifySettings({
      PRINTIFY_APP_ID: ' app-1 ',
      PRINTIFY_REDIRECT_URI: 'https://sluice.example/oauth/printify',
      PRINTIFY_API_BASE_URL: 'http://127.0.0.1:9/__sim/printify',
      PRINTIFY_OAUTH_AUTHORIZE_URL: 'http://127.0.0.1:9/__sim/printify/app/authorize',
      PRINTIFY_REQUESTS_PER_MINUTE: '90',
      PRINTIFY_ORDER_LOOKBACK_DAYS: '45',
      PRINTIFY_FULL_RESYNC_DAYS: '1',
      COMMERCE_BACKFILL_SINCE: '2025-01-01',
    });
    expect(settings).toMatchObject({ appId: 'app-1', apiBaseUrl: 'http://127.0.0.1:9/__sim/printify/', requestsPerSecond: 1.5, orderLookbackDays: 45, fullResyncDays: 1, commerce: { backfillSince: '2025-01-01' } });
  });

  it.each([
    ['PRINTIFY_REDIRECT_URI', 'not a url'],
    ['PRINTIFY_REQUESTS_PER_MINUTE', '0'],
    ['PRINTIFY_ORDER_LOOKBACK_DAYS', 'thirty'],
    ['PRINTIFY_FULL_RESYNC_DAYS', '0'],
  ])('refuses %s=%p', (name, value) => {
    const parsed = z.object(printifyConfig.env).safeParse({ [name]: value });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual([name]);
  });

  it('requires no secret: a personal access token needs no app', () => {
    expect(printifyConfig.secrets).toEqual([]);
  });
});
