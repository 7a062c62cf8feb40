import * as z from 'zod';
import { defaultRegistry } from '../../../lib/connectors/registry.js';
import { enqueueManualBackfill } from '../../../lib/jobs/manual-backfill.service.js';
import { endpoint } from '../../_lib/http.js';
import { accountId, platformName, tenantId } from '../../_lib/input-schemas.js';
import { COMMERCE_ENTITIES } from '../../../db/tables/commerce.table.js';
import { MAX_RANGE_DAYS } from '../../../lib/shared/date-range.js';

const fields = z.strictObject({
  tenant_id: tenantId,
  platform: platformName
    .refine((platform) => defaultRegistry.has(platform), { message: `must be one of ${[...defaultRegistry.keys()].join(', ')}` })
    .default('youtube'),
  /** The connection's external account id; `channel_id` is YouTube's name for it. */
  account_id: accountId.optional(),
  channel_id: accountId.optional(),
  /** YouTube: 7..365 (an explicit request outside is an error; the env default is clamped instead). Commerce: the last N days of history. */
  days: z.number().int().min(1).max(MAX_RANGE_DAYS).optional(),
  /** Commerce: re-run only these entities (e.g. one that failed). */
  entities: z.array(z.enum(COMMERCE_ENTITIES)).min(1).max(COMMERCE_ENTITIES.length).optional(),
  /** Re-fetch tasks that already succeeded. */
  force: z.boolean().optional(),
});

/** `channel_id` is YouTube's name for the account id: only there, and never against `account_id`. */
const body = fields.superRefine((body, ctx) => {
  if (body.platform === 'youtube' && body.days !== undefined && (body.days < 7 || body.days > 365)) ctx.addIssue({ code: 'custom', path: ['days'], message: 'YouTube backfills cover 7 to 365 days' });
  if (body.platform === 'youtube' && body.entities !== undefined) ctx.addIssue({ code: 'custom', path: ['entities'], message: 'entities are for commerce platforms' });
  if (body.channel_id === undefined) return;
  if (body.platform !== 'youtube') ctx.addIssue({ code: 'custom', path: ['channel_id'], message: `channel_id is YouTube's; use account_id for ${body.platform}` });
  else if (body.account_id !== undefined && body.account_id !== body.channel_id) ctx.addIssue({ code: 'custom', path: ['channel_id'], message: 'channel_id and account_id name different accounts' });
});

/** POST {tenant_id, platform?, account_id? | channel_id?, days?, entities?, force?} → {backfill_enqueued, jobs, skipped}. */
export default endpoint({ methods: ['POST'], auth: 'admin', body }, async ({ body }, runtime) => {
  const accountId = body.account_id ?? body.channel_id;
  return enqueueManualBackfill(runtime, {
    tenantId: body.tenant_id,
    platform: body.platform,
    ...(accountId ? { accountId } : {}),
    params: { ...(body.days ? { days: body.days } : {}), ...(body.entities ? { entities: body.entities } : {}), force: body.force ?? false },
  });
});
