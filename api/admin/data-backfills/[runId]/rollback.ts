import { rollbackRun } from '../../../../lib/data-backfills/data-backfills.service.js';
import { runIdQuery } from '../../../_lib/admin-schemas.js';
import { endpoint } from '../../../_lib/http.js';

/** POST → the run, its rollback queued (no approval needed): rows changed since the apply are reported as conflicts, not overwritten. */
export default endpoint({ methods: ['POST'], auth: 'admin', query: runIdQuery }, async ({ query }, runtime) => rollbackRun(runtime, query.runId));
