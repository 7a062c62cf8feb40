import { createPlaylistSync } from '../../../lib/connectors/youtube/playlist-sync/playlist-sync.service.js';
import { playlistSyncBody } from '../../_lib/admin-schemas.js';
import { created, endpoint } from '../../_lib/http.js';
import { toPlaylistSyncRequest } from '../../_lib/playlist-sync-request.js';

/** POST a playlist-sync request → 201 with the `playlist-sync` job (its status: GET /api/admin/backfill/{jobId}), or 409 naming the channel's active sync. */
export default endpoint({ methods: ['POST'], auth: 'admin', body: playlistSyncBody }, async ({ body }, runtime) => created(await createPlaylistSync(runtime, toPlaylistSyncRequest(body))));
