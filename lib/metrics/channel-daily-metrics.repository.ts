import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/database.js';
import { sqlFlavorOf } from '../../db/sql-flavor.js';
import type { ChannelDailyMetricsTable } from '../../db/tables/channel-daily-metrics.table.js';
import type { Trx } from '../../db/transaction.js';
import { toDbTime } from '../../db/values.js';

/** The metric columns of `video_daily_metrics`, each summed per channel and day. */
const SUMMED = ['views', 'estimated_minutes_watched', 'average_view_duration', 'likes', 'comments', 'shares', 'subscribers_gained', 'subscribers_lost'] as const;

/**
 * Columns a rebuild replaces. Not `tenant_id`: as in `video_daily_metrics`, the row key is
 * (channel, day), and a channel connected by a second tenant must not move the rows to it.
 */
const REBUILT = [...SUMMED, 'videos_with_views', 'updated_at'] as const;

export interface ChannelDaysScope {
  tenantId: string;
  channelId: string;
  /** Inclusive `YYYY-MM-DD` bounds. */
  startDate: string;
  endDate: string;
}

/**
 * Recomputes a channel's `channel_daily_metrics` for the days `startDate`..`endDate` from the
 * stored `video_daily_metrics` rows: one `INSERT … SELECT … GROUP BY` upsert on (channel_id,
 * dt), then the days of the range left without any source row are deleted. Idempotent: a
 * rerun writes the same numbers. Returns the days the channel has rows for in the range.
 */
export async function rebuildChannelDailyMetrics(trx: Trx, scope: ChannelDaysScope, now: Date): Promise<number> {
  const { tenantId, channelId, startDate, endDate } = scope;
  const sums = trx
    .selectFrom('video_daily_metrics')
    .where('channel_id', '=', channelId)
    .where('dt', '>=', startDate)
    .where('dt', '<=', endDate)
    .groupBy(['channel_id', 'dt'])
    .select((eb) => [
      'channel_id',
      'dt',
      sql<string>`${tenantId}`.as('tenant_id'),
      ...SUMMED.map((column) => eb.fn.sum<number>(column).as(column)),
      eb.fn.count<number>(eb.case().when('views', '>', 0).then(1).end()).as('videos_with_views'),
      sql<string>`${toDbTime(now)}`.as('updated_at'),
    ]);
  const insert = trx.insertInto('channel_daily_metrics').columns(['channel_id', 'dt', 'tenant_id', ...SUMMED, 'videos_with_views', 'updated_at']).expression(sums);
  if (sqlFlavorOf(trx) === 'mysql') {
    await insert.onDuplicateKeyUpdate(Object.fromEntries(REBUILT.map((c) => [c, sql`values(${sql.ref(c)})`]))).execute();
  } else {
    // The source has a WHERE clause, which SQLite needs to read `ON CONFLICT` as the upsert's.
    await insert.onConflict((oc) => oc.columns(['channel_id', 'dt']).doUpdateSet(Object.fromEntries(REBUILT.map((c) => [c, sql.ref(`excluded.${c}`)])))).execute();
  }
  await trx
    .deleteFrom('channel_daily_metrics')
    .where('channel_id', '=', channelId)
    .where('dt', '>=', startDate)
    .where('dt', '<=', endDate)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('video_daily_metrics as v').select(sql`1`.as('one')).whereRef('v.channel_id', '=', 'channel_daily_metrics.channel_id').whereRef('v.dt', '=', 'channel_daily_metrics.dt'))),
    )
    .execute();
  const { days } = await trx
    .selectFrom('channel_daily_metrics')
    .where('channel_id', '=', channelId)
    .where('dt', '>=', startDate)
    .where('dt', '<=', endDate)
    .select((eb) => eb.fn.countAll<number | string>().as('days'))
    .executeTakeFirstOrThrow();
  return Number(days);
}

export type ChannelDayMetrics = Selectable<ChannelDailyMetricsTable>;

/** A channel's rows for the days `startDate`..`endDate`, oldest first, sums as numbers. */
export async function listChannelDailyMetrics(db: Kysely<Database>, channelId: string, startDate: string, endDate: string): Promise<ChannelDayMetrics[]> {
  const rows = await db
    .selectFrom('channel_daily_metrics')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('dt', '>=', startDate)
    .where('dt', '<=', endDate)
    .orderBy('dt')
    .execute();
  // MySQL may hand BIGINT back as a string; the table type promises numbers.
  return rows.map((row) => ({ ...row, ...Object.fromEntries([...SUMMED, 'videos_with_views'].map((c) => [c, Number(row[c as keyof typeof row])])) }));
}
