import { z } from 'zod';
import { enqueueYouTubeBackfill } from '../../../lib/platforms/youtube/youtube-backfill.service.js';
import { endpoint, parseBody } from '../../_lib/http.js';

const bodySchema = z.object({
  tenant_id: z.string().trim().min(1).max(191),
  channel_id: z.string().trim().min(1).max(64).optional(),
  /** An explicit request outside 7..365 is an error (the env default is clamped instead). */
  days: z.number().int().min(7).max(365).optional(),
  /** Re-fetch chunks that already succeeded. */
  force: z.boolean().optional(),
});

/** POST {tenant_id, channel_id?, days?, force?} → {backfill_enqueued, jobs}. */
export default endpoint({ methods: ['POST'], auth: 'admin' }, async (request, runtime) => {
  const body = await parseBody(request, bodySchema);
  return enqueueYouTubeBackfill(runtime, {
    tenantId: body.tenant_id,
    ...(body.channel_id ? { channelId: body.channel_id } : {}),
    ...(body.days ? { days: body.days } : {}),
    force: body.force ?? false,
  });
});
