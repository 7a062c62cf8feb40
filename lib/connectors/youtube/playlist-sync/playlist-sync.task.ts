import { markJobResumed } from '../../../jobs/backfill-jobs.repository.js';
import type { Trx } from '../../../../db/transaction.js';
import { AwaitingReviewError, BudgetBlockedError, DeadlineReachedError, PermanentError, RateLimitedError } from '../../../errors.js';
import type { Task } from '../../../queue/repository/index.js';
import type { ConnectorTaskContext, ConnectorTaskHandler, TaskDeps } from '../../connector.js';
import { DATA_API_UNITS } from '../data-api-units.js';
import { GoogleRefusal } from '../google-failure.js';
import { collectPages, type Playlist } from '../playlists.js';
import type { YouTubeClient } from '../youtube.client.js';
import type { YouTubeSettings } from '../youtube.config.js';
import { insertSnapshots, markSnapshotDeleted, markSnapshotsRestoredAt, setSnapshotItems, snapshotsOf, type BackupSnapshot } from './backup-snapshots.repository.js';
import { playlistSyncPayloadSchema, type PlaylistSyncPayload } from './playlist-sync-payload.js';
import { countItem, enterStage, paused, readSyncState, recordError, resumed, spendUnits, type SyncState } from './playlist-sync-state.js';
import { loadTargets, recordTargetPlaylist, targetOperations, type SyncTarget } from './sync-targets.js';
import {
  clearOperationSent,
  completeOperation,
  countPendingOperations,
  failOperation,
  failTargetOperations,
  insertOperations,
  markOperationSent,
  pendingOperations,
  type SyncVideoOperation,
} from './sync-video-operations.repository.js';

/*
 * Strategy: one task walks the stages backup → create_playlists → add_videos → delete_playlists
 * → completed (a restore skips the deletes). Its checkpoint is the sync's state
 * (playlist-sync-state.ts), committed with each item's rows, so a run resumes at the first item
 * not done. YouTube's writes are not idempotent: before a write goes out, a step records it as
 * sent (`sync_video_operations.sent_at`, or the state's `inflight`); a run that finds one looks
 * the outcome up (the playlist's items for that video, the channel's playlists for a created or
 * deleted one) before it sends anything again. Nothing is written to YouTube before the backup
 * of every playlist and its items is stored.
 */

/** A refusal whose wait reaches past this is a quota's, not a rate's: the job shows `quota_exhausted` until the reset. */
const QUOTA_WAIT_MS = 60_000;
/** Operations read per batch while adding videos. */
const OPERATION_BATCH = 100;

interface SyncRun {
  deps: TaskDeps<YouTubeSettings, YouTubeClient>;
  task: Task & { jobId: number };
  context: ConnectorTaskContext;
  payload: PlaylistSyncPayload;
  state: SyncState;
}

export function createPlaylistSyncHandler(deps: TaskDeps<YouTubeSettings, YouTubeClient>): ConnectorTaskHandler {
  return async (task, context) => {
    const parsed = playlistSyncPayloadSchema.safeParse(task.payload);
    if (!parsed.success) throw new PermanentError(`invalid playlist_sync payload: ${parsed.error.message}`);
    if (task.jobId === null) throw new PermanentError(`playlist_sync task ${task.id} belongs to no job`);
    const run: SyncRun = { deps, task: { ...task, jobId: task.jobId }, context, payload: parsed.data, state: readSyncState(context.checkpoint) };
    if (run.state.pause !== null) {
      // Back after a quota's reset or a person's resume: the failures that paused it are behind it.
      run.state = resumed(run.state);
      await save(run, (trx) => markJobResumed(trx, run.task.jobId, deps.clock.now()));
    }
    while (run.state.stage !== 'completed') await STAGES[run.state.stage](run);
  };
}

const STAGES: Record<Exclude<SyncState['stage'], 'completed'>, (run: SyncRun) => Promise<void>> = {
  backup,
  create_playlists: createPlaylists,
  add_videos: addVideos,
  delete_playlists: deletePlaylists,
};

/** Every playlist of the channel and its items, stored before anything is written. */
async function backup(run: SyncRun): Promise<void> {
  const { client, clock } = run.deps;
  if (!run.state.listed) {
    const playlists = await readAllPages(run, (token, pageToken) => client.listPlaylists(token, { ...(pageToken ? { pageToken } : {}) }).then((p) => ({ items: p.playlists, next: p.nextPageToken })));
    run.state = { ...enterStage(run.state, 'backup', playlists.length), listed: true };
    await save(run, (trx) => insertSnapshots(trx, { jobId: run.task.jobId, tenantId: run.task.tenantId, channelId: run.payload.channel_id }, playlists, clock.now()));
  }
  for (const snapshot of (await snapshotsOf(run.deps.db, run.task.jobId)).filter((s) => s.videoIds === null)) {
    let videoIds: string[];
    try {
      videoIds = await playlistVideoIds(run, snapshot.playlistId);
    } catch (error) {
      if (!(error instanceof GoogleRefusal)) throw error;
      // Deleted between the list and now: nothing of it to keep. Unreadable (not the channel's to
      // read): kept out of the backup, and so never deleted by this sync.
      if (error.reason !== 'playlistNotFound') {
        run.state = recordError(run.state, { entity_type: 'playlist', entity_id: snapshot.playlistId, message: `its items could not be backed up, so it will not be deleted: ${error.message}` }, run.deps.clock.now(), false);
        run.state = { ...run.state, unreadable: [...run.state.unreadable, snapshot.playlistId] };
      }
      run.state = countItem(run.state, error.reason === 'playlistNotFound' ? 'skipped' : 'failed');
      await save(run, (trx) => setSnapshotItems(trx, snapshot.id, []));
      continue;
    }
    run.state = countItem(run.state, 'succeeded');
    await save(run, (trx) => setSnapshotItems(trx, snapshot.id, videoIds));
  }
  run.state = enterStage(run.state, 'create_playlists', (await loadTargets(run.deps.db, run.payload, await backupOf(run), false)).length);
  await save(run);
}

/** A playlist per target that has none on the channel; one found again (a marker, or a lost answer) is not created twice. */
async function createPlaylists(run: SyncRun): Promise<void> {
  const snapshots = await backupOf(run);
  const targets = await loadTargets(run.deps.db, run.payload, snapshots, false);
  for (const target of targets.slice(run.state.progress.done)) {
    const now = () => run.deps.clock.now();
    if (target.playlistId !== null) {
      // Reused: its playlist is on the channel (recorded again when it was found by its marker).
      run.state = countItem(run.state, 'skipped');
      await save(run, (trx) => recordTargetPlaylist(trx, target, target.playlistId!, now()));
      continue;
    }
    if (run.state.inflight?.op === 'create' && run.state.inflight.target === target.key) {
      const found = await findCreatedPlaylist(run, target, snapshots);
      if (found) {
        run.state = countItem({ ...run.state, inflight: null }, 'succeeded');
        await save(run, (trx) => recordTargetPlaylist(trx, target, found.id, now()));
        continue;
      }
    }
    beforeCall(run);
    run.state = { ...spendUnits(run.state, DATA_API_UNITS.write), inflight: { op: 'create', target: target.key } };
    await save(run);
    try {
      const playlist = await write(run, (token) => run.deps.client.insertPlaylist(token, { title: target.title, description: target.description, privacyStatus: target.privacyStatus }));
      run.state = countItem({ ...run.state, inflight: null }, 'succeeded');
      await save(run, (trx) => recordTargetPlaylist(trx, target, playlist.id, now()));
    } catch (error) {
      if (!(error instanceof GoogleRefusal)) throw await refusedBeforeSending(run, error, { ...run.state, inflight: null, quota_used: run.state.quota_used - DATA_API_UNITS.write });
      run.state = { ...countItem(recordError(run.state, { entity_type: 'playlist', entity_id: target.title, message: error.message }, now()), 'failed'), inflight: null };
      run.state = { ...run.state, failed_targets: [...run.state.failed_targets, target.key] };
      await save(run);
      await pauseWhenTooManyFailures(run);
    }
  }
  run.state = enterStage(run.state, 'add_videos');
  await save(run);
}

/** Every video into its target's playlist, once: one `sync_video_operations` row each. */
async function addVideos(run: SyncRun): Promise<void> {
  const { db, clock } = run.deps;
  const snapshots = await backupOf(run);
  const targets = await loadTargets(db, run.payload, snapshots, true);
  if (!run.state.planned) {
    const operations = targetOperations(targets, snapshots, run.state.failed_targets);
    const tally = (status: string) => operations.filter((op) => op.status === status).length;
    run.state = { ...enterStage(run.state, 'add_videos', operations.length), planned: true };
    run.state = countItem(countItem(run.state, 'skipped', tally('skipped')), 'failed', tally('failed'));
    await save(run, (trx) => insertOperations(trx, run.task.jobId, operations, clock.now()));
  }
  const playlistOf = new Map(targets.map((target) => [target.key, target.playlistId]));
  for (;;) {
    const batch = await pendingOperations(db, run.task.jobId, OPERATION_BATCH);
    if (batch.length === 0) break;
    for (const operation of batch) {
      // A target whose playlist went failed its pending videos at once: read what is left again.
      if ((await addVideo(run, operation, playlistOf.get(operation.target) ?? null)) === 'target_gone') break;
    }
  }
  if (run.payload.mode === 'restore') {
    const restored = run.payload.snapshot_ids;
    run.state = enterStage(run.state, 'completed');
    await save(run, (trx) => markSnapshotsRestoredAt(trx, restored, clock.now()));
    return;
  }
  run.state = enterStage(run.state, 'delete_playlists', run.payload.replace_playlist_ids.length);
  await save(run);
}

async function addVideo(run: SyncRun, operation: SyncVideoOperation, playlistId: string | null): Promise<'done' | 'target_gone'> {
  const { client, clock } = run.deps;
  if (playlistId === null) {
    run.state = countItem(run.state, 'failed');
    await save(run, (trx) => failOperation(trx, operation.id, 'its playlist was not created', clock.now()));
    return 'done';
  }
  try {
    if (operation.sentAt !== null) {
      // Sent before, answer lost: the playlist says whether it went in.
      const found = await read(run, (token) => client.listPlaylistItems(token, { playlistId, videoId: operation.videoId }));
      const item = found.items.find((i) => i.videoId === operation.videoId);
      if (item) {
        run.state = countItem(run.state, 'succeeded');
        await save(run, (trx) => completeOperation(trx, operation.id, item.id, clock.now()));
        return 'done';
      }
    }
    beforeCall(run);
    run.state = spendUnits(run.state, DATA_API_UNITS.write);
    await save(run, (trx) => markOperationSent(trx, operation.id, clock.now()));
    let itemId: string;
    try {
      itemId = await write(run, (token) => client.insertPlaylistItem(token, { playlistId, videoId: operation.videoId }));
    } catch (error) {
      if (error instanceof GoogleRefusal) throw error;
      throw await refusedBeforeSending(run, error, { ...run.state, quota_used: run.state.quota_used - DATA_API_UNITS.write }, (trx) => clearOperationSent(trx, operation.id));
    }
    run.state = countItem(run.state, 'succeeded');
    await save(run, (trx) => completeOperation(trx, operation.id, itemId, clock.now()));
    return 'done';
  } catch (error) {
    if (!(error instanceof GoogleRefusal)) throw error;
    if (error.reason === 'playlistNotFound') {
      // The playlist went (deleted on YouTube mid-sync): its remaining videos fail together, one refusal spent, not one each.
      const message = `its playlist ${playlistId} is gone from the channel (${error.message})`;
      const failed = await countPendingOperations(run.deps.db, run.task.jobId, operation.target);
      run.state = countItem(recordError(run.state, { entity_type: 'playlist', entity_id: playlistId, message: `${failed} videos not added: ${message}` }, clock.now()), 'failed', failed);
      await save(run, (trx) => failTargetOperations(trx, run.task.jobId, operation.target, message, clock.now()).then(() => {}));
      await pauseWhenTooManyFailures(run);
      return 'target_gone';
    }
    // Refused (videoNotFound, a private video): this video fails, the rest go on.
    run.state = countItem(recordError(run.state, { entity_type: 'video', entity_id: operation.videoId, message: error.message }, clock.now()), 'failed');
    await save(run, (trx) => failOperation(trx, operation.id, error.message, clock.now()));
    await pauseWhenTooManyFailures(run);
    return 'done';
  }
}

/** The replaced playlists, only after add_videos ended without failures (unless the request says otherwise). */
async function deletePlaylists(run: SyncRun): Promise<void> {
  if (run.payload.mode !== 'sync') throw new PermanentError('a restore deletes nothing');
  const { clock } = run.deps;
  const ids = run.payload.replace_playlist_ids;
  const failedVideos = run.state.stage_results.add_videos.failed;
  // Nothing to replace, nothing kept: the failures are the videos' own errors already.
  if (run.state.progress.done === 0 && ids.length > 0 && failedVideos > 0 && !run.payload.delete_despite_failures) {
    const message = `kept the ${ids.length} playlists to replace: ${failedVideos} videos failed (send delete_despite_failures to delete anyway)`;
    run.state = countItem(recordError(run.state, { entity_type: 'playlist', entity_id: ids.join(','), message }, clock.now(), false), 'skipped', ids.length);
    run.state = enterStage(run.state, 'completed');
    await save(run);
    return;
  }
  const snapshots = await backupOf(run);
  const targetPlaylists = new Set((await loadTargets(run.deps.db, run.payload, snapshots, true)).map((t) => t.playlistId));
  for (const playlistId of ids.slice(run.state.progress.done)) {
    const snapshot = snapshots.find((s) => s.playlistId === playlistId);
    if (!snapshot || targetPlaylists.has(playlistId) || run.state.unreadable.includes(playlistId)) {
      const message = !snapshot
        ? 'not a playlist of this channel when the sync began'
        : targetPlaylists.has(playlistId)
          ? 'it holds a category of this sync: kept'
          : 'its items could not be backed up: kept';
      run.state = countItem(recordError(run.state, { entity_type: 'playlist', entity_id: playlistId, message }, clock.now(), false), 'skipped');
      await save(run);
      continue;
    }
    await deletePlaylist(run, snapshot);
  }
  run.state = enterStage(run.state, 'completed');
  await save(run);
}

async function deletePlaylist(run: SyncRun, snapshot: BackupSnapshot): Promise<void> {
  const { client, clock } = run.deps;
  const deleted = async () => {
    run.state = countItem({ ...run.state, inflight: null }, 'succeeded');
    await save(run, (trx) => markSnapshotDeleted(trx, snapshot.id, clock.now()));
  };
  if (run.state.inflight?.op === 'delete' && run.state.inflight.playlist_id === snapshot.playlistId) {
    const still = await read(run, (token) => client.listPlaylists(token, { ids: [snapshot.playlistId] }));
    if (still.playlists.length === 0) return deleted();
  }
  beforeCall(run);
  run.state = { ...spendUnits(run.state, DATA_API_UNITS.write), inflight: { op: 'delete', playlist_id: snapshot.playlistId } };
  await save(run);
  try {
    await write(run, (token) => client.deletePlaylist(token, snapshot.playlistId));
  } catch (error) {
    // Gone already (someone deleted it meanwhile): what the stage wanted.
    if (error instanceof GoogleRefusal && error.reason === 'playlistNotFound') return deleted();
    if (!(error instanceof GoogleRefusal)) throw await refusedBeforeSending(run, error, { ...run.state, inflight: null, quota_used: run.state.quota_used - DATA_API_UNITS.write });
    run.state = { ...countItem(recordError(run.state, { entity_type: 'playlist', entity_id: snapshot.playlistId, message: error.message }, clock.now()), 'failed'), inflight: null };
    await save(run);
    await pauseWhenTooManyFailures(run);
    return;
  }
  await deleted();
}

/** A created playlist whose answer was lost: on the channel now, not in the backup, with the title and description sent. */
async function findCreatedPlaylist(run: SyncRun, target: SyncTarget, snapshots: readonly BackupSnapshot[]): Promise<Playlist | undefined> {
  const before = new Set(snapshots.map((s) => s.playlistId));
  const playlists = await readAllPages(run, (token, pageToken) => run.deps.client.listPlaylists(token, { ...(pageToken ? { pageToken } : {}) }).then((p) => ({ items: p.playlists, next: p.nextPageToken })));
  return playlists.find((p) => !before.has(p.id) && p.title === target.title && p.description === target.description);
}

async function playlistVideoIds(run: SyncRun, playlistId: string): Promise<string[]> {
  const items = await readAllPages(run, (token, pageToken) =>
    run.deps.client.listPlaylistItems(token, { playlistId, ...(pageToken ? { pageToken } : {}) }).then((p) => ({ items: p.items, next: p.nextPageToken })),
  );
  return items.map((item) => item.videoId);
}

function readAllPages<T>(run: SyncRun, page: (token: string, pageToken: string | null) => Promise<{ items: T[]; next: string | null }>): Promise<T[]> {
  return collectPages((pageToken) => read(run, (token) => page(token, pageToken)));
}

/**
 * A list call (1 unit), retried inside the task when it fails transiently (reads are safe to
 * repeat): each try is counted, but the one a budget or quota refused, which was never sent.
 */
async function read<T>(run: SyncRun, call: (token: string) => Promise<T>): Promise<T> {
  beforeCall(run);
  try {
    return await run.context.call((token) => {
      run.state = spendUnits(run.state, DATA_API_UNITS.list);
      return call(token);
    });
  } catch (error) {
    if (refusedUnsent(error)) throw await refusedBeforeSending(run, error, spendUnits(run.state, -DATA_API_UNITS.list));
    throw error;
  }
}

/** A refusal that proves the request was never made: a budget's, or Google's quota or rate limit. */
function refusedUnsent(error: unknown): boolean {
  return error instanceof RateLimitedError || error instanceof BudgetBlockedError;
}

/**
 * A write, sent once and never retried blind; the caller checked the deadline (beforeCall) and
 * stored it as sent, with its units, before this.
 */
function write<T>(run: SyncRun, call: (token: string) => Promise<T>): Promise<T> {
  return run.context.callOnce(call);
}

/** No call starts past the invocation's deadline or once the lease is lost (a pause, a cancel): the sync resumes here. */
function beforeCall(run: SyncRun): void {
  run.context.signal.throwIfAborted();
  if (run.deps.clock.now() >= run.context.deadline) throw new DeadlineReachedError(`deadline reached at ${run.state.stage}; the sync resumes there`);
}

/**
 * A call refused before YouTube made it — Sluice's own budget (RateLimitedError, or
 * BudgetBlockedError when only a person can raise it), or Google's quota or rate limit: nothing was written, so `state` (the write undone) is stored, with a
 * `quota_exhausted` pause when the wait is a quota's. Any other error is the caller's as it is.
 */
async function refusedBeforeSending(run: SyncRun, error: unknown, state: SyncState, write?: (trx: Trx) => Promise<void>): Promise<unknown> {
  if (!refusedUnsent(error)) return error;
  const now = run.deps.clock.now();
  // A budget only a person can raise parks the task (its own pause reason); a wait long enough is a quota's.
  const quota = error instanceof RateLimitedError && error.retryAt.getTime() - now.getTime() >= QUOTA_WAIT_MS;
  run.state = quota ? paused(state, 'quota_exhausted', now, (error as RateLimitedError).retryAt) : state;
  await save(run, write);
  if (quota) run.deps.logger.info('playlist_sync.quota_paused', { job_id: run.task.jobId, stage: run.state.stage, resumes_at: (error as RateLimitedError).retryAt.toISOString(), quota_used: run.state.quota_used });
  return error;
}

/** Too many refused writes since the start or the last resume: stop for a person (`errors_collected`). */
async function pauseWhenTooManyFailures(run: SyncRun): Promise<void> {
  if (run.state.failures_since_resume < run.payload.max_failures) return;
  run.state = paused(run.state, 'errors_collected', run.deps.clock.now(), null);
  await save(run);
  throw new AwaitingReviewError(`${run.state.failures_since_resume} writes refused since the sync started or was last resumed: review its errors, then resume the job`);
}

function save(run: SyncRun, write?: (trx: Trx) => Promise<void>): Promise<void> {
  return run.context.commitStep(async (trx) => {
    await write?.(trx);
  }, run.state);
}

function backupOf(run: SyncRun): Promise<BackupSnapshot[]> {
  return snapshotsOf(run.deps.db, run.task.jobId);
}
