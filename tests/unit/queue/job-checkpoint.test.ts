import { describe, expect, it } from '@jest/globals';
import { laterCheckpoint } from '../../../lib/jobs/job-checkpoint.js';

const at = (task: string) => ({ task, finished_at: '2026-11-29T10:00:00.000Z' });

describe('laterCheckpoint', () => {
  it('moves only forward, to the greatest unit key, whatever order tasks finish in', () => {
    expect(laterCheckpoint(null, at('t:daily_channel:UC1:2026-11-13'))).toEqual(at('t:daily_channel:UC1:2026-11-13'));
    expect(laterCheckpoint(at('t:daily_channel:UC1:2026-11-13'), at('t:daily_channel:UC1:2026-11-20'))).toEqual(at('t:daily_channel:UC1:2026-11-20'));
    expect(laterCheckpoint(at('t:daily_channel:UC1:2026-11-20'), at('t:daily_channel:UC1:2026-11-13'))).toBeUndefined();
  });

  it('follows a running unit step by step; its end replaces its steps, and nothing replaces its end', () => {
    const step = (task: string, through: string) => ({ task, step: { v: 1, through }, at: '2026-11-29T10:00:00.000Z' });
    const key = 't:daily_channel:UC1:2026-11-20';
    expect(laterCheckpoint(step(key, '2026-11-15'), step(key, '2026-11-16'))).toEqual(step(key, '2026-11-16'));
    expect(laterCheckpoint(step(key, '2026-11-16'), at(key))).toEqual(at(key));
    expect(laterCheckpoint(at(key), step(key, '2026-11-17'))).toBeUndefined();
    // A step of an earlier unit does not move the checkpoint back.
    expect(laterCheckpoint(at(key), step('t:daily_channel:UC1:2026-11-13', '2026-11-10'))).toBeUndefined();
    expect(laterCheckpoint(at('t:daily_channel:UC1:2026-11-13'), step(key, '2026-11-15'))).toEqual(step(key, '2026-11-15'));
  });
});
