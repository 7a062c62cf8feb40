import { enqueueDailyRefresh } from '../../lib/platforms/youtube/youtube-backfill.service.js';
import { endpoint } from '../_lib/http.js';

/** Cron: enqueues the latest chunk for every active connection (idempotent per day). */
export default endpoint({ methods: ['GET', 'POST'], auth: 'cron' }, (_request, runtime) => enqueueDailyRefresh(runtime));
