import { showRun } from '../../../../lib/data-backfills/data-backfills.service.js';
import { runIdQuery } from '../../../_lib/admin-schemas.js';
import { endpoint } from '../../../_lib/http.js';

/** GET a run: status, phase, next phase, each phase's results, approvals. */
export default endpoint({ methods: ['GET'], auth: 'admin', query: runIdQuery }, async ({ query }, runtime) => showRun(runtime, query.runId));
