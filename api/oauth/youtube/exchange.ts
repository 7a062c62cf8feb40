import { z } from 'zod';
import { connectAccount } from '../../../lib/accounts/connect-account.js';
import { endpoint, parseBody } from '../../_lib/http.js';

const bodySchema = z.object({
  tenant_id: z.string().trim().min(1).max(191),
  code: z.string().min(1).max(2_048),
  redirect_uri: z.url().optional(),
});

/** POST {tenant_id, code, redirect_uri?} → {connection_id, account_id, channel_id, backfill_enqueued, job_id}. */
export default endpoint({ methods: ['POST'], auth: 'admin' }, async (request, runtime) => {
  const body = await parseBody(request, bodySchema);
  return connectAccount(runtime, 'youtube', body.tenant_id, { code: body.code, ...(body.redirect_uri ? { redirectUri: body.redirect_uri } : {}) });
});
