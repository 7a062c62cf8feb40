import { spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ClaimStrategy } from '../../../lib/queue/claim-strategy.js';
import { drainQueue } from '../../../lib/queue/drain-queue.js';
import { claimTasks, commitTaskStep, completeTasks, countTasksByStatus, enqueueTasks, extendLease, reclaimExpiredLeases, type NewTask } from '../../../lib/queue/repository/index.js';
import { systemClock } from '../../../lib/shared/clock.js';
import { testEnv } from '../../support/test-env.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// The queue's correctness under real row locking, on MariaDB: many workers on separate
// connections (and processes) drain thousands of tasks; each runs exactly once.
const TASKS = 5_000;
const WORKERS = 8;
const describeMysql = testEnv.engines.includes('mysql') ? describe : describe.skip;
const tasks = (n: number, prefix = 'k'): NewTask[] =>
  Array.from({ length: n }, (_, i) => ({ tenantId: `t${i % 7}`, platform: "test", kind: 'noop', dedupeKey: `${prefix}${i}`, payload: { i }, priority: i % 3 }));

describeMysql('queue under concurrency [mysql]', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('mysql', { connectionLimit: WORKERS + 2 });
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await database.db.deleteFrom('job_tasks').execute();
  });

  async function expectEveryTaskRanOnce(ranIds: number[]): Promise<void> {
    const counts = new Map<number, number>();
    for (const id of ranIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    const twice = [...counts].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    expect(counts.size).toBe(TASKS);
    expect(await countTasksByStatus(database.db)).toMatchObject({ succeeded: TASKS, queued: 0, running: 0 });
    const attempts = await database.db.selectFrom('job_tasks').select('attempts').distinct().execute();
    expect(attempts.map((row) => row.attempts)).toEqual([1]);
  }

  it.each<ClaimStrategy>(['skip-locked', 'conditional-update'])(
    `${WORKERS} workers on separate connections drain ${TASKS} tasks, each exactly once (%s)`,
    async (strategy) => {
      await enqueueTasks(database.db, tasks(TASKS), new Date());
      const ran: number[] = [];
      const summaries = await Promise.all(
        Array.from({ length: WORKERS }, () =>
          drainQueue({
            db: database.db,
            strategy,
            clock: systemClock,
            deadline: new Date(Date.now() + 120_000),
            batchSize: 25,
            concurrency: 5,
            leaseMs: 60_000,
            handle: async (task) => {
              ran.push(task.id);
              await new Promise((resolve) => setImmediate(resolve));
            },
          }),
        ),
      );
      await expectEveryTaskRanOnce(ran);
      // Work was actually shared: several workers claimed tasks.
      expect(summaries.filter((s) => s.claimed > 0).length).toBeGreaterThan(1);
      expect(summaries.reduce((sum, s) => sum + s.succeeded, 0)).toBe(TASKS);
    },
  );

  it('4 worker processes × 2 workers drain the queue, each task exactly once', async () => {
    await enqueueTasks(database.db, tasks(TASKS), new Date());
    const children = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ['--import', 'tsx', 'tests/support/queue-worker-process.ts', database.url, 'skip-locked', '2'], {
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const outputs = children.map((child) => {
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      const ready = new Promise<void>((resolve) => child.stdout.on('data', () => text.includes('ready') && resolve()));
      const done = new Promise<string>((resolve, reject) => {
        child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`worker process exited with ${code}`))));
      });
      return { ready, done };
    });
    await Promise.all(outputs.map((o) => o.ready));
    for (const child of children) child.stdin.end('go\n');
    const texts = await Promise.all(outputs.map((o) => o.done));
    const perProcess = texts.map((text) => JSON.parse(text.trim().split('\n').at(-1)!) as number[]);
    expect(perProcess.filter((ids) => ids.length > 0).length).toBeGreaterThan(1);
    await expectEveryTaskRanOnce(perProcess.flat());
  }, 120_000);

  it('a stalled worker loses its tasks after the lease expires, and its late success is refused', async () => {
    await enqueueTasks(database.db, tasks(200, 's'), new Date());
    const stalled = await claimTasks(database.db, 'skip-locked', { batchSize: 50, leaseMs: 300, now: new Date() });
    expect(stalled.tasks).toHaveLength(50);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await reclaimExpiredLeases(database.db, new Date())).toEqual({ requeued: 50, dead: 0, jobIds: [] });
    const ran: number[] = [];
    // Reclaimed tasks wait a short jittered delay (at most 15 s): the workers run 20 s later.
    const later = { now: () => new Date(systemClock.now().getTime() + 20_000) };
    await Promise.all(
      Array.from({ length: 4 }, () =>
        drainQueue({ db: database.db, strategy: 'skip-locked', clock: later, deadline: new Date(later.now().getTime() + 60_000), batchSize: 10, concurrency: 2, leaseMs: 60_000, handle: async (task) => void ran.push(task.id) }),
      ),
    );
    expect(new Set(ran).size).toBe(200);
    expect(await completeTasks(database.db, stalled.leaseToken, stalled.tasks.map((t) => t.id), new Date())).toBe(0);
    const retried = await database.db.selectFrom('job_tasks').select('attempts').where('id', 'in', stalled.tasks.map((t) => t.id)).execute();
    expect(retried.every((row) => row.attempts === 2)).toBe(true);
  });

  it.each([
    ['a step commits', 'step'],
    ['a heartbeat extends the lease', 'heartbeat'],
  ] as const)('a reclaim racing with a live worker leaves the task alone when %s after the reclaim read it', async (_, race) => {
    await database.db.deleteFrom('job_tasks').execute();
    const t0 = new Date('2026-11-29T10:00:00.000Z');
    await enqueueTasks(database.db, tasks(1, 'race'), t0);
    const run = await claimTasks(database.db, 'skip-locked', { batchSize: 1, leaseMs: 1_000, now: t0 });
    const leased = { id: run.tasks[0]!.id, leaseToken: run.leaseToken };
    const late = new Date(t0.getTime() + 1_500); // the lease looks expired to the reclaim
    // The worker's write holds the row; the reclaim reads the old row, then waits on the lock.
    const held = Promise.withResolvers<void>();
    const worker = database.db.transaction().execute(async (trx) => {
      if (race === 'step') await commitTaskStep(trx, leased, { through: 'd1' }, late);
      else await extendLease(trx, leased.leaseToken, [leased.id], new Date(t0.getTime() + 60_000), late);
      await held.promise;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const reclaim = reclaimExpiredLeases(database.db, late, () => 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    held.resolve();
    await worker;
    expect(await reclaim).toMatchObject({ requeued: 0, dead: 0 });
    expect(await database.db.selectFrom('job_tasks').select(['status', 'lease_token', 'lost_leases']).executeTakeFirstOrThrow()).toEqual({ status: 'running', lease_token: leased.leaseToken, lost_leases: 0 });
  });

  it('concurrent re-enqueues of the same keys never create a duplicate and count each new row once', async () => {
    const keys = tasks(2_000, 'dup');
    const results = await Promise.all(
      Array.from({ length: WORKERS }, (_, w) => {
        const shuffled = [...keys].sort((a, b) => ((a.dedupeKey.length * 31 + w) % 7) - ((b.dedupeKey.length * 17 + w) % 5));
        return enqueueTasks(database.db, w % 2 ? shuffled.reverse() : shuffled, new Date());
      }),
    );
    expect(results.reduce((sum, r) => sum + r.inserted, 0)).toBe(2_000);
    const { count } = await database.db.selectFrom('job_tasks').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(Number(count)).toBe(2_000);
  });
});
