import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createJob, showJob } from '../../../lib/jobs/jobs.service.js';
import { describeEachEngine } from '../../support/engines.js';
import { stepsKey } from '../../support/stepped-connector.js';
import { startSteppedRig, type SteppedRig } from '../../support/stepped-rig.js';

// DESIGN.md "Budgets": claims take tenants round-robin, so a small tenant's backfill runs
// interleaved with a big one's instead of after it (lib/jobs/fair-queue.ts). One dispatcher
// lane, so the handler's runs are the claim order. Backfills at YouTube's history priority (10),
// the sync at its freshness priority (0).
describeEachEngine('fairness across tenants in the claim order', (engine) => {
  let rig: SteppedRig;
  const BIG = 40;
  const SMALL = 3;

  beforeAll(async () => {
    rig = await startSteppedRig(engine, { concurrency: 1, settings: { stepsPerTask: 1, backfillPriority: 10 } });
  });
  afterAll(() => rig?.close());

  it("a small tenant's backfill created right after a big one's runs interleaved with it and ends first; a third tenant's sync created last runs before both", async () => {
    const big = await rig.connect('big', 'big-channel');
    const small = await rig.connect('small', 'small-channel');
    const third = await rig.connect('third', 'third-channel');
    const bigJob = await createJob(rig.runtime, rig.request(big, { days: BIG }));
    const smallJob = await createJob(rig.runtime, rig.request(small, { days: SMALL }));
    const syncJob = await createJob(rig.runtime, { ...rig.request(third), type: 'sync' });

    while ((await rig.dispatch()).claimed > 0);

    const tenants = rig.controller.runs.map((run) => run.key.split(':')[0]);
    expect(tenants).toEqual(['third', 'big', 'small', 'big', 'small', 'big', 'small', ...Array<string>(BIG - SMALL).fill('big')]);
    // Each tenant's tasks ran in their planned order.
    const keysOf = (tenant: string) => rig.controller.runs.filter((run) => run.key.startsWith(`${tenant}:`)).map((run) => run.key);
    expect(keysOf('big')).toEqual(Array.from({ length: BIG }, (_, index) => stepsKey('big', 'big-channel', index)));
    expect(keysOf('small')).toEqual(Array.from({ length: SMALL }, (_, index) => stepsKey('small', 'small-channel', index)));

    const [bigDone, smallDone, syncDone] = [await showJob(rig.runtime, bigJob.id), await showJob(rig.runtime, smallJob.id), await showJob(rig.runtime, syncJob.id)];
    expect([bigDone.status, smallDone.status, syncDone.status]).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(Date.parse(smallDone.finished_at!)).toBeLessThan(Date.parse(bigDone.finished_at!));
  });
});
