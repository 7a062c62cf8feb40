import { describe, expect, it } from '@jest/globals';
import { SLIDING_DAY } from '../../../../lib/budgets/budget-policy.js';
import type { ConnectorDeps } from '../../../../lib/connectors/connector.js';
import { etsyConnector } from '../../../../lib/connectors/etsy/etsy.connector.js';
import type { EtsyClient } from '../../../../lib/connectors/etsy/etsy.client.js';
import type { EtsySettings } from '../../../../lib/connectors/etsy/etsy.config.js';
import type { Connection } from '../../../../lib/connections/connections.repository.js';
import { ConfigError, ValidationError } from '../../../../lib/errors.js';

const settings: EtsySettings = {
  apiKey: 'ks',
  sharedSecret: 'ss',
  redirectUri: 'https://app.example/cb',
  apiBaseUrl: 'https://openapi.etsy.com/',
  authorizeUrl: 'https://www.etsy.com/oauth/connect',
  tokenUrl: 'https://api.etsy.com/v3/public/oauth/token',
  requestsPerSecond: 10,
  dailyQuota: 10_000,
  commerce: { backfillSince: null, syncIntervalMinutes: 60 },
};
const connection = { id: 5, tenantId: 't1', platform: 'etsy', externalAccountId: '40123456' } as Connection;
const now = new Date('2026-03-01T12:34:56Z');
const tokens = { accessToken: '7.a', refreshToken: '7.r', expiresAt: null, scopes: '' };

describe('the Etsy connector', () => {
  it('declares one app-wide budget over a sliding day, spent by its three kinds, half of it for backfills', () => {
    expect(etsyConnector.budgets({ ...settings, requestsPerSecond: 4, dailyQuota: 50_000 })).toEqual([
      { key: 'etsy', scope: 'app', requestsPerSecond: 4, dailyQuota: 50_000, quotaWindow: SLIDING_DAY, unit: 'requests', backfillShare: 0.5, spentBy: ['etsy.orders', 'etsy.listings', 'etsy.payments'] },
    ]);
  });

  it('has a task, a label and an entity-ordered handler for each kind, and a sync schedule', () => {
    // The entity kinds (shared commerce parts may add their own, e.g. the daily_financials rollup).
    expect(Object.keys(etsyConnector.tasks)).toEqual(expect.arrayContaining(['etsy.orders', 'etsy.listings', 'etsy.payments']));
    expect(etsyConnector.taskLabels).toMatchObject({
      'etsy.orders': { verb: 'Syncing orders', unit: 'orders' },
      'etsy.listings': { verb: 'Syncing listings', unit: 'listings' },
      'etsy.payments': { verb: 'Syncing payments', unit: 'payments' },
    });
    expect(etsyConnector.schedules).toEqual([{ cron: 'sync', job: 'sync', params: {} }]);
    expect(etsyConnector.auth).toMatchObject({ kind: 'oauth2-pkce', pkce: true });
  });

  it('plans a backfill as orders → listings → payments, chained, keyed by the DESIGN.md contract', () => {
    const plan = etsyConnector.planners['data-collection']!({ connection, params: {}, settings }, now);
    const keys = ['orders', 'listings', 'payments'].map((entity) => `t1:etsy:${entity}:40123456:backfill:1970-01-01:2026-03-01`);
    expect(plan.tasks.map((task) => [task.kind, task.dedupeKey])).toEqual([
      ['etsy.orders', keys[0]],
      ['etsy.listings', keys[1]],
      ['etsy.payments', keys[2]],
    ]);
    expect(plan.tasks.map((task) => task.payload)).toEqual([
      { entity: 'orders', mode: 'backfill', since: null, until: now.toISOString(), after: null, next: keys[1] },
      { entity: 'listings', mode: 'backfill', since: null, until: now.toISOString(), after: keys[0], next: keys[2] },
      { entity: 'payments', mode: 'backfill', since: null, until: now.toISOString(), after: keys[1], next: null },
    ]);
  });

  it('plans a sync per slot, one task per entity', () => {
    const plan = etsyConnector.planners.sync!({ connection, params: {}, settings }, now);
    expect(plan.tasks.map((task) => task.dedupeKey)).toEqual(['orders', 'listings', 'payments'].map((entity) => `t1:etsy:${entity}:40123456:sync:2026-03-01T12:00Z`));
  });

  it('identifies the shop from users/me, named by its shop_name', async () => {
    const client = {
      getMe: async () => ({ user_id: 7, shop_id: 40123456 }),
      getShop: async (_token: string, shopId: string) => ({ shopId: Number(shopId), shopName: 'ClayCo', createdAt: 0 }),
    } as unknown as EtsyClient;
    expect(await etsyConnector.identify(client, tokens, { code: 'c', codeVerifier: 'v' })).toEqual({ accountId: '40123456', displayName: 'ClayCo' });
  });

  it('an Etsy account without a shop cannot be connected', async () => {
    const client = { getMe: async () => ({ user_id: 7, shop_id: null }) } as unknown as EtsyClient;
    await expect(etsyConnector.identify(client, tokens, { code: 'c', codeVerifier: 'v' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('needs the keystring and the shared secret to build its client', async () => {
    const deps = { settings: { ...settings, sharedSecret: undefined }, clock: { now: () => now }, budgets: {} } as unknown as ConnectorDeps<EtsySettings>;
    await expect(etsyConnector.createClient(deps)).rejects.toBeInstanceOf(ConfigError);
  });
});
