import { listConnectionsView } from '../../lib/connections/list-connections.service.js';
import { connectionListQuery } from '../_lib/admin-schemas.js';
import { endpoint } from '../_lib/http.js';

/** GET each tenant's connected accounts with their status (never a token), filtered. */
export default endpoint({ methods: ['GET'], auth: 'admin', query: connectionListQuery }, async ({ query }, runtime) =>
  listConnectionsView(runtime, {
    ...(query.tenant_id ? { tenantId: query.tenant_id } : {}),
    ...(query.platform ? { platform: query.platform } : {}),
    ...(query.status ? { status: query.status } : {}),
  }),
);
