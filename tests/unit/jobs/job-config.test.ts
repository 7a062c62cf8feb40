import { describe, expect, it } from '@jest/globals';
import { widenDateRange } from '../../../lib/jobs/job-config.js';

describe('widenDateRange: a job covers the ranges that joined it', () => {
  const config = { start_date: '2026-03-01', end_date: '2026-03-31', days: 31 };

  const { days: _days, ...rest } = config;

  it('grows either end to cover the other range, keeping the rest of the config but the stale day count', () => {
    expect(widenDateRange(config, { start_date: '2026-02-20', end_date: '2026-03-10' })).toEqual({ ...rest, start_date: '2026-02-20' });
    expect(widenDateRange(config, { start_date: '2026-03-05', end_date: '2026-04-02' })).toEqual({ ...rest, end_date: '2026-04-02' });
    expect(widenDateRange(config, { start_date: '2026-01-01', end_date: '2026-12-31' })).toEqual({ ...rest, start_date: '2026-01-01', end_date: '2026-12-31' });
  });

  it('changes nothing for a range inside, or without a range on either side', () => {
    expect(widenDateRange(config, { start_date: '2026-03-02', end_date: '2026-03-30' })).toBeUndefined();
    expect(widenDateRange(config, { days: 7 })).toBeUndefined();
    expect(widenDateRange({ days: 7 }, config)).toBeUndefined();
    expect(widenDateRange(config, null)).toBeUndefined();
  });

  it('reads a config stored as JSON text', () => {
    expect(widenDateRange(config, JSON.stringify({ start_date: '2026-02-01', end_date: '2026-02-28' }))).toEqual({ ...rest, start_date: '2026-02-01' });
  });
});
