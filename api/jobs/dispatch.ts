import { dispatch } from '../../lib/dispatcher/dispatch.js';
import { endpoint } from '../_lib/http.js';
import { workDeadline } from '../_lib/work-deadline.js';

/**
 * No task or API call starts in the invocation's last 25 s: the last call may then wait up to
 * 10 s for the rate limiter and 10 s for its response, and progress writes and the answer get
 * the rest. vercel.json gives this function 60 s, assumed when the platform names no deadline.
 */
const BUDGET = { reserveMs: 25_000, assumedDurationMs: 60_000 };

/** Cron: one dispatcher invocation. Takes no input (no body or `{}`, no query). */
export default endpoint({ methods: ['GET', 'POST'], auth: 'cron' }, (_input, runtime, invocation) =>
  dispatch(runtime, workDeadline(invocation.deadline, runtime.clock.now(), BUDGET)),
);
