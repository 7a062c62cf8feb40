/**
 * Deterministic synthetic channels, videos and daily metrics. Every number is a pure function of
 * (channelId, videoId, dt) via a seeded PRNG per row, so any window can be recomputed exactly —
 * which is what lets `groundTruth` equal what the fake API serves.
 */
import { createHash } from 'node:crypto';
import { mulberry32, seedOf } from '../_shared/seeded-random.js';
import { addDays, daysBetween, eachDay } from './dates.js';
import type { DailyVideoMetrics } from './types.js';

export { mulberry32, seedOf };

export interface SyntheticVideo {
  videoId: string;
  publishedOn: string;
  /** Typical views in the first days; a long tail decays from there. */
  peakDailyViews: number;
  meanViewSeconds: number;
}

/** YouTube Analytics data lags: the latest day with data is today - 2 (Pacific). */
export const DATA_LATENCY_DAYS = 2;

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A base64url id shaped like YouTube's: channel ids are 'UC' + 22 chars (128 bits, so the last char
 * carries 2 bits: A, Q, g or w), video ids 11 chars (64 bits, the last char carries 4 bits).
 */
export function youtubeStyleId(input: string, length: number, lastCharBits: number): string {
  const digest = createHash('sha256').update(input).digest();
  const lastMask = 63 & ~((1 << (6 - lastCharBits)) - 1);
  return Array.from({ length }, (_, i) => BASE64URL[(digest[i] ?? 0) & (i === length - 1 ? lastMask : 63)]).join('');
}

export const channelIdFor = (channelName: string): string => `UC${youtubeStyleId(`channel:${channelName}`, 22, 2)}`;

/** The channel's creation time, some while before its first video. */
export const channelPublishedAt = (channelId: string, anchorDay: string): string =>
  `${addDays(anchorDay, -(400 + (seedOf(channelId, 'created') % 600)))}T00:00:00Z`;

/**
 * The channel's first `count` videos, published over the year before `anchorDay`. Video i depends
 * only on (channelId, i), so a larger `count` adds videos without changing the others.
 */
export function channelVideos(channelId: string, count: number, anchorDay: string): SyntheticVideo[] {
  return Array.from({ length: count }, (_, index) => {
    const random = mulberry32(seedOf(channelId, 'video', String(index)));
    return {
      videoId: youtubeStyleId(`${channelId}/video/${index}`, 11, 4),
      publishedOn: addDays(anchorDay, -(3 + Math.floor(random() * 362))),
      peakDailyViews: Math.round(20 + random() ** 3 * 5000),
      meanViewSeconds: 30 + Math.floor(random() * 570),
    };
  });
}

/** One video's metrics on one day; null when it has no row (not yet published, or no views). */
export function videoDayMetrics(channelId: string, video: SyntheticVideo, dt: string): DailyVideoMetrics | null {
  const age = daysBetween(video.publishedOn, dt);
  if (age < 0) return null;
  const random = mulberry32(seedOf(channelId, video.videoId, dt));
  if (random() < 0.06) return null; // a quiet day: the report has no row for zero views
  const views = Math.floor(video.peakDailyViews * (0.05 + 0.95 / (1 + age / 10)) * (0.5 + random()));
  if (views === 0) return null;
  const estimatedMinutesWatched = Math.max(1, Math.round((views * video.meanViewSeconds * (0.7 + 0.6 * random())) / 60));
  return {
    channelId,
    videoId: video.videoId,
    dt,
    views,
    estimatedMinutesWatched,
    averageViewDuration: Math.round((estimatedMinutesWatched * 60) / views),
    likes: Math.floor(views * (0.01 + 0.05 * random())),
    comments: Math.floor(views * 0.01 * random()),
    shares: Math.floor(views * 0.01 * random()),
    subscribersGained: Math.floor(views * 0.008 * random()),
    subscribersLost: Math.floor(views * 0.002 * random()),
  };
}

/** All (video, day) rows in [start, end] that exist as of `today`, sorted by day then video id. */
export function channelDailyRows(
  channelId: string,
  videos: readonly SyntheticVideo[],
  start: string,
  end: string,
  today: string,
): DailyVideoMetrics[] {
  const lastDay = addDays(today, -DATA_LATENCY_DAYS);
  const byId = [...videos].sort((a, b) => (a.videoId < b.videoId ? -1 : 1));
  return eachDay(start, end < lastDay ? end : lastDay).flatMap((dt) =>
    byId.map((video) => videoDayMetrics(channelId, video, dt)).filter((row) => row !== null),
  );
}
