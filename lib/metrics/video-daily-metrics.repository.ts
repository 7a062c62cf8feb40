import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { sqlFlavorOf } from '../../db/sql-flavor.js';
import type { VideoDailyMetricsTable } from '../../db/tables/video-daily-metrics.table.js';
import { toDbTime } from '../../db/values.js';
import type { VideoDayMetrics } from '../platforms/youtube/top-videos-report.mapper.js';

const METRIC_COLUMNS = [
  'tenant_id',
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

const ROWS_PER_STATEMENT = 500;

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
  const mysql = sqlFlavorOf(db) === 'mysql';
  for (let start = 0; start < values.length; start += ROWS_PER_STATEMENT) {
    const insert = db.insertInto('video_daily_metrics').values(values.slice(start, start + ROWS_PER_STATEMENT));
    await (mysql
      ? insert.onDuplicateKeyUpdate(Object.fromEntries(METRIC_COLUMNS.map((c) => [c, sql`values(${sql.ref(c)})`])))
      : insert.onConflict((oc) => oc.columns(['channel_id', 'video_id', 'dt']).doUpdateSet(Object.fromEntries(METRIC_COLUMNS.map((c) => [c, sql.ref(`excluded.${c}`)]))))
    ).execute();
  }
  return values.length;
}

export async function summarizeChannelMetrics(db: Kysely<Database>, channelId: string) {
  return db
    .selectFrom('video_daily_metrics')
    .where('channel_id', '=', channelId)
    .select((eb) => [
      eb.fn.countAll<number>().as('rows'),
      eb.fn.min('dt').as('first_day'),
      eb.fn.max('dt').as('last_day'),
      eb.fn.count<number>('video_id').distinct().as('videos'),
      eb.fn.sum<number>('views').as('views'),
    ])
    .executeTakeFirstOrThrow();
}
