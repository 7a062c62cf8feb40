import { ValidationError } from '../../../errors.js';
import type { JobPlanner } from '../../connector.js';
import { DATA_API_BUDGET } from '../budget-keys.js';
import { SYNC_PRIORITY } from '../daily-channel.planner.js';
import { PLAYLIST_SYNC_KIND, playlistSyncKey } from '../task-keys.js';
import type { YouTubeSettings } from '../youtube.config.js';
import { playlistSyncPayloadSchema } from './playlist-sync-payload.js';

/**
 * Pure: a `playlist-sync` job is one task that walks the stages (playlist-sync.task.ts) for the
 * request its service stored (`params.request`); the estimate is the service's preview. A
 * request without one did not come through `/api/admin/playlist-sync`.
 */
export const planPlaylistSync: JobPlanner<YouTubeSettings> = ({ connection, params }, now) => {
  const parsed = playlistSyncPayloadSchema.safeParse(params.request);
  if (!parsed.success) {
    throw new ValidationError('a playlist-sync job is created through POST /api/admin/playlist-sync (categories and playlists to replace)', [
      { path: 'type', message: 'use /api/admin/playlist-sync' },
    ]);
  }
  const payload = parsed.data;
  if (payload.channel_id !== connection.externalAccountId) throw new ValidationError(`channel ${payload.channel_id} is not connection ${connection.id}'s`);
  return {
    tasks: [{ kind: PLAYLIST_SYNC_KIND, dedupeKey: playlistSyncKey(connection.tenantId, payload.channel_id, payload.mode, now), payload, priority: SYNC_PRIORITY }],
    config: params.request ?? {},
    estimate: { apiCalls: payload.estimate.api_calls, quotaUnits: payload.estimate.quota_units, budget: DATA_API_BUDGET },
  };
};
