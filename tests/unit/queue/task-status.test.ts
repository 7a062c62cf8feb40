import { describe, expect, it } from '@jest/globals';
import { canTransition, sourcesOf, TASK_STATUSES, TASK_TRANSITIONS, type TaskStatus } from '../../../lib/queue/task-status.js';

// Every ordered pair of states, with the verdict the lifecycle must give.
const ALLOWED = new Set([
  'queued>running', 'queued>paused', 'queued>cancelled',
  'running>succeeded', 'running>queued', 'running>dead', 'running>paused', 'running>cancelled',
  'paused>queued', 'paused>cancelled',
  'succeeded>queued', 'dead>queued', 'cancelled>queued',
]);

describe('task lifecycle', () => {
  const pairs = TASK_STATUSES.flatMap((from) => TASK_STATUSES.map((to) => [from, to] as [TaskStatus, TaskStatus]));

  it.each(pairs)('%s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(ALLOWED.has(`${from}>${to}`));
  });

  it('has no self-transitions and only known states', () => {
    for (const [from, targets] of Object.entries(TASK_TRANSITIONS)) {
      expect(targets).not.toContain(from);
      for (const to of targets) expect(TASK_STATUSES).toContain(to);
    }
  });

  it('derives the source states of a target from the table', () => {
    expect(sourcesOf('running')).toEqual(['queued']);
    expect(sourcesOf('cancelled').sort()).toEqual(['paused', 'queued', 'running']);
    expect(sourcesOf('queued').sort()).toEqual(['cancelled', 'dead', 'paused', 'running', 'succeeded']);
  });
});
