import { endpoint } from '../../../../../api/_lib/http.js';

/** Cron-authenticated, like the dispatcher: reports what the cron call looked like. */
export default endpoint({ methods: ['GET', 'POST'], auth: 'cron' }, async ({ request }) => ({ ran: true, user_agent: request.headers.get('user-agent') }));
