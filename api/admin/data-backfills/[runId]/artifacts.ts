import { runArtifacts } from '../../../../lib/data-backfills/artifacts.service.js';
import { runIdQuery } from '../../../_lib/admin-schemas.js';
import { endpoint } from '../../../_lib/http.js';

/** GET → `{files: {"backfill_summary.md": "…", "backfill_logs/batch_001.json": "…", …}}`: the artifacts of the phases that ran. */
export default endpoint({ methods: ['GET'], auth: 'admin', query: runIdQuery }, async ({ query }, runtime) => runArtifacts(runtime, query.runId));
