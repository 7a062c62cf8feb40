import { describe, expect, it } from '@jest/globals';
import type { CatalogueVideo, DailyVideoMetrics } from '../../../dev/simulators/youtube/index.js';
import { backfillMinimum, cataloguePages, chunkMinimum } from '../../../bench/youtube-minimum.js';

const row = (videoId: string, dt: string, views: number): DailyVideoMetrics => ({
  channelId: 'UC1',
  videoId,
  dt,
  views,
  estimatedMinutesWatched: views,
  averageViewDuration: 60,
  likes: 0,
  comments: 0,
  shares: 0,
  subscribersGained: 0,
  subscribersLost: 0,
});
const video = (videoId: string, publishedAt: string): CatalogueVideo => ({ videoId, title: videoId, publishedAt });
// The chunk 2026-01-01..2026-01-07; its window ends at 2026-01-08T00:00 in Los Angeles (08:00 UTC).
const RUN_FOR_DT = '2026-01-07';
const catalogue = [
  video('a', '2025-06-01T12:00:00Z'),
  video('b', '2025-06-02T12:00:00Z'),
  video('c', '2025-06-03T12:00:00Z'),
  video('d', '2026-01-08T07:59:59Z'), // still 2026-01-07 in Los Angeles: in the window
  video('e', '2026-01-08T08:00:00Z'), // published after the window: never asked for
];

describe('chunkMinimum', () => {
  it('with no capped day, needs no tail however many videos the channel has', () => {
    const rows = [row('a', '2026-01-01', 5), row('b', '2026-01-02', 3)];
    expect(chunkMinimum(rows, catalogue, RUN_FOR_DT, 2)).toEqual({ runForDt: RUN_FOR_DT, cappedDays: 0, tail: 0, published: 4 });
  });

  it('counts as tail every video published by the window end that some capped top list left out', () => {
    const rows = [
      // Capped (2 rows at a cap of 2): a and b on top.
      row('a', '2026-01-01', 9),
      row('b', '2026-01-01', 8),
      // Capped: a and c on top, b left out.
      row('a', '2026-01-02', 9),
      row('b', '2026-01-02', 1),
      row('c', '2026-01-02', 5),
      // Not capped: it decides nothing.
      row('d', '2026-01-03', 1),
    ];
    // Only a is in both capped lists: b, c and d (published by the window end) are the tail; e is not.
    expect(chunkMinimum(rows, catalogue, RUN_FOR_DT, 2)).toEqual({ runForDt: RUN_FOR_DT, cappedDays: 2, tail: 3, published: 4 });
  });

  it('ignores rows outside the chunk\'s seven days', () => {
    const rows = [row('a', '2025-12-31', 9), row('b', '2025-12-31', 8), row('a', '2026-01-08', 9), row('b', '2026-01-08', 8)];
    expect(chunkMinimum(rows, catalogue, RUN_FOR_DT, 2).cappedDays).toBe(0);
  });
});

describe('backfillMinimum', () => {
  it('needs 7 top lists a chunk plus its tail; the all-per-video shape one call per published video a chunk', () => {
    const chunks = [
      { runForDt: '2026-01-07', cappedDays: 7, tail: 900, published: 1_400 },
      { runForDt: '2026-01-14', cappedDays: 0, tail: 0, published: 1_410 },
    ];
    expect(backfillMinimum(chunks)).toEqual({ topListCalls: 14, tailCalls: 900, calls: 914, allPerVideoCalls: 2_810 });
  });
});

describe('cataloguePages', () => {
  it('reads the uploads playlist 50 videos a page, an empty one in one page', () => {
    expect([cataloguePages(1_500), cataloguePages(1_501), cataloguePages(1), cataloguePages(0)]).toEqual([30, 31, 1, 1]);
  });
});
