import { inTransaction } from '../../../../db/transaction.js';
import { budgetAccountKeyOf } from '../../../budgets/budget-account.js';
import { usedNow } from '../../../budgets/budget-usage.js';
import { budgetSnapshot } from '../../../budgets/rate-limit-config.service.js';
import { findConnection, type Connection } from '../../../connections/connections.repository.js';
import { ConflictError, JobActiveError, NotFoundError, ValidationError } from '../../../errors.js';
import { activeJobOf, getJob } from '../../../jobs/backfill-jobs.repository.js';
import { jobScope } from '../../../jobs/job-scope.js';
import { showJob } from '../../../jobs/jobs.service.js';
import type { JobView } from '../../../jobs/job-view.js';
import { startJob } from '../../../jobs/start-job.js';
import type { Runtime } from '../../../runtime.js';
import type { TokenSession } from '../../auth/token-session.js';
import type { LiveConnector } from '../../live-connectors.js';
import { DATA_API_BUDGET } from '../budget-keys.js';
import { DATA_API_UNITS } from '../data-api-units.js';
import { collectPages, type Playlist } from '../playlists.js';
import type { YouTubeClient } from '../youtube.client.js';
import { WRITE_SCOPE } from '../youtube-scopes.js';
import { snapshotsOf } from './backup-snapshots.repository.js';
import { categoriesHoldingPlaylists, findCategoriesByName, saveCategories } from './categories.repository.js';
import { DEFAULT_MAX_FAILURES, type PlaylistSyncPayload } from './playlist-sync-payload.js';
import { buildPreview, type PlaylistSyncPreview, type PreviewCategory } from './playlist-sync-preview.js';
import { resolveCategoryPlaylist, restorableSnapshots } from './sync-targets.js';

/**
 * The playlist write-sync's service behind `/api/admin/playlist-sync` (seed 003): preview a
 * request against the channel as it is, create its `playlist-sync` job, and restore what a sync
 * deleted. Its reads go through the Data API budget like the task's; its writes are the task's.
 */

const PLATFORM = 'youtube';

export interface PlaylistSyncRequest {
  tenantId: string;
  channelId: string;
  categories: readonly { name: string; videoIds: readonly string[] }[];
  replacePlaylistIds: readonly string[];
  /** Delete the replaced playlists even when some videos failed. Default false. */
  deleteDespiteFailures?: boolean;
  /** Refused writes after which the job pauses for a person. */
  maxFailures?: number;
}

/** The preview, writing nothing but the units its reads spend. */
export async function previewPlaylistSync(runtime: Runtime, request: PlaylistSyncRequest): Promise<PlaylistSyncPreview & { channel_id: string; connection_id: number }> {
  const { connection, live } = await writableConnection(runtime, request.tenantId, request.channelId);
  const preview = await readPreview(runtime, live, connection, request);
  return { channel_id: request.channelId, connection_id: connection.id, ...preview };
}

/**
 * Previews the request (so a mistake is a 4xx before anything is stored), stores its categories
 * and creates the job, in one transaction: a channel with an active sync answers 409 naming it,
 * and then nothing was stored.
 */
export async function createPlaylistSync(runtime: Runtime, request: PlaylistSyncRequest): Promise<JobView> {
  const { connection, live } = await writableConnection(runtime, request.tenantId, request.channelId);
  await refuseWhileActive(runtime, connection);
  const preview = await readPreview(runtime, live, connection, request);
  const definition = await runtime.connectors.definition(PLATFORM);
  const started = await inTransaction(runtime.database.db, async (trx) => {
    const now = runtime.clock.now();
    const categories = await saveCategories(trx, { tenantId: request.tenantId, channelId: request.channelId }, request.categories, now);
    const payload: PlaylistSyncPayload = {
      mode: 'sync',
      channel_id: request.channelId,
      category_ids: categories.map((c) => c.id),
      replace_playlist_ids: [...request.replacePlaylistIds],
      delete_despite_failures: request.deleteDespiteFailures ?? false,
      max_failures: request.maxFailures ?? DEFAULT_MAX_FAILURES,
      estimate: estimateOf(preview),
    };
    return startJob(trx, definition, connection, { type: 'playlist-sync', params: { request: { ...payload, preview } }, whenActive: 'reject', keepStale: true }, now);
  });
  runtime.logger.info('playlist_sync.created', { job_id: started.jobId, tenant_id: request.tenantId, channel_id: request.channelId, total_quota_cost: preview.total_quota_cost });
  return showJob(runtime, started.jobId!);
}

export interface RestorePreview {
  source_job_id: number;
  playlists: { snapshot_id: number; playlist_id: string; title: string; video_count: number }[];
  preview: PlaylistSyncPreview;
}

/**
 * Restore (beyond the seed): recreates the playlists sync `jobId` deleted, with their items from
 * its backup, as a `playlist-sync` job of its own (`mode: restore`). `preview` answers what it
 * would do and writes nothing.
 */
export async function restorePlaylistSync(runtime: Runtime, jobId: number, options: { preview: boolean; maxFailures?: number }): Promise<RestorePreview | JobView> {
  const { db } = runtime.database;
  const source = await getJob(db, jobId);
  if (!source || source.type !== 'playlist-sync' || source.platform !== PLATFORM) throw new NotFoundError(`no playlist-sync job ${jobId}`);
  if (source.config.mode !== 'sync') throw new ValidationError(`job ${jobId} is a restore: restore the sync it restored instead`, [{ path: 'jobId', message: 'not a sync' }]);
  const channelId = String(source.config.channel_id);
  const { connection, live } = await writableConnection(runtime, source.tenantId, channelId);
  if (!options.preview) await refuseWhileActive(runtime, connection);
  const deleted = restorableSnapshots(await snapshotsOf(db, jobId));
  if (deleted.length === 0) throw new ConflictError(`job ${jobId} deleted no playlist that is not restored yet: nothing to restore`);
  const session = live.session(connection);
  const client = live.client as YouTubeClient;
  const spent = { units: 0 };
  const playlists = await listChannelPlaylists(client, session, spent);
  const preview = buildPreview({
    playlists,
    categories: deleted.map((s) => ({ name: s.title, videoIds: s.videoIds ?? [], playlistId: null, present: new Set<string>() })),
    toDelete: [],
    quota: await dataQuota(runtime, live, connection),
    previewUnits: spent.units,
  });
  const summary = { source_job_id: jobId, playlists: deleted.map((s) => ({ snapshot_id: s.id, playlist_id: s.playlistId, title: s.title, video_count: new Set(s.videoIds ?? []).size })), preview };
  if (options.preview) return summary;
  const definition = await runtime.connectors.definition(PLATFORM);
  const payload: PlaylistSyncPayload = {
    mode: 'restore',
    channel_id: channelId,
    source_job_id: jobId,
    snapshot_ids: deleted.map((s) => s.id),
    max_failures: options.maxFailures ?? DEFAULT_MAX_FAILURES,
    estimate: estimateOf(preview),
  };
  const started = await inTransaction(db, (trx) =>
    startJob(trx, definition, connection, { type: 'playlist-sync', params: { request: { ...payload, preview: summary } }, whenActive: 'reject', keepStale: true }, runtime.clock.now()),
  );
  runtime.logger.info('playlist_sync.restore_created', { job_id: started.jobId, source_job_id: jobId, playlists: deleted.length });
  return showJob(runtime, started.jobId!);
}

/**
 * 409 naming the channel's active sync or restore before any unit is spent reading the channel
 * (the create's transaction checks again, under the scope's lock). A stale one is not taken
 * over: its operations and backup belong to its job; a person cancels it.
 */
async function refuseWhileActive(runtime: Runtime, connection: Connection): Promise<void> {
  const scope = jobScope({ tenantId: connection.tenantId, platform: PLATFORM, accountId: connection.externalAccountId, type: 'playlist-sync' });
  const active = await activeJobOf(runtime.database.db, scope);
  if (active !== undefined) throw new JobActiveError(`job ${active} is already active for ${scope}: wait for it, or cancel it (DELETE /api/admin/backfill/${active})`, active);
}

/** The tenant's connection of the channel, active and granted the write scope, with the live connector. */
async function writableConnection(runtime: Runtime, tenantId: string, channelId: string): Promise<{ connection: Connection; live: LiveConnector }> {
  if (!runtime.connectors.enabled().includes(PLATFORM)) throw new ConflictError('the youtube connector is not enabled on this deployment (CONNECTORS)');
  const connection = await findConnection(runtime.database.db, tenantId, PLATFORM, channelId);
  if (!connection) throw new NotFoundError(`no YouTube connection for channel ${channelId} of tenant ${tenantId}`);
  if (connection.status !== 'active') throw new ConflictError(`connection ${connection.id} is ${connection.status}: reconnect it through OAuth first`);
  if (!connection.scopes.split(/\s+/).includes(WRITE_SCOPE)) {
    throw new ConflictError(
      `channel ${channelId} was connected without write access: reconnect it with GET /api/oauth/youtube/start?tenant_id=${encodeURIComponent(tenantId)}&access=write (scope ${WRITE_SCOPE})`,
    );
  }
  return { connection, live: await runtime.connectors.get(PLATFORM) };
}

/** Reads what the preview needs: the channel's playlists, the items of the playlists the categories reuse. */
async function readPreview(runtime: Runtime, live: LiveConnector, connection: Connection, request: PlaylistSyncRequest): Promise<PlaylistSyncPreview> {
  const client = live.client as YouTubeClient;
  const session = live.session(connection);
  const spent = { units: 0 };
  const playlists = await listChannelPlaylists(client, session, spent);
  const onChannel = new Map(playlists.map((p) => [p.id, p]));
  const stored = new Map((await findCategoriesByName(runtime.database.db, { tenantId: request.tenantId, channelId: request.channelId }, request.categories.map((c) => c.name))).map((c) => [c.name, c]));
  const categories: PreviewCategory[] = [];
  for (const category of request.categories) {
    const known = stored.get(category.name);
    const playlistId = known ? resolveCategoryPlaylist(known, playlists) : null;
    const present = playlistId === null ? new Set<string>() : await playlistVideoIds(client, session, playlistId, spent);
    categories.push({ name: category.name, videoIds: category.videoIds, playlistId, present });
  }
  const kept = new Set(categories.flatMap((c) => (c.playlistId === null ? [] : [c.playlistId])));
  // A playlist that holds one of the tenant's other categories is not this request's to delete.
  const holders = new Map((await categoriesHoldingPlaylists(runtime.database.db, { tenantId: request.tenantId, channelId: request.channelId }, request.replacePlaylistIds)).map((c) => [c.youtubePlaylistId, c.name]));
  request.replacePlaylistIds.forEach((id, index) => {
    const path = `replace_playlist_ids[${index}]`;
    if (!onChannel.has(id)) throw new ValidationError(`${path}: ${id} is not a playlist of channel ${request.channelId}`, [{ path, message: 'not a playlist of this channel' }]);
    if (kept.has(id)) throw new ValidationError(`${path}: ${id} holds one of the categories: it cannot be replaced`, [{ path, message: 'holds a category of this request' }]);
    const holder = holders.get(id);
    if (holder !== undefined) throw new ValidationError(`${path}: ${id} holds the category "${holder}": sync it with the others, or leave its playlist alone`, [{ path, message: `holds the category "${holder}"` }]);
  });
  return buildPreview({ playlists, categories, toDelete: request.replacePlaylistIds.map((id) => onChannel.get(id)!), quota: await dataQuota(runtime, live, connection), previewUnits: spent.units });
}

async function listChannelPlaylists(client: YouTubeClient, session: TokenSession, spent: { units: number }): Promise<Playlist[]> {
  return collectPages(async (pageToken) => {
    spent.units += DATA_API_UNITS.list;
    const page = await session.call((token) => client.listPlaylists(token, pageToken ? { pageToken } : {}));
    return { items: page.playlists, next: page.nextPageToken };
  });
}

async function playlistVideoIds(client: YouTubeClient, session: TokenSession, playlistId: string, spent: { units: number }): Promise<Set<string>> {
  const items = await collectPages(async (pageToken) => {
    spent.units += DATA_API_UNITS.list;
    const page = await session.call((token) => client.listPlaylistItems(token, { playlistId, ...(pageToken ? { pageToken } : {}) }));
    return { items: page.items, next: page.nextPageToken };
  });
  return new Set(items.map((item) => item.videoId));
}

/** The Data API budget's daily limit (the admin's config over the default) and what today's window has used. */
async function dataQuota(runtime: Runtime, live: LiveConnector, connection: Connection): Promise<{ dailyLimit: number | null; usedToday: number }> {
  const snapshot = await budgetSnapshot(runtime);
  const spec = snapshot.declared.find((declared) => declared.key === DATA_API_BUDGET);
  const limits = snapshot.limits[DATA_API_BUDGET];
  if (!spec) return { dailyLimit: null, usedToday: 0 };
  const used = usedNow(spec, snapshot.states, budgetAccountKeyOf(connection, live.connector.budgetsPerGrant ?? false), runtime.clock.now());
  return { dailyLimit: limits?.daily_quota ?? spec.dailyQuota, usedToday: used.used };
}

function estimateOf(preview: PlaylistSyncPreview): PlaylistSyncPayload['estimate'] {
  const { backup, create_playlists, add_videos, delete_playlists } = preview.stages;
  const writes = create_playlists.count + add_videos.count + delete_playlists.count;
  return { api_calls: backup.quota_cost + writes, quota_units: preview.total_quota_cost };
}

