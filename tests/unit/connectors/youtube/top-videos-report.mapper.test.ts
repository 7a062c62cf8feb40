import { describe, expect, it } from '@jest/globals';
import { mapTopVideosReport } from '../../../../lib/connectors/youtube/top-videos-report.mapper.js';

const headers = (names: string[]) => names.map((name) => ({ name, columnType: name === 'video' ? 'DIMENSION' : 'METRIC', dataType: 'INTEGER' }));
const METRICS = ['views', 'estimatedMinutesWatched', 'averageViewDuration', 'likes', 'comments', 'shares', 'subscribersGained', 'subscribersLost'];

describe('mapTopVideosReport', () => {
  it('reads columns by header name, whatever their order', () => {
    const reversed = [...METRICS].reverse();
    const table = { columnHeaders: headers([...reversed, 'video']), rows: [[8, 7, 6, 5, 4, 3, 2, 1, 'vid1']] };
    expect(mapTopVideosReport(table, { channelId: 'UC1', dt: '2026-11-20' })).toEqual([
      { channelId: 'UC1', videoId: 'vid1', dt: '2026-11-20', views: 1, estimated_minutes_watched: 2, average_view_duration: 3, likes: 4, comments: 5, shares: 6, subscribers_gained: 7, subscribers_lost: 8 },
    ]);
  });

  it('treats a report without rows as no data', () => {
    expect(mapTopVideosReport({ columnHeaders: headers(['video', ...METRICS]) }, { channelId: 'UC1', dt: '2026-11-20' })).toEqual([]);
  });

  it('fails loudly when a metric column is missing', () => {
    expect(() => mapTopVideosReport({ columnHeaders: headers(['video', 'views']), rows: [] }, { channelId: 'UC1', dt: '2026-11-20' })).toThrow('report has no "estimatedMinutesWatched" column');
  });
});
