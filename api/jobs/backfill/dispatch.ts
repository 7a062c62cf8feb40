import * as z from 'zod';
import { defaultRegistry } from '../../../lib/connectors/registry.js';
import { enqueueManualBackfill } from '../../../lib/jobs/manual-backfill.service.js';
import { endpoint } from '../../_lib/http.js';
import { accountId, platformName, tenantId } from '../../_lib/input-schemas.js';

const fields = z.strictObject({
  tenant_id: tenantId,
  platform: platformName
    .refine((platform) => defaultRegistry.has(platform), { message: `must be one of ${[...defaultRegistry.keys()].join(', ')}` })
    .default('youtube'),
  /** The connection's external account id; `channel_id` is YouTube's name for it. */
  account_id: accountId.optional(),
  channel_id: accountId.optional(),
  /** An explicit request outside 7..365 is an error (the env default is clamped instead). */
  days: z.number().int().min(7).max(365).optional(),
  /** Re-fetch tasks that already succeeded. */
  force: z.boolean().optional(),
});

/** `channel_id` is YouTube's name for the account id: only there, and never against `account_id`. */
const body = fields.superRefine((body, ctx) => {
  if (body.channel_id === undefined) return;
  if (body.platform !== 'youtube') ctx.addIssue({ code: 'custom', path: ['channel_id'], message: `channel_id is YouTube's; use account_id for ${body.platform}` });
  else if (body.account_id !== undefined && body.account_id !== body.channel_id) ctx.addIssue({ code: 'custom', path: ['channel_id'], message: 'channel_id and account_id name different accounts' });
});

/** POST {tenant_id, platform?, account_id? | channel_id?, days?, force?} → {backfill_enqueued, jobs, skipped}. */
export default endpoint({ methods: ['POST'], auth: 'admin', body }, async ({ body }, runtime) => {
  const accountId = body.account_id ?? body.channel_id;
  return enqueueManualBackfill(runtime, {
    tenantId: body.tenant_id,
    platform: body.platform,
    ...(accountId ? { accountId } : {}),
    params: { ...(body.days ? { days: body.days } : {}), force: body.force ?? false },
  });
});
