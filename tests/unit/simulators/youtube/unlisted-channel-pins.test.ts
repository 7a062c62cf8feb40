/**
 * Values pinned from the simulator before channels could be configured (issue 15): a channel that
 * `channels` does not list keeps exactly these ids, publish days and metrics.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createYouTubeSimulator } from '../../../../dev/simulators/youtube/simulator.js';
import { channelDailyRows, channelIdFor, channelVideos } from '../../../../dev/simulators/youtube/synthetic-data.js';

const TODAY = '2025-06-30';
const ALICE = 'UCTub1MagA66JdJD7jbtuXnw';
const FIRST_VIDEOS = [
  { videoId: '6_sZTGz51tk', publishedOn: '2024-10-26', peakDailyViews: 2922, meanViewSeconds: 265 },
  { videoId: '3YSMjtKM4gY', publishedOn: '2024-08-17', peakDailyViews: 1219, meanViewSeconds: 196 },
  { videoId: '6Ooz-4t7Pm8', publishedOn: '2024-12-08', peakDailyViews: 37, meanViewSeconds: 132 },
];
const JUNE_ROWS = { count: 318, sha256: '9ecbced3cb695544c211c0b87825c1e1986ec5c59737c53d589042fba12cbd7d' };
const FIRST_JUNE_ROW = {
  channelId: ALICE,
  videoId: '2UJMyfjzr4s',
  dt: '2025-06-01',
  views: 86,
  estimatedMinutesWatched: 570,
  averageViewDuration: 398,
  likes: 3,
  comments: 0,
  shares: 0,
  subscribersGained: 0,
  subscribersLost: 0,
};
const sha256 = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('an unlisted channel', () => {
  it('keeps the pinned ids, publish days and metrics', () => {
    expect(channelIdFor('Alice')).toBe(ALICE);
    const videos = channelVideos(ALICE, 12, TODAY);
    FIRST_VIDEOS.forEach((pinned, index) => expect(videos[index]).toMatchObject(pinned));
    const rows = channelDailyRows(ALICE, videos, '2025-06-01', '2025-06-28', TODAY);
    expect(rows).toHaveLength(JUNE_ROWS.count);
    expect(rows[0]).toEqual(FIRST_JUNE_ROW);
    expect(sha256(rows)).toBe(JUNE_ROWS.sha256);
  });

  it('is served the same by a simulator that lists other channels', () => {
    const sim = createYouTubeSimulator({ today: () => TODAY, channels: { Big: { videos: 40, activeVideos: 10, years: 3 } } } as Parameters<typeof createYouTubeSimulator>[0]);
    expect(sim.channelIdFor('Alice')).toBe(ALICE);
    const rows = sim.groundTruth(ALICE, '2025-06-01', '2025-06-28');
    expect(rows[0]).toEqual(FIRST_JUNE_ROW);
    expect(sha256(rows)).toBe(JUNE_ROWS.sha256);
  });
});
