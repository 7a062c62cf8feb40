import { describe, expect, it } from '@jest/globals';
import {
  acceptsCommand,
  canJobTransition,
  isActiveJob,
  isStale,
  jobStatusOf,
  JOB_COMMANDS,
  JOB_STATUSES,
  JOB_TRANSITIONS,
  nextJobStatus,
  STALE_AFTER_MS,
  type JobCommand,
  type JobStatus,
} from '../../../lib/jobs/job-lifecycle.js';
import type { StatusCounts } from '../../../lib/queue/repository/index.js';

// The lifecycle of DESIGN.md "Jobs" and job-lifecycle.ts, written out independently: every
// ordered pair of statuses with the verdict it must get.
const ALLOWED = new Set([
  'pending>running', 'pending>paused', 'pending>succeeded', 'pending>failed', 'pending>cancelled',
  'running>paused', 'running>succeeded', 'running>failed', 'running>cancelled',
  'paused>pending', 'paused>running', 'paused>succeeded', 'paused>failed', 'paused>cancelled',
]);
const ACTIVE: readonly JobStatus[] = ['pending', 'running', 'paused'];
const FINAL: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];
const pairs = JOB_STATUSES.flatMap((from) => JOB_STATUSES.map((to) => [from, to] as [JobStatus, JobStatus]));

describe('job lifecycle as data', () => {
  it('knows exactly the six statuses of DESIGN.md', () => {
    expect([...JOB_STATUSES].sort()).toEqual(['cancelled', 'failed', 'paused', 'pending', 'running', 'succeeded']);
    expect(Object.keys(JOB_TRANSITIONS).sort()).toEqual([...JOB_STATUSES].sort());
  });

  it.each(pairs)('canJobTransition %s → %s', (from, to) => {
    expect(canJobTransition(from, to)).toBe(ALLOWED.has(`${from}>${to}`));
  });

  it.each(pairs)('nextJobStatus: a job %s whose tasks say %s', (current, fromTasks) => {
    const next = nextJobStatus(current, fromTasks);
    if (FINAL.includes(current)) {
      // A job that ended never moves: a late task report cannot revive it.
      expect(next).toBe(current);
    } else {
      expect(next).toBe(current === fromTasks || ALLOWED.has(`${current}>${fromTasks}`) ? fromTasks : current);
    }
    // Whatever it answers is the current status or a move the table allows.
    expect(next === current || canJobTransition(current, next)).toBe(true);
  });

  it('has no self-transitions, only known targets, and final statuses with no way out', () => {
    for (const [from, targets] of Object.entries(JOB_TRANSITIONS)) {
      expect(targets).not.toContain(from);
      for (const to of targets) expect(JOB_STATUSES).toContain(to);
    }
    for (const status of FINAL) expect(JOB_TRANSITIONS[status]).toEqual([]);
  });

  it('every active status can reach every final one directly', () => {
    for (const from of ACTIVE) for (const to of FINAL) expect(canJobTransition(from, to)).toBe(true);
  });

  it.each(JOB_STATUSES.map((s) => [s]))('isActiveJob %s', (status) => {
    expect(isActiveJob(status)).toBe(ACTIVE.includes(status));
  });
});

describe('job commands', () => {
  // The status each command leaves the job in (jobs.service.ts), and where DESIGN.md accepts it.
  const TARGET: Record<JobCommand, JobStatus> = { cancel: 'cancelled', pause: 'paused', resume: 'running' };
  const ACCEPTED: Record<JobCommand, readonly JobStatus[]> = { cancel: ['pending', 'running', 'paused'], pause: ['pending', 'running'], resume: ['paused'] };
  const commands = Object.keys(ACCEPTED) as JobCommand[];

  it('are cancel, pause and resume', () => {
    expect(Object.keys(JOB_COMMANDS).sort()).toEqual([...commands].sort());
  });

  it.each(commands.flatMap((command) => JOB_STATUSES.map((status) => [command, status] as const)))('%s from %s', (command, status) => {
    expect(acceptsCommand(status, command)).toBe(ACCEPTED[command].includes(status));
    // An accepted command's effect is a move the lifecycle allows.
    if (acceptsCommand(status, command)) expect(canJobTransition(status, TARGET[command])).toBe(true);
  });

  it('no command is accepted from a final status', () => {
    for (const status of FINAL) for (const command of commands) expect(acceptsCommand(status, command)).toBe(false);
  });
});

describe('isStale', () => {
  const now = new Date('2026-11-29T10:00:00.000Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it('is ten minutes', () => {
    expect(STALE_AFTER_MS).toBe(600_000);
  });

  it.each((['pending', 'running'] as const).map((s) => [s]))('a %s job is stale from exactly 10 minutes without a sign of life', (status) => {
    expect(isStale({ status, updatedAt: ago(0) }, now)).toBe(false);
    expect(isStale({ status, updatedAt: ago(STALE_AFTER_MS - 1) }, now)).toBe(false);
    expect(isStale({ status, updatedAt: ago(STALE_AFTER_MS) }, now)).toBe(true);
    expect(isStale({ status, updatedAt: ago(STALE_AFTER_MS + 1) }, now)).toBe(true);
    expect(isStale({ status, updatedAt: ago(24 * 3_600_000) }, now)).toBe(true);
  });

  it('a paused job is never stale: it waits for a person or a reconnect on purpose', () => {
    expect(isStale({ status: 'paused', updatedAt: ago(STALE_AFTER_MS * 100) }, now)).toBe(false);
  });

  it.each(FINAL.map((s) => [s]))('a %s job is never stale: it holds no scope', (status) => {
    expect(isStale({ status, updatedAt: ago(STALE_AFTER_MS * 100) }, now)).toBe(false);
  });

  it('an updated_at in the future (another clock) is not stale', () => {
    expect(isStale({ status: 'running', updatedAt: new Date(now.getTime() + 60_000) }, now)).toBe(false);
  });
});

describe('jobStatusOf: a job status from its tasks', () => {
  const TASK_STATUSES = ['queued', 'running', 'paused', 'succeeded', 'dead', 'cancelled'] as const;
  const statusOf = (counts: StatusCounts) => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return jobStatusOf(counts, total, counts.succeeded + counts.dead + counts.cancelled);
  };
  const of = (c: Partial<StatusCounts>): StatusCounts => ({ queued: 0, running: 0, paused: 0, succeeded: 0, dead: 0, cancelled: 0, ...c });

  it.each([
    [{}, 'pending'], // no tasks yet (recovery re-plans such a job)
    [{ queued: 1 }, 'pending'],
    [{ queued: 1_000 }, 'pending'],
    [{ running: 1 }, 'running'],
    [{ queued: 5, running: 1 }, 'running'],
    [{ queued: 5, succeeded: 1 }, 'running'],
    [{ queued: 5, dead: 1 }, 'running'], // one failure does not end the job while work remains
    [{ queued: 5, cancelled: 1 }, 'running'],
    [{ paused: 3 }, 'paused'],
    [{ paused: 3, succeeded: 2 }, 'paused'],
    [{ paused: 3, dead: 1 }, 'paused'],
    [{ paused: 3, queued: 1 }, 'pending'], // something can still run
    [{ paused: 3, running: 1 }, 'running'],
    [{ succeeded: 1 }, 'succeeded'],
    [{ succeeded: 4, cancelled: 1 }, 'succeeded'],
    [{ succeeded: 4, dead: 1 }, 'failed'],
    [{ dead: 2 }, 'failed'],
    [{ dead: 1, cancelled: 4 }, 'failed'],
    [{ cancelled: 3 }, 'cancelled'],
  ] as const)('%j → %s', (counts, expected) => {
    expect(statusOf(of(counts))).toBe(expected);
  });

  // Every combination of 0–2 tasks per task status: the rules of DESIGN.md, not a copy of the code.
  const combos: StatusCounts[] = [];
  const fill = (i: number, acc: Partial<StatusCounts>) => {
    if (i === TASK_STATUSES.length) return void combos.push(of(acc));
    for (const n of [0, 1, 2]) fill(i + 1, { ...acc, [TASK_STATUSES[i]!]: n });
  };
  fill(0, {});

  it(`over all ${combos.length} small combinations: final exactly when every task is done, failed exactly when one died`, () => {
    for (const counts of combos) {
      const status = statusOf(counts);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      const allDone = total > 0 && counts.queued + counts.running + counts.paused === 0;
      expect([counts, isActiveJob(status)]).toEqual([counts, !allDone]);
      if (allDone) expect([counts, status]).toEqual([counts, counts.dead > 0 ? 'failed' : counts.cancelled === total ? 'cancelled' : 'succeeded']);
      if (counts.running > 0) expect([counts, status]).toEqual([counts, 'running']);
      if (status === 'paused') expect(counts.paused > 0 && counts.queued === 0 && counts.running === 0).toBe(true);
      if (status === 'pending') expect(counts.running + counts.succeeded + counts.dead + counts.cancelled).toBe(0);
    }
  });
});
