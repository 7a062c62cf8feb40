import { fc, test } from '@fast-check/jest';
import { describe, expect, it } from '@jest/globals';
import { bandOf, classOf, fairPriorities, FAIR_BAND, levelOf, MAX_CLASS, MAX_LEVEL, MIN_CLASS, type FairStart } from '../../../lib/jobs/fair-queue.js';

// Fairness across tenants (DESIGN.md "Budgets"), on a model of the queue: tasks are claimed in
// (priority, arrival) order — the claim's (priority, run_after, id) with every task ready — and
// each enqueue reads the front and the tenant's last level as lib/jobs does.

interface ModelTask {
  tenant: string;
  /** The tenant's own count: its tasks are to run in this order. */
  seq: number;
  priority: number;
  id: number;
}

class ModelQueue {
  private queued: ModelTask[] = [];
  private nextId = 1;
  private readonly enqueued = new Map<string, number>();

  /** A job's tasks of one tenant and class, as the jobs layer enqueues them. */
  enqueue(tenant: string, count: number, classPriority = 10): number[] {
    const band = bandOf(classPriority);
    const inClass = this.queued.filter((task) => task.priority >= band.from && task.priority < band.to);
    const levels = (tasks: ModelTask[]) => tasks.map((task) => levelOf(task.priority));
    const start: FairStart = {
      systemLevel: inClass.length === 0 ? 0 : Math.min(...levels(inClass)),
      tenantLast: Math.max(-1, ...levels(inClass.filter((task) => task.tenant === tenant))),
    };
    const priorities = fairPriorities(classPriority, count, start);
    for (const priority of priorities) {
      const seq = this.enqueued.get(tenant) ?? 0;
      this.enqueued.set(tenant, seq + 1);
      this.queued.push({ tenant, seq, priority, id: this.nextId++ });
    }
    return priorities;
  }

  claim(): ModelTask | undefined {
    this.queued.sort((a, b) => a.priority - b.priority || a.id - b.id);
    return this.queued.shift();
  }

  claimAll(): ModelTask[] {
    const claimed: ModelTask[] = [];
    for (let task = this.claim(); task; task = this.claim()) claimed.push(task);
    return claimed;
  }

  waitingTasks(): readonly ModelTask[] {
    return this.queued;
  }

  /** Tenants with tasks waiting. */
  waiting(): Set<string> {
    return new Set(this.queued.map((task) => task.tenant));
  }
}

const tenant = fc.constantFrom('a', 'b', 'c', 'd', 'e');
/** Enqueues (a tenant's batch) and claims, in any order. */
const operations = fc.array(
  fc.oneof(
    fc.record({ enqueue: tenant, count: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ claims: fc.integer({ min: 1, max: 15 }) }),
  ),
  { maxLength: 30 },
);
const start = fc.record({ systemLevel: fc.integer({ min: 0, max: MAX_LEVEL + 10 }), tenantLast: fc.integer({ min: -1, max: MAX_LEVEL + 10 }) });
const classPriority = fc.integer({ min: MIN_CLASS, max: MAX_CLASS });

describe('fairPriorities', () => {
  it('starts at the later of the front and the tenant\'s last level + 1, one level per task', () => {
    expect(fairPriorities(10, 3, { systemLevel: 0, tenantLast: -1 })).toEqual([10_000_000, 10_000_001, 10_000_002]);
    expect(fairPriorities(10, 2, { systemLevel: 7, tenantLast: 3 })).toEqual([10_000_007, 10_000_008]);
    expect(fairPriorities(0, 2, { systemLevel: 7, tenantLast: 20 })).toEqual([21, 22]);
  });

  it('stops at the last level of the band: past it, a class is first come, first served', () => {
    expect(fairPriorities(0, 3, { systemLevel: MAX_LEVEL - 1, tenantLast: -1 })).toEqual([MAX_LEVEL - 1, MAX_LEVEL, MAX_LEVEL]);
  });

  it('refuses a class whose band does not fit the priority column', () => {
    expect(() => fairPriorities(MAX_CLASS + 1, 1, { systemLevel: 0, tenantLast: -1 })).toThrow(RangeError);
    expect(() => fairPriorities(1.5, 1, { systemLevel: 0, tenantLast: -1 })).toThrow(RangeError);
    expect(() => bandOf(MIN_CLASS - 1)).toThrow(RangeError);
  });

  test.prop([classPriority, fc.integer({ min: 0, max: 50 }), start])('never leaves its class\'s band, and fits a MySQL INT', (c, count, at) => {
    for (const priority of fairPriorities(c, count, at)) {
      expect(classOf(priority)).toBe(c);
      expect(levelOf(priority)).toBeGreaterThanOrEqual(0);
      expect(levelOf(priority)).toBeLessThanOrEqual(MAX_LEVEL);
      expect(Math.abs(priority)).toBeLessThanOrEqual(2 ** 31 - 1);
    }
  });

  test.prop([fc.integer({ min: 1, max: 50 }), start, fc.integer({ min: 1, max: 50 }), start])(
    'a sync task (class 0) sorts before every backfill task (class 10), whatever their levels',
    (syncCount, syncStart, backfillCount, backfillStart) => {
      expect(Math.max(...fairPriorities(0, syncCount, syncStart))).toBeLessThan(Math.min(...fairPriorities(10, backfillCount, backfillStart)));
    },
  );

  test.prop([classPriority, fc.integer({ min: 0, max: MAX_LEVEL })])('classOf and levelOf read back what was encoded', (c, level) => {
    expect([classOf(c * FAIR_BAND + level), levelOf(c * FAIR_BAND + level)]).toEqual([c, level]);
  });
});

describe('the claim order fairPriorities gives', () => {
  test.prop([fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 5 })])(
    'tenants enqueued together are served round-robin, one task each in turn, in the order they came',
    (counts) => {
      const queue = new ModelQueue();
      const tenants = counts.map((_, index) => `t${index}`);
      counts.forEach((count, index) => queue.enqueue(tenants[index]!, count));
      const roundRobin: string[] = [];
      for (let round = 0; round < Math.max(...counts); round++) roundRobin.push(...tenants.filter((_, index) => counts[index]! > round));
      expect(queue.claimAll().map((task) => task.tenant)).toEqual(roundRobin);
    },
  );

  it('a small tenant\'s backfill after a big one\'s runs interleaved, not after it', () => {
    const queue = new ModelQueue();
    queue.enqueue('big', 40);
    queue.enqueue('small', 3);
    expect(queue.claimAll().slice(0, 7).map((task) => task.tenant)).toEqual(['big', 'small', 'big', 'small', 'big', 'small', 'big']);
  });

  test.prop([operations])('a tenant\'s tasks are claimed in the order it enqueued them', (ops) => {
    const queue = new ModelQueue();
    const claimed: ModelTask[] = [];
    for (const op of ops) {
      if ('enqueue' in op) queue.enqueue(op.enqueue, op.count);
      else for (let n = 0; n < op.claims; n++) claimed.push(...[queue.claim()].filter((task) => task !== undefined));
    }
    claimed.push(...queue.claimAll());
    for (const name of new Set(claimed.map((task) => task.tenant))) {
      const seqs = claimed.filter((task) => task.tenant === name).map((task) => task.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });

  test.prop([operations, tenant, fc.integer({ min: 1, max: 12 })])(
    'a tenant arriving with nothing waiting starts at the front: after the tasks waiting there, before everyone\'s next one',
    (ops, newcomer, count) => {
      const queue = new ModelQueue();
      for (const op of ops) {
        if ('enqueue' in op) queue.enqueue(op.enqueue, op.count);
        else for (let n = 0; n < op.claims; n++) queue.claim();
      }
      fc.pre(!queue.waiting().has(newcomer));
      const others = queue.waiting().size;
      const front = Math.min(...queue.waitingTasks().map((task) => task.priority));
      const atFront = new Set(queue.waitingTasks().filter((task) => task.priority === front).map((task) => task.tenant));
      queue.enqueue(newcomer, count);
      const claimed = queue.claimAll().map((task) => task.tenant);
      const first = claimed.indexOf(newcomer);
      // Not behind everyone: at most one task of each other waiting tenant goes first.
      expect(first).toBeLessThanOrEqual(others);
      // Not ahead of the line: the tasks already at the front go first.
      for (const name of atFront) expect(claimed.indexOf(name)).toBeLessThan(first);
    },
  );

  test.prop([operations])('every level is one round: a tenant never has two tasks waiting at the same level', (ops) => {
    const queue = new ModelQueue();
    for (const op of ops) {
      if ('enqueue' in op) queue.enqueue(op.enqueue, op.count);
      else for (let n = 0; n < op.claims; n++) queue.claim();
    }
    const turns = queue.waitingTasks().map((task) => `${task.tenant}@${levelOf(task.priority)}`);
    expect(new Set(turns).size).toBe(turns.length);
  });
});
