import { afterEach, expect, it } from '@jest/globals';
import { fromDbJson, toDbTime } from '../../../db/values.js';
import { LIMITS_TTL_MS } from '../../../lib/budgets/budget-gate.js';
import { updateRateLimitConfig } from '../../../lib/budgets/rate-limit-config.service.js';
import { ANALYTICS_BUDGET, DATA_API_BUDGET } from '../../../lib/connectors/youtube/budget-keys.js';
import { YOUTUBE_TIME_ZONE, nextPacificMidnight } from '../../../lib/connectors/youtube/youtube-calendar.js';
import { enqueueManualBackfill } from '../../../lib/jobs/manual-backfill.service.js';
import { runScheduledSyncs } from '../../../lib/jobs/scheduled-syncs.service.js';
import { showJob } from '../../../lib/jobs/jobs.service.js';
import { zonedDayStart } from '../../../lib/shared/zoned-day.js';
import { describeEachEngine } from '../../support/engines.js';
import { crowdedWindows, excusedByStalls, watchEventLoopStalls } from '../../support/event-loop-stalls.js';
import { startSharedBudgetRig, type SharedBudgetRig, type SharedBudgetRigOptions } from '../../support/shared-budget-rig.js';
import { storedVideoDays, truthVideoDays } from '../../../bench/youtube-stored-rows.js';

// Issue 10: budgets shared by every invocation. Four dispatcher invocations run at once (each its
// own runtime and pool on one database, one shared clock) against one YouTube simulator that
// counts every call, limits the rate over any sliding second and answers 403 quotaExceeded past
// its daily quota. What the simulator saw is the judge: calls per second and per Pacific day, and
// the statuses it answered.
//
// MariaDB only. Four invocations in one process cannot share a SQLite file: node:sqlite waits for
// SQLite's single write lock synchronously (busy_timeout), blocking the event loop the lock's
// holder needs to commit; and a SQLite deployment is one local process anyway. The SQLite run
// lists these tests as skipped.

const INVOCATIONS = 4;
/** DISPATCH_CONCURRENCY: lanes per invocation; INVOCATIONS × LANES calls can be in flight at once. */
const LANES = 2;
const DAY_MS = 86_400_000;
const QUERIES = 'analytics.reports.query';
/**
 * A stall of the event loop longer than this can make a call reach the simulator later than the
 * pacing's slack allows, on top of the lateness the gate itself allows (LATE_START_MS).
 */
const STALL_MS = 10;

describeEachEngine('shared budgets: 4 dispatchers against one YouTube simulator', (engine) => {
  const test = engine === 'mysql' ? it : it.skip;
  let rig: SharedBudgetRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  /**
   * The simulator limits the rate only when asked: the first test judges the rate; the others count
   * calls exactly, which a 429 (a late call on a busy machine) would blur.
   */
  const start = async (env: Record<string, string>, simulator: SharedBudgetRigOptions['simulator']) => {
    rig = await startSharedBudgetRig(engine, {
      invocations: INVOCATIONS,
      env: { DISPATCH_CONCURRENCY: String(LANES), ...env },
      simulator: { latencyMs: 20, videosPerChannel: 3, ...simulator },
    });
    return rig;
  };

  test('calls never exceed the rate in any sliding second nor the daily quota, and the store counts every call', async () => {
    const RATE = 8;
    const QUOTA = 84;
    const { sim, runtimes, connect, dispatchAll, clock } = await start(
      { YOUTUBE_REQUESTS_PER_SECOND: String(RATE), YOUTUBE_ANALYTICS_DAILY_QUOTA: String(QUOTA), YOUTUBE_BACKFILL_DAYS: '35' },
      // No latency: the simulator counts a call against its limit as it arrives, as it stamps it.
      { ratePerSecond: RATE, analyticsDailyQuota: QUOTA, latencyMs: 0 },
    );
    // Backfills may use the whole quota here: the quota, not the share, is what stops them.
    await updateRateLimitConfig(runtimes[0]!, { [ANALYTICS_BUDGET]: { backfill_share: 1 } });
    // Three tenants' backfills: 3 × 5 chunks × 7 queries = 105, more than the day's 84.
    for (const tenant of ['acme', 'globex', 'initech']) await connect(tenant);

    const stalls = watchEventLoopStalls(STALL_MS);
    await dispatchAll();
    const stalled = stalls.stop();
    const stats = sim.stats();
    const calls = stats[QUERIES];
    // No second holds more than RATE calls. One can only if its first call was late, after the gate
    // had let it go on time: sent or stamped late because this process (Sluice's four invocations and
    // the simulator) stalled in the 100 ms before it arrived — a busy machine, not the pacing. On a
    // quiet machine there is no such stall, and no second is excused.
    const crowded = crowdedWindows(calls.timestamps, RATE);
    const excused = excusedByStalls(crowded, stalled);
    expect(crowded).toEqual(excused);
    // Sluice stopped itself at the quota: the vendor never had to.
    expect(calls.total).toBe(QUOTA);
    expect(calls.byStatus['403'] ?? 0).toBe(0);
    // 429s: at most 1% of the calls (here, none), besides the excused seconds' last calls.
    expect(calls.byStatus['429'] ?? 0).toBeLessThanOrEqual(Math.floor(calls.total * 0.01) + excused.length);
    // The shared store counted exactly the calls that were sent, in today's Pacific window.
    expect(await usageToday(ANALYTICS_BUDGET)).toEqual({ used: calls.total, backfill_used: calls.total });
    expect((await usageToday(DATA_API_BUDGET)).used).toBe(stats['data.channels.list'].total);

    // The rest waits for tomorrow, with no attempt spent; dispatching again today calls nothing.
    const unfinished = await tasks({ status: 'unfinished' });
    expect(unfinished.length).toBeGreaterThan(0);
    for (const task of unfinished) expect(task).toMatchObject({ status: 'queued', attempts: 0, run_after: toDbTime(nextPacificMidnight(clock.now())) });
    const again = await dispatchAll();
    expect(again.reduce((sum, summary) => sum + summary.claimed, 0)).toBe(0);
    expect(sim.stats()[QUERIES].total).toBe(QUOTA);
  });

  test('with the backfill share spent, backfills wait for the next Pacific day and the daily refresh still runs', async () => {
    const QUOTA = 42;
    const SHARE = QUOTA / 2; // the default backfill_share, 0.5
    const { sim, runtimes, connect, dispatchAll, clock } = await start(
      { YOUTUBE_REQUESTS_PER_SECOND: '20', YOUTUBE_ANALYTICS_DAILY_QUOTA: String(QUOTA), YOUTUBE_BACKFILL_DAYS: '7' },
      { analyticsDailyQuota: QUOTA },
    );
    // Yesterday: two channels connected and backfilled (7 queries each), so today's refresh has new days to fetch.
    clock.advance(-DAY_MS);
    await connect('big');
    const small = await connect('small');
    await dispatchAll();
    expect(await jobStatuses('data-collection')).toEqual(['succeeded', 'succeeded']);
    clock.advance(DAY_MS);
    sim.resetStats();

    // Today: a large backfill of 6 chunks (42 queries) for one channel; backfills may use 21 today.
    const backfill = await enqueueManualBackfill(runtimes[0]!, { tenantId: 'big', platform: 'youtube', params: { days: 42 } });
    expect(backfill.backfill_enqueued).toBe(6);
    const jobId = Number(backfill.jobs[0]!.job_id);
    await dispatchAll();
    expect(sim.stats()[QUERIES]).toMatchObject({ total: SHARE, byStatus: { '200': SHARE } });
    expect(await usageToday(ANALYTICS_BUDGET)).toEqual({ used: SHARE, backfill_used: SHARE });
    const waiting = await tasks({ jobId, status: 'unfinished' });
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    for (const task of waiting) expect(task).toMatchObject({ status: 'queued', attempts: 0, run_after: toDbTime(nextPacificMidnight(clock.now())) });
    expect(['pending', 'running']).toContain(await jobStatus(jobId));

    // The daily cron: the small channel's refresh is no backfill, so it runs today from the other half.
    const cron = await runScheduledSyncs(runtimes[1]!, 'daily');
    // The big channel's latest chunk belongs to its backfill already: only the small one's is new.
    expect(cron).toMatchObject({ connections: 2, enqueued: 1 });
    await dispatchAll();
    const [sync] = await jobsOf('sync');
    expect(sync).toMatchObject({ connection_id: small.connectionId, status: 'succeeded' });
    expect(sim.stats()[QUERIES]).toMatchObject({ total: SHARE + 7, byStatus: { '200': SHARE + 7 } });
    expect(await usageToday(ANALYTICS_BUDGET)).toEqual({ used: SHARE + 7, backfill_used: SHARE });
    expect(await tasks({ jobId, status: 'unfinished' })).toEqual(waiting);
  });

  test('a quota exhausted at the vendor holds every invocation until midnight Pacific without spending attempts, then the jobs finish by themselves', async () => {
    const VENDOR_QUOTA = 50;
    // Sluice believes it has 200 queries a day (100 for backfills): only the vendor knows better.
    const { sim, connect, dispatchAll, clock, nextPacificDay } = await start(
      { YOUTUBE_REQUESTS_PER_SECOND: '20', YOUTUBE_ANALYTICS_DAILY_QUOTA: '200', YOUTUBE_BACKFILL_DAYS: '21' },
      { analyticsDailyQuota: VENDOR_QUOTA },
    );
    // Three backfills of 3 chunks (63 queries) today, 50 of which the vendor allows.
    const channels = [await connect('acme'), await connect('globex'), await connect('initech')];
    await dispatchAll();
    const midnight = toDbTime(nextPacificMidnight(clock.now()));
    const today = sim.stats()[QUERIES];
    expect(today.byStatus['200']).toBe(VENDOR_QUOTA);
    // Only calls already on their way when the first 403 came back met it: one per lane at most.
    expect(today.byStatus['403']).toBeGreaterThanOrEqual(1);
    expect(today.byStatus['403']).toBeLessThanOrEqual(INVOCATIONS * LANES);
    const pace = await rig!.database.db.selectFrom('budget_pace').selectAll().where('budget', '=', ANALYTICS_BUDGET).executeTakeFirstOrThrow();
    expect(pace.held_until).toBe(midnight);
    const unfinished = await tasks({ status: 'unfinished' });
    expect(unfinished.length).toBeGreaterThan(0);
    for (const task of unfinished) expect(task).toMatchObject({ status: 'queued', attempts: 0, run_after: midnight });
    // Their jobs wait too, neither failed nor paused.
    for (const jobId of new Set(unfinished.map((task) => Number(task.job_id)))) expect(['pending', 'running']).toContain(await jobStatus(jobId));

    // Held for every invocation: a backfill started now waits for midnight too, and nothing reaches the vendor today.
    channels.push(await connect('umbrella'));
    clock.advance(5_000);
    await dispatchAll();
    expect(sim.stats()[QUERIES].total).toBe(today.total);
    for (const task of await tasks({ status: 'unfinished' })) expect(task).toMatchObject({ status: 'queued', attempts: 0, run_after: midnight });

    // After midnight Pacific the quota is back, and dispatching finishes every job with no person's help.
    nextPacificDay();
    await dispatchAll();
    expect(await jobStatuses('data-collection')).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect((await tasks({})).every((task) => task.attempts === 0)).toBe(true);
    const total = sim.stats()[QUERIES];
    expect(total.byStatus['403']).toBe(today.byStatus['403']);
    expect(total.byStatus['200']).toBe(4 * 21);
    for (const channel of channels) expect(await storedRows(channel.channelId)).toEqual(await groundTruthOfJob(channel.jobId!));
  });

  test('a backfill share of 0 pauses backfills until a person raises it; raised, they resume and finish', async () => {
    const { sim, runtimes, connect, dispatchAll, clock } = await start(
      { YOUTUBE_REQUESTS_PER_SECOND: '20', YOUTUBE_ANALYTICS_DAILY_QUOTA: '100', YOUTUBE_BACKFILL_DAYS: '14' },
      { analyticsDailyQuota: 100 },
    );
    await updateRateLimitConfig(runtimes[0]!, { [ANALYTICS_BUDGET]: { backfill_share: 0 } });
    const channel = await connect('acme');
    await dispatchAll();
    const paused = await tasks({ jobId: channel.jobId! });
    expect(paused).toHaveLength(2);
    for (const task of paused) {
      expect(task).toMatchObject({ status: 'paused', pause_reason: 'budget', attempts: 0 });
      expect(task.last_error).toMatch(/backfill share/);
    }
    expect(sim.stats()[QUERIES].total).toBe(0);
    // The job's status is written from its tasks when the budget pauses them: paused, saying why.
    expect(await jobStatus(channel.jobId!)).toBe('paused');
    expect((await showJob(runtimes[0]!, channel.jobId!)).budget_wait).toMatchObject({ budget: ANALYTICS_BUDGET, until: null, reason: expect.stringContaining('backfill share') });

    await updateRateLimitConfig(runtimes[0]!, { [ANALYTICS_BUDGET]: { backfill_share: 0.5 } });
    clock.advance(LIMITS_TTL_MS); // every invocation reads the new limits
    await dispatchAll();
    expect(await jobStatus(channel.jobId!)).toBe('succeeded');
    expect((await tasks({ jobId: channel.jobId! })).map((task) => [task.status, task.attempts])).toEqual([
      ['succeeded', 0],
      ['succeeded', 0],
    ]);
    expect(await storedRows(channel.channelId)).toEqual(await groundTruthOfJob(channel.jobId!));
  });

  /**
   * The first arrivals of the 1-second windows that hold more than `limit` calls. Counted in
   * [t, t + 1000 ms], a ms wider than the simulator's limiter, which reads its own clock a moment
   * after stamping the arrival: every call it refused is in one of these.
   */
  async function usageToday(budget: string) {
    const bucket = toDbTime(zonedDayStart(rig!.clock.now(), YOUTUBE_TIME_ZONE));
    const row = await rig!.database.db
      .selectFrom('budget_usage')
      .select(['used', 'backfill_used'])
      .where('budget', '=', budget)
      .where('bucket_start', '=', bucket)
      .executeTakeFirst();
    return { used: Number(row?.used ?? 0), backfill_used: Number(row?.backfill_used ?? 0) };
  }

  async function tasks(filter: { jobId?: number; status?: 'unfinished' }) {
    let query = rig!.database.db.selectFrom('job_tasks').select(['id', 'job_id', 'dedupe_key', 'status', 'pause_reason', 'attempts', 'run_after', 'last_error']);
    if (filter.jobId !== undefined) query = query.where('job_id', '=', filter.jobId);
    if (filter.status === 'unfinished') query = query.where('status', 'not in', ['succeeded', 'cancelled']);
    return (await query.orderBy('id').execute()).map((row) => ({ ...row, attempts: Number(row.attempts) }));
  }

  async function jobsOf(type: string) {
    return rig!.database.db.selectFrom('backfill_jobs').select(['id', 'connection_id', 'status', 'config']).where('type', '=', type).orderBy('id').execute();
  }

  async function jobStatuses(type: string) {
    return (await jobsOf(type)).map((job) => job.status);
  }

  async function jobStatus(jobId: number) {
    return (await rig!.database.db.selectFrom('backfill_jobs').select('status').where('id', '=', jobId).executeTakeFirstOrThrow()).status;
  }

  const storedRows = (channelId: string) => storedVideoDays(rig!.database.db, channelId);

  /** What the simulator serves over the job's range (its config's start and end dates). */
  async function groundTruthOfJob(jobId: number) {
    const job = await rig!.database.db.selectFrom('backfill_jobs').select(['connection_id', 'config']).where('id', '=', jobId).executeTakeFirstOrThrow();
    const config = fromDbJson<{ start_date: string; end_date: string }>(job.config)!;
    const connection = await rig!.database.db.selectFrom('connections').select('external_account_id').where('id', '=', Number(job.connection_id)).executeTakeFirstOrThrow();
    return truthVideoDays(rig!.sim.groundTruth(connection.external_account_id, config.start_date, config.end_date));
  }
});
