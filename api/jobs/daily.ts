import { runScheduledSyncs } from '../../lib/jobs/scheduled-syncs.service.js';
import { endpoint } from '../_lib/http.js';

/** Cron: every connector's daily schedules for every active connection (idempotent per day). */
export default endpoint({ methods: ['GET', 'POST'], auth: 'cron' }, (_request, runtime) => runScheduledSyncs(runtime, 'daily'));
