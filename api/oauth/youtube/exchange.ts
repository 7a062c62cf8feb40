import { z } from 'zod';
import { connectYouTube } from '../../../lib/platforms/youtube/youtube-backfill.service.js';
import { endpoint, parseBody } from '../../_lib/http.js';

const bodySchema = z.object({
  tenant_id: z.string().trim().min(1).max(191),
  code: z.string().min(1).max(2_048),
  redirect_uri: z.url().optional(),
});

/** POST {tenant_id, code, redirect_uri?} → {connection_id, channel_id, backfill_enqueued}. */
export default endpoint({ methods: ['POST'], auth: 'admin' }, async (request, runtime) => {
  const body = await parseBody(request, bodySchema);
  return connectYouTube(runtime, { tenantId: body.tenant_id, code: body.code, ...(body.redirect_uri ? { redirectUri: body.redirect_uri } : {}) });
});
