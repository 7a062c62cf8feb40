import { listJobHistory } from '../../../lib/jobs/jobs.service.js';
import { jobListQuery } from '../../_lib/admin-schemas.js';
import { endpoint } from '../../_lib/http.js';

/** GET the job history, newest first, filtered, a page at a time (`next_cursor`). */
export default endpoint({ methods: ['GET'], auth: 'admin', query: jobListQuery }, async ({ query }, runtime) =>
  listJobHistory(
    runtime,
    {
      ...(query.status ? { statuses: query.status } : {}),
      ...(query.type ? { type: query.type } : {}),
      ...(query.platform ? { platform: query.platform } : {}),
      ...(query.tenant_id ? { tenantId: query.tenant_id } : {}),
    },
    { limit: query.limit ?? 20, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) },
  ),
);
