import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { updateRateLimitConfig } from '../../../lib/budgets/rate-limit-config.service.js';
import { createJob, previewJob, showJob } from '../../../lib/jobs/jobs.service.js';
import { describeEachEngine } from '../../support/engines.js';
import { STEPPED } from '../../support/stepped-connector.js';
import { startSteppedRig, type SteppedRig } from '../../support/stepped-rig.js';

// Claims respect budgets (lib/budgets/budget-claim-guard.ts), through real dispatches: a spent
// quota leaves the job's tasks waiting for the reset without spending attempts; a raised limit
// takes effect at the next claim; a job waiting for its budget is not stale.
describeEachEngine('claims and budgets', (engine) => {
  let rig: SteppedRig;

  beforeAll(async () => {
    rig = await startSteppedRig(engine, { concurrency: 2, settings: { tasksPerJob: 4, stepsPerTask: 2 } });
  });
  afterAll(() => rig?.close());

  const tasksOf = (jobId: number) => rig.database.db.selectFrom('job_tasks').select(['status', 'run_after', 'attempts']).where('job_id', '=', jobId).execute();

  it('a spent quota defers the rest to the reset; raising it runs them at the next dispatch', async () => {
    // 4 tasks × 2 calls; a quota of 3 calls a day (the stepped budget's day is UTC). The test
    // moves its clock 11 minutes on: started within 15 minutes of midnight UTC it would cross the
    // reset, so it starts an hour into the next day instead.
    const msIntoDay = rig.clock.now().getTime() % 86_400_000;
    if (msIntoDay > 86_400_000 - 15 * 60_000) rig.clock.advance(86_400_000 - msIntoDay + 3_600_000);
    await updateRateLimitConfig(rig.runtime, { [STEPPED]: { daily_quota: 3, backfill_share: 1 } });
    const connection = await rig.connect('acme', 'quota-raised');
    const job = await createJob(rig.runtime, rig.request(connection));
    await rig.dispatch();
    const waiting = (await tasksOf(job.id)).filter((task) => task.status === 'queued');
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    const reset = new Date(`${rig.clock.now().toISOString().slice(0, 10)}T00:00:00.000Z`).getTime() + 86_400_000;
    for (const task of waiting) {
      expect(new Date(`${task.run_after.replace(' ', 'T')}Z`).getTime()).toBe(reset);
      expect(Number(task.attempts)).toBe(0);
    }
    const view = await showJob(rig.runtime, job.id);
    expect(view.budget_wait).toMatchObject({ budget: STEPPED, backfill_only: false, until: new Date(reset).toISOString() });
    expect(view.message).toContain(`waiting for the ${STEPPED} budget: daily quota spent`);

    // Eleven minutes on, still waiting: the job has a plan and is not stale, so a create joins it instead of taking it over.
    rig.clock.advance(11 * 60_000);
    expect((await previewJob(rig.runtime, rig.request(connection))).active_job_stale).toBe(false);

    await updateRateLimitConfig(rig.runtime, { [STEPPED]: { daily_quota: 1_000 } });
    const summary = await rig.dispatch();
    expect(summary.claimed).toBeGreaterThan(0);
    expect((await showJob(rig.runtime, job.id)).status).toBe('succeeded');
  });
});
