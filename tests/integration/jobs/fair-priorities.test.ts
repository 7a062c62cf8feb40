import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import { createJobWithTasks, requeuedFairPriority, type EnqueueOptions } from '../../../lib/jobs/backfill-jobs.repository.js';
import { classOf, levelOf } from '../../../lib/jobs/fair-queue.js';
import { detectClaimStrategy, type ClaimStrategy } from '../../../lib/queue/claim-strategy.js';
import { cancelJobTasks, claimTasks, completeTasks, failTask, reclaimExpiredLeases } from '../../../lib/queue/repository/index.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const t0 = new Date('2026-11-29T10:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
/** History (YouTube's BACKFILL_PRIORITY) and freshness (SYNC_PRIORITY): the planners' classes. */
const BACKFILL = 10;
const SYNC = 0;

// The fair priorities createJobWithTasks stores (lib/jobs/fair-queue.ts): which level each path
// into the queue gives a task — new, joined, re-run, revived, taken over — read back as
// [class, level] per dedupe key.
describeEachEngine('fair priorities of enqueued tasks', (engine) => {
  let database: TestDatabase;
  let strategy: ClaimStrategy;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    strategy = await detectClaimStrategy(database.db);
  });
  afterAll(() => database?.drop());
  beforeEach(async () => {
    await database.db.deleteFrom('job_tasks').execute();
    await database.db.deleteFrom('backfill_jobs').execute();
  });

  /** A job of `tenant` on its account `account` with these task keys (prefixed by the tenant). */
  function create(tenant: string, account: string, keys: string[], options: Partial<EnqueueOptions> & { priority?: number; now?: Date; platform?: string } = {}) {
    const type = options.priority === SYNC ? 'sync' : 'data-collection';
    const platform = options.platform ?? 'test';
    const spec = { type, tenantId: tenant, platform, connectionId: null, scope: `${tenant}:${platform}:${account}:${type}`, config: {} };
    const tasks = keys.map((key) => ({ tenantId: tenant, platform, kind: `${platform}.noop`, dedupeKey: `${tenant}:${key}`, payload: {}, priority: options.priority ?? BACKFILL }));
    return inTransaction(database.db, (trx) => createJobWithTasks(trx, spec, tasks, { rerun: options.rerun ?? false, reviveCancelled: options.reviveCancelled ?? false, whenActive: 'join' }, options.now ?? t0));
  }

  /** [class, level] of each task, by dedupe key. */
  async function levels(): Promise<Record<string, [number, number]>> {
    const rows = await database.db.selectFrom('job_tasks').select(['dedupe_key', 'priority']).execute();
    return Object.fromEntries(rows.map((row) => [row.dedupe_key, [classOf(Number(row.priority)), levelOf(Number(row.priority))]]));
  }

  /** Claims `count` tasks in the claim's order (they are running after this); `finish` completes them. */
  async function claim(count: number, options: { finish?: boolean; now?: Date } = {}) {
    const batch = await claimTasks(database.db, strategy, { batchSize: count, leaseMs: 60_000, now: options.now ?? t0 });
    if (options.finish) await completeTasks(database.db, batch.leaseToken, batch.tasks.map((task) => task.id), options.now ?? t0);
    return batch;
  }

  describe('the front is per platform', () => {
    it("another platform's ready tasks do not push a newcomer behind this platform's waiting ones", async () => {
      // big's backfill waits for a reset at levels 0–3; another platform has ready work at levels 0–5.
      await create('big', 'one', ['a', 'b', 'c', 'd']);
      await database.db.updateTable('job_tasks').set({ run_after: '2026-11-30 08:00:00.000' }).execute();
      await create('other', 'one', ['p', 'q', 'r', 's', 't', 'u'], { platform: 'elsewhere' });
      await claim(3, { finish: true });
      // small joins this platform's queue at its front (big's first waiting task), not at the other platform's level 3.
      await create('small', 'one', ['a']);
      expect((await levels())['small:a']).toEqual([BACKFILL, 0]);
    });
  });

  describe('new tasks', () => {
    it("start at the queue's front, one level each, so tenants interleave; a tenant's next job continues after its last task", async () => {
      await create('big', 'one', ['a', 'b', 'c', 'd']);
      await create('small', 'one', ['a', 'b']);
      await create('big', 'two', ['e', 'f']);
      expect(await levels()).toEqual({
        'big:a': [BACKFILL, 0],
        'big:b': [BACKFILL, 1],
        'big:c': [BACKFILL, 2],
        'big:d': [BACKFILL, 3],
        'small:a': [BACKFILL, 0],
        'small:b': [BACKFILL, 1],
        'big:e': [BACKFILL, 4],
        'big:f': [BACKFILL, 5],
      });
    });

    it("a tenant whose id extends another's (its scopes sort among the other's) is a tenant of its own", async () => {
      await create('acme:eu', 'one', ['a', 'b', 'c']);
      await create('acme', 'one', ['a']);
      expect((await levels())['acme:a']).toEqual([BACKFILL, 0]);
    });

    it('joining a live job continues after its queued tasks', async () => {
      await create('acme', 'one', ['a', 'b']);
      await create('acme', 'one', ['c']);
      expect((await levels())['acme:c']).toEqual([BACKFILL, 2]);
    });

    it('are levelled within their own class: a sync starts at its class\'s front, not behind the backfills', async () => {
      await create('big', 'one', ['a', 'b', 'c']);
      await create('big', 'one', ['sync'], { priority: SYNC });
      await create('other', 'one', ['sync'], { priority: SYNC });
      const stored = await levels();
      expect([stored['big:sync'], stored['other:sync']]).toEqual([
        [SYNC, 0],
        [SYNC, 0],
      ]);
    });

    it('keys that already exist take no level: the one new task of a re-plan starts at the front', async () => {
      await create('big', 'one', ['a', 'b', 'c', 'd', 'e', 'f']);
      await create('small', 'one', ['a', 'b', 'c', 'd']);
      await claim(4, { finish: true }); // big a, small a, big b, small b
      await claim(2, { finish: true }); // big c, small c
      await create('small', 'one', ['a', 'b', 'c', 'd', 'e']);
      // small d (level 3) is still queued: e continues after it, not at 3 + the four existing keys.
      expect((await levels())['small:e']).toEqual([BACKFILL, 4]);
    });
  });

  describe("the queue's front", () => {
    it('a tenant arriving after claims starts where the claims are, not at 0 nor behind everyone', async () => {
      await create('big', 'one', ['a', 'b', 'c', 'd', 'e', 'f']);
      await claim(3, { finish: true });
      await create('late', 'one', ['a', 'b']);
      expect(await levels()).toMatchObject({ 'late:a': [BACKFILL, 3], 'late:b': [BACKFILL, 4] });
    });

    it('is the next ready task: one backing off at a lower level does not pull newcomers back', async () => {
      await create('big', 'one', ['a', 'b', 'c', 'd', 'e', 'f']);
      const first = await claim(1);
      await failTask(database.db, { id: first.tasks[0]!.id, leaseToken: first.leaseToken }, { action: 'reschedule', runAfter: at(3_600_000), reason: '429' }, t0);
      await claim(2, { finish: true });
      await create('late', 'one', ['a']);
      // big:a waits at level 0 until an hour from now; the next claim takes big:d (level 3).
      expect((await levels())['late:a']).toEqual([BACKFILL, 3]);
    });

    it('when every queued task waits, it is the first of them; when none is queued, the last claimed', async () => {
      await create('big', 'one', ['a', 'b', 'c']);
      const claimed = await claim(3);
      for (const task of claimed.tasks.slice(0, 2)) await completeTasks(database.db, claimed.leaseToken, [task.id], t0);
      // big:c (level 2) is running, nothing is queued.
      await create('next', 'one', ['a']);
      expect((await levels())['next:a']).toEqual([BACKFILL, 2]);
      const next = await claim(1);
      await failTask(database.db, { id: next.tasks[0]!.id, leaseToken: next.leaseToken }, { action: 'retry', runAfter: at(60_000), reason: 'timeout' }, t0);
      // next:a waits for its retry at level 2, and nothing else is queued.
      await create('third', 'one', ['a']);
      expect((await levels())['third:a']).toEqual([BACKFILL, 2]);
    });

    it('is 0 again once the class has nothing queued or running', async () => {
      await create('big', 'one', ['a', 'b', 'c']);
      await claim(3, { finish: true });
      await create('fresh', 'one', ['a']);
      expect((await levels())['fresh:a']).toEqual([BACKFILL, 0]);
    });
  });

  describe('tasks queued again', () => {
    it("a forced re-run gives finished tasks fresh levels after the tenant's new ones, in planned order; queued ones keep theirs", async () => {
      await create('acme', 'one', ['a', 'b', 'c', 'd']);
      await create('other', 'one', ['a', 'b', 'c', 'd', 'e', 'f']);
      await claim(4, { finish: true }); // acme a, other a, acme b, other b
      await create('acme', 'one', ['b', 'a', 'c', 'new'], { rerun: true });
      expect(await levels()).toMatchObject({
        'acme:c': [BACKFILL, 2],
        'acme:d': [BACKFILL, 3],
        'acme:new': [BACKFILL, 4],
        'acme:b': [BACKFILL, 5],
        'acme:a': [BACKFILL, 6],
      });
    });

    it('revived cancelled tasks get fresh levels at the front', async () => {
      const cancelled = await create('acme', 'one', ['a', 'b']);
      await create('other', 'one', ['a', 'b', 'c', 'd', 'e']);
      await cancelJobTasks(database.db, cancelled.jobId!, t0);
      await database.db.updateTable('backfill_jobs').set({ status: 'cancelled' }).where('id', '=', cancelled.jobId!).execute();
      await claim(2, { finish: true }); // other a, b
      await create('acme', 'one', ['a', 'b'], { reviveCancelled: true });
      expect(await levels()).toMatchObject({ 'acme:a': [BACKFILL, 2], 'acme:b': [BACKFILL, 3] });
    });

    it("a task whose worker was lost is re-queued as new work, behind its tenant's unfinished tasks; one that failed or was rate-limited keeps its level", async () => {
      await create('acme', 'one', ['a', 'b', 'c', 'd']);
      await create('other', 'one', ['a', 'b', 'c', 'd', 'e', 'f']);
      const batch = await claim(4); // acme a, other a, acme b, other b
      const [lost, , failed, limited] = batch.tasks;
      await failTask(database.db, { id: failed!.id, leaseToken: batch.leaseToken }, { action: 'retry', runAfter: at(1_000), reason: 'timeout' }, t0);
      await failTask(database.db, { id: limited!.id, leaseToken: batch.leaseToken }, { action: 'reschedule', runAfter: at(1_000), reason: '429' }, t0);
      await completeTasks(database.db, batch.leaseToken, [batch.tasks[1]!.id], t0);
      const later = at(120_000);
      expect(await reclaimExpiredLeases(database.db, later, () => 0, (task) => requeuedFairPriority(database.db, task, later))).toMatchObject({ requeued: 1, dead: 0 });
      expect(lost!.dedupeKey).toBe('acme:a');
      // acme's last unfinished task is d (level 3): a follows it.
      expect(await levels()).toMatchObject({ 'acme:a': [BACKFILL, 4], 'acme:b': [BACKFILL, 1], 'other:b': [BACKFILL, 1], 'other:c': [BACKFILL, 2] });
    });

    it("a stale job's unfinished tasks keep their levels in the job that takes it over", async () => {
      await create('other', 'one', ['a', 'b', 'c', 'd', 'e', 'f']);
      const stale = await create('acme', 'one', ['a', 'b']);
      await claim(2, { finish: true }); // other a, acme a
      // other b, acme b: the one finishes, the other waits a minute (a 429) — due again long
      // before the job is stale (a job whose task still waits for its time is not stale).
      const second = await claim(2);
      await completeTasks(database.db, second.leaseToken, [second.tasks[0]!.id], t0);
      await failTask(database.db, { id: second.tasks[1]!.id, leaseToken: second.leaseToken }, { action: 'reschedule', runAfter: at(60_000), reason: '429' }, t0);
      await claim(1, { finish: true }); // other c
      const taken = await create('acme', 'one', ['a', 'b', 'c'], { now: at(11 * 60_000) });
      expect(taken.superseded).toBe(stale.jobId);
      // acme:b keeps level 1 under the new job, and is the front (the next ready task); acme:c follows it.
      expect(await levels()).toMatchObject({ 'acme:b': [BACKFILL, 1], 'acme:c': [BACKFILL, 2] });
    });
  });
});
