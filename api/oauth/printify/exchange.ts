import * as z from 'zod';
import { connectAccount } from '../../../lib/accounts/connect-account.js';
import { exchangeWithState } from '../../../lib/accounts/oauth-flow.service.js';
import { endpoint } from '../../_lib/http.js';
import { accountId, authorizationCode, boundedString, oauthState, tenantId } from '../../_lib/input-schemas.js';

/** The OAuth app's redirect: the state it was started with, the code (not needed on the repeat that names a shop). */
const appExchange = z.strictObject({ state: oauthState, code: authorizationCode.optional(), shop_id: accountId.optional() });
/** A personal access token (Printify → My account → Connections), for one of its shops. */
const personalToken = z.strictObject({ tenant_id: tenantId, access_token: boundedString(4_096), shop_id: accountId.optional() });
/**
 * The shape is picked by its key, so a malformed body is refused naming its own fields (a
 * plain union would only say "Invalid input"): `access_token` means a personal token.
 */
const body = z.custom<unknown>().transform((value, ctx) => {
  const schema = typeof value === 'object' && value !== null && 'access_token' in value ? personalToken : appExchange;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // The chosen shape's own issues, as they are (an unknown key stays an unknown key).
  for (const issue of parsed.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
  return z.NEVER;
});

/**
 * POST {state, code, shop_id?} or {tenant_id, access_token, shop_id?}: one connection per shop.
 * An account with several shops and no `shop_id` answers 409 listing them; repeat naming one.
 */
export default endpoint({ methods: ['POST'], auth: 'admin', body }, async ({ body }, runtime) => {
  const shop = body.shop_id === undefined ? {} : { shopId: body.shop_id };
  if ('access_token' in body) return connectAccount(runtime, 'printify', body.tenant_id, { accessToken: body.access_token, ...shop });
  return exchangeWithState(runtime, 'printify', { state: body.state, ...(body.code === undefined ? {} : { code: body.code }), ...(body.shop_id === undefined ? {} : { accountId: body.shop_id }) });
});
