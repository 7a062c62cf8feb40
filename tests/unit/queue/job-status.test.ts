import { describe, expect, it } from '@jest/globals';
import { jobStatusOf } from '../../../lib/jobs/job-lifecycle.js';

const counts = (c: Partial<Record<'queued' | 'running' | 'paused' | 'succeeded' | 'dead' | 'cancelled', number>>) => ({
  queued: 0, running: 0, paused: 0, succeeded: 0, dead: 0, cancelled: 0, ...c,
});
const status = (c: Parameters<typeof counts>[0]) => {
  const all = counts(c);
  const total = Object.values(all).reduce((a, b) => a + b, 0);
  return jobStatusOf(all, total, all.succeeded + all.dead + all.cancelled);
};

describe('jobStatusOf', () => {
  it.each([
    [{ queued: 3 }, 'pending'],
    [{ queued: 2, running: 1 }, 'running'],
    [{ queued: 2, succeeded: 1 }, 'running'],
    [{ paused: 2, succeeded: 1 }, 'paused'], // paused tasks keep the job open (and active)
    [{ paused: 2, queued: 1 }, 'pending'], // something can still run
    [{ succeeded: 3 }, 'succeeded'],
    [{ succeeded: 2, dead: 1 }, 'failed'],
    [{ succeeded: 2, cancelled: 1 }, 'succeeded'],
    [{ cancelled: 3 }, 'cancelled'],
    [{}, 'pending'],
  ] as const)('%j → %s', (c, expected) => {
    expect(status(c)).toBe(expected);
  });
});
