import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { getRateLimitConfig, updateRateLimitConfig } from '../../../lib/budgets/rate-limit-config.service.js';
import { createJob, showJob } from '../../../lib/jobs/jobs.service.js';
import { describeEachEngine } from '../../support/engines.js';
import { STEPPED, STEPPED_RATE, stepsKey } from '../../support/stepped-connector.js';
import { startSteppedRig, type SteppedRig } from '../../support/stepped-rig.js';

// Issue 8, rate-limit config: "per platform requests_per_second, daily_quota, backfill_share,
// concurrency; persisted, validated, applied from the next dispatch". What the PUT endpoint
// stores (updateRateLimitConfig) changes the next dispatcher invocation: how many of the
// platform's tasks run at once, and the rate its budget's limiter paces calls at.
const LANES = 4;

describeEachEngine('the rate-limit config, applied from the next dispatch', (engine) => {
  let rig: SteppedRig;

  beforeAll(async () => {
    rig = await startSteppedRig(engine, { concurrency: LANES, settings: { tasksPerJob: 4, stepsPerTask: 2 } });
  });
  afterAll(() => rig?.close());

  async function runJob(account: string, params: { days?: number } = {}) {
    const connection = await rig.connect('acme', account);
    const job = await createJob(rig.runtime, rig.request(connection, params));
    rig.controller.resetPeak();
    const summary = await rig.dispatch();
    expect((await showJob(rig.runtime, job.id)).status).toBe('succeeded');
    return summary;
  }

  it('concurrency: a dispatch runs at most the configured number of the platform\'s tasks at once', async () => {
    rig.controller.stepDelayMs = 40;
    try {
      // The environment's default: every lane takes the platform's tasks, and they overlap.
      expect(await runJob('lanes-default')).toMatchObject({ succeeded: 4 });
      expect(rig.controller.maxConcurrent).toBeGreaterThan(1);

      const stored = await updateRateLimitConfig(rig.runtime, { [STEPPED]: { concurrency: 1 } });
      expect(stored.platforms[STEPPED]).toMatchObject({ concurrency: 1, requests_per_second: STEPPED_RATE });
      expect((await getRateLimitConfig(rig.runtime)).platforms[STEPPED]?.concurrency).toBe(1);
      expect(await runJob('lanes-one')).toMatchObject({ succeeded: 4 });
      expect(rig.controller.maxConcurrent).toBe(1);

      // Back to the default (null): the next dispatch overlaps again.
      await updateRateLimitConfig(rig.runtime, { [STEPPED]: { concurrency: null } });
      expect(await runJob('lanes-back')).toMatchObject({ succeeded: 4 });
      expect(rig.controller.maxConcurrent).toBeGreaterThan(1);
    } finally {
      rig.controller.stepDelayMs = 0;
    }
  });

  it('requests_per_second: the budget\'s limiter takes the configured rate at the next dispatch, and paces the calls at it', async () => {
    // A first dispatch builds the connector and its limiter at the environment's rate.
    await runJob('rate-default', { days: 1 });
    expect(rig.controller.runsOf(stepsKey('acme', 'rate-default', 0)).map((run) => run.rate)).toEqual([STEPPED_RATE]);

    await updateRateLimitConfig(rig.runtime, { [STEPPED]: { requests_per_second: 5, concurrency: 1 } });
    // The first job's burst leaves the sliding second full; once it has passed, the new rate's
    // slots are what paces the calls (slots are planned, and the window only ever adds a wait).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    rig.controller.acquiredAt.length = 0;
    await runJob('rate-five', { days: 2 }); // 2 tasks × 2 steps: 4 calls
    expect(rig.controller.runs.filter((run) => run.key.includes(':rate-five:')).map((run) => run.rate)).toEqual([5, 5]);
    // 5 per second: the limiter gives each call a slot 200 ms (and a margin) after the one
    // before, so 4 calls span 3 slots at least — at the default rate they would take a few ms.
    // (One call may pass a little under 200 ms after the previous when that one's timer fired
    // late: slots are planned, not measured, and the rate holds over any sliding second.)
    const calls = rig.controller.acquiredAt;
    expect(calls).toHaveLength(4);
    expect(calls.at(-1)! - calls[0]!).toBeGreaterThanOrEqual(3 * 200);

    await updateRateLimitConfig(rig.runtime, { [STEPPED]: { requests_per_second: null, concurrency: null } });
    await runJob('rate-back', { days: 1 });
    expect(rig.controller.runsOf(stepsKey('acme', 'rate-back', 0)).map((run) => run.rate)).toEqual([STEPPED_RATE]);
  });
});
