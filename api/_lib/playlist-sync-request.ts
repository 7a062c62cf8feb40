import type { PlaylistSyncRequest } from '../../lib/connectors/youtube/playlist-sync/playlist-sync.service.js';
import type { PlaylistSyncBody } from './admin-schemas.js';

/** The validated playlist-sync body as its service takes it. */
export function toPlaylistSyncRequest(body: PlaylistSyncBody): PlaylistSyncRequest {
  return {
    tenantId: body.tenant_id,
    channelId: body.channel_id,
    categories: body.categories.map((c) => ({ name: c.name, videoIds: c.video_ids })),
    replacePlaylistIds: body.replace_playlist_ids,
    ...(body.delete_despite_failures === undefined ? {} : { deleteDespiteFailures: body.delete_despite_failures }),
    ...(body.max_failures === undefined ? {} : { maxFailures: body.max_failures }),
  };
}
