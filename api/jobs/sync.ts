import { runScheduledSyncs } from '../../lib/jobs/scheduled-syncs.service.js';
import { endpoint } from '../_lib/http.js';

/**
 * Cron: the incremental syncs that are due — for every active connection, each entity whose
 * backfill ended, from its cursor (with overlap). Idempotent per sync slot: a second delivery
 * enqueues nothing. Takes no input.
 */
export default endpoint({ methods: ['GET', 'POST'], auth: 'cron' }, (_input, runtime) => runScheduledSyncs(runtime, 'sync'));
