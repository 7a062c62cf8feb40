import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../../../db/database.js';
import type { SyncVideoOperationsTable, SyncVideoStatus } from '../../../../db/tables/playlist-sync.table.js';
import type { Trx } from '../../../../db/transaction.js';
import { fromDbTime, toDbTime } from '../../../../db/values.js';

/** One video a playlist-sync job puts into a playlist (DESIGN.md "Tables"). */
export interface SyncVideoOperation {
  id: number;
  jobId: number;
  /** `category:{id}` or `snapshot:{id}`: whose playlist. */
  target: string;
  categoryId: number | null;
  backupSnapshotId: number | null;
  videoId: string;
  status: SyncVideoStatus;
  errorMessage: string | null;
  /** Set while an insert's outcome is unknown: look in the playlist before sending it again. */
  sentAt: Date | null;
  playlistItemId: string | null;
  completedAt: Date | null;
}

export type NewSyncVideoOperation = Pick<SyncVideoOperation, 'target' | 'categoryId' | 'backupSnapshotId' | 'videoId' | 'status' | 'errorMessage'>;

/** Adds a job's operations (its add_videos stage, planned at once); ones already there are kept. */
export async function insertOperations(trx: Trx, jobId: number, operations: readonly NewSyncVideoOperation[], now: Date): Promise<void> {
  const rows = operations.map((op) => ({
    job_id: jobId,
    target: op.target,
    category_id: op.categoryId,
    backup_snapshot_id: op.backupSnapshotId,
    youtube_video_id: op.videoId,
    status: op.status,
    error_message: op.errorMessage,
    sent_at: null,
    playlist_item_id: null,
    completed_at: op.status === 'pending' ? null : toDbTime(now),
  }));
  for (let start = 0; start < rows.length; start += 500) await trx.insertInto('sync_video_operations').values(rows.slice(start, start + 500)).execute();
}

/** The job's next pending operations, in the order they were planned. */
export async function pendingOperations(db: Kysely<Database>, jobId: number, limit: number): Promise<SyncVideoOperation[]> {
  const rows = await db.selectFrom('sync_video_operations').selectAll().where('job_id', '=', jobId).where('status', '=', 'pending').orderBy('id').limit(limit).execute();
  return rows.map(toOperation);
}

/** Marks the insert as sent, before it goes out: from here its outcome is unknown until recorded. */
export async function markOperationSent(trx: Trx, id: number, now: Date): Promise<void> {
  await trx.updateTable('sync_video_operations').set({ sent_at: toDbTime(now) }).where('id', '=', id).execute();
}

/** The insert was refused before it reached YouTube (a quota or rate limit): its outcome is known, nothing to look up. */
export async function clearOperationSent(trx: Trx, id: number): Promise<void> {
  await trx.updateTable('sync_video_operations').set({ sent_at: null }).where('id', '=', id).execute();
}

export async function completeOperation(trx: Trx, id: number, playlistItemId: string | null, now: Date): Promise<void> {
  await trx.updateTable('sync_video_operations').set({ status: 'completed', playlist_item_id: playlistItemId, sent_at: null, completed_at: toDbTime(now) }).where('id', '=', id).execute();
}

export async function failOperation(trx: Trx, id: number, message: string, now: Date): Promise<void> {
  await trx.updateTable('sync_video_operations').set({ status: 'failed', error_message: message.slice(0, 2_000), sent_at: null, completed_at: toDbTime(now) }).where('id', '=', id).execute();
}

export async function countPendingOperations(db: Kysely<Database>, jobId: number, target: string): Promise<number> {
  const row = await db.selectFrom('sync_video_operations').select((eb) => eb.fn.countAll<number>().as('n')).where('job_id', '=', jobId).where('target', '=', target).where('status', '=', 'pending').executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Fails every pending operation of a target at once (its playlist is gone): answers how many. */
export async function failTargetOperations(trx: Trx, jobId: number, target: string, message: string, now: Date): Promise<number> {
  const result = await trx
    .updateTable('sync_video_operations')
    .set({ status: 'failed', error_message: message.slice(0, 2_000), sent_at: null, completed_at: toDbTime(now) })
    .where('job_id', '=', jobId)
    .where('target', '=', target)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

function toOperation(row: Selectable<SyncVideoOperationsTable>): SyncVideoOperation {
  return {
    id: Number(row.id),
    jobId: Number(row.job_id),
    target: row.target,
    categoryId: row.category_id === null ? null : Number(row.category_id),
    backupSnapshotId: row.backup_snapshot_id === null ? null : Number(row.backup_snapshot_id),
    videoId: row.youtube_video_id,
    status: row.status,
    errorMessage: row.error_message,
    sentAt: row.sent_at === null ? null : fromDbTime(row.sent_at),
    playlistItemId: row.playlist_item_id,
    completedAt: row.completed_at === null ? null : fromDbTime(row.completed_at),
  };
}
