/**
 * A connector that exists only in tests: "widgets", a fake vendor held in memory. It goes
 * through the registry like a real one, so the seam is proven without YouTube: OAuth-style
 * tokens (a 401 for an expired access token, `invalid_grant` once revoked), an account id,
 * one task kind that pages through widgets and upserts them, a planner and a daily schedule.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { sqlFlavorOf } from '../../db/sql-flavor.js';
import { upsertRows } from '../../db/upsert.js';
import { SLIDING_DAY } from '../../lib/budgets/budget-policy.js';
import type { Connector } from '../../lib/connectors/connector.js';
import { defineConnectorConfig } from '../../lib/connectors/connector-config.js';
import { createRegistry, type RegistryEntry } from '../../lib/connectors/registry.js';
import { loadConfig } from '../../lib/config/env.js';
import { createRuntime, type Runtime } from '../../lib/runtime.js';
import { silentLogger } from '../../lib/shared/logger.js';
import { createTestDatabase, type TestDatabase, type TestEngine } from './test-databases.js';
import { AccessTokenRejectedError, ReauthRequiredError, ValidationError } from '../../lib/errors.js';

export interface FakeWidgetsApi {
  /** Widgets per account. */
  widgets: Map<string, { id: string; name: string }[]>;
  calls: string[];
  /** Access tokens the API accepts, and refresh tokens that still work. */
  liveAccess: Set<string>;
  liveRefresh: Set<string>;
  /** Whether the next exchange sends a refresh token (as on a first consent). */
  sendsRefreshToken: boolean;
}

export function createFakeWidgetsApi(): FakeWidgetsApi {
  return { widgets: new Map(), calls: [], liveAccess: new Set(), liveRefresh: new Set(), sendsRefreshToken: true };
}

export type WidgetsClient = ReturnType<typeof widgetsClient>;

function widgetsClient(api: FakeWidgetsApi) {
  let issued = 0;
  const issue = (account: string) => {
    const access = `access-${account}-${++issued}`;
    api.liveAccess.add(access);
    return access;
  };
  return {
    exchange(code: string) {
      api.calls.push(`exchange ${code}`);
      const account = /^code-(\w+)/.exec(code)?.[1];
      if (!account) throw new ValidationError(`the vendor rejected code ${code}`);
      const refresh = api.sendsRefreshToken ? `refresh-${account}-${issued}` : undefined;
      if (refresh) api.liveRefresh.add(refresh);
      return { accessToken: issue(account), refreshToken: refresh, expiresAt: null, scopes: 'widgets.read' };
    },
    refresh(refreshToken: string) {
      api.calls.push('refresh');
      if (!api.liveRefresh.has(refreshToken)) throw new ReauthRequiredError('invalid_grant');
      return { accessToken: issue(refreshToken.split('-')[1]!), refreshToken: undefined, expiresAt: null, scopes: 'widgets.read' };
    },
    whoAmI(accessToken: string) {
      if (!api.liveAccess.has(accessToken)) throw new AccessTokenRejectedError('401');
      return accessToken.split('-')[1]!;
    },
    page(accessToken: string, account: string, offset: number, limit: number) {
      api.calls.push(`page ${account} ${offset}`);
      if (!api.liveAccess.has(accessToken)) throw new AccessTokenRejectedError('401 expired');
      return (api.widgets.get(account) ?? []).slice(offset, offset + limit);
    },
  };
}

export const WIDGETS_KIND = 'widgets.items';

export function widgetsConnector(api: FakeWidgetsApi): Connector<{ pageSize: number }, WidgetsClient> {
  return {
    platform: 'widgets',
    createClient: async () => widgetsClient(api),
    auth: {
      kind: 'oauth2',
      exchange: async (client, { code }) => client.exchange(code),
      refresh: async (client, refreshToken) => client.refresh(refreshToken),
      missingRefreshToken: 'widgets sent no refresh token: consent again',
    },
    identify: async (client, tokens) => ({ accountId: client.whoAmI(tokens.accessToken), displayName: 'Widget shop' }),
    tasks: {
      [WIDGETS_KIND]: (deps) => async (task, { connection, call, commitStep }) => {
        const { page } = task.payload as { page: number };
        const size = deps.settings.pageSize;
        const items = await call((token) => deps.budgets.spend('widgets', {}, async () => deps.client.page(token, connection.externalAccountId, page * size, size)));
        const rows = items.map((item) => ({ tenant_id: task.tenantId, widget_id: item.id, name: item.name, updated_at: deps.clock.now().toISOString() }));
        await commitStep(async (trx) => {
          await upsertRows(trx as Kysely<any>, 'test_widgets' as never, rows as never[], { key: ['tenant_id', 'widget_id'] as never[], update: ['name', 'updated_at'] as never[] });
        }, { page });
      },
    },
    planners: {
      'data-collection': ({ connection, params }) => {
        const pages = params.days ?? 2;
        const tasks = Array.from({ length: pages }, (_, page) => ({
          kind: WIDGETS_KIND,
          dedupeKey: `${connection.tenantId}:widgets:items:${connection.externalAccountId}:page-${String(page).padStart(2, '0')}`,
          payload: { page },
        }));
        return { tasks, config: { pages }, estimate: { apiCalls: pages, quotaUnits: pages } };
      },
      sync: ({ connection }, now) => ({
        tasks: [{ kind: WIDGETS_KIND, dedupeKey: `${connection.tenantId}:widgets:items:${connection.externalAccountId}:sync:${now.toISOString().slice(0, 10)}`, payload: { page: 0 }, priority: 0 }],
        config: {},
        estimate: { apiCalls: 1, quotaUnits: 1 },
      }),
    },
    schedules: [{ cron: 'daily', job: 'sync', params: {}, reportAs: { key: 'widgets_day', value: (now) => now.toISOString().slice(0, 10) } }],
    // Counted per shop, over a sliding 24 hours (as Etsy counts per app key).
    budgets: () => [{ key: 'widgets', scope: 'account', requestsPerSecond: 100, dailyQuota: 10_000, quotaWindow: SLIDING_DAY, unit: 'requests', backfillShare: 0.5, spentBy: [WIDGETS_KIND] }],
  };
}

export const widgetsConfig = defineConnectorConfig({ platform: 'widgets', env: {}, secrets: [], settings: () => ({ pageSize: 2 }) });

export function widgetsEntry(api: FakeWidgetsApi): RegistryEntry {
  return { config: widgetsConfig, load: async () => widgetsConnector(api) };
}

/** The table the test connector writes (a real connector's tables come from migrations). */
export async function createWidgetsTable(db: Kysely<Database>): Promise<void> {
  const text = sqlFlavorOf(db) === 'mysql' ? sql`varchar(191)` : sql`text`;
  await sql`create table test_widgets (tenant_id ${text} not null, widget_id ${text} not null, name ${text} not null, updated_at ${text} not null, primary key (tenant_id, widget_id))`.execute(db);
}

/** A runtime on its own test database whose registry holds only the widgets connector; `close()` destroys both. */
export async function startWidgetsRuntime(engine: TestEngine): Promise<{ runtime: Runtime; database: TestDatabase; close(): Promise<void> }> {
  const database = await createTestDatabase(engine);
  const registry = createRegistry({ widgets: widgetsEntry(createFakeWidgetsApi()) });
  const runtime = await createRuntime(loadConfig({ DATABASE_URL: database.url, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }, registry), { registry, logger: silentLogger });
  return {
    runtime,
    database,
    async close() {
      await runtime.database.destroy();
      await database.drop();
    },
  };
}
