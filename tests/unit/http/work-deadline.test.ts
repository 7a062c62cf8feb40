import { describe, expect, it } from '@jest/globals';
import { workDeadline } from '../../../api/_lib/work-deadline.js';

const now = new Date('2026-11-29T12:00:00.000Z');
const budget = { reserveMs: 25_000, assumedDurationMs: 60_000 };

describe('workDeadline', () => {
  it('stops starting work reserveMs before the platform’s deadline', () => {
    expect(workDeadline(new Date('2026-11-29T12:01:00.000Z'), now, budget).toISOString()).toBe('2026-11-29T12:00:35.000Z');
    expect(workDeadline(new Date('2026-11-29T12:05:00.000Z'), now, budget).toISOString()).toBe('2026-11-29T12:04:35.000Z');
  });

  it('follows the platform, not the assumed duration, when the invocation started earlier', () => {
    // A warm instance served a slow request first: only 30 s of this invocation remain.
    expect(workDeadline(new Date('2026-11-29T12:00:30.000Z'), now, budget).toISOString()).toBe('2026-11-29T12:00:05.000Z');
  });

  it('assumes assumedDurationMs from now when the platform names no deadline', () => {
    expect(workDeadline(undefined, now, budget).toISOString()).toBe('2026-11-29T12:00:35.000Z');
  });

  it('never returns a time before now: too little time left means no work starts', () => {
    expect(workDeadline(new Date('2026-11-29T12:00:10.000Z'), now, budget)).toEqual(now);
  });
});
