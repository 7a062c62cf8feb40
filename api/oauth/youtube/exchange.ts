import * as z from 'zod';
import { connectAccount } from '../../../lib/accounts/connect-account.js';
import { exchangeWithState } from '../../../lib/accounts/oauth-flow.service.js';
import { endpoint } from '../../_lib/http.js';
import { authorizationCode, httpUrl, oauthState, tenantId } from '../../_lib/input-schemas.js';

/** A code from a consent started elsewhere (the product's own start), for the tenant named. */
const byTenant = z.strictObject({
  tenant_id: tenantId,
  code: authorizationCode,
  /** The one the consent screen redirected to; default GOOGLE_REDIRECT_URI. */
  redirect_uri: httpUrl.optional(),
});
/** A code from a consent `/api/oauth/youtube/start` began: the state names the tenant, single use, 10 minutes. */
const byState = z.strictObject({ state: oauthState, code: authorizationCode });
/** The shape is picked by its key (`state`), so a malformed body is refused naming its own fields. */
const body = z.custom<unknown>().transform((value, ctx) => {
  const schema = typeof value === 'object' && value !== null && 'state' in value ? byState : byTenant;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // The chosen shape's own issues, as they are (an unknown key stays an unknown key).
  for (const issue of parsed.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
  return z.NEVER;
});

/** POST {tenant_id, code, redirect_uri?} or {state, code} → {connection_id, account_id, channel_id, backfill_enqueued, job_id}. */
export default endpoint({ methods: ['POST'], auth: 'admin', body }, async ({ body }, runtime) =>
  'state' in body
    ? exchangeWithState(runtime, 'youtube', { state: body.state, code: body.code })
    : connectAccount(runtime, 'youtube', body.tenant_id, { code: body.code, ...(body.redirect_uri ? { redirectUri: body.redirect_uri } : {}) }),
);
