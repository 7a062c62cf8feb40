import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { fromDbTime, toDbTime } from '../../../db/values.js';
import { createBudgetGate, createLimitsCache, type BudgetGate } from '../../../lib/budgets/budget-gate.js';
import { LATE_START_MS, PACIFIC_DAY, slotIntervalMs } from '../../../lib/budgets/budget-policy.js';
import { systemClock } from '../../../lib/shared/clock.js';
import { silentLogger } from '../../../lib/shared/logger.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// The gate paces calls by the slots it reserves; what the vendor counts is when they go out.
// A call sent later than its slot crowds the next slot's call, and the rate no longer holds over
// a sliding second. These make a call late on purpose — its reservation kept waiting for the
// budget's lock, its timer woken late by a busy event loop — and check the calls still go out a
// slot apart.

const RATE = 8;
const BUDGET = 'paced';
/** A slot apart, less what a call may be late by. */
const SLOT_APART = slotIntervalMs(RATE) - LATE_START_MS;

describeEachEngine('the budget gate sends calls a slot apart even when they are late', (engine) => {
  let database: TestDatabase;
  let gate: BudgetGate;
  /** When each call went out, by name. */
  let sent: Record<string, number>;
  const spend = (name: string) => gate.spend(BUDGET, {}, async () => void (sent[name] = Date.now()));

  beforeEach(async () => {
    sent = {};
    database = await createTestDatabase(engine, { connectionLimit: 4 });
    const spec = { key: BUDGET, scope: 'app' as const, requestsPerSecond: RATE, dailyQuota: null, quotaWindow: PACIFIC_DAY, unit: 'requests', backfillShare: 0.5, spentBy: [] };
    gate = createBudgetGate({ db: database.db, clock: systemClock, logger: silentLogger, specs: [spec], limits: createLimitsCache(async () => ({}), systemClock) });
  });
  afterEach(() => database?.drop());

  const pace = (nextSlotAt: Date | null) =>
    database.db.insertInto('budget_pace').values({ budget: BUDGET, budget_key: 'app', next_slot_at: nextSlotAt && toDbTime(nextSlotAt), updated_at: toDbTime(new Date()) }).execute();

  // SQLite has one writer: a second transaction in this process cannot wait for the first's lock.
  (engine === 'mysql' ? it : it.skip)('a reservation that waited for the lock is decided at the time it got it', async () => {
    await pace(null);
    let release!: () => void;
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const holder = database.db.transaction().execute(async (trx) => {
      await trx.selectFrom('budget_pace').selectAll().forUpdate().execute();
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await holding;
    const calls = [spend('a'), spend('b')];
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await holder;
    await Promise.all(calls);
    expect(Math.abs(sent.a! - sent.b!)).toBeGreaterThanOrEqual(SLOT_APART);
  });

  it('a call whose timer wakes late gives its slot up and takes a later one', async () => {
    const start = Date.now();
    await pace(new Date(start + 300));
    const a = spend('a');
    await waitForNextSlot(start + 300);
    const b = spend('b');
    await waitForNextSlot(start + 300 + slotIntervalMs(RATE));
    // A busy event loop: a's timer (due at +300) fires 60 ms late, before b's slot.
    busyUntil(start + 360);
    await Promise.all([a, b]);
    expect(Math.abs(sent.a! - sent.b!)).toBeGreaterThanOrEqual(SLOT_APART);
  });

  /** Until the budget's next slot is after `ms` (a reservation was stored). */
  async function waitForNextSlot(ms: number): Promise<void> {
    for (;;) {
      const row = await database.db.selectFrom('budget_pace').select('next_slot_at').executeTakeFirstOrThrow();
      if (row.next_slot_at !== null && fromDbTime(row.next_slot_at).getTime() > ms) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
});

function busyUntil(ms: number): void {
  while (Date.now() < ms) {
    // holds the event loop, as a neighbour's synchronous work would
  }
}
