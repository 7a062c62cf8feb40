import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import type { TaskStatus } from '../../../db/tables/job-tasks.table.js';
import { advanceSyncCursor } from '../../../lib/commerce/sync-cursors.repository.js';
import type { CommerceOwner } from '../../../lib/commerce/commerce-owner.js';
import { loadConfig } from '../../../lib/config/env.js';
import { createRegistry, DEFAULT_CONNECTORS } from '../../../lib/connectors/registry.js';
import { runScheduledSyncs } from '../../../lib/jobs/scheduled-syncs.service.js';
import { kindsWithUnfinishedTasks } from '../../../lib/queue/repository/inspect-tasks.js';
import { createRuntime, type Runtime } from '../../../lib/runtime.js';
import { silentLogger } from '../../../lib/shared/logger.js';
import { clearCommerce, connect } from '../../support/commerce-fixtures.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// Slots of 5 minutes: each cron run finds the last slot's job still live (not stale), as an hourly one would.
const SLOT = 5 * 60_000;
const START = new Date('2026-04-01T10:05:00.000Z');

// While the Etsy budget is exhausted a sync task of an entity waits; the next hourly slot must not
// queue another one beside it (each hour one more full listings re-read). An entity whose earlier
// sync task of the connection is still queued, running or paused is left out of the slot.
describeEachEngine('scheduled syncs do not pile up', (engine) => {
  let database: TestDatabase;
  let runtime: Runtime;
  let now = START;
  let shop: CommerceOwner;
  let other: CommerceOwner;
  const db = () => database.db;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const registry = createRegistry({ etsy: DEFAULT_CONNECTORS.etsy });
    const config = loadConfig(
      { DATABASE_URL: database.url, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'), ETSY_API_KEY: 'key', ETSY_SHARED_SECRET: 'secret', ETSY_REDIRECT_URI: 'http://127.0.0.1/etsy/callback', COMMERCE_SYNC_INTERVAL_MINUTES: '5' },
      registry,
    );
    runtime = await createRuntime(config, { registry, logger: silentLogger, clock: { now: () => now } });
  });
  afterAll(async () => {
    await runtime?.database.destroy();
    await database?.drop();
  });
  beforeEach(async () => {
    now = START;
    for (const table of ['job_tasks', 'backfill_jobs'] as const) await db().deleteFrom(table).execute();
    await clearCommerce(db());
    shop = await connect(db(), 'acme', 'etsy', 'shop-1');
    other = await connect(db(), 'acme', 'etsy', 'shop-2');
    for (const owner of [shop, other]) {
      await inTransaction(db(), async (trx) => {
        for (const entity of ['orders', 'listings'] as const) await advanceSyncCursor(trx, owner.connectionId, entity, new Date('2026-04-01T00:00:00.000Z'), now);
      });
    }
  });

  const syncTasks = async (owner: CommerceOwner) =>
    (await db().selectFrom('job_tasks').select(['kind', 'dedupe_key', 'status']).where('connection_id', '=', owner.connectionId).execute())
      .map((t) => [t.kind, t.dedupe_key.slice(t.dedupe_key.lastIndexOf(':sync:') + 1), t.status])
      .sort(([kindA, windowA], [kindB, windowB]) => windowA!.localeCompare(windowB!) || kindA!.localeCompare(kindB!));
  const setStatus = (owner: CommerceOwner, kind: string, status: TaskStatus) =>
    db().updateTable('job_tasks').set({ status }).where('connection_id', '=', owner.connectionId).where('kind', '=', kind).execute();

  it('kindsWithUnfinishedTasks: the kinds of a connection with a queued, running or paused task whose key holds the window', async () => {
    await runScheduledSyncs(runtime, 'sync');
    expect(await kindsWithUnfinishedTasks(db(), shop.connectionId, ['etsy.orders', 'etsy.listings', 'etsy.payments'], ':sync:')).toEqual(['etsy.listings', 'etsy.orders']);
    expect(await kindsWithUnfinishedTasks(db(), shop.connectionId, ['etsy.orders'], ':backfill:')).toEqual([]);
    for (const [status, unfinished] of [['running', true], ['paused', true], ['succeeded', false], ['dead', false], ['cancelled', false]] as const) {
      await setStatus(shop, 'etsy.orders', status);
      expect(await kindsWithUnfinishedTasks(db(), shop.connectionId, ['etsy.orders'], ':sync:')).toEqual(unfinished ? ['etsy.orders'] : []);
    }
    expect(await kindsWithUnfinishedTasks(db(), shop.connectionId, [], ':sync:')).toEqual([]);
  });

  it('the next slot leaves out an entity whose sync task still waits, and takes it again once that one ended; the cron answers what it queued', async () => {
    expect(await runScheduledSyncs(runtime, 'sync')).toEqual({ connections: 2, enqueued: 4 });
    // shop-1: orders finished, listings still waits for the budget; shop-2: both finished.
    await setStatus(shop, 'etsy.orders', 'succeeded');
    await setStatus(other, 'etsy.orders', 'succeeded');
    await setStatus(other, 'etsy.listings', 'succeeded');

    now = new Date(START.getTime() + SLOT);
    expect(await runScheduledSyncs(runtime, 'sync')).toEqual({ connections: 2, enqueued: 3 });
    expect(await syncTasks(shop)).toEqual([
      ['etsy.listings', 'sync:2026-04-01T10:05Z', 'queued'],
      ['etsy.orders', 'sync:2026-04-01T10:05Z', 'succeeded'],
      ['etsy.orders', 'sync:2026-04-01T10:10Z', 'queued'],
    ]);

    // Both of shop-1's entities wait (one paused, one running): its slot queues nothing.
    await setStatus(shop, 'etsy.listings', 'paused');
    await setStatus(other, 'etsy.orders', 'succeeded');
    await setStatus(other, 'etsy.listings', 'succeeded');
    now = new Date(START.getTime() + 2 * SLOT);
    await setStatus(shop, 'etsy.orders', 'running');
    expect(await runScheduledSyncs(runtime, 'sync')).toEqual({ connections: 2, enqueued: 2 });
    expect((await syncTasks(shop)).map(([, window]) => window)).not.toContain('sync:2026-04-01T10:15Z');

    // Everything ended: the next slot takes every entity of both shops again.
    await db().updateTable('job_tasks').set({ status: 'succeeded' }).execute();
    now = new Date(START.getTime() + 3 * SLOT);
    expect(await runScheduledSyncs(runtime, 'sync')).toEqual({ connections: 2, enqueued: 4 });
    expect((await syncTasks(shop)).filter(([, window]) => window === 'sync:2026-04-01T10:20Z').map(([kind]) => kind)).toEqual(['etsy.listings', 'etsy.orders']);
  });

  it('a backfill task of the entity still running does not hold its sync back', async () => {
    await db().insertInto('job_tasks').values({
      tenant_id: 'acme', platform: 'etsy', connection_id: shop.connectionId, kind: 'etsy.listings', dedupe_key: 'acme:etsy:listings:shop-1:backfill:2026-03-01:2026-04-01',
      payload: '{}', status: 'running', priority: 10, run_after: '2026-04-01 00:00:00.000', attempts: 0, max_attempts: 5, lease_token: null, lease_expires_at: null, last_error: null, job_id: null, checkpoint: null, pause_reason: null,
      created_at: '2026-04-01 00:00:00.000', updated_at: '2026-04-01 00:00:00.000',
    }).execute();
    expect(await runScheduledSyncs(runtime, 'sync')).toEqual({ connections: 2, enqueued: 4 });
  });
});
