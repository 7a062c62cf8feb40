import * as z from 'zod';
import { connectAccount } from '../../../lib/accounts/connect-account.js';
import { endpoint } from '../../_lib/http.js';
import { authorizationCode, httpUrl, tenantId } from '../../_lib/input-schemas.js';

const body = z.strictObject({
  tenant_id: tenantId,
  code: authorizationCode,
  /** The one the consent screen redirected to; default GOOGLE_REDIRECT_URI. */
  redirect_uri: httpUrl.optional(),
});

/** POST {tenant_id, code, redirect_uri?} → {connection_id, account_id, channel_id, backfill_enqueued, job_id}. */
export default endpoint({ methods: ['POST'], auth: 'admin', body }, async ({ body }, runtime) =>
  connectAccount(runtime, 'youtube', body.tenant_id, { code: body.code, ...(body.redirect_uri ? { redirectUri: body.redirect_uri } : {}) }),
);
