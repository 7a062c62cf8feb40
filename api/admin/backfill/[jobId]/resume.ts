import { resumeJob } from '../../../../lib/jobs/jobs.service.js';
import { jobIdQuery } from '../../../_lib/admin-schemas.js';
import { endpoint } from '../../../_lib/http.js';

/** POST: the paused job's tasks run now. */
export default endpoint({ methods: ['POST'], auth: 'admin', query: jobIdQuery }, async ({ query }, runtime) => resumeJob(runtime, query.jobId));
