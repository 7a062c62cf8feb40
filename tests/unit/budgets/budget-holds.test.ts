import { describe, expect, it } from '@jest/globals';
import { planBudgetHolds } from '../../../lib/budgets/budget-holds.js';
import { PACIFIC_DAY, type PaceState } from '../../../lib/budgets/budget-policy.js';
import { refId, type BudgetStates } from '../../../lib/budgets/budget-store.repository.js';
import type { RateLimitConfig } from '../../../lib/budgets/rate-limit-config.js';
import type { DeclaredBudget } from '../../../lib/budgets/rate-limit-config.service.js';

const now = Date.parse('2026-11-29T12:00:00.000Z');
const reset = new Date('2026-11-30T08:00:00.000Z');
const idle: PaceState = { nextSlotMs: null, heldUntilMs: null, heldReason: null, bucket: null };
const spec = (over: Partial<DeclaredBudget> = {}): DeclaredBudget => ({
  platform: 'shop',
  key: 'shop',
  scope: 'account',
  requestsPerSecond: 10,
  dailyQuota: 100,
  quotaWindow: PACIFIC_DAY,
  unit: 'requests',
  backfillShare: 0.5,
  spentBy: ['shop.orders'],
  ...over,
});
const limits = (over: Partial<RateLimitConfig[string]> = {}): RateLimitConfig => ({ shop: { requests_per_second: 10, daily_quota: 100, backfill_share: 0.5, concurrency: 4, ...over } });
function states(entries: { key: string; pace?: Partial<PaceState>; used?: number; backfillUsed?: number; deferredUntilMs?: number; backfillDeferredUntilMs?: number }[]): BudgetStates {
  const result: BudgetStates = { paces: new Map(), buckets: new Map() };
  for (const entry of entries) {
    const ref = { budget: 'shop', key: entry.key };
    result.paces.set(refId(ref), { ref, ...idle, ...entry.pace, deferredUntilMs: entry.deferredUntilMs ?? null, backfillDeferredUntilMs: entry.backfillDeferredUntilMs ?? null });
    result.buckets.set(refId(ref), [{ start: new Date('2026-11-29T08:00:00.000Z'), used: entry.used ?? 0, backfillUsed: entry.backfillUsed ?? 0 }]);
  }
  return result;
}

describe('planBudgetHolds', () => {
  it('nothing spent: no holds; the budget’s paused tasks may run', () => {
    expect(planBudgetHolds([spec()], limits(), states([{ key: 'a', used: 10 }]), now)).toEqual({ holds: [], releases: [{ platform: 'shop', kinds: ['shop.orders'] }], undefers: [] });
  });

  it('one account’s share spent holds its backfills until the reset; another account is untouched', () => {
    const { holds } = planBudgetHolds([spec()], limits(), states([{ key: 'a', used: 50, backfillUsed: 50 }, { key: 'b', used: 3 }]), now);
    expect(holds).toEqual([{ platform: 'shop', budget: 'shop', kinds: ['shop.orders'], scope: 'account', key: 'a', backfillOnly: true, until: reset, reason: expect.stringContaining('backfill share') }]);
  });

  it('a quota spent or a vendor hold holds every task of the key', () => {
    const { holds } = planBudgetHolds([spec()], limits(), states([{ key: 'a', used: 100 }, { key: 'b', pace: { heldUntilMs: now + 60_000, heldReason: '429' } }]), now);
    expect(holds.map((hold) => [hold.key, hold.backfillOnly, hold.until])).toEqual([
      ['a', false, reset],
      ['b', false, new Date(now + 60_000)],
    ]);
  });

  it('a share of 0 holds every key’s backfills for a person, and releases only the other jobs’ tasks', () => {
    const plan = planBudgetHolds([spec()], limits({ backfill_share: 0 }), states([]), now);
    expect(plan.holds).toEqual([expect.objectContaining({ key: null, backfillOnly: true, until: null })]);
    expect(plan.releases).toEqual([{ platform: 'shop', kinds: ['shop.orders'], jobTypes: expect.not.arrayContaining(['data-collection']) }]);
  });

  it('a quota of 0 holds every task for a person and releases none', () => {
    const plan = planBudgetHolds([spec()], limits({ daily_quota: 0 }), states([{ key: 'a', used: 1 }]), now);
    expect(plan).toEqual({ holds: [expect.objectContaining({ key: null, backfillOnly: false, until: null })], releases: [], undefers: [] });
  });

  it('a budget no task kind spends holds nothing', () => {
    expect(planBudgetHolds([spec({ spentBy: [] })], limits(), states([{ key: 'a', used: 100 }]), now)).toEqual({ holds: [], releases: [], undefers: [] });
  });

  it('a limit raised while tasks wait for the reset: what was deferred goes back to the queue', () => {
    // The share was spent (50/50) and backfills deferred to the reset; now the share is 0.8.
    const waiting = states([{ key: 'a', used: 50, backfillUsed: 50, backfillDeferredUntilMs: reset.getTime() }]);
    expect(planBudgetHolds([spec()], limits(), waiting, now).undefers).toEqual([]);
    expect(planBudgetHolds([spec()], limits({ backfill_share: 0.8 }), waiting, now)).toMatchObject({ holds: [], undefers: [{ key: 'a', backfillOnly: true, from: reset }] });
    // The whole quota raised after it was spent: everything deferred goes back.
    const spent = states([{ key: 'a', used: 100, deferredUntilMs: reset.getTime() }]);
    expect(planBudgetHolds([spec()], limits({ daily_quota: 1_000 }), spent, now).undefers).toEqual([expect.objectContaining({ key: 'a', backfillOnly: false, from: reset })]);
  });

  it('a deferral already past, or still held as long, is left alone', () => {
    expect(planBudgetHolds([spec()], limits(), states([{ key: 'a', used: 1, deferredUntilMs: now - 1 }]), now).undefers).toEqual([]);
    expect(planBudgetHolds([spec()], limits(), states([{ key: 'a', used: 100, deferredUntilMs: reset.getTime() }]), now).undefers).toEqual([]);
  });
});
