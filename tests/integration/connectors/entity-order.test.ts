import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { toDbTime } from '../../../db/values.js';
import type { ConnectorTaskContext, TaskDeps } from '../../../lib/connectors/connector.js';
import { inEntityOrder, PREDECESSOR_POLL_MS, releaseNextTask } from '../../../lib/connectors/sync/entity-order.js';
import { NotReadyError } from '../../../lib/errors.js';
import { enqueueTasks, toTask, type Task } from '../../../lib/queue/repository/index.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const now = new Date('2026-11-29T12:00:00.000Z');
const payload = (entity: string, after: string | null, next: string | null) => ({ entity, mode: 'backfill', since: null, until: now.toISOString(), after, next, full: false });

// A commerce connection's entities run one at a time, in order (lib/connectors/sync/entity-order.ts):
// against real databases, the wrapper's wait, its look-again time, and the release by the one before.
describeEachEngine('commerce entity order', (engine) => {
  let database: TestDatabase;
  let ran: string[];
  const deps = () => ({ db: database.db, clock: { now: () => now } }) as unknown as TaskDeps<unknown, unknown>;
  const handler = () => inEntityOrder<unknown, unknown>(() => async (task) => void ran.push(task.dedupeKey))(deps());
  const load = async (key: string): Promise<Task> => toTask(await database.db.selectFrom('job_tasks').selectAll().where('dedupe_key', '=', key).executeTakeFirstOrThrow());
  const setStatus = (key: string, status: 'running' | 'succeeded' | 'dead' | 'cancelled' | 'paused') => database.db.updateTable('job_tasks').set({ status }).where('dedupe_key', '=', key).execute();

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    ran = [];
    await database.db.deleteFrom('job_tasks').execute();
    await enqueueTasks(
      database.db,
      [
        { tenantId: 't', platform: 'etsy', kind: 'etsy.orders', dedupeKey: 'k:orders', payload: payload('orders', null, 'k:listings') },
        { tenantId: 't', platform: 'etsy', kind: 'etsy.listings', dedupeKey: 'k:listings', payload: payload('listings', 'k:orders', null) },
      ],
      now,
    );
  });

  it.each(['queued', 'running', 'paused'] as const)('a successor whose predecessor is %s waits, spending no attempt, and looks again after the poll interval', async (status) => {
    if (status !== 'queued') await setStatus('k:orders', status);
    const error = await handler()(await load('k:listings'), {} as ConnectorTaskContext).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotReadyError);
    expect((error as NotReadyError).retryAt).toEqual(new Date(now.getTime() + PREDECESSOR_POLL_MS));
    expect(ran).toEqual([]);
  });

  it.each(['succeeded', 'dead', 'cancelled'] as const)('a successor runs once its predecessor is %s (one entity failing never blocks the next)', async (status) => {
    await setStatus('k:orders', status);
    await handler()(await load('k:listings'), {} as ConnectorTaskContext);
    expect(ran).toEqual(['k:listings']);
  });

  it('the first entity runs at once; ending it releases the one waiting for it, and only a queued one waiting in the future', async () => {
    await handler()(await load('k:orders'), {} as ConnectorTaskContext);
    expect(ran).toEqual(['k:orders']);
    const later = toDbTime(new Date(now.getTime() + PREDECESSOR_POLL_MS));
    await database.db.updateTable('job_tasks').set({ run_after: later }).where('dedupe_key', '=', 'k:listings').execute();
    await releaseNextTask(database.db, await load('k:orders'), now);
    const released = await database.db.selectFrom('job_tasks').select(sql<string>`run_after`.as('run_after')).where('dedupe_key', '=', 'k:listings').executeTakeFirstOrThrow();
    expect(String(released.run_after).slice(0, 23).replace('T', ' ')).toBe(toDbTime(now));
    // A task that already ran is not touched.
    await setStatus('k:listings', 'succeeded');
    await database.db.updateTable('job_tasks').set({ run_after: later }).where('dedupe_key', '=', 'k:listings').execute();
    await releaseNextTask(database.db, await load('k:orders'), now);
    const untouched = await database.db.selectFrom('job_tasks').select(sql<string>`run_after`.as('run_after')).where('dedupe_key', '=', 'k:listings').executeTakeFirstOrThrow();
    expect(String(untouched.run_after).slice(0, 23).replace('T', ' ')).toBe(later);
  });
});
