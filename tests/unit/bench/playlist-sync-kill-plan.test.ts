import { expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { killPlan } from '../../../bench/playlist-sync-kill-plan.js';
import { mulberry32 } from '../../../dev/simulators/_shared/seeded-random.js';

it('kills once among the creates, once among the deletes before the last, and the rest among the adds', () => {
  // 6 creates (writes 1–6), 480 adds (7–486), 3 deletes (487–489).
  const plan = killPlan(489, 6, 3, 8, mulberry32(7));
  expect(plan).toHaveLength(8);
  expect(plan.filter((n) => n <= 6)).toHaveLength(1);
  expect(plan.filter((n) => n >= 487)).toHaveLength(1);
  expect(plan.at(-1)).toBeLessThan(489);
  expect(plan).toEqual([...plan].sort((a, b) => a - b));
});

test.prop([fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 20 }), fc.integer()])(
  'plans distinct writes within 1..writes − 1, never more than asked',
  (created, added, deleted, kills, seed) => {
    const writes = created + added + deleted;
    const plan = killPlan(writes, created, deleted, kills, mulberry32(seed));
    expect(new Set(plan).size).toBe(plan.length);
    expect(plan.length).toBeLessThanOrEqual(kills);
    for (const n of plan) {
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(writes - 1);
    }
  },
);
