import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { inTransaction } from '../../../db/transaction.js';
import { LeaseLostError } from '../../../lib/errors.js';
import { detectClaimStrategy, type ClaimStrategy } from '../../../lib/queue/claim-strategy.js';
import {
  cancelJobTasks,
  claimTasks,
  completeTasks,
  countTasksByStatus,
  enqueueTasks,
  extendLease,
  failTask,
  reclaimExpiredLeases,
  releaseTasks,
  requeueTasks,
  pauseJobTasks,
  resumeJobTasks,
  resumePausedTasks,
  restartQueuedTasks,
  commitTaskStep,
  type NewTask,
} from '../../../lib/queue/repository/index.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const t0 = new Date('2026-11-22T10:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const task = (key: string, extra: Partial<NewTask> = {}): NewTask => ({ tenantId: 't1', platform: 'test', kind: 'noop', dedupeKey: key, payload: { key }, ...extra });

describeEachEngine('job_tasks repository', (engine) => {
  let database: TestDatabase;
  let strategies: ClaimStrategy[];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const detected = await detectClaimStrategy(database.db);
    strategies = engine === 'mysql' ? ['skip-locked', 'conditional-update'] : [detected];
    if (engine === 'mysql') expect(detected).toBe('skip-locked'); // MariaDB 10.11
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await database.db.deleteFrom('job_tasks').execute();
  });

  it("hands a task a person paused mid-run to no other worker before its first worker's lease would have expired", async () => {
    const { db } = database;
    await enqueueTasks(db, [task('running', { jobId: 9 }), task('waiting', { jobId: 9, runAfter: at(5_000) })], t0);
    const claimed = await claimTasks(db, strategies[0]!, { batchSize: 1, leaseMs: 60_000, now: t0 });
    expect(claimed.tasks.map((t) => t.dedupeKey)).toEqual(['running']);
    expect(await pauseJobTasks(db, 9, at(1_000))).toBe(2);
    // The first worker can commit nothing more, and cannot keep its lease alive.
    await expect(inTransaction(db, (trx) => commitTaskStep(trx, { id: claimed.tasks[0]!.id, leaseToken: claimed.leaseToken }, { step: 1 }, at(1_500)))).rejects.toBeInstanceOf(LeaseLostError);
    expect(await extendLease(db, claimed.leaseToken, [claimed.tasks[0]!.id], at(120_000), at(1_500))).toBe(0);
    // Resumed two seconds later: the running one waits for the minute its worker's lease had.
    expect(await resumeJobTasks(db, 9, at(2_000))).toBe(2);
    const rows = await db.selectFrom('job_tasks').select(['dedupe_key', 'status', 'run_after', 'lease_expires_at']).where('job_id', '=', 9).orderBy('dedupe_key').execute();
    expect(rows.map((r) => [r.dedupe_key, r.status, String(r.run_after).replace('T', ' ').slice(0, 23), r.lease_expires_at])).toEqual([
      ['running', 'queued', '2026-11-22 10:01:00.000', null],
      ['waiting', 'queued', '2026-11-22 10:00:02.000', null],
    ]);
    expect((await claimTasks(db, strategies[0]!, { batchSize: 5, leaseMs: 60_000, now: at(59_000) })).tasks.map((t) => t.dedupeKey)).toEqual(['waiting']);
    expect((await claimTasks(db, strategies[0]!, { batchSize: 5, leaseMs: 60_000, now: at(60_000) })).tasks.map((t) => t.dedupeKey)).toEqual(['running']);
  });

  it('enqueues in bulk and reports only new rows; duplicates are left untouched', async () => {
    const { db } = database;
    expect(await enqueueTasks(db, [task('a'), task('b'), task('c')], t0)).toEqual({ inserted: 3 });
    const before = await db.selectFrom('job_tasks').selectAll().where('dedupe_key', '=', 'a').executeTakeFirstOrThrow();
    expect(await enqueueTasks(db, [task('a', { payload: { changed: true } }), task('d')], at(1_000))).toEqual({ inserted: 1 });
    const after = await db.selectFrom('job_tasks').selectAll().where('dedupe_key', '=', 'a').executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect((await countTasksByStatus(db)).queued).toBe(4);
  });

  it('enqueues more rows than one statement holds, atomically', async () => {
    const many = Array.from({ length: 2_500 }, (_, i) => task(`k${i}`));
    expect(await enqueueTasks(database.db, many, t0)).toEqual({ inserted: 2_500 });
    expect(await enqueueTasks(database.db, many, t0)).toEqual({ inserted: 0 });
    // A bad row anywhere rolls back the whole enqueue: nothing half written.
    const bad = [...Array.from({ length: 1_500 }, (_, i) => task(`n${i}`)), task('bad', { kind: null as unknown as string })];
    await expect(enqueueTasks(database.db, bad, t0)).rejects.toThrow();
    expect((await countTasksByStatus(database.db)).queued).toBe(2_500);
  });

  it('claims in (priority, run_after, id) order, only ready tasks, and never the same task twice', async () => {
    for (const strategy of strategies) {
      await database.db.deleteFrom('job_tasks').execute();
      await enqueueTasks(database.db, [
        task('late', { runAfter: at(60_000) }),
        task('p5', { priority: 5 }),
        task('p0-second', { runAfter: at(-1_000) }),
        task('p0-first', { runAfter: at(-2_000) }),
      ], t0);
      const first = await claimTasks(database.db, strategy, { batchSize: 2, leaseMs: 30_000, now: t0 });
      expect(first.tasks.map((x) => x.dedupeKey)).toEqual(['p0-first', 'p0-second']);
      expect(first.tasks.every((x) => x.status === 'running' && x.attempts === 1 && x.leaseToken === first.leaseToken)).toBe(true);
      const second = await claimTasks(database.db, strategy, { batchSize: 10, leaseMs: 30_000, now: t0 });
      expect(second.tasks.map((x) => x.dedupeKey)).toEqual(['p5']);
      expect(second.leaseToken).not.toBe(first.leaseToken);
      expect((await claimTasks(database.db, strategy, { batchSize: 10, leaseMs: 30_000, now: t0 })).tasks).toEqual([]);
      const later = await claimTasks(database.db, strategy, { batchSize: 10, leaseMs: 30_000, now: at(60_000) });
      expect(later.tasks.map((x) => x.dedupeKey)).toEqual(['late']);
    }
  });

  it('completes only with the current lease token', async () => {
    const strategy = strategies[0]!;
    await enqueueTasks(database.db, [task('a'), task('b')], t0);
    const batch = await claimTasks(database.db, strategy, { batchSize: 2, leaseMs: 1_000, now: t0 });
    const ids = batch.tasks.map((x) => x.id);
    expect(await completeTasks(database.db, 'not-the-token', ids, t0)).toBe(0);
    expect(await completeTasks(database.db, batch.leaseToken, ids, t0)).toBe(2);
    expect(await completeTasks(database.db, batch.leaseToken, ids, t0)).toBe(0);
    expect((await countTasksByStatus(database.db)).succeeded).toBe(2);
  });

  it('expired leases are reclaimed; the late finish of the old worker is refused', async () => {
    const strategy = strategies[0]!;
    await enqueueTasks(database.db, [task('a', { maxAttempts: 2, jobId: 3 })], t0);
    const old = await claimTasks(database.db, strategy, { batchSize: 1, leaseMs: 1_000, now: t0 });
    expect(await reclaimExpiredLeases(database.db, at(500))).toEqual({ requeued: 0, dead: 0, jobIds: [] });
    expect(await reclaimExpiredLeases(database.db, at(1_001), () => 0.5)).toEqual({ requeued: 1, dead: 0, jobIds: [3] });
    // A reclaimed task waits a short jittered delay (5 s + 0.5 × 10 s here) before it is claimable again.
    expect((await claimTasks(database.db, strategy, { batchSize: 1, leaseMs: 1_000, now: at(11_000) })).tasks).toEqual([]);
    const fresh = await claimTasks(database.db, strategy, { batchSize: 1, leaseMs: 1_000, now: at(11_001) });
    expect(fresh.tasks[0]).toMatchObject({ dedupeKey: 'a', attempts: 2, lostLeases: 1 });
    expect(await completeTasks(database.db, old.leaseToken, [old.tasks[0]!.id], at(11_100))).toBe(0);
    // The second claim was the last attempt: when its lease expires too, the task is dead.
    expect(await reclaimExpiredLeases(database.db, at(15_000))).toEqual({ requeued: 0, dead: 1, jobIds: [3] });
    const row = await database.db.selectFrom('job_tasks').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('dead');
    expect(row.last_error).toMatch(/lease expired/);
  });

  it('a run that committed a step spends no attempt and resets the count of leases lost without progress', async () => {
    const strategy = strategies[0]!;
    await enqueueTasks(database.db, [task('s', { maxAttempts: 2 })], t0);
    const run = await claimTasks(database.db, strategy, { batchSize: 1, leaseMs: 1_000, now: t0 });
    const leased = { id: run.tasks[0]!.id, leaseToken: run.leaseToken };
    await inTransaction(database.db, (trx) => commitTaskStep(trx, leased, { through: 'day-1' }, at(100)));
    await inTransaction(database.db, (trx) => commitTaskStep(trx, leased, { through: 'day-2' }, at(200)));
    const row = async () => database.db.selectFrom('job_tasks').select(['attempts', 'run_steps', 'steps_done', 'lost_leases', 'checkpoint', 'status']).executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ attempts: 0, run_steps: 2, steps_done: 2, lost_leases: 0 });
    expect(JSON.parse((await row()).checkpoint!)).toEqual({ through: 'day-2' });
    // The worker dies after its steps: reclaimed with nothing spent, resuming from its checkpoint.
    expect(await reclaimExpiredLeases(database.db, at(1_001), () => 0)).toMatchObject({ requeued: 1, dead: 0 });
    const again = await claimTasks(database.db, strategy, { batchSize: 1, leaseMs: 1_000, now: at(6_001) });
    expect(again.tasks[0]).toMatchObject({ attempts: 1, checkpoint: { through: 'day-2' }, lostLeases: 0 });
    // A step under a lease that moved on is refused, and the transaction's rows roll back with it.
    const stale = inTransaction(database.db, async (trx) => {
      await trx.insertInto('video_daily_metrics').values({ channel_id: 'UC1', video_id: 'v1', dt: '2026-11-20', tenant_id: 't', views: 1, estimated_minutes_watched: 1, average_view_duration: 1, likes: 0, comments: 0, shares: 0, subscribers_gained: 0, subscribers_lost: 0, updated_at: '2026-11-22 10:00:00.000' }).execute();
      await commitTaskStep(trx, leased, { through: 'day-3' }, at(6_100));
    });
    await expect(stale).rejects.toThrow(LeaseLostError);
    expect(JSON.parse((await row()).checkpoint!)).toEqual({ through: 'day-2' });
    expect(await database.db.selectFrom('video_daily_metrics').selectAll().execute()).toEqual([]);
  });

  it('a task that loses its worker three times in a row without a step is dead as poison', async () => {
    const strategy = strategies[0]!;
    await enqueueTasks(database.db, [task('p', { maxAttempts: 10 })], t0);
    let now = t0.getTime();
    for (let loss = 1; loss <= 3; loss++) {
      const claimed = await claimTasks(database.db, strategy, { batchSize: 1, leaseMs: 1_000, now: new Date(now) });
      expect(claimed.tasks).toHaveLength(1);
      now += 1_001;
      expect(await reclaimExpiredLeases(database.db, new Date(now), () => 0)).toMatchObject(loss < 3 ? { requeued: 1, dead: 0 } : { requeued: 0, dead: 1 });
      now += 5_000;
    }
    const row = await database.db.selectFrom('job_tasks').select(['status', 'last_error', 'lost_leases']).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'dead', lost_leases: 3 });
    expect(row.last_error).toMatch(/^poison: lost its worker 3 times in a row without committing a step/);
  });

  it('heartbeat keeps a lease alive past its original expiry', async () => {
    const strategy = strategies[0]!;
    await enqueueTasks(database.db, [task('a')], t0);
    const batch = await claimTasks(database.db, strategy, { batchSize: 1, leaseMs: 1_000, now: t0 });
    expect(await extendLease(database.db, batch.leaseToken, [batch.tasks[0]!.id], at(10_000), at(900))).toBe(1);
    expect(await reclaimExpiredLeases(database.db, at(5_000))).toEqual({ requeued: 0, dead: 0, jobIds: [] });
    expect(await extendLease(database.db, 'stale', [batch.tasks[0]!.id], at(20_000), at(900))).toBe(0);
  });

  it('retry keeps the attempt; reschedule, release and park give it back', async () => {
    const strategy = strategies[0]!;
    await enqueueTasks(database.db, [task('retry'), task('resched'), task('release'), task('park', { connectionId: 5 }), task('dead', { connectionId: 6 })], t0);
    const batch = await claimTasks(database.db, strategy, { batchSize: 5, leaseMs: 30_000, now: t0 });
    const byKey = new Map(batch.tasks.map((x) => [x.dedupeKey, { id: x.id, leaseToken: batch.leaseToken }]));
    expect(await failTask(database.db, byKey.get('retry')!, { action: 'retry', runAfter: at(5_000), reason: 'boom' }, t0)).toBe(true);
    expect(await failTask(database.db, byKey.get('resched')!, { action: 'reschedule', runAfter: at(9_000), reason: '429' }, t0)).toBe(true);
    expect(await releaseTasks(database.db, batch.leaseToken, [byKey.get('release')!.id], t0)).toBe(1);
    expect(await failTask(database.db, byKey.get('park')!, { action: 'park', reason: 'needs_reauth', pauseReason: 'reauth' }, t0)).toBe(true);
    expect(await failTask(database.db, byKey.get('dead')!, { action: 'dead', reason: '400' }, t0)).toBe(true);
    expect(await failTask(database.db, byKey.get('dead')!, { action: 'retry', runAfter: t0, reason: 'again' }, t0)).toBe(false);
    const rows = await database.db.selectFrom('job_tasks').select(['dedupe_key', 'status', 'attempts', 'run_after', 'last_error', 'lease_token']).orderBy('dedupe_key').execute();
    expect(rows.map((r) => [r.dedupe_key, r.status, r.attempts, r.last_error, r.lease_token])).toEqual([
      ['dead', 'dead', 1, '400', null],
      ['park', 'paused', 0, 'needs_reauth', null],
      ['release', 'queued', 0, null, null],
      ['resched', 'queued', 0, '429', null],
      ['retry', 'queued', 1, 'boom', null],
    ]);
    expect(rows.find((r) => r.dedupe_key === 'resched')!.run_after).toBe('2026-11-22 10:00:09.000');
    // Paused tasks are not claimable until their connection resumes them.
    const next = await claimTasks(database.db, strategy, { batchSize: 10, leaseMs: 30_000, now: at(10_000) });
    expect(next.tasks.map((x) => x.dedupeKey).sort()).toEqual(['release', 'resched', 'retry']);
    expect(await resumePausedTasks(database.db, 6, at(10_000))).toBe(0); // another connection's task is dead, not paused
    expect(await resumePausedTasks(database.db, 5, at(10_000))).toBe(1);
    expect(await resumePausedTasks(database.db, 5, at(10_000))).toBe(0);
  });

  it('cancels every unfinished task of a job and refuses the running one its finish', async () => {
    const strategy = strategies[0]!;
    await enqueueTasks(database.db, [task('j1', { jobId: 7 }), task('j2', { jobId: 7 }), task('j3', { jobId: 7 }), task('other', { jobId: 8 })], t0);
    const batch = await claimTasks(database.db, strategy, { batchSize: 1, leaseMs: 30_000, now: t0 });
    await completeTasks(database.db, batch.leaseToken, [batch.tasks[0]!.id], t0);
    const running = await claimTasks(database.db, strategy, { batchSize: 1, leaseMs: 30_000, now: t0 });
    expect(await cancelJobTasks(database.db, 7, t0)).toBe(2);
    expect(await completeTasks(database.db, running.leaseToken, [running.tasks[0]!.id], t0)).toBe(0);
    expect(await countTasksByStatus(database.db, { jobId: 7 })).toMatchObject({ succeeded: 1, cancelled: 2, queued: 0, running: 0 });
    expect(await countTasksByStatus(database.db, { jobId: 8 })).toMatchObject({ queued: 1 });
  });

  it('re-queues finished tasks by key with a fresh attempt budget, leaving unfinished ones alone', async () => {
    const strategy = strategies[0]!;
    await enqueueTasks(database.db, [task('done'), task('waiting')], t0);
    const batch = await claimTasks(database.db, strategy, { batchSize: 1, leaseMs: 30_000, now: t0 });
    await completeTasks(database.db, batch.leaseToken, [batch.tasks[0]!.id], t0);
    expect(await requeueTasks(database.db, ['done', 'waiting'], { from: ['succeeded'], jobId: 42 }, at(1_000))).toBe(1);
    const done = await database.db.selectFrom('job_tasks').selectAll().where('dedupe_key', '=', 'done').executeTakeFirstOrThrow();
    expect(done).toMatchObject({ status: 'queued', attempts: 0, job_id: 42 });
  });

  it('a forced re-run restarts queued tasks from their first step, under the forcing job', async () => {
    const strategy = strategies[0]!;
    await enqueueTasks(database.db, [task('partial', { jobId: 1 })], t0);
    const run = await claimTasks(database.db, strategy, { batchSize: 1, leaseMs: 30_000, now: t0 });
    await inTransaction(database.db, (trx) => commitTaskStep(trx, { id: run.tasks[0]!.id, leaseToken: run.leaseToken }, { through: 'd3' }, t0));
    await failTask(database.db, { id: run.tasks[0]!.id, leaseToken: run.leaseToken }, { action: 'reschedule', runAfter: at(1_000), reason: 'deadline' }, t0, { progressed: true });
    expect(await restartQueuedTasks(database.db, ['partial', 'absent'], 9, at(2_000))).toBe(1);
    expect(await database.db.selectFrom('job_tasks').select(['status', 'checkpoint', 'steps_done', 'job_id']).executeTakeFirstOrThrow()).toEqual({ status: 'queued', checkpoint: null, steps_done: 0, job_id: 9 });
  });

  it('a step that does not move the checkpoint is no progress: re-committing one cursor cannot retry for free forever', async () => {
    const strategy = strategies[0]!;
    await enqueueTasks(database.db, [task('stuck', { maxAttempts: 2 })], t0);
    let now = t0.getTime();
    for (let run = 1; run <= 3; run++) {
      const claimed = await claimTasks(database.db, strategy, { batchSize: 1, leaseMs: 30_000, now: new Date(now) });
      if (claimed.tasks.length === 0) break;
      const leased = { id: claimed.tasks[0]!.id, leaseToken: claimed.leaseToken };
      await inTransaction(database.db, (trx) => commitTaskStep(trx, leased, { cursor: 'same' }, new Date(now)));
      const attempts = Number((await database.db.selectFrom('job_tasks').select('attempts').executeTakeFirstOrThrow()).attempts);
      await failTask(database.db, leased, attempts >= 2 ? { action: 'dead', reason: 'gave up' } : { action: 'retry', runAfter: new Date(now + 1), reason: '503' }, new Date(now), { progressed: true });
      now += 10;
    }
    // Run 1 moved the cursor (its attempt given back); runs 2 and 3 did not, and spent theirs.
    expect(await database.db.selectFrom('job_tasks').select(['status', 'attempts']).executeTakeFirstOrThrow()).toEqual({ status: 'dead', attempts: 2 });
  });

  it('a run that ends without losing its worker starts the count of lost leases again', async () => {
    const strategy = strategies[0]!;
    await enqueueTasks(database.db, [task('flaky', { maxAttempts: 10 })], t0);
    let now = t0.getTime();
    for (const ending of ['lost', 'error', 'lost', 'error', 'lost'] as const) {
      const claimed = await claimTasks(database.db, strategy, { batchSize: 1, leaseMs: 1_000, now: new Date(now) });
      expect(claimed.tasks).toHaveLength(1);
      if (ending === 'error') await failTask(database.db, { id: claimed.tasks[0]!.id, leaseToken: claimed.leaseToken }, { action: 'retry', runAfter: new Date(now + 1), reason: '503' }, new Date(now));
      else await reclaimExpiredLeases(database.db, new Date(now + 1_001), () => 0);
      now += 20_000;
    }
    expect(await database.db.selectFrom('job_tasks').select(['status', 'lost_leases']).executeTakeFirstOrThrow()).toEqual({ status: 'queued', lost_leases: 1 });
  });

  it('claims only the platforms asked for, with every strategy: a disabled connector\'s tasks wait untouched', async () => {
    for (const strategy of strategies) {
      await database.db.deleteFrom('job_tasks').execute();
      await enqueueTasks(database.db, [task('on1'), task('off1', { platform: 'disabled' }), task('on2')], t0);
      const batch = await claimTasks(database.db, strategy, { batchSize: 10, leaseMs: 30_000, now: t0, platforms: ['test'] });
      expect(batch.tasks.map((x) => x.dedupeKey).sort()).toEqual(['on1', 'on2']);
      expect((await claimTasks(database.db, strategy, { batchSize: 10, leaseMs: 30_000, now: t0, platforms: [] })).tasks).toEqual([]);
      const waiting = await database.db.selectFrom('job_tasks').select(['status', 'attempts']).where('dedupe_key', '=', 'off1').executeTakeFirstOrThrow();
      expect(waiting).toEqual({ status: 'queued', attempts: 0 });
    }
  });

  it('stores timestamps with milliseconds', async () => {
    await enqueueTasks(database.db, [task('ms', { runAfter: new Date('2026-11-22T10:00:00.123Z') })], t0);
    const { rows } = await sql<{ run_after: string }>`select run_after from job_tasks`.execute(database.db);
    expect(rows[0]!.run_after).toBe('2026-11-22 10:00:00.123');
  });
});
