import { PACIFIC_DAY } from '../../../lib/budgets/budget-policy.js';
import { describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import type { Connector } from '../../../lib/connectors/connector.js';
import { defineConnectorConfig } from '../../../lib/connectors/connector-config.js';
import { createLiveConnectors } from '../../../lib/connectors/live-connectors.js';
import { createRegistry } from '../../../lib/connectors/registry.js';
import { ConfigError } from '../../../lib/errors.js';
import { systemClock } from '../../../lib/shared/clock.js';
import { silentLogger } from '../../../lib/shared/logger.js';

const config = (platform: string) => defineConnectorConfig({ platform, env: {}, secrets: [], settings: () => ({ platform }) });

function fakeConnector(platform: string, builds: string[], failFirst = false): Connector<{ platform: string }, { id: number }> {
  return {
    platform,
    async createClient({ settings }) {
      builds.push(settings.platform);
      if (failFirst && builds.length === 1) throw new ConfigError('credentials missing');
      return { id: builds.length };
    },
    auth: { kind: 'oauth2', exchange: async () => Promise.reject(new Error('unused')), refresh: async () => Promise.reject(new Error('unused')) },
    identify: async () => ({ accountId: 'a', displayName: null }),
    tasks: { [`${platform}.run`]: () => async () => {} },
    planners: {},
    schedules: [],
    budgets: () => [{ key: platform, scope: 'app', requestsPerSecond: 1, dailyQuota: null, quotaWindow: PACIFIC_DAY, unit: 'requests', backfillShare: 0.5, spentBy: [] }],
  };
}

function live(options: { enabled: Record<string, boolean>; failFirst?: boolean; key?: Buffer | undefined }) {
  const builds: string[] = [];
  const loads: string[] = [];
  const entry = (platform: string) => ({ config: config(platform), load: async () => (loads.push(platform), fakeConnector(platform, builds, options.failFirst)) });
  const registry = createRegistry({ alpha: entry('alpha'), beta: entry('beta') });
  const states = Object.fromEntries(Object.entries(options.enabled).map(([platform, enabled]) => [platform, { enabled, settings: { platform } }]));
  const connectors = createLiveConnectors({
    registry,
    states,
    db: {} as Kysely<Database>,
    clock: systemClock,
    logger: silentLogger,
    tokenEncryptionKey: 'key' in options ? options.key : Buffer.alloc(32, 1),
    limits: { current: async () => ({}), invalidate() {} },
  });
  return { connectors, builds, loads };
}

describe('live connectors', () => {
  it('loads a connector and builds its client once, on first use, and only that one', async () => {
    const { connectors, builds, loads } = live({ enabled: { alpha: true, beta: true } });
    expect(loads).toEqual([]);
    const [a, b] = await Promise.all([connectors.get('alpha'), connectors.get('alpha')]);
    expect(a).toBe(b);
    expect([loads, builds]).toEqual([['alpha'], ['alpha']]);
    expect(a.handler('alpha.run')).toBe(a.handler('alpha.run'));
    expect(a.handler('alpha.missing')).toBeUndefined();
    expect(connectors.enabled()).toEqual(['alpha', 'beta']);
  });

  it('gives a connector\'s definition for planning without building its client', async () => {
    const { connectors, builds, loads } = live({ enabled: { alpha: true } });
    const definition = await connectors.definition('alpha');
    expect(definition.settings).toEqual({ platform: 'alpha' });
    expect([loads, builds]).toEqual([['alpha'], []]);
    expect((await connectors.get('alpha')).connector).toBe(definition.connector); // loaded once
    expect([loads, builds]).toEqual([['alpha'], ['alpha']]);
  });

  it('refuses a disabled or unknown platform, and a runtime without the token key, as configuration errors', async () => {
    const { connectors, loads } = live({ enabled: { alpha: true, beta: false } });
    await expect(connectors.get('beta')).rejects.toThrow(new ConfigError('the beta connector is not enabled (CONNECTORS)'));
    await expect(connectors.get('gamma')).rejects.toThrow(ConfigError);
    expect(loads).toEqual([]);
    expect(connectors.enabled()).toEqual(['alpha']);
    await expect(live({ enabled: { alpha: true }, key: undefined }).connectors.get('alpha')).rejects.toThrow('TOKEN_ENCRYPTION_KEY must be set');
  });

  it('does not cache a failed build: a fixed setting takes effect on the next call', async () => {
    const { connectors, builds } = live({ enabled: { alpha: true }, failFirst: true });
    await expect(connectors.get('alpha')).rejects.toThrow('credentials missing');
    await expect(connectors.get('alpha')).resolves.toMatchObject({ client: { id: 2 } });
    expect(builds).toEqual(['alpha', 'alpha']);
  });

  it('a registry entry must hold its own platform\'s config', () => {
    expect(() => createRegistry({ alpha: { config: config('beta'), load: async () => fakeConnector('beta', []) } })).toThrow(/entry "alpha" holds the config of "beta"/);
  });
});
