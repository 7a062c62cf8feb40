import { pauseJob } from '../../../../lib/jobs/jobs.service.js';
import { jobIdQuery } from '../../../_lib/admin-schemas.js';
import { endpoint } from '../../../_lib/http.js';

/** POST: nothing more of the job is claimed; its running tasks stop at their next step. */
export default endpoint({ methods: ['POST'], auth: 'admin', query: jobIdQuery }, async ({ query }, runtime) => pauseJob(runtime, query.jobId));
