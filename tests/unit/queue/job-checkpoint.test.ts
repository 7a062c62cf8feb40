import { describe, expect, it } from '@jest/globals';
import { laterCheckpoint } from '../../../lib/jobs/backfill-jobs.repository.js';

const at = (task: string) => ({ task, finished_at: '2026-11-29T10:00:00.000Z' });

describe('laterCheckpoint', () => {
  it('moves only forward, to the greatest unit key, whatever order tasks finish in', () => {
    expect(laterCheckpoint(null, at('t:daily_channel:UC1:2026-11-13'))).toEqual(at('t:daily_channel:UC1:2026-11-13'));
    expect(laterCheckpoint(at('t:daily_channel:UC1:2026-11-13'), at('t:daily_channel:UC1:2026-11-20'))).toEqual(at('t:daily_channel:UC1:2026-11-20'));
    expect(laterCheckpoint(at('t:daily_channel:UC1:2026-11-20'), at('t:daily_channel:UC1:2026-11-13'))).toBeUndefined();
  });
});
