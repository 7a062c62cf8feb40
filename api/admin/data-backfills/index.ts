import * as z from 'zod';
import { createRun, listRunViews } from '../../../lib/data-backfills/data-backfills.service.js';
import { dataBackfillCreateBody, dataBackfillListQuery } from '../../_lib/admin-schemas.js';
import { created, endpoint } from '../../_lib/http.js';

const body = z.union([dataBackfillCreateBody, z.strictObject({})]);

/**
 * POST a plan → 201 with the run (its dry run done, awaiting approval of apply); a bad plan is a
 * 400 `invalid_plan` naming the field. GET → the newest runs. A GET has no body, which the edge
 * reads as `{}`: that is what the body schema takes besides `{plan}` (a POST of `{}` is then an
 * `invalid_plan` naming `plan`).
 */
export default endpoint({ methods: ['POST', 'GET'], auth: 'admin', body, query: dataBackfillListQuery }, async ({ body, query, request }, runtime) =>
  request.method === 'GET' ? listRunViews(runtime, query.limit ?? 20) : created(await createRun(runtime, 'plan' in body ? body.plan : undefined)),
);
