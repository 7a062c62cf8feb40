import { describe, expect, it } from '@jest/globals';
import { addDays, daysBetween } from '../../../../dev/simulators/youtube/dates.js';
import { buildResultTable } from '../../../../dev/simulators/youtube/result-table.js';
import { channelDailyRows, channelIdFor, channelVideos, mulberry32, seedOf } from '../../../../dev/simulators/youtube/synthetic-data.js';

const TODAY = '2025-06-30';
const CHANNEL = channelIdFor('Alice');
const VIDEOS = channelVideos(CHANNEL, 12, TODAY);
const YEAR = channelDailyRows(CHANNEL, VIDEOS, addDays(TODAY, -400), TODAY, TODAY);

describe('synthetic data', () => {
  it('derives YouTube-shaped ids deterministically', () => {
    expect(CHANNEL).toMatch(/^UC[\w-]{21}[AQgw]$/);
    expect(channelIdFor('Alice')).toBe(CHANNEL);
    expect(channelIdFor('Bob')).not.toBe(CHANNEL);
    for (const video of VIDEOS) expect(video.videoId).toMatch(/^[\w-]{10}[AEIMQUYcgkosw048]$/);
    expect(new Set(VIDEOS.map((v) => v.videoId)).size).toBe(12);
  });

  it('seeds a PRNG uniform in [0, 1) and repeatable', () => {
    const a = mulberry32(seedOf('x', 'y'));
    const values = Array.from({ length: 1000 }, a);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(Array.from({ length: 1000 }, mulberry32(seedOf('x', 'y')))).toEqual(values);
  });

  it('adds videos without changing the existing ones', () => {
    expect(channelVideos(CHANNEL, 20, TODAY).slice(0, 12)).toEqual(VIDEOS);
  });

  it('recomputes exactly the same rows for any sub-window', () => {
    const window = channelDailyRows(CHANNEL, VIDEOS, '2025-03-01', '2025-03-10', TODAY);
    expect(window).toEqual(YEAR.filter((r) => r.dt >= '2025-03-01' && r.dt <= '2025-03-10'));
    expect(window.length).toBeGreaterThan(0);
  });

  it('has no rows before publication, after today - 2, or with zero views', () => {
    const published = new Map(VIDEOS.map((v) => [v.videoId, v.publishedOn]));
    for (const r of YEAR) expect(r.dt >= (published.get(r.videoId) ?? '')).toBe(true);
    expect(YEAR.at(-1)?.dt).toBe(addDays(TODAY, -2));
    expect(YEAR.every((r) => r.views > 0)).toBe(true);
  });

  it('produces integers with a consistent average view duration, sorted by day then video', () => {
    for (const r of YEAR) {
      const values = [r.views, r.estimatedMinutesWatched, r.likes, r.comments, r.shares, r.subscribersGained, r.subscribersLost];
      expect(values.every(Number.isInteger)).toBe(true);
      expect(r.averageViewDuration).toBe(Math.round((r.estimatedMinutesWatched * 60) / r.views));
      expect(r.likes).toBeLessThanOrEqual(r.views);
    }
    const keys = YEAR.map((r) => `${r.dt}/${r.videoId}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('leaves out some (video, day) pairs of published videos: days without views', () => {
    const liveDays = VIDEOS.reduce((total, v) => total + daysBetween(v.publishedOn, addDays(TODAY, -2)) + 1, 0);
    expect(YEAR.length).toBeLessThan(liveDays);
    expect(YEAR.length).toBeGreaterThan(liveDays / 2);
  });

  it('aggregates per-day top-videos tables back to the daily rows', () => {
    const dt = '2025-05-01';
    const table = buildResultTable(
      { startDate: dt, endDate: dt, metrics: ['views', 'averageViewDuration'], dimension: 'video', videoFilter: null, sort: { field: 'views', descending: true }, maxResults: 200, startIndex: 1 },
      YEAR.filter((r) => r.dt === dt),
    );
    const expected = YEAR.filter((r) => r.dt === dt).map((r) => [r.videoId, r.views, r.averageViewDuration]);
    expect([...(table.rows ?? [])].sort()).toEqual(expected.sort());
  });
});
