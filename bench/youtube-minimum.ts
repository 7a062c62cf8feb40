/**
 * The fewest YouTube calls a big channel's backfill can be done with under the completeness rule
 * (DESIGN.md "Tables", `videos`), computed from the simulator's own truth — its rows and its
 * uploads playlist — never from what Sluice stored or planned: the bench and the big-channel e2e
 * judge Sluice against it. A chunk is the 7 days ending at `run_for_dt`; each day's top list is
 * one call (≤ 200 videos, the report's cap); when a day hit the cap, each video published by the
 * window's end (the start of run_for_dt + 1 in Los Angeles) that a capped top list left out is
 * one per-video call over the window. The catalogue is read once, 50 videos a page.
 */
import { topVideosOfDay, type CatalogueVideo, type DailyVideoMetrics } from '../dev/simulators/youtube/index.js';
import { YOUTUBE_TIME_ZONE } from '../lib/connectors/youtube/youtube-calendar.js';
import { addDays, chunkDays } from '../lib/shared/calendar-days.js';
import { startOfZonedDay } from '../lib/shared/zoned-day.js';

/** The top-videos report's documented row cap. */
export const TOP_VIDEOS_CAP = 200;
export const CHUNK_DAYS = 7;
/** playlistItems.list returns at most 50 items a page (1 Data API unit each). */
const UPLOADS_PAGE_SIZE = 50;

export interface ChunkMinimum {
  runForDt: string;
  /** Days whose top list holds `cap` rows or more. */
  cappedDays: number;
  /** Per-video calls the rule needs: published by the window's end, missing from some capped top list. */
  tail: number;
  /** Videos published by the window's end: what the all-per-video shape asks for. */
  published: number;
}

/** What the chunk ending at `runForDt` needs, from the truth's rows (any range covering the chunk) and the catalogue. */
export function chunkMinimum(truth: readonly DailyVideoMetrics[], catalogue: readonly CatalogueVideo[], runForDt: string, cap = TOP_VIDEOS_CAP): ChunkMinimum {
  const topLists = chunkDays(runForDt, CHUNK_DAYS)
    .map((day) => truth.filter((row) => row.dt === day))
    .filter((dayRows) => dayRows.length >= cap)
    .map((dayRows) => topVideosOfDay(dayRows, cap));
  const windowEnd = startOfZonedDay(addDays(runForDt, 1), YOUTUBE_TIME_ZONE).getTime();
  const published = catalogue.filter((video) => Date.parse(video.publishedAt) < windowEnd).map((video) => video.videoId);
  const tail = topLists.length === 0 ? [] : published.filter((videoId) => topLists.some((list) => !list.includes(videoId)));
  return { runForDt, cappedDays: topLists.length, tail: tail.length, published: published.length };
}

export interface BackfillMinimum {
  /** 7 a chunk. */
  topListCalls: number;
  /** Σ tail. */
  tailCalls: number;
  /** What this design needs: top lists plus tails. */
  calls: number;
  /** The all-per-video shape: one per-video call a chunk for every video published by its window's end, no top lists. */
  allPerVideoCalls: number;
}

export function backfillMinimum(chunks: readonly ChunkMinimum[]): BackfillMinimum {
  const topListCalls = chunks.length * CHUNK_DAYS;
  const tailCalls = chunks.reduce((sum, chunk) => sum + chunk.tail, 0);
  return { topListCalls, tailCalls, calls: topListCalls + tailCalls, allPerVideoCalls: chunks.reduce((sum, chunk) => sum + chunk.published, 0) };
}

/** Uploads pages to read a catalogue of `videos` once: an empty playlist is still one call. */
export function cataloguePages(videos: number): number {
  return Math.max(1, Math.ceil(videos / UPLOADS_PAGE_SIZE));
}
