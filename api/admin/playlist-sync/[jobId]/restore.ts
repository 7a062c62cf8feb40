import { restorePlaylistSync } from '../../../../lib/connectors/youtube/playlist-sync/playlist-sync.service.js';
import { jobIdQuery, playlistRestoreBody } from '../../../_lib/admin-schemas.js';
import { created, endpoint } from '../../../_lib/http.js';

/** POST → 201 with a job recreating what sync `jobId` deleted, from its backup; `{"preview": true}` answers the plan and writes nothing. */
export default endpoint({ methods: ['POST'], auth: 'admin', query: jobIdQuery, body: playlistRestoreBody }, async ({ query, body }, runtime) => {
  const result = await restorePlaylistSync(runtime, query.jobId, { preview: body.preview ?? false, ...(body.max_failures === undefined ? {} : { maxFailures: body.max_failures }) });
  return body.preview ? result : created(result);
});
