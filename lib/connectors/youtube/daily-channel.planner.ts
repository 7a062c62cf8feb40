import { computeBackfillRunForDates } from '../../shared/calendar-days.js';
import { resolveDateRange } from '../../shared/date-range.js';
import type { JobPlanner, PlannedTask } from '../connector.js';
import { DATA_API_BUDGET } from './budget-keys.js';
import { CHUNK_DAYS, type DailyChannelPayload } from './daily-channel.task.js';
import { DATA_API_UNITS } from './data-api-units.js';
import { FULL_READ_EVERY_MS } from './catalogue/catalogue-refresh.js';
import { DAILY_CHANNEL_KIND, dailyChannelKey } from './task-keys.js';
import { TOP_VIDEOS_MAX_RESULTS } from './top-videos-report.mapper.js';
import { chunkWindowEnd, latestReportDay } from './youtube-calendar.js';
import type { YouTubeSettings } from './youtube.config.js';

/** Daily freshness runs before history: lower priority numbers are claimed first. */
export const SYNC_PRIORITY = 0;
export const BACKFILL_PRIORITY = 10;
/** Analytics queries per chunk's top lists: one top-videos report per day. */
const TOP_LIST_CALLS = CHUNK_DAYS;
/**
 * Quota units per Analytics query. PLATFORMS.md documents no per-query cost for the Analytics
 * API, and the `youtube` budget counts queries (DESIGN.md "Budgets"): one unit a query.
 */
const QUOTA_UNITS_PER_QUERY = 1;
/** Uploads playlist items per page (playlistItems.list `maxResults` ≤ 50), each page 1 Data API unit. */
const UPLOADS_PER_PAGE = 50;

/** What the planner knows of the channel's catalogue (planningFacts, read before it plans). */
export interface CatalogueFacts {
  /** When each video `videos` holds was published; empty when the catalogue was never read. */
  publishedAt: readonly Date[];
  /** Every video published before this is in `publishedAt`; null: never read to the end. */
  completeThrough: Date | null;
  /** When the catalogue was last read whole (a refresh reads every page again a week later). */
  fullReadAt: Date | null;
  /** `statistics.videoCount` as `channels.list` last reported it (at connect); null: unknown. */
  videoCount: number | null;
  uploadsPlaylistKnown: boolean;
}

/**
 * Pure: the chunks covering a range — `days` days ending at the latest report day (Pacific, two
 * days back), or `startDate`..`endDate` — each named by its last day, ending at the range's end
 * (the earliest may start before the range, as computeBackfillRunForDates does). Chunk keys are
 * stable for a given end day, so planning the same range twice enqueues nothing new; a `days`
 * range moves with the calendar.
 *
 * The estimate: 7 top-list calls a chunk. A chunk that could have 200 or more videos published by
 * its window's end may hit the top list's cap, and then costs one per-video call for each of
 * them at most (tail_calls_max; less by the videos that stay in every capped top list), plus the
 * catalogue's Data API pages once. It knows the videos the catalogue holds, or the count
 * `channels.list` reported: videos published since are not in it.
 */
function planChunks(priority: number): JobPlanner<YouTubeSettings> {
  return ({ connection, params, settings, facts }, now) => {
    const range = resolveDateRange(params, latestReportDay(now), { days: settings.backfillDays });
    const runForDates = computeBackfillRunForDates(range.endDate, range.days, CHUNK_DAYS);
    const tasks: PlannedTask[] = runForDates.map((runForDt) => ({
      kind: DAILY_CHANNEL_KIND,
      dedupeKey: dailyChannelKey(connection.tenantId, connection.externalAccountId, runForDt),
      payload: { channel_id: connection.externalAccountId, run_for_dt: runForDt } satisfies DailyChannelPayload,
      priority,
    }));
    const config = {
      start_date: range.startDate,
      end_date: range.endDate,
      days: range.days,
      // Kept for readers of older answers: the last chunk's day, which is the range's end.
      end_dt: range.endDate,
      chunk_days: CHUNK_DAYS,
      force: params.force ?? false,
    };
    const tails = runForDates.map((runForDt) => tailCallsMax(facts as CatalogueFacts | undefined, runForDt));
    const apiCalls = tasks.length * TOP_LIST_CALLS + tails.reduce((sum, calls) => sum + calls, 0);
    if (tails.every((calls) => calls === 0)) return { tasks, config, estimate: { apiCalls, quotaUnits: apiCalls * QUOTA_UNITS_PER_QUERY } };
    return {
      tasks,
      config,
      estimate: {
        apiCalls,
        quotaUnits: apiCalls * QUOTA_UNITS_PER_QUERY,
        perTask: tails.map((tail) => ({
          apiCalls: TOP_LIST_CALLS + tail,
          quotaUnits: (TOP_LIST_CALLS + tail) * QUOTA_UNITS_PER_QUERY,
          parts: { top_list_calls: TOP_LIST_CALLS, tail_calls_max: tail },
        })),
        alsoSpends: [{ budget: DATA_API_BUDGET, quotaUnits: catalogueUnits(facts as CatalogueFacts, now) }],
      },
    };
  };
}

/** Pure: the most per-video calls a chunk can need — every video published by its window's end, when they are enough to fill a top list. */
export function tailCallsMax(facts: CatalogueFacts | undefined, runForDt: string): number {
  if (!facts) return 0;
  const windowEnd = chunkWindowEnd(runForDt).getTime();
  const known = facts.publishedAt.filter((at) => at.getTime() < windowEnd).length;
  // Videos the catalogue does not hold yet (never read, or published since): as if published already.
  const unread = Math.max(0, (facts.videoCount ?? 0) - facts.publishedAt.length);
  const published = known + unread;
  return published >= TOP_VIDEOS_MAX_RESULTS ? published : 0;
}

/**
 * Pure: the Data API units of bringing the catalogue up to date — every page when it was never
 * read whole or its weekly full read is due, else its unread pages (at least the newest) — and
 * the channel lookup when its uploads playlist is not known.
 */
function catalogueUnits(facts: CatalogueFacts, now: Date): number {
  const fullRead = facts.completeThrough === null || facts.fullReadAt === null || now.getTime() - facts.fullReadAt.getTime() >= FULL_READ_EVERY_MS;
  const videos = Math.max(facts.videoCount ?? 0, facts.publishedAt.length);
  const pages = fullRead ? Math.ceil(videos / UPLOADS_PER_PAGE) : Math.ceil(Math.max(0, (facts.videoCount ?? 0) - facts.publishedAt.length) / UPLOADS_PER_PAGE);
  return Math.max(1, pages) * DATA_API_UNITS.list + (facts.uploadsPlaylistKnown ? 0 : DATA_API_UNITS.list);
}

export const planDataCollection = planChunks(BACKFILL_PRIORITY);
export const planSync = planChunks(SYNC_PRIORITY);
