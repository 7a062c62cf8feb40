import { describe, expect, it } from '@jest/globals';
import type { ReportQuery } from '../../../../dev/simulators/youtube/report-query.js';
import { buildResultTable } from '../../../../dev/simulators/youtube/result-table.js';
import type { DailyVideoMetrics } from '../../../../dev/simulators/youtube/types.js';

function row(videoId: string, dt: string, views: number, estimatedMinutesWatched: number): DailyVideoMetrics {
  const averageViewDuration = Math.round((estimatedMinutesWatched * 60) / views);
  return { channelId: 'UC1', videoId, dt, views, estimatedMinutesWatched, averageViewDuration, likes: 1, comments: 0, shares: 0, subscribersGained: 0, subscribersLost: 0 };
}

const ROWS = [row('a', '2025-01-01', 10, 7), row('b', '2025-01-01', 30, 10), row('a', '2025-01-02', 5, 4), row('c', '2025-01-02', 30, 1)];
const BASE: ReportQuery = { startDate: '2025-01-01', endDate: '2025-01-02', metrics: ['views'], dimension: null, videoFilter: null, sort: null, maxResults: null, startIndex: 1 };

describe('buildResultTable', () => {
  it('puts the dimension first, then the metrics in the requested order', () => {
    const table = buildResultTable({ ...BASE, dimension: 'day', metrics: ['likes', 'views'] }, ROWS);
    expect(table.columnHeaders).toEqual([
      { name: 'day', columnType: 'DIMENSION', dataType: 'STRING' },
      { name: 'likes', columnType: 'METRIC', dataType: 'INTEGER' },
      { name: 'views', columnType: 'METRIC', dataType: 'INTEGER' },
    ]);
    expect(table.rows).toEqual([['2025-01-01', 2, 40], ['2025-01-02', 2, 35]]);
  });

  it('omits rows when there is no data, as the real API does', () => {
    const table = buildResultTable({ ...BASE, dimension: 'day' }, []);
    expect(table).toEqual({ kind: 'youtubeAnalytics#resultTable', columnHeaders: [expect.objectContaining({ name: 'day' }), expect.objectContaining({ name: 'views' })] });
    expect('rows' in table).toBe(false);
  });

  it('ranks top videos by the sort metric, ties by id, and pages with startIndex/maxResults', () => {
    const query: ReportQuery = { ...BASE, dimension: 'video', sort: { field: 'views', descending: true }, maxResults: 2 };
    expect(buildResultTable(query, ROWS).rows).toEqual([['b', 30], ['c', 30]]);
    expect(buildResultTable({ ...query, startIndex: 3 }, ROWS).rows).toEqual([['a', 15]]);
  });

  it('keeps totals consistent with the daily rows', () => {
    const table = buildResultTable({ ...BASE, metrics: ['views', 'estimatedMinutesWatched', 'averageViewDuration'] }, ROWS);
    expect(table.rows).toEqual([[75, 22, Math.round((22 * 60) / 75)]]);
  });

  it('applies the video filter and sorts days descending on -day', () => {
    const table = buildResultTable({ ...BASE, dimension: 'day', videoFilter: ['a'], sort: { field: 'day', descending: true } }, ROWS);
    expect(table.rows).toEqual([['2025-01-02', 5], ['2025-01-01', 10]]);
  });
});
