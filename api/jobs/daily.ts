import { runScheduledSyncs } from '../../lib/jobs/scheduled-syncs.service.js';
import { endpoint } from '../_lib/http.js';

/** Cron: every connector's daily schedules for every active connection (idempotent per day). Takes no input (no body or `{}`, no query). */
export default endpoint({ methods: ['GET', 'POST'], auth: 'cron' }, (_input, runtime) => runScheduledSyncs(runtime, 'daily'));
