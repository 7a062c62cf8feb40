import { fc, test } from '@fast-check/jest';
import { describe, expect, it } from '@jest/globals';
import {
  LONGEST_WINDOW_MS,
  PACIFIC_DAY,
  SLIDING_DAY,
  budgetBlocks,
  decideReservation,
  foldObservation,
  giveBackReservation,
  quotaBucketStart,
  quotaFreesAt,
  quotaUsed,
  quotaWindowStart,
  refillBucket,
  slotIntervalMs,
  type BudgetLimits,
  type PaceState,
  type QuotaBucket,
  type ReserveRequest,
} from '../../../lib/budgets/budget-policy.js';

const at = (iso: string) => new Date(iso);
const ms = (iso: string) => Date.parse(iso);
const idle: PaceState = { nextSlotMs: null, heldUntilMs: null, heldReason: null, bucket: null };
const limits = (over: Partial<BudgetLimits> = {}): BudgetLimits => ({ requestsPerSecond: 10, dailyQuota: 100, backfillShare: 0.5, quotaWindow: PACIFIC_DAY, ...over });
const request = (nowMs: number, over: Partial<ReserveRequest> = {}): ReserveRequest => ({ units: 1, cost: 0, backfill: false, latestStartMs: nowMs + 10_000, leadMs: 0, ...over });

describe('quota windows', () => {
  it('a Pacific day starts at 08:00 UTC in winter and 07:00 UTC in summer', () => {
    expect(quotaBucketStart(PACIFIC_DAY, at('2026-11-29T12:00:00Z'))).toEqual(at('2026-11-29T08:00:00Z'));
    expect(quotaBucketStart(PACIFIC_DAY, at('2026-07-04T06:59:59.999Z'))).toEqual(at('2026-07-03T07:00:00Z'));
  });

  it('on the DST change days the window ends at the next local midnight: a 23-hour and a 25-hour day', () => {
    // 2026-03-08: clocks spring forward; 2026-11-01: they fall back.
    const spring = at('2026-03-08T12:00:00Z');
    expect(quotaBucketStart(PACIFIC_DAY, spring)).toEqual(at('2026-03-08T08:00:00Z'));
    expect(quotaFreesAt(PACIFIC_DAY, [], spring, 1, 1, 'used')).toEqual(at('2026-03-09T07:00:00Z'));
    const fall = at('2026-11-01T12:00:00Z');
    expect(quotaBucketStart(PACIFIC_DAY, fall)).toEqual(at('2026-11-01T07:00:00Z'));
    expect(quotaFreesAt(PACIFIC_DAY, [], fall, 1, 1, 'used')).toEqual(at('2026-11-02T08:00:00Z'));
  });

  it('a calendar day counts only today: yesterday’s units are gone at midnight Pacific', () => {
    const buckets: QuotaBucket[] = [
      { start: at('2026-11-28T08:00:00Z'), used: 90, backfillUsed: 50 },
      { start: at('2026-11-29T08:00:00Z'), used: 3, backfillUsed: 1 },
    ];
    expect(quotaUsed(PACIFIC_DAY, buckets, at('2026-11-29T07:59:59.999Z'))).toEqual({ used: 90, backfillUsed: 50 });
    expect(quotaUsed(PACIFIC_DAY, buckets, at('2026-11-29T08:00:00Z'))).toEqual({ used: 3, backfillUsed: 1 });
  });

  it('a sliding 24 hours keeps a bucket while any of it is inside the window, and frees it 24 h after its end', () => {
    const buckets: QuotaBucket[] = [
      { start: at('2026-11-28T10:00:00Z'), used: 40, backfillUsed: 0 },
      { start: at('2026-11-28T10:15:00Z'), used: 60, backfillUsed: 0 },
    ];
    expect(quotaUsed(SLIDING_DAY, buckets, at('2026-11-29T10:14:59.999Z')).used).toBe(100);
    expect(quotaUsed(SLIDING_DAY, buckets, at('2026-11-29T10:15:00Z')).used).toBe(60);
    expect(quotaFreesAt(SLIDING_DAY, buckets, at('2026-11-29T09:00:00Z'), 1, 100, 'used')).toEqual(at('2026-11-29T10:15:00Z'));
    // Needing 50 units: the first bucket's 40 are not enough; the second must slide out too.
    expect(quotaFreesAt(SLIDING_DAY, buckets, at('2026-11-29T09:00:00Z'), 50, 100, 'used')).toEqual(at('2026-11-29T10:30:00Z'));
  });
});

test.prop([fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })])(
  'every window starts within LONGEST_WINDOW_MS of now, DST days included (older counts are never read)',
  (now) => {
    for (const window of [PACIFIC_DAY, SLIDING_DAY]) expect(now.getTime() - quotaWindowStart(window, now).getTime()).toBeLessThanOrEqual(LONGEST_WINDOW_MS);
  },
);

describe('decideReservation', () => {
  const now = ms('2026-11-29T12:00:00Z');

  it('reserves the next slot and counts the units in today’s bucket, backfill units apart', () => {
    const decision = decideReservation(limits(), idle, [], request(now, { units: 50, backfill: true }), now);
    expect(decision).toEqual({
      outcome: 'reserved',
      startMs: now,
      pace: { ...idle, nextSlotMs: now + slotIntervalMs(10) },
      charge: { bucketStart: at('2026-11-29T08:00:00Z'), units: 50, backfillUnits: 50 },
    });
  });

  it('a call starts no sooner than its reservation can be stored (its lead); a later slot is not moved', () => {
    expect(decideReservation(limits(), idle, [], request(now, { leadMs: 30 }), now)).toMatchObject({ startMs: now + 30, pace: { nextSlotMs: now + 30 + slotIntervalMs(10) } });
    const busy = { ...idle, nextSlotMs: now + 500 };
    expect(decideReservation(limits(), busy, [], request(now, { leadMs: 30 }), now)).toMatchObject({ startMs: now + 500, pace: { nextSlotMs: now + 500 + slotIntervalMs(10) } });
  });

  it('used + n ≤ limit: the last unit of the quota is granted, the next waits for the reset', () => {
    const buckets = [{ start: at('2026-11-29T08:00:00Z'), used: 99, backfillUsed: 0 }];
    expect(decideReservation(limits(), idle, buckets, request(now), now).outcome).toBe('reserved');
    const full = [{ ...buckets[0]!, used: 100 }];
    expect(decideReservation(limits(), idle, full, request(now), now)).toEqual({
      outcome: 'wait',
      retryAt: at('2026-11-30T08:00:00Z'),
      reason: expect.stringContaining('daily quota spent (100/100)'),
    });
  });

  it('a backfill stops at its share while other calls use the rest', () => {
    const buckets = [{ start: at('2026-11-29T08:00:00Z'), used: 60, backfillUsed: 50 }];
    expect(decideReservation(limits(), idle, buckets, request(now, { backfill: true }), now)).toMatchObject({ outcome: 'wait', retryAt: at('2026-11-30T08:00:00Z'), reason: expect.stringContaining('backfill share') });
    expect(decideReservation(limits(), idle, buckets, request(now, { backfill: false }), now).outcome).toBe('reserved');
  });

  it('a quota or share of 0, or a call bigger than the quota, is blocked until a person raises it', () => {
    expect(decideReservation(limits({ dailyQuota: 0 }), idle, [], request(now), now).outcome).toBe('blocked');
    expect(decideReservation(limits({ backfillShare: 0 }), idle, [], request(now, { backfill: true }), now).outcome).toBe('blocked');
    expect(decideReservation(limits({ backfillShare: 0 }), idle, [], request(now, { backfill: false }), now).outcome).toBe('reserved');
    expect(decideReservation(limits({ dailyQuota: 40 }), idle, [], request(now, { units: 50 }), now).outcome).toBe('blocked');
  });

  it('no daily quota: only the rate applies', () => {
    const decision = decideReservation(limits({ dailyQuota: null }), idle, [{ start: at('2026-11-29T08:00:00Z'), used: 1e9, backfillUsed: 1e9 }], request(now, { backfill: true }), now);
    expect(decision.outcome).toBe('reserved');
  });

  it('a hold past the latest start is a wait until the hold ends; a shorter one delays the start', () => {
    const held = { ...idle, heldUntilMs: now + 30_000, heldReason: '429' };
    expect(decideReservation(limits(), held, [], request(now), now)).toMatchObject({ outcome: 'wait', retryAt: new Date(now + 30_000) });
    const shortly = { ...idle, heldUntilMs: now + 2_000, heldReason: '429' };
    expect(decideReservation(limits(), shortly, [], request(now), now)).toMatchObject({ outcome: 'reserved', startMs: now + 2_000 });
  });

  it('a slot further than the latest start is refused without reserving it', () => {
    const busy = { ...idle, nextSlotMs: now + 20_000 };
    expect(decideReservation(limits(), busy, [], request(now), now)).toMatchObject({ outcome: 'wait', retryAt: new Date(now + 20_000) });
  });

  it('a cost bucket delays the start until it holds the cost, at its restore rate', () => {
    const bucket = { available: 100, capacity: 1_000, restorePerSecond: 50, atMs: now };
    const decision = decideReservation(limits({ dailyQuota: null }), { ...idle, bucket }, [], request(now, { cost: 200 }), now);
    expect(decision).toMatchObject({ outcome: 'reserved', startMs: now + 2_000, pace: { bucket: { available: -100 } } });
  });

  it('before the vendor reported its bucket, the one the spec assumes is used, full', () => {
    const assumed = limits({ dailyQuota: null, costBucket: { capacity: 1_000, restorePerSecond: 50 } });
    const first = decideReservation(assumed, idle, [], request(now, { cost: 900 }), now);
    expect(first).toMatchObject({ outcome: 'reserved', startMs: now, pace: { bucket: { available: 100, capacity: 1_000, restorePerSecond: 50 } } });
    const second = decideReservation(assumed, first.outcome === 'reserved' ? first.pace : idle, [], request(now, { cost: 200 }), now);
    expect(second).toMatchObject({ outcome: 'reserved', startMs: now + 2_000 });
  });

  test.prop([fc.integer({ min: 1, max: 50 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 100 })), { minLength: 1, maxLength: 200 })])(
    'whenever callers ask, with whatever lead, the starts reserved never put more than the rate in any sliding second',
    (rate, calls) => {
      let pace = idle;
      let clock = now;
      const starts: number[] = [];
      for (const [gap, leadMs] of calls) {
        clock += gap;
        const decision = decideReservation(limits({ requestsPerSecond: rate, dailyQuota: null }), pace, [], request(clock, { leadMs }), clock);
        if (decision.outcome !== 'reserved') continue;
        pace = decision.pace;
        starts.push(decision.startMs);
      }
      starts.sort((a, b) => a - b);
      for (let i = rate; i < starts.length; i++) expect(starts[i]! - starts[i - rate]!).toBeGreaterThanOrEqual(1_000);
    },
  );

  test.prop([fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.tuple(fc.integer({ min: 1, max: 60 }), fc.boolean(), fc.integer({ min: 0, max: 3 * 3_600_000 })), { maxLength: 150 })])(
    'over a sliding 24 hours, the units charged never exceed the quota, nor backfill units their share',
    (quota, share, calls) => {
      const budget = limits({ dailyQuota: quota, backfillShare: share, quotaWindow: SLIDING_DAY, requestsPerSecond: 1_000 });
      const buckets = new Map<number, QuotaBucket>();
      const charges: { at: number; units: number; backfill: number }[] = [];
      let clock = now;
      for (const [units, backfill, gap] of calls) {
        clock += gap;
        const decision = decideReservation(budget, idle, [...buckets.values()], request(clock, { units, backfill }), clock);
        if (decision.outcome !== 'reserved') continue;
        const key = decision.charge.bucketStart.getTime();
        const bucket = buckets.get(key) ?? { start: decision.charge.bucketStart, used: 0, backfillUsed: 0 };
        buckets.set(key, { ...bucket, used: bucket.used + decision.charge.units, backfillUsed: bucket.backfillUsed + decision.charge.backfillUnits });
        charges.push({ at: clock, units: decision.charge.units, backfill: decision.charge.backfillUnits });
      }
      for (const charge of charges) {
        const inWindow = charges.filter((other) => other.at > charge.at - 86_400_000 && other.at <= charge.at);
        expect(inWindow.reduce((sum, c) => sum + c.units, 0)).toBeLessThanOrEqual(quota);
        expect(inWindow.reduce((sum, c) => sum + c.backfill, 0)).toBeLessThanOrEqual(Math.floor(quota * share));
      }
    },
  );
});

describe('giveBackReservation', () => {
  it('frees the slot when it was the last one reserved, and returns the cost', () => {
    const pace: PaceState = { ...idle, nextSlotMs: 1_103, bucket: { available: -50, capacity: 1_000, restorePerSecond: 50, atMs: 0 } };
    expect(giveBackReservation(pace, { startMs: 1_000, slotEndMs: 1_103, cost: 80 })).toEqual({ ...pace, nextSlotMs: 1_000, bucket: { ...pace.bucket!, available: 30 } });
  });

  it('keeps a slot that later reservations were spaced after', () => {
    const pace: PaceState = { ...idle, nextSlotMs: 1_206 };
    expect(giveBackReservation(pace, { startMs: 1_000, slotEndMs: 1_103, cost: 0 }).nextSlotMs).toBe(1_206);
  });
});

describe('refillBucket', () => {
  it('refills at the restore rate up to the capacity', () => {
    const bucket = { available: -100, capacity: 1_000, restorePerSecond: 50, atMs: 0 };
    expect(refillBucket(bucket, 4_000).available).toBe(100);
    expect(refillBucket(bucket, 60_000).available).toBe(1_000);
  });
});

describe('foldObservation', () => {
  const now = ms('2026-11-29T12:00:00Z');

  it('fewer left today at the vendor than counted: the difference is counted now', () => {
    expect(foldObservation(limits({ dailyQuota: 10_000 }), idle, 100, { remainingToday: { remaining: 9_000, limit: 10_000 } }, now).extraUnits).toBe(900);
    expect(foldObservation(limits({ dailyQuota: 10_000 }), idle, 100, { remainingToday: { remaining: 9_950 } }, now).extraUnits).toBe(0);
  });

  it('the vendor’s own limit counts when it is lower than the configured one', () => {
    expect(foldObservation(limits({ dailyQuota: 10_000 }), idle, 0, { remainingToday: { remaining: 4_000, limit: 5_000 } }, now).extraUnits).toBe(1_000);
  });

  it('nothing left this second, of a limit Sluice’s own pace could fill: held only until the oldest of those calls is a second old', () => {
    // 10/s is paced 103 ms apart: the vendor's 10 calls span 927 ms at least, so its second frees
    // 73 ms on — before Sluice's next slot. Paced at the vendor's limit, Sluice is not slowed.
    expect(foldObservation(limits(), idle, 0, { remainingThisSecond: 0, limitPerSecond: 10 }, now).pace).toMatchObject({ heldUntilMs: now + 73 });
    // Paced at 20/s (52 ms) against a vendor's 10: its 10 calls may span only 468 ms.
    expect(foldObservation(limits({ requestsPerSecond: 20 }), idle, 0, { remainingThisSecond: 0, limitPerSecond: 10 }, now).pace).toMatchObject({ heldUntilMs: now + 532 });
    expect(foldObservation(limits(), idle, 0, { remainingThisSecond: 3, limitPerSecond: 10 }, now).pace).toEqual(idle);
  });

  it('nothing left this second that Sluice’s own calls cannot explain, or of an unknown limit: every call waits a second', () => {
    // At 10/s Sluice fits at most 10 calls in a second: a vendor second of 20 was filled by others too.
    expect(foldObservation(limits(), idle, 0, { remainingThisSecond: 0, limitPerSecond: 20 }, now).pace).toMatchObject({ heldUntilMs: now + 1_000 });
    expect(foldObservation(limits(), idle, 0, { remainingThisSecond: 0 }, now).pace).toMatchObject({ heldUntilMs: now + 1_000 });
    const later = { ...idle, heldUntilMs: now + 5_000, heldReason: 'Retry-After' };
    expect(foldObservation(limits(), later, 0, { remainingThisSecond: 0, limitPerSecond: 10 }, now).pace).toBe(later);
  });

  it('the vendor’s bucket replaces ours, never fuller than ours after the refund', () => {
    const ours = { available: 200, capacity: 1_000, restorePerSecond: 50, atMs: now };
    const folded = foldObservation(limits(), { ...idle, bucket: ours }, 0, { bucket: { available: 900, capacity: 2_000, restorePerSecond: 100, refund: 150 } }, now);
    expect(folded.pace.bucket).toEqual({ available: 350, capacity: 2_000, restorePerSecond: 100, atMs: now });
    const lower = foldObservation(limits(), { ...idle, bucket: ours }, 0, { bucket: { available: 120, capacity: 1_000, restorePerSecond: 50 } }, now);
    expect(lower.pace.bucket!.available).toBe(120);
  });
});

describe('budgetBlocks', () => {
  const now = ms('2026-11-29T12:00:00Z');
  const today = (used: number, backfillUsed: number) => [{ start: at('2026-11-29T08:00:00Z'), used, backfillUsed }];

  it('the share spent blocks backfills only, until the reset', () => {
    expect(budgetBlocks(limits(), idle, today(50, 50), now, 10_000)).toEqual({ all: null, backfill: { until: at('2026-11-30T08:00:00Z'), reason: expect.stringContaining('backfill share') } });
  });

  it('the quota spent, or a long hold, blocks everything; a short hold or a busy rate blocks nothing', () => {
    expect(budgetBlocks(limits(), idle, today(100, 10), now, 10_000).all?.until).toEqual(at('2026-11-30T08:00:00Z'));
    expect(budgetBlocks(limits(), { ...idle, heldUntilMs: now + 60_000, heldReason: 'quotaExceeded' }, [], now, 10_000).all?.until).toEqual(new Date(now + 60_000));
    expect(budgetBlocks(limits(), { ...idle, heldUntilMs: now + 1_000, heldReason: '429', nextSlotMs: now + 60_000 }, [], now, 10_000)).toEqual({ all: null, backfill: null });
  });

  it('a share of 0 blocks backfills until a person changes it', () => {
    expect(budgetBlocks(limits({ backfillShare: 0 }), idle, [], now, 10_000).backfill).toEqual({ until: null, reason: expect.stringContaining('backfill share') });
  });
});
