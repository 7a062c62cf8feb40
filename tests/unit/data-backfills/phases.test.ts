import { describe, expect, it } from '@jest/globals';
import { estimatedSeconds, nextBatchAt, phaseAfter, phasesOf } from '../../../lib/data-backfills/phases.js';

const at = (ms: number) => new Date(Date.UTC(2026, 10, 1) + ms);

/** Starts `count` batches, each as early as nextBatchAt allows, from time 0. */
function simulate(perMinute: number, count: number, batchMs = 0): number[] {
  const starts: number[] = [];
  let now = 0;
  while (starts.length < count) {
    const next = nextBatchAt(starts.filter((t) => t > now - 60_000).map(at), perMinute, at(now)).getTime() - at(0).getTime();
    expect(next).toBeGreaterThanOrEqual(now);
    starts.push(next);
    now = next + batchMs;
  }
  return starts;
}

describe('nextBatchAt', () => {
  it('lets the first batch start now', () => {
    expect(nextBatchAt([], 3, at(5_000))).toEqual(at(5_000));
  });

  it('paces batches evenly: one every 60 s / per_minute after the last start', () => {
    expect(nextBatchAt([at(0)], 3, at(1))).toEqual(at(20_000));
    expect(nextBatchAt([at(0)], 3, at(25_000))).toEqual(at(25_000));
    expect(nextBatchAt([at(0)], 7, at(0))).toEqual(at(8_572)); // 60 s / 7 = 8,571.4 ms, rounded up: never early
  });

  it('never lets more than per_minute start in any 60 s window (the cap), whatever the starts before', () => {
    // Three starts in the last minute (as a run of an older, burstier version might have left): the fourth waits for the first to leave the window.
    expect(nextBatchAt([at(0), at(1_000), at(2_000)], 3, at(2_500))).toEqual(at(60_000));
    // Starts older than a minute do not count.
    expect(nextBatchAt([at(0), at(1_000), at(2_000)], 3, at(70_000))).toEqual(at(70_000));
  });

  it.each([1, 2, 3, 7, 60])('at per_minute %i, no 60 s window of a long run holds more than per_minute starts, and the run takes what estimatedSeconds says', (perMinute) => {
    const count = perMinute * 3;
    const starts = simulate(perMinute, count);
    for (const start of starts) expect(starts.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(perMinute);
    // Within a second: each gap is rounded up to a whole millisecond.
    expect(Math.abs((starts.at(-1)! - starts[0]!) / 1_000 - estimatedSeconds(count, perMinute))).toBeLessThanOrEqual(1);
  });

  it('slow batches are not made slower: a batch that took longer than the gap lets the next start at once', () => {
    const starts = simulate(6, 4, 15_000);
    expect(starts).toEqual([0, 15_000, 30_000, 45_000]);
  });
});

describe('estimatedSeconds', () => {
  it.each([
    [0, 6, 0],
    [1, 6, 0],
    [2, 6, 10],
    [20, 600, 2],
    [7, 6, 60],
    [3, 7, 18],
  ])('%i batches at %i a minute take %i s', (units, perMinute, seconds) => {
    expect(estimatedSeconds(units, perMinute)).toBe(seconds);
  });
});

describe('phasesOf / phaseAfter', () => {
  const soak = { duration_s: 60, interval_s: 10, checks: [{ name: 'c', sql: 'SELECT 1 AS value', op: '>' as const, threshold: 0 }] };
  it('runs soak only when the plan has one', () => {
    expect(phasesOf({ soak })).toEqual(['plan', 'apply', 'soak', 'health']);
    expect(phasesOf({})).toEqual(['plan', 'apply', 'health']);
  });
  it('names the phase after each, and none after health', () => {
    expect(phaseAfter({ soak }, 'apply')).toBe('soak');
    expect(phaseAfter({}, 'apply')).toBe('health');
    expect(phaseAfter({ soak }, 'soak')).toBe('health');
    expect(phaseAfter({ soak }, 'health')).toBeNull();
    expect(phaseAfter({}, 'plan')).toBe('apply');
  });
});
