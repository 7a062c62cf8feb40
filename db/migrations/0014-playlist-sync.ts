import { sql, type CreateTableBuilder, type Kysely, type RawBuilder } from 'kysely';
import { sqlFlavorOf } from '../sql-flavor.js';
import { hasColumn, hasIndex } from './schema-probes.js';

/**
 * The playlist write-sync's tables (DESIGN.md "Tables", seed 003; types in
 * db/tables/playlist-sync.table.ts):
 * - `categories` UNIQUE (`tenant_id`, `channel_id`, `name`): a creator's category and the
 *   YouTube playlist that holds it once a sync created (or reused) one;
 * - `category_videos` PRIMARY KEY (`category_id`, `youtube_video_id`), in `position` order;
 * - `sync_video_operations` UNIQUE (`job_id`, `target`, `youtube_video_id`): one per video a
 *   sync (or a restore) puts into a playlist; `target` is `category:{id}` or `snapshot:{id}`;
 *   (`job_id`, `status`, `id`) is the order the task walks them in;
 * - `backup_snapshots` UNIQUE (`job_id`, `youtube_playlist_id`): each of the channel's
 *   playlists and its items as the sync found them, before it wrote anything;
 * - `backfill_jobs.last_resumed_at`: when a person, or the quota's reset, last resumed a job.
 * Each step skips itself when done, so a run that stopped half-way can run again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = sqlFlavorOf(db) === 'mysql';
  const time = mysql ? sql`datetime(3)` : sql`text`;
  const bigint = mysql ? sql`bigint` : sql`integer`;
  const key = (length: number): RawBuilder<unknown> => (mysql ? sql.raw(`varchar(${length})`) : sql`text`);
  const innodb = (table: CreateTableBuilder<any, any>) => (mysql ? table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : table);
  const id = (table: CreateTableBuilder<any, any>) => table.addColumn('id', mysql ? 'bigint' : 'integer', (c) => c.primaryKey().autoIncrement());

  await innodb(
    id(db.schema.createTable('categories').ifNotExists())
      .addColumn('tenant_id', key(191), (c) => c.notNull())
      .addColumn('channel_id', key(64), (c) => c.notNull())
      .addColumn('name', key(191), (c) => c.notNull())
      .addColumn('youtube_playlist_id', key(64))
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .addUniqueConstraint('categories_name', ['tenant_id', 'channel_id', 'name']),
  ).execute();
  await innodb(
    db.schema
      .createTable('category_videos')
      .ifNotExists()
      .addColumn('category_id', bigint, (c) => c.notNull())
      .addColumn('youtube_video_id', key(32), (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('category_videos_pk', ['category_id', 'youtube_video_id']),
  ).execute();
  await innodb(
    id(db.schema.createTable('sync_video_operations').ifNotExists())
      .addColumn('job_id', bigint, (c) => c.notNull())
      .addColumn('target', key(64), (c) => c.notNull())
      .addColumn('category_id', bigint)
      .addColumn('backup_snapshot_id', bigint)
      .addColumn('youtube_video_id', key(32), (c) => c.notNull())
      .addColumn('status', key(16), (c) => c.notNull())
      .addColumn('error_message', sql`text`)
      .addColumn('sent_at', time)
      .addColumn('playlist_item_id', key(128))
      .addColumn('completed_at', time)
      .addUniqueConstraint('sync_video_operations_video', ['job_id', 'target', 'youtube_video_id']),
  ).execute();
  if (!(await hasIndex(db, mysql, 'sync_video_operations', 'sync_video_operations_walk'))) {
    await db.schema.createIndex('sync_video_operations_walk').on('sync_video_operations').columns(['job_id', 'status', 'id']).execute();
  }
  await innodb(
    id(db.schema.createTable('backup_snapshots').ifNotExists())
      .addColumn('job_id', bigint, (c) => c.notNull())
      .addColumn('tenant_id', key(191), (c) => c.notNull())
      .addColumn('channel_id', key(64), (c) => c.notNull())
      .addColumn('youtube_playlist_id', key(64), (c) => c.notNull())
      .addColumn('title', sql`text`, (c) => c.notNull())
      .addColumn('description', sql`text`, (c) => c.notNull())
      .addColumn('privacy_status', key(16), (c) => c.notNull())
      .addColumn('item_count', 'integer', (c) => c.notNull())
      .addColumn('video_ids', sql`text`)
      .addColumn('deleted_from_youtube_at', time)
      .addColumn('restored_playlist_id', key(64))
      .addColumn('restored_at', time)
      .addColumn('created_at', time, (c) => c.notNull())
      .addUniqueConstraint('backup_snapshots_playlist', ['job_id', 'youtube_playlist_id']),
  ).execute();
  if (!(await hasColumn(db, 'backfill_jobs', 'last_resumed_at'))) await db.schema.alterTable('backfill_jobs').addColumn('last_resumed_at', time).execute();
}
