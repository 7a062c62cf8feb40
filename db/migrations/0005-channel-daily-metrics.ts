import { sql, type Kysely } from 'kysely';
import { sqlFlavorOf } from '../sql-flavor.js';
import { hasIndex } from './schema-probes.js';

/**
 * `channel_daily_metrics` (DESIGN.md "Tables"): one row per (`channel_id`, `dt`), the sums of
 * every metric of the channel's `video_daily_metrics` rows that day and `videos_with_views`,
 * rebuilt by the `analytics-generation` job. Sums are BIGINT, `average_view_duration` too: a
 * sum of per-video seconds outgrows the per-video INTEGER.
 *
 * `video_daily_metrics` gains an index on (`channel_id`, `dt`): a rebuild reads one channel's
 * days, and its primary key (`channel_id`, `video_id`, `dt`) only narrows that to the channel,
 * every day of its history, for each 31-day step.
 *
 * Each step skips itself when done, so a run that stopped half-way (MySQL commits each DDL
 * statement) can simply run again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = sqlFlavorOf(db) === 'mysql';
  const time = mysql ? sql`datetime(3)` : sql`text`;
  const bigint = mysql ? sql`bigint` : sql`integer`;
  const key = (length: number) => (mysql ? sql.raw(`varchar(${length})`) : sql`text`);

  let table = db.schema
    .createTable('channel_daily_metrics')
    .ifNotExists()
    .addColumn('channel_id', key(64), (c) => c.notNull())
    .addColumn('dt', mysql ? sql`date` : sql`text`, (c) => c.notNull())
    .addColumn('tenant_id', key(191), (c) => c.notNull());
  for (const metric of ['views', 'estimated_minutes_watched', 'average_view_duration', 'likes', 'comments', 'shares', 'subscribers_gained', 'subscribers_lost']) {
    table = table.addColumn(metric, bigint, (c) => c.notNull());
  }
  table = table
    .addColumn('videos_with_views', 'integer', (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_daily_metrics_pk', ['channel_id', 'dt']);
  await (mysql ? table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : table).execute();

  if (!(await hasIndex(db, mysql, 'channel_daily_metrics', 'channel_daily_metrics_tenant_dt'))) {
    await db.schema.createIndex('channel_daily_metrics_tenant_dt').on('channel_daily_metrics').columns(['tenant_id', 'dt']).execute();
  }
  if (!(await hasIndex(db, mysql, 'video_daily_metrics', 'video_daily_metrics_channel_dt'))) {
    await db.schema.createIndex('video_daily_metrics_channel_dt').on('video_daily_metrics').columns(['channel_id', 'dt']).execute();
  }
}
