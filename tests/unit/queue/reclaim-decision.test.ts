import { describe, expect, it } from '@jest/globals';
import { decideReclaim, POISON_LOST_LEASES, RECLAIM_DELAY } from '../../../lib/queue/reclaim-decision.js';

const now = new Date('2026-11-29T12:00:00.000Z');
const lease = (over: Partial<Parameters<typeof decideReclaim>[0]> = {}) => ({ attempts: 1, maxAttempts: 5, runSteps: 0, lostLeases: 0, leaseExpiresAt: new Date(now.getTime() - 1_000), ...over });

// The attempt policy for lost leases, over its cases: progress or not × attempts left or not × poison.
describe('decideReclaim', () => {
  it('a run that committed steps is requeued with nothing counted against it, even on its last attempt', () => {
    const decision = decideReclaim(lease({ runSteps: 3, attempts: 5, lostLeases: 2 }), now, 0);
    expect(decision).toMatchObject({ status: 'queued', lostLeases: 0 });
    expect(decision.reason).toMatch(/after 3 step\(s\); resumes from its checkpoint/);
  });

  it('a run without progress counts one more lost lease and is requeued while it has attempts', () => {
    expect(decideReclaim(lease({ lostLeases: 1 }), now, 0)).toMatchObject({ status: 'queued', lostLeases: 2 });
  });

  it(`the ${POISON_LOST_LEASES}rd lost lease in a row without progress makes the task dead as poison`, () => {
    const decision = decideReclaim(lease({ lostLeases: POISON_LOST_LEASES - 1 }), now, 0);
    expect(decision).toMatchObject({ status: 'dead', lostLeases: POISON_LOST_LEASES });
    expect(decision.reason).toMatch(/^poison: lost its worker 3 times in a row/);
  });

  it('a run without progress on its last attempt is dead, naming the attempts', () => {
    expect(decideReclaim(lease({ attempts: 5 }), now, 0)).toMatchObject({ status: 'dead', reason: expect.stringMatching(/^gave up after 5 attempts: lease expired at/) });
  });

  it('waits a short jittered delay, within its bounds, so the tasks in flight at a crash are not first in line', () => {
    const at = (random: number) => {
      const decision = decideReclaim(lease(), now, random);
      return decision.status === 'queued' ? decision.runAfter.getTime() - now.getTime() : NaN;
    };
    expect(at(0)).toBe(RECLAIM_DELAY.baseMs);
    expect(at(0.999)).toBeLessThan(RECLAIM_DELAY.baseMs + RECLAIM_DELAY.spreadMs);
    expect(at(0.5)).toBeGreaterThan(at(0));
  });
});
