import { approveRun } from '../../../../lib/data-backfills/data-backfills.service.js';
import { dataBackfillApproveBody, runIdQuery } from '../../../_lib/admin-schemas.js';
import { endpoint } from '../../../_lib/http.js';

/** POST `{phase, note, by?, override_reason?, database_url?}` → the run, its phase released to the dispatcher; 409 when it awaits another phase. */
export default endpoint({ methods: ['POST'], auth: 'admin', query: runIdQuery, body: dataBackfillApproveBody }, async ({ query, body }, runtime) =>
  approveRun(runtime, query.runId, {
    phase: body.phase,
    note: body.note,
    by: body.by ?? 'admin',
    ...(body.override_reason === undefined ? {} : { overrideReason: body.override_reason }),
    ...(body.database_url === undefined ? {} : { databaseUrl: body.database_url }),
  }),
);
