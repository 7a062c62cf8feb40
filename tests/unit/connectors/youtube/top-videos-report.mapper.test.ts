import { describe, expect, it } from '@jest/globals';
import { mapTopVideosReport, mapVideoDaysReport } from '../../../../lib/connectors/youtube/top-videos-report.mapper.js';

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

describe('mapVideoDaysReport (one video by day)', () => {
  it('one row per day for the video, columns by name; an all-zero day is no row, as in the top list', () => {
    const table = {
      columnHeaders: headers(['day', ...METRICS]),
      rows: [
        ['2026-11-14', 1, 2, 3, 4, 5, 6, 7, 8],
        ['2026-11-15', 0, 0, 0, 0, 0, 0, 0, 0],
        ['2026-11-16', 0, 0, 0, 1, 0, 0, 0, 0],
      ],
    };
    expect(mapVideoDaysReport(table, { channelId: 'UC1', videoId: 'vid1' })).toEqual([
      { channelId: 'UC1', videoId: 'vid1', dt: '2026-11-14', views: 1, estimated_minutes_watched: 2, average_view_duration: 3, likes: 4, comments: 5, shares: 6, subscribers_gained: 7, subscribers_lost: 8 },
      { channelId: 'UC1', videoId: 'vid1', dt: '2026-11-16', views: 0, estimated_minutes_watched: 0, average_view_duration: 0, likes: 1, comments: 0, shares: 0, subscribers_gained: 0, subscribers_lost: 0 },
    ]);
  });

  it('fails loudly without a day column', () => {
    expect(() => mapVideoDaysReport({ columnHeaders: headers(['video', ...METRICS]), rows: [] }, { channelId: 'UC1', videoId: 'vid1' })).toThrow('report has no "day" column');
  });
});
