import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import { fromDbJson } from '../../../db/values.js';
import { DeadlineReachedError, LeaseLostError, ReauthRequiredError, RetryableError } from '../../../lib/errors.js';
import { createJobWithTasks, refreshJobProgress } from '../../../lib/jobs/backfill-jobs.repository.js';
import { detectClaimStrategy, type ClaimStrategy } from '../../../lib/queue/claim-strategy.js';
import { drainQueue, type TaskContext } from '../../../lib/queue/drain-queue.js';
import { countTasksByStatus, enqueueTasks, reclaimExpiredLeases, type NewTask } from '../../../lib/queue/repository/index.js';
import { systemClock, type Clock } from '../../../lib/shared/clock.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const t0 = new Date('2026-11-22T10:00:00.000Z');
const task = (key: string): NewTask => ({ tenantId: 't', platform: 'test', kind: 'noop', dedupeKey: key, payload: {} });
/** A clock the test moves by hand. */
const manualClock = (start: Date): Clock & { advance(ms: number): void } => {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
};

describeEachEngine('drainQueue', (engine) => {
  let database: TestDatabase;
  let strategy: ClaimStrategy;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    strategy = await detectClaimStrategy(database.db);
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await database.db.deleteFrom('job_tasks').execute();
    await database.db.deleteFrom('backfill_jobs').execute();
  });

  it('starts nothing after the deadline: unstarted claimed tasks are released with their attempt back', async () => {
    await enqueueTasks(database.db, ['a', 'b', 'c'].map(task), t0);
    const clock = manualClock(t0);
    const ran: string[] = [];
    const summary = await drainQueue({
      db: database.db, strategy, clock, deadline: new Date(t0.getTime() + 1_000), batchSize: 3, concurrency: 1, leaseMs: 60_000,
      handle: async (t) => {
        ran.push(t.dedupeKey);
        clock.advance(1_000); // the first task uses up the invocation's time
      },
    });
    expect(ran).toEqual(['a']);
    expect(summary).toMatchObject({ claimed: 3, succeeded: 1, released: 2 });
    const rows = await database.db.selectFrom('job_tasks').select(['dedupe_key', 'status', 'attempts']).orderBy('dedupe_key').execute();
    expect(rows).toEqual([
      { dedupe_key: 'a', status: 'succeeded', attempts: 1 },
      { dedupe_key: 'b', status: 'queued', attempts: 0 },
      { dedupe_key: 'c', status: 'queued', attempts: 0 },
    ]);
  });

  it('a task that runs out of time is rescheduled at once without spending an attempt', async () => {
    await enqueueTasks(database.db, [task('slow')], t0);
    const clock = manualClock(t0);
    const summary = await drainQueue({
      db: database.db, strategy, clock, deadline: new Date(t0.getTime() + 1_000), batchSize: 1, concurrency: 1, leaseMs: 60_000,
      handle: async () => {
        clock.advance(1_000); // handlers throw this only once the deadline has passed
        throw new DeadlineReachedError('deadline reached before 2026-11-20');
      },
    });
    expect(summary).toMatchObject({ claimed: 1, rescheduled: 1, retried: 0 });
    const row = await database.db.selectFrom('job_tasks').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'queued', attempts: 0, run_after: '2026-11-22 10:00:01.000' });
  });

  it('reports lease-lost when the lease expired and another worker took the task', async () => {
    await enqueueTasks(database.db, [task('stalled')], t0);
    const clock = manualClock(t0);
    const outcomes: string[] = [];
    const summary = await drainQueue({
      db: database.db, strategy, clock, deadline: new Date(t0.getTime() + 5_000), batchSize: 1, concurrency: 1, leaseMs: 1_000,
      onTaskDone: (_t, outcome) => outcomes.push(outcome),
      handle: async () => {
        clock.advance(5_000); // the worker stalls past its lease (no heartbeat fires on this clock)…
        await reclaimExpiredLeases(database.db, clock.now()); // …and a dispatcher reclaims it
      },
    });
    expect(summary).toMatchObject({ claimed: 1, succeeded: 0, leaseLost: 1 });
    expect(outcomes).toEqual(['lease-lost']);
    // The reclaimed task waits for its next claim; the stale success changed nothing.
    expect(await countTasksByStatus(database.db)).toMatchObject({ queued: 1, succeeded: 0 });
  });

  it('commits steps with their checkpoint; a failing run that progressed spends no attempt and resumes after its last step', async () => {
    await enqueueTasks(database.db, [task('steps')], t0);
    const seen: unknown[] = [];
    const handle = (failAfter: number | null) => async (_task: unknown, context: TaskContext) => {
      seen.push(context.checkpoint);
      const from = ((context.checkpoint as { step?: number } | null)?.step ?? 0) + 1;
      for (let step = from; step <= 4; step++) {
        if (failAfter !== null && step > failAfter) throw new RetryableError(`step ${step} failed`);
        await context.commitStep(async (trx) => {
          await trx.updateTable('job_tasks').set({ last_error: `wrote ${step}` }).where('dedupe_key', '=', 'steps').execute();
        }, { step });
      }
    };
    const run = (failAfter: number | null, now: Date) =>
      drainQueue({ db: database.db, strategy, clock: manualClock(now), deadline: new Date(now.getTime() + 60_000), batchSize: 1, concurrency: 1, leaseMs: 60_000, handle: handle(failAfter), random: () => 0 });
    expect(await run(2, t0)).toMatchObject({ retried: 1 });
    const afterFirst = await database.db.selectFrom('job_tasks').selectAll().executeTakeFirstOrThrow();
    expect(afterFirst).toMatchObject({ status: 'queued', attempts: 0, steps_done: 2 });
    expect(fromDbJson(afterFirst.checkpoint)).toEqual({ step: 2 });
    expect(await run(null, new Date(t0.getTime() + 3_600_000))).toMatchObject({ succeeded: 1 });
    expect(seen).toEqual([null, { step: 2 }]);
    expect(await database.db.selectFrom('job_tasks').select(['status', 'steps_done']).executeTakeFirstOrThrow()).toEqual({ status: 'succeeded', steps_done: 4 });
  });

  it.each([
    ['the deadline', () => new DeadlineReachedError('out of time'), 'reschedule'],
    ['a transient error', () => new RetryableError('503'), 'retry'],
    ['lost authorization', () => new ReauthRequiredError('invalid_grant'), 'park'],
  ] as const)('a run that committed a step and then meets %s has spent no attempt, and gives none back twice', async (_, failure, outcome) => {
    await enqueueTasks(database.db, [task('progressed')], t0);
    const outcomes: string[] = [];
    const clock = manualClock(t0);
    await drainQueue({
      db: database.db, strategy, clock, deadline: new Date(t0.getTime() + 60_000), batchSize: 1, concurrency: 1, leaseMs: 60_000, random: () => 0,
      onTaskDone: (_task, result) => outcomes.push(result),
      handle: async (_task, context) => {
        await context.commitStep(async () => {}, { step: 1 });
        clock.advance(60_000); // the invocation ends with this run: one outcome to look at
        throw failure();
      },
    });
    expect(outcomes).toEqual([outcome]);
    expect(await database.db.selectFrom('job_tasks').select(['attempts', 'steps_done']).executeTakeFirstOrThrow()).toEqual({ attempts: 0, steps_done: 1 });
  });

  it('a run that progressed is not killed by max_attempts: one attempt, a step, then a transient failure is a retry', async () => {
    await enqueueTasks(database.db, [{ ...task('last-chance'), maxAttempts: 1 }], t0);
    const outcomes: string[] = [];
    const clock = manualClock(t0);
    await drainQueue({
      db: database.db, strategy, clock, deadline: new Date(t0.getTime() + 60_000), batchSize: 1, concurrency: 1, leaseMs: 60_000, random: () => 0,
      onTaskDone: (_task, result) => outcomes.push(result),
      handle: async (_task, context) => {
        await context.commitStep(async () => {}, { step: 1 });
        throw new RetryableError('503');
      },
    });
    expect(outcomes).toEqual(['retry']);
    expect(await database.db.selectFrom('job_tasks').select(['status', 'attempts']).executeTakeFirstOrThrow()).toEqual({ status: 'queued', attempts: 0 });
  });

  it('a heartbeat that finds the lease taken aborts the run\'s signal, so it stops before its next call', async () => {
    await enqueueTasks(database.db, [task('stolen')], t0);
    let seen: unknown;
    const summary = await drainQueue({
      db: database.db, strategy, clock: systemClock, deadline: new Date(Date.now() + 30_000), batchSize: 1, concurrency: 1, leaseMs: 3_000,
      handle: async (claimed, context) => {
        // Another worker takes the task (as a reclaim would after the lease looked expired).
        await database.db.updateTable('job_tasks').set({ lease_token: 'another-worker' }).where('id', '=', claimed.id).execute();
        const until = Date.now() + 5_000;
        while (!context.signal.aborted && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
        seen = context.signal.reason;
        context.signal.throwIfAborted();
      },
    });
    expect(seen).toBeInstanceOf(LeaseLostError);
    expect(summary).toMatchObject({ leaseLost: 1, succeeded: 0 });
  });

  it('a step whose rows fail to write keeps no checkpoint: rows and checkpoint commit together or not at all', async () => {
    await enqueueTasks(database.db, [task('atomic')], t0);
    const summary = await drainQueue({
      db: database.db, strategy, clock: manualClock(t0), deadline: new Date(t0.getTime() + 60_000), batchSize: 1, concurrency: 1, leaseMs: 60_000, random: () => 0,
      handle: async (_task, context) => {
        await context.commitStep(async (trx) => {
          await trx.insertInto('video_daily_metrics').values({ channel_id: 'UC1', video_id: 'v1', dt: '2026-11-20', tenant_id: 't', views: 1, estimated_minutes_watched: 1, average_view_duration: 1, likes: 0, comments: 0, shares: 0, subscribers_gained: 0, subscribers_lost: 0, updated_at: '2026-11-22 10:00:00.000' }).execute();
          throw new RetryableError('the second write failed');
        }, { step: 1 });
      },
    });
    expect(summary).toMatchObject({ retried: 1 });
    const row = await database.db.selectFrom('job_tasks').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ checkpoint: null, steps_done: 0, attempts: 1, last_error: 'RetryableError: the second write failed' });
    expect(await database.db.selectFrom('video_daily_metrics').selectAll().execute()).toEqual([]); // the first write rolled back too
  });

  it('job progress refreshes concurrently on both engines without deadlock and stores the final state', async () => {
    const tasks = Array.from({ length: 12 }, (_, i) => task(`j${i}`));
    const { jobId } = await inTransaction(database.db, (trx) =>
      createJobWithTasks(trx, { type: 'test', tenantId: 't', platform: 'test', connectionId: null, scope: 's', config: {} }, tasks, { rerun: false, whenActive: 'reject' }, t0),
    );
    await drainQueue({ db: database.db, strategy, clock: manualClock(t0), deadline: new Date(t0.getTime() + 60_000), batchSize: 12, concurrency: 12, leaseMs: 60_000, handle: async () => {} });
    await Promise.all(Array.from({ length: 12 }, () => refreshJobProgress(database.db, jobId!, t0)));
    const job = await database.db.selectFrom('backfill_jobs').selectAll().executeTakeFirstOrThrow();
    expect(job.status).toBe('succeeded');
    expect(fromDbJson(job.progress)).toMatchObject({ total: 12, done: 12, succeeded: 12 });
    expect(job.finished_at).not.toBeNull();
    expect(job.started_at).not.toBeNull();
  });
});
