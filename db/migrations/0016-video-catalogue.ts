import { sql, type CreateTableBuilder, type Kysely, type RawBuilder } from 'kysely';
import { sqlFlavorOf } from '../sql-flavor.js';
import { hasIndex } from './schema-probes.js';

/**
 * A YouTube channel's catalogue (issue 15; types in db/tables/video-catalogue.table.ts):
 * - `videos` PRIMARY KEY (`channel_id`, `video_id`): `title`, `published_at`, from the
 *   channel's uploads playlist; (`channel_id`, `published_at`) is how a chunk finds the videos
 *   published by its window's end.
 * - `video_catalogues` PRIMARY KEY `channel_id`: the uploads playlist and video count
 *   `channels.list` reported, how far the catalogue is known (`complete_through`, with the
 *   newest video then, and when it was last read whole), and the refresh in progress (its
 *   lease, and the page it reached).
 * Each step skips itself when done, so a run that stopped half-way can run again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = sqlFlavorOf(db) === 'mysql';
  const time = mysql ? sql`datetime(3)` : sql`text`;
  const key = (length: number): RawBuilder<unknown> => (mysql ? sql.raw(`varchar(${length})`) : sql`text`);
  const innodb = (table: CreateTableBuilder<any, any>) => (mysql ? table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : table);

  await innodb(
    db.schema
      .createTable('videos')
      .ifNotExists()
      .addColumn('channel_id', key(64), (c) => c.notNull())
      .addColumn('video_id', key(32), (c) => c.notNull())
      .addColumn('title', sql`text`, (c) => c.notNull())
      .addColumn('published_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('videos_pk', ['channel_id', 'video_id']),
  ).execute();
  if (!(await hasIndex(db, mysql, 'videos', 'videos_published'))) {
    await db.schema.createIndex('videos_published').on('videos').columns(['channel_id', 'published_at']).execute();
  }
  await innodb(
    db.schema
      .createTable('video_catalogues')
      .ifNotExists()
      .addColumn('channel_id', key(64), (c) => c.primaryKey())
      .addColumn('uploads_playlist_id', key(64))
      .addColumn('video_count', 'integer')
      .addColumn('complete_through', time)
      .addColumn('newest_published_at', time)
      .addColumn('full_read_at', time)
      .addColumn('refresh_started_at', time)
      .addColumn('refresh_page_token', key(255))
      .addColumn('lease_token', key(64))
      .addColumn('lease_expires_at', time)
      .addColumn('updated_at', time, (c) => c.notNull()),
  ).execute();
}
