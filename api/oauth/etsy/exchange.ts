import * as z from 'zod';
import { exchangeWithState } from '../../../lib/accounts/oauth-flow.service.js';
import { endpoint } from '../../_lib/http.js';
import { authorizationCode, oauthState } from '../../_lib/input-schemas.js';

const body = z.strictObject({ state: oauthState, code: authorizationCode });

/** POST {state, code}: PKCE code exchange (the verifier waits with the state), the shop from users/me, the connection and its initial backfill. */
export default endpoint({ methods: ['POST'], auth: 'admin', body }, async ({ body }, runtime) => exchangeWithState(runtime, 'etsy', { state: body.state, code: body.code }));
