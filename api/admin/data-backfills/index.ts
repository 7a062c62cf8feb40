import { createRun, listRunViews } from '../../../lib/data-backfills/data-backfills.service.js';
import { dataBackfillCreateBody, dataBackfillListQuery } from '../../_lib/admin-schemas.js';
import { created, endpoint } from '../../_lib/http.js';

/**
 * POST a plan → 201 with the run (its dry run done, awaiting approval of apply); a bad plan is a
 * 400 `invalid_plan` naming the field. GET → the newest runs.
 */
export default endpoint({ methods: ['POST', 'GET'], auth: 'admin', body: dataBackfillCreateBody.optional(), query: dataBackfillListQuery }, async ({ body, query, request }, runtime) =>
  request.method === 'GET' ? listRunViews(runtime, query.limit ?? 20) : created(await createRun(runtime, body?.plan)),
);
