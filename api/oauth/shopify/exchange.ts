import * as z from 'zod';
import { exchangeRedirect } from '../../../lib/accounts/oauth-flow.service.js';
import { endpoint } from '../../_lib/http.js';
import { boundedString } from '../../_lib/input-schemas.js';

/** The raw query string the app's redirect URI received: `code, hmac, host, shop, state, timestamp` as Shopify signed them. */
const body = z.strictObject({ query: boundedString(4_096) });

/**
 * POST {query}: the redirect's HMAC verified (SHOPIFY_API_SECRET, constant time), its shop a
 * `*.myshopify.com` domain and the one the flow was started for, the state claimed; then the code
 * exchange, the connection and its initial backfill.
 */
export default endpoint({ methods: ['POST'], auth: 'admin', body }, async ({ body }, runtime) => exchangeRedirect(runtime, 'shopify', body.query));
