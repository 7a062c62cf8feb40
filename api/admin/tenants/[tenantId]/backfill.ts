import { tenantBackfill } from '../../../../lib/jobs/tenant-backfill.service.js';
import { endpoint } from '../../../_lib/http.js';
import { tenantPathQuery } from '../../../_lib/admin-schemas.js';

/** GET → the tenant's backfill across its connections: {tenant_id, status (none · in_progress · completed), completed_at, jobs}. */
export default endpoint({ methods: ['GET'], auth: 'admin', query: tenantPathQuery }, async ({ query }, runtime) => tenantBackfill(runtime, query.tenantId));
