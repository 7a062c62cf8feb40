import { dispatch } from '../../lib/dispatcher/dispatch.js';
import { endpoint } from '../_lib/http.js';

/** vercel.json gives this function 60 s; stop starting tasks 15 s before, so running chunks can finish. */
const BUDGET_MS = 45_000;

export default endpoint({ methods: ['GET', 'POST'], auth: 'cron' }, (_req, runtime) =>
  dispatch(runtime, new Date(runtime.clock.now().getTime() + BUDGET_MS)),
);
