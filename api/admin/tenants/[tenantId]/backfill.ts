import * as z from 'zod';
import { tenantBackfill } from '../../../../lib/jobs/tenant-backfill.service.js';
import { endpoint } from '../../../_lib/http.js';
import { tenantId } from '../../../_lib/input-schemas.js';

const query = z.strictObject({ tenantId });

/** GET → the tenant's backfill across its connections: {tenant_id, status (none · in_progress · completed), completed_at, jobs}. */
export default endpoint({ methods: ['GET'], auth: 'admin', query }, async ({ query }, runtime) => tenantBackfill(runtime, query.tenantId));
