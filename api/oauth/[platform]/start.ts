import * as z from 'zod';
import { startOAuth } from '../../../lib/accounts/oauth-flow.service.js';
import { endpoint } from '../../_lib/http.js';
import { boundedString, platformName, tenantId } from '../../_lib/input-schemas.js';

const query = z.strictObject({
  platform: platformName,
  tenant_id: tenantId,
  /** Shopify: the `*.myshopify.com` shop to ask. */
  shop: boundedString(255).optional(),
  /** YouTube: `write` asks for the scope playlist sync needs. */
  access: z.enum(['read', 'write']).optional(),
});

/** GET ?tenant_id=…[&shop=…][&access=write] → {authorize_url, state}: the consent URL with a fresh single-use state (10 minutes). */
export default endpoint({ methods: ['GET'], auth: 'admin', query }, async ({ query }, runtime) =>
  startOAuth(runtime, query.platform, {
    tenantId: query.tenant_id,
    ...(query.shop === undefined ? {} : { shop: query.shop }),
    ...(query.access === undefined ? {} : { access: query.access }),
  }),
);
