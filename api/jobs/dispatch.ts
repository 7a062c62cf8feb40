import { dispatch } from '../../lib/dispatcher/dispatch.js';
import { endpoint } from '../_lib/http.js';

/**
 * vercel.json gives this function 60 s. No task or API call starts after 35 s; the last call
 * may then wait up to 10 s for the rate limiter and 10 s for its response, finishing by ~55 s.
 */
const BUDGET_MS = 35_000;

export default endpoint({ methods: ['GET', 'POST'], auth: 'cron' }, (_req, runtime) =>
  dispatch(runtime, new Date(runtime.clock.now().getTime() + BUDGET_MS)),
);
