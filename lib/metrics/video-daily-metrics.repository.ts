import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { VideoDailyMetricsTable } from '../../db/tables/video-daily-metrics.table.js';
import { upsertRows } from '../../db/upsert.js';
import { toDbTime } from '../../db/values.js';

/** The metric columns of a row: everything but its key and bookkeeping. */
type MetricColumn = Exclude<keyof VideoDailyMetricsTable, 'channel_id' | 'video_id' | 'dt' | 'tenant_id' | 'updated_at'>;

/** One (channel, video, day) row as the application writes it. */
export type VideoDayMetrics = { channelId: string; videoId: string; dt: string } & Record<MetricColumn, number>;

/**
 * Columns a re-fetch replaces. Not `tenant_id`: the row key is (channel, video, day), and a
 * channel connected by a second tenant must not move the rows to it on every write.
 */
const METRIC_COLUMNS = [
  'views',
  'estimated_minutes_watched',
  'average_view_duration',
  'likes',
  'comments',
  'shares',
  'subscribers_gained',
  'subscribers_lost',
  'updated_at',
] as const;

/**
 * Idempotent upsert on (channel_id, video_id, dt): re-fetching a day (retries, the daily
 * refresh's overlapping windows) replaces its numbers, never duplicates the row.
 */
export async function upsertVideoDailyMetrics(db: Kysely<Database>, tenantId: string, rows: readonly VideoDayMetrics[], now: Date): Promise<number> {
  const values: Insertable<VideoDailyMetricsTable>[] = rows.map((row) => ({
    channel_id: row.channelId,
    video_id: row.videoId,
    dt: row.dt,
    tenant_id: tenantId,
    views: row.views,
    estimated_minutes_watched: row.estimated_minutes_watched,
    average_view_duration: row.average_view_duration,
    likes: row.likes,
    comments: row.comments,
    shares: row.shares,
    subscribers_gained: row.subscribers_gained,
    subscribers_lost: row.subscribers_lost,
    updated_at: toDbTime(now),
  }));
  return upsertRows(db, 'video_daily_metrics', values, { key: ['channel_id', 'video_id', 'dt'], update: METRIC_COLUMNS });
}

/** Row count, day range, distinct videos and total views of a channel's stored metrics. */
export async function summarizeChannelMetrics(db: Kysely<Database>, channelId: string) {
  return db
    .selectFrom('video_daily_metrics')
    .where('channel_id', '=', channelId)
    .select((eb) => [
      eb.fn.countAll<number>().as('rows'),
      eb.fn.min('dt').as('first'),
      eb.fn.max('dt').as('last'),
      eb.fn.count<number>('video_id').distinct().as('videos'),
      eb.fn.sum<number>('views').as('views'),
    ])
    .executeTakeFirstOrThrow();
}

/** A channel's videos with the most views over the stored days. */
export async function topVideosByViews(db: Kysely<Database>, channelId: string, limit: number) {
  return db
    .selectFrom('video_daily_metrics')
    .where('channel_id', '=', channelId)
    .groupBy('video_id')
    .select((eb) => [
      'video_id',
      eb.fn.sum<number>('views').as('views'),
      eb.fn.sum<number>('estimated_minutes_watched').as('minutes'),
      eb.fn.sum<number>('likes').as('likes'),
    ])
    .orderBy('views', 'desc')
    .orderBy('video_id')
    .limit(limit)
    .execute();
}
