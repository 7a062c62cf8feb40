import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONTENDED_CLAIM_RETRIES, CONTENDED_CLAIM_WAIT_MS, claimTasks, enqueueTasks } from '../../../lib/queue/repository/index.js';
import { testEnv } from '../../support/test-env.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// A SKIP LOCKED claim skips every row another transaction holds, even for a moment: a lane
// claiming other platforms locks each ready row its scan reads before the platform filter
// rejects it. Taking "no row" for "nothing ready" ended a dispatcher lane with its platform's
// ready tasks undone (rate-limit-dispatch.test.ts failed so, under load, with the job `pending`).
const describeMysql = testEnv.engines.includes('mysql') ? describe : describe.skip;
const now = new Date('2026-11-30T10:00:00.000Z');
const claim = () => claimTasks(database.db, 'skip-locked', { batchSize: 1, leaseMs: 60_000, now, platforms: ['test'] });
let database: TestDatabase;

/** Holds a row lock on task `id` in another connection's transaction until `release` is called. */
async function holdRow(id: number): Promise<{ release(): void; done: Promise<void> }> {
  const locked = Promise.withResolvers<void>();
  const released = Promise.withResolvers<void>();
  const done = database.db.transaction().execute(async (trx) => {
    await trx.selectFrom('job_tasks').select('id').where('id', '=', id).forUpdate().execute();
    locked.resolve();
    await released.promise;
  });
  done.catch((error: unknown) => locked.reject(error));
  await locked.promise;
  return { release: () => released.resolve(), done };
}

describeMysql('a SKIP LOCKED claim under contention [mysql]', () => {
  beforeAll(async () => {
    database = await createTestDatabase('mysql', { connectionLimit: 3 });
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await database.db.deleteFrom('job_tasks').execute();
    await enqueueTasks(database.db, [{ tenantId: 't1', platform: 'test', kind: 'noop', dedupeKey: 'ready', payload: {} }], now);
  });

  const readyId = async () => Number((await database.db.selectFrom('job_tasks').select('id').executeTakeFirstOrThrow()).id);

  it('takes a ready row another transaction held for a moment, instead of reporting nothing ready', async () => {
    const hold = await holdRow(await readyId());
    const claimed = claim();
    await sleep(3 * CONTENDED_CLAIM_WAIT_MS);
    hold.release();
    await hold.done;
    const batch = await claimed;
    expect(batch.tasks.map((task) => task.dedupeKey)).toEqual(['ready']);
  });

  it('gives up after its retries while the row stays held, and the next claim takes it', async () => {
    const hold = await holdRow(await readyId());
    try {
      const started = Date.now();
      expect((await claim()).tasks).toEqual([]);
      // It did wait (the retries ran), and not for long.
      expect(Date.now() - started).toBeGreaterThanOrEqual(CONTENDED_CLAIM_RETRIES * CONTENDED_CLAIM_WAIT_MS - 5);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      hold.release();
      await hold.done;
    }
    expect((await claim()).tasks.map((task) => task.dedupeKey)).toEqual(['ready']);
  });
});
