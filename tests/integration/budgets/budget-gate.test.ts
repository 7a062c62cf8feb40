import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createBudgetGate, type BudgetGate, type LimitsCache } from '../../../lib/budgets/budget-gate.js';
import { LATE_START_MS, PACIFIC_DAY, slotIntervalMs } from '../../../lib/budgets/budget-policy.js';
import { readBudgetStates, refId } from '../../../lib/budgets/budget-store.repository.js';
import type { RateLimitConfig } from '../../../lib/budgets/rate-limit-config.js';
import { runAsSpender, type Spender } from '../../../lib/budgets/spender.js';
import type { BudgetSpec } from '../../../lib/connectors/connector.js';
import { BudgetBlockedError, RateLimitedError } from '../../../lib/errors.js';
import { systemClock } from '../../../lib/shared/clock.js';
import { silentLogger } from '../../../lib/shared/logger.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// The gate every platform call spends through (lib/budgets/budget-gate.ts), on a real store.
const spec = (key: string, over: Partial<BudgetSpec> = {}): BudgetSpec => ({
  key,
  scope: 'account',
  requestsPerSecond: 2,
  dailyQuota: 100,
  quotaWindow: PACIFIC_DAY,
  unit: 'requests',
  backfillShare: 0.5,
  spentBy: ['test.kind'],
  ...over,
});

describeEachEngine('the budget gate', (engine) => {
  let database: TestDatabase;
  let limits: RateLimitConfig = {};
  let gate: BudgetGate;
  const cache: LimitsCache = { current: async () => limits, invalidate() {} };
  const specs = [spec('slow'), spec('held'), spec('shares'), spec('aborts', { requestsPerSecond: 0.2 }), spec('brief', { requestsPerSecond: 50 }), spec('stubborn', { requestsPerSecond: 50 })];
  const spender = (over: Partial<Spender> = {}): Spender => ({ accountKey: 'shop-1', backfill: false, deadline: new Date(Date.now() + 60_000), ...over });
  const usedOf = async (budget: string, key = 'shop-1') => {
    const states = await readBudgetStates(database.db, new Date(Date.now() - 2 * 86_400_000));
    return (states.buckets.get(refId({ budget, key })) ?? []).reduce((sum, b) => sum + b.used, 0);
  };

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    gate = createBudgetGate({ db: database.db, clock: systemClock, logger: silentLogger, specs, limits: cache });
  });
  afterAll(() => database?.drop());

  it('an account-scoped budget counts each account apart, under the task’s account', async () => {
    await runAsSpender(spender({ accountKey: 'shop-1' }), () => gate.spend('slow', { units: 3 }, async () => 'sent'));
    await runAsSpender(spender({ accountKey: 'shop-2' }), () => gate.spend('slow', {}, async () => 'sent'));
    expect([await usedOf('slow', 'shop-1'), await usedOf('slow', 'shop-2')]).toEqual([3, 1]);
  });

  it('a slot further away than the deadline is refused without waiting, naming when it frees up', async () => {
    // 2 requests/s: the second slot is 515 ms after the first, past this deadline whenever the
    // first starts; 400 ms leaves the first call room for a slow store (its lead) under load.
    const deadline = new Date(Date.now() + 400);
    await runAsSpender(spender({ accountKey: 'shop-3', deadline }), () => gate.spend('slow', {}, async () => 'sent'));
    const refused = runAsSpender(spender({ accountKey: 'shop-3', deadline }), () => gate.spend('slow', {}, async () => 'sent'));
    await expect(refused).rejects.toBeInstanceOf(RateLimitedError);
    await expect(refused).rejects.toMatchObject({ message: expect.stringContaining('next request slot') });
  });

  it('the vendor’s 429 from the call holds the budget for every later caller until its retryAt', async () => {
    const retryAt = new Date(Date.now() + 3_600_000);
    await expect(runAsSpender(spender(), () => gate.spend('held', {}, async () => Promise.reject(new RateLimitedError('429 from the vendor', retryAt))))).rejects.toBeInstanceOf(RateLimitedError);
    let sent = false;
    const later = runAsSpender(spender({ accountKey: 'shop-1' }), () => gate.spend('held', {}, async () => void (sent = true)));
    await expect(later).rejects.toMatchObject({ name: 'RateLimitedError', retryAt, message: expect.stringContaining('429 from the vendor') });
    expect(sent).toBe(false);
  });

  it('a vendor’s 429 with a Retry-After within the call’s longest wait is sat out: the call is sent again after the hold, not handed to the task', async () => {
    // Etsy answers a crowded second with Retry-After: 1. Rescheduling the task for that second
    // cost it the rest of its invocation (nothing else was ready, so its lane ended).
    const sends: number[] = [];
    const refusedOnce = async () => {
      sends.push(Date.now());
      if (sends.length === 1) throw new RateLimitedError('429 from the vendor', new Date(Date.now() + 300));
      return 'sent';
    };
    expect(await runAsSpender(spender(), () => gate.spend('brief', {}, refusedOnce))).toBe('sent');
    expect(sends).toHaveLength(2);
    expect(sends[1]! - sends[0]!).toBeGreaterThanOrEqual(290);
    expect(await usedOf('brief')).toBe(2); // the vendor counts the refused call too
  });

  it('a vendor that keeps refusing, or asks for longer than the call may wait, is the task’s to reschedule', async () => {
    let sends = 0;
    const alwaysRefused = async () => {
      sends++;
      throw new RateLimitedError('429 from the vendor', new Date(Date.now() + 50));
    };
    await expect(runAsSpender(spender({ accountKey: 'shop-4' }), () => gate.spend('stubborn', {}, alwaysRefused))).rejects.toBeInstanceOf(RateLimitedError);
    expect(sends).toBe(3); // the first refusal and two sat out
    const deadline = new Date(Date.now() + 1_000);
    let late = 0;
    const pastTheDeadline = async () => {
      late++;
      throw new RateLimitedError('429 from the vendor', new Date(Date.now() + 5_000));
    };
    await expect(runAsSpender(spender({ accountKey: 'shop-5', deadline }), () => gate.spend('stubborn', {}, pastTheDeadline))).rejects.toBeInstanceOf(RateLimitedError);
    expect(late).toBe(1);
  });

  it('a backfill with no share is blocked for a person to raise it; other calls go on', async () => {
    limits = { shares: { requests_per_second: 100, daily_quota: 100, backfill_share: 0, concurrency: 1 } };
    try {
      await expect(runAsSpender(spender({ backfill: true }), () => gate.spend('shares', {}, async () => 'sent'))).rejects.toBeInstanceOf(BudgetBlockedError);
      await expect(runAsSpender(spender({ backfill: false }), () => gate.spend('shares', {}, async () => 'sent'))).resolves.toBe('sent');
    } finally {
      limits = {};
    }
  });

  it('a call that starts late past its slot (a busy event loop) takes a new slot instead of bunching with the next calls', async () => {
    // A clock the sleeps move: the first wait overshoots its slot by 200 ms, the second is on time.
    let shift = 0;
    const clock = { now: () => new Date(Date.now() + shift) };
    const overshoots = [200, 0];
    const sleeps: number[] = [];
    const lateGate = createBudgetGate({
      db: database.db,
      clock,
      logger: silentLogger,
      specs: [spec('late', { requestsPerSecond: 10, scope: 'app' })],
      limits: cache,
      sleep: async (ms) => {
        sleeps.push(ms);
        shift += Math.max(0, ms) + (overshoots.shift() ?? 0);
      },
    });
    let sentAt = 0;
    await runAsSpender(spender(), () => lateGate.spend('late', {}, async () => void (sentAt = clock.now().getTime())));
    expect(sleeps).toHaveLength(2);
    // Its units were counted once: the late slot's went back.
    expect(await usedOf('late', 'app')).toBe(1);
    const states = await readBudgetStates(database.db, new Date(Date.now() - 86_400_000));
    const nextSlot = states.paces.get(refId({ budget: 'late', key: 'app' }))!.nextSlotMs!;
    expect(nextSlot - sentAt).toBeLessThanOrEqual(slotIntervalMs(10) + LATE_START_MS);
  });

  it('a call whose task lost its lease while waiting for its slot gives the reservation back and is never sent', async () => {
    // At 0.2/s the second call's slot is ~5 s away: it waits, and the lease is lost meanwhile.
    await runAsSpender(spender(), () => gate.spend('aborts', {}, async () => 'sent'));
    const lost = new AbortController();
    let sent = false;
    const waiting = runAsSpender(spender({ signal: lost.signal }), () => gate.spend('aborts', {}, async () => void (sent = true)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    lost.abort(new Error('lease lost'));
    await expect(waiting).rejects.toThrow('lease lost');
    expect(sent).toBe(false);
    expect(await usedOf('aborts')).toBe(1);
    // Its slot was given back: the next call may take it (it waits the same ~5 s, not ~10).
    const states = await readBudgetStates(database.db, new Date(Date.now() - 86_400_000));
    const nextSlot = states.paces.get(refId({ budget: 'aborts', key: 'shop-1' }))!.nextSlotMs!;
    expect(nextSlot - Date.now()).toBeLessThan(6_000);
  });
});
