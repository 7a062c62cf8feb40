/**
 * Deterministic synthetic channels, videos and daily metrics. Every number is a pure function of
 * (channelId, videoId, dt) via a seeded PRNG per row, so any window can be recomputed exactly —
 * which is what lets `groundTruth` equal what the fake API serves.
 */
import { createHash } from 'node:crypto';
import { mulberry32, seedOf } from '../_shared/seeded-random.js';
import { addDays, daysBetween, eachDay, pacificDayStart } from './dates.js';
import type { ChannelSpec, DailyVideoMetrics } from './types.js';

export { mulberry32, seedOf };

export interface SyntheticVideo {
  videoId: string;
  /** 'Video <n>', n from 1 in generation order. */
  title: string;
  /** The Pacific day its data starts. */
  publishedOn: string;
  /** An ISO time inside `publishedOn`, a Pacific day (any minute of it): the Data API's publishedAt. */
  publishedAt: string;
  /** Views on most days (~94%); a quiet video has a row on ~2% of days. */
  active: boolean;
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

/** No video is younger than this many days, so each has data by the time the catalogue is read. */
const MIN_AGE_DAYS = 3;

/**
 * The channel's first `count` videos, published over the year before `anchorDay` (over
 * `spec.years` years for a configured channel). Video i depends only on (channelId, i) and the
 * years, so a larger `count` adds videos without changing the others; with `spec` absent (or
 * years 1 and every video active) the videos are the ones channels had before specs existed.
 */
export function channelVideos(channelId: string, count: number, anchorDay: string, spec?: Omit<ChannelSpec, 'videos'>): SyntheticVideo[] {
  const spreadDays = 365 * (spec?.years ?? 1) - MIN_AGE_DAYS;
  const active = spec?.activeVideos === undefined || spec.activeVideos >= count ? null : activeIndices(channelId, count, spec.activeVideos);
  return Array.from({ length: count }, (_, index) => {
    const random = mulberry32(seedOf(channelId, 'video', String(index)));
    const publishedOn = addDays(anchorDay, -(MIN_AGE_DAYS + Math.floor(random() * spreadDays)));
    return {
      videoId: youtubeStyleId(`${channelId}/video/${index}`, 11, 4),
      title: `Video ${index + 1}`,
      publishedOn,
      publishedAt: publishedAtIn(channelId, index, publishedOn),
      active: active === null || active.has(index),
      peakDailyViews: Math.round(20 + random() ** 3 * 5000),
      meanViewSeconds: 30 + Math.floor(random() * 570),
    };
  });
}

/**
 * When in its Pacific publish day a video went up: any minute of it, late evenings included (a
 * video published at 23:30 Pacific is the next day in UTC, and still has a row that day). Drawn
 * from a seed of its own, so the metrics' draws stay as they were.
 */
export function publishedAtIn(channelId: string, index: number, publishedOn: string): string {
  const start = pacificDayStart(publishedOn).getTime();
  // 1,380 minutes on the day clocks spring forward, 1,500 on the day they fall back.
  const minutes = (pacificDayStart(addDays(publishedOn, 1)).getTime() - start) / 60_000;
  const minute = Math.floor(mulberry32(seedOf(channelId, 'published-minute', String(index)))() * minutes);
  return new Date(start + minute * 60_000).toISOString();
}

/**
 * Exactly `wanted` of the indices 0..count-1: those with the smallest seeded draw (ties by index),
 * so the choice depends on the channel alone and a larger `wanted` only adds to it.
 */
export function activeIndices(channelId: string, count: number, wanted: number): Set<number> {
  const draws = Array.from({ length: count }, (_, index) => ({ index, draw: seedOf(channelId, 'active', index) }));
  draws.sort((a, b) => a.draw - b.draw || a.index - b.index);
  return new Set(draws.slice(0, Math.max(0, wanted)).map(({ index }) => index));
}

/** One video's metrics on one day; null when it has no row (not yet published, or no views). */
export function videoDayMetrics(channelId: string, video: SyntheticVideo, dt: string): DailyVideoMetrics | null {
  const age = daysBetween(video.publishedOn, dt);
  if (age < 0) return null;
  const random = mulberry32(seedOf(channelId, video.videoId, dt));
  // A day without views has no row: ~6% of an active video's days, ~98% of a quiet one's.
  const draw = random();
  if (video.active ? draw < 0.06 : draw >= 0.02) return null;
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

/**
 * The channel's `statistics` for channels.list as of `today`: its video count, and the views and
 * subscribers its daily rows add up to in expectation (the integral of the views curve of
 * `videoDayMetrics`, times the share of days with a row), not their exact sum, which would mean
 * computing every row since the first upload. YouTube's own counts are approximate too.
 */
export function channelStatistics(videos: readonly SyntheticVideo[], today: string): { videoCount: number; viewCount: number; subscriberCount: number } {
  const lastDay = addDays(today, -DATA_LATENCY_DAYS);
  let views = 0;
  for (const video of videos) {
    const days = daysBetween(video.publishedOn, lastDay) + 1;
    if (days <= 0) continue;
    views += video.peakDailyViews * (0.05 * days + 9.5 * Math.log(1 + days / 10)) * (video.active ? 0.94 : 0.02);
  }
  // subscribersGained averages views * 0.004, subscribersLost views * 0.001.
  return { videoCount: videos.length, viewCount: Math.round(views), subscriberCount: Math.round(views * 0.003) };
}
