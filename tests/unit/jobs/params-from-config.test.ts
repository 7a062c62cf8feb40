import { describe, expect, it } from '@jest/globals';
import { paramsFromConfig } from '../../../lib/jobs/job-recovery.js';

// A stored job's config gives the planner parameters back (recovery re-plans from it, a
// follow-up job runs over the same range).
describe('paramsFromConfig', () => {
  it("a YouTube job's config: its range (days is only the range's length there)", () => {
    const config = { start_date: '2026-01-01', end_date: '2026-01-31', days: 31, end_dt: '2026-01-31', chunk_days: 7, force: false };
    expect(paramsFromConfig(config)).toEqual({ startDate: '2026-01-01', endDate: '2026-01-31' });
  });

  it('days alone', () => {
    expect(paramsFromConfig({ days: 30 })).toEqual({ days: 30 });
  });

  it('half a range is no range: days when there are some, else nothing', () => {
    expect(paramsFromConfig({ start_date: '2026-01-01', days: 5 })).toEqual({ days: 5 });
    expect(paramsFromConfig({ end_date: '2026-01-31' })).toEqual({});
  });

  it('ignores values of the wrong type and everything else; never force', () => {
    expect(paramsFromConfig({ start_date: 20260101, end_date: '2026-01-31', days: '30', force: true, entities: ['orders', 3] })).toEqual({});
    expect(paramsFromConfig({})).toEqual({});
  });

  it('keeps a commerce job\'s entities, so a re-plan runs the same ones', () => {
    expect(paramsFromConfig({ start_date: null, end_date: '2026-01-31', entities: ['payments'] })).toEqual({ entities: ['payments'] });
  });
});
