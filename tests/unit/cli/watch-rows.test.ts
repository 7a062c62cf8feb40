import { describe, expect, it } from '@jest/globals';
import { formatWatchRow, watchRows } from '../../../cli/watch-rows.js';
import { job, NOW } from './fixtures.js';

describe('watchRows', () => {
  it('gives one row per job and one per scope, labels padded together', () => {
    const rows = watchRows(
      [
        job({ scopes: [{ scope: '2026-04-01..2026-04-07', status: 'succeeded', done: 7, total: 7, percent: 100, message: null }] }),
        job({ id: 13, status: 'failed', progress: { done: 1, total: 4 }, error_summary: 'HTTP 403 forbidden', duration_seconds: 30, eta: null, scopes: [] }),
      ],
      NOW,
    );
    expect(rows).toEqual([
      { label: 'Job 12 data-collection  ', value: 12, total: 53, percent: 22.6, status: 'running', message: 'Fetching daily metrics… 12/53 chunks', eta: 'ETA in 3m 20s' },
      { label: '  2026-04-01..2026-04-07', value: 7, total: 7, percent: 100, status: 'succeeded', message: '', eta: '' },
      { label: 'Job 13 data-collection  ', value: 1, total: 4, percent: 25, status: 'failed', message: 'HTTP 403 forbidden', eta: 'took 30s' },
    ]);
  });

  it("adds a row for the tail of each capped chunk not yet succeeded, under the job's scopes", () => {
    const chunks = [
      { run_for_dt: '2026-11-20', status: 'running', top_list: 'capped', capped_days: 7, tail_videos: 1351, tail_fetched: 1337 },
      { run_for_dt: '2026-11-27', status: 'running', top_list: 'complete', capped_days: 0, tail_videos: null, tail_fetched: 0 },
      { run_for_dt: '2026-12-04', status: 'queued', top_list: 'capped', capped_days: 2, tail_videos: null, tail_fetched: 0 },
      { run_for_dt: '2026-12-11', status: 'succeeded', top_list: 'capped', capped_days: 1, tail_videos: 40, tail_fetched: 40 },
      { run_for_dt: '2026-12-18', status: 'queued', top_list: 'pending', capped_days: 0, tail_videos: null, tail_fetched: 0 },
    ];
    const scopes = [{ scope: 'daily_channel', status: 'running', done: 1, total: 5, percent: 20, message: null }];
    const rows = watchRows([job({ scopes, chunk_completeness: chunks })], NOW);
    expect(rows.slice(1)).toEqual([
      { label: '  daily_channel'.padEnd(24), value: 1, total: 5, percent: 20, status: 'running', message: '', eta: '' },
      { label: '  2026-11-20 tail videos', value: 1337, total: 1351, percent: (1337 / 1351) * 100, status: 'running', message: 'capped 7/7 days', eta: '' },
      { label: '  2026-12-04 tail videos', value: 0, total: 0, percent: 0, status: 'queued', message: 'capped 2/7 days · tail not counted yet', eta: '' },
    ]);
  });

  it('computes a percent when the server sent none: an empty total is 0%', () => {
    const [row] = watchRows([job({ status: 'pending', progress: { done: 0, total: 0 }, eta: null, message: null })], NOW);
    expect(row).toMatchObject({ percent: 0, message: '', eta: '' });
  });
});

describe('formatWatchRow', () => {
  const row = { label: 'Job 12 data-collection', value: 3, total: 5, percent: 60, status: 'running', message: 'Fetching…', eta: 'ETA in 20s' };

  it('draws the bar from the percent, then counts, status, message and ETA', () => {
    expect(formatWatchRow(row, 10)).toBe('Job 12 data-collection |██████░░░░|  60% 3/5 running · Fetching… · ETA in 20s');
    expect(formatWatchRow({ ...row, value: 5, percent: 100, status: 'succeeded', message: '', eta: '' }, 10)).toBe('Job 12 data-collection |██████████| 100% 5/5 succeeded');
    expect(formatWatchRow({ ...row, percent: 0 }, 4)).toBe('Job 12 data-collection |░░░░|   0% 3/5 running · Fetching… · ETA in 20s');
  });

  it('keeps the bar within its size whatever the percent', () => {
    expect(formatWatchRow({ ...row, percent: 250 }, 4)).toContain('|████|');
    expect(formatWatchRow({ ...row, percent: -5 }, 4)).toContain('|░░░░|');
  });
});
