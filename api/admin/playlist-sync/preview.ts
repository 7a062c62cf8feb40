import { previewPlaylistSync } from '../../../lib/connectors/youtube/playlist-sync/playlist-sync.service.js';
import { playlistSyncBody } from '../../_lib/admin-schemas.js';
import { endpoint } from '../../_lib/http.js';
import { toPlaylistSyncRequest } from '../../_lib/playlist-sync-request.js';

/** POST a playlist-sync request → each stage's count and quota units, the days it takes, and what the preview's reads cost. Stores nothing. */
export default endpoint({ methods: ['POST'], auth: 'admin', body: playlistSyncBody }, async ({ body }, runtime) => previewPlaylistSync(runtime, toPlaylistSyncRequest(body)));
